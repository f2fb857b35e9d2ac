//! Compiled only under #[cfg(test)], from its parent module.
use super::*;
use crate::model::ChatStatus;

fn row<'a>(id: &str, direction: Direction, kind: Kind, body: &'a str, at: i64) -> HistoryMessage<'a> {
    HistoryMessage {
        external_id: id.to_string(),
        direction,
        kind,
        body,
        at,
        status: (direction == Direction::Out).then_some(Status::Sent),
        media_filename: None,
        media_path: None,
    }
}

fn chat(name: Option<&str>) -> HistoryChat {
    HistoryChat { key: ContactKey::Phone("491512345678".into()), name: name.map(str::to_string) }
}

fn history() -> Vec<HistoryMessage<'static>> {
    vec![
        row("i:1", Direction::In, Kind::Text, "hola", 1_000),
        row("i:2", Direction::Out, Kind::Text, "buenas", 2_000),
        row("i:3", Direction::In, Kind::System, "changed their number", 3_000),
    ]
}

#[test]
fn history_is_stored_once_and_a_second_import_counts_duplicates() {
    let mut store = Store::open_in_memory().unwrap();
    let first = store.import_history(&chat(Some("Ana")), &history(), &mut |_| {}).unwrap();
    assert_eq!((first.inserted, first.duplicates), (3, 0));
    let again = store.import_history(&chat(Some("Ana")), &history(), &mut |_| {}).unwrap();
    assert_eq!((again.inserted, again.duplicates), (0, 3));
    let rows = store.messages(first.chat_id, 10, None).unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|m| m.origin == Origin::Import));
    assert_eq!(rows[1].status, Some(Status::Sent));
}

#[test]
fn history_moves_the_preview_and_window_but_not_unread_or_status() {
    let mut store = Store::open_in_memory().unwrap();
    let out = store.import_history(&chat(None), &history(), &mut |_| {}).unwrap();
    let c = store.chat(out.chat_id).unwrap();
    assert_eq!(c.unread, 0);
    assert_eq!(c.status, ChatStatus::Open);
    assert_eq!(c.last_at, 3_000);
    assert_eq!(c.preview.as_deref(), Some("changed their number"));
    assert_eq!(c.last_inbound_at, Some(1_000), "a system line is not the customer writing");
}

#[test]
fn an_export_name_fills_an_empty_profile_name_but_never_replaces_one() {
    let mut store = Store::open_in_memory().unwrap();
    store.import_history(&chat(Some("Ana (export)")), &history(), &mut |_| {}).unwrap();
    let key = ContactKey::Phone("491512345678".into());
    assert_eq!(store.contact(&key).unwrap().unwrap().profile_name.as_deref(), Some("Ana (export)"));
    store.import_history(&chat(Some("Someone else")), &[], &mut |_| {}).unwrap();
    assert_eq!(store.contact(&key).unwrap().unwrap().profile_name.as_deref(), Some("Ana (export)"));
}

#[test]
fn older_history_leaves_a_newer_preview_in_place() {
    let mut store = Store::open_in_memory().unwrap();
    let key = ContactKey::Phone("491512345678".into());
    let live = crate::store::NewMessage::text(key, "live and new", 10_000);
    store.insert_messages(&[live]).unwrap();
    let out = store.import_history(&chat(None), &history(), &mut |_| {}).unwrap();
    let c = store.chat(out.chat_id).unwrap();
    assert_eq!((c.last_at, c.preview.as_deref()), (10_000, Some("live and new")));
    assert_eq!(c.unread, 1, "only the live message is unread");
}

#[test]
fn progress_ends_at_the_number_of_rows() {
    let mut store = Store::open_in_memory().unwrap();
    let mut seen = Vec::new();
    store.import_history(&chat(None), &history(), &mut |n| seen.push(n)).unwrap();
    assert_eq!(seen.first(), Some(&0));
    assert_eq!(seen.last(), Some(&3));
}

#[test]
fn duplicates_are_counted_across_many_statements() {
    let mut store = Store::open_in_memory().unwrap();
    let ids: Vec<String> = (0..CHUNK * 3 + 7).map(|i| format!("i:{i}")).collect();
    let make = |range: std::ops::Range<usize>| -> Vec<HistoryMessage<'_>> {
        ids[range].iter().map(|id| row(id, Direction::In, Kind::Text, "hi", 5)).collect()
    };
    let first = store.import_history(&chat(None), &make(0..CHUNK + 1), &mut |_| {}).unwrap();
    assert_eq!((first.inserted, first.duplicates), (CHUNK + 1, 0));
    let second = store.import_history(&chat(None), &make(0..ids.len()), &mut |_| {}).unwrap();
    assert_eq!((second.inserted, second.duplicates), (ids.len() - CHUNK - 1, CHUNK + 1));
    assert_eq!(store.messages(first.chat_id, usize::MAX, None).unwrap().len(), ids.len());
}

#[test]
fn several_chats_share_statements_and_each_is_moved_to_its_own_newest_row() {
    let mut store = Store::open_in_memory().unwrap();
    let ana = HistoryChat { key: ContactKey::Phone("491510000001".into()), name: Some("Ana".into()) };
    let bo = HistoryChat { key: ContactKey::Phone("491510000002".into()), name: None };
    let ids: Vec<String> = (0..CHUNK + 10).map(|i| format!("m:{i}")).collect();
    // Ana's rows fill more than one statement, so Bo's start inside Ana's last one.
    let ana_rows: Vec<HistoryMessage<'_>> = ids[..CHUNK + 5]
        .iter()
        .enumerate()
        .map(|(i, id)| row(id, Direction::In, Kind::Text, "ana", 1_000 + i as i64))
        .collect();
    let bo_rows: Vec<HistoryMessage<'_>> =
        vec![row(&ids[CHUNK + 5], Direction::In, Kind::Text, "bo first", 50), {
            let mut out = row(&ids[CHUNK + 6], Direction::Out, Kind::Text, "bo reply", 60);
            out.status = Some(Status::Read);
            out
        }];
    let batch = [(&ana, ana_rows.as_slice()), (&bo, bo_rows.as_slice())];
    assert_eq!(store.import_histories(&batch).unwrap(), CHUNK + 7);
    assert_eq!(store.import_histories(&batch).unwrap(), 0, "a second time adds nothing");
    let ana_id = store.require_chat(&ana.key).unwrap();
    let bo_id = store.require_chat(&bo.key).unwrap();
    let (a, b) = (store.chat(ana_id).unwrap(), store.chat(bo_id).unwrap());
    assert_eq!(
        (a.last_at, a.preview.as_deref(), a.last_inbound_at),
        (1_000 + CHUNK as i64 + 4, Some("ana"), Some(1_000 + CHUNK as i64 + 4))
    );
    assert_eq!((b.last_at, b.preview.as_deref(), b.last_inbound_at), (60, Some("bo reply"), Some(50)));
    assert_eq!(store.messages(ana_id, usize::MAX, None).unwrap().len(), CHUNK + 5);
    assert_eq!(store.messages(bo_id, usize::MAX, None).unwrap().len(), 2);
    assert_eq!(store.contact(&ana.key).unwrap().unwrap().profile_name.as_deref(), Some("Ana"));
    assert!(store.verify_tallies().unwrap().is_empty());
}
