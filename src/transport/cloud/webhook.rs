//! Parsing of WhatsApp Cloud API webhook POST bodies into inbound messages and status updates.
//!
//! Meta batches: one POST may carry several entries, each with several changes, each with several
//! messages and statuses. [`parse`] returns all of them, in the order they appear, so the server
//! can commit them in one transaction. The JSON is walked as a `serde_json::Value` rather than
//! derived structs on purpose: one odd field (a number where a string was expected, a type added
//! next year) must cost at most that field, never the whole batch.

mod account;
mod app_state;
mod content;
mod echoes;
mod event;
mod extras;
#[cfg(test)]
mod fixture_tests;
mod history;
mod sender;
mod status;

use chrono::{DateTime, Utc};
use serde_json::Value;

pub use app_state::ContactSync;
pub use event::{Amend, Context, InboundMessage, Media, Reaction, SendError, StatusUpdate, WebhookEvent};
pub use history::{HistoryChunk, HistoryItem, HistoryThread};

/// A POST body that is not a webhook at all: answer 400.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("webhook body is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("webhook body is not a JSON object")]
    NotAnObject,
}

/// Every message and status in a webhook POST body, in order.
///
/// Besides `messages`, the coexistence fields are read (`smb_message_echoes`, `history`,
/// `smb_app_state_sync`), and `message_template_status_update` and `user_preferences` yield account
/// events; other fields yield nothing.
/// Messages without an id and statuses without an id or with a status wabi does not track
/// (e.g. "deleted", "warning") are skipped; every other message yields an event, unknown types as
/// `Kind::Unsupported`. Never panics.
pub fn parse(body: &[u8]) -> Result<Vec<WebhookEvent>, WebhookError> {
    let root: Value = serde_json::from_slice(body)?;
    if !root.is_object() {
        return Err(WebhookError::NotAnObject);
    }
    let mut events = Vec::new();
    for change in list(&root, "entry").iter().flat_map(|entry| list(entry, "changes")) {
        let Some(value) = change.get("value") else { continue };
        match text(change, "field") {
            Some("messages") => parse_change(value, &mut events),
            Some("smb_message_echoes") => echoes::parse(value, &mut events),
            Some("history") => history::parse(value, &mut events),
            Some("smb_app_state_sync") => app_state::parse(value, &mut events),
            Some(field) => account::parse(field, value, &mut events),
            _ => {}
        }
    }
    Ok(events)
}

fn parse_change(value: &Value, events: &mut Vec<WebhookEvent>) {
    let phone_number_id = value.pointer("/metadata/phone_number_id").and_then(Value::as_str);
    let contacts = list(value, "contacts");
    let change_errors = list(value, "errors");
    for msg in list(value, "messages") {
        if let Some(message) = parse_message(msg, phone_number_id, contacts, change_errors) {
            events.push(WebhookEvent::Message(message));
        }
    }
    events.extend(list(value, "statuses").iter().filter_map(status::parse).map(WebhookEvent::Status));
}

fn parse_message(
    msg: &Value,
    phone_number_id: Option<&str>,
    contacts: &[Value],
    change_errors: &[Value],
) -> Option<InboundMessage> {
    let external_id = text(msg, "id")?.to_string();
    let sender = sender::Sender::of(msg, contacts);
    let content = content::of(msg, change_errors);
    let extras = extras::of_message(msg, contacts, sender.phone.as_deref(), sender.user_id.as_deref());
    Some(InboundMessage {
        external_id,
        phone_number_id: phone_number_id.map(String::from),
        from_phone: sender.phone,
        from_user_id: sender.user_id,
        profile_name: sender.name,
        at: unix_time(msg.get("timestamp")),
        kind: content.kind,
        body: content.body,
        media: content.media,
        context: content.context,
        reaction: content.reaction,
        amends: content.amends,
        extras,
    })
}

/// The string at `key`, if `v` is an object holding a string there.
fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The array at `key`, or an empty slice when it is missing or not an array.
fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// The boolean at `key`; missing means false.
fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// Meta sends Unix seconds as a string; a number is accepted too. Unreadable means the epoch.
fn unix_time(v: Option<&Value>) -> DateTime<Utc> {
    let secs = match v {
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(n) => n.as_i64(),
        None => None,
    };
    secs.and_then(|s| DateTime::from_timestamp(s, 0)).unwrap_or(DateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Status};
    use serde_json::json;

    /// A webhook body with one change per `values` item, each in its own entry.
    fn webhook(values: &[Value]) -> Vec<u8> {
        let entries: Vec<Value> = values
            .iter()
            .map(|v| json!({"id": "WABA", "changes": [{"field": "messages", "value": v}]}))
            .collect();
        serde_json::to_vec(&json!({"object": "whatsapp_business_account", "entry": entries})).unwrap()
    }

    fn only_message(body: &[u8]) -> InboundMessage {
        match parse(body).unwrap().as_slice() {
            [WebhookEvent::Message(m)] => m.clone(),
            other => panic!("expected one message, got {other:?}"),
        }
    }

    fn only_status(body: &[u8]) -> StatusUpdate {
        match parse(body).unwrap().as_slice() {
            [WebhookEvent::Status(s)] => s.clone(),
            other => panic!("expected one status, got {other:?}"),
        }
    }

    #[test]
    fn text_message_is_read_with_sender_and_time() {
        let m = only_message(&webhook(&[json!({
            "metadata": {"phone_number_id": "PNID"},
            "contacts": [{"profile": {"name": "Ana"}, "wa_id": "34600111222"}],
            "messages": [{"from": "34600111222", "id": "wamid.1", "timestamp": "1700000000",
                          "type": "text", "text": {"body": "Hola"}}]
        })]));
        assert_eq!((m.external_id.as_str(), m.kind, m.body.as_str()), ("wamid.1", Kind::Text, "Hola"));
        assert_eq!((m.phone_number_id.as_deref(), m.profile_name.as_deref()), (Some("PNID"), Some("Ana")));
        assert_eq!((m.from_phone.as_deref(), m.from_user_id), (Some("34600111222"), None));
        assert_eq!(m.at, DateTime::from_timestamp(1_700_000_000, 0).unwrap());
    }

    #[test]
    fn image_with_caption_reads_as_its_caption() {
        let m = only_message(&webhook(&[json!({"messages": [{
            "from": "1", "id": "wamid.2", "timestamp": "1700000000", "type": "image",
            "image": {"id": "MEDIA", "mime_type": "image/jpeg", "sha256": "h",
                      "caption": "my order"}
        }]})]));
        assert_eq!((m.kind, m.body.as_str()), (Kind::Image, "my order"));
        let media = m.media.unwrap();
        assert_eq!((media.id.as_str(), media.mime_type.as_deref()), ("MEDIA", Some("image/jpeg")));
        assert_eq!((media.caption.as_deref(), media.voice), (Some("my order"), false));
    }

    #[test]
    fn failed_status_keeps_error_code_title_and_details() {
        let s = only_status(&webhook(&[json!({"statuses": [{
            "id": "wamid.out", "status": "failed", "timestamp": "1700000100",
            "recipient_id": "34600111222",
            "errors": [{"code": 131047, "title": "Re-engagement message",
                        "error_data": {"details": "More than 24 hours have passed."}}]
        }]})]));
        assert_eq!((s.external_id.as_str(), s.status), ("wamid.out", Status::Failed));
        assert_eq!(s.recipient.as_deref(), Some("34600111222"));
        let error = SendError {
            code: 131_047,
            title: "Re-engagement message".to_string(),
            details: Some("More than 24 hours have passed.".to_string()),
        };
        assert_eq!(s.error, Some(error));
    }

    #[test]
    fn sender_known_only_by_user_id_has_no_phone_but_a_name() {
        let m = only_message(&webhook(&[json!({
            "contacts": [{"profile": {"name": "Kim", "username": "@kim"}, "user_id": "US.42"}],
            "messages": [{"from_user_id": "US.42", "id": "wamid.3", "timestamp": "1700000000",
                          "type": "text", "text": {"body": "hi"}}]
        })]));
        assert_eq!((m.from_phone, m.from_user_id.as_deref()), (None, Some("US.42")));
        assert_eq!(m.profile_name.as_deref(), Some("Kim"));
    }

    #[test]
    fn batched_post_yields_every_message_and_status_in_order() {
        let msg = |id: &str, from: &str| {
            json!({"from": from, "id": id, "timestamp": "1700000000",
                   "type": "text", "text": {"body": id}})
        };
        let status = |id: &str, s: &str| json!({"id": id, "status": s, "timestamp": "1700000001"});
        let change = |n: u32| {
            json!({
                "contacts": [{"profile": {"name": format!("A{n}")}, "wa_id": "111"},
                             {"profile": {"name": format!("B{n}")}, "wa_id": "222"}],
                "messages": [msg(&format!("m{n}a"), "111"), msg(&format!("m{n}b"), "222")],
                "statuses": [status(&format!("s{n}"), "delivered"),
                             status(&format!("s{n}"), "played")]
            })
        };
        let entry = |a: u32, b: u32| {
            json!({"id": "WABA", "changes": [{"field": "messages", "value": change(a)},
                                               {"field": "messages", "value": change(b)}]})
        };
        let body = json!({"object": "whatsapp_business_account", "entry": [entry(1, 2), entry(3, 4)]});
        let events = parse(&serde_json::to_vec(&body).unwrap()).unwrap();
        let seen: Vec<String> = events
            .iter()
            .map(|e| match e {
                WebhookEvent::Message(m) => {
                    format!("{}:{}", m.external_id, m.profile_name.clone().unwrap_or_default())
                }
                WebhookEvent::Status(s) => format!("{}:{}", s.external_id, s.status),
                other => format!("{other:?}"),
            })
            .collect();
        let expected: Vec<String> = (1..=4)
            .flat_map(|n| {
                [
                    format!("m{n}a:A{n}"),
                    format!("m{n}b:B{n}"),
                    format!("s{n}:delivered"),
                    format!("s{n}:read"),
                ]
            })
            .collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn fields_other_than_messages_yield_nothing() {
        let body = json!({"object": "whatsapp_business_account", "entry": [{"changes": [
            {"field": "message_template_status_update",
             "value": {"messages": [{"id": "x", "type": "text"}]}}
        ]}]});
        assert!(parse(&serde_json::to_vec(&body).unwrap()).unwrap().is_empty());
        assert!(parse(br#"{"object":"whatsapp_business_account"}"#).unwrap().is_empty());
    }

    #[test]
    fn unparseable_or_non_object_bodies_are_errors() {
        assert!(matches!(parse(b"{\"entry\": ["), Err(WebhookError::Json(_))));
        assert!(matches!(parse(b""), Err(WebhookError::Json(_))));
        assert!(matches!(parse(b"[1, 2]"), Err(WebhookError::NotAnObject)));
    }

    #[test]
    fn odd_shapes_are_skipped_without_panicking() {
        for body in [
            json!({"entry": "nope"}),
            json!({"entry": [1, null, {"changes": {"field": "messages"}}]}),
            json!({"entry": [{"changes": [{"field": "messages", "value": 7}]}]}),
            json!({"entry": [{"changes": [{"field": "messages", "value": {
                "messages": [1, "x", {}], "statuses": [{"id": 5}]
            }}]}]}),
        ] {
            assert_eq!(parse(&serde_json::to_vec(&body).unwrap()).unwrap(), vec![], "{body}");
        }
    }

    #[test]
    fn missing_pieces_fall_back_instead_of_dropping_the_message() {
        let m = only_message(&webhook(&[json!({"messages": [{"id": "wamid.4", "timestamp": 1700000000}]})]));
        assert_eq!((m.kind, m.at.timestamp()), (Kind::Unsupported, 1_700_000_000));
        assert_eq!((m.from_phone, m.from_user_id, m.profile_name), (None, None, None));
        let m = only_message(&webhook(&[json!({"messages": [{"id": "wamid.5", "timestamp": "soon",
                                 "type": "text", "text": {"body": "x"}}]})]));
        assert_eq!(m.at, DateTime::UNIX_EPOCH);
    }
}
