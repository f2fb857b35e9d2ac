//! Transports connect the store to customers. The worker is their only caller: it hands them
//! outbound messages and collects what they report (DESIGN.md, "outbound is an outbox").

pub mod cloud;
pub mod demo;

use crate::model::Status;
use crate::store::{NewMessage, OutboxItem, Store, StoreError};

/// What became of one send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendResult {
    /// The provider took it under this id.
    Sent { external_id: String },
    /// It will never go out as it is (outside the service window, undeliverable, …).
    Failed { code: Option<i64>, reason: String },
    /// Try again after this many milliseconds (rate limit, network error).
    Retry { after_ms: i64, reason: String },
    /// Credentials no longer work: stop sending until the operator fixes them.
    AuthExpired { reason: String },
}

/// Something a transport noticed on its own (the demo's customers, a status callback).
#[derive(Debug, Clone, PartialEq)]
pub enum TransportEvent {
    Inbound(NewMessage),
    Status { external_id: String, status: Status, at: i64, error: Option<(i64, String)> },
}

/// A way to reach customers.
pub trait Transport: Send {
    /// Short name for the status bar ("demo", "cloud", "none").
    fn name(&self) -> &'static str;

    /// Whether this transport sends at all; `none` leaves the outbox queued.
    fn can_send(&self) -> bool {
        true
    }

    /// Sends one outbound message.
    fn send(&mut self, item: &OutboxItem) -> SendResult;

    /// Uploads the attachment of `item` when it must go up before the message (the Cloud API's
    /// media upload). Called only for an item with an attachment that has no media id yet.
    /// `Ok(Some(id))`: the id to keep on the row and send with, so a retry never uploads again;
    /// `Ok(None)`: nothing to upload; `Err`: what to record instead of sending.
    fn upload(&mut self, item: &OutboxItem) -> Result<Option<String>, SendResult> {
        let _ = item;
        Ok(None)
    }

    /// Events due by `now` (ms); called on every worker tick.
    fn poll(&mut self, now: i64) -> Vec<TransportEvent> {
        let _ = now;
        Vec::new()
    }

    /// Store upkeep the transport does on each worker tick while the worker holds the lease
    /// (the cloud transport sends read receipts). Returns whether the store changed.
    fn upkeep(&mut self, store: &mut Store) -> Result<bool, StoreError> {
        let _ = store;
        Ok(false)
    }
}

/// The default transport: nothing leaves the machine; outbound messages stay queued.
pub struct NoTransport;

impl Transport for NoTransport {
    fn name(&self) -> &'static str {
        "none"
    }

    fn can_send(&self) -> bool {
        false
    }

    fn send(&mut self, _item: &OutboxItem) -> SendResult {
        SendResult::Retry { after_ms: 60_000, reason: "no transport configured".into() }
    }
}

/// The transport the config names. An error is one line for the user (exit 2).
pub fn build(config: &crate::config::Config) -> Result<Box<dyn Transport>, String> {
    build_with(config, &|name| std::env::var(name).ok())
}

/// As [`build`], with the secrets' variables looked up in `source` (`wabi serve --env-file`).
pub fn build_with(
    config: &crate::config::Config,
    source: &cloud::SecretLookup<'_>,
) -> Result<Box<dyn Transport>, String> {
    use crate::config::TransportKind;
    match config.transport.kind {
        TransportKind::None => Ok(Box::new(NoTransport)),
        TransportKind::Demo => Ok(Box::new(demo::DemoTransport::new(&config.transport.demo))),
        TransportKind::Cloud => {
            let cloud = &config.transport.cloud;
            if cloud.phone_number_id.trim().is_empty() {
                return Err(cloud::CloudError::MissingPhoneNumberId.to_string());
            }
            if !cloud::graph::is_object_id(cloud.phone_number_id.trim()) {
                return Err(format!(
                    "transport.cloud.phone_number_id {:?} is not an id (letters, digits, _ and - only)",
                    cloud.phone_number_id
                ));
            }
            let token = cloud::Secret::from_source(&cloud.access_token_env, "access_token_env", source)
                .map_err(|e| e.to_string())?;
            Ok(Box::new(cloud::CloudTransport::new(cloud, token)))
        }
    }
}
