//! Messages: inbound inserts keyed by provider id, the outbox state machine, and windows of a chat.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::contacts::{ContactKey, ensure_chat_tx};
use super::{Result, Store, StoreError, now_ms};
use crate::model::{Direction, Kind, Origin, Status};

/// A message as a transport (webhook, demo, `wabi inject`) or an import hands it to the store:
/// inbound from a customer, or outbound history with its status.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    pub from: ContactKey,
    pub profile_name: Option<String>,
    /// Provider id; a second insert with the same id is a no-op.
    pub external_id: Option<String>,
    pub kind: Kind,
    pub body: String,
    pub at: i64,
    pub origin: Origin,
    pub direction: Direction,
    pub media_id: Option<String>,
    pub media_mime: Option<String>,
    pub media_filename: Option<String>,
    pub reply_to: Option<String>,
    /// Delivery status of an outbound history row (imports, demo seed); None for inbound.
    pub status: Option<Status>,
}

impl NewMessage {
    /// A plain text message from a customer.
    pub fn text(from: ContactKey, body: impl Into<String>, at: i64) -> NewMessage {
        NewMessage {
            from,
            profile_name: None,
            external_id: None,
            kind: Kind::Text,
            body: body.into(),
            at,
            origin: Origin::Customer,
            direction: Direction::In,
            media_id: None,
            media_mime: None,
            media_filename: None,
            reply_to: None,
            status: None,
        }
    }
}

/// Whether an insert stored a new row or met an existing one with the same external id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    Inserted { id: i64, chat_id: i64 },
    Duplicate { id: i64 },
}

/// An outbound message for the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOutbound {
    pub chat_id: i64,
    pub body: String,
    pub origin: Origin,
    pub reply_to: Option<String>,
}

/// A message row as the UI and the CLI show it.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageRow {
    pub id: i64,
    pub chat_id: i64,
    pub external_id: Option<String>,
    pub direction: Direction,
    pub kind: Kind,
    pub body: String,
    pub origin: Origin,
    pub status: Option<Status>,
    pub error_code: Option<i64>,
    pub error_reason: Option<String>,
    pub at: i64,
    pub media_filename: Option<String>,
    pub reply_to: Option<String>,
}

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
}

const MESSAGE_COLUMNS: &str = "id, chat_id, external_id, direction, kind, body, origin, status,
    error_code, error_reason, at, media_filename, reply_to";

fn message_from_row(r: &Row<'_>) -> rusqlite::Result<MessageRow> {
    Ok(MessageRow {
        id: r.get(0)?,
        chat_id: r.get(1)?,
        external_id: r.get(2)?,
        direction: parse_col(r, 3)?,
        kind: parse_col(r, 4)?,
        body: r.get(5)?,
        origin: parse_col(r, 6)?,
        status: r.get::<_, Option<String>>(7)?.map(|s| s.parse()).transpose().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e))
        })?,
        error_code: r.get(8)?,
        error_reason: r.get(9)?,
        at: r.get(10)?,
        media_filename: r.get(11)?,
        reply_to: r.get(12)?,
    })
}

/// Reads a text column into one of the model enums; a foreign value is a conversion error.
pub(super) fn parse_col<T>(r: &Row<'_>, i: usize) -> rusqlite::Result<T>
where
    T: std::str::FromStr<Err = crate::model::UnknownValue>,
{
    let text: String = r.get(i)?;
    text.parse()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

/// Inserts one inbound message inside `tx`; the chat's unread count, preview and window move with it.
pub(super) fn insert_inbound_tx(
    tx: &Transaction<'_>,
    m: &NewMessage,
    chat_id: i64,
    now: i64,
) -> Result<InsertOutcome> {
    let inserted = tx
        .prepare_cached(
            "INSERT INTO messages (chat_id, external_id, direction, kind, body, media_id, media_mime,
                 media_filename, reply_to, origin, created_at, at, status, status_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?12)
             ON CONFLICT (external_id) DO NOTHING",
        )?
        .execute(params![
            chat_id,
            m.external_id,
            m.direction.as_str(),
            m.kind.as_str(),
            m.body,
            m.media_id,
            m.media_mime,
            m.media_filename,
            m.reply_to,
            m.origin.as_str(),
            now,
            m.at,
            m.status.map(Status::as_str)
        ])?;
    if inserted == 0 {
        let id = tx
            .prepare_cached("SELECT id FROM messages WHERE external_id = ?1")?
            .query_row([&m.external_id], |r| r.get(0))?;
        return Ok(InsertOutcome::Duplicate { id });
    }
    let id = tx.last_insert_rowid();
    // History (imports) neither counts as unread nor reopens a chat the operator closed.
    let live = m.origin != Origin::Import && m.direction == Direction::In;
    tx.prepare_cached(
        "UPDATE chats SET
             unread = unread + ?3,
             status = CASE WHEN ?3 = 1 THEN 'open' ELSE status END,
             snoozed_until = CASE WHEN ?3 = 1 THEN NULL ELSE snoozed_until END,
             last_message_id = CASE WHEN ?4 >= last_at THEN ?2 ELSE last_message_id END,
             last_at = max(last_at, ?4),
             last_inbound_at = CASE WHEN ?5 = 'in' THEN max(coalesce(last_inbound_at, 0), ?4)
                                    ELSE last_inbound_at END
         WHERE id = ?1",
    )?
    .execute(params![chat_id, id, i64::from(live), m.at, m.direction.as_str()])?;
    Ok(InsertOutcome::Inserted { id, chat_id })
}

/// Queues an outbound message inside `tx` (status queued, due now); returns its id.
pub(super) fn queue_outbound_tx(tx: &Transaction<'_>, m: &NewOutbound, now: i64) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO messages (chat_id, direction, kind, body, origin, status, reply_to,
             next_attempt_at, created_at, at, status_at)
         VALUES (?1, 'out', 'text', ?2, ?3, 'queued', ?4, ?5, ?5, ?5, ?5)",
    )?
    .execute(params![m.chat_id, m.body, m.origin.as_str(), m.reply_to, now])?;
    let id = tx.last_insert_rowid();
    let touched = tx
        .prepare_cached("UPDATE chats SET last_message_id = ?2, last_at = max(last_at, ?3) WHERE id = ?1")?
        .execute(params![m.chat_id, id, now])?;
    if touched == 0 {
        return Err(StoreError::NotFound(format!("no chat with id {}", m.chat_id)));
    }
    Ok(id)
}

impl Store {
    /// Stores inbound messages in one transaction, creating contacts and chats as needed.
    /// A message whose external id is already stored is a no-op (`Duplicate`).
    pub fn insert_messages(&mut self, batch: &[NewMessage]) -> Result<Vec<InsertOutcome>> {
        let now = now_ms();
        let tx = self.conn.transaction()?;
        let mut chats: HashMap<&ContactKey, i64> = HashMap::new();
        let mut out = Vec::with_capacity(batch.len());
        for m in batch {
            let chat_id = match chats.get(&m.from) {
                Some(id) => *id,
                None => {
                    let id = ensure_chat_tx(&tx, &m.from, m.profile_name.as_deref(), now)?;
                    chats.insert(&m.from, id);
                    id
                }
            };
            out.push(insert_inbound_tx(&tx, m, chat_id, now)?);
        }
        tx.commit()?;
        Ok(out)
    }

    /// Puts an outbound message in the outbox (status queued); the worker sends it.
    pub fn queue_outbound(&mut self, m: &NewOutbound) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let id = queue_outbound_tx(&tx, m, now_ms())?;
        tx.commit()?;
        Ok(id)
    }

    /// The newest `limit` messages of a chat before the keyset `(at, id)` (or the newest overall),
    /// returned oldest first.
    pub fn messages(
        &self,
        chat_id: i64,
        limit: usize,
        before: Option<(i64, i64)>,
    ) -> Result<Vec<MessageRow>> {
        let (at, id) = before.unwrap_or((i64::MAX, i64::MAX));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE chat_id = ?1 AND (at, id) < (?2, ?3)
             ORDER BY at DESC, id DESC LIMIT ?4"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut rows = stmt
            .query_map(params![chat_id, at, id, limit], message_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.reverse();
        Ok(rows)
    }

    /// One message by id.
    pub fn message(&self, id: i64) -> Result<Option<MessageRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?1"),
                [id],
                message_from_row,
            )
            .optional()?)
    }

    /// Claims up to `limit` queued messages that are due, marking them `sending`.
    pub fn claim_outbox(&mut self, now: i64, limit: usize) -> Result<Vec<OutboxItem>> {
        let tx = self.conn.transaction()?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let items = tx
            .prepare_cached(
                "SELECT m.id, m.chat_id, co.phone, co.user_id, m.body, m.reply_to, m.attempts, m.origin,
                     m.template
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

/// Looks up an outbound message by provider id (for tests and the webhook).
impl Store {
    pub fn message_by_external_id(&self, external_id: &str) -> Result<Option<MessageRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE external_id = ?1"),
                [external_id],
                message_from_row,
            )
            .optional()?)
    }
}
