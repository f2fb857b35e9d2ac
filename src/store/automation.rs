//! The automation log (exactly-once away/greeting messages) and small shared settings.

use rusqlite::{OptionalExtension, params};

use super::messages::{NewOutbound, queue_outbound_tx};
use super::{Result, Store, now_ms};

/// The operator's manual "away now" switch, shared by every process through the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ManualAwayState {
    #[default]
    Off,
    On {
        since: i64,
        until: Option<i64>,
    },
}

impl Store {
    /// Queues an automatic message and logs it under (chat, kind, period) in one transaction.
    /// Returns the message id, or None when that (chat, kind, period) was already answered.
    pub fn queue_automatic(
        &mut self,
        kind: &str,
        period: &str,
        message: &NewOutbound,
    ) -> Result<Option<i64>> {
        self.queue_automatic_at(kind, period, message, now_ms())
    }

    /// [`Store::queue_automatic`] on the caller's clock: the message and the log row are dated
    /// `now`, so a worker deciding with a given clock reads back the times it wrote.
    pub fn queue_automatic_at(
        &mut self,
        kind: &str,
        period: &str,
        message: &NewOutbound,
        now: i64,
    ) -> Result<Option<i64>> {
        let tx = self.conn.transaction()?;
        let logged = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO automation_log (chat_id, kind, period, at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![message.chat_id, kind, period, now])?;
        if logged == 0 {
            return Ok(None);
        }
        let id = queue_outbound_tx(&tx, message, now)?;
        tx.prepare_cached(
            "UPDATE automation_log SET message_id = ?4 WHERE chat_id = ?1 AND kind = ?2 AND period = ?3",
        )?
        .execute(params![message.chat_id, kind, period, id])?;
        tx.commit()?;
        Ok(Some(id))
    }

    /// A shared setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Sets (or with None, removes) a shared setting.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(v) => self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = ?2",
                params![key, v],
            )?,
            None => self.conn.execute("DELETE FROM settings WHERE key = ?1", [key])?,
        };
        Ok(())
    }

    /// The manual away switch (an expired `until` reads as off).
    pub fn manual_away(&self, now: i64) -> Result<ManualAwayState> {
        let Some(value) = self.setting("away.manual")? else {
            return Ok(ManualAwayState::Off);
        };
        let mut parts = value.split(':').map(str::parse::<i64>);
        let since = parts.next().and_then(|p| p.ok());
        let until = parts.next().and_then(|p| p.ok());
        Ok(match since {
            Some(since) if until.is_none_or(|u| u > now) => ManualAwayState::On { since, until },
            _ => ManualAwayState::Off,
        })
    }

    /// Turns manual away on (optionally until a time) or off.
    pub fn set_manual_away(&mut self, state: ManualAwayState) -> Result<()> {
        match state {
            ManualAwayState::Off => self.set_setting("away.manual", None),
            ManualAwayState::On { since, until } => {
                let value = match until {
                    Some(u) => format!("{since}:{u}"),
                    None => since.to_string(),
                };
                self.set_setting("away.manual", Some(&value))
            }
        }
    }

    /// Whether any message exists with this external id (idempotency checks in tests and imports).
    pub fn has_external_id(&self, external_id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM messages WHERE external_id = ?1", [external_id], |_| Ok(()))
            .optional()?
            .is_some())
    }
}
