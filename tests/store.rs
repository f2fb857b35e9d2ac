//! The store on a temporary SQLite file: inbound, outbox, statuses, lease, automation log, worker.

mod common;

use std::time::{Duration, Instant};

use wabi::model::{Origin, Status};
use wabi::store::lease::LeaseOutcome;
use wabi::store::{ContactKey, InsertOutcome, NewMessage, NewOutbound, Store, now_ms};
use wabi::transport::{SendResult, Transport};
use wabi::worker::{Worker, WorkerEvent};

fn phone(p: &str) -> ContactKey {
    ContactKey::Phone(p.into())
}

fn inbound(from: &str, id: &str, body: &str, at: i64) -> NewMessage {
    let mut m = NewMessage::text(phone(from), body, at);
    m.external_id = Some(id.into());
    m
}

#[test]
fn a_batch_is_one_transaction_and_redelivery_is_a_no_op() {
    let s = common::Sandbox::new();
    let mut store = Store::open(&s.db()).unwrap();
    let batch = [
        inbound("34600000001", "w1", "a", 1),
        inbound("34600000002", "w2", "b", 2),
        inbound("34600000001", "w3", "c", 3),
    ];
    let out = store.insert_messages(&batch).unwrap();
    assert!(out.iter().all(|o| matches!(o, InsertOutcome::Inserted { .. })));
    let again = store.insert_messages(&batch).unwrap();
    assert!(again.iter().all(|o| matches!(o, InsertOutcome::Duplicate { .. })));
    let chat = store.require_chat(&phone("34600000001")).unwrap();
    assert_eq!(store.messages(chat, 10, None).unwrap().len(), 2);
    assert_eq!(store.chat(chat).unwrap().unread, 2, "a redelivery does not count as unread again");
}

#[test]
fn a_customer_message_reopens_a_done_chat() {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_messages(&[inbound("34600000001", "w1", "a", 1)]).unwrap();
    let chat = store.require_chat(&phone("34600000001")).unwrap();
    store.set_chat_status(chat, wabi::model::ChatStatus::Done, None).unwrap();
    store.insert_messages(&[inbound("34600000001", "w2", "again", 2)]).unwrap();
    assert_eq!(store.chat(chat).unwrap().status, wabi::model::ChatStatus::Open);
}

#[test]
fn status_only_moves_forward() {
    let mut store = Store::open_in_memory().unwrap();
    let chat = store.ensure_chat(&phone("34600000001")).unwrap();
    let id = store
        .queue_outbound(&NewOutbound {
            chat_id: chat,
            body: "hi".into(),
            origin: Origin::Operator,
            reply_to: None,
        })
        .unwrap();
    let claimed = store.claim_outbox(now_ms(), 10).unwrap();
    assert_eq!(claimed.len(), 1);
    assert!(store.claim_outbox(now_ms(), 10).unwrap().is_empty(), "a claimed message is not claimed twice");
    store.mark_sent(id, "wamid.out", now_ms()).unwrap();
    assert!(store.apply_status("wamid.out", Status::Read, 5, None).unwrap());
    assert!(!store.apply_status("wamid.out", Status::Delivered, 6, None).unwrap(), "late delivered");
    assert!(!store.apply_status("wamid.out", Status::Sent, 7, None).unwrap());
    assert_eq!(store.message(id).unwrap().unwrap().status, Some(Status::Read));
}

#[test]
fn failed_keeps_its_code_and_reason_and_is_terminal() {
    let mut store = Store::open_in_memory().unwrap();
    let chat = store.ensure_chat(&phone("34600000001")).unwrap();
    let id = store
        .queue_outbound(&NewOutbound {
            chat_id: chat,
            body: "hi".into(),
            origin: Origin::Api,
            reply_to: None,
        })
        .unwrap();
    store.claim_outbox(now_ms(), 10).unwrap();
    store.mark_sent(id, "wamid.f", 1).unwrap();
    assert!(
        store.apply_status("wamid.f", Status::Failed, 2, Some((131047, "Re-engagement message"))).unwrap()
    );
    assert!(!store.apply_status("wamid.f", Status::Read, 3, None).unwrap());
    let m = store.message(id).unwrap().unwrap();
    assert_eq!(
        (m.status, m.error_code, m.error_reason.as_deref()),
        (Some(Status::Failed), Some(131047), Some("Re-engagement message"))
    );
    assert!(store.resend(id).unwrap(), "the operator can queue a failed message again");
}

#[test]
fn a_retry_waits_for_its_time() {
    let mut store = Store::open_in_memory().unwrap();
    let chat = store.ensure_chat(&phone("34600000001")).unwrap();
    let id = store
        .queue_outbound(&NewOutbound {
            chat_id: chat,
            body: "hi".into(),
            origin: Origin::Api,
            reply_to: None,
        })
        .unwrap();
    let now = now_ms();
    store.claim_outbox(now, 10).unwrap();
    store.retry_later(id, now + 4_000, "rate limited").unwrap();
    assert!(store.claim_outbox(now + 1_000, 10).unwrap().is_empty());
    assert_eq!(store.claim_outbox(now + 4_000, 10).unwrap().len(), 1);
}

#[test]
fn the_lease_has_one_holder_until_it_expires() {
    // Process ids above Linux's pid_max, so no running process has them.
    const A: i64 = 2_000_000_001;
    const B: i64 = 2_000_000_002;
    let s = common::Sandbox::new();
    let mut a = Store::open(&s.db()).unwrap();
    let mut b = Store::open(&s.db()).unwrap();
    assert_eq!(
        a.acquire_lease("wabi serve", A, 1_000, 10_000).unwrap(),
        LeaseOutcome::Held { taken_over: true }
    );
    assert!(
        matches!(b.acquire_lease("wabi tui", B, 2_000, 10_000).unwrap(), LeaseOutcome::HeldBy(l) if l.pid == A)
    );
    assert_eq!(
        a.acquire_lease("wabi serve", A, 3_000, 10_000).unwrap(),
        LeaseOutcome::Held { taken_over: false }
    );
    assert_eq!(
        b.acquire_lease("wabi tui", B, 13_001, 10_000).unwrap(),
        LeaseOutcome::Held { taken_over: true }
    );
}

#[test]
#[cfg(target_os = "linux")]
fn a_lapsed_lease_of_a_running_process_is_kept_for_the_grace_period() {
    use wabi::store::lease::GRACE_MS;
    // A real running process stands for a holder that could not renew (the store was locked).
    let mut child = std::process::Command::new("sleep").arg("30").spawn().unwrap();
    let live = i64::from(child.id());
    let s = common::Sandbox::new();
    let mut a = Store::open(&s.db()).unwrap();
    let mut b = Store::open(&s.db()).unwrap();
    a.acquire_lease("wabi serve", live, 1_000, 10_000).unwrap();
    let lapsed = 11_001;
    assert!(matches!(
        b.acquire_lease("wabi", 2_000_000_002, lapsed, 10_000).unwrap(),
        LeaseOutcome::HeldBy(_)
    ));
    assert!(matches!(
        b.acquire_lease("wabi", 2_000_000_002, 11_000 + GRACE_MS - 1, 10_000).unwrap(),
        LeaseOutcome::HeldBy(_)
    ));
    assert_eq!(
        b.acquire_lease("wabi", 2_000_000_002, 11_000 + GRACE_MS, 10_000).unwrap(),
        LeaseOutcome::Held { taken_over: true }
    );
    // Once the process is gone, a lapsed lease is taken at once.
    child.kill().unwrap();
    child.wait().unwrap();
    let mut c = Store::open(&s.db()).unwrap();
    c.acquire_lease("wabi serve", live, 200_000, 10_000).unwrap();
    assert_eq!(
        b.acquire_lease("wabi", 2_000_000_002, 210_001, 10_000).unwrap(),
        LeaseOutcome::Held { taken_over: true }
    );
}

#[test]
fn an_automatic_message_is_queued_once_per_chat_kind_and_period() {
    let mut store = Store::open_in_memory().unwrap();
    let chat = store.ensure_chat(&phone("34600000001")).unwrap();
    let away =
        NewOutbound { chat_id: chat, body: "We are closed".into(), origin: Origin::Away, reply_to: None };
    assert!(store.queue_automatic("away", "closed:2026-11-20T17:00:00Z", &away).unwrap().is_some());
    assert!(store.queue_automatic("away", "closed:2026-11-20T17:00:00Z", &away).unwrap().is_none());
    assert!(store.queue_automatic("away", "closed:2026-11-21T17:00:00Z", &away).unwrap().is_some());
    assert_eq!(store.messages(chat, 10, None).unwrap().len(), 2);
}

/// A transport that accepts everything at once.
struct Accept;
impl Transport for Accept {
    fn name(&self) -> &'static str {
        "accept"
    }
    fn send(&mut self, item: &wabi::store::OutboxItem) -> SendResult {
        SendResult::Sent { external_id: format!("ok.{}", item.id) }
    }
}

#[test]
fn the_worker_sends_what_another_process_queued_within_a_second() {
    let s = common::Sandbox::new();
    let store = Store::open(&s.db()).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = Worker {
        store,
        transport: Box::new(Accept),
        holder: "test".into(),
        automation: None,
        standby_for: None,
    };
    let handle = worker.spawn(tx).unwrap();
    assert!(matches!(rx.recv_timeout(Duration::from_secs(5)), Ok(WorkerEvent::Active { .. })));

    let mut other = Store::open(&s.db()).unwrap();
    let chat = other.ensure_chat(&phone("34600000001")).unwrap();
    let id = other
        .queue_outbound(&NewOutbound {
            chat_id: chat,
            body: "hi".into(),
            origin: Origin::Api,
            reply_to: None,
        })
        .unwrap();
    let start = Instant::now();
    while other.message(id).unwrap().unwrap().status != Some(Status::Sent) {
        assert!(start.elapsed() < Duration::from_secs(1), "not sent within a second");
        std::thread::sleep(Duration::from_millis(20));
    }
    handle.stop();
    assert!(other.lease().unwrap().is_none(), "a stopped worker releases its lease");
}

#[test]
fn a_message_left_sending_by_a_dead_process_is_failed_not_resent() {
    let s = common::Sandbox::new();
    let mut store = Store::open(&s.db()).unwrap();
    let chat = store.ensure_chat(&phone("34600000001")).unwrap();
    let id = store
        .queue_outbound(&NewOutbound {
            chat_id: chat,
            body: "hi".into(),
            origin: Origin::Api,
            reply_to: None,
        })
        .unwrap();
    store.acquire_lease("dead", 999_999, 0, 1).unwrap();
    store.claim_outbox(now_ms(), 10).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = Worker {
        store,
        transport: Box::new(Accept),
        holder: "test".into(),
        automation: None,
        standby_for: None,
    };
    let handle = worker.spawn(tx).unwrap();
    assert!(matches!(
        rx.recv_timeout(Duration::from_secs(5)),
        Ok(WorkerEvent::StoreChanged | WorkerEvent::Active { .. })
    ));
    handle.stop();
    let m = Store::open(&s.db()).unwrap().message(id).unwrap().unwrap();
    assert_eq!(m.status, Some(Status::Failed));
    assert_eq!(m.error_reason.as_deref(), Some("unknown — check on the phone"));
}
