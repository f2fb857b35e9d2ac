//! What the automation pass reads: new messages in id order (its cursor walks them), and a
//! chat's history around one inbound message. Every query is a range over an index: the primary
//! key, `messages_by_chat_at (chat_id, at, id)` or the automation log's `(chat_id, kind, period)`.

use rusqlite::params;

use super::{Result, Store};

/// A message the automation cursor passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScannedMessage {
    pub id: i64,
    pub chat_id: i64,
    /// When the message was written (the provider's time for inbound messages).
    pub at: i64,
    /// Inbound from a live customer (origin customer or demo): the only messages automation
    /// answers. Imported history and outbound messages are passed over.
    pub from_customer: bool,
}

/// A chat's history as seen from one of its messages, in UTC milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChatTimes {
    /// The latest message in either direction before this one, ordered by (at, id).
    pub previous_message_at: Option<i64>,
    /// The latest outbound message whose origin is neither away nor greeting, among those at or
    /// after the `replies_since` the caller gave; older replies are not looked for.
    pub last_operator_reply_at: Option<i64>,
    /// The latest away message logged for the chat (any time, also after this message).
    pub last_away_at: Option<i64>,
    /// The latest greeting logged for the chat (any time, also after this message).
    pub last_greeting_at: Option<i64>,
}

impl Store {
    /// Up to `limit` messages with an id above `after_id`, in id order, of every kind; the
    /// caller moves its cursor to the last one, so a long run of imported rows is passed in
    /// bounded steps rather than searched through on every call.
    pub fn messages_after(&self, after_id: i64, limit: usize) -> Result<Vec<ScannedMessage>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, chat_id, at, direction = 'in' AND origin IN ('customer', 'demo')
             FROM messages WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after_id, limit], |r| {
            Ok(ScannedMessage { id: r.get(0)?, chat_id: r.get(1)?, at: r.get(2)?, from_customer: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The highest message id, 0 for an empty store.
    pub fn max_message_id(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(max(id), 0) FROM messages", [], |r| r.get(0))?)
    }

    /// The history of `chat_id` around its message (`message_id`, `at`). Operator replies are
    /// looked for from `replies_since` on only (bounded by the chat's index), because a caller
    /// asking "did the operator write lately" has no use for older ones.
    pub fn chat_times(
        &self,
        chat_id: i64,
        message_id: i64,
        at: i64,
        replies_since: i64,
    ) -> Result<ChatTimes> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT
                 (SELECT at FROM messages WHERE chat_id = ?1 AND (at, id) < (?2, ?3)
                  ORDER BY at DESC, id DESC LIMIT 1),
                 (SELECT max(at) FROM messages WHERE chat_id = ?1 AND at >= ?4 AND direction = 'out'
                  AND origin NOT IN ('away', 'greeting')),
                 (SELECT max(at) FROM automation_log WHERE chat_id = ?1 AND kind = 'away'),
                 (SELECT max(at) FROM automation_log WHERE chat_id = ?1 AND kind = 'greeting')",
        )?;
        Ok(stmt.query_row(params![chat_id, at, message_id, replies_since], |r| {
            Ok(ChatTimes {
                previous_message_at: r.get(0)?,
                last_operator_reply_at: r.get(1)?,
                last_away_at: r.get(2)?,
                last_greeting_at: r.get(3)?,
            })
        })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, Origin};
    use crate::store::{ContactKey, NewMessage, NewOutbound};

    fn customer_says(store: &mut Store, body: &str, at: i64, origin: Origin) -> (i64, i64) {
        let mut m = NewMessage::text(ContactKey::Phone("34600000001".into()), body, at);
        m.origin = origin;
        if origin == Origin::Import {
            m.direction = Direction::Out;
        }
        match store.insert_messages(&[m]).unwrap()[0] {
            crate::store::InsertOutcome::Inserted { id, chat_id } => (id, chat_id),
            other => panic!("not inserted: {other:?}"),
        }
    }

    #[test]
    fn the_scan_marks_only_live_inbound_messages_for_answering() {
        let mut store = Store::open_in_memory().unwrap();
        customer_says(&mut store, "old", 1_000, Origin::Import);
        let (live, chat) = customer_says(&mut store, "hi", 2_000, Origin::Customer);
        let out = NewOutbound { chat_id: chat, body: "yes".into(), origin: Origin::Api, reply_to: None };
        store.queue_outbound(&out).unwrap();
        let scanned = store.messages_after(0, 10).unwrap();
        let answered: Vec<i64> = scanned.iter().filter(|m| m.from_customer).map(|m| m.id).collect();
        assert_eq!(scanned.len(), 3);
        assert_eq!(answered, [live]);
        assert_eq!(store.messages_after(live, 10).unwrap().len(), 1);
        assert_eq!(store.max_message_id().unwrap(), scanned[2].id);
    }

    #[test]
    fn history_sees_the_message_before_and_ignores_replies_before_the_lookback() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, chat) = customer_says(&mut store, "one", 1_000, Origin::Customer);
        let (second, _) = customer_says(&mut store, "two", 5_000, Origin::Customer);
        let times = store.chat_times(chat, second, 5_000, 0).unwrap();
        assert_eq!(times.previous_message_at, Some(1_000));
        assert_eq!(times.last_operator_reply_at, None);
        let first = store.chat_times(chat, second - 1, 1_000, 0).unwrap();
        assert_eq!(first.previous_message_at, None);
        let reply =
            NewOutbound { chat_id: chat, body: "ok".into(), origin: Origin::Operator, reply_to: None };
        store.queue_outbound(&reply).unwrap();
        let replied_at = store.messages(chat, 1, None).unwrap()[0].at;
        let recent = store.chat_times(chat, second, 5_000, replied_at).unwrap();
        assert_eq!(recent.last_operator_reply_at, Some(replied_at));
        let later = store.chat_times(chat, second, 5_000, replied_at + 1).unwrap();
        assert_eq!(later.last_operator_reply_at, None);
    }
}
