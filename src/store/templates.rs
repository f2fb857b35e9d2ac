//! Message templates synced from Meta: replaced as a whole by a sync, their status kept current
//! by the `message_template_status_update` webhook. A template that stops being approved fails
//! the queued messages that would use it, with its status as the reason.

use rusqlite::{Transaction, params};

use super::{Result, Store, StoreError};
use crate::templates::{APPROVED, Template};

/// Setting set when a webhook names a template the store does not have.
pub const SYNC_WANTED: &str = "templates.sync_wanted";
/// Setting holding when templates were last synced (ms).
pub const SYNCED_AT: &str = "templates.synced_at";

impl Store {
    /// Replaces every stored template with `templates` (a full sync), in one transaction.
    /// Returns how many were stored.
    pub fn replace_templates(&mut self, templates: &[Template], now: i64) -> Result<usize> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM templates", [])?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR REPLACE INTO templates (name, language, status, category, reason, data, synced_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for t in templates {
                let data =
                    serde_json::to_string(t).map_err(|e| StoreError::Invalid(format!("template: {e}")))?;
                insert.execute(params![t.name, t.language, t.status, t.category, t.reason, data, now])?;
            }
        }
        for t in templates.iter().filter(|t| !t.is_approved()) {
            fail_queued_tx(&tx, t, now)?;
        }
        tx.execute("DELETE FROM settings WHERE key = ?1", [SYNC_WANTED])?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
            params![SYNCED_AT, now.to_string()],
        )?;
        tx.commit()?;
        Ok(templates.len())
    }

    /// The templates synced from Meta, by name then language.
    pub fn templates(&self) -> Result<Vec<Template>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT data, status, reason FROM templates ORDER BY name, language")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (data, status, reason) = row?;
            // A row this wabi cannot read (written by a newer one) is left out, not fatal.
            if let Ok(mut t) = serde_json::from_str::<Template>(&data) {
                t.status = status;
                t.reason = reason;
                out.push(t);
            }
        }
        Ok(out)
    }

    /// Meta changed a template's status (`message_template_status_update`). Returns whether the
    /// template is known. When it is no longer approved, its queued messages fail.
    pub fn set_template_status(
        &mut self,
        name: &str,
        language: &str,
        status: &str,
        reason: Option<&str>,
        now: i64,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let known = template_status_tx(&tx, name, language, status, reason, now)?;
        tx.commit()?;
        Ok(known)
    }
}

/// [`Store::set_template_status`] inside a webhook's transaction.
pub(super) fn template_status_tx(
    tx: &Transaction<'_>,
    name: &str,
    language: &str,
    status: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<bool> {
    let status = status.trim().to_ascii_uppercase();
    let reason = reason.map(str::trim).filter(|r| !r.is_empty() && !r.eq_ignore_ascii_case("NONE"));
    // Meta may write the language as en-US where the template list says en_US.
    let language = language.replace('-', "_");
    let known = tx
        .prepare_cached(
            "UPDATE templates SET status = ?3, reason = ?4 WHERE name = ?1 AND replace(language, '-', '_') = ?2",
        )?
        .execute(params![name, language, status, reason])?
        > 0;
    if !known {
        // A template wabi has not synced yet (new in the dashboard): `wabi serve` syncs soon.
        tx.prepare_cached(
            "INSERT INTO settings (key, value) VALUES (?1, '1') ON CONFLICT (key) DO UPDATE SET value = '1'",
        )?
        .execute([SYNC_WANTED])?;
    }
    if status != APPROVED {
        let t = Template {
            name: name.to_string(),
            language,
            status,
            category: String::new(),
            reason: reason.map(String::from),
            body: String::new(),
            params: Vec::new(),
            param_names: Vec::new(),
            media_header: None,
            url_buttons: Vec::new(),
            from_meta: true,
        };
        fail_queued_tx(tx, &t, now)?;
    }
    Ok(known)
}

/// Fails the queued (not yet sending) messages that use template `t`, with its refusal.
fn fail_queued_tx(tx: &Transaction<'_>, t: &Template, now: i64) -> Result<usize> {
    let reason = t.refusal().unwrap_or_default();
    Ok(tx
        .prepare_cached(
            "UPDATE messages SET status = 'failed', error_reason = ?3, status_at = ?4
             WHERE status = 'queued' AND template IS NOT NULL
               AND json_extract(template, '$.name') = ?1
               AND replace(json_extract(template, '$.language'), '-', '_') = ?2",
        )?
        .execute(params![t.name, t.language.replace('-', "_"), reason, now])?)
}
