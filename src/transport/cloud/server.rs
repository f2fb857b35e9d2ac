//! The webhook server: Meta's verification handshake (GET) and signed event POSTs, committed to
//! the store before they are acknowledged.
//!
//! HTTP runs on a small tokio runtime in its own thread; the store is a rusqlite connection (not
//! `Sync`), so one writer thread owns it and commits what concurrent POSTs bring in shared
//! transactions (group commit), answering each POST only after its transaction committed.

mod http;
mod writer;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::{CloudError, Secret};
use crate::store::Store;

/// Bodies larger than this are refused with 413 (Meta's payloads are far smaller).
pub const BODY_LIMIT: usize = 3 * 1024 * 1024;

/// The secrets the server checks requests against.
pub struct WebhookSecrets {
    /// Keys the HMAC in `X-Hub-Signature-256`.
    pub app_secret: Secret,
    /// What Meta's verification GET must present as `hub.verify_token`.
    pub verify_token: Secret,
}

/// A running webhook server. Dropping it (or [`WebhookServer::stop`]) stops accepting, lets
/// requests in flight finish, and waits for the last commit.
pub struct WebhookServer {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    http: Option<JoinHandle<()>>,
    writer: Option<JoinHandle<()>>,
}

impl WebhookServer {
    /// Binds `listen` ("127.0.0.1:8080"; port 0 picks a free one) and serves `path` until stopped.
    /// Events are written to `store`.
    pub fn start(
        listen: &str,
        path: &str,
        secrets: WebhookSecrets,
        store: Store,
    ) -> Result<WebhookServer, CloudError> {
        if !is_plain_path(path) {
            return Err(CloudError::WebhookPath(path.to_string()));
        }
        let bind_error = |source| CloudError::Bind {
            listen: listen.to_string(),
            source,
        };
        let listener = TcpListener::bind(listen).map_err(bind_error)?;
        let addr = listener.local_addr().map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("wabi-webhook")
            .enable_io()
            .enable_time()
            .build()
            .map_err(CloudError::Runtime)?;
        let (jobs, writer) = writer::spawn(store).map_err(CloudError::Runtime)?;
        let state = Arc::new(http::State { secrets, jobs });
        let app = http::router(path, state);
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let http = std::thread::Builder::new()
            .name("wabi-webhook-accept".into())
            .spawn(move || runtime.block_on(serve(listener, app, stop)))
            .map_err(CloudError::Runtime)?;
        tracing::info!("webhook server listening on {addr}, path {path}");
        Ok(WebhookServer {
            addr,
            shutdown: Some(shutdown),
            http: Some(http),
            writer: Some(writer),
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server and waits for it.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.http.take() {
            let _ = t.join();
        }
        // The HTTP side is gone, so the job channel is closed and the writer ends after its batch.
        if let Some(t) = self.writer.take() {
            let _ = t.join();
        }
        tracing::info!("webhook server stopped");
    }
}

/// A path the router takes literally (axum would read `{…}` and `*` as captures).
fn is_plain_path(path: &str) -> bool {
    path.starts_with('/')
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
}

/// Accepts connections until `stop` fires, then lets requests in flight finish.
async fn serve(listener: TcpListener, app: axum::Router, stop: tokio::sync::oneshot::Receiver<()>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("webhook server: {e}");
            return;
        }
    };
    let stopped = async {
        let _ = stop.await;
    };
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(stopped)
        .await
    {
        tracing::error!("webhook server: {e}");
    }
}

impl Drop for WebhookServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

#[cfg(test)]
mod tests {
    use super::is_plain_path;

    #[test]
    fn webhook_path_must_be_plain_and_absolute() {
        assert!(is_plain_path("/webhook"));
        assert!(is_plain_path("/wa/hook-1.x_y"));
        for bad in ["webhook", "", "/{id}", "/*rest", "/a b", "/é"] {
            assert!(!is_plain_path(bad), "{bad:?}");
        }
    }
}
