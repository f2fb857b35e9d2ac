//! Search over chat names and message text (FTS5), and the window of a chat around a hit.

use rusqlite::params;

use super::contacts::display_name;
use super::{Result, Store};
use crate::store::MessageRow;

/// One search result: a chat (by name or number) or a message in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub chat_id: i64,
    pub name: String,
    /// None for a match on the chat's name or number.
    pub message_id: Option<i64>,
    pub snippet: String,
    pub at: i64,
}

/// Turns what the user typed into an FTS5 query: every word quoted (so operators and quotes in
/// the text are literal), the last one a prefix.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> =
        text.split_whitespace().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect();
    if words.is_empty() {
        return None;
    }
    Some(words.join(" ") + "*")
}

impl Store {
    /// Chats whose name or number contains `text`, then messages matching it, newest first.
    /// Messages are ranked among the 500 most recently stored matches, so a common word on a
    /// million-message store still answers at once.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(text) else {
            return Ok(Vec::new());
        };
        let limit = i64::try_from(limit).unwrap_or(100);
        let like = format!("%{}%", text.trim().replace(['%', '_'], ""));
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let mut hits = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, co.saved_name, co.profile_name, co.phone, co.user_id, c.last_at
             FROM chats c JOIN contacts co ON co.id = c.contact_id
             WHERE co.saved_name LIKE ?1 OR co.profile_name LIKE ?1 OR (?2 != '' AND co.phone LIKE '%' || ?2 || '%')
             ORDER BY c.last_at DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![like, digits, limit], |r| {
            let phone: Option<String> = r.get(3)?;
            Ok(SearchHit {
                chat_id: r.get(0)?,
                name: display_name(
                    r.get::<_, Option<String>>(1)?.as_deref(),
                    r.get::<_, Option<String>>(2)?.as_deref(),
                    phone.as_deref(),
                    r.get::<_, Option<String>>(4)?.as_deref(),
                ),
                message_id: None,
                snippet: phone.map(|p| crate::phone::display_phone(&p)).unwrap_or_default(),
                at: r.get(5)?,
            })
        })?;
        for row in rows {
            hits.push(row?);
        }
        let mut stmt = self.conn.prepare_cached(
            // The newest 500 hits come straight from the FTS index (ORDER BY rowid there is cheap);
            // only they are joined and ranked by time. Filtering the join by MATCH instead made a
            // common word cost a second on a million messages.
            "SELECT m.id, m.chat_id, m.body, m.at, co.saved_name, co.profile_name, co.phone, co.user_id
             FROM (SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ?1
                   ORDER BY rowid DESC LIMIT 500) hits
             JOIN messages m ON m.id = hits.id
             JOIN chats c ON c.id = m.chat_id JOIN contacts co ON co.id = c.contact_id
             ORDER BY m.at DESC, m.id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![query, limit], |r| {
            Ok(SearchHit {
                message_id: Some(r.get(0)?),
                chat_id: r.get(1)?,
                snippet: snippet(&r.get::<_, String>(2)?, text),
                at: r.get(3)?,
                name: display_name(
                    r.get::<_, Option<String>>(4)?.as_deref(),
                    r.get::<_, Option<String>>(5)?.as_deref(),
                    r.get::<_, Option<String>>(6)?.as_deref(),
                    r.get::<_, Option<String>>(7)?.as_deref(),
                ),
            })
        })?;
        for row in rows {
            hits.push(row?);
        }
        Ok(hits)
    }

    /// Up to `before` messages ending with `message_id`, then up to `after` newer ones, oldest first.
    pub fn messages_around(
        &self,
        chat_id: i64,
        message_id: i64,
        before: usize,
        after: usize,
    ) -> Result<Vec<MessageRow>> {
        let Some(hit) = self.message(message_id)? else {
            return self.messages(chat_id, before + after, None);
        };
        let mut rows = self.messages(chat_id, before.saturating_sub(1), Some((hit.at, hit.id)))?;
        rows.push(hit.clone());
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM messages WHERE chat_id = ?1 AND (at, id) > (?2, ?3) ORDER BY at, id LIMIT ?4",
        )?;
        let newer = stmt
            .query_map(params![chat_id, hit.at, hit.id, i64::try_from(after).unwrap_or(0)], |r| {
                r.get::<_, i64>(0)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for id in newer {
            rows.extend(self.message(id)?);
        }
        Ok(rows)
    }
}

/// The part of a body around the first searched word, about 80 characters, with "…" where cut.
fn snippet(body: &str, query: &str) -> String {
    let first = query.split_whitespace().filter_map(|w| find_caseless(body, w)).min().unwrap_or(0);
    let before = body.get(..first).unwrap_or("");
    let start = before.char_indices().rev().nth(30).map_or(0, |(i, _)| i);
    let rest = body.get(start..).unwrap_or(body);
    let text: String = rest.chars().take(80).collect();
    let cut_end = rest.chars().count() > 80;
    format!("{}{}{}", if start > 0 { "…" } else { "" }, text, if cut_end { "…" } else { "" })
}

/// Byte offset (a char boundary of `body`) where `word` starts, ignoring case. Compared char by
/// char: lowercasing a whole string can change its byte offsets (İ), so those cannot be reused.
fn find_caseless(body: &str, word: &str) -> Option<usize> {
    let wanted: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    if wanted.is_empty() {
        return None;
    }
    body.char_indices().map(|(i, _)| i).find(|&i| {
        let mut chars = body.get(i..).unwrap_or("").chars().flat_map(char::to_lowercase);
        wanted.iter().all(|c| chars.next() == Some(*c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_center_on_the_first_word_found() {
        let body = "a ".repeat(60) + "roses are red " + &"b ".repeat(60);
        let s = snippet(&body, "ROSES");
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("roses are red"), "{s}");
        assert_eq!(snippet("short one", "x"), "short one");
        let turkish = "İİİİ ".repeat(20) + "gül";
        assert!(snippet(&turkish, "gül").contains("gül"), "no panic on length-changing case folds");
    }

    #[test]
    fn fts_queries_quote_every_word_and_prefix_the_last() {
        assert_eq!(fts_query("red roses").as_deref(), Some("\"red\" \"roses\"*"));
        assert_eq!(fts_query("say \"hi\" OR").as_deref(), Some("\"say\" \"\"\"hi\"\"\" \"OR\"*"));
        assert_eq!(fts_query("   "), None);
    }
}
