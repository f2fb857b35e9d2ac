//! The worker lease: one row saying which process sends and automates, until when.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};

/// Who holds the worker lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub holder: String,
    pub pid: i64,
    pub expires_at: i64,
}

/// What trying to take the lease found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeaseOutcome {
    /// We hold it now; `taken_over` is true when it was free or expired (not a renewal).
    Held { taken_over: bool },
    /// Another live process holds it.
    HeldBy(Lease),
}

/// How long past its expiry a lease still protects a holder whose process is alive.
pub const GRACE_MS: i64 = 60_000;

/// Whether a lapsed lease's process still runs on this machine, so its lease is not yet taken.
///
/// A live holder renews every two seconds, from a heartbeat thread while it sends; its lease lapses
/// only when it could not write, typically because another process held the store's write lock for
/// longer than the lease (a long `wabi import`). Taking over then would fail the holder's in-flight
/// messages as "unknown" although they are being sent. A WAL-mode store is only ever shared by
/// processes of one machine (the write-ahead log's index is shared memory), so the pid is checked
/// here; after [`GRACE_MS`] a lease is taken even from a live but stuck process.
fn still_running(lease: &Lease, now: i64) -> bool {
    if now - lease.expires_at >= GRACE_MS || lease.pid == i64::from(std::process::id()) {
        return false;
    }
    cfg!(target_os = "linux")
        && u32::try_from(lease.pid)
            .is_ok_and(|pid| pid > 0 && std::path::Path::new(&format!("/proc/{pid}")).exists())
}

impl Store {
    /// Takes or renews the lease for (`holder`, `pid`) until `now + ttl_ms`, unless another
    /// holder's lease is still valid — or lapsed less than [`GRACE_MS`] ago while its process is
    /// still running (see [`still_running`]). Atomic: two processes racing never both win.
    pub fn acquire_lease(&mut self, holder: &str, pid: i64, now: i64, ttl_ms: i64) -> Result<LeaseOutcome> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: Option<Lease> = tx
            .query_row("SELECT holder, pid, expires_at FROM worker_lease WHERE id = 1", [], |r| {
                Ok(Lease { holder: r.get(0)?, pid: r.get(1)?, expires_at: r.get(2)? })
            })
            .optional()?;
        let ours = |l: &Lease| l.holder == holder && l.pid == pid;
        let outcome = match current {
            Some(l) if !ours(&l) && (l.expires_at > now || still_running(&l, now)) => LeaseOutcome::HeldBy(l),
            Some(l) => LeaseOutcome::Held { taken_over: !ours(&l) },
            None => LeaseOutcome::Held { taken_over: true },
        };
        if matches!(outcome, LeaseOutcome::Held { .. }) {
            tx.execute(
                "INSERT INTO worker_lease (id, holder, pid, expires_at) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET holder = ?1, pid = ?2, expires_at = ?3",
                params![holder, pid, now + ttl_ms],
            )?;
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// Gives the lease up if we hold it, so another process can take over at once.
    pub fn release_lease(&mut self, holder: &str, pid: i64) -> Result<()> {
        self.conn.execute(
            "DELETE FROM worker_lease WHERE id = 1 AND holder = ?1 AND pid = ?2",
            params![holder, pid],
        )?;
        Ok(())
    }

    /// The current lease, if any (expired or not).
    pub fn lease(&self) -> Result<Option<Lease>> {
        Ok(self
            .conn
            .query_row("SELECT holder, pid, expires_at FROM worker_lease WHERE id = 1", [], |r| {
                Ok(Lease { holder: r.get(0)?, pid: r.get(1)?, expires_at: r.get(2)? })
            })
            .optional()?)
    }
}
