//! The outbox: queued outbound messages claimed by the worker, and the forward-only status machine
//! (queued < sending < sent < delivered < read; failed is terminal).

use rusqlite::{OptionalExtension, Transaction, params};

use super::contacts::ContactKey;
use super::media::OutboxMedia;
use super::messages::parse_col;
use super::{Result, Store, now_ms};
use crate::model::{Kind, Origin, Status};

/// How late the oldest broadcast copy may be before the queued copies are moved later as a block.
pub const CATCH_UP_AFTER_MS: i64 = 1_000;

/// A queued message the worker claimed for sending.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxItem {
    pub id: i64,
    pub chat_id: i64,
    pub to: ContactKey,
    pub body: String,
    pub reply_to: Option<String>,
    pub attempts: i64,
    pub origin: Origin,
    /// Set for a template message (the Cloud API sends it instead of `body`).
    pub template: Option<super::cloud::OutboundTemplate>,
    /// Text, an attachment (image, video, audio, document, sticker: `body` is the caption) or a
    /// reaction (`reply_to` is the reacted message, `body` the emoji).
    pub kind: Kind,
    pub media: Option<OutboxMedia>,
}

impl Store {
    /// A queued message waiting for another try: (attempts so far, when the next one is due).
    /// None for a message that is not queued or was never tried.
    pub fn retry_state(&self, message_id: i64) -> Result<Option<(i64, i64)>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT attempts, next_attempt_at FROM messages
                 WHERE id = ?1 AND status = 'queued' AND attempts > 0 AND next_attempt_at IS NOT NULL",
            )?
            .query_row([message_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(row)
    }

    /// Makes a queued message wait until `due` (ms) before the worker sends it.
    pub fn delay_outbound(&mut self, message_id: i64, due: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE messages SET next_attempt_at = ?2 WHERE id = ?1 AND status = 'queued'",
            params![message_id, due],
        )?;
        Ok(())
    }

    /// Claims up to `limit` queued messages that are due, marking them `sending`.
    ///
    /// Broadcast copies were each given a due time when queued, paced across all broadcasts and
    /// per recipient. When the oldest one is more than [`CATCH_UP_AFTER_MS`] overdue (the worker
    /// was stopped, or sends slower than planned), every queued copy moves later by that much
    /// first: a catch-up keeps the planned spacing instead of sending the backlog at once.
    pub fn claim_outbox(&mut self, now: i64, limit: usize) -> Result<Vec<OutboxItem>> {
        let tx = self.conn.transaction()?;
        let oldest: Option<i64> = tx
            .prepare_cached(
                "SELECT min(next_attempt_at) FROM messages WHERE status = 'queued' AND origin = 'broadcast'",
            )?
            .query_row([], |r| r.get(0))?;
        if let Some(lag) = oldest.map(|due| now.saturating_sub(due)).filter(|&lag| lag > CATCH_UP_AFTER_MS) {
            tx.prepare_cached(
                "UPDATE messages SET next_attempt_at = next_attempt_at + ?1
                 WHERE status = 'queued' AND origin = 'broadcast'",
            )?
            .execute([lag])?;
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let items = tx
            .prepare_cached(
                "SELECT m.id, m.chat_id, co.phone, co.user_id, m.body, m.reply_to, m.attempts, m.origin,
                     m.template, m.kind, m.media_path, m.media_mime, m.media_filename, m.media_id
                 FROM messages m JOIN chats ch ON ch.id = m.chat_id JOIN contacts co ON co.id = ch.contact_id
                 WHERE m.status = 'queued' AND m.next_attempt_at <= ?1
                 ORDER BY m.next_attempt_at, m.id LIMIT ?2",
            )?
            .query_map(params![now, limit], |r| {
                let phone: Option<String> = r.get(2)?;
                let user_id: Option<String> = r.get(3)?;
                let to = match (phone, user_id) {
                    (Some(p), _) => ContactKey::Phone(p),
                    (None, u) => ContactKey::UserId(u.unwrap_or_default()),
                };
                Ok(OutboxItem {
                    id: r.get(0)?,
                    chat_id: r.get(1)?,
                    to,
                    body: r.get(4)?,
                    reply_to: r.get(5)?,
                    attempts: r.get(6)?,
                    origin: parse_col(r, 7)?,
                    template: super::cloud::template_col(r, 8)?,
                    kind: parse_col(r, 9)?,
                    media: match r.get::<_, Option<String>>(10)? {
                        Some(path) => Some(OutboxMedia {
                            path,
                            mime: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
                            filename: r.get(12)?,
                            media_id: r.get(13)?,
                        }),
                        None => None,
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for item in &items {
            tx.prepare_cached(
                "UPDATE messages SET status = 'sending', attempts = attempts + 1, status_at = ?2 WHERE id = ?1",
            )?
            .execute(params![item.id, now])?;
        }
        tx.commit()?;
        Ok(items)
    }

    /// Records that the transport accepted a message under `external_id`.
    pub fn mark_sent(&mut self, id: i64, external_id: &str, at: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE messages SET status = 'sent', external_id = ?2, status_at = ?3, error_code = NULL,
                     error_reason = NULL WHERE id = ?1 AND status IN ('queued', 'sending')",
            )?
            .execute(params![id, external_id, at])?;
        Ok(())
    }

    /// Records a permanent failure with the provider's code and reason.
    pub fn mark_failed(&mut self, id: i64, code: Option<i64>, reason: &str, at: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE messages SET status = 'failed', error_code = ?2, error_reason = ?3, status_at = ?4
                 WHERE id = ?1 AND status IN ('queued', 'sending')",
            )?
            .execute(params![id, code, reason, at])?;
        Ok(())
    }

    /// Puts a message back in the queue, due at `due` (a retry with backoff).
    pub fn retry_later(&mut self, id: i64, due: i64, reason: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE messages SET status = 'queued', next_attempt_at = ?2, error_reason = ?3
                 WHERE id = ?1 AND status = 'sending'",
            )?
            .execute(params![id, due, reason])?;
        Ok(())
    }

    /// Queues a failed message again (the operator's "resend").
    pub fn resend(&mut self, id: i64) -> Result<bool> {
        let n = self.conn.execute(
            "UPDATE messages SET status = 'queued', next_attempt_at = ?2, status_at = ?2, error_code = NULL,
                 error_reason = NULL, attempts = 0 WHERE id = ?1 AND status = 'failed' AND direction = 'out'",
            params![id, now_ms()],
        )?;
        Ok(n == 1)
    }

    /// Applies a delivery status reported by the provider. Status only moves forward: a late
    /// "delivered" never undoes "read", and nothing moves a failed message. Returns whether it moved.
    pub fn apply_status(
        &mut self,
        external_id: &str,
        status: Status,
        at: i64,
        error: Option<(i64, &str)>,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let moved = apply_status_tx(&tx, external_id, status, at, error)?;
        tx.commit()?;
        Ok(moved)
    }

    /// Messages left `sending` by a process that died: whether the provider got them is unknown, so
    /// they are failed for the operator to check and resend, never re-sent blindly.
    pub fn fail_stale_sending(&mut self, now: i64) -> Result<usize> {
        Ok(self.conn.execute(
            "UPDATE messages SET status = 'failed', error_reason = 'unknown — check on the phone',
                 status_at = ?1 WHERE status = 'sending'",
            [now],
        )?)
    }

    /// Number of queued messages (for the status bar).
    pub fn queued_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM messages WHERE status = 'queued'", [], |r| r.get(0))?)
    }
}

/// [`Store::apply_status`] inside `tx`, for a webhook that reports many statuses at once.
pub(super) fn apply_status_tx(
    tx: &Transaction<'_>,
    external_id: &str,
    status: Status,
    at: i64,
    error: Option<(i64, &str)>,
) -> Result<bool> {
    let n = tx
        .prepare_cached(&format!(
            "UPDATE messages SET status = ?2, status_at = ?3,
                 error_code = coalesce(?4, error_code), error_reason = coalesce(?5, error_reason)
             WHERE external_id = ?1 AND direction = 'out' AND {RANK} < ?6"
        ))?
        .execute(params![
            external_id,
            status.as_str(),
            at,
            error.map(|e| e.0),
            error.map(|e| e.1),
            status.rank()
        ])?;
    Ok(n == 1)
}

/// SQL for the rank of the current status, the same order as [`Status::rank`].
const RANK: &str = "CASE status WHEN 'queued' THEN 0 WHEN 'sending' THEN 1 WHEN 'sent' THEN 2
    WHEN 'delivered' THEN 3 WHEN 'read' THEN 4 WHEN 'failed' THEN 5 ELSE 0 END";
