//! Webhook events in store terms: who the customer is, when it happened, and what the message does
//! to earlier ones. Pure; the server calls it between parsing and the store.

use chrono::DateTime;

use super::webhook::{Amend, InboundMessage, Reaction, StatusUpdate, WebhookEvent};
use crate::model::{Direction, Origin, Status};
use crate::store::{ContactKey, Effect, InboundChange, NewMessage, StatusChange, WebhookChange};

/// The store changes for `events`; `arrived_at` (ms) stands in for a missing timestamp.
/// A message naming neither a phone number nor a user id cannot belong to a chat and is dropped;
/// the second value counts them, with every item the parser could not read (each is logged).
pub fn changes(events: Vec<WebhookEvent>, arrived_at: i64) -> (Vec<WebhookChange>, usize) {
    let mut out = Vec::with_capacity(events.len());
    let mut dropped = 0;
    for event in events {
        match event {
            WebhookEvent::Message(m) => match inbound(m, arrived_at) {
                Some(change) => out.push(WebhookChange::Inbound(change)),
                None => dropped += 1,
            },
            WebhookEvent::Status(s) => out.push(WebhookChange::Status(status(s, arrived_at))),
            WebhookEvent::Echo(m) => match inbound(m, arrived_at) {
                Some(mut change) => {
                    let m = &mut change.message;
                    (m.direction, m.origin, m.status, m.profile_name) =
                        (Direction::Out, Origin::Phone, Some(Status::Sent), None);
                    out.push(WebhookChange::Echo(change));
                }
                None => dropped += 1,
            },
            WebhookEvent::History(chunk) => {
                if let Some(first) = chunk.skipped.first() {
                    tracing::warn!(
                        "history: skipped {} unreadable item(s), the first: {first}",
                        chunk.skipped.len()
                    );
                }
                dropped += chunk.skipped.len();
                out.push(WebhookChange::History(super::coexist::history(chunk, arrived_at)));
            }
            WebhookEvent::Contact(c) => {
                out.push(WebhookChange::Contact(super::coexist::contact(c, arrived_at)))
            }
            WebhookEvent::Skipped { field, reason } => {
                tracing::warn!("{field}: skipped {reason}");
                dropped += 1;
            }
        }
    }
    (out, dropped)
}

fn inbound(m: InboundMessage, arrived_at: i64) -> Option<InboundChange> {
    // A phone number names the chat when there is one; a user id alone still gets a chat.
    let (from, user_id) = match (m.from_phone, m.from_user_id) {
        (Some(phone), user_id) => (ContactKey::Phone(phone), user_id),
        (None, Some(user_id)) => (ContactKey::UserId(user_id), None),
        (None, None) => return None,
    };
    let effect = effect(m.amends, m.reaction.as_ref());
    let forwarded = match &m.context {
        Some(c) if c.frequently_forwarded => 2,
        Some(c) if c.forwarded => 1,
        _ => 0,
    };
    let reply_to = match &m.reaction {
        Some(r) => Some(r.message_id.clone()),
        None => m.context.and_then(|c| c.reply_to),
    };
    let (media_id, media_mime, media_filename) = match m.media {
        Some(media) => (Some(media.id), media.mime_type, media.filename),
        None => (None, None, None),
    };
    let message = NewMessage {
        from,
        profile_name: m.profile_name,
        external_id: Some(m.external_id),
        kind: m.kind,
        body: m.body,
        at: time_or(m.at, arrived_at),
        origin: Origin::Customer,
        direction: Direction::In,
        media_id,
        media_mime,
        media_filename,
        reply_to,
        status: None,
    };
    Some(InboundChange { message, user_id, forwarded, effect })
}

/// What the message does: edits, deletes, reacts, or is simply new.
fn effect(amends: Option<Amend>, reaction: Option<&Reaction>) -> Effect {
    match (amends, reaction) {
        (Some(Amend::Edited { original_id }), _) => Effect::Edit { original: original_id },
        (Some(Amend::Deleted { original_id }), _) => Effect::Delete { original: original_id },
        (None, Some(r)) => Effect::Reaction { target: r.message_id.clone(), emoji: r.emoji.clone() },
        (None, None) => Effect::New,
    }
}

fn status(s: StatusUpdate, arrived_at: i64) -> StatusChange {
    let error = s.error.map(|e| {
        let reason = match e.details {
            Some(d) if !d.is_empty() && d != e.title => format!("{}: {d}", e.title),
            _ => e.title,
        };
        (e.code, reason)
    });
    StatusChange { external_id: s.external_id, status: s.status, at: time_or(s.at, arrived_at), error }
}

/// The webhook's time in ms, or the arrival time when it had none (the parser's epoch).
pub(super) fn time_or(at: DateTime<chrono::Utc>, arrived_at: i64) -> i64 {
    if at == DateTime::UNIX_EPOCH { arrived_at } else { at.timestamp_millis() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::cloud::webhook::parse;

    fn one(body: &str) -> WebhookChange {
        let events = parse(body.as_bytes()).unwrap();
        let (mut changes, dropped) = changes(events, 42);
        assert_eq!((changes.len(), dropped), (1, 0));
        changes.remove(0)
    }

    fn wrap(value: &str) -> String {
        format!(r#"{{"entry":[{{"changes":[{{"field":"messages","value":{value}}}]}}]}}"#)
    }

    #[test]
    fn reaction_points_at_the_reacted_message() {
        let WebhookChange::Inbound(c) = one(&wrap(
            r#"{"messages":[{"from":"1555000","id":"w.r","timestamp":"1700000000","type":"reaction",
                "reaction":{"message_id":"w.target","emoji":"👍"}}]}"#,
        )) else {
            panic!()
        };
        assert_eq!(c.effect, Effect::Reaction { target: "w.target".into(), emoji: "👍".into() });
        assert_eq!(c.message.reply_to.as_deref(), Some("w.target"));
        assert_eq!(c.message.at, 1_700_000_000_000);
    }

    #[test]
    fn missing_timestamp_becomes_the_arrival_time_and_user_id_names_the_chat() {
        let WebhookChange::Inbound(c) = one(&wrap(
            r#"{"messages":[{"from_user_id":"US.7","id":"w.1","type":"text","text":{"body":"x"}}]}"#,
        )) else {
            panic!()
        };
        assert_eq!(c.message.at, 42);
        assert_eq!(c.message.from, ContactKey::UserId("US.7".into()));
    }

    #[test]
    fn failed_status_reason_joins_title_and_details() {
        let WebhookChange::Status(s) = one(&wrap(
            r#"{"statuses":[{"id":"w.o","status":"failed","timestamp":"5","errors":[{"code":131047,
                "title":"Re-engagement message","error_data":{"details":"More than 24 hours"}}]}]}"#,
        )) else {
            panic!()
        };
        assert_eq!(s.error, Some((131_047, "Re-engagement message: More than 24 hours".into())));
    }

    #[test]
    fn message_without_any_sender_is_dropped_and_counted() {
        let events = parse(wrap(r#"{"messages":[{"id":"w.x","type":"text"}]}"#).as_bytes()).unwrap();
        let (changes, dropped) = changes(events, 0);
        assert_eq!((changes.len(), dropped), (0, 1));
    }
}
