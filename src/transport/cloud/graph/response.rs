//! What a POST /messages answer means for the outbox: sent, failed for good, retry later, or stop
//! sending until the operator renews the access token. Branches on Meta's `error.code` first and on
//! the HTTP status only when the code says nothing wabi knows.

use std::time::Duration;

use serde_json::Value;

use super::MAX_BACKOFF;

/// Codes meaning the access token is expired or invalid (0: AuthException, 190: token expired).
const AUTH_CODES: &[i64] = &[0, 190];
/// Codes meaning "not now": throttling (4, 80007, 130429 throughput, 131056 pair rate limit) and
/// temporary errors (1, 2, 131000 unknown error, 131016 service unavailable).
const RETRY_CODES: &[i64] = &[1, 2, 4, 80007, 130_429, 131_000, 131_016, 131_056];
/// Codes that are final whatever the HTTP status says: 131047 (outside the 24-hour customer
/// service window, re-engagement needs a template) and 131026 (undeliverable).
const FAILED_CODES: &[i64] = &[131_026, 131_047];

/// What the outbox should do with a message after a send attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendResult {
    /// Accepted by Meta; `wamid` is its provider id, which later status webhooks name.
    Sent { wamid: String },
    /// Will not be delivered; retrying cannot help. `reason` is for the operator.
    Failed { code: Option<i64>, reason: String },
    /// Try again later: after `after` when the server said so, else after [`super::backoff`].
    Retry { code: Option<i64>, reason: String, after: Option<Duration> },
    /// The access token is expired or invalid: pause all sending and tell the operator.
    AuthExpired { code: Option<i64>, reason: String },
}

/// Reads the answer to a POST /messages. Any status and any bytes are accepted; a body that is
/// not the JSON Meta documents is classified by the HTTP status alone (5xx and 429 retry, 401 is
/// an expired token, anything else fails). `after` is always `None` here: the body never says
/// when to retry; use [`retry_after`] on the `Retry-After` header.
pub fn parse_send_response(http_status: u16, body: &[u8]) -> SendResult {
    parse_answer(http_status, body, "/messages/0/id")
}

/// Reads the answer to a POST /media (an upload) as [`parse_send_response`] reads a send: `Sent`
/// carries the media id (`{"id": "…"}`).
pub fn parse_upload_response(http_status: u16, body: &[u8]) -> SendResult {
    parse_answer(http_status, body, "/id")
}

fn parse_answer(http_status: u16, body: &[u8], id_at: &str) -> SendResult {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    if (200..300).contains(&http_status) {
        let wamid = json.as_ref().and_then(|v| v.pointer(id_at)).and_then(Value::as_str);
        return match wamid {
            Some(wamid) => SendResult::Sent { wamid: wamid.to_string() },
            // Meta may have sent it; retrying could send it twice, so the operator decides.
            None => SendResult::Failed {
                code: None,
                reason: format!("HTTP {http_status} without a message id — check on the phone"),
            },
        };
    }
    let error = json.as_ref().and_then(|v| v.get("error"));
    let code = error.and_then(|e| e.get("code")).and_then(Value::as_i64);
    let transient = error.and_then(|e| e.get("is_transient")).and_then(Value::as_bool) == Some(true);
    let reason = reason(http_status, error, body);
    match code {
        Some(c) if FAILED_CODES.contains(&c) => SendResult::Failed { code, reason },
        Some(c) if AUTH_CODES.contains(&c) => SendResult::AuthExpired { code, reason },
        Some(c) if RETRY_CODES.contains(&c) => SendResult::Retry { code, reason, after: None },
        _ if transient => SendResult::Retry { code, reason, after: None },
        _ => match http_status {
            401 => SendResult::AuthExpired { code, reason },
            429 | 500..=599 => SendResult::Retry { code, reason, after: None },
            _ => SendResult::Failed { code, reason },
        },
    }
}

/// The wait a `Retry-After: <seconds>` header asks for, at most 15 minutes. The HTTP-date form
/// is not read (it would need the clock); it gives `None`, as does anything unreadable.
pub fn retry_after(header: &str) -> Option<Duration> {
    let secs = header.trim().parse::<u64>().ok()?;
    Some(Duration::from_secs(secs).min(MAX_BACKOFF))
}

/// Meta's error of any Graph API answer, in one line: `error.message` (without its `(#code)`
/// prefix) and `error_data.details`, else `HTTP <status>` and the start of the body.
pub fn error_reason(http_status: u16, body: &[u8]) -> (Option<i64>, String) {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let error = json.as_ref().and_then(|v| v.get("error"));
    let code = error.and_then(|e| e.get("code")).and_then(Value::as_i64);
    (code, reason(http_status, error, body))
}

/// `<error.message or title>: <error_data.details>`, without the `(#code)` prefix Meta puts on
/// messages. Without an error object: `HTTP <status>` and the start of the body.
fn reason(http_status: u16, error: Option<&Value>, body: &[u8]) -> String {
    let headline = field(error.and_then(|e| e.get("message")))
        .map(strip_code_prefix)
        .or_else(|| field(error.and_then(|e| e.get("title"))));
    let details = field(error.and_then(|e| e.pointer("/error_data/details")));
    match (headline, details) {
        (Some(h), Some(d)) if !same_sentence(h, d) => format!("{h}: {d}"),
        (Some(text), _) | (None, Some(text)) => text.to_string(),
        (None, None) => {
            let start: String = String::from_utf8_lossy(body).chars().take(200).collect();
            match start.trim() {
                "" => format!("HTTP {http_status}"),
                start => format!("HTTP {http_status}: {start}"),
            }
        }
    }
}

/// The trimmed string `v` holds, unless it is missing or blank.
fn field(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// `(#131047) Re-engagement message` → `Re-engagement message`.
fn strip_code_prefix(message: &str) -> &str {
    message
        .strip_prefix("(#")
        .and_then(|rest| rest.split_once(')'))
        .filter(|(code, _)| !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()))
        .map_or(message, |(_, after)| after.trim_start())
}

fn same_sentence(a: &str, b: &str) -> bool {
    a.trim_end_matches('.').eq_ignore_ascii_case(b.trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Graph API error body the way Meta sends it.
    fn graph_error(code: i64, message: &str, details: &str) -> Vec<u8> {
        let body = serde_json::json!({"error": {
            "message": message, "type": "OAuthException", "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details}, "fbtrace_id": "Az"
        }});
        serde_json::to_vec(&body).unwrap()
    }

    #[test]
    fn accepted_message_returns_its_wamid() {
        let body = br#"{"messaging_product":"whatsapp","contacts":[{"input":"1555","wa_id":"1555"}],
            "messages":[{"id":"wamid.OUT"}]}"#;
        assert_eq!(parse_send_response(200, body), SendResult::Sent { wamid: "wamid.OUT".to_string() });
    }

    #[test]
    fn success_without_wamid_fails_instead_of_resending() {
        let SendResult::Failed { code: None, reason } = parse_send_response(200, b"{}") else {
            panic!("a 200 without wamid must fail");
        };
        assert!(reason.contains("check on the phone"), "{reason}");
    }

    #[test]
    fn outside_the_24_hour_window_fails_with_the_reason() {
        let body = graph_error(131_047, "(#131047) Re-engagement message", "More than 24 hours have passed.");
        let expected = SendResult::Failed {
            code: Some(131_047),
            reason: "Re-engagement message: More than 24 hours have passed.".to_string(),
        };
        assert_eq!(parse_send_response(400, &body), expected);
    }

    #[test]
    fn undeliverable_fails_even_on_a_server_error_and_says_it_once() {
        let body = graph_error(131_026, "(#131026) Message Undeliverable.", "Message Undeliverable.");
        let expected =
            SendResult::Failed { code: Some(131_026), reason: "Message Undeliverable.".to_string() };
        assert_eq!(parse_send_response(500, &body), expected);
    }

    #[test]
    fn rate_and_pair_limits_retry() {
        for code in [130_429, 131_056, 80_007, 4] {
            let body = graph_error(code, &format!("(#{code}) Rate limit hit"), "Slow down.");
            let expected = SendResult::Retry {
                code: Some(code),
                reason: "Rate limit hit: Slow down.".to_string(),
                after: None,
            };
            assert_eq!(parse_send_response(400, &body), expected, "{code}");
        }
    }

    #[test]
    fn server_errors_and_429_retry_even_without_json() {
        for status in [500, 502, 503, 429] {
            let result = parse_send_response(status, b"<html>Bad Gateway</html>");
            let reason = format!("HTTP {status}: <html>Bad Gateway</html>");
            assert_eq!(result, SendResult::Retry { code: None, reason, after: None });
        }
        let empty = parse_send_response(503, b"");
        assert_eq!(empty, SendResult::Retry { code: None, reason: "HTTP 503".to_string(), after: None });
    }

    #[test]
    fn transient_errors_retry() {
        let body = br#"{"error":{"message":"An unexpected error has occurred.",
            "code":99,"is_transient":true}}"#;
        assert!(matches!(parse_send_response(400, body), SendResult::Retry { code: Some(99), .. }));
    }

    #[test]
    fn expired_token_pauses_sending() {
        let body = br#"{"error":{"message":"Error validating access token: Session has expired.",
            "type":"OAuthException","code":190,"error_subcode":463}}"#;
        let expected = SendResult::AuthExpired {
            code: Some(190),
            reason: "Error validating access token: Session has expired.".to_string(),
        };
        assert_eq!(parse_send_response(401, body), expected);
        assert!(matches!(parse_send_response(401, b"nope"), SendResult::AuthExpired { code: None, .. }));
    }

    #[test]
    fn other_client_errors_fail_for_good() {
        let body = graph_error(100, "(#100) Invalid parameter", "Parameter 'to' is invalid.");
        let expected = SendResult::Failed {
            code: Some(100),
            reason: "Invalid parameter: Parameter 'to' is invalid.".to_string(),
        };
        assert_eq!(parse_send_response(400, &body), expected);
        assert!(matches!(parse_send_response(404, b"\xff\xfe"), SendResult::Failed { code: None, .. }));
    }

    #[test]
    fn reason_falls_back_to_title_and_keeps_unusual_prefixes() {
        let body = br#"{"error":{"code":131048,"title":"Spam rate limit hit"}}"#;
        let expected = SendResult::Failed { code: Some(131_048), reason: "Spam rate limit hit".to_string() };
        assert_eq!(parse_send_response(400, body), expected);
        assert_eq!(strip_code_prefix("(#abc) x"), "(#abc) x");
        assert_eq!(strip_code_prefix("(#1) (A, B) pair"), "(A, B) pair");
    }

    #[test]
    fn long_bodies_are_cut_in_the_reason() {
        let body = "é".repeat(1000);
        let SendResult::Failed { reason, .. } = parse_send_response(418, body.as_bytes()) else { panic!() };
        assert_eq!(reason.chars().count(), "HTTP 418: ".len() + 200);
    }

    #[test]
    fn retry_after_reads_seconds_and_caps_them() {
        assert_eq!(retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(retry_after("99999999"), Some(MAX_BACKOFF));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
