//! The event log (written by triggers, see assets/migrations/0009_events.sql): reading it in cursor
//! order, pruning it by age, and the store's id that cursors carry.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};

/// One logged event as stored: `data` is its JSON object without `cursor`, `kind` and `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub seq: i64,
    pub at: i64,
    pub kind: String,
    pub chat_id: Option<i64>,
    pub origin: Option<String>,
    pub data: String,
}

/// How many rows one read of the log takes, so a long catch-up never holds a read open for long.
const BATCH: i64 = 20_000;

impl Store {
    /// This store's id, which every cursor carries (made once, when the event log was created).
    pub fn store_id(&self) -> Result<String> {
        let id: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'store_id'", [], |r| r.get(0))
            .optional()?;
        match id {
            Some(id) => Ok(id),
            None => {
                self.conn.execute(
                    "INSERT OR IGNORE INTO settings (key, value) VALUES ('store_id', lower(hex(randomblob(4))))",
                    [],
                )?;
                Ok(self
                    .conn
                    .query_row("SELECT value FROM settings WHERE key = 'store_id'", [], |r| r.get(0))?)
            }
        }
    }

    /// The oldest and newest event still kept, as (seq, seq); None when the log is empty.
    pub fn event_bounds(&self) -> Result<Option<(i64, i64)>> {
        let (min, max): (Option<i64>, Option<i64>) =
            self.conn
                .query_row("SELECT min(seq), max(seq) FROM events", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(min.zip(max))
    }

    /// The highest seq ever given out (also when those events were pruned or erased since).
    pub fn last_event_seq(&self) -> Result<i64> {
        let seq: Option<i64> = self
            .conn
            .query_row("SELECT seq FROM sqlite_sequence WHERE name = 'events'", [], |r| r.get(0))
            .optional()?;
        Ok(seq.unwrap_or(0))
    }

    /// Calls `each(seq, at, kind, data)` for every event after `after` in order, up to `limit`
    /// events, reading in batches; stops early when `each` returns false. Returns the last seq
    /// handed over and how many were.
    pub fn scan_events<E>(
        &self,
        after: i64,
        limit: u64,
        mut each: impl FnMut(i64, i64, &str, &str) -> Result<bool, E>,
    ) -> Result<Result<(i64, u64), E>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, at, kind, data FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2")?;
        let (mut last, mut count) = (after, 0_u64);
        loop {
            let want = i64::try_from(limit - count).unwrap_or(i64::MAX).min(BATCH);
            if want == 0 {
                break;
            }
            let mut rows = stmt.query(params![last, want])?;
            let mut got = 0;
            while let Some(row) = rows.next()? {
                got += 1;
                let seq: i64 = row.get(0)?;
                let kind = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
                let data = row.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
                match each(seq, row.get(1)?, kind, data) {
                    Ok(true) => {}
                    Ok(false) => return Ok(Ok((seq, count + 1))),
                    Err(e) => return Ok(Err(e)),
                }
                last = seq;
                count += 1;
            }
            if got < want {
                break;
            }
        }
        Ok(Ok((last, count)))
    }

    /// Up to `limit` events after `after`, in order.
    pub fn events_after(&self, after: i64, limit: usize) -> Result<Vec<EventRow>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, at, kind, chat_id, origin, data FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after, limit], |r| {
            Ok(EventRow {
                seq: r.get(0)?,
                at: r.get(1)?,
                kind: r.get(2)?,
                chat_id: r.get(3)?,
                origin: r.get(4)?,
                data: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Deletes events recorded before `before` (UTC ms), oldest first, in chunks so a writer
    /// waiting on the store never waits long. Returns how many went. Times follow `seq`, so the
    /// cut is the first event recorded at or after `before`; finding it reads only what goes.
    pub fn prune_events(&mut self, before: i64) -> Result<usize> {
        let cut: Option<i64> = self
            .conn
            .query_row("SELECT seq FROM events WHERE at >= ?1 ORDER BY seq LIMIT 1", [before], |r| r.get(0))
            .optional()?;
        let cut = cut.unwrap_or(i64::MAX);
        let mut total = 0;
        loop {
            let n = self.conn.execute(
                "DELETE FROM events WHERE seq < min(?1, (SELECT min(seq) FROM events) + 5000)",
                [cut],
            )?;
            total += n;
            if n == 0 {
                return Ok(total);
            }
        }
    }

    /// How many events of each kind come after `after`.
    pub fn event_counts_after(&self, after: i64) -> Result<Vec<(String, i64)>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT kind, count(*) FROM events WHERE seq > ?1 GROUP BY kind")?;
        let rows = stmt.query_map([after], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
