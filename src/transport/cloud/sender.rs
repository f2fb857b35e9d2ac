//! The worker's side of the Cloud API: sends outbox messages (text or template) to the Graph API,
//! maps Meta's answer onto the outbox, pauses on an expired token, and sends read receipts for
//! chats the operator has opened when `mark_read = true`.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::{Secret, graph};
use crate::config::CloudConfig;
use crate::model::Kind;
use crate::store::{ContactKey, OutboxItem, Store, StoreError};
use crate::transport::{SendResult, Transport};

/// Meta's answer must come within this time, or the attempt counts as a network error.
const SEND_TIMEOUT: Duration = Duration::from_secs(15);
/// How long sending stays paused after Meta refused the access token; then one message tries again.
const AUTH_PAUSE: Duration = Duration::from_secs(60);
/// Answers larger than this are cut (Meta's are a few hundred bytes).
const ANSWER_LIMIT: u64 = 64 * 1024;
/// After a failed read receipt (network), receipts wait this long.
const RECEIPT_PAUSE: Duration = Duration::from_secs(30);

/// A Graph API client for one business phone number.
pub struct CloudTransport {
    agent: ureq::Agent,
    messages_url: String,
    upload_agent: ureq::Agent,
    upload_url: String,
    token: Secret,
    mark_read: bool,
    backoff: fn(u32) -> Duration,
    paused_until: Option<Instant>,
    receipts_after: Option<Instant>,
}

/// What one POST to the Graph API returned: status, `Retry-After`, body.
type Answer = (u16, Option<String>, Vec<u8>);

/// A blocking HTTP client with one overall deadline per request, that hands back error statuses
/// as answers to read rather than as errors.
pub(crate) fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("wabi/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

impl CloudTransport {
    /// A sender for `config`'s phone number id, authorised by `token`.
    pub fn new(config: &CloudConfig, token: Secret) -> CloudTransport {
        CloudTransport {
            agent: agent(SEND_TIMEOUT),
            messages_url: graph::messages_url(
                &config.graph_url,
                &config.api_version,
                &config.phone_number_id,
            ),
            upload_agent: super::upload::upload_agent(),
            upload_url: graph::media_upload_url(
                &config.graph_url,
                &config.api_version,
                &config.phone_number_id,
            ),
            token,
            mark_read: config.mark_read,
            backoff: graph::backoff,
            paused_until: None,
            receipts_after: None,
        }
    }

    /// Replaces the retry schedule (Meta's 1 s, 4 s, 16 s …), so tests need not wait for it.
    pub fn with_backoff(mut self, backoff: fn(u32) -> Duration) -> CloudTransport {
        self.backoff = backoff;
        self
    }

    fn post(&self, body: &Value) -> Result<Answer, ureq::Error> {
        // A Value always serialises; the default is never seen.
        let json = serde_json::to_vec(body).unwrap_or_default();
        let mut response = self
            .agent
            .post(&self.messages_url)
            .header("Authorization", &format!("Bearer {}", self.token.expose()))
            .header("Content-Type", "application/json")
            .send(&json[..])?;
        let retry_after =
            response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(String::from);
        let status = response.status().as_u16();
        let bytes = response.body_mut().with_config().limit(ANSWER_LIMIT).read_to_vec()?;
        Ok((status, retry_after, bytes))
    }

    fn paused(&self) -> bool {
        self.paused_until.is_some_and(|t| Instant::now() < t)
    }

    /// What the outbox does with Meta's answer; `failures` counts this failed attempt too.
    fn outcome(&mut self, answer: Answer, failures: u32) -> SendResult {
        self.outcome_of(answer, failures, graph::parse_send_response)
    }

    /// [`CloudTransport::outcome`] for an answer read by `parse` (a send or an upload).
    fn outcome_of(
        &mut self,
        answer: Answer,
        failures: u32,
        parse: fn(u16, &[u8]) -> graph::SendResult,
    ) -> SendResult {
        let (status, retry_after, bytes) = answer;
        match parse(status, &bytes) {
            graph::SendResult::Sent { wamid } => SendResult::Sent { external_id: wamid },
            graph::SendResult::Failed { code, reason } => SendResult::Failed { code, reason },
            graph::SendResult::Retry { code, reason, .. } => {
                let after = retry_after
                    .as_deref()
                    .and_then(graph::retry_after)
                    .unwrap_or_else(|| (self.backoff)(failures));
                SendResult::Retry { after_ms: millis(after), reason: with_code(code, &reason) }
            }
            graph::SendResult::AuthExpired { code, reason } => {
                self.paused_until = Some(Instant::now() + AUTH_PAUSE);
                tracing::warn!("sending paused: Meta refused the access token");
                SendResult::AuthExpired {
                    reason: format!("access token refused, sending paused: {}", with_code(code, &reason)),
                }
            }
        }
    }
}

impl Transport for CloudTransport {
    fn name(&self) -> &'static str {
        "cloud"
    }

    fn send(&mut self, item: &OutboxItem) -> SendResult {
        if self.paused() {
            return SendResult::AuthExpired { reason: "sending paused: the access token was refused".into() };
        }
        let to = match &item.to {
            ContactKey::Phone(p) | ContactKey::UserId(p) => p.as_str(),
        };
        let body = match body(to, item) {
            Ok(body) => body,
            Err(reason) => return SendResult::Failed { code: None, reason },
        };
        let failures = failures(item);
        match self.post(&body) {
            Ok(answer) => self.outcome(answer, failures),
            Err(e) => {
                tracing::warn!(message = item.id, "send failed, will retry: {e}");
                SendResult::Retry {
                    after_ms: millis((self.backoff)(failures)),
                    reason: format!("network: {e}"),
                }
            }
        }
    }

    fn upload(&mut self, item: &OutboxItem) -> Result<Option<String>, SendResult> {
        let Some(media) = &item.media else { return Ok(None) };
        if self.paused() {
            return Err(SendResult::AuthExpired {
                reason: "sending paused: the access token was refused".into(),
            });
        }
        let name = media.filename.as_deref().unwrap_or("file");
        let path = std::path::Path::new(&media.path);
        let posted = super::upload::post_file(
            &self.upload_agent,
            &self.upload_url,
            &self.token,
            path,
            &media.mime,
            name,
        );
        match posted {
            Ok(answer) => match self.outcome_of(answer, failures(item), graph::parse_upload_response) {
                SendResult::Sent { external_id } => Ok(Some(external_id)),
                SendResult::Failed { code, reason } => {
                    Err(SendResult::Failed { code, reason: format!("upload refused: {reason}") })
                }
                other => Err(other),
            },
            // wabi's copy is gone (deleted by hand): retrying cannot bring it back.
            Err(e @ super::upload::UploadError::File { .. }) => {
                Err(SendResult::Failed { code: None, reason: e.to_string() })
            }
            Err(e) => {
                tracing::warn!(message = item.id, "upload failed, will retry: {e}");
                Err(SendResult::Retry {
                    after_ms: millis((self.backoff)(failures(item))),
                    reason: e.to_string(),
                })
            }
        }
    }

    fn upkeep(&mut self, store: &mut Store) -> Result<bool, StoreError> {
        if !self.mark_read || self.paused() || self.receipts_after.is_some_and(|t| Instant::now() < t) {
            return Ok(false);
        }
        let typing = store.typing_due(crate::store::now_ms())?;
        for t in &typing {
            if let Err(e) = self.post(&graph::typing_body(&t.external_id)) {
                tracing::warn!("typing indicator not sent: {e}");
                self.receipts_after = Some(Instant::now() + RECEIPT_PAUSE);
                return Ok(false);
            }
            // It marks the message read too.
            store.typing_sent(t.chat_id, crate::store::now_ms())?;
            store.mark_receipted(t.chat_id, t.last_inbound_at)?;
        }
        let due = store.receipts_due(20)?;
        for receipt in &due {
            if let Some(wamid) = &receipt.external_id {
                if let Err(e) = self.post(&graph::mark_read_body(wamid)) {
                    tracing::warn!("read receipt not sent, will retry: {e}");
                    self.receipts_after = Some(Instant::now() + RECEIPT_PAUSE);
                    return Ok(false);
                }
            }
            // Meta's refusal (an old or unknown message) is final: it will not change on retry.
            store.mark_receipted(receipt.chat_id, receipt.last_inbound_at)?;
        }
        Ok(!due.is_empty() || !typing.is_empty())
    }
}

/// The Graph API request for an outbox item: a template, a reaction, an attachment (by the media
/// id its upload gave) or a text. `Err` when an attachment has no media id, which the worker
/// never lets happen.
fn body(to: &str, item: &OutboxItem) -> Result<Value, String> {
    if let Some(t) = &item.template {
        return Ok(graph::template_body(to, t));
    }
    let reply_to = item.reply_to.as_deref();
    match (item.kind, &item.media) {
        (Kind::Reaction, _) => Ok(graph::reaction_body(to, reply_to.unwrap_or_default(), &item.body)),
        (kind, Some(media)) => {
            let media_id = media.media_id.as_deref().ok_or("the attachment was not uploaded")?;
            let message = graph::MediaMessage {
                kind,
                media_id,
                caption: &item.body,
                filename: media.filename.as_deref(),
                voice: crate::attach::is_voice(kind, &media.mime),
            };
            Ok(graph::media_body(to, &message, reply_to))
        }
        _ => Ok(graph::text_body(to, &item.body, reply_to)),
    }
}

/// Failed attempts so far, this one included.
fn failures(item: &OutboxItem) -> u32 {
    u32::try_from(item.attempts.saturating_add(1)).unwrap_or(u32::MAX)
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn with_code(code: Option<i64>, reason: &str) -> String {
    match code {
        Some(c) => format!("{reason} ({c})"),
        None => reason.to_string(),
    }
}
