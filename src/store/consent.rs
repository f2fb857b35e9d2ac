//! Consent records: every change in `consent_history`, the newest one is the contact's consent now.
//! A customer's stop or start word changes it in the same transaction that stores the message.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::contacts::{Contact, ContactKey, ensure_chat_tx};
use super::messages::{NewMessage, NewOutbound, queue_outbound_tx};
use super::{Result, Store, StoreError};
use crate::consent::{ConsentState, ConsentWords};
use crate::model::{Direction, Kind, Origin};

/// One consent change, or the consent a contact has now.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConsentRecord {
    pub state: ConsentState,
    /// When it was given or withdrawn (UTC ms); the message's time for a stop or start word.
    pub at: i64,
    /// How: "wrote \"STOP\"", "web form", "import".
    pub source: String,
    /// Who recorded it: "customer", "operator" (or a name given with --by), "import".
    pub by: String,
    /// The customer's message that changed it, if one did.
    pub message_id: Option<i64>,
}

/// A change someone asks for: the operator, an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentChange<'a> {
    pub state: ConsentState,
    pub at: i64,
    pub source: &'a str,
    pub by: &'a str,
}

/// A contact with the consent it has now (None: never recorded, so unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactConsent {
    pub contact: Contact,
    pub consent: Option<ConsentRecord>,
}

impl ContactConsent {
    pub fn state(&self) -> ConsentState {
        self.consent.as_ref().map_or(ConsentState::Unknown, |c| c.state)
    }
}

const RECORD_COLUMNS: &str = "state, at, source, by, message_id";

fn record_from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<ConsentRecord> {
    let state: String = r.get(at)?;
    Ok(ConsentRecord {
        state: state.parse().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(at, rusqlite::types::Type::Text, Box::new(e))
        })?,
        at: r.get(at + 1)?,
        source: r.get(at + 2)?,
        by: r.get(at + 3)?,
        message_id: r.get(at + 4)?,
    })
}

/// The consent of a contact now: its newest history row.
pub(super) fn current(conn: &Connection, contact_id: i64) -> Result<Option<ConsentRecord>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS} FROM consent_history WHERE contact_id = ?1
             ORDER BY at DESC, id DESC LIMIT 1"
        ))?
        .query_row([contact_id], |r| record_from_row(r, 0))
        .optional()?)
}

fn insert_tx(tx: &Transaction<'_>, contact_id: i64, record: &ConsentRecord) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO consent_history (contact_id, state, at, source, by, message_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        contact_id,
        record.state.as_str(),
        record.at,
        record.source,
        record.by,
        record.message_id
    ])?;
    Ok(())
}

fn contact_of_chat(conn: &Connection, chat_id: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT contact_id FROM chats WHERE id = ?1")?
        .query_row([chat_id], |r| r.get(0))?)
}

/// What a just-stored inbound message does to its sender's consent: a whole-message stop word
/// opts them out (and queues the stop reply), a start word opts them back in. History brought in
/// by an import only tells the past, so it changes nothing.
pub(super) fn apply_words_tx(
    tx: &Transaction<'_>,
    words: &ConsentWords,
    m: &NewMessage,
    message_id: i64,
    chat_id: i64,
    now: i64,
) -> Result<()> {
    if m.direction != Direction::In || m.kind != Kind::Text || m.origin == Origin::Import {
        return Ok(());
    }
    let Some(state) = words.classify(&m.body) else {
        return Ok(());
    };
    let contact_id = contact_of_chat(tx, chat_id)?;
    let now_state = current(tx, contact_id)?;
    if now_state.as_ref().map_or(ConsentState::Unknown, |c| c.state) == state {
        return Ok(());
    }
    let source = format!("wrote {:?}", crate::sanitize::one_line(m.body.trim()));
    let record =
        ConsentRecord { state, at: m.at, source, by: "customer".into(), message_id: Some(message_id) };
    insert_tx(tx, contact_id, &record)?;
    // An older message arriving late is history; only a stop that is now in force is answered.
    let in_force = now_state.is_none_or(|c| m.at >= c.at);
    if let (ConsentState::OptedOut, true, Some(reply)) = (state, in_force, &words.stop_reply) {
        let reply = NewOutbound {
            chat_id,
            body: reply.clone(),
            origin: Origin::Api,
            reply_to: m.external_id.clone(),
        };
        queue_outbound_tx(tx, &reply, now)?;
    }
    Ok(())
}

/// A choice the customer made outside a message (in WhatsApp itself: `source`), recorded at its
/// own time exactly as a stop or start word is: kept in the history even when a newer record is
/// in force, skipped when it is the consent the contact has already.
pub(super) fn record_customer_tx(
    tx: &Transaction<'_>,
    chat_id: i64,
    state: ConsentState,
    at: i64,
    source: &str,
) -> Result<bool> {
    let contact_id = contact_of_chat(tx, chat_id)?;
    if current(tx, contact_id)?.as_ref().map_or(ConsentState::Unknown, |c| c.state) == state {
        return Ok(false);
    }
    let record =
        ConsentRecord { state, at, source: source.to_string(), by: "customer".into(), message_id: None };
    insert_tx(tx, contact_id, &record)?;
    Ok(true)
}

/// Records `change` for the contact of `chat_id` unless it is the consent it has already.
/// Returns whether it changed anything.
pub(super) fn change_tx(tx: &Transaction<'_>, chat_id: i64, change: &ConsentChange<'_>) -> Result<bool> {
    if change.source.trim().is_empty() {
        return Err(StoreError::Invalid("the consent source is empty: say how it was given".into()));
    }
    let contact_id = contact_of_chat(tx, chat_id)?;
    let now = current(tx, contact_id)?;
    if now.as_ref().map_or(ConsentState::Unknown, |c| c.state) == change.state {
        return Ok(false);
    }
    let record = ConsentRecord {
        state: change.state,
        // Never before the record it replaces, so the change is the one in force.
        at: now.map_or(change.at, |c| c.at.max(change.at)),
        source: change.source.trim().to_string(),
        by: change.by.trim().to_string(),
        message_id: None,
    };
    insert_tx(tx, contact_id, &record)?;
    Ok(true)
}

impl Store {
    /// Records a consent change for `key`, creating the contact if wabi does not know it yet.
    /// Returns false (and records nothing) when the contact already has that consent.
    pub fn set_consent(&mut self, key: &ContactKey, change: &ConsentChange<'_>) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let chat_id = ensure_chat_tx(&tx, key, None, super::now_ms())?;
        let changed = change_tx(&tx, chat_id, change)?;
        tx.commit()?;
        Ok(changed)
    }

    /// The consent of a contact now (None: unknown, nothing recorded).
    pub fn consent(&self, contact_id: i64) -> Result<Option<ConsentRecord>> {
        current(&self.conn, contact_id)
    }

    /// Every consent change of a contact, oldest first.
    pub fn consent_history(&self, contact_id: i64) -> Result<Vec<ConsentRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS} FROM consent_history WHERE contact_id = ?1 ORDER BY at, id"
        ))?;
        let rows = stmt.query_map([contact_id], |r| record_from_row(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every contact with its consent now, in the order wabi met them.
    pub fn contacts_with_consent(&self) -> Result<Vec<ContactConsent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT co.id, co.phone, co.user_id, co.profile_name, co.saved_name,
                    h.state, h.at, h.source, h.by, h.message_id
             FROM contacts co LEFT JOIN consent_history h ON h.id = (SELECT id FROM consent_history
                 WHERE contact_id = co.id ORDER BY at DESC, id DESC LIMIT 1)
             ORDER BY co.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let state: Option<String> = r.get(5)?;
            Ok(ContactConsent {
                contact: super::contacts::contact_from_row(r)?,
                consent: state.map(|_| record_from_row(r, 5)).transpose()?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The contact named by `key` and its consent; NotFound when wabi does not know it.
    pub fn require_contact(&self, key: &ContactKey) -> Result<ContactConsent> {
        let contact = self.contact(key)?.ok_or_else(|| StoreError::NotFound(format!("no contact {key}")))?;
        let consent = self.consent(contact.id)?;
        Ok(ContactConsent { contact, consent })
    }
}
