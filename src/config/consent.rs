//! `[consent]` (stop and start words) and `[broadcast]` (pacing, who may receive one).

use chrono::TimeDelta;
use serde::Deserialize;

use super::duration;
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

/// `[broadcast]`: how fast a broadcast goes out and to whom.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BroadcastConfig {
    /// At most this many broadcast messages per second, all broadcasts together.
    pub per_second: u32,
    /// Never two messages to the same recipient closer than this (the Cloud API's pair limit).
    #[serde(deserialize_with = "duration::deserialize")]
    pub recipient_gap: TimeDelta,
    /// Send only to contacts who opted in; contacts whose consent is unknown are skipped.
    pub require_opt_in: bool,
}

impl Default for BroadcastConfig {
    fn default() -> Self {
        BroadcastConfig { per_second: 20, recipient_gap: TimeDelta::seconds(6), require_opt_in: false }
    }
}

impl BroadcastConfig {
    pub(super) fn validate(&self) -> Result<(), (&'static str, &'static str, String)> {
        if !(1..=80).contains(&self.per_second) {
            return Err(("broadcast", "per_second", format!("{} is not between 1 and 80", self.per_second)));
        }
        Ok(())
    }

    /// Milliseconds between two broadcast messages.
    pub fn interval_ms(&self) -> i64 {
        i64::from(1000_u32.div_ceil(self.per_second.max(1)))
    }
}
