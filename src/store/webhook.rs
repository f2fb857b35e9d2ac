//! What a webhook POST reports, applied to the store in one transaction: new inbound messages,
//! reactions, edits and deletions of earlier messages, and delivery statuses of outbound ones.
//!
//! Everything here is idempotent, so a redelivered POST changes nothing:
//! - a message whose provider id is stored is a no-op;
//! - a reaction is a message of kind `reaction` whose `reply_to` is the reacted message; a newer
//!   reaction by the customer to the same message replaces it, an empty emoji removes it (both
//!   only ever act on older reactions, so a late redelivery cannot undo a newer one);
//! - an edit rewrites the original's body and sets `edited_at`, a deletion empties it and sets
//!   `deleted_at` (final); when the original is not in the store, the event is kept as a message of
//!   its own so nothing the customer sent is lost;
//! - statuses only move forward ([`Store::apply_status`]).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::contacts::{ContactKey, ensure_chat_tx};
use super::messages::{InsertOutcome, NewMessage, insert_inbound_tx};
use super::outbox::apply_status_tx;
use super::{Result, Store, now_ms};
use crate::consent::ConsentWords;
use crate::model::Status;

/// One thing a webhook reported, in store terms.
// Changes live briefly in one Vec per POST, mostly inbound ones; boxing them would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum WebhookChange {
    Inbound(InboundChange),
    Status(StatusChange),
    /// Template statuses and WhatsApp's own opt-outs (see [`super::account`]).
    Account(super::account::AccountChange),
    /// A message the owner sent from the WhatsApp Business app: outbound, origin `phone`.
    Echo(InboundChange),
    /// A chunk of the phone's chat history.
    History(super::history_sync::HistoryChange),
    /// A contact saved or removed on the phone.
    Contact(super::coexist::ContactChange),
}

/// An inbound message and what it does to earlier ones.
#[derive(Debug, Clone, PartialEq)]
pub struct InboundChange {
    pub message: NewMessage,
    /// The customer's business-scoped user id when the message names both it and a phone number;
    /// recorded on the contact unless another contact already has it.
    pub user_id: Option<String>,
    /// 0 not forwarded, 1 forwarded, 2 forwarded many times.
    pub forwarded: u8,
    pub effect: Effect,
    /// The ad that brought the customer, their username.
    pub extras: super::account::InboundExtras,
}

/// What an inbound message means for the chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A new message.
    New,
    /// A reaction to message `target` (provider id); an empty emoji removes the reaction.
    Reaction { target: String, emoji: String },
    /// The customer edited `original`; the message carries the new content.
    Edit { original: String },
    /// The customer deleted `original` for everyone.
    Delete { original: String },
}

/// A delivery status reported for an outbound message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub external_id: String,
    pub status: Status,
    pub at: i64,
    pub error: Option<(i64, String)>,
    /// What the message costs, when the status says.
    pub pricing: Option<super::account::Pricing>,
}

/// What applying a webhook changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebhookSummary {
    /// Chats that received a new message (for notifications), without repeats.
    pub chats: Vec<i64>,
    pub inserted: usize,
    pub duplicates: usize,
    pub amended: usize,
    pub statuses_moved: usize,
}

impl Store {
    /// Applies the changes of one or more webhook POSTs in one transaction.
    pub fn apply_webhook(&mut self, posts: &[&[WebhookChange]]) -> Result<WebhookSummary> {
        let now = now_ms();
        // Immediate: a deferred transaction that reads first could not upgrade to a write while
        // the worker commits (SQLITE_BUSY without waiting); this one waits for the lock instead.
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut summary = WebhookSummary::default();
        let mut chats: HashMap<ContactKey, i64> = HashMap::new();
        for change in posts.iter().flat_map(|p| p.iter()) {
            match change {
                WebhookChange::Inbound(c) => {
                    let key = &c.message.from;
                    let chat_id = match chats.get(key) {
                        Some(id) => *id,
                        None => {
                            let name = c.message.profile_name.as_deref();
                            let id = ensure_chat_tx(&tx, key, name, now)?;
                            if let (ContactKey::Phone(phone), Some(user_id)) = (key, &c.user_id) {
                                record_user_id_tx(&tx, phone, user_id)?;
                            }
                            chats.insert(key.clone(), id);
                            id
                        }
                    };
                    apply_inbound_tx(&tx, &self.consent_words, c, chat_id, now, &mut summary)?;
                }
                WebhookChange::Status(s) => {
                    let error = s.error.as_ref().map(|(c, r)| (*c, r.as_str()));
                    if apply_status_tx(&tx, &s.external_id, s.status, s.at, error)? {
                        summary.statuses_moved += 1;
                    }
                    if let Some(p) = &s.pricing {
                        super::account::pricing_tx(&tx, &s.external_id, p)?;
                    }
                }
                WebhookChange::Account(a) => super::account::apply_tx(&tx, a, now)?,
                WebhookChange::Echo(c) => {
                    let chat_id = ensure_chat_tx(&tx, &c.message.from, None, now)?;
                    super::coexist::apply_echo_tx(&tx, &self.consent_words, c, chat_id, now, &mut summary)?;
                }
                WebhookChange::History(h) => {
                    super::history_sync::apply_history_tx(&tx, h, now, &mut summary)?
                }
                WebhookChange::Contact(c) => super::coexist::apply_contact_tx(&tx, c, now)?,
            }
        }
        tx.commit()?;
        Ok(summary)
    }
}

fn record_user_id_tx(tx: &Transaction<'_>, phone: &str, user_id: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE contacts SET user_id = ?2 WHERE phone = ?1 AND user_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM contacts WHERE user_id = ?2)",
    )?
    .execute(params![phone, user_id])?;
    Ok(())
}

fn apply_inbound_tx(
    tx: &Transaction<'_>,
    words: &ConsentWords,
    c: &InboundChange,
    chat_id: i64,
    now: i64,
    summary: &mut WebhookSummary,
) -> Result<()> {
    let m = &c.message;
    // A plain message dedupes on insert; the others are checked first, so that a redelivered
    // reaction does not replace itself and count as unread again.
    if c.effect != Effect::New && is_stored_tx(tx, m.external_id.as_deref())? {
        summary.duplicates += 1;
        return Ok(());
    }
    let amended = match &c.effect {
        Effect::New => false,
        Effect::Reaction { target, emoji } => {
            if !replace_reaction_tx(tx, chat_id, target, m.at)? {
                return Ok(());
            }
            emoji.is_empty()
        }
        Effect::Edit { original } => amend_tx(tx, chat_id, original, Some(m), m.at)?,
        Effect::Delete { original } => amend_tx(tx, chat_id, original, None, m.at)?,
    };
    if amended {
        summary.amended += 1;
        return Ok(());
    }
    match insert_inbound_tx(tx, words, m, chat_id, now)? {
        InsertOutcome::Inserted { id, chat_id } => {
            if c.forwarded > 0 {
                tx.prepare_cached("UPDATE messages SET forwarded = ?2 WHERE id = ?1")?
                    .execute(params![id, c.forwarded])?;
            }
            super::account::extras_tx(tx, id, chat_id, &c.extras)?;
            summary.inserted += 1;
            if !summary.chats.contains(&chat_id) {
                summary.chats.push(chat_id);
            }
        }
        InsertOutcome::Duplicate { .. } => summary.duplicates += 1,
    }
    Ok(())
}

fn is_stored_tx(tx: &Transaction<'_>, external_id: Option<&str>) -> Result<bool> {
    let Some(id) = external_id else {
        return Ok(false);
    };
    Ok(tx
        .prepare_cached("SELECT 1 FROM messages WHERE external_id = ?1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Removes the customer's older reactions to `target`. Returns false when a newer reaction is
/// already stored (this one is stale and changes nothing).
fn replace_reaction_tx(tx: &Transaction<'_>, chat_id: i64, target: &str, at: i64) -> Result<bool> {
    let newer: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM messages WHERE chat_id = ?1 AND kind = 'reaction' AND direction = 'in'
               AND reply_to = ?2 AND at > ?3 LIMIT 1",
        )?
        .query_row(params![chat_id, target, at], |r| r.get(0))
        .optional()?;
    if newer.is_some() {
        return Ok(false);
    }
    let removed = tx
        .prepare_cached(
            "DELETE FROM messages WHERE chat_id = ?1 AND kind = 'reaction' AND direction = 'in'
               AND reply_to = ?2 AND at <= ?3",
        )?
        .execute(params![chat_id, target, at])?;
    if removed > 0 {
        // The chat preview may have pointed at a removed reaction.
        tx.prepare_cached(
            "UPDATE chats SET last_message_id = (SELECT id FROM messages WHERE chat_id = ?1
                 ORDER BY at DESC, id DESC LIMIT 1)
             WHERE id = ?1 AND last_message_id NOT IN (SELECT id FROM messages WHERE chat_id = ?1)",
        )?
        .execute([chat_id])?;
    }
    Ok(true)
}

/// Edits (`new` is the new content) or deletes (`None`) the inbound message `original` of chat
/// `chat_id`. Returns false when the chat holds no such message, so the caller keeps the event as
/// a message: a customer cannot edit or delete what someone else wrote, whatever id they name.
fn amend_tx(
    tx: &Transaction<'_>,
    chat_id: i64,
    original: &str,
    new: Option<&NewMessage>,
    at: i64,
) -> Result<bool> {
    let found: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM messages WHERE external_id = ?1 AND direction = 'in' AND chat_id = ?2",
        )?
        .query_row(params![original, chat_id], |r| r.get(0))
        .optional()?;
    let Some(id) = found else {
        return Ok(false);
    };
    match new {
        // An edit never revives a deleted message, and an older edit never undoes a newer one.
        Some(m) => tx
            .prepare_cached(
                "UPDATE messages SET body = ?2, kind = ?3, media_id = coalesce(?4, media_id),
                     media_mime = coalesce(?5, media_mime), media_filename = coalesce(?6, media_filename),
                     edited_at = ?7
                 WHERE id = ?1 AND deleted_at IS NULL AND coalesce(edited_at, 0) <= ?7",
            )?
            .execute(params![id, m.body, m.kind.as_str(), m.media_id, m.media_mime, m.media_filename, at])?,
        None => tx
            .prepare_cached(
                "UPDATE messages SET body = '[message deleted]', media_id = NULL, media_mime = NULL,
                     media_filename = NULL, deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            )?
            .execute(params![id, at])?,
    };
    Ok(true)
}
