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

impl Store {
    /// Takes or renews the lease for (`holder`, `pid`) until `now + ttl_ms`, unless another
    /// holder's lease is still valid. Atomic: two processes racing never both win.
    pub fn acquire_lease(&mut self, holder: &str, pid: i64, now: i64, ttl_ms: i64) -> Result<LeaseOutcome> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: Option<Lease> = tx
            .query_row("SELECT holder, pid, expires_at FROM worker_lease WHERE id = 1", [], |r| {
                Ok(Lease { holder: r.get(0)?, pid: r.get(1)?, expires_at: r.get(2)? })
            })
            .optional()?;
        let ours = |l: &Lease| l.holder == holder && l.pid == pid;
        let outcome = match current {
            Some(l) if !ours(&l) && l.expires_at > now => LeaseOutcome::HeldBy(l),
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
