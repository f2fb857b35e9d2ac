//! What account-level webhooks and message extras change in the store: template statuses,
//! WhatsApp's own marketing opt-outs (`user_preferences`), the price of each message from its
//! statuses, the ad that brought a customer (`referral`) and their WhatsApp username.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::Result;
use super::consent::record_customer_tx;
use super::contacts::{ContactKey, ensure_chat_tx};
use crate::consent::ConsentState;

/// The consent history's source for a customer's choice made inside WhatsApp.
pub const WHATSAPP_SOURCE: &str = "WhatsApp";

/// What a status's `pricing` says about the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pricing {
    pub billable: bool,
    /// service, utility, marketing, authentication, referral_conversion, …
    pub category: Option<String>,
    /// CBP (per conversation) or PMP (per message).
    pub model: Option<String>,
    /// regular, free_customer_service, free_entry_point, …
    pub kind: Option<String>,
}

/// A click-to-WhatsApp ad (or post) that started the customer's message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ctwa_clid: Option<String>,
}

/// Extras of an inbound message beyond its content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboundExtras {
    pub referral: Option<Referral>,
    /// `contacts[].profile.username` (shown beside the name).
    pub username: Option<String>,
    pub parent_user_id: Option<String>,
}

/// An account-level webhook, in store terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountChange {
    /// `message_template_status_update`.
    TemplateStatus { name: String, language: String, status: String, reason: Option<String> },
    /// `user_preferences` for `marketing_messages`: stop (true) or resume (false), at `at` ms.
    MarketingPreference { key: ContactKey, name: Option<String>, stop: bool, at: i64 },
}

/// Applies an account change inside a webhook's transaction.
pub(super) fn apply_tx(tx: &Transaction<'_>, change: &AccountChange, now: i64) -> Result<()> {
    match change {
        AccountChange::TemplateStatus { name, language, status, reason } => {
            super::templates::template_status_tx(tx, name, language, status, reason.as_deref(), now)?;
        }
        AccountChange::MarketingPreference { key, name, stop, at } => {
            let chat_id = ensure_chat_tx(tx, key, name.as_deref(), now)?;
            let state = if *stop { ConsentState::OptedOut } else { ConsentState::OptedIn };
            record_customer_tx(tx, chat_id, state, *at, WHATSAPP_SOURCE)?;
        }
    }
    Ok(())
}

/// Keeps a status's pricing on the outbound message it reports on.
pub(super) fn pricing_tx(tx: &Transaction<'_>, external_id: &str, p: &Pricing) -> Result<()> {
    tx.prepare_cached(
        "UPDATE messages SET billable = ?2, price_category = coalesce(?3, price_category),
             pricing_model = coalesce(?4, pricing_model), pricing_type = coalesce(?5, pricing_type)
         WHERE external_id = ?1 AND direction = 'out'",
    )?
    .execute(params![external_id, p.billable, p.category, p.model, p.kind])?;
    Ok(())
}

/// Keeps a new inbound message's referral and its sender's username.
pub(super) fn extras_tx(
    tx: &Transaction<'_>,
    message_id: i64,
    chat_id: i64,
    e: &InboundExtras,
) -> Result<()> {
    if let Some(r) = &e.referral {
        let json = serde_json::to_string(r).unwrap_or_default();
        tx.prepare_cached("UPDATE messages SET referral = ?2 WHERE id = ?1")?
            .execute(params![message_id, json])?;
    }
    if e.username.is_some() || e.parent_user_id.is_some() {
        tx.prepare_cached(
            "UPDATE contacts SET username = coalesce(?2, username), parent_user_id = coalesce(?3, parent_user_id)
             WHERE id = (SELECT contact_id FROM chats WHERE id = ?1)",
        )?
        .execute(params![chat_id, e.username, e.parent_user_id])?;
    }
    Ok(())
}

impl super::Store {
    /// Marks `key` blocked (at `at`) or unblocked (None), creating the contact if wabi does not
    /// know it. Returns the chat id.
    pub fn set_blocked(&mut self, key: &ContactKey, at: Option<i64>) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let chat_id = ensure_chat_tx(&tx, key, None, super::now_ms())?;
        tx.prepare_cached(
            "UPDATE contacts SET blocked_at = ?2 WHERE id = (SELECT contact_id FROM chats WHERE id = ?1)",
        )?
        .execute(params![chat_id, at])?;
        tx.commit()?;
        Ok(chat_id)
    }

    /// When the chat's contact was blocked, and their WhatsApp username, for the chat header.
    pub fn chat_account_info(&self, chat_id: i64) -> Result<(Option<i64>, Option<String>)> {
        Ok(self.conn.query_row(
            "SELECT co.blocked_at, co.username FROM chats ch JOIN contacts co ON co.id = ch.contact_id WHERE ch.id = ?1",
            [chat_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// The newest ad referral of a chat (for the chat header).
    pub fn chat_referral(&self, chat_id: i64) -> Result<Option<Referral>> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT referral FROM messages WHERE chat_id = ?1 AND referral IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1",
                [chat_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }
}

/// At most one typing indicator per chat in this long (Meta shows one for up to 25 s).
pub const TYPING_EVERY_MS: i64 = 20_000;

/// A chat where the operator is writing: its newest inbound message, to mark read with a typing
/// indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypingDue {
    pub chat_id: i64,
    pub external_id: String,
    pub last_inbound_at: i64,
}

impl super::Store {
    /// The operator is writing in the chat now. Recorded at most once per [`TYPING_EVERY_MS`].
    pub fn note_typing(&mut self, chat_id: i64, now: i64) -> Result<bool> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE chats SET typing_at = ?2 WHERE id = ?1 AND coalesce(typing_sent_at, 0) <= ?2 - ?3
               AND coalesce(typing_at, 0) <= ?2 - ?3",
            )?
            .execute(params![chat_id, now, TYPING_EVERY_MS])?;
        Ok(n > 0)
    }

    /// Chats with a typing indicator to send: noted in the last 20 s and not sent since.
    pub fn typing_due(&self, now: i64) -> Result<Vec<TypingDue>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, (SELECT m.external_id FROM messages m WHERE m.chat_id = c.id AND m.direction = 'in'
                    AND m.external_id IS NOT NULL ORDER BY m.at DESC, m.id DESC LIMIT 1), coalesce(c.last_inbound_at, 0)
             FROM chats c WHERE c.typing_at > coalesce(c.typing_sent_at, 0) AND c.typing_at >= ?1 - ?2",
        )?;
        let rows = stmt.query_map(params![now, TYPING_EVERY_MS], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, i64>(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            if let (chat_id, Some(external_id), last_inbound_at) = row? {
                out.push(TypingDue { chat_id, external_id, last_inbound_at });
            }
        }
        Ok(out)
    }

    /// The typing indicator of the chat went out (or Meta refused it: not retried).
    pub fn typing_sent(&mut self, chat_id: i64, now: i64) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE chats SET typing_sent_at = ?2 WHERE id = ?1")?
            .execute(params![chat_id, now])?;
        Ok(())
    }
}
