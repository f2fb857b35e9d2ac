//! Compiled only under #[cfg(test)], from its parent module.
use super::*;
use crate::model::{Direction, Kind, Status};
use crate::store::{ContactKey, HistoryChat, HistoryMessage, NewMessage};

fn kinds(store: &Store) -> Vec<String> {
    store.events_after(0, 100).unwrap().into_iter().map(|e| e.kind).collect()
}

#[test]
fn imported_history_logs_no_message_events_but_live_messages_do() {
    let mut store = Store::open_in_memory().unwrap();
    let chat = HistoryChat { key: ContactKey::Phone("491512345678".into()), name: Some("Ana".into()) };
    let row = |id: &str, direction| HistoryMessage {
        external_id: id.into(),
        direction,
        kind: Kind::Text,
        body: "old",
        at: 1_000,
        status: (direction == Direction::Out).then_some(Status::Sent),
        media_filename: None,
        media_path: None,
    };
    store
        .import_history(&chat, &[row("i:1", Direction::In), row("i:2", Direction::Out)], &mut |_| {})
        .unwrap();
    assert_eq!(kinds(&store), Vec::<String>::new());
    store
        .insert_messages(&[NewMessage::text(ContactKey::Phone("491512345678".into()), "new", 5_000)])
        .unwrap();
    assert_eq!(kinds(&store), ["message.in"]);
}

#[test]
fn pruning_deletes_old_events_and_cursors_keep_growing() {
    let mut store = Store::open_in_memory().unwrap();
    let id = store.store_id().unwrap();
    assert_eq!((id.len(), store.store_id().unwrap()), (8, id.clone()));
    for i in 0..3 {
        store
            .insert_messages(&[NewMessage::text(ContactKey::Phone(format!("3460000000{i}")), "hi", 1_000)])
            .unwrap();
    }
    store.conn().execute("UPDATE events SET at = 10 WHERE seq <= 2", []).unwrap();
    assert_eq!(store.prune_events(100).unwrap(), 2);
    assert_eq!(store.event_bounds().unwrap(), Some((3, 3)));
    assert_eq!(store.prune_events(100).unwrap(), 0);
    store.conn().execute("DELETE FROM events", []).unwrap();
    store.insert_messages(&[NewMessage::text(ContactKey::Phone("34600000009".into()), "hi", 1_000)]).unwrap();
    assert_eq!(store.event_bounds().unwrap(), Some((4, 4)), "a seq is never given out twice");
}

#[test]
fn a_hook_failing_for_a_day_is_paused_until_resumed() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.hook_state("crm").unwrap().cursor, 0);
    let day = 86_400_000;
    let s = store.hook_failed("crm", "HTTP 500", 1_000, 2_000, day).unwrap();
    assert_eq!((s.failures, s.failing_since, s.paused_at), (1, Some(1_000), None));
    let s = store.hook_failed("crm", "HTTP 502", 1_000 + day - 1, 0, day).unwrap();
    assert_eq!(s.paused_at, None);
    let s = store.hook_failed("crm", "HTTP 502", 1_000 + day, 0, day).unwrap();
    assert_eq!((s.failures, s.paused_at, s.last_error.as_deref()), (3, Some(1_000 + day), Some("HTTP 502")));
    assert_eq!(store.failing_hooks().unwrap(), 1);
    assert!(store.resume_hook("crm").unwrap());
    let s = store.hook_state("crm").unwrap();
    assert_eq!((s.failures, s.paused_at, s.failing_since), (0, None, None));
    assert_eq!(store.failing_hooks().unwrap(), 0);
}

#[test]
fn only_the_lease_holder_moves_a_hook_forward() {
    let mut store = Store::open_in_memory().unwrap();
    store.hook_state("crm").unwrap();
    assert!(!store.hook_advanced("crm", 5, 1, 1_000, "wabi serve", 42).unwrap());
    store.acquire_lease("wabi serve", 42, 1_000, 10_000).unwrap();
    assert!(store.hook_advanced("crm", 5, 1, 1_000, "wabi serve", 42).unwrap());
    assert!(!store.hook_advanced("crm", 6, 1, 1_000, "wabi", 7).unwrap());
    assert_eq!((store.hook_state("crm").unwrap().cursor, store.hook_state("crm").unwrap().delivered), (5, 1));
}
