//! A broadcast through the Cloud API transport: the worker sends the queued copies to a fake Graph
//! API on 127.0.0.1, and the figures follow the statuses.

use std::time::Duration;

use wabi::broadcast::Pacing;
use wabi::config::CloudConfig;
use wabi::model::Status;
use wabi::store::{BroadcastPlan, ContactKey, NewMessage, OutboundTemplate, Store, now_ms};
use wabi::transport::cloud::{CloudTransport, Secret};
use wabi::worker::Worker;

use crate::fake_graph::FakeGraph;
use crate::support::{ACCESS_TOKEN, eventually};

const INSIDE: &str = "34600111001";
const OPTED_OUT: &str = "34600111002";
const OUTSIDE: &str = "34600111003";

fn phone(p: &str) -> ContactKey {
    ContactKey::Phone(p.into())
}

#[test]
fn the_worker_sends_text_inside_the_window_and_the_template_outside_and_nothing_to_opted_out() {
    let graph = FakeGraph::start();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("wabi.db")).unwrap();
    let now = now_ms();
    store
        .insert_messages(&[
            NewMessage::text(phone(INSIDE), "hola", now - 60_000),
            NewMessage::text(phone(OPTED_OUT), "STOP", now - 60_000),
            NewMessage::text(phone(OUTSIDE), "hi", now - 3 * 86_400_000),
        ])
        .unwrap();
    store.create_list("All").unwrap();
    store.add_members("All", &[phone(INSIDE), phone(OPTED_OUT), phone(OUTSIDE)]).unwrap();
    let template = OutboundTemplate {
        name: "offer".into(),
        language: "en_US".into(),
        params: vec!["20%".into()],
        ..Default::default()
    };
    let plan = BroadcastPlan {
        text: Some("Sale today".into()),
        template: Some(template),
        require_opt_in: false,
        window: true,
        pacing: Pacing { interval_ms: 50, recipient_gap_ms: 6000 },
        now,
        placeholders: Default::default(),
    };
    let id = store.send_broadcast("All", &plan).unwrap();

    let config =
        CloudConfig { phone_number_id: "PNID".into(), graph_url: graph.url(), ..CloudConfig::default() };
    let transport =
        CloudTransport::new(&config, Secret::new(ACCESS_TOKEN)).with_backoff(|_| Duration::from_millis(50));
    let worker = Worker {
        store: Store::open(&dir.path().join("wabi.db")).unwrap(),
        transport: Box::new(transport),
        holder: "test".into(),
        automation: None,
        standby_for: None,
    };
    let (tx, _events) = std::sync::mpsc::channel();
    let _handle = worker.spawn(tx).unwrap();
    eventually("both copies sent", || store.broadcast_figures(id).unwrap().sent == 2);

    let posts = graph.posts();
    let to = |p: &str| posts.iter().find(|r| r.body["to"] == p).map(|r| r.body["type"].clone());
    assert_eq!(to(INSIDE), Some("text".into()));
    assert_eq!(to(OUTSIDE), Some("template".into()));
    assert_eq!(to(OPTED_OUT), None);
    assert_eq!(posts.len(), 2);

    let sent = store.messages(store.require_chat(&phone(INSIDE)).unwrap(), 10, None).unwrap();
    let external =
        sent.iter().rev().find_map(|m| m.external_id.clone().filter(|_| m.status == Some(Status::Sent)));
    store.apply_status(&external.unwrap(), Status::Read, now_ms(), None).unwrap();
    let figures = store.broadcast_figures(id).unwrap();
    assert_eq!((figures.sent, figures.delivered, figures.read, figures.queued), (2, 1, 1, 0));
    assert_eq!(figures.skipped_total(), 1);
}
