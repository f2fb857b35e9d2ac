//! Quick replies as stored: (shortcut, text) with use counts. Validation lives in `quick_reply`.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, now_ms};
use crate::quick_reply::QuickReply;

impl Store {
    /// Every quick reply, by shortcut.
    pub fn quick_replies(&self) -> Result<Vec<QuickReply>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, shortcut, text, uses, last_used_at FROM quick_replies ORDER BY shortcut",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(QuickReply {
                id: r.get(0)?,
                shortcut: r.get(1)?,
                text: r.get(2)?,
                uses: r.get(3)?,
                last_used_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn quick_reply_id(&self, shortcut: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM quick_replies WHERE shortcut = ?1", [shortcut], |r| r.get(0))
            .optional()?)
    }

    /// Adds a quick reply; a taken shortcut (in any case) is refused. Callers validate first.
    pub fn add_quick_reply(&mut self, shortcut: &str, text: &str) -> Result<i64> {
        if self.quick_reply_id(shortcut)?.is_some() {
            return Err(StoreError::Invalid(format!("quick reply /{shortcut} exists already")));
        }
        self.conn.execute(
            "INSERT INTO quick_replies (shortcut, text, created_at) VALUES (?1, ?2, ?3)",
            params![shortcut, text, now_ms()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Replaces the text of the quick reply with this shortcut.
    pub fn edit_quick_reply(&mut self, shortcut: &str, text: &str) -> Result<()> {
        let id = self.require_quick_reply(shortcut)?;
        self.update_quick_reply(id, shortcut, text)
    }

    /// Changes a quick reply's shortcut and text; the shortcut must not belong to another one.
    pub fn update_quick_reply(&mut self, id: i64, shortcut: &str, text: &str) -> Result<()> {
        if self.quick_reply_id(shortcut)?.is_some_and(|other| other != id) {
            return Err(StoreError::Invalid(format!("quick reply /{shortcut} exists already")));
        }
        let n = self.conn.execute(
            "UPDATE quick_replies SET shortcut = ?2, text = ?3 WHERE id = ?1",
            params![id, shortcut, text],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("no quick reply with id {id}")));
        }
        Ok(())
    }

    /// Deletes the quick reply with this shortcut.
    pub fn remove_quick_reply(&mut self, shortcut: &str) -> Result<()> {
        let id = self.require_quick_reply(shortcut)?;
        self.delete_quick_reply(id)
    }

    /// Deletes a quick reply by id.
    pub fn delete_quick_reply(&mut self, id: i64) -> Result<()> {
        self.conn.execute("DELETE FROM quick_replies WHERE id = ?1", [id])?;
        Ok(())
    }

    fn require_quick_reply(&self, shortcut: &str) -> Result<i64> {
        self.quick_reply_id(shortcut)?
            .ok_or_else(|| StoreError::NotFound(format!("no quick reply /{shortcut}")))
    }

    /// Adds or replaces many quick replies in one transaction (import). Returns (added, updated).
    pub fn upsert_quick_replies(&mut self, items: &[(String, String)]) -> Result<(usize, usize)> {
        let tx = self.conn.transaction()?;
        let (mut added, mut updated) = (0, 0);
        for (shortcut, text) in items {
            let n = tx
                .execute("UPDATE quick_replies SET text = ?2 WHERE shortcut = ?1", params![shortcut, text])?;
            if n == 0 {
                tx.execute(
                    "INSERT INTO quick_replies (shortcut, text, created_at) VALUES (?1, ?2, ?3)",
                    params![shortcut, text, now_ms()],
                )?;
                added += 1;
            } else {
                updated += 1;
            }
        }
        tx.commit()?;
        Ok((added, updated))
    }

    /// Counts one use (ranking prefers the most used).
    pub fn note_quick_reply_use(&mut self, id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE quick_replies SET uses = uses + 1, last_used_at = ?2 WHERE id = ?1",
            params![id, now_ms()],
        )?;
        Ok(())
    }
}
