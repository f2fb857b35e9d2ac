//! Consent to receive broadcasts: the three states a contact can be in, and the stop and start
//! words that let a customer change theirs by writing one word. Pure: no store, no clock.
//!
//! A word only counts as the whole message ("stop", "STOP!", " Stóp "), never inside a sentence
//! ("don't stop sending"), compared after [`fold`] so case and Latin accents do not matter.

pub mod csv;
pub mod fold;
pub mod import;

pub use fold::fold;

use crate::model::UnknownValue;

/// Where a contact stands. `Unknown` until someone records a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ConsentState {
    #[default]
    Unknown,
    OptedIn,
    OptedOut,
}

impl ConsentState {
    pub const ALL: [ConsentState; 3] = [ConsentState::Unknown, ConsentState::OptedIn, ConsentState::OptedOut];

    /// The text stored in SQLite, printed in JSON and written in CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentState::Unknown => "unknown",
            ConsentState::OptedIn => "opted_in",
            ConsentState::OptedOut => "opted_out",
        }
    }
}

impl std::str::FromStr for ConsentState {
    type Err = UnknownValue;

    /// Also reads what people type in a spreadsheet: "opted-in", "Opt in", "OPTED_OUT".
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s.trim().to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphabetic()).collect();
        match key.as_str() {
            "unknown" => Ok(ConsentState::Unknown),
            "optedin" | "optin" => Ok(ConsentState::OptedIn),
            "optedout" | "optout" => Ok(ConsentState::OptedOut),
            _ => Err(UnknownValue { what: "consent (opted_in, opted_out or unknown)", value: s.to_string() }),
        }
    }
}

impl std::fmt::Display for ConsentState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ConsentState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The stop and start words, folded once, and the reply to a stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentWords {
    stop: Vec<String>,
    start: Vec<String>,
    /// Queued to a customer whose message opted them out; None sends nothing.
    pub stop_reply: Option<String>,
}

/// The stop words a new store knows (WhatsApp's and carriers' usual ones, in a few languages).
pub const DEFAULT_STOP_WORDS: &[&str] = &["STOP", "UNSUBSCRIBE", "STOPP", "BAJA", "ARRET", "退订"];
/// The start words. "YES" is not one: it answers too many other questions.
pub const DEFAULT_START_WORDS: &[&str] = &["START", "UNSTOP"];

impl Default for ConsentWords {
    fn default() -> Self {
        ConsentWords::new(DEFAULT_STOP_WORDS, DEFAULT_START_WORDS, "")
    }
}

impl ConsentWords {
    /// Words as configured; an empty `stop_reply` means no reply.
    pub fn new<S: AsRef<str>>(stop: &[S], start: &[S], stop_reply: &str) -> ConsentWords {
        let folded =
            |words: &[S]| words.iter().map(|w| fold(strip(w.as_ref()))).filter(|w| !w.is_empty()).collect();
        ConsentWords {
            stop: folded(stop),
            start: folded(start),
            stop_reply: Some(stop_reply.trim()).filter(|r| !r.is_empty()).map(str::to_string),
        }
    }

    /// The consent a message asks for, when the whole message is one stop or start word.
    /// A word in both lists counts as stop: when in doubt, do not send.
    pub fn classify(&self, body: &str) -> Option<ConsentState> {
        let word = strip(body);
        // Cheap refusal for the usual message, a sentence much longer than any word (40
        // characters of up to 4 bytes), without walking its characters.
        if word.is_empty() || word.len() > 160 {
            return None;
        }
        let word = fold(word);
        if self.stop.contains(&word) {
            Some(ConsentState::OptedOut)
        } else if self.start.contains(&word) {
            Some(ConsentState::OptedIn)
        } else {
            None
        }
    }
}

/// The message without surrounding spaces and punctuation: "Stop!" and "¡BAJA!" are whole words.
fn strip(text: &str) -> &str {
    text.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(c, '.' | '!' | '?' | '¡' | '¿' | ',' | ';' | ':' | '"' | '\'' | '。' | '！')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_word_counts_only_as_the_whole_message_in_any_case_or_accent() {
        let words = ConsentWords::default();
        for body in ["STOP", "stop", "Stop", " stop\n", "STÓP", "Stop!", "¡Baja!", "arrêt", "Arrêt.", "退订"]
        {
            assert_eq!(words.classify(body), Some(ConsentState::OptedOut), "{body:?}");
        }
        for body in ["don't stop", "stop it please", "stopped", "", "!!!", "退订吗好"] {
            assert_eq!(words.classify(body), None, "{body:?}");
        }
    }

    #[test]
    fn a_start_word_opts_back_in_and_a_word_in_both_lists_stops() {
        let words = ConsentWords::default();
        assert_eq!(words.classify("Start"), Some(ConsentState::OptedIn));
        let both = ConsentWords::new(&["halt"], &["HALT", "go"], "");
        assert_eq!(both.classify("halt"), Some(ConsentState::OptedOut));
        assert_eq!(both.classify("GO"), Some(ConsentState::OptedIn));
    }

    #[test]
    fn configured_words_are_folded_like_messages() {
        let words = ConsentWords::new(&["Désabonner"], &[], "  ");
        assert_eq!(words.classify("DESABONNER"), Some(ConsentState::OptedOut));
        assert_eq!(words.stop_reply, None);
    }

    #[test]
    fn consent_reads_the_spellings_of_a_spreadsheet() {
        for (text, state) in [
            ("opted_in", ConsentState::OptedIn),
            ("Opt-in", ConsentState::OptedIn),
            ("OPTED OUT", ConsentState::OptedOut),
            ("unknown", ConsentState::Unknown),
        ] {
            assert_eq!(text.parse::<ConsentState>(), Ok(state), "{text}");
        }
        assert!("yes".parse::<ConsentState>().is_err());
    }
}
