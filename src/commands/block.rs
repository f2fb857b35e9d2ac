//! `wabi block PHONE`, `wabi unblock PHONE`, `wabi block list [--json]`: WhatsApp's block list
//! for the business number, kept on the contact too so the inbox shows it.

use super::templates::{graph, graph_failed};
use super::{CliError, Context, print_json};
use crate::config::Config;
use crate::store::{ContactKey, now_ms};
use crate::transport::cloud::block;

fn phone_number_id(config: &Config) -> Result<&str, CliError> {
    match config.transport.cloud.phone_number_id.trim() {
        "" => Err(CliError::bad(
            "transport.cloud.phone_number_id is empty: set it to your number's id from Meta",
        )),
        id => Ok(id),
    }
}

/// The customer's phone number: Meta blocks by number.
fn phone(text: &str) -> Result<ContactKey, CliError> {
    match ContactKey::parse(text)? {
        key @ ContactKey::Phone(_) => Ok(key),
        ContactKey::UserId(id) => {
            Err(CliError::bad(format!("{id:?} is a user id: Meta blocks by phone number")))
        }
    }
}

/// `wabi block PHONE` or `wabi block list`.
pub fn block(ctx: &Context, target: &str, json: bool) -> Result<(), CliError> {
    if target == "list" {
        return list(ctx, json);
    }
    set_blocked(ctx, target, true)
}

/// `wabi unblock PHONE`.
pub fn unblock(ctx: &Context, target: &str) -> Result<(), CliError> {
    set_blocked(ctx, target, false)
}

/// Blocks or unblocks on WhatsApp, then records it in the store (only once Meta agreed).
fn set_blocked(ctx: &Context, target: &str, on: bool) -> Result<(), CliError> {
    let key = phone(target)?;
    let config = ctx.config()?;
    let pnid = phone_number_id(&config)?;
    let graph = graph(&config)?;
    let mut store = ctx.store()?;
    let ContactKey::Phone(digits) = &key else { return Ok(()) };
    if on {
        block::block(&graph, pnid, digits).map_err(graph_failed)?;
    } else {
        block::unblock(&graph, pnid, digits).map_err(graph_failed)?;
    }
    store.set_blocked(&key, on.then(now_ms))?;
    crate::outln!("{} {key}", if on { "blocked" } else { "unblocked" });
    Ok(())
}

fn list(ctx: &Context, json: bool) -> Result<(), CliError> {
    let config = ctx.config()?;
    let pnid = phone_number_id(&config)?;
    let graph = graph(&config)?;
    let blocked = block::list(&graph, pnid).map_err(graph_failed)?;
    if json {
        return print_json(&blocked);
    }
    if blocked.is_empty() {
        crate::outln!("nobody is blocked");
    }
    for phone in &blocked {
        crate::outln!("+{}", crate::sanitize::one_line(phone));
    }
    Ok(())
}
