//! The store's cloud additions on an existing file: its migrations and read receipts.

use rusqlite::Connection;
use wabi::store::Store;

#[test]
fn a_version_1_store_migrates_to_the_newest_and_sends_no_receipts_for_old_chats() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wabi.db");
    let v1 = Connection::open(&path).unwrap();
    v1.execute_batch(include_str!("../../assets/migrations/0001_initial.sql")).unwrap();
    v1.pragma_update(None, "user_version", 1).unwrap();
    v1.pragma_update(None, "application_id", wabi::store::APPLICATION_ID).unwrap();
    v1.execute_batch(
        "INSERT INTO contacts (id, phone, created_at) VALUES (1, '34600111222', 0);
         INSERT INTO chats (id, contact_id, last_at, last_inbound_at, created_at) VALUES (1, 1, 5, 5, 0);
         INSERT INTO messages (chat_id, external_id, direction, kind, body, origin, created_at, at)
             VALUES (1, 'wamid.OLD', 'in', 'text', 'old', 'customer', 5, 5);",
    )
    .unwrap();
    drop(v1);
    let store = Store::open(&path).unwrap();
    let version: i64 = store.conn().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, wabi::store::SCHEMA_VERSION);
    assert_eq!(version, 11, "a new migration: check this test still covers it");
    // The event log starts empty: what was stored before it existed is not replayed.
    assert_eq!(store.event_bounds().unwrap(), None);
    assert_eq!(store.store_id().unwrap().len(), 8);
    // Version 7 widened the messages' CHECKs in place: the old row is there, the new origins fit.
    store
        .conn()
        .execute_batch(
            "INSERT INTO messages (chat_id, direction, kind, body, origin, created_at, at)
                 VALUES (1, 'out', 'media', 'x', 'phone', 6, 6), (1, 'in', 'text', 'y', 'history', 7, 7);",
        )
        .unwrap();
    // A phone reply logs an event; history from the phone does not (as imports do not).
    assert_eq!(store.event_bounds().unwrap().map(|(a, b)| b - a), Some(0));
    assert!(store.receipts_due(10).unwrap().is_empty());
    assert!(store.templates().unwrap().is_empty());
    assert!(store.typing_due(wabi::store::now_ms()).unwrap().is_empty());
    let old = store.message_by_external_id("wamid.OLD").unwrap().unwrap();
    assert_eq!(old.body, "old");
    // Version 6: old messages quote nothing and have no reactions; contacts have an empty note.
    assert_eq!((old.quote, old.reactions.len()), (None, 0));
    assert_eq!(store.note(1).unwrap(), "");
}
