//! Quick replies: a saved answer (shortcut + text) the operator inserts by typing `/shortcut` in the
//! composer. This module is the pure part: validating what gets saved, spotting the `/` trigger in a
//! draft, ranking quick replies for what was typed, replacing `/query` with the expansion, and filling
//! `{{placeholders}}`. No store, no terminal, no clock.

mod placeholders;
mod rank;
mod trigger;
mod values;

pub use placeholders::{Expansion, expand, unresolved_placeholders};
pub use rank::{Ranked, Ranker, rank};
pub use trigger::{Trigger, apply, trigger};
pub use values::PlaceholderValues;

/// Longest shortcut, in characters.
pub const MAX_SHORTCUT_CHARS: usize = 25;
/// Longest quick reply text, in characters (not bytes).
pub const MAX_TEXT_CHARS: usize = 4096;

/// One quick reply as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickReply {
    pub id: i64,
    /// Normalised by [`validate_shortcut`]: lowercase letters, digits, `_` and `-`.
    pub shortcut: String,
    pub text: String,
    /// How many times it was inserted; ranking prefers the most used.
    pub uses: i64,
    /// UTC milliseconds of the last insertion, if any.
    pub last_used_at: Option<i64>,
}

/// Why a shortcut or text cannot be saved. Each message is one line, fit to show a user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuickReplyError {
    #[error("a shortcut may not be empty")]
    EmptyShortcut,
    #[error("shortcut is {chars} characters long; at most {MAX_SHORTCUT_CHARS} are allowed")]
    ShortcutTooLong { chars: usize },
    #[error("shortcut {0:?} may only hold letters, digits, _ and -")]
    ShortcutChars(String),
    #[error("a quick reply text may not be empty or only spaces")]
    EmptyText,
    #[error("quick reply text is {chars} characters long; at most {MAX_TEXT_CHARS} are allowed")]
    TextTooLong { chars: usize },
}

/// Checks a shortcut and returns it lowercased, the form the store keeps and compares (shortcuts are
/// case-insensitive). Accepts 1 to 25 letters and digits of any script (`cumpleaños`, `envío`,
/// `退货`), `_` and `-`; nothing is trimmed.
pub fn validate_shortcut(s: &str) -> Result<String, QuickReplyError> {
    let chars = s.chars().count();
    if chars == 0 {
        return Err(QuickReplyError::EmptyShortcut);
    }
    if chars > MAX_SHORTCUT_CHARS {
        return Err(QuickReplyError::ShortcutTooLong { chars });
    }
    if !s.chars().all(is_shortcut_char) {
        return Err(QuickReplyError::ShortcutChars(s.to_string()));
    }
    Ok(s.to_lowercase())
}

/// Checks a quick reply text: 1 to 4,096 characters, not only whitespace. Placeholders are not
/// checked here; unknown ones stay visible in the draft when used.
pub fn validate_text(s: &str) -> Result<(), QuickReplyError> {
    if s.trim().is_empty() {
        return Err(QuickReplyError::EmptyText);
    }
    let chars = s.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(QuickReplyError::TextTooLong { chars });
    }
    Ok(())
}

fn is_shortcut_char(c: char) -> bool {
    // Combining accents too, for a name typed with a decomposed "í".
    c.is_alphanumeric() || c == '_' || c == '-' || ('\u{300}'..='\u{36f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcut_is_normalised_to_lowercase() {
        assert_eq!(validate_shortcut("Thanks").unwrap(), "thanks");
        assert_eq!(validate_shortcut("OPEN_hours-2").unwrap(), "open_hours-2");
    }

    #[test]
    fn empty_shortcut_is_rejected() {
        assert_eq!(validate_shortcut(""), Err(QuickReplyError::EmptyShortcut));
    }

    #[test]
    fn shortcut_may_be_25_characters_but_not_26() {
        assert!(validate_shortcut(&"a".repeat(25)).is_ok());
        assert_eq!(validate_shortcut(&"a".repeat(26)), Err(QuickReplyError::ShortcutTooLong { chars: 26 }));
    }

    #[test]
    fn shortcut_with_a_space_is_rejected_with_a_clear_message() {
        let err = validate_shortcut("a b").unwrap_err();
        assert_eq!(err.to_string(), r#"shortcut "a b" may only hold letters, digits, _ and -"#);
    }

    #[test]
    fn shortcut_rejects_slash_and_punctuation_but_takes_letters_of_any_script() {
        assert!(validate_shortcut("/thanks").is_err());
        assert!(validate_shortcut("a.b").is_err());
        assert!(validate_shortcut("¿hola").is_err());
        assert_eq!(validate_shortcut("Cumpleaños").unwrap(), "cumpleaños");
        assert_eq!(validate_shortcut("ENVÍO").unwrap(), "envío");
        assert_eq!(validate_shortcut("envi\u{301}o").unwrap(), "envi\u{301}o");
        assert_eq!(validate_shortcut("退货").unwrap(), "退货");
    }

    #[test]
    fn error_messages_stay_on_one_line() {
        let err = validate_shortcut("a\nb").unwrap_err().to_string();
        assert!(!err.contains('\n'), "{err}");
        let err = validate_text(&"x".repeat(5000)).unwrap_err().to_string();
        assert_eq!(err, "quick reply text is 5000 characters long; at most 4096 are allowed");
    }

    #[test]
    fn text_limit_counts_characters_not_bytes() {
        assert!(validate_text(&"é".repeat(MAX_TEXT_CHARS)).is_ok());
        assert_eq!(
            validate_text(&"é".repeat(MAX_TEXT_CHARS + 1)),
            Err(QuickReplyError::TextTooLong { chars: 4097 })
        );
    }

    #[test]
    fn typing_slash_tnk_for_maria_lopez_gives_her_thanks() {
        let replies = [
            QuickReply {
                id: 1,
                shortcut: "hours".into(),
                text: "We are open {{hours.today|9-18}}.".into(),
                uses: 9,
                last_used_at: None,
            },
            QuickReply {
                id: 2,
                shortcut: "thanks".into(),
                text: "Thank you {{first_name|friend}}, we got your order!".into(),
                uses: 0,
                last_used_at: None,
            },
        ];
        let values =
            PlaceholderValues { profile_name: Some("Maria Lopez".into()), ..PlaceholderValues::default() };
        let draft = "/tnk";
        let open = trigger(draft, draft.len()).unwrap();
        let best = &Ranker::new().rank(&replies, &open.query)[0];
        let expansion = expand(&replies[best.index].text, &|key| values.get(key));
        let (draft, cursor) = apply(draft, &open, draft.len(), &expansion.text);
        assert_eq!(draft, "Thank you Maria, we got your order!");
        assert_eq!(cursor, draft.len());
        assert!(unresolved_placeholders(&draft).is_empty());
        assert_eq!(trigger("and/hours", 9), None);
    }

    #[test]
    fn whitespace_only_text_is_rejected() {
        assert_eq!(validate_text(""), Err(QuickReplyError::EmptyText));
        assert_eq!(validate_text(" \n\t "), Err(QuickReplyError::EmptyText));
        assert!(validate_text(" ok ").is_ok());
    }
}
