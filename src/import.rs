//! Bringing history into wabi from outside: chat exports written by the phone.
//!
//! [`whatsapp_export`] parses the text, [`rows`] turns it into store rows (directions, times in
//! a zone, stable ids), [`archive`] reads the .txt or the .zip with its media; `wabi import`
//! (commands/import.rs) strings them together around one store transaction per file.

pub mod archive;
pub mod local_time;
pub mod rows;
pub mod sample;
pub mod whatsapp_export;
