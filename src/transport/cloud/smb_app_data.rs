//! `POST /{phone_number_id}/smb_app_data`: asks Meta to start sending a coexistence number's
//! WhatsApp Business app data: its chat history (`history` webhooks) or its contacts
//! (`smb_app_state_sync` webhooks). Meta accepts each once, within 24 hours of the number's
//! onboarding to the Cloud API.

use std::time::Duration;

use serde_json::{Value, json};

use super::Secret;
use crate::config::CloudConfig;

const TIMEOUT: Duration = Duration::from_secs(30);

/// Which of the app's data to sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncKind {
    History,
    Contacts,
}

impl SyncKind {
    /// The `sync_type` Meta names it by.
    pub fn sync_type(self) -> &'static str {
        match self {
            SyncKind::History => "history",
            SyncKind::Contacts => "smb_app_state_sync",
        }
    }

    fn what(self) -> &'static str {
        match self {
            SyncKind::History => "chat history",
            SyncKind::Contacts => "contacts",
        }
    }
}

/// Why a sync request failed; every message names the call and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("POST …/smb_app_data: {0}")]
    Network(String),
    #[error(
        "Meta refused to sync the {what}: {reason}. Meta allows each sync once, within 24 hours of \
         connecting the number to the Cloud API (coexistence onboarding); after that, messages come \
         in live but the phone's older chats stay on the phone (`wabi import` reads their exports)"
    )]
    Refused { what: &'static str, reason: String },
}

/// `{graph_url}/{api_version}/{phone_number_id}/smb_app_data`.
pub fn sync_url(graph_url: &str, api_version: &str, phone_number_id: &str) -> String {
    format!("{}/{api_version}/{phone_number_id}/smb_app_data", graph_url.trim_end_matches('/'))
}

/// The request body for `kind`.
pub fn sync_body(kind: SyncKind) -> Value {
    json!({ "messaging_product": "whatsapp", "sync_type": kind.sync_type() })
}

/// Starts the sync; returns Meta's request id (when it gives one).
pub fn request_sync(
    config: &CloudConfig,
    token: &Secret,
    kind: SyncKind,
) -> Result<Option<String>, SyncError> {
    let url = sync_url(&config.graph_url, &config.api_version, &config.phone_number_id);
    let mut response = super::sender::agent(TIMEOUT)
        .post(&url)
        .header("Authorization", &format!("Bearer {}", token.expose()))
        .header("Content-Type", "application/json")
        .send(sync_body(kind).to_string().as_bytes())
        .map_err(|e| SyncError::Network(e.to_string()))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_vec()
        .map_err(|e| SyncError::Network(e.to_string()))?;
    read_answer(kind, status, &body)
}

/// Meta's answer: 2xx is accepted (with `request_id`); anything else is its error message.
fn read_answer(kind: SyncKind, status: u16, body: &[u8]) -> Result<Option<String>, SyncError> {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    if (200..300).contains(&status) {
        let id = json.as_ref().and_then(|v| v.get("request_id")).and_then(Value::as_str);
        return Ok(id.map(String::from));
    }
    let error = json.as_ref().and_then(|v| v.get("error"));
    let message = error
        .and_then(|e| e.pointer("/error_data/details").or_else(|| e.get("message")))
        .and_then(Value::as_str)
        .map(|m| crate::sanitize::one_line(m).chars().take(300).collect::<String>());
    let code = error.and_then(|e| e.get("code")).and_then(Value::as_i64);
    let reason = match (message, code) {
        (Some(m), Some(c)) => format!("{m} (HTTP {status}, code {c})"),
        (Some(m), None) => format!("{m} (HTTP {status})"),
        (None, _) => format!("HTTP {status}"),
    };
    Err(SyncError::Refused { what: kind.what(), reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_names_the_number_and_the_sync_type() {
        assert_eq!(
            sync_url("https://graph.facebook.com/", "v25.0", "106540352242922"),
            "https://graph.facebook.com/v25.0/106540352242922/smb_app_data"
        );
        assert_eq!(
            sync_body(SyncKind::Contacts),
            json!({"messaging_product": "whatsapp", "sync_type": "smb_app_state_sync"})
        );
        assert_eq!(sync_body(SyncKind::History)["sync_type"], "history");
    }

    #[test]
    fn a_refusal_explains_the_24_hour_rule_and_keeps_metas_reason() {
        let body = br#"{"error": {"message": "(#100) Invalid parameter", "code": 100,
            "error_data": {"details": "Sync window has expired"}}}"#;
        let e = read_answer(SyncKind::History, 400, body).unwrap_err().to_string();
        assert!(
            e.starts_with(
                "Meta refused to sync the chat history: Sync window has expired (HTTP 400, code 100)"
            ),
            "{e}"
        );
        assert!(e.contains("within 24 hours"), "{e}");
        assert_eq!(
            read_answer(SyncKind::History, 200, br#"{"request_id": "R1"}"#).unwrap(),
            Some("R1".into())
        );
    }
}
