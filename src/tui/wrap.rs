//! Wrapping text to a width in terminal cells, with wide characters (CJK, emoji) counted as two.
//! Widths are measured per grapheme cluster, the way ratatui draws them: a skin-tone emoji, a
//! flag, a ZWJ family or a letter with combining marks is one unit, never cut in two.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width of a string in cells: the sum of its grapheme clusters' widths.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Splits `text` into lines of at most `max` cells, breaking at spaces where possible and inside
/// long words where not. Newlines are kept as line breaks. Never returns an empty vector.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0;
        for word in split_keep_spaces(para) {
            let w = width(word);
            if line_w + w <= max {
                line.push_str(word);
                line_w += w;
                continue;
            }
            if !line.trim().is_empty() {
                out.push(line.trim_end().to_string());
            }
            line = String::new();
            line_w = 0;
            let word = if word.trim().is_empty() { "" } else { word };
            for g in word.graphemes(true) {
                let gw = g.width();
                if line_w + gw > max && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line_w = 0;
                }
                line.push_str(g);
                line_w += gw;
            }
        }
        out.push(line.trim_end().to_string());
    }
    out
}

/// Cuts `text` to at most `max` cells, with "…" when it was longer.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in text.graphemes(true) {
        let gw = g.width();
        if w + gw + 1 > max {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out.push('…');
    out
}

/// Words with their trailing spaces, so joining them gives the text back.
fn split_keep_spaces(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in s.char_indices() {
        let space = c == ' ';
        if !space && in_space {
            parts.push(&s[start..i]);
            start = i;
        }
        in_space = space;
    }
    if start < s.len() {
        parts.push(&s[start..]);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_keeps_newlines() {
        assert_eq!(wrap("one two three", 8), ["one two", "three"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn wide_characters_count_as_two_cells() {
        assert_eq!(wrap("你好世界", 5), ["你好", "世界"]);
        assert!(wrap("🌹🌹🌹🌹", 4).iter().all(|l| width(l) <= 4));
    }

    #[test]
    fn long_words_break_inside() {
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn a_grapheme_cluster_is_never_cut() {
        assert_eq!(truncate("👍🏽👍🏽👍🏽", 4), "👍🏽…", "the skin tone stays with its hand");
        assert_eq!(wrap("🇪🇸🇲🇽", 2), ["🇪🇸", "🇲🇽"], "a flag is two regional indicators, one cell pair");
        assert_eq!(width("👩\u{200d}👩\u{200d}👧"), 2, "a ZWJ family is one wide glyph");
        assert_eq!(truncate("كتابًا جديدًا", 6), "كتابًا…", "tanween stays on its letter");
        assert_eq!(width("Rene\u{301}e"), 5);
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("Maria Lopez", 6), "Maria…");
        assert_eq!(truncate("你好世界", 5), "你好…");
        assert_eq!(truncate("ok", 6), "ok");
    }
}
