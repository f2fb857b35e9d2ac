//! Chats: the inbox list as windows over an indexed query, and the operator's inbox-zero state.

use rusqlite::{OptionalExtension, params};

use super::contacts::display_name;
use super::messages::parse_col;
use super::{Result, Store, StoreError, now_ms};
use crate::model::{ChatStatus, Direction, Status};

/// Which chats the inbox shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChatView {
    /// Open chats and snoozed chats whose time has come.
    #[default]
    Open,
    Snoozed,
    Done,
    All,
}

impl ChatView {
    pub const CYCLE: [ChatView; 4] = [ChatView::Open, ChatView::Snoozed, ChatView::Done, ChatView::All];

    pub fn as_str(self) -> &'static str {
        match self {
            ChatView::Open => "open",
            ChatView::Snoozed => "snoozed",
            ChatView::Done => "done",
            ChatView::All => "all",
        }
    }

    /// SQL condition on `c` (chats) for this view; `?now` is bound by the caller.
    fn condition(self) -> &'static str {
        match self {
            // Most chats are open: walking chats_by_last and stopping after LIMIT rows beats
            // collecting every open chat and sorting it; the unary + keeps the planner off the
            // status index (a query-plan test checks it).
            ChatView::Open => "(+c.status = 'open' OR (+c.status = 'snoozed' AND c.snoozed_until <= :now))",
            ChatView::Snoozed => "(c.status = 'snoozed' AND c.snoozed_until > :now)",
            ChatView::Done => "c.status = 'done'",
            ChatView::All => "1",
        }
    }
}

/// A view plus an optional set of labels ("any of").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChatFilter {
    pub view: ChatView,
    pub labels: Vec<i64>,
}

/// One line of the chat list.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRow {
    pub id: i64,
    pub phone: Option<String>,
    pub user_id: Option<String>,
    pub name: String,
    pub saved_name: Option<String>,
    pub profile_name: Option<String>,
    pub status: ChatStatus,
    pub snoozed_until: Option<i64>,
    pub unread: i64,
    pub last_at: i64,
    pub last_inbound_at: Option<i64>,
    pub preview: Option<String>,
    pub preview_direction: Option<Direction>,
    pub preview_status: Option<Status>,
    /// Label ids, in label order.
    pub labels: Vec<i64>,
    pub draft: String,
    /// The customer's consent now ("opted_in", "opted_out"); None when never recorded.
    pub consent: Option<String>,
    /// The customer's WhatsApp username, without the `@`.
    pub username: Option<String>,
    /// Blocked on WhatsApp (`wabi block`, `b`).
    pub blocked: bool,
    /// The headline (or url) of the newest click-to-WhatsApp ad that brought the customer.
    pub ad: Option<String>,
}

const CHAT_COLUMNS: &str = "SELECT c.id, co.phone, co.user_id, co.saved_name, co.profile_name, c.status,
        c.snoozed_until, c.unread, c.last_at, c.last_inbound_at, m.body, m.direction, m.status,
        (SELECT group_concat(cl.label_id) FROM chat_labels cl JOIN labels l ON l.id = cl.label_id
          WHERE cl.chat_id = c.id ORDER BY l.position), c.draft,
        (SELECT h.state FROM consent_history h WHERE h.contact_id = c.contact_id
          ORDER BY h.at DESC, h.id DESC LIMIT 1),
        co.username, co.blocked_at IS NOT NULL,
        (SELECT coalesce(json_extract(r.referral, '$.headline'), json_extract(r.referral, '$.source_url'))
           FROM messages r WHERE r.chat_id = c.id AND r.referral IS NOT NULL ORDER BY r.at DESC LIMIT 1)";

const CHAT_JOINS: &str =
    "JOIN contacts co ON co.id = c.contact_id LEFT JOIN messages m ON m.id = c.last_message_id";

fn chat_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChatRow> {
    let phone: Option<String> = r.get(1)?;
    let user_id: Option<String> = r.get(2)?;
    let saved: Option<String> = r.get(3)?;
    let profile: Option<String> = r.get(4)?;
    let labels: Option<String> = r.get(13)?;
    Ok(ChatRow {
        id: r.get(0)?,
        name: display_name(saved.as_deref(), profile.as_deref(), phone.as_deref(), user_id.as_deref()),
        phone,
        user_id,
        saved_name: saved,
        profile_name: profile,
        status: parse_col(r, 5)?,
        snoozed_until: r.get(6)?,
        unread: r.get(7)?,
        last_at: r.get(8)?,
        last_inbound_at: r.get(9)?,
        preview: r.get(10)?,
        preview_direction: r.get::<_, Option<String>>(11)?.and_then(|d| d.parse().ok()),
        preview_status: r.get::<_, Option<String>>(12)?.and_then(|s| s.parse().ok()),
        labels: labels.unwrap_or_default().split(',').filter_map(|id| id.parse().ok()).collect(),
        draft: r.get(14)?,
        consent: r.get(15)?,
        username: r.get(16)?,
        blocked: r.get(17)?,
        ad: r.get(18)?,
    })
}

/// WHERE clause for a filter; label ids are integers, so they are inlined safely.
fn where_clause(filter: &ChatFilter) -> String {
    let mut clause = filter.view.condition().to_string();
    if !filter.labels.is_empty() {
        let ids: Vec<String> = filter.labels.iter().map(i64::to_string).collect();
        clause.push_str(&format!(
            " AND c.id IN (SELECT chat_id FROM chat_labels WHERE label_id IN ({}))",
            ids.join(",")
        ));
    }
    clause
}

impl Store {
    /// A window of the chat list, most recent first.
    pub fn chats(&self, filter: &ChatFilter, offset: usize, limit: usize) -> Result<Vec<ChatRow>> {
        // The window is chosen over chat ids alone (an index-only scan even deep in the list);
        // only its rows are joined with their contact, preview and labels.
        let sql = format!(
            "{CHAT_COLUMNS} FROM (SELECT c.id FROM chats c WHERE {}
                 ORDER BY c.last_at DESC, c.id DESC LIMIT :limit OFFSET :offset) w
             JOIN chats c ON c.id = w.id {CHAT_JOINS} ORDER BY c.last_at DESC, c.id DESC",
            where_clause(filter)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let now = now_ms();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(0);
        let named: Vec<(&str, &dyn rusqlite::ToSql)> =
            [(":now", &now as &dyn rusqlite::ToSql), (":limit", &limit), (":offset", &offset)]
                .into_iter()
                .filter(|(name, _)| sql.contains(name))
                .collect();
        let rows = stmt.query_map(named.as_slice(), chat_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// How many chats a filter selects.
    pub fn count_chats(&self, filter: &ChatFilter) -> Result<usize> {
        let sql = format!("SELECT count(*) FROM chats c WHERE {}", where_clause(filter));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let now = now_ms();
        let n: i64 = if sql.contains(":now") {
            stmt.query_row(&[(":now", &now)], |r| r.get(0))?
        } else {
            stmt.query_row([], |r| r.get(0))?
        };
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Where a chat stands in the list a filter selects (0 = top), or None when the filter leaves
    /// it out. The inbox keeps its selection on a chat by id with this, however the list moves.
    pub fn chat_position(&self, filter: &ChatFilter, chat_id: i64) -> Result<Option<usize>> {
        let clause = where_clause(filter);
        let now = now_ms();
        let bind = |sql: &str| -> Vec<(&'static str, &dyn rusqlite::ToSql)> {
            let all: [(&'static str, &dyn rusqlite::ToSql); 2] = [(":now", &now), (":id", &chat_id)];
            all.into_iter().filter(|(name, _)| sql.contains(name)).collect()
        };
        let find = format!("SELECT c.last_at FROM chats c WHERE c.id = :id AND {clause}");
        let last_at: Option<i64> =
            self.conn.prepare_cached(&find)?.query_row(bind(&find).as_slice(), |r| r.get(0)).optional()?;
        let Some(last_at) = last_at else {
            return Ok(None);
        };
        let above = format!(
            "SELECT count(*) FROM chats c WHERE {clause} AND (c.last_at > :last OR (c.last_at = :last AND c.id > :id))"
        );
        let mut named = bind(&above);
        named.push((":last", &last_at));
        let n: i64 = self.conn.prepare_cached(&above)?.query_row(named.as_slice(), |r| r.get(0))?;
        Ok(Some(usize::try_from(n).unwrap_or(0)))
    }

    /// One chat as the list shows it.
    pub fn chat(&self, id: i64) -> Result<ChatRow> {
        self.conn
            .query_row(
                &format!("{CHAT_COLUMNS} FROM chats c {CHAT_JOINS} WHERE c.id = ?1"),
                [id],
                chat_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no chat with id {id}")))
    }

    /// The operator has seen the chat: no unread messages left.
    pub fn mark_read(&mut self, chat_id: i64) -> Result<()> {
        self.conn.execute("UPDATE chats SET unread = 0 WHERE id = ?1 AND unread != 0", [chat_id])?;
        Ok(())
    }

    /// Sets the unread count (demo seed, imports).
    pub fn set_unread(&mut self, chat_id: i64, unread: i64) -> Result<()> {
        self.conn.execute("UPDATE chats SET unread = ?2 WHERE id = ?1", params![chat_id, unread.max(0)])?;
        Ok(())
    }

    /// Marks a chat unread again so it stands out in the list.
    pub fn mark_unread(&mut self, chat_id: i64) -> Result<()> {
        self.conn.execute("UPDATE chats SET unread = max(unread, 1) WHERE id = ?1", [chat_id])?;
        Ok(())
    }

    /// Moves a chat to open, done, or snoozed until `until` (ms).
    pub fn set_chat_status(&mut self, chat_id: i64, status: ChatStatus, until: Option<i64>) -> Result<()> {
        let until = if status == ChatStatus::Snoozed { until } else { None };
        self.conn.execute(
            "UPDATE chats SET status = ?2, snoozed_until = ?3 WHERE id = ?1",
            params![chat_id, status.as_str(), until],
        )?;
        Ok(())
    }

    /// Keeps the operator's unsent text for a chat.
    pub fn set_draft(&mut self, chat_id: i64, draft: &str) -> Result<()> {
        self.conn
            .execute("UPDATE chats SET draft = ?2 WHERE id = ?1 AND draft != ?2", params![chat_id, draft])?;
        Ok(())
    }
}
