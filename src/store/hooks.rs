//! Each hook's progress through the event log: the cursor of the last event it handled, and how
//! its deliveries go (failures in a row, next attempt, paused).

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store};

/// A hook's row in `hook_state`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HookState {
    pub name: String,
    /// The last event delivered or passed over (not matching the hook's filters).
    pub cursor: i64,
    pub delivered: i64,
    pub last_success_at: Option<i64>,
    /// Failed attempts in a row; 0 once one succeeds.
    pub failures: i64,
    pub failing_since: Option<i64>,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<i64>,
    pub paused_at: Option<i64>,
}

const COLUMNS: &str = "name, cursor, delivered, last_success_at, failures, failing_since, last_error, \
     next_attempt_at, paused_at";

fn state_of(r: &Row<'_>) -> rusqlite::Result<HookState> {
    Ok(HookState {
        name: r.get(0)?,
        cursor: r.get(1)?,
        delivered: r.get(2)?,
        last_success_at: r.get(3)?,
        failures: r.get(4)?,
        failing_since: r.get(5)?,
        last_error: r.get(6)?,
        next_attempt_at: r.get(7)?,
        paused_at: r.get(8)?,
    })
}

/// Only the process holding the worker lease may move a hook forward.
const LEASE_HELD: &str =
    "EXISTS (SELECT 1 FROM worker_lease WHERE id = 1 AND holder = ?5 AND pid = ?6 AND expires_at > ?3)";

impl Store {
    /// The hook's state; a hook seen for the first time starts after the newest event, so it does
    /// not replay the past.
    pub fn hook_state(&mut self, name: &str) -> Result<HookState> {
        let start = self.last_event_seq()?;
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO hook_state (name, cursor) VALUES (?1, ?2)")?
            .execute(params![name, start])?;
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM hook_state WHERE name = ?1"))?
            .query_row([name], state_of)?)
    }

    /// Every hook's state that the store has, by name.
    pub fn hook_states(&self) -> Result<Vec<HookState>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM hook_state ORDER BY name"))?;
        let rows = stmt.query_map([], state_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many hooks are failing or paused now (for the status bar).
    pub fn failing_hooks(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM hook_state WHERE failures > 0 OR paused_at IS NOT NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// Records that the hook handled everything up to `cursor`, `delivered` of it by delivery,
    /// if `(holder, pid)` still holds the worker lease. Returns whether it was recorded.
    pub fn hook_advanced(
        &mut self,
        name: &str,
        cursor: i64,
        delivered: i64,
        now: i64,
        holder: &str,
        pid: i64,
    ) -> Result<bool> {
        let n = self
            .conn
            .prepare_cached(&format!(
                "UPDATE hook_state SET cursor = max(cursor, ?2), delivered = delivered + ?4,
                 last_success_at = CASE WHEN ?4 > 0 THEN ?3 ELSE last_success_at END,
                 failures = CASE WHEN ?4 > 0 THEN 0 ELSE failures END,
                 failing_since = CASE WHEN ?4 > 0 THEN NULL ELSE failing_since END,
                 next_attempt_at = CASE WHEN ?4 > 0 THEN NULL ELSE next_attempt_at END
             WHERE name = ?1 AND {LEASE_HELD}"
            ))?
            .execute(params![name, cursor, now, delivered, holder, pid])?;
        Ok(n > 0)
    }

    /// Records a failed delivery: the error, when to try again, and — once it has failed for
    /// `pause_after_ms` — that the hook is paused.
    pub fn hook_failed(
        &mut self,
        name: &str,
        error: &str,
        now: i64,
        retry_at: i64,
        pause_after_ms: i64,
    ) -> Result<HookState> {
        self.conn
            .prepare_cached(
                "UPDATE hook_state SET failures = failures + 1, failing_since = coalesce(failing_since, ?3),
                     last_error = ?2, next_attempt_at = ?4,
                     paused_at = CASE WHEN ?3 - coalesce(failing_since, ?3) >= ?5 THEN ?3 ELSE paused_at END
                 WHERE name = ?1",
            )?
            .execute(params![name, error, now, retry_at, pause_after_ms])?;
        self.hook_state(name)
    }

    /// Un-pauses a hook and clears its failures, so it tries again now. False if the store has
    /// no such hook.
    pub fn resume_hook(&mut self, name: &str) -> Result<bool> {
        let n = self.conn.execute(
            "UPDATE hook_state SET paused_at = NULL, failures = 0, failing_since = NULL, next_attempt_at = NULL
             WHERE name = ?1",
            [name],
        )?;
        Ok(n > 0)
    }

    /// The hook's state if the store has one (without creating it).
    pub fn find_hook_state(&self, name: &str) -> Result<Option<HookState>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM hook_state WHERE name = ?1"))?
            .query_row([name], state_of)
            .optional()?)
    }
}
