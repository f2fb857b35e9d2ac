//! History in bulk: an imported chat's messages in one transaction, at the speed of SQLite itself.
//!
//! Unlike [`Store::insert_messages`], which moves a chat's preview, unread count and window with
//! every live message, history only ever moves the chat once: the rows go in through multi-row
//! INSERTs, then one UPDATE sets the preview and the customer service window from the newest
//! rows actually inserted. History never counts as unread and never reopens a chat. Statistics
//! are added set-wise after the rows (bulk_tallies.rs) rather than by the per-row trigger.

use std::fmt::Write as _;
use std::sync::OnceLock;

use rusqlite::{OptionalExtension, Statement, Transaction, TransactionBehavior, params};

use super::bulk_tallies::BulkTallies;
use super::contacts::{ContactKey, ensure_chat_tx};
use super::{Result, Store, now_ms};
use crate::model::{Direction, Kind, Origin, Status};

/// One message of imported history, borrowing its text from the parsed export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryMessage<'a> {
    /// Stable id of the message; importing it again is a no-op.
    pub external_id: String,
    pub direction: Direction,
    pub kind: Kind,
    pub body: &'a str,
    pub at: i64,
    /// For the business's own messages; None for the customer's and for system messages.
    pub status: Option<Status>,
    /// The attachment's file name as the export names it.
    pub media_filename: Option<&'a str>,
    /// Where the attachment was copied under the media folder, when the export carried it.
    pub media_path: Option<&'a str>,
}

/// A call the history notes, kept beside its (system) message: who called and for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryCall {
    /// The external id of the call's message among the rows.
    pub external_id: String,
    /// `customer`, `business` or `unknown`.
    pub caller: &'static str,
    pub video: bool,
    pub missed: bool,
    pub seconds: Option<u32>,
}

/// Whose history it is: the chat's contact, and the name the export gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryChat {
    pub key: ContactKey,
    /// Kept as the contact's profile name only when the contact has none yet: a live profile
    /// name is newer than any export.
    pub name: Option<String>,
}

/// What one import transaction did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryOutcome {
    pub chat_id: i64,
    pub inserted: usize,
    pub duplicates: usize,
}

impl Store {
    /// Stores a chat's history in one transaction, creating the contact and chat if needed.
    /// Rows whose external id is already stored are counted as duplicates and left as they
    /// are. `progress` is called now and then with the number of rows handled so far.
    pub fn import_history(
        &mut self,
        chat: &HistoryChat,
        rows: &[HistoryMessage<'_>],
        progress: &mut dyn FnMut(usize),
    ) -> Result<HistoryOutcome> {
        self.import_history_with_calls(chat, rows, &[], progress)
    }

    /// [`Store::import_history`], with the calls among the rows kept in the same transaction.
    pub fn import_history_with_calls(
        &mut self,
        chat: &HistoryChat,
        rows: &[HistoryMessage<'_>],
        calls: &[HistoryCall],
        progress: &mut dyn FnMut(usize),
    ) -> Result<HistoryOutcome> {
        let insert = &mut |tx: &Transaction<'_>, ids: &[i64], now: i64| {
            let chat_id = ids.first().copied().unwrap_or_default();
            let pairs = new_pairs(tx, chat_id, rows)?;
            insert_rows(tx, Origin::Import, &pairs, now, progress)
        };
        let (ids, inserted) = self.with_bulk_cache(|store| store.import_tx(&[chat], calls, insert))?;
        progress(rows.len());
        let chat_id = ids.first().copied().unwrap_or_default();
        Ok(HistoryOutcome { chat_id, inserted, duplicates: rows.len() - inserted })
    }

    /// Several chats' histories in one transaction, their rows sharing INSERT statements; returns
    /// how many rows were new. The demo generator's path: with one transaction and one short
    /// last statement per chat, 10,000 small chats cost more in commits and statement
    /// preparation than in rows.
    pub fn import_histories(&mut self, chats: &[(&HistoryChat, &[HistoryMessage<'_>])]) -> Result<usize> {
        let keys: Vec<&HistoryChat> = chats.iter().map(|(chat, _)| *chat).collect();
        let insert = &mut |tx: &Transaction<'_>, ids: &[i64], now: i64| {
            let pairs: Vec<(i64, &HistoryMessage<'_>)> = ids
                .iter()
                .zip(chats)
                .flat_map(|(&id, (_, rows))| rows.iter().map(move |m| (id, m)))
                .collect();
            insert_rows(tx, Origin::Import, &pairs, now, &mut |_| {})
        };
        Ok(self.with_bulk_cache(|store| store.import_tx(&keys, &[], insert))?.1)
    }

    /// [`Store::import_history_with_calls`] with the rows handed over one by one and inserted a
    /// chunk at a time, so a big export's rows are never all in memory at once.
    pub fn import_history_iter<'r>(
        &mut self,
        chat: &HistoryChat,
        rows: &mut dyn Iterator<Item = HistoryMessage<'r>>,
        calls: &[HistoryCall],
        progress: &mut dyn FnMut(usize),
    ) -> Result<HistoryOutcome> {
        let mut total = 0;
        let insert = &mut |tx: &Transaction<'_>, ids: &[i64], now: i64| {
            let chat_id = ids.first().copied().unwrap_or_default();
            let mut chunk: Vec<HistoryMessage<'r>> = Vec::with_capacity(CHUNK);
            let mut inserted = 0;
            loop {
                chunk.clear();
                chunk.extend((&mut *rows).take(CHUNK));
                if chunk.is_empty() {
                    return Ok(inserted);
                }
                progress(total);
                total += chunk.len();
                let pairs = new_pairs(tx, chat_id, &chunk)?;
                inserted += insert_rows(tx, Origin::Import, &pairs, now, &mut |_| {})?;
            }
        };
        let (ids, inserted) = self.with_bulk_cache(|store| store.import_tx(&[chat], calls, insert))?;
        progress(total);
        let chat_id = ids.first().copied().unwrap_or_default();
        Ok(HistoryOutcome { chat_id, inserted, duplicates: total - inserted })
    }

    /// Runs `f` with a page cache big enough for a bulk insert. With SQLite's default 2 MB, a big
    /// import spills pages of the indexes and reads them back from the WAL all along; 32 MB
    /// holds those of a 200,000-message import (it is only taken as used). 64 MB was no faster
    /// and put a 1,150,000-message import over its memory bound (327 MB against 292 MB).
    fn with_bulk_cache<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let foreign_keys: i64 = self.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -32_768)?;
        // Every row's chat is one the transaction itself made sure of: checking it again for each
        // row was a lookup per row. (The pragma only takes effect outside a transaction.)
        self.conn.pragma_update(None, "foreign_keys", 0)?;
        let outcome = f(self);
        self.conn.pragma_update(None, "foreign_keys", foreign_keys)?;
        self.conn.pragma_update(None, "cache_size", cache)?;
        outcome
    }

    /// One transaction: the chats (created if needed), their rows, then each chat moved once.
    /// Returns the chats' ids and how many rows were new.
    /// `insert` inserts the rows, given the chats' ids (in the order of `chats`) and the time.
    fn import_tx(
        &mut self,
        chats: &[&HistoryChat],
        calls: &[HistoryCall],
        insert: &mut InsertRows<'_>,
    ) -> Result<(Vec<i64>, usize)> {
        let now = now_ms();
        // Immediate: the write lock from the start, so no other writer slips in between
        // reading the next id and inserting.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut ids = Vec::with_capacity(chats.len());
        for chat in chats {
            let chat_id = ensure_chat_tx(&tx, &chat.key, None, now)?;
            if let Some(name) = chat.name.as_deref().filter(|n| !n.trim().is_empty()) {
                tx.prepare_cached(
                    "UPDATE contacts SET profile_name = ?2
                     WHERE id = (SELECT contact_id FROM chats WHERE id = ?1) AND profile_name IS NULL",
                )?
                .execute(params![chat_id, name])?;
            }
            ids.push(chat_id);
        }
        // Rowids grow from the largest one: every row this import adds has an id from here on.
        let first_new_id: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM messages", [], |r| r.get(0))?;
        // The statistics of the new rows are added set-wise at the end, in this transaction.
        let tallies = BulkTallies::start(&tx, first_new_id)?;
        let inserted = insert(&tx, &ids, now)?;
        tallies.finish(&tx)?;
        let mut call = tx.prepare_cached(
            "INSERT INTO calls (message_id, caller, video, missed, seconds)
             SELECT id, ?2, ?3, ?4, ?5 FROM messages WHERE external_id = ?1
             ON CONFLICT (message_id) DO NOTHING",
        )?;
        for c in calls {
            call.execute(params![c.external_id, c.caller, c.video, c.missed, c.seconds])?;
        }
        drop(call);
        let mut moved = ids.clone();
        moved.sort_unstable();
        moved.dedup();
        for &chat_id in &moved {
            move_chat(&tx, chat_id, first_new_id)?;
        }
        tx.commit()?;
        Ok((ids, inserted))
    }
}

/// An imported chat's rows paired with its id, less those the phone's history sync already
/// stored (same time, direction and text: see [`super::history_sync::synced_from_phone_tx`]).
fn new_pairs<'a, 'r>(
    tx: &Transaction<'_>,
    chat_id: i64,
    rows: &'a [HistoryMessage<'r>],
) -> Result<Vec<(i64, &'a HistoryMessage<'r>)>> {
    let from_phone = super::history_sync::synced_from_phone_tx(tx, chat_id, rows)?;
    Ok(rows.iter().filter(|m| !from_phone.contains(&m.external_id)).map(|m| (chat_id, m)).collect())
}

/// Inserts an import's rows, given the chats' ids and the time; returns how many were new.
type InsertRows<'a> = dyn FnMut(&Transaction<'_>, &[i64], i64) -> Result<usize> + 'a;

/// Rows per INSERT statement. Each statement that fires the FTS trigger makes FTS5 flush its
/// pending terms into a new segment (it opens a statement savepoint), so one row per statement
/// costs a flush and, later, merges per row: over half the time of a big import. 1024 rows of 9
/// parameters stay well below SQLite's limit of 32,766.
const CHUNK: usize = 1024;

/// History rows of several chats (each with its chat's id) inside the caller's transaction, with
/// `origin`, then each chat moved once as an import moves it; returns how many rows were new. The
/// webhook's history chunks take this path, so they cost what an import of the same rows costs.
pub(super) fn insert_history_tx(
    tx: &Transaction<'_>,
    origin: Origin,
    rows: &[(i64, &HistoryMessage<'_>)],
    now: i64,
) -> Result<usize> {
    let first_new_id: i64 =
        tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM messages", [], |r| r.get(0))?;
    let inserted = insert_rows(tx, origin, rows, now, &mut |_| {})?;
    let mut moved: Vec<i64> = rows.iter().map(|(chat_id, _)| *chat_id).collect();
    moved.sort_unstable();
    moved.dedup();
    for chat_id in moved {
        move_chat(tx, chat_id, first_new_id)?;
    }
    Ok(inserted)
}

/// Inserts `rows` (each with its chat's id) in chunks; returns how many were new.
fn insert_rows(
    tx: &Transaction<'_>,
    origin: Origin,
    rows: &[(i64, &HistoryMessage<'_>)],
    now: i64,
    progress: &mut dyn FnMut(usize),
) -> Result<usize> {
    static FULL: OnceLock<String> = OnceLock::new();
    let mut inserted = 0;
    for (i, chunk) in rows.chunks(CHUNK).enumerate() {
        progress(i * CHUNK);
        // Full chunks share one cached statement; the last, shorter one is prepared once.
        inserted += if chunk.len() == CHUNK {
            let mut stmt = tx.prepare_cached(FULL.get_or_init(|| insert_sql(CHUNK)))?;
            insert_chunk(&mut stmt, origin, now, chunk)?
        } else {
            insert_chunk(&mut tx.prepare(&insert_sql(chunk.len()))?, origin, now, chunk)?
        };
    }
    Ok(inserted)
}

/// Binds and runs one statement of [`insert_sql`]`(chunk.len())`; returns how many rows were new.
fn insert_chunk(
    stmt: &mut Statement<'_>,
    origin: Origin,
    now: i64,
    chunk: &[(i64, &HistoryMessage<'_>)],
) -> Result<usize> {
    stmt.raw_bind_parameter(1, origin.as_str())?;
    stmt.raw_bind_parameter(2, now)?;
    for (j, (chat_id, m)) in chunk.iter().enumerate() {
        let p = FIXED + j * PER_ROW;
        stmt.raw_bind_parameter(p + 1, chat_id)?;
        stmt.raw_bind_parameter(p + 2, &m.external_id)?;
        stmt.raw_bind_parameter(p + 3, m.direction.as_str())?;
        stmt.raw_bind_parameter(p + 4, m.kind.as_str())?;
        stmt.raw_bind_parameter(p + 5, m.body)?;
        stmt.raw_bind_parameter(p + 6, m.media_filename)?;
        stmt.raw_bind_parameter(p + 7, m.media_path)?;
        stmt.raw_bind_parameter(p + 8, m.at)?;
        stmt.raw_bind_parameter(p + 9, m.status.map(Status::as_str))?;
    }
    // Rows met by ON CONFLICT DO NOTHING are not counted as changes.
    Ok(stmt.raw_execute()?)
}

/// Parameters shared by every row of a statement: origin, created_at.
const FIXED: usize = 2;
/// Parameters of one row.
const PER_ROW: usize = 9;

/// `INSERT … VALUES (…), (…) …` for `n` rows; status_at is the row's own time.
fn insert_sql(n: usize) -> String {
    let mut sql = String::with_capacity(200 + n * 72);
    sql.push_str(
        "INSERT INTO messages (chat_id, origin, created_at, external_id, direction, kind, body,
             media_filename, media_path, at, status, status_at) VALUES ",
    );
    for j in 0..n {
        let p = FIXED + j * PER_ROW;
        let sep = if j == 0 { "" } else { ", " };
        // Writing to a String cannot fail.
        let _ = write!(
            sql,
            "{sep}(?{}, ?1, ?2, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{})",
            p + 1,
            p + 2,
            p + 3,
            p + 4,
            p + 5,
            p + 6,
            p + 7,
            p + 8,
            p + 9,
            p + 8
        );
    }
    sql.push_str(" ON CONFLICT (external_id) DO NOTHING");
    sql
}

/// One update for the whole batch, from the rows it added (ids from `first_new_id` on): the
/// preview follows the newest message, the customer service window the customer's newest;
/// unread, status and snooze are left alone.
fn move_chat(tx: &Transaction<'_>, chat_id: i64, first_new_id: i64) -> Result<()> {
    let newest: Option<(i64, i64)> = tx
        .prepare_cached(
            "SELECT at, id FROM messages WHERE chat_id = ?1 AND id >= ?2 ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row(params![chat_id, first_new_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((at, id)) = newest else {
        return Ok(());
    };
    let inbound_at: Option<i64> = tx
        .prepare_cached(
            "SELECT max(at) FROM messages WHERE chat_id = ?1 AND id >= ?2 AND direction = 'in'
                 AND kind <> 'system'",
        )?
        .query_row(params![chat_id, first_new_id], |r| r.get(0))?;
    tx.prepare_cached(
        "UPDATE chats SET
             last_message_id = CASE WHEN ?2 >= last_at THEN ?3 ELSE last_message_id END,
             last_at = max(last_at, ?2),
             last_inbound_at = CASE WHEN ?4 IS NULL THEN last_inbound_at
                                    ELSE max(coalesce(last_inbound_at, 0), ?4) END
         WHERE id = ?1",
    )?
    .execute(params![chat_id, at, id, inbound_at])?;
    Ok(())
}

#[cfg(test)]
#[path = "bulk_tests.rs"]
mod tests;
