//! Compiled only under #[cfg(test)], from its parent module.
use super::*;
use crate::model::ChatStatus;
use crate::store::{ContactChange, Effect, InboundChange, NewMessage, WebhookChange};

const CUSTOMER: &str = "16505551234";

fn row(id: &str, direction: Direction, body: &str, at: i64) -> HistoryRow {
    let status = (direction == Direction::Out).then_some(Status::Delivered);
    HistoryRow {
        external_id: id.into(),
        direction,
        kind: Kind::Text,
        body: body.into(),
        at,
        status,
        media: None,
    }
}

fn chunk(progress: i64, rows: Vec<HistoryRow>) -> WebhookChange {
    WebhookChange::History(HistoryChange {
        phase: Some(1),
        progress: Some(progress),
        threads: vec![(ContactKey::Phone(CUSTOMER.into()), rows)],
        ..HistoryChange::default()
    })
}

fn apply(store: &mut Store, change: WebhookChange) -> WebhookSummary {
    store.apply_webhook(&[&[change]]).unwrap()
}

fn chat_id(store: &Store) -> i64 {
    store.conn().query_row("SELECT id FROM chats", [], |r| r.get(0)).unwrap()
}

#[test]
fn chunks_twice_and_out_of_order_store_each_message_once_read_and_exact() {
    let mut store = Store::open_in_memory().unwrap();
    let first = || {
        chunk(
            30,
            vec![
                row("w.1", Direction::In, "red roses?", 1_000_000),
                row("w.2", Direction::Out, "yes", 1_060_000),
            ],
        )
    };
    let second = || chunk(60, vec![row("w.3", Direction::In, "thanks", 2_000_000)]);
    assert_eq!(apply(&mut store, second()).inserted, 1);
    assert_eq!(apply(&mut store, first()).inserted, 2);
    let again = apply(&mut store, first());
    assert_eq!((again.inserted, again.duplicates), (0, 2));
    let id = chat_id(&store);
    let rows = store.messages(id, 10, None).unwrap();
    let seen: Vec<(&str, Direction, Origin)> =
        rows.iter().map(|m| (m.body.as_str(), m.direction, m.origin)).collect();
    assert_eq!(
        seen,
        [
            ("red roses?", Direction::In, Origin::History),
            ("yes", Direction::Out, Origin::History),
            ("thanks", Direction::In, Origin::History)
        ]
    );
    assert_eq!(rows[1].status, Some(Status::Delivered));
    let chat = store.chat(id).unwrap();
    assert_eq!((chat.unread, chat.status, chat.last_at), (0, ChatStatus::Open, 2_000_000));
    assert_eq!(store.verify_tallies().unwrap(), Vec::<String>::new());
    let sync = store.history_sync().unwrap().unwrap();
    assert_eq!((sync.phase, sync.progress, sync.chunks, sync.messages), (Some(1), 60, 3, 3));
}

#[test]
fn a_chunk_never_changes_a_message_wabi_sent_and_never_reopens_a_chat() {
    let mut store = Store::open_in_memory().unwrap();
    let mut sent = NewMessage::text(ContactKey::Phone(CUSTOMER.into()), "from wabi", 5_000);
    (sent.external_id, sent.direction, sent.origin, sent.status) =
        (Some("w.mine".into()), Direction::Out, Origin::Operator, Some(Status::Read));
    store.insert_messages(&[sent]).unwrap();
    let id = chat_id(&store);
    store.set_chat_status(id, ChatStatus::Done, None).unwrap();
    let mut forged = row("w.mine", Direction::In, "rewritten", 5_000);
    forged.media = Some(("MEDIA".into(), None, None));
    apply(&mut store, chunk(10, vec![forged, row("w.new", Direction::In, "old question", 4_000)]));
    let rows = store.messages(id, 10, None).unwrap();
    let mine = rows.iter().find(|m| m.external_id.as_deref() == Some("w.mine")).unwrap();
    assert_eq!(
        (mine.body.as_str(), mine.direction, mine.origin),
        ("from wabi", Direction::Out, Origin::Operator)
    );
    let media: Option<String> = store
        .conn()
        .query_row("SELECT media_id FROM messages WHERE external_id = 'w.mine'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(media, None);
    assert_eq!(store.chat(id).unwrap().status, ChatStatus::Done);
}

#[test]
fn a_placeholder_takes_its_media_when_a_later_chunk_brings_it() {
    let mut store = Store::open_in_memory().unwrap();
    let mut placeholder = row("w.m", Direction::In, "[media not synced yet]", 1_000);
    placeholder.kind = Kind::Media;
    apply(&mut store, chunk(10, vec![placeholder]));
    let mut image = row("w.m", Direction::In, "[image]", 1_000);
    (image.kind, image.media) = (Kind::Image, Some(("MEDIA7".into(), Some("image/jpeg".into()), None)));
    apply(&mut store, chunk(90, vec![image]));
    let (kind, body, media): (String, String, String) = store
        .conn()
        .query_row("SELECT kind, body, media_id FROM messages WHERE external_id = 'w.m'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((kind.as_str(), body.as_str(), media.as_str()), ("image", "[image]", "MEDIA7"));
}

#[test]
fn history_of_a_chat_imported_from_an_export_adds_only_what_the_export_lacks() {
    let mut store = Store::open_in_memory().unwrap();
    let chat = crate::store::HistoryChat { key: ContactKey::Phone(CUSTOMER.into()), name: None };
    // The export has minutes only: 10:03 for a message history dates 10:03:41.
    let minute = 1_738_346_580_000;
    let exported = crate::store::HistoryMessage {
        external_id: "import:x:1".into(),
        direction: Direction::In,
        kind: Kind::Text,
        body: "red roses?",
        at: minute,
        status: None,
        media_filename: None,
        media_path: None,
    };
    store.import_history(&chat, &[exported], &mut |_| {}).unwrap();
    let summary = apply(
        &mut store,
        chunk(
            50,
            vec![
                row("w.1", Direction::In, "red roses?", minute + 41_000),
                row("w.2", Direction::Out, "red roses?", minute + 50_000),
            ],
        ),
    );
    assert_eq!((summary.inserted, summary.duplicates), (1, 1));
    assert_eq!(store.messages(chat_id(&store), 10, None).unwrap().len(), 2);
}

#[test]
fn a_declined_history_is_recorded_not_an_error() {
    let mut store = Store::open_in_memory().unwrap();
    let declined = HistoryChange {
        declined: Some("History sharing declined (2593109)".into()),
        ..HistoryChange::default()
    };
    apply(&mut store, WebhookChange::History(declined));
    let sync = store.history_sync().unwrap().unwrap();
    assert_eq!((sync.declined.as_deref(), sync.messages), (Some("History sharing declined (2593109)"), 0));
}

fn echo(id: &str, body: &str, at: i64, effect: Effect) -> WebhookChange {
    let mut m = NewMessage::text(ContactKey::Phone(CUSTOMER.into()), body, at);
    (m.external_id, m.direction, m.origin, m.status) =
        (Some(id.into()), Direction::Out, Origin::Phone, Some(Status::Sent));
    WebhookChange::Echo(InboundChange {
        message: m,
        user_id: None,
        forwarded: 0,
        effect,
        extras: Default::default(),
    })
}

#[test]
fn an_echo_is_a_phone_reply_that_answers_but_opens_no_window() {
    let mut store = Store::open_in_memory().unwrap();
    let mut hello = NewMessage::text(ContactKey::Phone(CUSTOMER.into()), "hello?", 1_000_000);
    hello.external_id = Some("w.in".into());
    store.insert_messages(&[hello]).unwrap();
    apply(&mut store, echo("w.e1", "Yes, we deliver", 1_090_000, Effect::New));
    assert_eq!(apply(&mut store, echo("w.e1", "Yes, we deliver", 1_090_000, Effect::New)).duplicates, 1);
    let id = chat_id(&store);
    let chat = store.chat(id).unwrap();
    assert_eq!((chat.last_inbound_at, chat.unread), (Some(1_000_000), 1));
    let rows = store.messages(id, 10, None).unwrap();
    assert_eq!(
        (rows[1].origin, rows[1].status, rows[1].direction),
        (Origin::Phone, Some(Status::Sent), Direction::Out)
    );
    let seconds: i64 =
        store.conn().query_row("SELECT seconds FROM response_times", [], |r| r.get(0)).unwrap();
    assert_eq!(seconds, 90);
    apply(&mut store, echo("w.e2", "Yes, on Saturdays", 1_100_000, Effect::Edit { original: "w.e1".into() }));
    apply(&mut store, echo("w.e3", "", 1_200_000, Effect::Delete { original: "w.e1".into() }));
    let rows = store.messages(id, 10, None).unwrap();
    assert_eq!((rows.len(), rows[1].body.as_str()), (2, "[message deleted]"));
    assert_eq!(store.verify_tallies().unwrap(), Vec::<String>::new());
}

#[test]
fn contacts_saved_on_the_phone_name_chats_and_removing_keeps_the_chat() {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_messages(&[NewMessage::text(ContactKey::Phone(CUSTOMER.into()), "hi", 1_000)]).unwrap();
    let saved = Some(("Pablo Morales".to_string(), Some("Pablo".to_string())));
    apply(
        &mut store,
        WebhookChange::Contact(ContactChange { phone: CUSTOMER.into(), saved: saved.clone(), at: 10 }),
    );
    apply(&mut store, WebhookChange::Contact(ContactChange { phone: "16505559999".into(), saved, at: 10 }));
    let id = chat_id(&store);
    assert_eq!(store.chat(id).unwrap().name, "Pablo Morales");
    let removed = |at| WebhookChange::Contact(ContactChange { phone: CUSTOMER.into(), saved: None, at });
    apply(&mut store, removed(5));
    assert_eq!(store.chat(id).unwrap().name, "Pablo Morales", "an older change arriving late is stale");
    apply(&mut store, removed(20));
    assert_eq!(store.chat(id).unwrap().saved_name, None);
    let chats: i64 = store.conn().query_row("SELECT count(*) FROM chats", [], |r| r.get(0)).unwrap();
    assert_eq!(chats, 1, "a contact saved on the phone gets no empty chat");
}

#[test]
fn an_export_imported_after_the_history_sync_adds_only_what_the_sync_lacks() {
    let mut store = Store::open_in_memory().unwrap();
    let minute = 1_738_346_580_000;
    apply(&mut store, chunk(100, vec![row("w.1", Direction::In, "red roses?", minute + 41_000)]));
    let chat = crate::store::HistoryChat { key: ContactKey::Phone(CUSTOMER.into()), name: None };
    let exported = |id: &str, body: &'static str, at: i64| crate::store::HistoryMessage {
        external_id: id.into(),
        direction: Direction::In,
        kind: Kind::Text,
        body,
        at,
        status: None,
        media_filename: None,
        media_path: None,
    };
    let rows = [
        exported("import:x:1", "red roses?", minute),
        exported("import:x:2", "and tulips?", minute + 60_000),
    ];
    let outcome = store.import_history(&chat, &rows, &mut |_| {}).unwrap();
    assert_eq!((outcome.inserted, outcome.duplicates), (1, 1));
    assert_eq!(store.messages(chat_id(&store), 10, None).unwrap().len(), 2);
}
