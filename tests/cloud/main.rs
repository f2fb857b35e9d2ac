//! The WhatsApp Cloud API transport, tried as a user would, entirely on 127.0.0.1: the real webhook
//! server on an ephemeral port, a fake Graph API recording what wabi sends, the real binary.

#[path = "../common/mod.rs"]
mod common;
mod fake_graph;
mod support;

mod account;
mod account_more;
mod cli;
mod coexist;
mod durability;
mod hardening;
mod media_cli;
mod media_send;
mod pywa;
mod reload;
mod sender;
mod sharing;
mod store;
mod webhook;
