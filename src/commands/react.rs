//! `wabi react MESSAGE EMOJI`: queue our reaction to a message ("" removes it). Meta reports only
//! `sent` for a reaction, so it never waits for delivered or read.

use unicode_segmentation::UnicodeSegmentation;

use super::{CliError, Context};
use crate::cli::ReactArgs;
use crate::config::TransportKind;
use crate::model::Origin;

pub fn react(ctx: &Context, args: &ReactArgs) -> Result<(), CliError> {
    let config = ctx.config()?;
    let emoji = check_emoji(&args.emoji).map_err(CliError::bad)?;
    let mut store = ctx.store()?;
    let target = store.quotable(&args.message)?;
    if config.transport.kind == TransportKind::Cloud {
        super::send::check_window_of(&store, target.chat_id)?;
    }
    let external_id = target.external_id.as_deref().unwrap_or_default();
    let id = store.queue_reaction(target.chat_id, external_id, emoji, Origin::Api)?;
    if emoji.is_empty() {
        println!("queued removing our reaction to message {} (message {id})", target.id);
    } else {
        println!("queued reaction {emoji} to message {} (message {id})", target.id);
    }
    Ok(())
}

/// The emoji of a reaction: one grapheme that is not a plain letter, digit, space or sign, or
/// empty (which removes ours). The error is one line for the user.
pub fn check_emoji(text: &str) -> Result<&str, String> {
    let mut graphemes = text.graphemes(true);
    match (graphemes.next(), graphemes.next()) {
        (None, _) => Ok(""),
        (Some(g), None) if !(g.len() == 1 && g.is_ascii()) && !g.chars().all(char::is_alphanumeric) => Ok(g),
        (Some(_), None) => Err(format!("{text:?} is not an emoji")),
        (Some(_), Some(_)) => Err(format!("{text:?} is more than one emoji: a reaction is one")),
    }
}

#[cfg(test)]
mod tests {
    use super::check_emoji;

    #[test]
    fn a_reaction_is_one_emoji_or_nothing() {
        for ok in ["👍", "❤️", "👍🏽", "👨‍👩‍👧", "🇪🇸", "#️⃣", ""] {
            assert_eq!(check_emoji(ok), Ok(ok), "{ok}");
        }
        for bad in ["👍👍", "a", "7", " ", "ok", "é"] {
            assert!(check_emoji(bad).is_err(), "{bad}");
        }
    }
}
