//! Billable messages and ad-started chats for statistics: read straight from the priced and
//! referred messages (few, each in its own partial index), grouped by chat, then added to the
//! report's total, unlabelled and label groups.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::stats::{AdChats, Billing, Report};

/// The first instant of business day `day` (`YYYY-MM-DD`): its local midnight from the
/// business-day table, or UTC midnight outside the years it covers (as statistics bucket them).
fn day_start(conn: &Connection, day: &str) -> Result<i64> {
    let local: Option<i64> = conn
        .prepare_cached("SELECT start_ms FROM business_days WHERE day = ?1")?
        .query_row([day], |r| r.get(0))
        .optional()?;
    Ok(local.unwrap_or_else(|| {
        NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map_or(i64::MIN, |m| m.and_utc().timestamp_millis())
    }))
}

/// `[from, to]` business days as `[lo, hi)` milliseconds, so the partial indexes on `at` serve.
fn bounds(conn: &Connection, from: &str, to: &str) -> Result<(i64, i64)> {
    let lo = if from <= "0001-01-01" { i64::MIN } else { day_start(conn, from)? };
    let next = NaiveDate::parse_from_str(to, "%Y-%m-%d").ok().and_then(|d| d.succ_opt());
    let hi = match next {
        Some(d) if to < "9999-12-31" => day_start(conn, &d.format("%Y-%m-%d").to_string())?,
        _ => i64::MAX,
    };
    Ok((lo, hi))
}

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
    let (lo, hi) = bounds(conn, from, to)?;
    let mut stmt = conn.prepare_cached(
        "SELECT chat_id, coalesce(price_category, 'unknown'),
                CASE WHEN template IS NOT NULL AND (origin = 'operator' OR origin = 'api') THEN 'template'
                     ELSE origin END, count(*)
         FROM messages WHERE billable = 1 AND at >= ?1 AND at < ?2
         GROUP BY 1, 2, 3",
    )?;
    let rows = stmt.query_map(params![lo, hi], |r| {
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
    report.ads = ads(conn, lo, hi)?;
    Ok(())
}

/// Chats per ad: each chat counts once per ad, on the first referred message in the range.
fn ads(conn: &Connection, lo: i64, hi: i64) -> Result<Vec<AdChats>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(json_extract(referral, '$.source_id'), json_extract(referral, '$.source_url'), '?') AS ad,
                max(json_extract(referral, '$.headline')), max(json_extract(referral, '$.source_url')),
                count(DISTINCT chat_id)
         FROM messages WHERE referral IS NOT NULL AND at >= ?1 AND at < ?2
         GROUP BY ad ORDER BY 4 DESC, ad",
    )?;
    let rows = stmt.query_map(params![lo, hi], |r| {
        Ok(AdChats { ad: r.get(0)?, headline: r.get(1)?, source_url: r.get(2)?, chats: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
