//! The webhook server: Meta's verification handshake (GET) and signed event POSTs, committed to
//! the store before they are acknowledged.
//!
//! HTTP runs on a small tokio runtime in its own thread; the store is a rusqlite connection (not
//! `Sync`), so one writer thread owns it and commits what concurrent POSTs bring in shared
//! transactions (group commit), answering each POST only after its transaction committed.

mod accept;
mod http;
mod writer;

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

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

/// How much the server takes on at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Open connections at most (`[transport.cloud] max_connections`); see [`accept`].
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_connections: 256 }
    }
}

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
        WebhookServer::start_with(listen, path, secrets, store, Limits::default())
    }

    /// [`WebhookServer::start`] with other [`Limits`].
    pub fn start_with(
        listen: &str,
        path: &str,
        secrets: WebhookSecrets,
        store: Store,
        limits: Limits,
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
        let refusals = std::sync::Mutex::new(accept::Throttle::new(accept::LOG_EVERY));
        let state = Arc::new(http::State { secrets, jobs, refusals });
        let app = http::router(path, state);
        let (shutdown, stop) = oneshot::channel::<()>();
        let http = std::thread::Builder::new()
            .name("wabi-webhook-accept".into())
            .spawn(move || runtime.block_on(serve(listener, app, limits, stop)))
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
        // Runs from `stop` and again on drop: the second time there is nothing left to stop.
        let Some(tx) = self.shutdown.take() else {
            return;
        };
        let _ = tx.send(());
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

/// Accepts connections until `stop` fires, at most `max_connections` at once (see [`accept`]),
/// then lets requests in flight finish (for at most [`DRAIN_TIMEOUT`]).
async fn serve(listener: TcpListener, app: axum::Router, limits: Limits, mut stop: oneshot::Receiver<()>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("webhook server: {e}");
            return;
        }
    };
    let registry = Arc::new(accept::Registry::new());
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(HEAD_TIMEOUT);
    let mut accept_errors = accept::Throttle::new(accept::LOG_EVERY);
    let mut at_cap = accept::Throttle::new(accept::LOG_EVERY);
    let max = limits.max_connections.max(1);
    'accepting: loop {
        // Room first: close an idle connection, or wait for one to end or to idle long enough.
        while registry.len() >= max {
            if let Some(n) = at_cap.hit(Instant::now()) {
                tracing::warn!(
                    "webhook server: {max} connections open, closing the longest idle to make room \
                     ({n} times since the last such line)"
                );
            }
            let wait = match registry.evict_idle(accept::GRACE) {
                accept::Eviction::Closed => break,
                accept::Eviction::Wait(wait) => wait,
                accept::Eviction::AllBusy => accept::GRACE,
            };
            tokio::select! {
                _ = registry.room.notified() => {}
                _ = tokio::time::sleep(wait) => {}
                _ = &mut stop => break 'accepting,
            }
        }
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    spawn_connection(&registry, &http, &app, stream);
                }
                // Out of file descriptors, say: wait a little instead of spinning.
                Err(e) => {
                    if let Some(n) = accept_errors.hit(Instant::now()) {
                        tracing::warn!("webhook server: accept: {e} ({n} times since the last such line)");
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            _ = &mut stop => break,
        }
    }
    drop(listener);
    registry.close_all();
    let drained = async {
        while registry.len() > 0 {
            registry.room.notified().await;
        }
    };
    if tokio::time::timeout(DRAIN_TIMEOUT, drained).await.is_err() {
        tracing::warn!("webhook server: requests still open after {DRAIN_TIMEOUT:?}, closed");
    }
}

/// Serves one connection in its own task until the client closes it, it idles out, or the
/// registry asks it to close.
fn spawn_connection(
    registry: &Arc<accept::Registry>,
    http: &hyper::server::conn::http1::Builder,
    app: &axum::Router,
    stream: tokio::net::TcpStream,
) {
    let (id, conn) = registry.insert();
    let service = accept::Tracked {
        inner: hyper_util::service::TowerToHyperService::new(app.clone()),
        registry: Arc::clone(registry),
        conn: Arc::clone(&conn),
    };
    let connection = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    let registry = Arc::clone(registry);
    tokio::spawn(async move {
        let mut connection = std::pin::pin!(connection);
        tokio::select! {
            _ = connection.as_mut() => {}
            _ = conn.close.notified() => {
                connection.as_mut().graceful_shutdown();
                let _ = connection.as_mut().await;
            }
        }
        registry.remove(id);
    });
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
