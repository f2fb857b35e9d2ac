//! Phone numbers and WhatsApp user ids as the CLI and transports accept them.
//!
//! Phones are stored as digits only (E.164 without '+'). A user may type `+49 151-234 5678` or
//! `(555) 123 4567`-style spacing; anything else is refused with a reason.

/// Why a text is not a phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error(
        "{0:?} is not a phone number: only digits, '+', spaces, dashes, dots and parentheses are allowed"
    )]
    BadCharacter(String),
    #[error("{0:?} is not a phone number: it needs 6 to 15 digits")]
    BadLength(String),
    #[error("{0:?} is not a phone number: it must start with the country code, not 0")]
    LeadingZero(String),
    #[error("{0:?} is neither a phone number nor a WhatsApp user id")]
    NotAnId(String),
    #[error("{0:?} is a WhatsApp username: wabi needs the customer's phone number (or user id) here")]
    Username(String),
}

/// Parses a phone number into its digits ("+49 151 2345678" -> "491512345678").
pub fn parse_phone(text: &str) -> Result<String, PhoneError> {
    let trimmed = text.trim();
    let rest = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '\u{a0}' => {}
            _ => return Err(PhoneError::BadCharacter(text.to_string())),
        }
    }
    if !(6..=15).contains(&digits.len()) {
        return Err(PhoneError::BadLength(text.to_string()));
    }
    if digits.starts_with('0') {
        return Err(PhoneError::LeadingZero(text.to_string()));
    }
    Ok(digits)
}

/// Whether `text` has the shape of a WhatsApp business-scoped user id (letters, digits, `.`, `_`, `-`,
/// at least one letter, 3 to 128 characters), e.g. "US.13491208655302741918".
pub fn is_user_id(text: &str) -> bool {
    (3..=128).contains(&text.len())
        && text.chars().any(|c| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Shows stored digits the way people read them: "+491512345678".
pub fn display_phone(digits: &str) -> String {
    format!("+{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_accepted_with_plus_spaces_and_dashes() {
        assert_eq!(parse_phone("+49 151-234 5678").as_deref(), Ok("491512345678"));
        assert_eq!(parse_phone("4915112345").as_deref(), Ok("4915112345"));
        assert_eq!(parse_phone(" +1 (555) 123.4567 ").as_deref(), Ok("15551234567"));
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        assert!(matches!(parse_phone("hello"), Err(PhoneError::BadCharacter(_))));
        assert!(matches!(parse_phone("+49 151 abc"), Err(PhoneError::BadCharacter(_))));
        assert!(matches!(parse_phone("123"), Err(PhoneError::BadLength(_))));
        assert!(matches!(parse_phone("1234567890123456"), Err(PhoneError::BadLength(_))));
        assert!(matches!(parse_phone("0151 2345678"), Err(PhoneError::LeadingZero(_))));
        assert!(matches!(parse_phone(""), Err(PhoneError::BadLength(_))));
        assert!(matches!(parse_phone("++49123456"), Err(PhoneError::BadCharacter(_))));
    }

    #[test]
    fn user_ids_need_a_letter_and_a_plain_alphabet() {
        assert!(is_user_id("US.13491208655302741918"));
        assert!(!is_user_id("13491208655302741918"));
        assert!(!is_user_id("US 1349"));
        assert!(!is_user_id("x\u{1b}[2J"));
    }
}
