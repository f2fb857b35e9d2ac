//! Messages held back because the provider refused the access token: due again at once when the
//! operator gives `wabi serve` a new token (SIGHUP), instead of after the pause.

use rusqlite::params;

use super::{Result, Store};

/// Every reason the outbox records for a send refused for its credentials contains this.
pub const PAUSED_REASON: &str = "sending paused";

impl Store {
    /// Makes queued outbound messages that wait out an access-token pause due at `now`; returns
    /// how many. Rate-limit backoffs and scheduled broadcasts keep their times.
    pub fn resume_paused_sends(&mut self, now: i64) -> Result<usize> {
        let n = self.conn.execute(
            "UPDATE messages SET next_attempt_at = ?1
             WHERE status = 'queued' AND direction = 'out' AND next_attempt_at > ?1
               AND instr(error_reason, ?2) > 0",
            params![now, PAUSED_REASON],
        )?;
        Ok(n)
    }
}
