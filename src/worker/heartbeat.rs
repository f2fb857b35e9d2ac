//! Keeps the worker lease alive while a send batch runs.
//!
//! A batch of up to 20 sends can take far longer than the lease's 10 s when the Graph API is slow
//! (one second an answer, or a request that waits out its time-out). The worker's own connection is
//! busy sending, so a second thread renews the lease every [`super::LEASE_RENEW`] on a connection of
//! its own, opened only if the batch outlives the first interval. Another process then never sees a
//! live holder's lease expire, and never fails that holder's in-flight messages as "unknown".

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};

use crate::store::lease::LeaseOutcome;
use crate::store::{Store, now_ms};

/// Who renews, and on which file.
pub(super) struct Heartbeat {
    pub path: PathBuf,
    pub holder: String,
    pub pid: i64,
}

impl Heartbeat {
    /// Renews the lease until `stop` is dropped or sent to. Gives up quietly if the lease is lost:
    /// the worker learns that at its own next renewal.
    pub(super) fn run(self, stop: &Receiver<()>) {
        let mut store: Option<Store> = None;
        loop {
            match stop.recv_timeout(super::LEASE_RENEW) {
                Err(RecvTimeoutError::Timeout) => {}
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
            }
            if store.is_none() {
                store = Store::open(&self.path).ok();
            }
            let Some(s) = store.as_mut() else { continue };
            match s.acquire_lease(&self.holder, self.pid, now_ms(), super::LEASE_TTL_MS) {
                Ok(LeaseOutcome::Held { .. }) => {}
                Ok(LeaseOutcome::HeldBy(_)) => return,
                // A busy store (a long import holds the write lock): try again next interval.
                Err(_) => {}
            }
        }
    }
}
