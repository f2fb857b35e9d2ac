//! A small Graph API client for the account calls (templates, profile, blocks, doctor): GET,
//! POST and DELETE of JSON with the access token, and Meta's error turned into one line that names
//! the call. Sending messages has its own client in [`super::sender`], tuned for the outbox.

use std::time::Duration;

use serde_json::Value;

use super::{CloudError, Secret, graph};
use crate::config::CloudConfig;

/// Meta answers account calls within seconds; a stuck call fails rather than hangs the command.
const TIMEOUT: Duration = Duration::from_secs(30);
/// Answers larger than this are cut (a page of templates is tens of kilobytes).
const ANSWER_LIMIT: u64 = 8 * 1024 * 1024;

/// A Graph API call that did not succeed: `GET /{waba_id}/message_templates: Invalid OAuth access
/// token` — the call and Meta's message, never the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{call}: {message}")]
pub struct GraphError {
    pub call: String,
    pub message: String,
    /// Meta's `error.code`, when it gave one.
    pub code: Option<i64>,
    /// The HTTP status; None when the request got no complete answer.
    pub status: Option<u16>,
}

/// The Graph API at `{graph_url}/{api_version}` with one access token.
pub struct Graph {
    agent: ureq::Agent,
    base: String,
    token: Secret,
}

impl Graph {
    pub fn new(config: &CloudConfig, token: Secret) -> Graph {
        let base = format!("{}/{}", config.graph_url.trim_end_matches('/'), config.api_version);
        Graph { agent: super::sender::agent(TIMEOUT), base, token }
    }

    /// A client with the access token from the environment.
    pub fn from_env(config: &CloudConfig) -> Result<Graph, CloudError> {
        Ok(Graph::new(config, super::access_token(config)?))
    }

    /// `{base}/{path}`; `path` is relative to the API version (`123/block_users`).
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base, path.trim_start_matches('/'))
    }

    /// GET `path` with `query`; `call` names it in errors (`GET /{phone_number_id}`).
    pub fn get(&self, call: &str, path: &str, query: &[(&str, &str)]) -> Result<Value, GraphError> {
        let mut request = self.agent.get(&self.url(path)).header("Authorization", &self.bearer());
        for (k, v) in query {
            request = request.query(*k, *v);
        }
        answer(call, request.call())
    }

    /// POST `body` as JSON to `path`.
    pub fn post(&self, call: &str, path: &str, body: &Value) -> Result<Value, GraphError> {
        let request = self
            .agent
            .post(&self.url(path))
            .header("Authorization", &self.bearer())
            .header("Content-Type", "application/json");
        answer(call, request.send(&json_bytes(body)[..]))
    }

    /// DELETE `path` with a JSON body (Meta's unblock takes one).
    pub fn delete(&self, call: &str, path: &str, body: &Value) -> Result<Value, GraphError> {
        let request = self
            .agent
            .delete(&self.url(path))
            .header("Authorization", &self.bearer())
            .header("Content-Type", "application/json")
            .force_send_body();
        answer(call, request.send(&json_bytes(body)[..]))
    }

    /// POST raw bytes to `path` with extra headers, authorised as the resumable upload API wants
    /// (`OAuth <token>`).
    pub fn post_bytes(
        &self,
        call: &str,
        path: &str,
        headers: &[(&str, String)],
        bytes: &[u8],
    ) -> Result<Value, GraphError> {
        let mut request = self
            .agent
            .post(&self.url(path))
            .header("Authorization", &format!("OAuth {}", self.token.expose()));
        for (k, v) in headers {
            request = request.header(*k, v);
        }
        answer(call, request.send(bytes))
    }

    /// GET `path` authorised as the resumable upload API wants.
    pub fn get_oauth(&self, call: &str, path: &str) -> Result<Value, GraphError> {
        let request = self
            .agent
            .get(&self.url(path))
            .header("Authorization", &format!("OAuth {}", self.token.expose()));
        answer(call, request.call())
    }

    fn bearer(&self) -> String {
        format!("Bearer {}", self.token.expose())
    }
}

fn json_bytes(body: &Value) -> Vec<u8> {
    // A Value always serialises; the default is never seen.
    serde_json::to_vec(body).unwrap_or_default()
}

/// The JSON of a 2xx answer, or the call's error in one line.
fn answer(
    call: &str,
    result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Value, GraphError> {
    let failed = |message: String, code, status| GraphError { call: call.to_string(), message, code, status };
    let mut response = result.map_err(|e| failed(format!("no answer ({e})"), None, None))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(ANSWER_LIMIT)
        .read_to_vec()
        // Cut short: as good as no answer (the upload resumes from what Meta says it has).
        .map_err(|e| failed(format!("answer cut short ({e})"), None, None))?;
    if !(200..300).contains(&status) {
        let (code, reason) = graph::error_reason(status, &body);
        return Err(failed(reason, code, Some(status)));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(&body).map_err(|_| {
        let start: String = String::from_utf8_lossy(&body).chars().take(120).collect();
        failed(format!("HTTP {status} but not JSON: {start}"), None, Some(status))
    })
}
