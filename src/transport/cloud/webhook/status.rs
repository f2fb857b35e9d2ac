//! Delivery reports for outbound messages (`statuses[]` in a webhook change).

use serde_json::Value;

use super::{SendError, StatusUpdate, list, text, unix_time};
use crate::model::Status;

/// A status webhook item, or `None` without an id or for a status wabi does not track.
pub(super) fn parse(s: &Value) -> Option<StatusUpdate> {
    let status = match text(s, "status")? {
        "sent" => Status::Sent,
        "delivered" => Status::Delivered,
        "read" | "played" => Status::Read,
        "failed" => Status::Failed,
        _ => return None,
    };
    Some(StatusUpdate {
        external_id: text(s, "id")?.to_string(),
        status,
        at: unix_time(s.get("timestamp")),
        recipient: text(s, "recipient_id").or_else(|| text(s, "recipient_user_id")).map(String::from),
        error: list(s, "errors").first().map(send_error),
        pricing: super::extras::pricing(s),
    })
}

fn send_error(e: &Value) -> SendError {
    SendError {
        code: e.get("code").and_then(Value::as_i64).unwrap_or(0),
        title: text(e, "title").or_else(|| text(e, "message")).unwrap_or("unknown error").to_string(),
        details: e.pointer("/error_data/details").and_then(Value::as_str).map(String::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn played_voice_note_counts_as_read() {
        let s = parse(&json!({"id": "w", "status": "played", "timestamp": "1"})).unwrap();
        assert_eq!((s.status, s.error), (Status::Read, None));
    }

    #[test]
    fn recipient_known_only_by_user_id_is_kept() {
        let s = parse(&json!({"id": "w", "status": "read", "timestamp": "2", "recipient_user_id": "US.9"}));
        assert_eq!(s.and_then(|s| s.recipient).as_deref(), Some("US.9"));
    }

    #[test]
    fn untracked_or_anonymous_statuses_are_skipped() {
        assert_eq!(parse(&json!({"id": "w", "status": "deleted", "timestamp": "1"})), None);
        assert_eq!(parse(&json!({"status": "read", "timestamp": "1"})), None);
        assert_eq!(parse(&json!("read")), None);
    }

    #[test]
    fn error_without_title_uses_its_message_or_a_placeholder() {
        let with_message = send_error(&json!({"code": 131000, "message": "Something went wrong"}));
        assert_eq!((with_message.code, with_message.title.as_str()), (131_000, "Something went wrong"));
        let empty = send_error(&json!({}));
        assert_eq!((empty.code, empty.title.as_str(), empty.details), (0, "unknown error", None));
    }
}
