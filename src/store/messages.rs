//! Messages: inbound inserts keyed by provider id, the outbox state machine, and windows of a chat.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::contacts::{ContactKey, ensure_chat_tx};
use super::{Result, Store, StoreError, now_ms};
use crate::consent::ConsentWords;
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
    /// Set when the message quotes another (for a reaction: the message it reacts to).
    pub quote: Option<super::replies::Quote>,
    /// The newest reaction of each side to this message.
    pub reactions: Vec<super::replies::Reaction>,
}

/// The row's own columns (of `m`), then the quote's and the reactions ([`super::replies`]).
fn message_columns() -> String {
    format!(
        "m.id, m.chat_id, m.external_id, m.direction, m.kind, m.body, m.origin, m.status,
         m.error_code, m.error_reason, m.at, m.media_filename, m.reply_to, {}",
        super::replies::COLUMNS
    )
}

fn message_from_row(r: &Row<'_>) -> rusqlite::Result<MessageRow> {
    let reply_to: Option<String> = r.get(12)?;
    let (quote, reactions) = super::replies::read(r, 13, reply_to.as_deref())?;
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
        reply_to,
        quote,
        reactions,
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

/// How a batch moves one chat: applied once per chat after all its rows are in.
#[derive(Default)]
struct ChatMove {
    /// (at, id) of the newest inserted row.
    newest: Option<(i64, i64)>,
    /// Live customer messages: unread, and they reopen a chat marked done or snoozed.
    live: i64,
    last_inbound_at: Option<i64>,
}

/// Inserts one message inside `tx`; a duplicate external id is left as it is. A customer's stop
/// or start word changes their consent in the same transaction.
fn insert_row_tx(
    tx: &Transaction<'_>,
    words: &ConsentWords,
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
    super::consent::apply_words_tx(tx, words, m, id, chat_id, now)?;
    Ok(InsertOutcome::Inserted { id, chat_id })
}

impl ChatMove {
    fn add(&mut self, m: &NewMessage, id: i64) {
        if self.newest.is_none_or(|n| (m.at, id) >= n) {
            self.newest = Some((m.at, id));
        }
        if m.direction == Direction::In {
            self.last_inbound_at = Some(self.last_inbound_at.map_or(m.at, |t| t.max(m.at)));
            // History (imports) neither counts as unread nor reopens a chat the operator closed.
            if m.origin != Origin::Import {
                self.live += 1;
            }
        }
    }

    /// One UPDATE for the chat: unread count, status, preview, last activity and window.
    fn apply(&self, tx: &Transaction<'_>, chat_id: i64) -> Result<()> {
        let Some((at, id)) = self.newest else { return Ok(()) };
        tx.prepare_cached(
            "UPDATE chats SET
                 unread = unread + ?3,
                 status = CASE WHEN ?3 > 0 THEN 'open' ELSE status END,
                 snoozed_until = CASE WHEN ?3 > 0 THEN NULL ELSE snoozed_until END,
                 last_message_id = CASE WHEN ?4 >= last_at THEN ?2 ELSE last_message_id END,
                 last_at = max(last_at, ?4),
                 last_inbound_at = max(coalesce(last_inbound_at, 0), coalesce(?5, 0))
             WHERE id = ?1",
        )?
        .execute(params![chat_id, id, self.live, at, self.last_inbound_at])?;
        Ok(())
    }
}

/// Inserts one inbound message and moves its chat, inside `tx`: for the webhook, whose messages
/// interleave with reactions and amendments that must see the rows before them.
pub(super) fn insert_inbound_tx(
    tx: &Transaction<'_>,
    words: &ConsentWords,
    m: &NewMessage,
    chat_id: i64,
    now: i64,
) -> Result<InsertOutcome> {
    let outcome = insert_row_tx(tx, words, m, chat_id, now)?;
    if let InsertOutcome::Inserted { id, .. } = outcome {
        let mut moved = ChatMove::default();
        moved.add(m, id);
        moved.apply(tx, chat_id)?;
    }
    Ok(outcome)
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
        let mut chats: HashMap<&ContactKey, (i64, ChatMove)> = HashMap::new();
        let mut out = Vec::with_capacity(batch.len());
        for m in batch {
            let (chat_id, moved) = match chats.get_mut(&m.from) {
                Some(entry) => entry,
                None => {
                    let id = ensure_chat_tx(&tx, &m.from, m.profile_name.as_deref(), now)?;
                    chats.entry(&m.from).or_insert((id, ChatMove::default()))
                }
            };
            let outcome = insert_row_tx(&tx, &self.consent_words, m, *chat_id, now)?;
            if let InsertOutcome::Inserted { id, .. } = outcome {
                moved.add(m, id);
            }
            out.push(outcome);
        }
        for (chat_id, moved) in chats.values() {
            moved.apply(&tx, *chat_id)?;
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
            "SELECT {} FROM {} WHERE m.chat_id = ?1 AND (m.at, m.id) < (?2, ?3)
             ORDER BY m.at DESC, m.id DESC LIMIT ?4",
            message_columns(),
            super::replies::JOIN
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
                &format!("SELECT {} FROM {} WHERE m.id = ?1", message_columns(), super::replies::JOIN),
                [id],
                message_from_row,
            )
            .optional()?)
    }
}

/// Looks up an outbound message by provider id (for tests and the webhook).
impl Store {
    pub fn message_by_external_id(&self, external_id: &str) -> Result<Option<MessageRow>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {} FROM {} WHERE m.external_id = ?1",
                    message_columns(),
                    super::replies::JOIN
                ),
                [external_id],
                message_from_row,
            )
            .optional()?)
    }
}
