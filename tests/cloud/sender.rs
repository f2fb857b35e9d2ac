//! The sender: the worker sends the outbox through a fake Graph API on 127.0.0.1.

use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use serde_json::json;
use wabi::config::CloudConfig;
use wabi::model::{Origin, Status};
use wabi::store::{ContactKey, NewMessage, NewOutbound, OutboundTemplate, Store};
use wabi::transport::cloud::{CloudTransport, Secret, media};
use wabi::worker::{Worker, WorkerEvent, WorkerHandle};

use crate::fake_graph::{FakeGraph, error};
use crate::support::*;

pub const CUSTOMER: &str = "34600111222";

pub fn config(graph: &FakeGraph) -> CloudConfig {
    CloudConfig { phone_number_id: "PNID".into(), graph_url: graph.url(), ..CloudConfig::default() }
}

/// A store with one chat in which the customer wrote `wamid.IN` a minute ago.
pub fn store_with_customer(dir: &Path) -> (Store, i64) {
    let mut store = Store::open(&dir.join("wabi.db")).unwrap();
    let mut m = NewMessage::text(
        ContactKey::Phone(CUSTOMER.into()),
        "do you deliver?",
        wabi::store::now_ms() - 60_000,
    );
    m.external_id = Some("wamid.IN".into());
    store.insert_messages(&[m]).unwrap();
    let chat = store.chat_id(&ContactKey::Phone(CUSTOMER.into())).unwrap().unwrap();
    (store, chat)
}

fn queue(store: &mut Store, chat_id: i64, body: &str, reply_to: Option<&str>) -> i64 {
    store
        .queue_outbound(&NewOutbound {
            chat_id,
            body: body.into(),
            origin: Origin::Operator,
            reply_to: reply_to.map(String::from),
        })
        .unwrap()
}

/// Runs a worker with the cloud transport (retries after 50 ms instead of Meta's seconds).
pub fn worker(dir: &Path, config: &CloudConfig) -> (WorkerHandle, Receiver<WorkerEvent>) {
    let transport =
        CloudTransport::new(config, Secret::new(ACCESS_TOKEN)).with_backoff(|_| Duration::from_millis(50));
    let worker = Worker {
        store: Store::open(&dir.join("wabi.db")).unwrap(),
        transport: Box::new(transport),
        holder: "test".into(),
        automation: None,
        standby_for: None,
    };
    let (tx, rx) = std::sync::mpsc::channel();
    (worker.spawn(tx).unwrap(), rx)
}

pub fn status_of(store: &Store, id: i64) -> Option<Status> {
    store.message(id).unwrap().unwrap().status
}

#[test]
fn reply_reaches_the_graph_api_with_path_token_and_json() {
    let graph = FakeGraph::start();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let id = queue(&mut store, chat, "Yes, tomorrow", Some("wamid.IN"));
    let (_worker, _events) = worker(dir.path(), &config(&graph));
    eventually("sent", || status_of(&store, id) == Some(Status::Sent));
    let row = store.message(id).unwrap().unwrap();
    assert_eq!(row.external_id.as_deref(), Some("wamid.OUT0"));
    let posts = graph.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].path, "/v25.0/PNID/messages");
    assert_eq!(posts[0].authorization.as_deref(), Some("Bearer test-access-token"));
    assert_eq!(posts[0].content_type.as_deref(), Some("application/json"));
    let expected = json!({"messaging_product": "whatsapp", "recipient_type": "individual",
        "to": CUSTOMER, "type": "text", "text": {"body": "Yes, tomorrow", "preview_url": false},
        "context": {"message_id": "wamid.IN"}});
    assert_eq!(posts[0].body, expected);
}

#[test]
fn re_engagement_error_131047_ends_in_failed_with_its_reason() {
    let graph = FakeGraph::start();
    graph.script([error(400, 131_047, "Re-engagement message")]);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let id = queue(&mut store, chat, "hello again", None);
    let (_worker, _events) = worker(dir.path(), &config(&graph));
    eventually("failed", || status_of(&store, id) == Some(Status::Failed));
    let row = store.message(id).unwrap().unwrap();
    assert_eq!(row.error_code, Some(131_047));
    assert_eq!(row.error_reason.as_deref(), Some("Re-engagement message"));
    assert_eq!(graph.posts().len(), 1);
}

#[test]
fn rate_limit_130429_is_retried_until_sent() {
    let graph = FakeGraph::start();
    graph.script([error(400, 130_429, "Rate limit hit"), error(400, 130_429, "Rate limit hit")]);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let id = queue(&mut store, chat, "thanks!", None);
    let (_worker, _events) = worker(dir.path(), &config(&graph));
    eventually("sent after retries", || status_of(&store, id) == Some(Status::Sent));
    assert_eq!(graph.posts().len(), 3);
    let attempts: i64 =
        store.conn().query_row("SELECT attempts FROM messages WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(attempts, 3);
}

#[test]
fn expired_token_190_pauses_sending_and_says_so() {
    let graph = FakeGraph::start();
    graph.script([error(401, 190, "Error validating access token: Session has expired")]);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let first = queue(&mut store, chat, "one", None);
    let second = queue(&mut store, chat, "two", None);
    let (_worker, events) = worker(dir.path(), &config(&graph));
    let paused = (0..100).find_map(|_| match events.recv_timeout(Duration::from_millis(100)) {
        Ok(WorkerEvent::Paused(reason)) => Some(reason),
        _ => None,
    });
    let reason = paused.expect("a Paused event");
    assert!(reason.contains("access token"), "{reason}");
    std::thread::sleep(Duration::from_millis(300));
    // One refusal pauses everything: the second message is not even tried.
    assert_eq!(graph.posts().len(), 1);
    assert_eq!(status_of(&store, first), Some(Status::Queued));
    assert_eq!(status_of(&store, second), Some(Status::Queued));
}

#[test]
fn template_message_is_sent_as_the_template_json() {
    let graph = FakeGraph::start();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let template = OutboundTemplate {
        name: "appointment_reminder".into(),
        language: "en_US".into(),
        params: vec!["Ana".into(), "10:30".into()],
        ..Default::default()
    };
    let id = store.queue_template(chat, &template, Origin::Api).unwrap();
    assert_eq!(store.message(id).unwrap().unwrap().body, "[template appointment_reminder: Ana, 10:30]");
    let (_worker, _events) = worker(dir.path(), &config(&graph));
    eventually("sent", || status_of(&store, id) == Some(Status::Sent));
    let expected = json!({"messaging_product": "whatsapp", "recipient_type": "individual",
        "to": CUSTOMER, "type": "template", "template": {"name": "appointment_reminder",
        "language": {"code": "en_US"}, "components": [{"type": "body", "parameters": [
            {"type": "text", "text": "Ana"}, {"type": "text", "text": "10:30"}]}]}});
    assert_eq!(graph.posts()[0].body, expected);
}

#[test]
fn network_error_leaves_the_message_queued_for_a_retry() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let config = CloudConfig {
        phone_number_id: "PNID".into(),
        graph_url: format!("http://{}", closed.local_addr().unwrap()),
        ..CloudConfig::default()
    };
    drop(closed);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let id = queue(&mut store, chat, "hi", None);
    let (worker, _events) = worker(dir.path(), &config);
    eventually("a failed attempt", || {
        store.message(id).unwrap().unwrap().error_reason.is_some_and(|r| r.starts_with("network"))
    });
    worker.stop();
    assert_eq!(status_of(&store, id), Some(Status::Queued));
}

#[test]
fn opened_chat_gets_a_read_receipt_when_mark_read_is_on() {
    let graph = FakeGraph::start();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let config = CloudConfig { mark_read: true, ..config(&graph) };
    let (_worker, _events) = worker(dir.path(), &config);
    std::thread::sleep(Duration::from_millis(400));
    assert!(graph.posts().is_empty(), "unread chats get no receipt");
    store.mark_read(chat).unwrap();
    eventually("a read receipt", || !graph.posts().is_empty());
    let expected = json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN"});
    assert_eq!(graph.posts()[0].body, expected);
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(graph.posts().len(), 1, "one receipt per new inbound message");
}

#[test]
fn writing_in_an_unread_chat_marks_it_read_with_a_typing_indicator_once_per_20_seconds() {
    let graph = FakeGraph::start();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let now = wabi::store::now_ms();
    assert!(store.note_typing(chat, now).unwrap());
    assert!(!store.note_typing(chat, now + 5_000).unwrap(), "at most once per 20 s");
    let without = CloudConfig { mark_read: false, ..config(&graph) };
    let (worker_off, _events) = worker(dir.path(), &without);
    std::thread::sleep(Duration::from_millis(400));
    assert!(graph.posts().is_empty(), "only with mark_read = true");
    worker_off.stop();
    let config = CloudConfig { mark_read: true, ..config(&graph) };
    let (_worker, _events) = worker(dir.path(), &config);
    eventually("a typing indicator", || !graph.posts().is_empty());
    let expected = json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN",
                          "typing_indicator": {"type": "text"}});
    assert_eq!(graph.posts()[0].body, expected);
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(graph.posts().len(), 1, "the typing indicator marked it read: no second receipt");
    assert!(!store.note_typing(chat, wabi::store::now_ms()).unwrap(), "sent just now");
    assert!(store.note_typing(chat, wabi::store::now_ms() + 21_000).unwrap());
}

#[test]
fn inbound_media_is_downloaded_on_demand_with_the_token() {
    let graph = FakeGraph::start();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("wabi.db")).unwrap();
    let mut m = NewMessage::text(ContactKey::Phone(CUSTOMER.into()), "[image]", 1);
    m.kind = wabi::model::Kind::Image;
    m.media_id = Some("MEDIA1".into());
    m.media_mime = Some("image/jpeg".into());
    let id = match store.insert_messages(&[m]).unwrap()[0] {
        wabi::store::InsertOutcome::Inserted { id, .. } => id,
        other => panic!("{other:?}"),
    };
    let media_dir = dir.path().join("media");
    let token = Secret::new(ACCESS_TOKEN);
    let path = media::fetch(&mut store, &config(&graph), &token, id, &media_dir).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "bytes of MEDIA1");
    assert_eq!(path, media_dir.join(format!("{id}.jpeg")));
    let gets = graph.requests();
    assert_eq!(gets[0].path, "/v25.0/MEDIA1");
    assert!(gets.iter().all(|r| r.authorization.as_deref() == Some("Bearer test-access-token")));
    // A second fetch uses the saved file.
    assert_eq!(media::fetch(&mut store, &config(&graph), &token, id, &media_dir).unwrap(), path);
    assert_eq!(graph.requests().len(), 2);
}
