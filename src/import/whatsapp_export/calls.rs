//! Calls as WhatsApp notes them in a chat: `Missed voice call`, `Voice call, 3 min`,
//! `Llamada perdida`, in the languages the tables know.

use serde::Serialize;

use super::chars::is_mark;
use super::phrases::Prefixes;

/// A call, as WhatsApp notes it in the chat: `Missed voice call`, `Voice call, 3 min`,
/// `Llamada perdida`. The message's author is who called.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Call {
    pub video: bool,
    pub missed: bool,
    /// The length written after a call that was answered (`3 min` is 180).
    pub seconds: Option<u32>,
}

/// Call phrases: (start of the text, video, missed). Longest first where one starts another.
const CALLS: &[(&str, bool, bool)] = &[
    ("Missed group voice call", false, true),
    ("Missed group video call", true, true),
    ("Missed voice call", false, true),
    ("Missed video call", true, true),
    ("Group voice call", false, false),
    ("Group video call", true, false),
    ("Voice call", false, false),
    ("Video call", true, false),
    ("Verpasster Sprachanruf", false, true),
    ("Verpasster Videoanruf", true, true),
    ("Sprachanruf", false, false),
    ("Videoanruf", true, false),
    ("Llamada de voz perdida", false, true),
    ("Videollamada perdida", true, true),
    ("Llamada perdida", false, true),
    ("Llamada de voz", false, false),
    ("Videollamada", true, false),
    ("Appel vocal manqué", false, true),
    ("Appel vidéo manqué", true, true),
    ("Appel vocal", false, false),
    ("Appel vidéo", true, false),
    ("Chamada de voz perdida", false, true),
    ("Chamada de vídeo perdida", true, true),
    ("Chamada perdida", false, true),
    ("Chamada de voz", false, false),
    ("Chamada de vídeo", true, false),
    ("Chiamata vocale persa", false, true),
    ("Videochiamata persa", true, true),
    ("Chiamata vocale", false, false),
    ("Videochiamata", true, false),
    ("Gemiste spraakoproep", false, true),
    ("Gemiste video-oproep", true, true),
    ("Spraakoproep", false, false),
    ("Video-oproep", true, false),
    ("Пропущенный аудиозвонок", false, true),
    ("Пропущенный видеозвонок", true, true),
    ("Аудиозвонок", false, false),
    ("Видеозвонок", true, false),
    ("Cevapsız sesli arama", false, true),
    ("Cevapsız görüntülü arama", true, true),
    ("Panggilan suara tak terjawab", false, true),
    ("Panggilan video tak terjawab", true, true),
    ("Panggilan suara", false, false),
    ("Panggilan video", true, false),
];

/// The first two bytes of every call phrase as written (capitalised): a filter asked of every
/// message before the phrases are compared.
const STARTS: Prefixes = Prefixes::new(&[
    "Mi", "Gr", "Vo", "Vi", "Ve", "Sp", "Ll", "Ap", "Ch", "Ga", "Ge", "\u{41f}", "\u{410}", "\u{412}", "Ce",
    "Pa",
]);

/// The call a one-line text notes, if it is a call notice.
pub(super) fn call(text: &str) -> Option<Call> {
    let first = *text.as_bytes().first()?;
    // Every call phrase starts with a capital letter or a Cyrillic one.
    if !(first.is_ascii_uppercase() || first >= 0x80) || text.len() > 80 {
        return None;
    }
    if !STARTS.starts(text) {
        return None;
    }
    let &(phrase, video, missed) = CALLS.iter().find(|(p, _, _)| {
        text.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p))
            && text
                .get(p.len()..)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([',', ' ', '\u{200E}']))
    })?;
    let rest: String = text.get(phrase.len()..)?.chars().filter(|&c| !is_mark(c)).collect();
    let rest = rest.trim_start_matches([',', ' ']);
    // After the phrase comes a duration, "No answer", "Tap to call back" or nothing; a longer
    // text is someone's message that starts with the words.
    if rest.split_whitespace().count() > 6 {
        return None;
    }
    Some(Call { video, missed, seconds: duration(rest) })
}

/// `3 min`, `1 hr 5 min`, `45 sec`, `3 Min.`, `12 мин`: seconds, or `None` when no number is
/// written.
fn duration(text: &str) -> Option<u32> {
    let mut total: Option<u32> = None;
    let mut words = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
        let Ok(n) = digits.parse::<u32>() else { continue };
        // The unit is the rest of the word (`3min`) or the next word.
        let unit_inline = word.get(digits.len()..).unwrap_or("");
        let unit = if unit_inline.is_empty() { words.next().unwrap_or("") } else { unit_inline };
        let unit = unit.trim_end_matches('.').to_lowercase();
        let scale = match unit.as_str() {
            u if u.starts_with('h') || u.starts_with("std") || u.starts_with('ч') || u == "jam" => 3600,
            u if u.starts_with("mi") || u.starts_with("мин") || u.starts_with("dk") => 60,
            _ => 1,
        };
        total = Some(total.unwrap_or(0).saturating_add(n.saturating_mul(scale)));
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_call_phrase_passes_the_filter() {
        for (phrase, _, _) in CALLS {
            assert!(STARTS.starts(phrase), "{phrase}");
        }
    }

    #[test]
    fn calls_are_read_with_kind_outcome_and_length() {
        let voice = |missed, seconds| Some(Call { video: false, missed, seconds });
        assert_eq!(call("Missed voice call"), voice(true, None));
        assert_eq!(call("Missed voice call, \u{200E}Tap to call back"), voice(true, None));
        assert_eq!(call("Voice call, \u{200E}3 min"), voice(false, Some(180)));
        assert_eq!(call("Voice call, 1 hr 5 min"), voice(false, Some(3900)));
        assert_eq!(call("Video call, 45 sec").map(|c| (c.video, c.seconds)), Some((true, Some(45))));
        assert_eq!(call("Llamada perdida"), voice(true, None));
        assert_eq!(call("Sprachanruf, 3 Min."), voice(false, Some(180)));
        assert_eq!(call("Voice calls are cheaper than visiting, so call me whenever you like"), None);
        assert_eq!(call("Voicemail"), None);
    }
}
