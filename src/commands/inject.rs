//! `wabi inject`: an inbound message, recorded as a transport would record it.

use super::{CliError, Context};
use crate::cli::InjectArgs;
use crate::store::{ContactKey, InsertOutcome, NewMessage, now_ms};

pub fn inject(ctx: &Context, args: &InjectArgs) -> Result<(), CliError> {
    ctx.config()?;
    let from = ContactKey::parse(&args.from)?;
    let at = match &args.at {
        Some(text) => chrono::DateTime::parse_from_rfc3339(text)
            .map_err(|e| CliError::bad(format!("--at {text:?} is not an RFC 3339 time ({e})")))?
            .timestamp_millis(),
        None => now_ms(),
    };
    if args.text.is_empty() {
        return Err(CliError::bad("the message text is empty"));
    }
    if let Some(id) = args.id.as_deref().filter(|id| id.trim().is_empty() || id.len() > 256) {
        return Err(CliError::bad(format!("--id {id:?} must be 1 to 256 characters")));
    }
    let mut message = NewMessage::text(from, args.text.clone(), at);
    message.profile_name = args.name.clone();
    message.external_id = args.id.clone();
    let outcome = ctx.store()?.insert_messages(std::slice::from_ref(&message))?;
    match outcome.first() {
        Some(InsertOutcome::Inserted { id, chat_id }) => {
            crate::outln!("stored message {id} in chat {chat_id}")
        }
        Some(InsertOutcome::Duplicate { id }) => {
            crate::outln!("already stored as message {id} (no change)")
        }
        None => {}
    }
    Ok(())
}
