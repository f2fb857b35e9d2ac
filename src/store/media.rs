//! Outbound attachments and reactions in the outbox, the Graph media id an upload returned, and
//! the operator's private note on a contact.

use rusqlite::{OptionalExtension, params};

use super::messages::{MessageRow, NewOutbound, queue_outbound_tx};
use super::{Result, Store, StoreError, now_ms};
use crate::attach::OutboundMedia;
use crate::model::{Kind, Origin};

/// The attachment of an outbox item, as the sender needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMedia {
    /// wabi's copy of the file.
    pub path: String,
    pub mime: String,
    pub filename: Option<String>,
    /// Set once the transport accepted the upload: a retry sends with it instead of uploading again.
    pub media_id: Option<String>,
}

impl Store {
    /// Queues an attachment with `caption` (may be empty), quoting `reply_to` (a provider id) when
    /// given. The file must already be wabi's copy ([`crate::attach::prepare`]).
    pub fn queue_media(
        &mut self,
        chat_id: i64,
        media: &OutboundMedia,
        caption: &str,
        origin: Origin,
        reply_to: Option<&str>,
    ) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let outbound =
            NewOutbound { chat_id, body: caption.to_string(), origin, reply_to: reply_to.map(String::from) };
        let id = queue_outbound_tx(&tx, &outbound, now_ms())?;
        tx.execute(
            "UPDATE messages SET kind = ?2, media_path = ?3, media_mime = ?4, media_filename = ?5,
                 media_size = ?6, media_sha256 = ?7 WHERE id = ?1",
            params![
                id,
                media.kind.as_str(),
                media.path.to_string_lossy(),
                media.mime,
                media.filename,
                i64::try_from(media.size).unwrap_or(i64::MAX),
                media.sha256
            ],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Queues our reaction `emoji` to the message with provider id `target` (empty removes ours).
    pub fn queue_reaction(&mut self, chat_id: i64, target: &str, emoji: &str, origin: Origin) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let outbound =
            NewOutbound { chat_id, body: emoji.to_string(), origin, reply_to: Some(target.to_string()) };
        let id = queue_outbound_tx(&tx, &outbound, now_ms())?;
        tx.execute("UPDATE messages SET kind = 'reaction' WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(id)
    }

    /// Records the media id the transport gave for message `id`'s upload.
    pub fn set_uploaded_media(&mut self, id: i64, media_id: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE messages SET media_id = ?2 WHERE id = ?1 AND direction = 'out'",
            params![id, media_id],
        )?;
        Ok(())
    }

    /// A message named the way a person would: its wabi id (digits) or its provider id (wamid).
    pub fn find_message(&self, key: &str) -> Result<MessageRow> {
        let key = key.trim();
        let found = match key.parse::<i64>() {
            Ok(id) => self.message(id)?,
            Err(_) => self.message_by_external_id(key)?,
        };
        found.ok_or_else(|| StoreError::NotFound(format!("no message {key:?} in the store")))
    }

    /// The provider id of message `key` for quoting or reacting to it; refused when it has none
    /// (an outbound message not sent yet).
    pub fn quotable(&self, key: &str) -> Result<MessageRow> {
        let m = self.find_message(key)?;
        if m.external_id.is_none() {
            return Err(StoreError::Invalid(format!(
                "message {} has not been sent yet, so WhatsApp cannot refer to it",
                m.id
            )));
        }
        if m.kind == Kind::Reaction || m.kind == Kind::System {
            return Err(StoreError::Invalid(format!("message {} is a {}, not a message", m.id, m.kind)));
        }
        Ok(m)
    }

    /// The operator's private note on the contact of `chat_id`.
    pub fn note(&self, chat_id: i64) -> Result<String> {
        Ok(self
            .conn
            .query_row(
                "SELECT co.note FROM chats ch JOIN contacts co ON co.id = ch.contact_id WHERE ch.id = ?1",
                [chat_id],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default())
    }

    /// Sets the note on the contact of `chat_id` ('' clears it).
    pub fn set_note(&mut self, chat_id: i64, note: &str) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE contacts SET note = ?2 WHERE id = (SELECT contact_id FROM chats WHERE id = ?1)",
            params![chat_id, note],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("no chat with id {chat_id}")));
        }
        Ok(())
    }
}
