//! What a reaction may be: one emoji, or nothing (which removes ours). Shared by `wabi react` and
//! the inbox's react prompt.

use unicode_segmentation::UnicodeSegmentation;

/// The emoji of a reaction: one grapheme that is not a plain letter, digit, space or sign, or
/// empty (which removes ours). The error is one line for the user.
pub fn check_emoji(text: &str) -> Result<&str, String> {
    let mut graphemes = text.graphemes(true);
    match (graphemes.next(), graphemes.next()) {
        (None, _) => Ok(""),
        (Some(g), None) => {
            let plain = (g.len() == 1 && g.is_ascii()) || g.chars().all(char::is_alphanumeric);
            if plain { Err(format!("{text:?} is not an emoji")) } else { Ok(g) }
        }
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
