//! AM/PM markers in the scripts and spellings phones use: `AM`, `pm`, `a. m.` (with plain,
//! no-break or narrow no-break spaces), `a.m.`, Arabic `ص`/`م`, Persian `ق.ظ.`/`ب.ظ.`,
//! Japanese `午前`/`午後`, Korean `오전`/`오후`, Chinese `上午`/`下午`, Greek `π.μ.`/`μ.μ.`,
//! Vietnamese `SA`/`CH`.

use super::chars::{is_mark, is_space};

/// Before or after noon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Meridiem {
    Am,
    Pm,
}

impl Meridiem {
    /// The 24-hour hour of `hour` on a 12-hour clock. Hours above 12 are taken as already
    /// 24-hour (some exports write `13:05 PM`); `0 AM` is midnight like `12 AM`.
    pub(super) fn to_24h(self, hour: u32) -> u32 {
        match (self, hour) {
            (Meridiem::Am, 12) => 0,
            (Meridiem::Pm, h) if h < 12 => h + 12,
            (_, h) => h,
        }
    }
}

/// A marker found at the start of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    pub meridiem: Meridiem,
    /// Bytes the marker takes.
    pub len: usize,
    /// Written `AM`/`PM` in Latin capitals, as US English does: a hint for month-first dates.
    pub upper_latin: bool,
}

/// Markers in scripts other than the Latin `a.m.` family, longest spelling first.
const TOKENS: &[(&str, Meridiem)] = &[
    ("in the morning", Meridiem::Am),
    ("in the afternoon", Meridiem::Pm),
    ("in the evening", Meridiem::Pm),
    ("ق.ظ.", Meridiem::Am),
    ("ب.ظ.", Meridiem::Pm),
    ("ق.ظ", Meridiem::Am),
    ("ب.ظ", Meridiem::Pm),
    ("π.μ.", Meridiem::Am),
    ("μ.μ.", Meridiem::Pm),
    ("πμ", Meridiem::Am),
    ("μμ", Meridiem::Pm),
    ("ص", Meridiem::Am),
    ("م", Meridiem::Pm),
    ("午前", Meridiem::Am),
    ("午後", Meridiem::Pm),
    ("오전", Meridiem::Am),
    ("오후", Meridiem::Pm),
    ("上午", Meridiem::Am),
    ("下午", Meridiem::Pm),
    ("SA", Meridiem::Am),
    ("CH", Meridiem::Pm),
];

/// The marker `text` starts with, if any. A marker must end the word: `am` matches in
/// `am - Ana` but not in `amigo`.
pub(super) fn at(text: &str) -> Option<Found> {
    // Called on every header: the first byte rules out most texts without a comparison.
    let first = *text.as_bytes().first()?;
    if first.is_ascii() && !matches!(first, b'a' | b'A' | b'p' | b'P' | b'i' | b'S' | b'C') {
        return None;
    }
    let found = latin(text).or_else(|| {
        TOKENS.iter().find_map(|&(token, meridiem)| {
            (token.as_bytes().first() == Some(&first) && text.starts_with(token)).then_some(Found {
                meridiem,
                len: token.len(),
                upper_latin: false,
            })
        })
    })?;
    let after = text.get(found.len..)?.chars().next();
    match after {
        Some(c) if c.is_alphabetic() => None,
        _ => Some(found),
    }
}

/// `am`, `AM`, `a.m.`, `a. m.`, `a.\u{a0}m.` and the like.
fn latin(text: &str) -> Option<Found> {
    let bytes = text.as_bytes();
    let meridiem = match bytes.first()? {
        b'a' | b'A' => Meridiem::Am,
        b'p' | b'P' => Meridiem::Pm,
        _ => return None,
    };
    let mut len = 1;
    let dotted = bytes.get(len) == Some(&b'.');
    if dotted {
        len += 1;
    }
    // Spaces between the letters only come after a dot ("a. m."); "a m" is not a marker.
    if dotted {
        let rest = text.get(len..)?;
        let skipped: usize =
            rest.chars().take_while(|&c| is_space(c) || is_mark(c)).map(char::len_utf8).sum();
        len += skipped;
    }
    let m = *bytes.get(len)?;
    if m != b'm' && m != b'M' {
        return None;
    }
    let upper_latin = !dotted && bytes.first().is_some_and(u8::is_ascii_uppercase) && m == b'M';
    len += 1;
    if bytes.get(len) == Some(&b'.') {
        len += 1;
    }
    Some(Found { meridiem, len, upper_latin })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meridiem(text: &str) -> Option<Meridiem> {
        at(text).map(|f| f.meridiem)
    }

    #[test]
    fn latin_markers_in_every_spelling_are_recognised() {
        assert_eq!(meridiem("AM] Ana"), Some(Meridiem::Am));
        assert_eq!(meridiem("pm - Ana"), Some(Meridiem::Pm));
        assert_eq!(meridiem("p. m. - Ana"), Some(Meridiem::Pm));
        assert_eq!(meridiem("a.\u{a0}m. - Ana"), Some(Meridiem::Am));
        assert_eq!(meridiem("a.\u{202f}m."), Some(Meridiem::Am));
        assert_eq!(meridiem("a.m."), Some(Meridiem::Am));
        assert_eq!(at("p. m. - x").map(|f| f.len), Some(5));
    }

    #[test]
    fn markers_in_other_scripts_are_recognised() {
        assert_eq!(meridiem("م - أحمد"), Some(Meridiem::Pm));
        assert_eq!(meridiem("ص - أحمد"), Some(Meridiem::Am));
        assert_eq!(meridiem("오후 2:05"), Some(Meridiem::Pm));
        assert_eq!(meridiem("下午2:05"), Some(Meridiem::Pm));
        assert_eq!(meridiem("午前"), Some(Meridiem::Am));
        assert_eq!(meridiem("ب.ظ. - علی"), Some(Meridiem::Pm));
    }

    #[test]
    fn words_that_merely_start_like_a_marker_are_not_markers() {
        assert_eq!(meridiem("amigo"), None);
        assert_eq!(meridiem("a m"), None);
        assert_eq!(meridiem("Ana"), None);
        assert_eq!(meridiem("مرحبا"), None);
    }

    #[test]
    fn only_us_style_capitals_count_as_upper_latin() {
        assert!(at("PM").unwrap().upper_latin);
        assert!(!at("pm").unwrap().upper_latin);
        assert!(!at("P.M.").unwrap().upper_latin);
    }

    #[test]
    fn twelve_hour_times_convert_to_24_hour() {
        assert_eq!(Meridiem::Am.to_24h(12), 0);
        assert_eq!(Meridiem::Am.to_24h(0), 0);
        assert_eq!(Meridiem::Pm.to_24h(12), 12);
        assert_eq!(Meridiem::Pm.to_24h(2), 14);
        assert_eq!(Meridiem::Pm.to_24h(14), 14);
    }
}
