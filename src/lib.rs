//! wabi: a terminal inbox for the one person who answers a business's WhatsApp.
//!
//! The modules are a library so that `tests/` and `benches/` use exactly what the binary runs.
//! See DESIGN.md in the project's shared folder for the architecture: the store is the hub.
//!
//! No unsafe code, but for one marked exception: mapping a big export file (import::archive).
#![deny(unsafe_code)]
// Output goes through `outln!`/`errln!` (src/output.rs); see clippy.toml.
#![deny(clippy::disallowed_macros)]

pub mod output;

pub mod attach;
pub mod automation;
pub mod broadcast;
pub mod cli;
pub mod commands;
pub mod config;
pub mod consent;
pub mod demo;
pub mod events;
pub mod hours;
pub mod import;
pub mod logging;
pub mod model;
pub mod phone;
pub mod placeholders;
pub mod quick_reply;
pub mod reaction;
pub mod sanitize;
pub mod stats;
pub mod store;
pub mod templates;
pub mod transport;
pub mod tui;
pub mod worker;
