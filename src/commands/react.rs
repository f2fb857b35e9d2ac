//! `wabi react MESSAGE EMOJI`: queue our reaction to a message ("" removes it). Meta reports only
//! `sent` for a reaction, so it never waits for delivered or read.

use super::{CliError, Context};
use crate::cli::ReactArgs;
use crate::config::TransportKind;
use crate::model::Origin;

pub fn react(ctx: &Context, args: &ReactArgs) -> Result<(), CliError> {
    let config = ctx.config()?;
    let emoji = crate::reaction::check_emoji(&args.emoji).map_err(CliError::bad)?;
    let mut store = ctx.store()?;
    let target = store.quotable(&args.message)?;
    if config.transport.kind == TransportKind::Cloud {
        super::send::check_window_of(&store, target.chat_id)?;
    }
    let external_id = target.external_id.as_deref().unwrap_or_default();
    let id = store.queue_reaction(target.chat_id, external_id, emoji, Origin::Api)?;
    if emoji.is_empty() {
        crate::outln!("queued removing our reaction to message {} (message {id})", target.id);
    } else {
        crate::outln!("queued reaction {emoji} to message {} (message {id})", target.id);
    }
    Ok(())
}
