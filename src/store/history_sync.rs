//! The phone's chat history (`history` webhooks), written through the same bulk path as
//! `wabi import`: one multi-row INSERT per 1,024 messages inside the webhook's transaction,
//! idempotent by wamid, origin `history`, never unread, no chat reopened, no automation (it only
//! answers origin `customer`), tallies kept by the same triggers. Where it got to is one row of
//! `history_sync`, for the status bar and `wabi cloud status`.
//!
//! A history message that describes one `wabi import` already brought in (same chat, direction
//! and text, at the same minute: exports have no seconds) is not stored twice. Nothing a chunk
//! says changes a stored message, except that a `media_placeholder` it stored earlier takes its
//! media id when a later chunk brings it.

use rusqlite::{OptionalExtension, Transaction, params};

use super::bulk::{HistoryMessage, insert_history_tx};
use super::contacts::{ContactKey, ensure_chat_tx};
use super::webhook::WebhookSummary;
use super::{Result, Store};
use crate::model::{Direction, Kind, Origin, Status};

/// One chunk of the phone's history, in store terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryChange {
    pub phase: Option<i64>,
    pub progress: Option<i64>,
    /// Why the business declined to share its history, if it did.
    pub declined: Option<String>,
    /// Items of the chunk that could not be read.
    pub skipped: usize,
    pub threads: Vec<(ContactKey, Vec<HistoryRow>)>,
}

/// One message of the phone's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub external_id: String,
    pub direction: Direction,
    pub kind: Kind,
    pub body: String,
    pub at: i64,
    pub status: Option<Status>,
    /// (media id, mime type, file name) when the chunk carries the media.
    pub media: Option<(String, Option<String>, Option<String>)>,
}

/// Where the history sync is, as `wabi cloud status` and the status bar show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct HistorySync {
    pub phase: Option<i64>,
    pub progress: i64,
    pub chunks: i64,
    pub messages: i64,
    pub skipped: i64,
    pub declined: Option<String>,
    pub updated_at: i64,
}

impl Store {
    /// The history sync's state; None before the first chunk.
    pub fn history_sync(&self) -> Result<Option<HistorySync>> {
        Ok(self
            .conn
            .query_row(
                "SELECT phase, progress, chunks, messages, skipped, declined, updated_at FROM history_sync",
                [],
                |r| {
                    Ok(HistorySync {
                        phase: r.get(0)?,
                        progress: r.get(1)?,
                        chunks: r.get(2)?,
                        messages: r.get(3)?,
                        skipped: r.get(4)?,
                        declined: r.get(5)?,
                        updated_at: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }
}

/// Stores one chunk inside the webhook's transaction and records the sync's progress.
pub(super) fn apply_history_tx(
    tx: &Transaction<'_>,
    h: &HistoryChange,
    now: i64,
    summary: &mut WebhookSummary,
) -> Result<()> {
    // As for an import: with SQLite's default 2 MB of page cache a chunk of thousands of rows
    // spills index pages and reads them back from the WAL. The connection keeps the bigger cache
    // (taken only as used): it is the webhook writer's, and more chunks follow.
    tx.pragma_update(None, "cache_size", -65_536)?;
    let mut rows: Vec<(i64, HistoryMessage<'_>)> =
        Vec::with_capacity(h.threads.iter().map(|t| t.1.len()).sum());
    let mut with_media = Vec::new();
    for (key, thread) in &h.threads {
        let chat_id = ensure_chat_tx(tx, key, None, now)?;
        let imported = has_imports_tx(tx, chat_id)?;
        for row in thread {
            if row.media.is_some() {
                with_media.push(row);
            }
            if imported && imported_tx(tx, chat_id, row)? {
                summary.duplicates += 1;
                continue;
            }
            rows.push((
                chat_id,
                HistoryMessage {
                    external_id: row.external_id.clone(),
                    direction: row.direction,
                    kind: row.kind,
                    body: &row.body,
                    at: row.at,
                    status: row.status,
                    media_filename: row.media.as_ref().and_then(|m| m.2.as_deref()),
                    media_path: None,
                },
            ));
        }
    }
    let refs: Vec<(i64, &HistoryMessage<'_>)> = rows.iter().map(|(chat, m)| (*chat, m)).collect();
    let inserted = insert_history_tx(tx, Origin::History, &refs, now)?;
    summary.inserted += inserted;
    summary.duplicates += rows.len() - inserted;
    for row in with_media {
        attach_media_tx(tx, row)?;
    }
    tx.prepare_cached(
        "INSERT INTO history_sync (id, phase, progress, chunks, messages, skipped, declined, updated_at)
         VALUES (1, ?1, coalesce(?2, 0), 1, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET
             phase = CASE WHEN excluded.phase IS NULL THEN phase ELSE max(coalesce(phase, 0), excluded.phase) END,
             progress = max(progress, excluded.progress),
             chunks = chunks + 1,
             messages = messages + excluded.messages,
             skipped = skipped + excluded.skipped,
             declined = coalesce(excluded.declined, declined),
             updated_at = excluded.updated_at",
    )?
    .execute(params![h.phase, h.progress, inserted as i64, h.skipped as i64, h.declined, now])?;
    Ok(())
}

/// Whether `wabi import` brought any message into the chat (only then are rows compared).
fn has_imports_tx(tx: &Transaction<'_>, chat_id: i64) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM messages WHERE chat_id = ?1 AND origin = 'import' LIMIT 1")?
        .query_row([chat_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The message is in the chat already from `wabi import`: same direction and text, written at the
/// same minute (an export's time has no seconds, so it is at most 59 s earlier).
fn imported_tx(tx: &Transaction<'_>, chat_id: i64, row: &HistoryRow) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM messages WHERE chat_id = ?1 AND at > ?2 - 60000 AND at <= ?2
               AND direction = ?3 AND origin = 'import' AND body = ?4 LIMIT 1",
        )?
        .query_row(params![chat_id, row.at, row.direction.as_str(), row.body], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The external ids of the export rows `rows` that the phone's history sync already stored in the
/// chat (same direction and text, at the written minute), so that an import after the sync adds
/// only what the sync lacks. Empty, after one indexed look, for a chat without synced history.
pub(super) fn synced_from_phone_tx(
    tx: &Transaction<'_>,
    chat_id: i64,
    rows: &[HistoryMessage<'_>],
) -> Result<std::collections::HashSet<String>> {
    let mut found = std::collections::HashSet::new();
    let synced = tx
        .prepare_cached("SELECT 1 FROM messages WHERE chat_id = ?1 AND origin = 'history' LIMIT 1")?
        .query_row([chat_id], |_| Ok(()))
        .optional()?;
    if synced.is_none() {
        return Ok(found);
    }
    let mut stmt = tx.prepare_cached(
        "SELECT 1 FROM messages WHERE chat_id = ?1 AND at >= ?2 AND at < ?2 + 60000
           AND direction = ?3 AND origin = 'history' AND body = ?4 LIMIT 1",
    )?;
    for m in rows {
        if stmt
            .query_row(params![chat_id, m.at, m.direction.as_str(), m.body], |_| Ok(()))
            .optional()?
            .is_some()
        {
            found.insert(m.external_id.clone());
        }
    }
    Ok(found)
}

/// Gives a history message its media id (a placeholder also its kind and text); a message that
/// has one already, or that wabi did not store from history, is left as it is.
fn attach_media_tx(tx: &Transaction<'_>, row: &HistoryRow) -> Result<()> {
    let Some((id, mime, filename)) = &row.media else { return Ok(()) };
    tx.prepare_cached(
        "UPDATE messages SET kind = ?2, body = CASE WHEN kind = 'media' THEN ?3 ELSE body END,
             media_id = ?4, media_mime = ?5, media_filename = coalesce(?6, media_filename)
         WHERE external_id = ?1 AND origin = 'history' AND media_id IS NULL",
    )?
    .execute(params![row.external_id, row.kind.as_str(), row.body, id, mime, filename])?;
    Ok(())
}

#[cfg(test)]
#[path = "history_sync_tests.rs"]
mod tests;
