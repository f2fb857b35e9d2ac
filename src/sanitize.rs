//! Customer text is untrusted: nothing a customer writes may reach the terminal as a control sequence.
//!
//! ESC, the other C0 and C1 controls, DEL and the bidi embedding/override/isolate characters are
//! replaced by visible stand-ins, so a message cannot clear the screen, set the window title, write
//! the clipboard (OSC 52) or reorder what the operator sees.

/// Whether `c` must never be written to the terminal as it is.
pub fn is_dangerous(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// The visible stand-in for a dangerous character: the Unicode control pictures for C0
/// (␛ for ESC), and U+FFFD for the rest.
fn stand_in(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Text safe to draw on one line: dangerous characters shown as stand-ins, newlines and tabs as
/// spaces.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' | '\r' => ' ',
            c if is_dangerous(c) => stand_in(c),
            c => c,
        })
        .collect()
}

/// Text safe to draw over several lines: newlines kept, tabs as spaces, CR dropped.
pub fn multi_line(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '\r')
        .map(|c| match c {
            '\t' => ' ',
            '\n' => '\n',
            c if is_dangerous(c) => stand_in(c),
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_cannot_reach_the_terminal() {
        let evil = "hi\u{1b}[2J\u{1b}]0;title\u{7}\u{1b}]52;c;aGVsbG8=\u{7}\u{9b}31m";
        let safe = one_line(evil);
        assert!(!safe.chars().any(is_dangerous), "{safe:?}");
        assert!(safe.starts_with("hi\u{241b}[2J"));
    }

    #[test]
    fn bidi_overrides_are_neutralised_but_arabic_text_stays() {
        let safe = one_line("abc\u{202e}fed مرحبا");
        assert_eq!(safe, "abc\u{fffd}fed مرحبا");
    }

    #[test]
    fn multi_line_keeps_newlines_and_drops_carriage_returns() {
        assert_eq!(multi_line("a\r\nb\tc"), "a\nb c");
        assert_eq!(one_line("a\nb"), "a b");
    }
}
