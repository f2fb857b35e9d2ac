//! The two requests Meta makes: the verification GET and the signed event POST.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, HttpBody};
use axum::extract::{Query, Request, State as Extract};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::get;

use super::accept::Throttle;
use super::writer::Job;
use super::{BODY_LIMIT, WebhookSecrets};
use crate::store::now_ms;
use crate::transport::cloud::{inbound, signature, webhook};

/// How long a client may take to send its body, and how long a POST waits for its commit: the
/// writer's wait for a store another process is writing, and a little more for the commit itself.
const BODY_TIMEOUT: Duration = Duration::from_secs(10);
const COMMIT_TIMEOUT: Duration = super::writer::BUSY_WAIT.saturating_add(Duration::from_secs(10));
/// Bodies up to this size are parsed on the runtime's thread; larger ones on a blocking thread.
const PARSE_INLINE: usize = 64 * 1024;

/// What every request handler shares.
pub(super) struct State {
    pub secrets: WebhookSecrets,
    pub jobs: std::sync::mpsc::Sender<Job>,
    /// Refused requests are logged at most once per interval: anyone can send them.
    pub refusals: std::sync::Mutex<Throttle>,
}

impl State {
    /// Logs a refused request, unless one was logged a moment ago (then it is only counted).
    fn refused(&self, why: &dyn std::fmt::Display) {
        let mut refusals = self.refusals.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = refusals.hit(std::time::Instant::now()) {
            tracing::warn!("webhook request refused: {why} ({n} refused since the last such line)");
        }
    }
}

type Shared = Arc<State>;

pub(super) fn router(path: &str, state: Shared) -> Router {
    Router::new().route(path, get(verify).post(receive)).with_state(state)
}

/// Meta's subscription handshake: echo `hub.challenge` when the verify token matches.
async fn verify(
    Extract(state): Extract<Shared>,
    Query(query): Query<HashMap<String, String>>,
) -> (StatusCode, String) {
    let mode = query.get("hub.mode").map(String::as_str);
    let token = query.get("hub.verify_token").map(String::as_str);
    let expected = state.secrets.verify_token.expose().as_bytes();
    match (mode, token, query.get("hub.challenge")) {
        (Some("subscribe"), Some(token), Some(challenge)) if constant_time_eq(token.as_bytes(), expected) => {
            tracing::info!("webhook verified by Meta");
            (StatusCode::OK, challenge.clone())
        }
        _ => {
            state.refused(&"verification with a wrong or missing verify token");
            (StatusCode::FORBIDDEN, String::new())
        }
    }
}

/// An event POST: size, signature, JSON, then one commit, and only then 200.
async fn receive(Extract(state): Extract<Shared>, request: Request) -> StatusCode {
    let (parts, body) = request.into_parts();
    let body = match read_body(&parts.headers, body).await {
        Ok(body) => body,
        Err(status) => return status,
    };
    let signature = parts.headers.get("x-hub-signature-256").and_then(|v| v.to_str().ok());
    let secret = state.secrets.app_secret.expose().as_bytes();
    if let Err(e) = signature::verify(secret, &body, signature) {
        state.refused(&e);
        return StatusCode::UNAUTHORIZED;
    }
    // A big body (a history chunk) is parsed off the runtime's thread, which keeps answering.
    let parsed = if body.len() > PARSE_INLINE {
        match tokio::task::spawn_blocking(move || webhook::parse(&body)).await {
            Ok(parsed) => parsed,
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR,
        }
    } else {
        webhook::parse(&body)
    };
    let events = match parsed {
        Ok(events) => events,
        Err(e) => {
            state.refused(&e);
            return StatusCode::BAD_REQUEST;
        }
    };
    let (changes, dropped) = inbound::changes(events, now_ms());
    if dropped > 0 {
        tracing::warn!(
            "{dropped} webhook item(s) could not be used (no usable sender, no id…) and were skipped"
        );
    }
    if changes.is_empty() {
        return StatusCode::OK;
    }
    commit(&state, changes).await
}

/// Hands the changes to the writer and waits for the commit.
async fn commit(state: &State, changes: Vec<crate::store::WebhookChange>) -> StatusCode {
    let (done, committed) = tokio::sync::oneshot::channel();
    if state.jobs.send(Job { changes, done }).is_err() {
        tracing::error!("webhook POST not stored: the store writer has stopped");
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    match tokio::time::timeout(COMMIT_TIMEOUT, committed).await {
        Ok(Ok(Ok(()))) => StatusCode::OK,
        Ok(Ok(Err(e))) => {
            tracing::error!("webhook POST not stored: {e}");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        // Meta redelivers; a commit that still lands later makes the redelivery a no-op.
        Ok(Err(_)) | Err(_) => {
            tracing::error!("webhook POST not stored in time");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// The raw body bytes, at most [`BODY_LIMIT`] of them, within [`BODY_TIMEOUT`].
async fn read_body(headers: &HeaderMap, body: Body) -> Result<Vec<u8>, StatusCode> {
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(StatusCode::PAYLOAD_TOO_LARGE);
    }
    match tokio::time::timeout(BODY_TIMEOUT, read_limited(body, BODY_LIMIT)).await {
        Ok(result) => result,
        Err(_) => Err(StatusCode::REQUEST_TIMEOUT),
    }
}

async fn read_limited(mut body: Body, limit: usize) -> Result<Vec<u8>, StatusCode> {
    let mut bytes = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|_| StatusCode::BAD_REQUEST)?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > limit {
                return Err(StatusCode::PAYLOAD_TOO_LARGE);
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

/// Compares without stopping at the first difference, so timing tells nothing about the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn tokens_are_equal_only_when_every_byte_is() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
