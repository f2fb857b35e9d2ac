//! Accepting connections under pressure. Every connection holds a file descriptor; with a limit of
//! 1,024 of them, 1,100 idle connections once kept every real POST waiting. So at most
//! `max_connections` are open at once, and at that cap the connection idle the longest (between
//! requests, or still sending its request head) is closed to make room: idle connections cost a
//! client nothing to reopen, and a real POST gets through. A connection is idle enough to close
//! only after [`GRACE`], so that a flood of new connections cannot push out a real one before it
//! has been read. Until one is, or while every connection is in the middle of a request,
//! accepting waits.
//!
//! Errors that repeat (out of descriptors: every accept fails) are logged once per
//! [`LOG_EVERY`] with how many there were.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// At most one line per this long for a message that repeats.
pub(super) const LOG_EVERY: Duration = Duration::from_secs(10);
/// How long a connection may be idle before it can be closed to make room: a real client sends
/// its request at once. At the cap, up to `max_connections` per GRACE are replaced.
pub(super) const GRACE: Duration = Duration::from_millis(500);

/// What [`Registry::evict_idle`] could do.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Eviction {
    /// A connection was closed: there is room.
    Closed,
    /// The idle connections are all younger than the grace: the oldest may go after this long.
    Wait(Duration),
    /// Every connection is in the middle of a request.
    AllBusy,
}

/// One open connection, as the accept loop sees it.
pub(super) struct Conn {
    /// Requests being handled right now (a connection with none is idle).
    busy: AtomicUsize,
    /// When it last became idle: ms since the registry started.
    idle_since: AtomicU64,
    /// Fired to make it close (after the request in flight, if any).
    pub close: Notify,
}

/// The open connections.
pub(super) struct Registry {
    conns: Mutex<HashMap<u64, Arc<Conn>>>,
    next_id: AtomicU64,
    started: Instant,
    /// Fired whenever a connection ends.
    pub room: Notify,
}

impl Registry {
    pub fn new() -> Registry {
        Registry {
            conns: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
            started: Instant::now(),
            room: Notify::new(),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
        // The map stays consistent whatever a panicking holder did: each step is one insert or remove.
        self.conns.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many connections are open and not being closed.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Registers a new connection; it counts until [`Registry::remove`].
    pub fn insert(&self) -> (u64, Arc<Conn>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn {
            busy: AtomicUsize::new(0),
            idle_since: AtomicU64::new(self.now()),
            close: Notify::new(),
        });
        self.lock().insert(id, Arc::clone(&conn));
        (id, conn)
    }

    /// A connection has ended.
    pub fn remove(&self, id: u64) {
        self.lock().remove(&id);
        self.room.notify_one();
    }

    /// Closes the connection idle the longest, if it has been idle for `grace`. It stops counting
    /// at once (its descriptor is freed as soon as its task sees the signal).
    pub fn evict_idle(&self, grace: Duration) -> Eviction {
        let grace = u64::try_from(grace.as_millis()).unwrap_or(u64::MAX);
        let now = self.now();
        let mut conns = self.lock();
        let oldest = conns
            .iter()
            .filter(|(_, c)| c.busy.load(Ordering::Acquire) == 0)
            .map(|(id, c)| (*id, c.idle_since.load(Ordering::Relaxed)))
            .min_by_key(|(_, since)| *since);
        let Some((id, since)) = oldest else {
            return Eviction::AllBusy;
        };
        let idle = now.saturating_sub(since);
        if idle < grace {
            return Eviction::Wait(Duration::from_millis(grace - idle));
        }
        if let Some(conn) = conns.remove(&id) {
            conn.close.notify_one();
        }
        Eviction::Closed
    }

    /// Asks every connection to close once its request in flight is answered.
    pub fn close_all(&self) {
        for conn in self.lock().values() {
            conn.close.notify_one();
        }
    }

    /// Marks `conn` busy until the returned guard drops.
    fn enter(self: &Arc<Self>, conn: &Arc<Conn>) -> Busy {
        conn.busy.fetch_add(1, Ordering::AcqRel);
        Busy { registry: Arc::clone(self), conn: Arc::clone(conn) }
    }
}

/// A request in flight on a connection.
struct Busy {
    registry: Arc<Registry>,
    conn: Arc<Conn>,
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.conn.idle_since.store(self.registry.now(), Ordering::Relaxed);
        self.conn.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A hyper service that marks its connection busy while a request is handled.
pub(super) struct Tracked<S> {
    pub inner: S,
    pub registry: Arc<Registry>,
    pub conn: Arc<Conn>,
}

impl<S, R> hyper::service::Service<R> for Tracked<S>
where
    S: hyper::service::Service<R>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn call(&self, request: R) -> Self::Future {
        let busy = self.registry.enter(&self.conn);
        let answer = self.inner.call(request);
        Box::pin(async move {
            let result = answer.await;
            drop(busy);
            result
        })
    }
}

/// A log line that may repeat many times a second, written at most once per `every` with the
/// number of times it happened since.
pub(super) struct Throttle {
    every: Duration,
    last: Option<Instant>,
    count: u64,
}

impl Throttle {
    pub fn new(every: Duration) -> Throttle {
        Throttle { every, last: None, count: 0 }
    }

    /// Counts one occurrence at `now`; returns how many to report when a line is due.
    pub fn hit(&mut self, now: Instant) -> Option<u64> {
        self.count += 1;
        if self.last.is_some_and(|last| now.duration_since(last) < self.every) {
            return None;
        }
        self.last = Some(now);
        Some(std::mem::take(&mut self.count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_line_is_logged_once_per_interval_with_its_count() {
        let mut t = Throttle::new(Duration::from_secs(10));
        let t0 = Instant::now();
        assert_eq!(t.hit(t0), Some(1));
        for ms in 1..=500 {
            assert_eq!(t.hit(t0 + Duration::from_millis(ms * 10)), None);
        }
        assert_eq!(t.hit(t0 + Duration::from_secs(10)), Some(501));
        assert_eq!(t.hit(t0 + Duration::from_secs(11)), None);
        assert_eq!(t.hit(t0 + Duration::from_secs(30)), Some(2));
    }

    #[test]
    fn the_longest_idle_connection_is_evicted_and_a_busy_one_never() {
        let registry = Arc::new(Registry::new());
        let (_, first) = registry.insert();
        std::thread::sleep(Duration::from_millis(5));
        let (_, second) = registry.insert();
        let busy = registry.enter(&first);
        assert_eq!(registry.evict_idle(Duration::ZERO), Eviction::Closed);
        assert_eq!(registry.len(), 1, "the idle second one went");
        assert_eq!(registry.evict_idle(Duration::ZERO), Eviction::AllBusy, "the first is busy");
        drop(busy);
        assert_eq!(registry.evict_idle(Duration::ZERO), Eviction::Closed);
        assert_eq!(registry.len(), 0);
        drop(second);
    }

    #[test]
    fn a_new_connection_is_not_evicted_before_its_grace() {
        let registry = Arc::new(Registry::new());
        let (_, conn) = registry.insert();
        match registry.evict_idle(Duration::from_secs(60)) {
            Eviction::Wait(left) => assert!(left > Duration::from_secs(59), "{left:?}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(registry.len(), 1);
        drop(conn);
    }
}
