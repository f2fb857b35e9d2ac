//! Webhook events in store terms: who the customer is, when it happened, and what the message does
//! to earlier ones. Pure; the server calls it between parsing and the store.

use chrono::DateTime;

use super::webhook::{Amend, InboundMessage, Reaction, StatusUpdate, WebhookEvent};
use crate::model::{Direction, Origin, Status};
use crate::store::{ContactKey, Effect, InboundChange, NewMessage, StatusChange, WebhookChange};

/// The store changes for `events`; `arrived_at` (ms) stands in for a missing or insane timestamp
/// (before 2009, or more than a day ahead of arrival).
/// A message without a usable sender cannot belong to a chat and is dropped (and logged): one that
/// names neither a phone number nor a user id, a phone number of fewer than 5 or more than 20
/// digits, or only a user id that is not one. The second value counts them, with every item the
/// parser could not read (each is logged).
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
            WebhookEvent::Account(a) => out.push(WebhookChange::Account(a)),
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
    // A user id that is not one is dropped: it would only annotate a phone number, and alone it
    // cannot name a chat.
    let user_id = m.from_user_id.filter(|u| crate::phone::is_user_id(u));
    // A phone number names the chat when there is one; a user id alone still gets a chat.
    let (from, user_id) = match (m.from_phone, user_id) {
        (Some(phone), _) if !PHONE_DIGITS.contains(&phone.len()) => {
            tracing::warn!(
                "webhook message {:?} skipped: sender number has {} digits",
                m.external_id,
                phone.len()
            );
            return None;
        }
        (Some(phone), user_id) => (ContactKey::Phone(phone), user_id),
        (None, Some(user_id)) => (ContactKey::UserId(user_id), None),
        (None, None) => {
            tracing::warn!("webhook message {:?} skipped: it names no usable sender", m.external_id);
            return None;
        }
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
    Some(InboundChange { message, user_id, forwarded, effect, extras: m.extras })
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
    StatusChange {
        external_id: s.external_id,
        status: s.status,
        at: time_or(s.at, arrived_at),
        error,
        pricing: s.pricing,
    }
}

/// How many digits a sender's phone number may have: E.164 allows at most 15, and no real number
/// has fewer than 5; the margin above 15 is for whatever Meta may send one day.
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 5..=20;
/// 2009-01-01T00:00:00Z, in ms: WhatsApp did not exist before.
const EARLIEST: i64 = 1_230_768_000_000;
/// How far ahead of its arrival a time may be (clocks differ, but not by more).
const AHEAD: i64 = 24 * 60 * 60 * 1000;

/// The webhook's time in ms, or the arrival time when it had none (the parser's epoch) or one that
/// cannot be true: before 2009, or more than a day after it arrived. Such a time would sort a
/// message to the far end of its chat and skew the statistics.
pub(super) fn time_or(at: DateTime<chrono::Utc>, arrived_at: i64) -> i64 {
    let ms = at.timestamp_millis();
    if at == DateTime::UNIX_EPOCH {
        arrived_at
    } else if ms < EARLIEST || ms > arrived_at.saturating_add(AHEAD) {
        tracing::warn!("webhook time {at} is not plausible; the arrival time is used");
        arrived_at
    } else {
        ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::cloud::webhook::parse;

    /// When the test POSTs arrive: 2023-11-14T22:15:00Z.
    const ARRIVAL: i64 = 1_700_000_100_000;

    fn one(body: &str) -> WebhookChange {
        let events = parse(body.as_bytes()).unwrap();
        let (mut changes, dropped) = changes(events, ARRIVAL);
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
        assert_eq!(c.message.at, ARRIVAL);
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

    fn message_at(timestamp: i64) -> i64 {
        let body = wrap(&format!(
            r#"{{"messages":[{{"from":"34600111222","id":"w.t","timestamp":"{timestamp}","type":"text",
                "text":{{"body":"x"}}}}]}}"#
        ));
        match one(&body) {
            WebhookChange::Inbound(c) => c.message.at,
            WebhookChange::Status(s) => s.at,
            _ => panic!("not a message or status"),
        }
    }

    #[test]
    fn times_before_2009_or_over_a_day_ahead_become_the_arrival_time() {
        let arrival_s = ARRIVAL / 1000;
        assert_eq!(message_at(5), ARRIVAL);
        assert_eq!(message_at(1_230_767_999), ARRIVAL);
        assert_eq!(message_at(1_230_768_000), 1_230_768_000_000);
        assert_eq!(message_at(arrival_s - 3600), ARRIVAL - 3_600_000);
        assert_eq!(message_at(arrival_s + 23 * 3600), ARRIVAL + 23 * 3_600_000);
        assert_eq!(message_at(arrival_s + 25 * 3600), ARRIVAL);
        assert_eq!(message_at(i64::MAX / 2000), ARRIVAL);
        let WebhookChange::Status(s) =
            one(&wrap(r#"{"statuses":[{"id":"w.o","status":"read","timestamp":"99999999999"}]}"#))
        else {
            panic!()
        };
        assert_eq!(s.at, ARRIVAL);
    }

    /// How many of the messages from these senders are kept, and the chat of the first kept.
    fn senders(from: &[(&str, &str)]) -> (usize, usize, Option<ContactKey>) {
        let messages: Vec<serde_json::Value> = from
            .iter()
            .enumerate()
            .map(|(i, (phone, user_id))| {
                serde_json::json!({"from": phone, "from_user_id": user_id, "id": format!("w.{i}"),
                    "timestamp": "1700000000", "type": "text", "text": {"body": "x"}})
            })
            .collect();
        let body = wrap(&serde_json::json!({ "messages": messages }).to_string());
        let (changes, dropped) = changes(parse(body.as_bytes()).unwrap(), ARRIVAL);
        let first = changes.first().map(|c| match c {
            WebhookChange::Inbound(c) => c.message.from.clone(),
            _ => panic!("not a message"),
        });
        (changes.len(), dropped, first)
    }

    #[test]
    fn senders_with_too_few_or_too_many_digits_are_refused_and_the_rest_kept() {
        let long = "9".repeat(10_000);
        let (kept, dropped, first) = senders(&[
            ("1", ""),
            ("1234", ""),
            (&"1".repeat(21), ""),
            (&long, "US.42"),
            ("", ""),
            ("12345", ""),
        ]);
        assert_eq!((kept, dropped, first), (1, 5, Some(ContactKey::Phone("12345".into()))));
        let (kept, _, first) = senders(&[(&"1".repeat(20), "")]);
        assert_eq!((kept, first), (1, Some(ContactKey::Phone("1".repeat(20)))));
    }

    #[test]
    fn a_user_id_that_is_not_one_is_dropped_and_alone_drops_the_message() {
        let (kept, dropped, _) = senders(&[("", "US.\u{1b}]52;c;x\u{7}"), ("", &"U".repeat(200))]);
        assert_eq!((kept, dropped), (0, 2));
        let body = wrap(
            r#"{"messages":[{"from":"34600111222","from_user_id":"../x?y","id":"w.u","timestamp":"1700000000",
                "type":"text","text":{"body":"x"}}]}"#,
        );
        let WebhookChange::Inbound(c) = one(&body) else { panic!() };
        assert_eq!((c.message.from, c.user_id), (ContactKey::Phone("34600111222".into()), None));
    }
}
