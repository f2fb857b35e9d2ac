use super::*;
use crate::transport::cloud::webhook::parse as parse_body;
use serde_json::json;

fn body(history: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({"entry": [{"changes": [{"field": "history", "value": {
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "PNID"},
        "history": history}}]}]}))
    .unwrap()
}

fn chunks(history: Value) -> Vec<WebhookEvent> {
    parse_body(&body(history)).unwrap()
}

#[test]
fn the_fixture_chunk_reads_directions_statuses_and_the_placeholder() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/cloud-api/coexistence/history.json");
    let Ok(text) = std::fs::read(path) else { return };
    let events = parse_body(&text).unwrap();
    let [WebhookEvent::History(chunk)] = events.as_slice() else { panic!("{events:?}") };
    assert_eq!((chunk.phase, chunk.chunk_order, chunk.progress), (Some(1), Some(2), Some(55)));
    let [thread] = chunk.threads.as_slice() else { panic!() };
    assert_eq!(thread.customer, "16505551234");
    let seen: Vec<(bool, Kind, Option<Status>)> =
        thread.messages.iter().map(|m| (m.outbound, m.kind, m.status)).collect();
    assert_eq!(
        seen,
        [(false, Kind::Text, None), (true, Kind::Text, Some(Status::Delivered)), (false, Kind::Media, None)]
    );
    assert_eq!(thread.messages[1].body, "Yes, from 25 EUR a dozen.");
    assert_eq!(thread.messages[0].at, 1_738_346_006_000);
    assert!(chunk.skipped.is_empty() && chunk.declined.is_none());
}

#[test]
fn a_declined_history_says_why() {
    let events =
        chunks(json!([{"errors": [{"code": 2593109, "title": "History sharing declined by the business",
        "error_data": {"details": "The business declined to share its chat history."}}]}]));
    let [WebhookEvent::History(chunk)] = events.as_slice() else { panic!() };
    assert_eq!(
        chunk.declined.as_deref(),
        Some(
            "History sharing declined by the business (2593109): The business declined to share its chat history."
        )
    );
    assert!(chunk.threads.is_empty());
}

#[test]
fn bad_items_are_skipped_and_listed_and_the_rest_kept() {
    let events = chunks(json!([
        "nonsense",
        {"metadata": {"phase": "2", "progress": 140}, "threads": [
            {"messages": [{"id": "w.lost", "type": "text"}]},
            {"id": "34600111222", "messages": [
                {"from": "34600111222", "type": "text", "text": {"body": "no id"}},
                {"id": "w.ok", "from": "34600111222", "timestamp": "1700000000", "type": "text", "text": {"body": "hi"}},
                {"id": "w.out", "to": "34600111222", "timestamp": "1700000001", "type": "image",
                 "image": {"id": "MEDIA1", "mime_type": "image/jpeg"}}
            ]}
        ]}
    ]));
    assert!(matches!(&events[0], WebhookEvent::Skipped { field: "history", .. }));
    let WebhookEvent::History(chunk) = &events[1] else { panic!() };
    assert_eq!((chunk.phase, chunk.progress, chunk.skipped.len()), (Some(2), Some(100), 2));
    let [thread] = chunk.threads.as_slice() else { panic!() };
    let [inbound, outbound] = thread.messages.as_slice() else { panic!() };
    assert!(!inbound.outbound && outbound.outbound);
    assert_eq!((outbound.kind, outbound.status), (Kind::Image, Some(Status::Sent)));
    assert_eq!(outbound.media.as_ref().map(|m| m.id.as_str()), Some("MEDIA1"));
}

#[test]
fn a_thread_named_by_a_user_id_keeps_it_rather_than_its_digits() {
    let events = chunks(json!([{"threads": [{"id": "US.13491208655302741918", "messages": [
        {"from_user_id": "US.13491208655302741918", "id": "w.u", "timestamp": "1700000000", "type": "text",
         "text": {"body": "hi"}}]}]}]));
    let WebhookEvent::History(chunk) = &events[0] else { panic!() };
    let t = &chunk.threads[0];
    assert_eq!(
        (t.customer.as_str(), t.by_user_id, t.messages[0].outbound),
        ("US.13491208655302741918", true, false)
    );
}
