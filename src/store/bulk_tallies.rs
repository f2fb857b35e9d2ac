//! Statistics for a bulk insert, set-wise: what the per-row `tally_insert` trigger would have
//! recorded for every new row, in one pass over them at the end of the same transaction.
//!
//! The trigger costs several lookups and updates per row, most of a big import's time beyond
//! SQLite's own inserting. While `bulk_tallies` has a row (migration 0011), the trigger stands
//! aside, and the bulk insert's transaction even drops it (and puts it back before it commits:
//! no other connection sees it gone); [`BulkTallies::finish`] then adds the rows' tallies, the
//! chats' first days, their first responses and waiting customers from one scan of the new rows
//! in id order (replaying exactly what the trigger does), and removes the row. `wabi stats
//! --verify` recomputes the same from the messages.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use rusqlite::{OptionalExtension, Transaction, params};

use super::Result;
use super::stats::day_sql;

/// The trigger switched off for the rows this transaction inserts from `first_new_id` on.
pub(super) struct BulkTallies {
    first_new_id: i64,
    /// The per-row trigger's SQL, to put it back: it is dropped for the insert, as even its
    /// `WHEN` costs a lookup per row.
    trigger: Option<String>,
}

impl BulkTallies {
    /// Switches the per-row trigger off until [`BulkTallies::finish`], inside `tx`: no other
    /// connection ever sees it off.
    pub(super) fn start(tx: &Transaction<'_>, first_new_id: i64) -> Result<BulkTallies> {
        tx.prepare_cached("INSERT INTO bulk_tallies (since_id) VALUES (?1)")?.execute([first_new_id])?;
        let trigger: Option<String> = tx
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'tally_insert'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if trigger.is_some() {
            tx.execute_batch("DROP TRIGGER tally_insert")?;
        }
        Ok(BulkTallies { first_new_id, trigger })
    }

    /// Adds the statistics of every row inserted since [`BulkTallies::start`] and switches the
    /// trigger back on.
    pub(super) fn finish(self, tx: &Transaction<'_>) -> Result<()> {
        let Replay { chats, responses, tallies } = replay(tx, self.first_new_id)?;
        let mut add = tx.prepare_cached(ADD_TALLIES)?;
        for ((chat, day), c) in tallies {
            add.execute(params![day, chat, c[0], c[1], c[2], c[3], c[4], c[5], c[6]])?;
        }
        drop(add);
        insert_responses(tx, &responses)?;
        let mut update = tx.prepare_cached(&format!(
            "UPDATE chats SET
                 first_day = CASE WHEN first_day IS NULL OR first_day > {day} THEN {day} ELSE first_day END,
                 awaiting_since = ?3
             WHERE id = ?1",
            day = day_sql("?2")
        ))?;
        for (chat, state) in chats {
            update.execute(params![chat, state.first_at, state.awaiting])?;
        }
        tx.prepare_cached("DELETE FROM bulk_tallies")?.execute([])?;
        if let Some(sql) = &self.trigger {
            tx.execute_batch(sql)?;
        }
        Ok(())
    }
}

/// One chat-day's counters added to its tallies, as the trigger adds each row's.
const ADD_TALLIES: &str =
    "INSERT INTO tallies (day, chat_id, received, sent, away_sent, greeting_sent, delivered, read, failed)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
     ON CONFLICT (day, chat_id) DO UPDATE SET
         received = received + excluded.received, sent = sent + excluded.sent,
         away_sent = away_sent + excluded.away_sent, greeting_sent = greeting_sent + excluded.greeting_sent,
         delivered = delivered + excluded.delivered, read = read + excluded.read,
         failed = failed + excluded.failed";

/// A chat's state through the replay.
struct ChatState {
    /// The customer's first unanswered message (the chat's `awaiting_since`).
    awaiting: Option<i64>,
    /// The earliest new row's time, for the chat's first day.
    first_at: i64,
}

/// A first response: (answering message, chat, when the customer wrote, seconds).
type Response = (i64, i64, i64, i64);

/// What the replay of the new rows found.
struct Replay {
    chats: HashMap<i64, ChatState>,
    responses: Vec<Response>,
    /// Counters (received, sent, away, greeting, delivered, read, failed) per (chat, day).
    tallies: HashMap<(i64, String), [i64; 7]>,
}

/// The new rows in id order, as the trigger sees them one by one: each chat's state at the end,
/// the first responses recorded on the way, and the counters per chat-day (rows come mostly in
/// time order, so a run of one chat-day is added up before it meets the map).
fn replay(tx: &Transaction<'_>, first_new_id: i64) -> Result<Replay> {
    let mut rows = tx.prepare_cached(&format!(
        "SELECT id, chat_id, at, {day},
                direction = 'in' AND kind != 'system',
                direction = 'out' AND origin != 'away' AND origin != 'greeting',
                direction = 'out' AND origin = 'away', direction = 'out' AND origin = 'greeting',
                direction = 'out' AND (status IS 'delivered' OR status IS 'read'),
                direction = 'out' AND status IS 'read', direction = 'out' AND status IS 'failed'
         FROM messages WHERE id >= ?1 ORDER BY id",
        day = day_sql("at")
    ))?;
    let mut awaiting_of = tx.prepare_cached("SELECT awaiting_since FROM chats WHERE id = ?1")?;
    let mut chats: HashMap<i64, ChatState> = HashMap::new();
    let mut responses = Vec::new();
    let mut tallies: HashMap<(i64, String), [i64; 7]> = HashMap::new();
    let mut run: Option<((i64, String), [i64; 7])> = None;
    let mut cursor = rows.query([first_new_id])?;
    while let Some(r) = cursor.next()? {
        let (id, chat, at): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let day = r.get_ref(3)?.as_str().unwrap_or("");
        let mut counts = [0i64; 7];
        for (k, c) in counts.iter_mut().enumerate() {
            *c = r.get(4 + k)?;
        }
        match run.as_mut() {
            Some(((c, d), sum)) if *c == chat && d == day => {
                sum.iter_mut().zip(counts).for_each(|(s, n)| *s += n)
            }
            _ => {
                if let Some((key, sum)) = run.replace(((chat, day.to_string()), counts)) {
                    let total = tallies.entry(key).or_insert([0; 7]);
                    total.iter_mut().zip(sum).for_each(|(t, n)| *t += n);
                }
            }
        }
        let (inbound, answer) = (counts[0] == 1, counts[1] == 1);
        let state = match chats.entry(chat) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let awaiting = awaiting_of.query_row([chat], |r| r.get(0)).optional()?.flatten();
                e.insert(ChatState { awaiting, first_at: at })
            }
        };
        state.first_at = state.first_at.min(at);
        if inbound {
            state.awaiting.get_or_insert(at);
        } else if answer {
            if let Some(since) = state.awaiting.take().filter(|&since| at >= since) {
                responses.push((id, chat, since, (at - since) / 1000));
            }
        }
    }
    if let Some((key, sum)) = run {
        let total = tallies.entry(key).or_insert([0; 7]);
        total.iter_mut().zip(sum).for_each(|(t, n)| *t += n);
    }
    Ok(Replay { chats, responses, tallies })
}

/// Rows per INSERT of first responses (4 parameters each).
const RESPONSES_PER_STATEMENT: usize = 500;

fn insert_responses(tx: &Transaction<'_>, responses: &[Response]) -> Result<()> {
    static FULL: OnceLock<String> = OnceLock::new();
    for chunk in responses.chunks(RESPONSES_PER_STATEMENT) {
        let mut stmt = if chunk.len() == RESPONSES_PER_STATEMENT {
            tx.prepare_cached(FULL.get_or_init(|| responses_sql(RESPONSES_PER_STATEMENT)))?
        } else {
            tx.prepare_cached(&responses_sql(chunk.len()))?
        };
        for (j, &(id, chat, since, seconds)) in chunk.iter().enumerate() {
            let p = j * 4;
            stmt.raw_bind_parameter(p + 1, id)?;
            stmt.raw_bind_parameter(p + 2, chat)?;
            stmt.raw_bind_parameter(p + 3, since)?;
            stmt.raw_bind_parameter(p + 4, seconds)?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

/// `INSERT INTO response_times … VALUES (…), …` for `n` rows, the day computed from the time
/// the customer wrote as the trigger computes it.
fn responses_sql(n: usize) -> String {
    let mut sql = String::from("INSERT INTO response_times (message_id, chat_id, day, seconds) VALUES ");
    for j in 0..n {
        let p = j * 4;
        let sep = if j == 0 { "" } else { ", " };
        // Writing to a String cannot fail.
        let _ = write!(sql, "{sep}(?{}, ?{}, {}, ?{})", p + 1, p + 2, day_sql(&format!("?{}", p + 3)), p + 4);
    }
    sql
}

#[cfg(test)]
#[path = "bulk_tallies_tests.rs"]
mod tests;
