//! Billable messages and ad-started chats for statistics: read straight from the priced and
//! referred messages (few, each in its own partial index), grouped by chat, then added to the
//! report's total, unlabelled and label groups.

use std::collections::HashMap;

use rusqlite::Connection;

use super::Result;
use super::stats::day_sql;
use crate::stats::{AdChats, Billing, Report};

/// Adds billable counts per group and chats per ad to `report`, for business days `from..=to`.
pub(super) fn add_to_report(conn: &Connection, from: &str, to: &str, report: &mut Report) -> Result<()> {
    let mut labels_of: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT cl.chat_id, l.name FROM chat_labels cl JOIN labels l ON l.id = cl.label_id",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (chat, name) = row?;
        labels_of.entry(chat).or_default().push(name);
    }
    let sql = format!(
        "SELECT chat_id, coalesce(price_category, 'unknown'),
                CASE WHEN template IS NOT NULL AND (origin = 'operator' OR origin = 'api') THEN 'template'
                     ELSE origin END, count(*)
         FROM messages WHERE billable = 1 AND {day} BETWEEN ?1 AND ?2
         GROUP BY 1, 2, 3",
        day = day_sql("at")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([from, to], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
    })?;
    let mut by_label: HashMap<String, Billing> = HashMap::new();
    for row in rows {
        let (chat, category, origin, n) = row?;
        report.total.billable.add(&category, &origin, n);
        match labels_of.get(&chat) {
            Some(names) => {
                for name in names {
                    by_label.entry(name.clone()).or_default().add(&category, &origin, n);
                }
            }
            None => report.unlabelled.billable.add(&category, &origin, n),
        }
    }
    for l in &mut report.labels {
        if let Some(b) = by_label.remove(&l.label) {
            *l.figures.billable = b;
        }
    }
    report.ads = ads(conn, from, to)?;
    Ok(())
}

/// Chats per ad: each chat counts once per ad, on the first referred message in the range.
fn ads(conn: &Connection, from: &str, to: &str) -> Result<Vec<AdChats>> {
    let sql = format!(
        "SELECT coalesce(json_extract(referral, '$.source_id'), json_extract(referral, '$.source_url'), '?') AS ad,
                max(json_extract(referral, '$.headline')), max(json_extract(referral, '$.source_url')),
                count(DISTINCT chat_id)
         FROM messages WHERE referral IS NOT NULL AND {day} BETWEEN ?1 AND ?2
         GROUP BY ad ORDER BY 4 DESC, ad",
        day = day_sql("at")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([from, to], |r| {
        Ok(AdChats { ad: r.get(0)?, headline: r.get(1)?, source_url: r.get(2)?, chats: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
