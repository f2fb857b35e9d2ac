//! The queries behind every screen are windows over indexes: no full scan and no sort of a whole
//! table on the paths a key press takes (issue 10). Checked with EXPLAIN QUERY PLAN.

use wabi::store::{ChatFilter, ChatView, Store};

fn plan(store: &Store, sql: &str) -> String {
    let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
}

fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    wabi::demo::generate(&mut store, 200, 4_000, 1_768_478_400_000, 3).unwrap();
    store.conn().execute_batch("ANALYZE").unwrap();
    store
}

#[test]
fn the_open_inbox_walks_the_last_activity_index_without_sorting() {
    let s = store();
    let p = plan(
        &s,
        "SELECT c.id FROM chats c WHERE (+c.status = 'open' OR (+c.status = 'snoozed' AND c.snoozed_until <= 5)) ORDER BY c.last_at DESC, c.id DESC LIMIT 17",
    );
    assert!(p.contains("chats_by_last"), "{p}");
    assert!(!p.contains("TEMP B-TREE"), "{p}");
}

#[test]
fn the_done_view_uses_the_status_index_in_order() {
    let s = store();
    let p = plan(
        &s,
        "SELECT c.id FROM chats c WHERE c.status = 'done' ORDER BY c.last_at DESC, c.id DESC LIMIT 17",
    );
    assert!(p.contains("chats_by_status_last"), "{p}");
    assert!(!p.contains("TEMP B-TREE"), "{p}");
}

#[test]
fn a_chat_window_is_a_range_of_the_chat_time_index() {
    let s = store();
    let p = plan(
        &s,
        "SELECT id FROM messages WHERE chat_id = 5 AND (at, id) < (9000000000000, 9000000000000) ORDER BY at DESC, id DESC LIMIT 200",
    );
    assert!(p.contains("messages_by_chat_at"), "{p}");
    assert!(!p.contains("SCAN") && !p.contains("TEMP B-TREE"), "{p}");
}

#[test]
fn a_label_filter_starts_from_the_labels_chats() {
    let s = store();
    let p = plan(
        &s,
        "SELECT c.id FROM chats c WHERE 1 AND c.id IN (SELECT chat_id FROM chat_labels WHERE label_id IN (4)) ORDER BY c.last_at DESC LIMIT 17",
    );
    assert!(p.contains("chat_labels"), "{p}");
    assert!(!p.contains("SCAN c"), "{p}");
}

#[test]
fn the_outbox_claim_uses_its_partial_index() {
    let s = store();
    let p = plan(
        &s,
        "SELECT m.id FROM messages m WHERE m.status = 'queued' AND m.next_attempt_at <= 5 ORDER BY m.next_attempt_at, m.id LIMIT 20",
    );
    assert!(p.contains("messages_outbox"), "{p}");
}

#[test]
fn the_store_queries_answer_on_the_generated_store() {
    let s = store();
    let open = ChatFilter { view: ChatView::Open, labels: vec![] };
    assert!(s.chats(&open, 0, 17).unwrap().len() == 17);
    assert!(s.count_chats(&open).unwrap() > 100);
}

#[test]
fn statistics_read_their_ranges_from_indexes_alone() {
    let s = store();
    let range = "WHERE day BETWEEN '2026-01-01' AND '2026-01-31'";
    let p = plan(
        &s,
        &format!(
            "SELECT day, chat_id, received, sent, away_sent, greeting_sent, delivered, read, failed FROM tallies {range} ORDER BY day"
        ),
    );
    assert!(p.contains("SEARCH tallies USING PRIMARY KEY"), "{p}");
    assert!(!p.contains("TEMP B-TREE"), "{p}");
    let p = plan(&s, &format!("SELECT chat_id, seconds FROM response_times {range}"));
    assert!(p.contains("COVERING INDEX response_times_by_day"), "{p}");
    let p = plan(&s, "SELECT id, first_day BETWEEN '2026-01-01' AND '2026-01-31' FROM chats");
    assert!(p.contains("COVERING INDEX chats_by_first_day"), "{p}");
}

#[test]
fn a_chat_window_finds_quotes_and_reactions_by_index() {
    let s = store();
    // The quote and reaction columns of Store::messages (store/replies.rs) over the chat window.
    let p = plan(
        &s,
        "SELECT m.id, q.id, q.body, (SELECT group_concat(r.direction || ' ' || r.body, char(31)) FROM
             (SELECT direction, body FROM messages r WHERE r.reply_to = m.external_id AND r.kind = 'reaction'
              ORDER BY r.at, r.id) r)
         FROM messages m LEFT JOIN messages q ON q.external_id = m.reply_to
         WHERE m.chat_id = 5 AND (m.at, m.id) < (9000000000000, 9000000000000) ORDER BY m.at DESC, m.id DESC LIMIT 200",
    );
    assert!(p.contains("SEARCH m USING INDEX messages_by_chat_at"), "{p}");
    assert!(p.contains("SEARCH q USING INDEX sqlite_autoindex_messages_1"), "{p}");
    assert!(p.contains("messages_by_reply_to (reply_to=?)"), "{p}");
    assert!(!p.contains("SCAN m") && !p.contains("SCAN q"), "{p}");
}
