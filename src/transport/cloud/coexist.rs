//! Coexistence webhooks (history chunks, contacts from the phone) in store terms. Pure; echoes
//! are inbound messages turned outbound in [`super::inbound`].

use chrono::DateTime;

use super::inbound::time_or;
use super::webhook::{ContactSync, HistoryChunk};
use crate::model::Direction;
use crate::store::{ContactChange, ContactKey, HistoryChange, HistoryRow};

/// A history chunk for the store; `arrived_at` (ms) stands in for a message without a time.
pub fn history(chunk: HistoryChunk, arrived_at: i64) -> HistoryChange {
    let threads = chunk
        .threads
        .into_iter()
        .map(|t| {
            let rows = t
                .messages
                .into_iter()
                .map(|m| HistoryRow {
                    external_id: m.external_id,
                    direction: if m.outbound { Direction::Out } else { Direction::In },
                    kind: m.kind,
                    body: m.body,
                    at: time_or(DateTime::from_timestamp_millis(m.at).unwrap_or_default(), arrived_at),
                    status: m.status,
                    media: m.media.map(|media| (media.id, media.mime_type, media.filename)),
                })
                .collect();
            let key =
                if t.by_user_id { ContactKey::UserId(t.customer) } else { ContactKey::Phone(t.customer) };
            (key, rows)
        })
        .collect();
    HistoryChange {
        phase: chunk.phase,
        progress: chunk.progress,
        declined: chunk.declined,
        skipped: chunk.skipped.len(),
        threads,
    }
}

/// A contact saved or removed on the phone, for the store; `arrived_at` (ms) stands in for a
/// change without a time.
pub fn contact(c: ContactSync, arrived_at: i64) -> ContactChange {
    let at = time_or(DateTime::from_timestamp_millis(c.at).unwrap_or_default(), arrived_at);
    ContactChange { phone: c.phone, saved: c.saved, at }
}
