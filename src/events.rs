//! Events: every change in the store as one JSON object with a `kind` and a `cursor`, read from
//! the log the store's triggers keep (`store::events`). `wabi events` streams them; hooks
//! (`worker::hooks`) deliver them to commands and URLs.

mod line;

use std::fmt;
use std::str::FromStr;

pub use line::{Clock, json_line, summary};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    MessageIn,
    MessageOut,
    MessageStatus,
    ChatLabel,
    ChatStatus,
    ContactConsent,
    BroadcastDone,
}

impl EventKind {
    pub const ALL: &'static [EventKind] = &[
        EventKind::MessageIn,
        EventKind::MessageOut,
        EventKind::MessageStatus,
        EventKind::ChatLabel,
        EventKind::ChatStatus,
        EventKind::ContactConsent,
        EventKind::BroadcastDone,
    ];

    /// The `kind` field of the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::MessageIn => "message.in",
            EventKind::MessageOut => "message.out",
            EventKind::MessageStatus => "message.status",
            EventKind::ChatLabel => "chat.label",
            EventKind::ChatStatus => "chat.status",
            EventKind::ContactConsent => "contact.consent",
            EventKind::BroadcastDone => "broadcast.done",
        }
    }

    /// Whether the event concerns one message, so a hook's `origins` filter applies to it.
    pub fn is_message(self) -> bool {
        matches!(self, EventKind::MessageIn | EventKind::MessageOut | EventKind::MessageStatus)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL.iter().copied().find(|k| k.as_str() == s).ok_or_else(|| {
            let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown event kind {s:?} (known: {})", known.join(", "))
        })
    }
}

impl<'de> serde::Deserialize<'de> for EventKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A position in a store's event log: the store's id and the event's number, written
/// `STORE:SEQ` (`3f9a2c1b:1042`). The number only grows; `0` alone means "from the beginning"
/// of any store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub store: Option<String>,
    pub seq: i64,
}

impl Cursor {
    pub fn new(store: &str, seq: i64) -> Cursor {
        Cursor { store: Some(store.to_string()), seq }
    }

    /// Parses what `wabi events` printed, or `0`.
    pub fn parse(text: &str) -> Result<Cursor, String> {
        let text = text.trim();
        if text == "0" {
            return Ok(Cursor { store: None, seq: 0 });
        }
        let bad = || {
            format!("{text:?} is not a cursor: use one as `wabi events` prints it (like 3f9a2c1b:1042), or 0")
        };
        let (store, seq) = text.split_once(':').ok_or_else(bad)?;
        let store_ok =
            !store.is_empty() && store.len() <= 32 && store.bytes().all(|b| b.is_ascii_alphanumeric());
        let seq: i64 = seq.parse().map_err(|_| bad())?;
        if !store_ok || seq < 0 {
            return Err(bad());
        }
        Ok(Cursor { store: Some(store.to_string()), seq })
    }

    /// The event number after which to read in the store `store_id`; a cursor of another store is
    /// refused.
    pub fn seq_in(&self, store_id: &str) -> Result<i64, String> {
        match &self.store {
            Some(s) if s != store_id => Err(format!(
                "cursor {self} is from another store (this store's cursors start with {store_id}:)"
            )),
            _ => Ok(self.seq),
        }
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.store {
            Some(s) => write!(f, "{s}:{}", self.seq),
            None => write!(f, "{}", self.seq),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_as_written() {
        for k in EventKind::ALL {
            assert_eq!(k.as_str().parse::<EventKind>(), Ok(*k));
        }
        let err = "message.inn".parse::<EventKind>().unwrap_err();
        assert!(err.contains("message.inn") && err.contains("message.in,"), "{err}");
    }

    #[test]
    fn a_cursor_names_its_store() {
        let c = Cursor::parse("3f9a2c1b:1042").unwrap();
        assert_eq!(c.to_string(), "3f9a2c1b:1042");
        assert_eq!(c.seq_in("3f9a2c1b"), Ok(1042));
        assert!(c.seq_in("00000000").unwrap_err().contains("another store"));
        assert_eq!(Cursor::parse("0").unwrap().seq_in("anything"), Ok(0));
        for bad in ["", "12", "abc", ":5", "x:-1", "x:y", "x y:3"] {
            assert!(Cursor::parse(bad).is_err(), "{bad:?}");
        }
    }
}
