//! The typed query, case-folded once, and the cheap scans that spare the fuzzy matcher's setup
//! cost on quick replies, and words of their texts, that cannot match.

use std::borrow::Cow;
use std::ops::Range;

/// A query ready to match: folded so matching ignores case, also beyond ASCII.
pub(super) struct Query {
    /// The folded query handed to the matcher.
    pub(super) text: String,
    /// `text` with ASCII lowercased too, for the scans.
    wanted: Vec<char>,
    /// SkimMatcherV2 only folds ASCII case; for a non-ASCII query the choices are folded too.
    fold: bool,
    /// `wanted` as bytes when the query is ASCII (the usual case: shortcuts are ASCII).
    ascii: Option<Vec<u8>>,
}

impl Query {
    pub(super) fn new(raw: &str) -> Self {
        let fold = !raw.is_ascii();
        let text: String = raw.chars().map(fold_char).collect();
        let wanted: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
        let ascii = (!fold).then(|| wanted.iter().map(|&c| c as u8).collect());
        Self { text, wanted, fold, ascii }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.wanted.is_empty()
    }

    /// `choice` as the matcher must see it: folded like the query when that matters. Folding maps
    /// one char to one char, so the matcher's char indices still point into `choice`.
    pub(super) fn prepare<'a>(&self, choice: &'a str) -> Cow<'a, str> {
        if self.fold && !choice.is_ascii() {
            Cow::Owned(choice.chars().map(fold_char).collect())
        } else {
            Cow::Borrowed(choice)
        }
    }

    /// Whether `choice` holds the query's chars in order (the matcher's own first test, with the
    /// same notion of case), so a `false` here means the matcher would find nothing.
    pub(super) fn may_match(&self, choice: &str) -> bool {
        !self.scan::<false>(choice).is_empty()
    }

    /// Byte spans of the whitespace-separated words of `text` that may match.
    pub(super) fn matching_words(&self, text: &str) -> Vec<Range<usize>> {
        self.scan::<true>(text)
    }

    /// Byte spans of the parts of `text` holding the query's chars in order: its words with
    /// `WORDS`, else the whole text. This runs for every quick reply on every key press.
    fn scan<const WORDS: bool>(&self, text: &str) -> Vec<Range<usize>> {
        match &self.ascii {
            Some(wanted) => ascii_spans::<WORDS>(text, wanted),
            None => self.spans::<WORDS>(text),
        }
    }

    /// The general scan: walks bytes, decoding only chars that may be whitespace or match.
    fn spans<const WORDS: bool>(&self, text: &str) -> Vec<Range<usize>> {
        let next = |found: usize| self.wanted.get(found).copied();
        let mut spans = Vec::new();
        let (mut start, mut found, mut want) = (0, 0, next(0));
        for (at, &byte) in text.as_bytes().iter().enumerate() {
            let c = match byte {
                0..=0x7f => char::from(byte.to_ascii_lowercase()),
                // Inside a multi-byte char, or one that is neither whitespace nor can match.
                0x80..=0xbf => continue,
                0xc2 | 0xe1..=0xe3 => self.decode(text, at),
                _ if self.fold => self.decode(text, at),
                _ => continue,
            };
            if WORDS && c.is_whitespace() {
                if want.is_none() {
                    spans.push(start..at);
                }
                (start, found, want) = (at + c.len_utf8(), 0, next(0));
            } else if want == Some(c) {
                found += 1;
                want = next(found);
                if !WORDS && want.is_none() {
                    break;
                }
            }
        }
        if want.is_none() {
            spans.push(start..text.len());
        }
        spans
    }

    /// The char starting at byte `at`, folded like the query.
    fn decode(&self, text: &str, at: usize) -> char {
        let c = text.get(at..).and_then(|s| s.chars().next()).unwrap_or('\0');
        if self.fold { fold_char(c) } else { c }
    }
}

/// A byte no UTF-8 text holds: what an ASCII query wants once it is complete.
const NEVER: u8 = 0xff;

/// [`Query::spans`] for an ASCII query: the same result several times faster, as no non-ASCII
/// char can match, only a few can be whitespace, and between words only the first query char
/// matters, so the scan jumps from one to the next.
fn ascii_spans<const WORDS: bool>(text: &str, wanted: &[u8]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let next = |found: usize| wanted.get(found).copied().unwrap_or(NEVER);
    let mut spans = Vec::new();
    let (mut start, mut found, mut want) = (0, 0, next(0));
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if found == 0 {
            let Some(hit) = find_ascii(bytes, at, want) else {
                break;
            };
            if WORDS && hit > at {
                start = word_start(text, hit);
            }
            (at, found, want) = (hit + 1, 1, next(1));
            continue;
        }
        let space = match byte {
            b' ' | b'\t'..=b'\r' => 1,
            0xc2 | 0xe1..=0xe3 => space_width(text, at),
            _ => 0,
        };
        if WORDS && space > 0 {
            if want == NEVER {
                spans.push(start..at);
            }
            (start, found, want) = (at + space, 0, next(0));
            at += space;
            continue;
        }
        if byte.to_ascii_lowercase() == want {
            // `want` stays in a register rather than being re-read from `wanted` for every byte.
            found += 1;
            want = next(found);
            if !WORDS && want == NEVER {
                break;
            }
        }
        at += 1;
    }
    if want == NEVER {
        spans.push(start..text.len());
    }
    spans
}

/// The first byte at or after `from` equal to the ASCII `want`, ignoring case.
fn find_ascii(bytes: &[u8], from: usize, want: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Only letters have a case; OR-ing 0x20 into anything else would confuse e.g. `-` with `\r`.
    let fold = if want.is_ascii_lowercase() { 0x20 } else { 0 };
    let is_want = |b: &u8| b | fold == want;
    let (folds, wants) = (ONES * u64::from(fold), ONES * u64::from(want));
    let rest = bytes.get(from..)?;
    // Eight bytes at a time: XOR zeroes the bytes equal to `want`, and the classic zero-byte test
    // tells whether the chunk holds one, so most of the text is skipped without a byte loop.
    let mut chunks = rest.chunks_exact(8);
    for (n, chunk) in chunks.by_ref().enumerate() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let x = (word | folds) ^ wants;
        if x.wrapping_sub(ONES) & !x & (ONES << 7) != 0 {
            if let Some(at) = chunk.iter().position(is_want) {
                return Some(from + n * 8 + at);
            }
        }
    }
    let tail = chunks.remainder();
    let at = tail.iter().position(is_want)?;
    Some(from + rest.len() - tail.len() + at)
}

/// The byte where the word holding byte `at` starts.
fn word_start(text: &str, at: usize) -> usize {
    let before = text.get(..at).unwrap_or_default();
    match before.char_indices().rev().find(|(_, c)| c.is_whitespace()) {
        Some((space, c)) => space + c.len_utf8(),
        None => 0,
    }
}

/// The byte length of the char at byte `at` if it is whitespace, else 0.
fn space_width(text: &str, at: usize) -> usize {
    match text.get(at..).and_then(|s| s.chars().next()) {
        Some(c) if c.is_whitespace() => c.len_utf8(),
        _ => 0,
    }
}

/// Lowercases a non-ASCII char when that gives exactly one char; ASCII is left to the matcher,
/// which also uses letter case for its camelCase bonus.
fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: &[&str] = &[
        "¡Olé! your order,\tthe ORDERS",
        "or\u{a0}d or\u{3000}d ordé o\u{2028}rd",
        "ord\n\nord\u{b}x\u{c}ord\r",
        "",
        " ",
        "ORD",
        "o—r—d\u{85}ord",
        "日本 ord 語",
    ];

    fn words<'a>(query: &str, text: &'a str) -> Vec<&'a str> {
        let q = Query::new(query);
        q.matching_words(text).into_iter().map(|span| &text[span]).collect()
    }

    #[test]
    fn may_match_needs_the_query_chars_in_order() {
        let q = Query::new("tnk");
        assert!(q.may_match("THANKS"));
        assert!(!q.may_match("knot"));
        assert!(Query::new("").may_match("x"));
    }

    #[test]
    fn non_ascii_query_folds_the_choice_too() {
        let q = Query::new("ÉC");
        assert_eq!(q.text, "éC");
        assert!(q.may_match("École"));
        assert_eq!(q.prepare("École"), "école");
        assert_eq!(Query::new("ec").prepare("École"), "École");
    }

    #[test]
    fn matching_words_gives_byte_spans_of_whole_words() {
        let text = TEXTS[0];
        assert_eq!(Query::new("ord").matching_words(text), vec![13..19, 24..30]);
        assert!(words("yod", text).is_empty());
    }

    #[test]
    fn unicode_whitespace_separates_words() {
        assert_eq!(words("ord", TEXTS[1]), ["ordé"]);
        assert_eq!(words("ordÉ", TEXTS[1]), ["ordé"]);
        assert_eq!(words("ord", TEXTS[6]), ["o—r—d", "ord"]);
    }

    #[test]
    fn ascii_scan_agrees_with_the_general_scan() {
        for raw in ["ord", "o", "d", "or d", "-", "x"] {
            let q = Query::new(raw);
            let wanted = q.ascii.clone().unwrap();
            for text in TEXTS {
                assert_eq!(ascii_spans::<true>(text, &wanted), q.spans::<true>(text), "{raw:?} in {text:?}");
                assert_eq!(ascii_spans::<false>(text, &wanted), q.spans::<false>(text));
            }
        }
    }

    #[test]
    fn ascii_scan_agrees_with_the_general_scan_on_generated_texts() {
        const PIECES: &[&str] = &["o", "R", "d", " ", "é", "\u{a0}", "-", "\r", "x", "\u{3000}"];
        let mut seed: u64 = 1;
        let mut random = |below: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % below
        };
        for _ in 0..2_000 {
            let len = random(13);
            let text: String = (0..len).map(|_| PIECES[random(PIECES.len())]).collect();
            for raw in ["ord", "o", "-r", "dd"] {
                let q = Query::new(raw);
                let wanted = q.ascii.clone().unwrap();
                assert_eq!(
                    ascii_spans::<true>(&text, &wanted),
                    q.spans::<true>(&text),
                    "{raw:?} in {text:?}"
                );
                assert_eq!(ascii_spans::<false>(&text, &wanted), q.spans::<false>(&text));
            }
        }
    }

    #[test]
    fn find_ascii_finds_the_first_match_ignoring_case() {
        let text = "é-xx\r\rTT aBcdefghijklmnopq-rstuvwxyz 0123456789 t".as_bytes();
        for want in [b't', b'-', b'\r', b'b', b'q', b'z', b'9', b'y', b'!'] {
            for from in 0..=text.len() {
                let naive =
                    text[from..].iter().position(|b| b.to_ascii_lowercase() == want).map(|at| from + at);
                assert_eq!(find_ascii(text, from, want), naive, "{want} from {from}");
            }
        }
        assert_eq!(find_ascii(text, text.len() + 1, b't'), None);
    }

    #[test]
    fn may_match_agrees_with_the_matcher() {
        use fuzzy_matcher::FuzzyMatcher;
        let matcher = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
        let choices = ["thanks", "THANKS-2", "École", "ÑANDÚ", "a\u{212a}b", "日本語", "", "x y"];
        let queries = ["tnk", "T2", "éc", "ÉCOLE", "ñandú", "k", "本", "xy", "zz", "ǅ"];
        for choice in choices {
            for raw in queries {
                let q = Query::new(raw);
                let matched = matcher.fuzzy_match(&q.prepare(choice), &q.text).is_some();
                assert_eq!(q.may_match(choice), matched, "{raw:?} in {choice:?}");
            }
        }
    }
}
