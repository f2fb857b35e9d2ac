//! Broadcast lists and their members (at most 256, as in WhatsApp Business). Sending and the
//! figures of what was sent are in `broadcast_send.rs`.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::consent::ContactConsent;
use super::contacts::{ContactKey, contact_from_row, ensure_chat_tx};
use super::{Result, Store, StoreError, now_ms};
use crate::broadcast::MAX_RECIPIENTS;

/// A broadcast list as `wabi broadcast list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BroadcastList {
    pub id: i64,
    pub name: String,
    pub members: usize,
    pub created_at: i64,
}

/// A list with its newest broadcasts, for the TUI's broadcast screen and `wabi broadcast list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOverview {
    pub list: BroadcastList,
    /// Newest first.
    pub recent: Vec<super::BroadcastFigures>,
}

/// A list name as typed: trimmed, 1 to 64 characters, one line.
fn check_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!(
            "{name:?} is not a list name (1 to 64 characters, one line)"
        )));
    }
    Ok(name)
}

pub(super) fn list_by_name(conn: &Connection, name: &str) -> Result<BroadcastList> {
    conn.prepare_cached(
        "SELECT l.id, l.name, (SELECT count(*) FROM broadcast_members m WHERE m.list_id = l.id), l.created_at
         FROM broadcast_lists l WHERE l.name = ?1",
    )?
    .query_row([name.trim()], list_from_row)
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("no broadcast list {:?}", name.trim())))
}

fn list_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BroadcastList> {
    let members: i64 = r.get(2)?;
    Ok(BroadcastList {
        id: r.get(0)?,
        name: r.get(1)?,
        members: usize::try_from(members).unwrap_or(0),
        created_at: r.get(3)?,
    })
}

fn contact_id_tx(tx: &Transaction<'_>, key: &ContactKey) -> Result<Option<i64>> {
    let (column, value) = key.column();
    Ok(tx
        .prepare_cached(&format!("SELECT id FROM contacts WHERE {column} = ?1"))?
        .query_row([value], |r| r.get(0))
        .optional()?)
}

impl Store {
    /// Creates an empty broadcast list; a name in use (in any case) is refused.
    pub fn create_list(&mut self, name: &str) -> Result<i64> {
        let name = check_name(name)?;
        let tx = self.conn.transaction()?;
        let taken: Option<String> = tx
            .query_row("SELECT name FROM broadcast_lists WHERE name = ?1", [name], |r| r.get(0))
            .optional()?;
        if let Some(taken) = taken {
            return Err(StoreError::Invalid(format!("there is a broadcast list {taken:?} already")));
        }
        tx.execute(
            "INSERT INTO broadcast_lists (name, created_at) VALUES (?1, ?2)",
            params![name, now_ms()],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    /// Adds contacts (created if new) to a list, all or none: a list never passes 256 members.
    /// Returns how many were added (the others were members already).
    pub fn add_members(&mut self, list: &str, keys: &[ContactKey]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let list = list_by_name(&tx, list)?;
        let now = now_ms();
        let mut added = 0;
        for key in keys {
            // A user id cannot be written to first (as for `wabi send`): it must have written to us.
            if matches!(key, ContactKey::UserId(_)) && contact_id_tx(&tx, key)?.is_none() {
                return Err(StoreError::NotFound(format!(
                    "no contact {key} (a user id must have written first)"
                )));
            }
            let chat_id = ensure_chat_tx(&tx, key, None, now)?;
            added += tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO broadcast_members (list_id, contact_id, added_at)
                     SELECT ?1, contact_id, ?3 FROM chats WHERE id = ?2",
                )?
                .execute(params![list.id, chat_id, now])?;
        }
        let total = list.members + added;
        if total > MAX_RECIPIENTS {
            return Err(StoreError::Invalid(format!(
                "{:?} would have {total} members; a broadcast list holds at most {MAX_RECIPIENTS}",
                list.name
            )));
        }
        tx.commit()?;
        Ok(added)
    }

    /// Takes contacts off a list; returns how many were on it.
    pub fn remove_members(&mut self, list: &str, keys: &[ContactKey]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let list = list_by_name(&tx, list)?;
        let mut removed = 0;
        for key in keys {
            if let Some(contact_id) = contact_id_tx(&tx, key)? {
                removed += tx
                    .prepare_cached("DELETE FROM broadcast_members WHERE list_id = ?1 AND contact_id = ?2")?
                    .execute(params![list.id, contact_id])?;
            }
        }
        tx.commit()?;
        Ok(removed)
    }

    /// Every broadcast list, by name.
    pub fn broadcast_lists(&self) -> Result<Vec<BroadcastList>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.id, l.name, (SELECT count(*) FROM broadcast_members m WHERE m.list_id = l.id), l.created_at
             FROM broadcast_lists l ORDER BY l.name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], list_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every list with the figures of its `recent` newest broadcasts.
    pub fn broadcast_overview(&self, recent: usize) -> Result<Vec<ListOverview>> {
        self.broadcast_lists()?
            .into_iter()
            .map(|list| Ok(ListOverview { recent: self.broadcasts_of_list(list.id, recent)?, list }))
            .collect()
    }

    /// One list by name (NotFound names it).
    pub fn broadcast_list(&self, name: &str) -> Result<BroadcastList> {
        list_by_name(&self.conn, name)
    }

    /// The members of a list with their consent, in the order they were added.
    pub fn list_members(&self, list_id: i64) -> Result<Vec<ContactConsent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT co.id, co.phone, co.user_id, co.profile_name, co.saved_name
             FROM broadcast_members m JOIN contacts co ON co.id = m.contact_id
             WHERE m.list_id = ?1 ORDER BY m.added_at, co.id",
        )?;
        let contacts = stmt.query_map([list_id], contact_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        contacts
            .into_iter()
            .map(|contact| Ok(ContactConsent { consent: self.consent(contact.id)?, contact }))
            .collect()
    }

    /// The names of the lists a contact is on.
    pub fn lists_of_contact(&self, contact_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.name FROM broadcast_members m JOIN broadcast_lists l ON l.id = m.list_id
             WHERE m.contact_id = ?1 ORDER BY l.name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([contact_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
