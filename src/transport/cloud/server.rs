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
use std::time::Duration;

use tokio::sync::oneshot;

use super::{CloudError, Secret};
use crate::store::Store;

/// Bodies larger than this are refused with 413. Meta documents webhook payloads of up to 3 MB;
/// the one field that comes near is `history` (thousands of messages a chunk, each up to 4,096
/// characters of text), and a chunk refused would be redelivered and refused until Meta gives up,
/// losing that part of the history. 8 MB leaves that chunk room, and is still checked before the
/// body is read (Content-Length) and while it is.
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;
/// A client must send a request head within this time (also how long an idle keep-alive
/// connection stays open); the body has its own timeout in the handler.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
/// On stop, requests in flight get this long to finish.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

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
    shutdown: Option<oneshot::Sender<()>>,
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
        let bind_error = |source| CloudError::Bind { listen: listen.to_string(), source };
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
        let (shutdown, stop) = oneshot::channel::<()>();
        let http = std::thread::Builder::new()
            .name("wabi-webhook-accept".into())
            .spawn(move || runtime.block_on(serve(listener, app, stop)))
            .map_err(CloudError::Runtime)?;
        tracing::info!("webhook server listening on {addr}, path {path}");
        Ok(WebhookServer { addr, shutdown: Some(shutdown), http: Some(http), writer: Some(writer) })
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
    path.starts_with('/') && path.chars().all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
}

/// Accepts connections until `stop` fires, then lets requests in flight finish (for at most
/// [`DRAIN_TIMEOUT`]).
async fn serve(listener: TcpListener, app: axum::Router, mut stop: oneshot::Receiver<()>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("webhook server: {e}");
            return;
        }
    };
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(HEAD_TIMEOUT);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    let service = hyper_util::service::TowerToHyperService::new(app.clone());
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let connection = graceful.watch(http.serve_connection(io, service));
                    tokio::spawn(connection);
                }
                // Out of file descriptors, say: wait a little instead of spinning.
                Err(e) => {
                    tracing::warn!("webhook server: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            _ = &mut stop => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown()).await.is_err() {
        tracing::warn!("webhook server: requests still open after {DRAIN_TIMEOUT:?}, closed");
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
