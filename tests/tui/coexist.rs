//! The WhatsApp Business app beside wabi: replies sent from the phone and the history sync.

use super::*;
use wabi::model::{Direction, Kind, Origin};
use wabi::store::{Effect, HistoryChange, HistoryRow, InboundChange, WebhookChange};

#[test]
fn a_phone_reply_shows_in_the_chat_marked_phone_and_the_history_sync_in_the_status_bar() {
    let mut store = Store::open_in_memory().unwrap();
    let customer = ContactKey::Phone("34600000001".into());
    let mut question =
        wabi::store::NewMessage::text(customer.clone(), "¿Entregáis el sábado?", NOW - 120_000);
    question.external_id = Some("wamid.Q".into());
    let mut reply = wabi::store::NewMessage::text(customer.clone(), "Sí, de 10 a 14", NOW - 60_000);
    (reply.external_id, reply.direction, reply.origin, reply.status) =
        (Some("wamid.E".into()), Direction::Out, Origin::Phone, Some(Status::Sent));
    let echo = WebhookChange::Echo(InboundChange {
        message: reply,
        user_id: None,
        forwarded: 0,
        effect: Effect::New,
        extras: Default::default(),
    });
    let old = HistoryRow {
        external_id: "wamid.H".into(),
        direction: Direction::In,
        kind: Kind::Text,
        body: "hola".into(),
        at: NOW - 86_400_000,
        status: None,
        media: None,
    };
    let chunk = WebhookChange::History(HistoryChange {
        phase: Some(1),
        progress: Some(55),
        threads: vec![(customer, vec![old])],
        ..HistoryChange::default()
    });
    store.insert_messages(&[question]).unwrap();
    store.apply_webhook(&[&[echo, chunk]]).unwrap();
    let mut h = Harness::with_store(store, 120, 30);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Sí, de 10 a 14"), "{screen}");
    assert!(screen.contains("· phone ✓"), "the reply is marked as sent from the phone: {screen}");
    assert!(screen.contains("history 55% · phase 1"), "{screen}");
}
