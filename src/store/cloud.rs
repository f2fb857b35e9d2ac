//! Store parts only the WhatsApp Cloud API needs: template messages in the outbox, media files
//! downloaded on demand, and read receipts for chats the operator has opened.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::messages::{NewOutbound, queue_outbound_tx};
use super::{Result, Store, StoreError, now_ms};
use crate::model::Origin;

/// An approved template message, as queued and as sent: `{{1}}`, `{{2}}`… filled with `params`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboundTemplate {
    pub name: String,
    pub language: String,
    pub params: Vec<String>,
    /// For a template with named parameters, each value's name (empty: positional `{{n}}`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub param_names: Vec<String>,
    /// The body as the customer reads it, parameters filled in, when the template's text is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The media file of a template with an image, video or document header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Box<HeaderMedia>>,
    /// (button index, value) for URL buttons that take a parameter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<(u32, String)>,
}

/// A template header's media, by link: `format` is image, video or document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderMedia {
    pub format: String,
    pub link: String,
}

impl OutboundTemplate {
    /// What the inbox shows for it: the filled body when known, else
    /// `[template appointment: Ana, 10:30]`.
    pub fn readable(&self) -> String {
        if let Some(text) = self.text.as_ref().filter(|t| !t.trim().is_empty()) {
            return text.clone();
        }
        if self.params.is_empty() {
            format!("[template {}]", self.name)
        } else {
            format!("[template {}: {}]", self.name, self.params.join(", "))
        }
    }
}

/// Reads the `template` column of an outbox row.
pub(super) fn template_col(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<OutboundTemplate>> {
    let Some(json) = r.get::<_, Option<String>>(i)? else {
        return Ok(None);
    };
    serde_json::from_str(&json)
        .map(Some)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e)))
}

/// A message's attachment, for downloading or opening it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaRef {
    /// The Graph media id; empty for an outbound file not uploaded yet (it has a `path`).
    pub media_id: String,
    pub mime: Option<String>,
    pub filename: Option<String>,
    /// Where it was saved, once downloaded.
    pub path: Option<String>,
}

/// The newest inbound message of a chat the operator has read, not yet reported read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptDue {
    pub chat_id: i64,
    pub external_id: Option<String>,
    pub last_inbound_at: i64,
}

impl Store {
    /// Queues a template message (status queued); its body is the readable form.
    pub fn queue_template(
        &mut self,
        chat_id: i64,
        template: &OutboundTemplate,
        origin: Origin,
    ) -> Result<i64> {
        let json =
            serde_json::to_string(template).map_err(|e| StoreError::Invalid(format!("template: {e}")))?;
        let tx = self.conn.transaction()?;
        let outbound = NewOutbound { chat_id, body: template.readable(), origin, reply_to: None };
        let id = queue_outbound_tx(&tx, &outbound, now_ms())?;
        tx.execute("UPDATE messages SET template = ?2 WHERE id = ?1", params![id, json])?;
        tx.commit()?;
        Ok(id)
    }

    /// The attachment of message `id`, or None when it has none to download.
    pub fn media_ref(&self, id: i64) -> Result<Option<MediaRef>> {
        Ok(self
            .conn
            .query_row(
                "SELECT coalesce(media_id, ''), media_mime, media_filename, media_path FROM messages
                 WHERE id = ?1 AND (media_id IS NOT NULL OR media_path IS NOT NULL)",
                [id],
                |r| {
                    Ok(MediaRef {
                        media_id: r.get(0)?,
                        mime: r.get(1)?,
                        filename: r.get(2)?,
                        path: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records where the attachment of message `id` was saved.
    pub fn set_media_path(&mut self, id: i64, path: &str) -> Result<()> {
        self.conn.execute("UPDATE messages SET media_path = ?2 WHERE id = ?1", params![id, path])?;
        Ok(())
    }

    /// Chats the operator has read (no unread messages) with inbound messages newer than the last
    /// read receipt, oldest first.
    pub fn receipts_due(&self, limit: usize) -> Result<Vec<ReceiptDue>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, (SELECT m.external_id FROM messages m WHERE m.chat_id = c.id
                    AND m.direction = 'in' AND m.external_id IS NOT NULL ORDER BY m.at DESC, m.id DESC
                    LIMIT 1), c.last_inbound_at
             FROM chats c WHERE c.unread = 0 AND c.last_inbound_at > coalesce(c.receipted_at, 0)
             ORDER BY c.last_inbound_at LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(ReceiptDue { chat_id: r.get(0)?, external_id: r.get(1)?, last_inbound_at: r.get(2)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Inbound messages of the chat up to `at` have been reported read.
    pub fn mark_receipted(&mut self, chat_id: i64, at: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE chats SET receipted_at = max(coalesce(receipted_at, 0), ?2) WHERE id = ?1",
            params![chat_id, at],
        )?;
        Ok(())
    }
}
