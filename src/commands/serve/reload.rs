//! What a SIGHUP changes in a running `wabi serve`: the config and the secrets are read again and
//! the transport, the automation and (when what it uses changed) the webhook server are replaced,
//! without stopping the worker, so it keeps the lease. A new access token needs no restart, and
//! messages held back because Meta refused the old one are due again at once.
//!
//! A config or secret that does not load is refused with a line saying why, and the running
//! parts stay as they were. Only a webhook server that cannot start again ends `wabi serve`.

use std::sync::{Arc, Mutex, MutexGuard};

use super::env_file::SecretSource;
use super::{Context, ServeArgs};
use crate::config::{Config, TransportKind};
use crate::store::{OutboxItem, Store, StoreError, now_ms};
use crate::transport::cloud::{self, WebhookSecrets, WebhookServer};
use crate::transport::{SendResult, Transport, TransportEvent};
use crate::worker::{Automation, AutomationRunner};

/// What one reading of the config and the secrets builds.
pub struct Parts {
    pub transport: Box<dyn Transport>,
    pub automation: Box<dyn Automation>,
    /// With the cloud transport: what the webhook server checks requests against.
    pub webhook: Option<WebhookSecrets>,
}

impl Parts {
    /// Builds everything `config` asks for, secrets from `source`; an error is one line (exit 2).
    pub fn build(config: &Config, source: &SecretSource) -> Result<Parts, String> {
        let lookup = |name: &str| source.get(name);
        let transport = crate::transport::build_with(config, &lookup)?;
        let webhook = match config.transport.kind {
            TransportKind::Cloud => Some(
                cloud::webhook_secrets_from(&config.transport.cloud, &lookup).map_err(|e| e.to_string())?,
            ),
            _ => None,
        };
        let automation = AutomationRunner::new(config).map_err(|e| e.to_string())?;
        Ok(Parts { transport, automation: Box::new(automation), webhook })
    }
}

/// What the webhook server was started with; a reload restarts it only when this changes.
#[derive(PartialEq, Eq)]
pub struct ServerKey {
    listen: String,
    path: String,
    app_secret: String,
    verify_token: String,
    /// The webhook's store applies consent words and the business zone to what it stores.
    store_settings: String,
}

impl ServerKey {
    pub fn new(config: &Config, secrets: &WebhookSecrets) -> ServerKey {
        ServerKey {
            listen: config.transport.cloud.listen.clone(),
            path: config.transport.cloud.webhook_path.clone(),
            app_secret: secrets.app_secret.expose().to_string(),
            verify_token: secrets.verify_token.expose().to_string(),
            store_settings: format!("{:?} {}", config.consent, config.hours.timezone),
        }
    }
}

/// Why a reload did not happen, or went wrong half-way.
pub enum ReloadError {
    /// Nothing changed; `wabi serve` goes on as it was.
    Refused(String),
    /// The webhook server was stopped and could not start again: `wabi serve` must end.
    Fatal(String),
}

/// The replaceable parts of a running `wabi serve`.
pub struct Live {
    transport: Arc<Mutex<Box<dyn Transport>>>,
    automation: Arc<Mutex<Box<dyn Automation>>>,
    pub server: Option<WebhookServer>,
    server_key: Option<ServerKey>,
}

impl Live {
    pub fn new(transport: Box<dyn Transport>, automation: Box<dyn Automation>) -> Live {
        Live {
            transport: Arc::new(Mutex::new(transport)),
            automation: Arc::new(Mutex::new(automation)),
            server: None,
            server_key: None,
        }
    }

    /// Records the server started with `key`.
    pub fn set_server(&mut self, server: Option<WebhookServer>, key: Option<ServerKey>) {
        self.server = server;
        self.server_key = key;
    }

    /// The transport as the worker holds it: whatever the latest reload put in.
    pub fn transport(&self) -> Box<dyn Transport> {
        Box::new(SharedTransport(Arc::clone(&self.transport)))
    }

    /// The automation as the worker holds it.
    pub fn automation(&self) -> Box<dyn Automation> {
        Box::new(SharedAutomation(Arc::clone(&self.automation)))
    }

    /// Reads the config and the secrets again and puts what they build in place. Returns what to
    /// log.
    pub fn reload(&mut self, ctx: &Context, args: &ServeArgs) -> Result<String, ReloadError> {
        let refused = |m: String| ReloadError::Refused(format!("reload refused, nothing changed: {m}"));
        let source = SecretSource::read(args.env_file.as_deref()).map_err(refused)?;
        let config = ctx.config().map_err(|e| refused(e.message))?;
        let parts = Parts::build(&config, &source).map_err(refused)?;
        let key = parts.webhook.as_ref().map(|s| ServerKey::new(&config, s));
        let webhook = if key == self.server_key {
            "webhook unchanged".to_string()
        } else {
            if let Some(old) = self.server.take() {
                old.stop();
            }
            self.server_key = None;
            self.server = match parts.webhook {
                Some(secrets) => Some(
                    super::start_server(ctx, &config, secrets)
                        .map_err(|e| ReloadError::Fatal(format!("webhook server: {}", e.message)))?,
                ),
                None => None,
            };
            self.server_key = key;
            match &self.server {
                Some(s) => format!("webhook restarted on {}", s.addr()),
                None => "no webhook".to_string(),
            }
        };
        let name = parts.transport.name();
        *lock(&self.transport) = parts.transport;
        *lock(&self.automation) = parts.automation;
        let resumed = Store::open(&ctx.db_path)
            .and_then(|mut store| store.resume_paused_sends(now_ms()))
            .unwrap_or_else(|e| {
                tracing::warn!("after reload: {e}");
                0
            });
        let from = source.file().map(|f| format!(" and {}", f.display())).unwrap_or_default();
        let mut line = format!("reloaded {}{from}: transport {name}, {webhook}", ctx.config_path.display());
        if resumed > 0 {
            line.push_str(&format!(", {resumed} paused message(s) due again"));
        }
        Ok(line)
    }
}

/// A lock that a panic elsewhere does not make unusable (the parts hold no invariants across
/// calls that a half-finished call could break).
fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct SharedTransport(Arc<Mutex<Box<dyn Transport>>>);

impl Transport for SharedTransport {
    fn name(&self) -> &'static str {
        lock(&self.0).name()
    }

    fn can_send(&self) -> bool {
        lock(&self.0).can_send()
    }

    fn send(&mut self, item: &OutboxItem) -> SendResult {
        lock(&self.0).send(item)
    }

    fn poll(&mut self, now: i64) -> Vec<TransportEvent> {
        lock(&self.0).poll(now)
    }

    fn upkeep(&mut self, store: &mut Store) -> Result<bool, StoreError> {
        lock(&self.0).upkeep(store)
    }
}

struct SharedAutomation(Arc<Mutex<Box<dyn Automation>>>);

impl Automation for SharedAutomation {
    fn run(&mut self, store: &mut Store, now: i64) -> Result<usize, StoreError> {
        lock(&self.0).run(store, now)
    }
}
