//! Contacts (phone and/or WhatsApp user id, profile and saved names) and the one chat each has.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError};
use crate::phone::{PhoneError, is_user_id, parse_phone};

/// How a transport or a user names a customer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ContactKey {
    /// Digits only.
    Phone(String),
    /// A business-scoped user id, for customers whose number WhatsApp does not share.
    UserId(String),
}

impl ContactKey {
    /// Parses what a user typed: a phone number, else a user id; anything else is refused.
    pub fn parse(text: &str) -> Result<ContactKey, PhoneError> {
        if text.trim().starts_with('@') {
            return Err(PhoneError::Username(text.trim().to_string()));
        }
        match parse_phone(text) {
            Ok(digits) => Ok(ContactKey::Phone(digits)),
            Err(e) if is_user_id(text.trim()) => {
                drop(e);
                Ok(ContactKey::UserId(text.trim().to_string()))
            }
            Err(PhoneError::BadCharacter(_)) => Err(PhoneError::NotAnId(text.to_string())),
            Err(e) => Err(e),
        }
    }

    pub(super) fn column(&self) -> (&'static str, &str) {
        match self {
            ContactKey::Phone(p) => ("phone", p),
            ContactKey::UserId(u) => ("user_id", u),
        }
    }
}

impl std::fmt::Display for ContactKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ContactKey::Phone(p) => write!(f, "+{p}"),
            // Ids typed or checked on the way in are safe, but one written into the file by another
            // program is printed as well.
            ContactKey::UserId(u) => f.write_str(&crate::sanitize::one_line(u)),
        }
    }
}

/// A contact as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: i64,
    pub phone: Option<String>,
    pub user_id: Option<String>,
    pub profile_name: Option<String>,
    pub saved_name: Option<String>,
}

impl Contact {
    /// The name to show: saved by the operator, else the customer's profile name, else the number.
    pub fn display_name(&self) -> String {
        display_name(
            self.saved_name.as_deref(),
            self.profile_name.as_deref(),
            self.phone.as_deref(),
            self.user_id.as_deref(),
        )
    }
}

/// The one rule for naming a contact, shared by every query that shows one.
pub fn display_name(
    saved: Option<&str>,
    profile: Option<&str>,
    phone: Option<&str>,
    user_id: Option<&str>,
) -> String {
    fn nonempty(s: Option<&str>) -> Option<&str> {
        s.map(str::trim).filter(|s| !s.is_empty())
    }
    nonempty(saved)
        .or(nonempty(profile))
        .map(str::to_string)
        .or_else(|| phone.map(crate::phone::display_phone))
        .or_else(|| user_id.map(str::to_string))
        .unwrap_or_default()
}

/// Finds or creates the contact for `key` and its chat; returns the chat id.
/// A profile name that arrives later updates the stored one.
pub(super) fn ensure_chat_tx(
    tx: &Transaction<'_>,
    key: &ContactKey,
    profile_name: Option<&str>,
    now: i64,
) -> Result<i64> {
    let (column, value) = key.column();
    let found: Option<(i64, Option<i64>)> = tx
        .prepare_cached(&format!(
            "SELECT co.id, ch.id FROM contacts co LEFT JOIN chats ch ON ch.contact_id = co.id
             WHERE co.{column} = ?1"
        ))?
        .query_row([value], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let contact_id = match found {
        Some((_, Some(chat_id))) => {
            if let Some(name) = profile_name.filter(|n| !n.trim().is_empty()) {
                tx.prepare_cached(
                    "UPDATE contacts SET profile_name = ?2 WHERE id = (SELECT contact_id FROM chats WHERE id = ?1)
                     AND profile_name IS NOT ?2",
                )?
                .execute(params![chat_id, name])?;
            }
            return Ok(chat_id);
        }
        Some((contact_id, None)) => contact_id,
        None => {
            tx.prepare_cached(&format!(
                "INSERT INTO contacts ({column}, profile_name, created_at) VALUES (?1, ?2, ?3)"
            ))?
            .execute(params![value, profile_name, now])?;
            tx.last_insert_rowid()
        }
    };
    // last_at follows the newest message; a chat without messages sorts last.
    tx.prepare_cached("INSERT INTO chats (contact_id, last_at, created_at) VALUES (?1, 0, ?2)")?
        .execute(params![contact_id, now])?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// The contact named by `key`, if wabi knows it.
    pub fn contact(&self, key: &ContactKey) -> Result<Option<Contact>> {
        let (column, value) = key.column();
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT id, phone, user_id, profile_name, saved_name FROM contacts WHERE {column} = ?1"
                ),
                [value],
                contact_from_row,
            )
            .optional()?)
    }

    /// The contact of a chat.
    pub fn chat_contact(&self, chat_id: i64) -> Result<Contact> {
        self.conn
            .prepare_cached(
                "SELECT co.id, co.phone, co.user_id, co.profile_name, co.saved_name
                 FROM contacts co JOIN chats ch ON ch.contact_id = co.id WHERE ch.id = ?1",
            )?
            .query_row([chat_id], contact_from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no chat with id {chat_id}")))
    }

    /// The chat id for `key`, if there is one.
    pub fn chat_id(&self, key: &ContactKey) -> Result<Option<i64>> {
        let (column, value) = key.column();
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT ch.id FROM chats ch JOIN contacts co ON co.id = ch.contact_id WHERE co.{column} = ?1"
                ),
                [value],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Like [`Store::chat_id`], but a missing chat is a `NotFound` error naming the contact.
    pub fn require_chat(&self, key: &ContactKey) -> Result<i64> {
        self.chat_id(key)?.ok_or_else(|| StoreError::NotFound(format!("no chat with {key}")))
    }

    /// Finds or creates the contact and chat for `key` (a phone, for `wabi send` to a new number).
    pub fn ensure_chat(&mut self, key: &ContactKey) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let id = ensure_chat_tx(&tx, key, None, super::now_ms())?;
        tx.commit()?;
        Ok(id)
    }

    /// Saves the operator's name for a contact ("in contacts"), creating it if needed.
    /// An empty name removes the saved name.
    pub fn save_contact_name(&mut self, key: &ContactKey, name: &str) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let chat_id = ensure_chat_tx(&tx, key, None, super::now_ms())?;
        let name = Some(name.trim()).filter(|n| !n.is_empty());
        tx.execute(
            "UPDATE contacts SET saved_name = ?2 WHERE id = (SELECT contact_id FROM chats WHERE id = ?1)",
            params![chat_id, name],
        )?;
        tx.commit()?;
        Ok(chat_id)
    }
}

pub(super) fn contact_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: r.get(0)?,
        phone: r.get(1)?,
        user_id: r.get(2)?,
        profile_name: r.get(3)?,
        saved_name: r.get(4)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_as_phone_first_then_user_id() {
        assert_eq!(ContactKey::parse("+49 151 1234567"), Ok(ContactKey::Phone("491511234567".into())));
        assert_eq!(ContactKey::parse("US.1349120865"), Ok(ContactKey::UserId("US.1349120865".into())));
        assert!(ContactKey::parse("not a phone!").is_err());
        assert!(matches!(ContactKey::parse("12"), Err(PhoneError::BadLength(_))));
    }

    #[test]
    fn saved_name_wins_over_profile_name_and_number() {
        assert_eq!(display_name(Some("Ana"), Some("ana.b"), Some("34600"), None), "Ana");
        assert_eq!(display_name(Some(" "), Some("ana.b"), Some("34600"), None), "ana.b");
        assert_eq!(display_name(None, None, Some("34600"), None), "+34600");
        assert_eq!(display_name(None, None, None, Some("US.1")), "US.1");
    }
}
