//! `[transport]`: how wabi reaches customers — none, the demo simulator, or the WhatsApp Cloud API.

use serde::Deserialize;

/// Which transport connects wabi to customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TransportKind {
    Demo,
    Cloud,
    #[default]
    None,
}

/// `[transport]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct TransportConfig {
    pub kind: TransportKind,
    pub demo: DemoConfig,
    pub cloud: CloudConfig,
}

impl TransportConfig {
    /// Why a queued message does not go out when no transport is configured.
    pub const NOTHING_SENDS: &str = "no transport configured: nothing sends this";
}

/// `[transport.demo]`: the simulated customers of `wabi --demo`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DemoConfig {
    /// Simulated customers write new messages every few seconds.
    pub simulate_customers: bool,
    /// Delay before an outbound message turns sent, then delivered, then read.
    pub ack_delay_ms: u64,
    /// Mean pause between simulated customer messages.
    pub customer_interval_ms: u64,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig { simulate_customers: true, ack_delay_ms: 800, customer_interval_ms: 7000 }
    }
}

/// `[transport.cloud]`: the WhatsApp Cloud API. Secrets are named by environment variable only.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CloudConfig {
    pub phone_number_id: String,
    pub listen: String,
    pub webhook_path: String,
    pub graph_url: String,
    pub api_version: String,
    pub access_token_env: String,
    pub app_secret_env: String,
    pub verify_token_env: String,
    pub mark_read: bool,
    /// The WhatsApp Business Account id: templates and the app subscription live there.
    pub waba_id: String,
    /// The Meta app's id, for the resumable upload of a profile picture.
    pub app_id: String,
    /// Webhook connections open at once at most; at the cap idle ones are closed (1-65536).
    pub max_connections: usize,
}

impl Default for CloudConfig {
    fn default() -> Self {
        CloudConfig {
            phone_number_id: String::new(),
            listen: "127.0.0.1:8080".into(),
            webhook_path: "/webhook".into(),
            graph_url: "https://graph.facebook.com".into(),
            api_version: "v25.0".into(),
            access_token_env: "WABI_ACCESS_TOKEN".into(),
            app_secret_env: "WABI_APP_SECRET".into(),
            verify_token_env: "WABI_VERIFY_TOKEN".into(),
            mark_read: false,
            waba_id: String::new(),
            app_id: String::new(),
            max_connections: 256,
        }
    }
}

impl CloudConfig {
    pub(super) fn validate(&self) -> Result<(), (&'static str, &'static str, String)> {
        if !(1..=65_536).contains(&self.max_connections) {
            let message = format!("{} is not between 1 and 65536", self.max_connections);
            return Err(("transport.cloud", "max_connections", message));
        }
        Ok(())
    }
}
