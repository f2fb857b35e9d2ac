//! Coexistence with the WhatsApp Business app on the same number: what the owner sends from the
//! phone (echoes) and the contacts saved there, applied inside the webhook's transaction. The
//! phone's chat history is in [`super::history_sync`].
//!
//! An echo is an outbound message with origin `phone` and status `sent`: the statistics count it
//! as sent and as a first response, the away rule's `skip_if_replied_within` sees it (both look
//! at outbound messages that are not automatic), and, being outbound, it neither opens nor
//! extends the customer service window and is never unread.

use rusqlite::{OptionalExtension, Transaction, params};

use super::Result;
use super::messages::{InsertOutcome, NewMessage, insert_inbound_tx};
use super::webhook::{Effect, InboundChange, WebhookSummary};
use crate::consent::ConsentWords;

/// A contact saved (`saved` is the full name and first name) or removed on the phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactChange {
    /// Digits only.
    pub phone: String,
    pub saved: Option<(String, Option<String>)>,
    /// When the owner made the change on the phone (ms).
    pub at: i64,
}

/// Applies one echo for the chat `chat_id`: a new outbound message, or the edit, deletion or
/// reaction it stands for. A wamid already stored is a no-op.
pub(super) fn apply_echo_tx(
    tx: &Transaction<'_>,
    words: &ConsentWords,
    c: &InboundChange,
    chat_id: i64,
    now: i64,
    summary: &mut WebhookSummary,
) -> Result<()> {
    let m = &c.message;
    if let Some(id) = m.external_id.as_deref() {
        let stored = tx
            .prepare_cached("SELECT 1 FROM messages WHERE external_id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?;
        if stored.is_some() {
            summary.duplicates += 1;
            return Ok(());
        }
    }
    let amended = match &c.effect {
        Effect::New => false,
        Effect::Edit { original } => amend_outbound_tx(tx, original, Some(m), m.at)?,
        Effect::Delete { original } => amend_outbound_tx(tx, original, None, m.at)?,
        Effect::Reaction { target, emoji } => {
            // The owner's newer reaction replaces the older one; an empty one only removes.
            tx.prepare_cached(
                "DELETE FROM messages WHERE chat_id = ?1 AND kind = 'reaction' AND direction = 'out'
                   AND origin = 'phone' AND reply_to = ?2 AND at <= ?3",
            )?
            .execute(params![chat_id, target, m.at])?;
            emoji.is_empty()
        }
    };
    if amended {
        summary.amended += 1;
        return Ok(());
    }
    match insert_inbound_tx(tx, words, m, chat_id, now)? {
        InsertOutcome::Inserted { .. } => summary.inserted += 1,
        InsertOutcome::Duplicate { .. } => summary.duplicates += 1,
    }
    Ok(())
}

/// Edits (`new` is the new content) or deletes (`None`) the outbound message `original`.
/// Returns false when it is not stored, so the caller keeps the echo as a message of its own.
fn amend_outbound_tx(
    tx: &Transaction<'_>,
    original: &str,
    new: Option<&NewMessage>,
    at: i64,
) -> Result<bool> {
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM messages WHERE external_id = ?1 AND direction = 'out'")?
        .query_row([original], |r| r.get(0))
        .optional()?;
    let Some(id) = found else {
        return Ok(false);
    };
    match new {
        Some(m) => tx
            .prepare_cached(
                "UPDATE messages SET body = ?2, kind = ?3, edited_at = ?4
                 WHERE id = ?1 AND deleted_at IS NULL AND coalesce(edited_at, 0) <= ?4",
            )?
            .execute(params![id, m.body, m.kind.as_str(), at])?,
        None => tx
            .prepare_cached(
                "UPDATE messages SET body = '[message deleted]', media_id = NULL, media_mime = NULL,
                     media_filename = NULL, deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            )?
            .execute(params![id, at])?,
    };
    Ok(true)
}

impl super::Store {
    /// The first name saved with the contact of `chat_id` in the phone's contacts, if any.
    pub fn saved_first_name(&self, chat_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT co.saved_first_name FROM contacts co JOIN chats ch ON ch.contact_id = co.id
                 WHERE ch.id = ?1",
            )?
            .query_row([chat_id], |r| r.get(0))
            .optional()?
            .flatten())
    }
}

/// Saves (or clears) the name the owner gave a contact on the phone. A contact wabi does not know
/// yet is created without a chat; removing a name keeps the contact and its chat.
pub(super) fn apply_contact_tx(tx: &Transaction<'_>, c: &ContactChange, now: i64) -> Result<()> {
    let (full, first) = match &c.saved {
        Some((full, first)) => (Some(full.as_str()), first.as_deref()),
        None => (None, None),
    };
    let known = tx
        .prepare_cached("SELECT 1 FROM contacts WHERE phone = ?1")?
        .query_row([&c.phone], |_| Ok(()))
        .optional()?
        .is_some();
    if known {
        tx.prepare_cached(
            "UPDATE contacts SET saved_name = ?2, saved_first_name = ?3, saved_on_phone_at = ?4
             WHERE phone = ?1 AND coalesce(saved_on_phone_at, 0) <= ?4",
        )?
        .execute(params![c.phone, full, first, c.at])?;
    } else if full.is_some() {
        tx.prepare_cached(
            "INSERT INTO contacts (phone, saved_name, saved_first_name, saved_on_phone_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![c.phone, full, first, c.at, now])?;
    }
    Ok(())
}
