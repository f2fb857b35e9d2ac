//! A webhook server on a temporary store, and signed requests to it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use wabi::store::Store;
use wabi::transport::cloud::signature::sign;
use wabi::transport::cloud::{Secret, WebhookSecrets, WebhookServer};

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/cloud-api");
pub const APP_SECRET: &str = "test-app-secret";
pub const VERIFY_TOKEN: &str = "test-verify-token";
pub const ACCESS_TOKEN: &str = "test-access-token";

/// The real webhook server on 127.0.0.1 and an ephemeral port, writing to a temporary store.
pub struct Hook {
    pub server: WebhookServer,
    pub dir: tempfile::TempDir,
    agent: ureq::Agent,
}

impl Hook {
    pub fn start() -> Hook {
        Hook::with_secret(APP_SECRET)
    }

    pub fn with_secret(app_secret: &str) -> Hook {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("wabi.db")).unwrap();
        let secrets =
            WebhookSecrets { app_secret: Secret::new(app_secret), verify_token: Secret::new(VERIFY_TOKEN) };
        let server = WebhookServer::start("127.0.0.1:0", "/webhook", secrets, store).unwrap();
        Hook { server, dir, agent: client() }
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("wabi.db")
    }

    /// A second connection to the store, to look at what the server committed.
    pub fn store(&self) -> Store {
        Store::open(&self.db()).unwrap()
    }

    pub fn url(&self, rest: &str) -> String {
        format!("http://{}{rest}", self.addr())
    }

    /// POSTs `body` signed with the test app secret; returns the HTTP status.
    pub fn post_signed(&self, body: &[u8]) -> u16 {
        self.post(body, Some(&sign(APP_SECRET.as_bytes(), body)))
    }

    /// POSTs `body` with the given signature header (or none).
    pub fn post(&self, body: &[u8], signature: Option<&str>) -> u16 {
        let mut request = self.agent.post(&self.url("/webhook")).header("Content-Type", "application/json");
        if let Some(s) = signature {
            request = request.header("X-Hub-Signature-256", s);
        }
        request.send(body).map(|r| r.status().as_u16()).unwrap()
    }

    /// GET with a query string; returns status and body.
    pub fn get(&self, query: &str) -> (u16, String) {
        let mut response = self.agent.get(&self.url(&format!("/webhook?{query}"))).call().unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }

    /// How many messages the store holds.
    pub fn message_count(&self) -> i64 {
        self.store().conn().query_row("SELECT count(*) FROM messages", [], |r| r.get(0)).unwrap()
    }
}

/// An HTTP client that hands back error statuses instead of failing on them.
pub fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// A webhook body with one change carrying `value`.
pub fn webhook(value: serde_json::Value) -> Vec<u8> {
    let body = serde_json::json!({"object": "whatsapp_business_account", "entry": [
        {"id": "WABA", "changes": [{"field": "messages", "value": value}]}
    ]});
    serde_json::to_vec(&body).unwrap()
}

/// A text message from `from` with id `id` and body `text`, at Unix second `ts`.
pub fn text_message(id: &str, from: &str, text: &str, ts: i64) -> serde_json::Value {
    serde_json::json!({"from": from, "id": id, "timestamp": ts.to_string(), "type": "text",
                       "text": {"body": text}})
}

/// A status update for outbound message `id`.
pub fn status(id: &str, status: &str, ts: i64) -> serde_json::Value {
    serde_json::json!({"id": id, "status": status, "timestamp": ts.to_string(),
                       "recipient_id": "34600111222"})
}

/// Waits up to 10 s for `check` to hold.
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `wabi serve` on the sandbox's store with the test secrets in its environment and its stderr
/// piped (read it with [`webhook_url`]).
pub fn serve_command(s: &crate::common::Sandbox, config: &std::path::Path) -> std::process::Command {
    let mut cmd = s.wabi_process();
    cmd.env("XDG_STATE_HOME", s.path("xdg-state"))
        .env("WABI_ACCESS_TOKEN", ACCESS_TOKEN)
        .env("WABI_APP_SECRET", APP_SECRET)
        .env("WABI_VERIFY_TOKEN", VERIFY_TOKEN)
        .arg("--config")
        .arg(config)
        .arg("serve")
        .stderr(std::process::Stdio::piped());
    cmd
}

/// The stderr of `wabi serve`, kept open so that the child can still write to it.
pub type Stderr = std::io::BufReader<std::process::ChildStderr>;

/// The webhook URL `wabi serve` announces, and the rest of its stderr.
pub fn webhook_url(child: &mut std::process::Child) -> (String, Stderr) {
    use std::io::BufRead;
    let mut stderr = std::io::BufReader::new(child.stderr.take().expect("serve's stderr is piped"));
    let mut line = String::new();
    loop {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap_or(0) > 0, "serve ended early");
        if let Some(url) = line.trim().strip_prefix("wabi serve: webhook listening on ") {
            return (url.to_string(), stderr);
        }
    }
}

/// [`webhook_url`], then its stderr drained in a thread so serve never blocks on a full pipe.
pub fn webhook_url_drained(child: &mut std::process::Child) -> String {
    let (url, mut stderr) = webhook_url(child);
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    url
}
