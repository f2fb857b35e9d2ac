//! `history`: the WhatsApp Business app's chat history (up to 180 days), posted in chunks once the
//! business agreed to share it. Each chunk says where the sync is (`phase`, `chunk_order`,
//! `progress`) and carries threads, one per customer, of messages in either direction; or it
//! carries `errors` when the business declined.

use serde::Serialize;
use serde_json::Value;

use super::sender::digits_only;
use super::{Media, WebhookEvent, content, list, text, unix_time};
use crate::model::{Kind, Status};

/// One `history[]` item of a webhook.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HistoryChunk {
    /// `metadata.phase`: 0 the last day, 1 up to 90 days, 2 up to 180 days.
    pub phase: Option<i64>,
    pub chunk_order: Option<i64>,
    /// `metadata.progress`, percent of the whole sync.
    pub progress: Option<i64>,
    pub threads: Vec<HistoryThread>,
    /// Why there is no history (the business declined): Meta's code, title and details.
    pub declined: Option<String>,
    /// Items of the chunk that could not be read (no id, no thread id, not an object).
    pub skipped: Vec<String>,
}

/// One customer's messages in a chunk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryThread {
    /// The customer's phone number, digits only (`threads[].id`), or their business-scoped user
    /// id when the thread is named by one (`US.…`).
    pub customer: String,
    pub by_user_id: bool,
    pub messages: Vec<HistoryItem>,
}

/// One message of a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryItem {
    pub external_id: String,
    /// Sent by the business (its `from` is the business number, or it names a `to`).
    pub outbound: bool,
    /// Unix milliseconds; 0 when the chunk gave no readable time.
    pub at: i64,
    pub kind: Kind,
    pub body: String,
    /// Media with an id; `media_placeholder` items have none yet (kind [`Kind::Media`]).
    pub media: Option<Media>,
    /// `history_context.status` as a store status (outbound messages only).
    pub status: Option<Status>,
}

/// Every `history[]` item of the change `value`; a chunk that is not an object is `Skipped`.
pub(super) fn parse(value: &Value, events: &mut Vec<WebhookEvent>) {
    let business =
        value.pointer("/metadata/display_phone_number").and_then(Value::as_str).and_then(digits_only);
    for chunk in list(value, "history") {
        if !chunk.is_object() {
            events.push(WebhookEvent::Skipped {
                field: "history",
                reason: "a history chunk that is not an object".into(),
            });
            continue;
        }
        events.push(WebhookEvent::History(parse_chunk(chunk, business.as_deref())));
    }
}

fn parse_chunk(chunk: &Value, business: Option<&str>) -> HistoryChunk {
    let number = |key: &str| chunk.pointer(&format!("/metadata/{key}")).and_then(number);
    let mut out = HistoryChunk {
        phase: number("phase"),
        chunk_order: number("chunk_order"),
        progress: number("progress").map(|p| p.clamp(0, 100)),
        declined: list(chunk, "errors").first().map(declined),
        ..HistoryChunk::default()
    };
    for thread in list(chunk, "threads") {
        let id = text(thread, "id").map(str::trim).unwrap_or_default();
        let by_user_id = id.chars().any(char::is_alphabetic);
        let customer = if by_user_id { Some(id.to_string()) } else { digits_only(id) };
        let Some(customer) = customer else {
            out.skipped.push("a history thread without a customer id".into());
            continue;
        };
        let mut messages = Vec::new();
        for msg in list(thread, "messages") {
            match item(msg, &customer, business) {
                Ok(m) => messages.push(m),
                Err(reason) => out.skipped.push(reason.into()),
            }
        }
        out.threads.push(HistoryThread { customer, by_user_id, messages });
    }
    out
}

fn item(msg: &Value, customer: &str, business: Option<&str>) -> Result<HistoryItem, &'static str> {
    let id = text(msg, "id").filter(|id| !id.is_empty()).ok_or("a history message without an id")?;
    let from = text(msg, "from").and_then(digits_only);
    let outbound = match (from.as_deref(), business) {
        (Some(from), Some(business)) if from == business => true,
        (Some(from), _) if from == customer => false,
        // Only the business's own messages name a `to`.
        _ => msg.get("to").is_some(),
    };
    let (kind, body, media) = if text(msg, "type") == Some("media_placeholder") {
        (Kind::Media, "[media not synced yet]".to_string(), None)
    } else {
        let c = content::of(msg, &[]);
        (c.kind, c.body, c.media)
    };
    let status = outbound.then(|| {
        msg.pointer("/history_context/status").and_then(Value::as_str).map_or(Status::Sent, status_of)
    });
    let at = unix_time(msg.get("timestamp")).timestamp_millis();
    Ok(HistoryItem { external_id: id.to_string(), outbound, at, kind, body, media, status })
}

/// `history_context.status` of a business message: how far it got.
fn status_of(s: &str) -> Status {
    match s.to_ascii_uppercase().as_str() {
        "DELIVERED" => Status::Delivered,
        "READ" | "PLAYED" => Status::Read,
        "ERROR" | "FAILED" => Status::Failed,
        _ => Status::Sent,
    }
}

/// "History sharing declined by the business (2593109): The business declined…".
fn declined(e: &Value) -> String {
    let title = text(e, "title").or_else(|| text(e, "message")).unwrap_or("history not shared");
    let code = e.get("code").and_then(Value::as_i64).map(|c| format!(" ({c})")).unwrap_or_default();
    match e.pointer("/error_data/details").and_then(Value::as_str) {
        Some(d) if !d.is_empty() && d != title => format!("{title}{code}: {d}"),
        _ => format!("{title}{code}"),
    }
}

/// A number Meta may send as a number or as a string.
fn number(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
