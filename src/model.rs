//! The words of DESIGN.md as types: directions, kinds, origins and statuses of messages.
//!
//! Each enum maps to the lowercase text stored in SQLite and printed in JSON, so the store, the CLI
//! and the transports agree on one spelling.

use std::fmt;
use std::str::FromStr;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text stored in SQLite and printed in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue { what: stringify!($name), value: s.to_string() }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

/// A text that names no value of the enum it was parsed as.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {what}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
}

text_enum!(
    /// Whether the customer wrote it (in) or the business did (out).
    Direction { In => "in", Out => "out" }
);

text_enum!(
    /// What a message carries.
    Kind {
        Text => "text", Image => "image", Audio => "audio", Video => "video",
        Document => "document", Sticker => "sticker", Location => "location",
        Contacts => "contacts", Interactive => "interactive", Reaction => "reaction",
        System => "system", Unsupported => "unsupported", Media => "media",
    }
);

text_enum!(
    /// Where a message came from. Inbound messages from a live transport are `customer`.
    Origin {
        Customer => "customer", Operator => "operator", Api => "api", Away => "away",
        Greeting => "greeting", Import => "import", Demo => "demo", Broadcast => "broadcast",
        Phone => "phone", History => "history",
    }
);

text_enum!(
    /// Delivery state of an outbound message. Only ever moves forward (see [`Status::rank`]);
    /// `failed` is terminal.
    Status {
        Queued => "queued", Sending => "sending", Sent => "sent",
        Delivered => "delivered", Read => "read", Failed => "failed",
    }
);

impl Status {
    /// Order of the forward-only state machine: queued < sending < sent < delivered < read.
    /// `failed` ranks above everything so nothing moves a failed message back.
    pub fn rank(self) -> u8 {
        match self {
            Status::Queued => 0,
            Status::Sending => 1,
            Status::Sent => 2,
            Status::Delivered => 3,
            Status::Read => 4,
            Status::Failed => 5,
        }
    }
}

text_enum!(
    /// Where a chat stands in the operator's inbox-zero workflow.
    ChatStatus { Open => "open", Snoozed => "snoozed", Done => "done" }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips_through_its_text() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(*k));
        }
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(*s));
        }
        assert!("bogus".parse::<Origin>().is_err());
    }

    #[test]
    fn status_only_ranks_forward() {
        assert!(Status::Read.rank() > Status::Delivered.rank());
        assert!(Status::Failed.rank() > Status::Read.rank());
    }
}
