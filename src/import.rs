//! Bringing history into wabi from outside: chat exports written by the phone.

pub mod whatsapp_export;
