//! Data requests: everything held about one contact (to hand over), and erasing all of it so that
//! no copy stays in the store file — not in freed pages, not in the search index, not in the
//! write-ahead log.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::{Result, Store, StoreError};

/// One message of the contact's chat, every column a person may ask about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldMessage {
    pub id: i64,
    pub external_id: Option<String>,
    pub direction: String,
    pub kind: String,
    pub body: String,
    pub origin: String,
    pub status: Option<String>,
    #[serde(serialize_with = "rfc3339")]
    pub at: i64,
    pub media_mime: Option<String>,
    pub media_filename: Option<String>,
    pub media_path: Option<String>,
    pub reply_to: Option<String>,
    pub template: Option<String>,
    pub error_reason: Option<String>,
    /// The ad that started the message (JSON), when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
    /// Meta's pricing category of a billable message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billable_category: Option<String>,
}

/// A broadcast the contact was a recipient of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldBroadcast {
    pub broadcast_id: i64,
    pub list: String,
    #[serde(serialize_with = "rfc3339")]
    pub at: i64,
    pub message_id: Option<i64>,
    pub skipped: Option<String>,
}

/// An automatic message decision logged for the chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldAutomation {
    pub kind: String,
    pub period: String,
    #[serde(serialize_with = "rfc3339")]
    pub at: i64,
}

/// Times in an export read as the rest of the CLI's JSON: RFC 3339 UTC.
fn rfc3339<S: serde::Serializer>(ms: &i64, s: S) -> std::result::Result<S::Ok, S::Error> {
    let at = chrono::DateTime::from_timestamp_millis(*ms).unwrap_or_default();
    s.serialize_str(&at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// What an erase would delete (or deleted), counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EraseCounts {
    pub messages: i64,
    pub media_files: Vec<String>,
    pub labels: i64,
    pub lists: i64,
    pub broadcasts: i64,
    pub consent_changes: i64,
    pub automation: i64,
}

/// The chat of a contact.
fn chat_of_contact(conn: &Connection, contact_id: i64) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(conn.query_row("SELECT id FROM chats WHERE contact_id = ?1", [contact_id], |r| r.get(0)).optional()?)
}

fn count(conn: &Connection, sql: &str, id: i64) -> Result<i64> {
    Ok(conn.query_row(sql, [id], |r| r.get(0))?)
}

impl Store {
    /// Every message of a chat, oldest first, with media paths and templates.
    pub fn held_messages(&self, chat_id: i64) -> Result<Vec<HeldMessage>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, external_id, direction, kind, body, origin, status, at, media_mime, media_filename,
                 media_path, reply_to, template, error_reason, referral,
                 CASE WHEN billable = 1 THEN coalesce(price_category, 'unknown') END
             FROM messages WHERE chat_id = ?1 ORDER BY at, id",
        )?;
        let rows = stmt.query_map([chat_id], |r| {
            Ok(HeldMessage {
                id: r.get(0)?,
                external_id: r.get(1)?,
                direction: r.get(2)?,
                kind: r.get(3)?,
                body: r.get(4)?,
                origin: r.get(5)?,
                status: r.get(6)?,
                at: r.get(7)?,
                media_mime: r.get(8)?,
                media_filename: r.get(9)?,
                media_path: r.get(10)?,
                reply_to: r.get(11)?,
                template: r.get(12)?,
                error_reason: r.get(13)?,
                referral: r.get(14)?,
                billable_category: r.get(15)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The broadcasts a contact was a recipient of, oldest first.
    pub fn held_broadcasts(&self, contact_id: i64) -> Result<Vec<HeldBroadcast>> {
        let mut stmt = self.conn.prepare(
            "SELECT b.id, b.list_name, b.created_at, r.message_id, r.skipped
             FROM broadcast_recipients r JOIN broadcasts b ON b.id = r.broadcast_id
             WHERE r.contact_id = ?1 ORDER BY b.created_at, b.id",
        )?;
        let rows = stmt.query_map([contact_id], |r| {
            Ok(HeldBroadcast {
                broadcast_id: r.get(0)?,
                list: r.get(1)?,
                at: r.get(2)?,
                message_id: r.get(3)?,
                skipped: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The automation log of a chat (greeting and away messages decided), oldest first.
    pub fn held_automation(&self, chat_id: i64) -> Result<Vec<HeldAutomation>> {
        let mut stmt = self
            .conn
            .prepare("SELECT kind, period, at FROM automation_log WHERE chat_id = ?1 ORDER BY at")?;
        let rows = stmt.query_map([chat_id], |r| {
            Ok(HeldAutomation { kind: r.get(0)?, period: r.get(1)?, at: r.get(2)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// When wabi first met the contact.
    pub fn contact_created_at(&self, contact_id: i64) -> Result<i64> {
        count(&self.conn, "SELECT created_at FROM contacts WHERE id = ?1", contact_id)
    }

    /// What erasing the contact would delete.
    pub fn erase_counts(&self, contact_id: i64) -> Result<EraseCounts> {
        let chat = chat_of_contact(&self.conn, contact_id)?.unwrap_or(-1);
        let mut stmt = self.conn.prepare(
            "SELECT media_path FROM messages WHERE chat_id = ?1 AND media_path IS NOT NULL ORDER BY id",
        )?;
        let media_files = stmt.query_map([chat], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(EraseCounts {
            messages: count(&self.conn, "SELECT count(*) FROM messages WHERE chat_id = ?1", chat)?,
            media_files,
            labels: count(&self.conn, "SELECT count(*) FROM chat_labels WHERE chat_id = ?1", chat)?,
            lists: count(
                &self.conn,
                "SELECT count(*) FROM broadcast_members WHERE contact_id = ?1",
                contact_id,
            )?,
            broadcasts: count(
                &self.conn,
                "SELECT count(*) FROM broadcast_recipients WHERE contact_id = ?1",
                contact_id,
            )?,
            consent_changes: count(
                &self.conn,
                "SELECT count(*) FROM consent_history WHERE contact_id = ?1",
                contact_id,
            )?,
            automation: count(&self.conn, "SELECT count(*) FROM automation_log WHERE chat_id = ?1", chat)?,
        })
    }

    /// Deletes the contact, its chat and everything linked to them in one transaction, with
    /// SQLite's secure delete (freed space is zeroed) and the search index told to drop the words
    /// at once; then rewrites the file (VACUUM) and empties the write-ahead log. Returns whether
    /// the log could be emptied: another process reading the store at that moment keeps it.
    pub fn erase_contact(&mut self, contact_id: i64) -> Result<bool> {
        let chat = chat_of_contact(&self.conn, contact_id)?.unwrap_or(-1);
        let was: i64 = self.conn.query_row("PRAGMA secure_delete", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "secure_delete", 1)?;
        let erased = self.erase_tx(contact_id, chat);
        self.conn.pragma_update(None, "secure_delete", was)?;
        erased?;
        self.conn.execute_batch("VACUUM")?;
        let busy: i64 = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }

    fn erase_tx(&mut self, contact_id: i64, chat: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        // Without it FTS5 only adds a "deleted" marker and the words stay in the index.
        tx.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1)", [])?;
        // Messages one by one through their triggers: the search index and the tallies follow.
        tx.execute("DELETE FROM messages WHERE chat_id = ?1", [chat])?;
        for sql in [
            "DELETE FROM automation_log WHERE chat_id = ?1",
            "DELETE FROM chat_labels WHERE chat_id = ?1",
            "DELETE FROM tallies WHERE chat_id = ?1",
            "DELETE FROM response_times WHERE chat_id = ?1",
            "DELETE FROM chats WHERE id = ?1",
        ] {
            tx.execute(sql, [chat])?;
        }
        for sql in [
            "DELETE FROM broadcast_members WHERE contact_id = ?1",
            "DELETE FROM broadcast_recipients WHERE contact_id = ?1",
            "DELETE FROM consent_history WHERE contact_id = ?1",
        ] {
            tx.execute(sql, [contact_id])?;
        }
        let gone = tx.execute("DELETE FROM contacts WHERE id = ?1", params![contact_id])?;
        if gone != 1 {
            return Err(StoreError::NotFound(format!("no contact with id {contact_id}")));
        }
        tx.commit()?;
        Ok(())
    }
}
