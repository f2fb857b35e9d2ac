//! `[events]` (how long the event log keeps events) and `[[hooks]]` (what to run or POST for
//! which events).

use chrono::TimeDelta;
use serde::Deserialize;

use super::duration;
use crate::events::EventKind;
use crate::model::Origin;

/// `[events]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EventsConfig {
    /// Events older than this are deleted from the log (by the worker holding the lease).
    #[serde(deserialize_with = "duration::deserialize")]
    pub keep: TimeDelta,
}

impl Default for EventsConfig {
    fn default() -> Self {
        EventsConfig { keep: TimeDelta::days(90) }
    }
}

impl EventsConfig {
    pub(super) fn validate(&self) -> Result<(), (&'static str, &'static str, String)> {
        if self.keep < TimeDelta::hours(1) {
            return Err((
                "events",
                "keep",
                "must be at least 1h (hooks and consumers need time to catch up)".into(),
            ));
        }
        Ok(())
    }
}

/// One `[[hooks]]` entry: for each event of the kinds in `on` (and matching the filters), run
/// `command` with the event's JSON on stdin, or POST it to `url`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HookConfig {
    /// Names the hook in `wabi hooks status`; its progress is kept under this name.
    pub name: String,
    /// Event kinds, such as "message.in".
    pub on: Vec<EventKind>,
    /// Only events of chats carrying one of these labels (and label changes of them).
    #[serde(default)]
    pub labels: Vec<String>,
    /// Only message events of these origins ("customer", "broadcast", …).
    #[serde(default, deserialize_with = "origins")]
    pub origins: Vec<Origin>,
    /// Run through `sh -c`, the event as one JSON line on stdin; exit status 0 is success.
    pub command: Option<String>,
    /// POST the event's JSON here, signed in `X-Wabi-Signature-256`; a 2xx answer is success.
    pub url: Option<String>,
    /// The environment variable holding the signing secret (needed with `url`).
    pub secret_env: Option<String>,
    /// How long one delivery may take.
    #[serde(default = "default_timeout", deserialize_with = "duration::deserialize")]
    pub timeout: TimeDelta,
}

fn default_timeout() -> TimeDelta {
    TimeDelta::seconds(30)
}

fn origins<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Origin>, D::Error> {
    let texts = Vec::<String>::deserialize(d)?;
    texts
        .iter()
        .map(|t| {
            t.parse::<Origin>().map_err(|_| {
                let known: Vec<&str> = Origin::ALL.iter().map(|o| o.as_str()).collect();
                serde::de::Error::custom(format!("unknown origin {t:?} (known: {})", known.join(", ")))
            })
        })
        .collect()
}

impl HookConfig {
    /// Each entry on its own: a name, something to do (a command or a URL, not both), a secret
    /// for a URL. Errors are (index, key, message).
    pub(super) fn validate_all(hooks: &[HookConfig]) -> Result<(), (usize, &'static str, String)> {
        for (i, h) in hooks.iter().enumerate() {
            let name = h.name.trim();
            if name.is_empty() || name.chars().any(char::is_control) {
                return Err((i, "name", format!("hook {} needs a name", i + 1)));
            }
            if hooks[..i].iter().any(|o| o.name == h.name) {
                return Err((i, "name", format!("hook {:?} is listed twice", h.name)));
            }
            if h.on.is_empty() {
                return Err((i, "on", format!("hook {:?} listens to no event kind", h.name)));
            }
            match (&h.command, &h.url) {
                (Some(_), Some(_)) => {
                    return Err((i, "url", format!("hook {:?} has both command and url; give one", h.name)));
                }
                (None, None) => {
                    return Err((i, "name", format!("hook {:?} needs a command or a url", h.name)));
                }
                (Some(c), None) if c.trim().is_empty() => {
                    return Err((i, "command", format!("hook {:?}: the command is empty", h.name)));
                }
                (None, Some(url)) => {
                    let lower = url.to_ascii_lowercase();
                    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                        return Err((i, "url", format!("{url:?} is not an http:// or https:// URL")));
                    }
                    if h.secret_env.as_deref().is_none_or(|v| v.trim().is_empty()) {
                        return Err((
                            i,
                            "secret_env",
                            format!(
                                "hook {:?} posts to a URL: name the variable holding its signing secret",
                                h.name
                            ),
                        ));
                    }
                }
                _ => {}
            }
            if h.timeout < TimeDelta::seconds(1) {
                return Err((i, "timeout", "must be at least 1s".into()));
            }
        }
        Ok(())
    }
}
