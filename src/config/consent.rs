//! `[consent]`: the stop and start words a customer changes their consent with.

use serde::Deserialize;

use crate::consent::{ConsentWords, DEFAULT_START_WORDS, DEFAULT_STOP_WORDS};

/// `[consent]`: one-word messages that opt a customer out of broadcasts, or back in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConsentConfig {
    /// A message that is exactly one of these (case and accents folded) opts the customer out.
    pub stop_words: Vec<String>,
    /// A message that is exactly one of these opts the customer back in.
    pub start_words: Vec<String>,
    /// Queued to a customer whose message opted them out; "" sends nothing.
    pub stop_reply: String,
}

impl Default for ConsentConfig {
    fn default() -> Self {
        let owned = |words: &[&str]| words.iter().map(|w| (*w).to_string()).collect();
        ConsentConfig {
            stop_words: owned(DEFAULT_STOP_WORDS),
            start_words: owned(DEFAULT_START_WORDS),
            stop_reply: String::new(),
        }
    }
}

impl ConsentConfig {
    /// The words as the store compares them.
    pub fn words(&self) -> ConsentWords {
        ConsentWords::new(&self.stop_words, &self.start_words, &self.stop_reply)
    }

    pub(super) fn validate(&self) -> Result<(), (&'static str, &'static str, String)> {
        if self.stop_words.iter().all(|w| w.trim().is_empty()) {
            return Err((
                "consent",
                "stop_words",
                "needs at least one word: customers must be able to stop".into(),
            ));
        }
        Ok(())
    }
}
