//! History in bulk: an imported chat's messages in one transaction, at the speed of SQLite itself.
//!
//! Unlike [`Store::insert_messages`], which moves a chat's preview, unread count and window with
//! every live message, history only ever moves the chat once: the rows go in through one
//! prepared statement, then one UPDATE sets the preview and the customer service window from the
//! newest rows actually inserted. History never counts as unread and never reopens a chat.

use rusqlite::{Transaction, params};

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

/// The newest inserted row, and the newest inserted message from the customer.
#[derive(Default)]
struct Newest {
    message: Option<(i64, i64)>,
    inbound_at: Option<i64>,
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
        let now = now_ms();
        let tx = self.conn.transaction()?;
        let chat_id = ensure_chat_tx(&tx, &chat.key, None, now)?;
        if let Some(name) = chat.name.as_deref().filter(|n| !n.trim().is_empty()) {
            tx.execute(
                "UPDATE contacts SET profile_name = ?2
                 WHERE id = (SELECT contact_id FROM chats WHERE id = ?1) AND profile_name IS NULL",
                params![chat_id, name],
            )?;
        }
        let mut newest = Newest::default();
        let inserted = insert_rows(&tx, chat_id, rows, now, &mut newest, progress)?;
        move_chat(&tx, chat_id, &newest)?;
        tx.commit()?;
        progress(rows.len());
        Ok(HistoryOutcome { chat_id, inserted, duplicates: rows.len() - inserted })
    }
}

/// How many rows pass between two calls of the progress callback.
const PROGRESS_EVERY: usize = 4096;

fn insert_rows(
    tx: &Transaction<'_>,
    chat_id: i64,
    rows: &[HistoryMessage<'_>],
    now: i64,
    newest: &mut Newest,
    progress: &mut dyn FnMut(usize),
) -> Result<usize> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO messages (chat_id, external_id, direction, kind, body, media_filename, media_path,
             origin, created_at, at, status, status_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10)
         ON CONFLICT (external_id) DO NOTHING",
    )?;
    let mut inserted = 0;
    for (i, m) in rows.iter().enumerate() {
        if i % PROGRESS_EVERY == 0 {
            progress(i);
        }
        let n = insert.execute(params![
            chat_id,
            m.external_id,
            m.direction.as_str(),
            m.kind.as_str(),
            m.body,
            m.media_filename,
            m.media_path,
            Origin::Import.as_str(),
            now,
            m.at,
            m.status.map(Status::as_str),
        ])?;
        if n == 0 {
            continue;
        }
        inserted += 1;
        let id = tx.last_insert_rowid();
        // Ties in time go to the later row, as live inserts do.
        if newest.message.is_none_or(|(at, _)| m.at >= at) {
            newest.message = Some((m.at, id));
        }
        if m.direction == Direction::In && m.kind != Kind::System {
            newest.inbound_at = Some(newest.inbound_at.map_or(m.at, |at| at.max(m.at)));
        }
    }
    Ok(inserted)
}

/// One update for the whole batch: the preview follows the newest message, the customer service
/// window the customer's newest; unread, status and snooze are left alone.
fn move_chat(tx: &Transaction<'_>, chat_id: i64, newest: &Newest) -> Result<()> {
    let Some((at, id)) = newest.message else {
        return Ok(());
    };
    tx.prepare_cached(
        "UPDATE chats SET
             last_message_id = CASE WHEN ?2 >= last_at THEN ?3 ELSE last_message_id END,
             last_at = max(last_at, ?2),
             last_inbound_at = CASE WHEN ?4 IS NULL THEN last_inbound_at
                                    ELSE max(coalesce(last_inbound_at, 0), ?4) END
         WHERE id = ?1",
    )?
    .execute(params![chat_id, at, id, newest.inbound_at])?;
    Ok(())
}

#[cfg(test)]
#[path = "bulk_tests.rs"]
mod tests;
