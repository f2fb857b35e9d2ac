//! `wabi contacts import`: checked CSV rows written in one transaction.

use rusqlite::params;

use super::consent::{ConsentChange, change_tx, current};
use super::contacts::ensure_chat_tx;
use super::{Result, Store};
use crate::consent::ConsentState;
use crate::consent::import::ImportRow;
use crate::store::ContactKey;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub rows: usize,
    /// Contacts wabi did not know before.
    pub created: usize,
    pub consent_changed: usize,
    /// Rows that said opted in for a customer who opted out by message themselves: a list does not
    /// overrule the customer (the operator can, one contact at a time, with `opt-in`).
    pub kept_opted_out: Vec<(usize, ContactKey)>,
}

impl Store {
    /// Creates or updates a contact per row, all or nothing.
    pub fn import_contacts(&mut self, rows: &[ImportRow], at: i64) -> Result<ImportReport> {
        let tx = self.conn.transaction()?;
        let mut report = ImportReport { rows: rows.len(), ..ImportReport::default() };
        for row in rows {
            if !contact_exists(&tx, &row.key)? {
                report.created += 1;
            }
            let chat_id = ensure_chat_tx(&tx, &row.key, None, at)?;
            if let Some(name) = &row.name {
                tx.prepare_cached(
                    "UPDATE contacts SET saved_name = ?2 WHERE id = (SELECT contact_id FROM chats WHERE id = ?1)",
                )?
                .execute(params![chat_id, name])?;
            }
            let Some(state) = row.consent else { continue };
            let contact_id: i64 =
                tx.query_row("SELECT contact_id FROM chats WHERE id = ?1", [chat_id], |r| r.get(0))?;
            let now = current(&tx, contact_id)?;
            if state == ConsentState::OptedIn
                && now.is_some_and(|c| c.state == ConsentState::OptedOut && c.by == "customer")
            {
                report.kept_opted_out.push((row.line, row.key.clone()));
                continue;
            }
            let change = ConsentChange { state, at, source: &row.source, by: "import" };
            if change_tx(&tx, chat_id, &change)? {
                report.consent_changed += 1;
            }
        }
        tx.commit()?;
        Ok(report)
    }
}

fn contact_exists(conn: &rusqlite::Connection, key: &ContactKey) -> Result<bool> {
    let (column, value) = key.column();
    let count: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM contacts WHERE {column} = ?1"))?
        .query_row([value], |r| r.get(0))?;
    Ok(count > 0)
}
