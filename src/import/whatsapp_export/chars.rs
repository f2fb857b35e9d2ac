//! Character classes of export headers (digits of any script, invisible marks, spaces) and a
//! cursor that walks a line without ever slicing off a character boundary.

/// The value of a decimal digit in the scripts phones write exports in.
#[inline]
pub(super) fn digit_value(c: char) -> Option<u32> {
    let zero = match c {
        '0'..='9' => '0',
        '\u{0660}'..='\u{0669}' => '\u{0660}', // Arabic-Indic
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}', // Extended Arabic-Indic (Persian, Urdu)
        '\u{0966}'..='\u{096F}' => '\u{0966}', // Devanagari
        '\u{09E6}'..='\u{09EF}' => '\u{09E6}', // Bengali
        _ => return None,
    };
    Some(c as u32 - zero as u32)
}

/// Invisible formatting characters that phones sprinkle around dates, names and bodies (BOM,
/// LRM/RLM, Arabic letter mark, bidi embeddings and isolates, zero-width space). They carry no
/// meaning for parsing and are skipped wherever they appear in a header.
#[inline]
pub(super) fn is_mark(c: char) -> bool {
    !c.is_ascii()
        && matches!(
            c,
            '\u{FEFF}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Spaces as exports write them: plain, tab, no-break (U+00A0), narrow no-break (U+202F, used
/// before AM/PM since iOS 17 / Android 14), thin and figure spaces.
#[inline]
pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}')
}

/// True when a line holds nothing but spaces and marks (a BOM alone on the first line, say).
pub(super) fn is_blank(line: &str) -> bool {
    line.chars().all(|c| is_space(c) || is_mark(c) || c == '\r')
}

/// Trims spaces and marks at both ends.
#[inline]
pub(super) fn trim_marks(s: &str) -> &str {
    // Nearly every text starts and ends with a visible ASCII character: nothing to trim.
    let bytes = s.as_bytes();
    let plain = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x80);
    if plain(bytes.first()) && plain(bytes.last()) {
        return s;
    }
    s.trim_matches(|c| is_space(c) || is_mark(c))
}

/// Trims spaces and marks at the start.
#[inline]
pub(super) fn trim_start_marks(s: &str) -> &str {
    if s.as_bytes().first().is_some_and(|&b| b > b' ' && b < 0x80) {
        return s;
    }
    s.trim_start_matches(|c| is_space(c) || is_mark(c))
}

/// `text` split before its last word: (`everything before the last space`, `last word`).
pub(super) fn split_last_word(text: &str) -> (&str, &str) {
    // A plain byte loop: the last word is short, so this beats a memrchr set-up.
    match text.as_bytes().iter().rposition(|&b| b == b' ') {
        Some(i) => (text.get(..i).unwrap_or(""), text.get(i + 1..).unwrap_or("")),
        None => ("", text),
    }
}

/// A position in a line. `pos` only ever advances by whole characters, so every slice taken
/// from it is on a character boundary; `get` keeps that from panicking even if it were not.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    /// Everything from the cursor to the end of the line.
    #[inline]
    pub(super) fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    /// The text between two earlier positions.
    pub(super) fn between(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or("")
    }

    #[inline]
    pub(super) fn peek(&self) -> Option<char> {
        // ASCII fast path: most header bytes are ASCII.
        match self.text.as_bytes().get(self.pos) {
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => self.rest().chars().next(),
            None => None,
        }
    }

    #[inline]
    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Moves `n` bytes on, if that lands on a character boundary inside the line.
    pub(super) fn advance(&mut self, n: usize) {
        let to = self.pos + n;
        if self.text.is_char_boundary(to) {
            self.pos = to;
        }
    }

    /// Consumes `c` if it is next.
    #[inline]
    pub(super) fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// The next character when it is not ASCII; `None` at an ASCII byte or the end.
    #[inline]
    fn peek_wide(&self) -> Option<char> {
        match self.text.as_bytes().get(self.pos) {
            Some(&b) if b >= 0x80 => self.rest().chars().next(),
            _ => None,
        }
    }

    #[inline]
    pub(super) fn skip_marks(&mut self) {
        // Marks are rare: one byte comparison decides in the common case.
        if self.text.as_bytes().get(self.pos).is_some_and(|&b| b >= 0x80) {
            while let Some(c) = self.peek_wide().filter(|&c| is_mark(c)) {
                self.pos += c.len_utf8();
            }
        }
    }

    /// Skips spaces and marks; returns whether at least one space was skipped.
    #[inline]
    pub(super) fn skip_blank(&mut self) -> bool {
        let mut spaced = false;
        while let Some(&b) = self.text.as_bytes().get(self.pos) {
            if b == b' ' || b == b'\t' {
                spaced = true;
                self.pos += 1;
            } else if b >= 0x80 {
                return self.skip_blank_wide() || spaced;
            } else {
                break;
            }
        }
        spaced
    }

    /// [`Cursor::skip_blank`] from a non-ASCII character on.
    fn skip_blank_wide(&mut self) -> bool {
        let mut spaced = false;
        loop {
            match self.text.as_bytes().get(self.pos) {
                Some(b' ' | b'\t') => {
                    spaced = true;
                    self.pos += 1;
                }
                Some(&b) if b >= 0x80 => {
                    let Some(c) = self.peek_wide() else { break };
                    if is_space(c) {
                        spaced = true;
                    } else if !is_mark(c) {
                        break;
                    }
                    self.pos += c.len_utf8();
                }
                _ => break,
            }
        }
        spaced
    }

    /// Reads 1..=`max` digits of one script. Fails on no digit or on more than `max` digits.
    #[inline]
    pub(super) fn number(&mut self, max: u8) -> Option<Number> {
        let bytes = self.text.as_bytes();
        // ASCII digits are nearly every header's: read them as bytes.
        let mut end = self.pos;
        let mut value = 0u32;
        while let Some(&b) = bytes.get(end) {
            if !b.is_ascii_digit() {
                break;
            }
            value = value.wrapping_mul(10).wrapping_add(u32::from(b - b'0'));
            end += 1;
        }
        let digits = end - self.pos;
        if digits > usize::from(max) {
            return None;
        }
        if digits > 0 {
            self.pos = end;
            return Some(Number { value, digits: digits as u8 });
        }
        self.wide_number(max)
    }

    /// [`Cursor::number`] for digits of other scripts.
    fn wide_number(&mut self, max: u8) -> Option<Number> {
        let start = self.pos;
        let mut value = 0u32;
        let mut digits = 0u8;
        while let Some(c) = self.peek_wide() {
            let Some(d) = digit_value(c) else { break };
            value = value * 10 + d;
            digits += 1;
            if digits > max {
                self.pos = start;
                return None;
            }
            self.pos += c.len_utf8();
        }
        (digits > 0).then_some(Number { value, digits })
    }
}

/// A run of digits read from a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Number {
    pub value: u32,
    pub digits: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_every_supported_script_have_their_value() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('٣'), Some(3));
        assert_eq!(digit_value('۹'), Some(9));
        assert_eq!(digit_value('४'), Some(4));
        assert_eq!(digit_value('a'), None);
    }

    #[test]
    fn number_reads_mixed_width_digits_and_rejects_overlong_runs() {
        let mut c = Cursor::new("۱۴۰۲/");
        let n = c.number(4).unwrap();
        assert_eq!((n.value, n.digits), (1402, 4));
        assert_eq!(c.peek(), Some('/'));
        let mut c = Cursor::new("12345");
        assert_eq!(c.number(4), None);
        assert_eq!(c.pos(), 0);
    }

    #[test]
    fn blank_lines_are_spaces_and_marks_only() {
        assert!(is_blank("\u{FEFF}\r"));
        assert!(is_blank(" \u{200E}\u{00A0}"));
        assert!(!is_blank("\u{FEFF}hello"));
        assert_eq!(trim_marks("\u{200E} Ana\u{202C} "), "Ana");
    }
}
