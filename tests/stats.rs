//! Statistics: tallies kept by the store, summed per label over ranges of business days.

mod common;

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use wabi::config::DemoConfig;
use wabi::model::{Origin, Status};
use wabi::stats::DayRange;
use wabi::store::{ContactKey, NewMessage, NewOutbound, Store, now_ms};
use wabi::transport::demo::DemoTransport;
use wabi::worker::Worker;

fn at(rfc: &str) -> i64 {
    DateTime::parse_from_rfc3339(rfc).unwrap().timestamp_millis()
}

fn inbound(store: &mut Store, phone: &str, when: &str, text: &str) -> i64 {
    let m = NewMessage::text(ContactKey::Phone(phone.into()), text, at(when));
    store.insert_messages(&[m]).unwrap();
    store.require_chat(&ContactKey::Phone(phone.into())).unwrap()
}

fn range(text: &str) -> DayRange {
    DayRange::parse(
        text,
        DateTime::parse_from_rfc3339("2026-03-31T12:00:00Z").unwrap().with_timezone(&Utc),
        chrono_tz::Tz::UTC,
    )
    .unwrap()
}

fn figures<'a>(report: &'a wabi::stats::Report, label: &str) -> &'a wabi::stats::Figures {
    &report.labels.iter().find(|l| l.label == label).unwrap().figures
}

/// Three chats over several days: Ana (Paid), Bo (Paid, VIP), Cy (no label).
fn shop() -> Store {
    shop_in(Store::open_in_memory().unwrap())
}

fn shop_in(mut s: Store) -> Store {
    let ana = inbound(&mut s, "34600000001", "2026-03-01T09:00:00Z", "hola");
    inbound(&mut s, "34600000001", "2026-03-02T09:00:00Z", "¿y el pedido?");
    let bo = inbound(&mut s, "34600000002", "2026-03-02T10:00:00Z", "hi");
    inbound(&mut s, "34600000003", "2026-03-31T08:00:00Z", "hello");
    inbound(&mut s, "34600000003", "2026-01-15T08:00:00Z", "old, outside 30d");
    let vip = s.add_label("VIP", wabi::store::LabelColor(13)).unwrap();
    let paid = s.label_by_name("Paid").unwrap().id;
    s.assign_label(ana, paid).unwrap();
    s.assign_label(bo, paid).unwrap();
    s.assign_label(bo, vip).unwrap();
    s
}

#[test]
fn a_store_on_disk_reads_the_same_figures_with_its_second_connection() {
    // On disk, first responses and chat counts are read on a second connection in a second
    // thread; in memory, all on one. Both must give the same report.
    let dir = tempfile::tempdir().unwrap();
    let mut on_disk = shop_in(Store::open(&dir.path().join("wabi.db")).unwrap());
    let mut in_memory = shop();
    for s in [&mut on_disk, &mut in_memory] {
        let mut reply = NewMessage::text(
            ContactKey::Phone("34600000002".into()),
            "on its way",
            at("2026-03-02T10:30:00Z"),
        );
        reply.direction = wabi::model::Direction::Out;
        reply.origin = Origin::Operator;
        s.insert_messages(&[reply]).unwrap();
    }
    for r in ["30d", "all", "2026-03-02..2026-03-02"] {
        let disk = serde_json::to_value(on_disk.stats(&range(r), None).unwrap()).unwrap();
        let memory = serde_json::to_value(in_memory.stats(&range(r), None).unwrap()).unwrap();
        assert_eq!(disk, memory, "{r}");
    }
    let report = on_disk.stats(&range("30d"), None).unwrap();
    assert_eq!(figures(&report, "VIP").first_response_median_s, Some(1800));
    assert_eq!(report.unlabelled.first_response_median_s, None);
    assert_eq!((figures(&report, "Paid").chats, report.unlabelled.chats), (2, 1));
    // Closing the store checkpoints and removes the write-ahead log, second connection or not.
    drop(on_disk);
    assert!(!dir.path().join("wabi.db-wal").exists());
}

#[test]
fn a_label_sums_the_chats_that_carry_it_and_the_total_sums_all() {
    let s = shop();
    let report = s.stats(&range("30d"), None).unwrap();
    assert_eq!(report.range.from.as_deref(), Some("2026-03-02"));
    assert_eq!(report.range.to.as_deref(), Some("2026-03-31"));
    assert_eq!(report.total.counts.received, 3, "the 1 March and January messages are outside 30d");
    assert_eq!(figures(&report, "Paid").counts.received, 2);
    assert_eq!(figures(&report, "Paid").chats, 2);
    assert_eq!(figures(&report, "VIP").counts.received, 1);
    assert_eq!(report.unlabelled.counts.received, 1);
    assert_eq!(report.unlabelled.chats, 1);
    let all = s.stats(&range("all"), None).unwrap();
    assert_eq!(all.total.counts.received, 5);
    assert_eq!(all.total.new_chats, 3);
    assert_eq!(report.total.new_chats, 1, "only Bo's first message is in the last 30 days");
}

#[test]
fn range_edges_are_whole_business_days() {
    let s = shop();
    let r = DayRange {
        from: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    };
    assert_eq!(s.stats(&r, None).unwrap().total.counts.received, 2);
}

#[test]
fn unassigning_a_label_takes_the_chats_history_with_it() {
    let mut s = shop();
    let paid = s.label_by_name("Paid").unwrap().id;
    let ana = s.require_chat(&ContactKey::Phone("34600000001".into())).unwrap();
    s.unassign_label(ana, paid).unwrap();
    let report = s.stats(&range("all"), None).unwrap();
    assert_eq!(figures(&report, "Paid").counts.received, 1);
    assert_eq!(report.unlabelled.counts.received, 3 + 1);
}

#[test]
fn days_follow_the_business_time_zone() {
    let mut s = Store::open_in_memory().unwrap();
    inbound(&mut s, "34600000001", "2026-03-10T23:30:00Z", "late");
    let day = |s: &Store| s.stats(&range("all"), None).unwrap().total.days[0].day.clone();
    assert_eq!(day(&s), "2026-03-10");
    assert!(s.set_business_zone(chrono_tz::Europe::Berlin).unwrap(), "a new zone rebuilds the tallies");
    assert_eq!(day(&s), "2026-03-11", "23:30 UTC is after midnight in Berlin");
    inbound(&mut s, "34600000001", "2026-03-11T22:59:00Z", "still the 11th in Berlin");
    assert_eq!(s.stats(&range("all"), None).unwrap().total.days.len(), 1);
    assert!(!s.set_business_zone(chrono_tz::Europe::Berlin).unwrap());
    assert!(s.verify_tallies().unwrap().is_empty());
}

#[test]
fn statuses_move_delivered_and_read_on_the_day_sent_and_verify_agrees() {
    let mut s = shop();
    let ana = s.require_chat(&ContactKey::Phone("34600000001".into())).unwrap();
    let id = s
        .queue_outbound(&NewOutbound {
            chat_id: ana,
            body: "on its way".into(),
            origin: Origin::Operator,
            reply_to: None,
        })
        .unwrap();
    s.claim_outbox(now_ms(), 10).unwrap();
    s.mark_sent(id, "wamid.x", now_ms()).unwrap();
    s.apply_status("wamid.x", Status::Read, now_ms(), None).unwrap();
    s.apply_status("wamid.x", Status::Delivered, now_ms(), None).unwrap();
    let t = s.stats(&range("all"), None).unwrap().total;
    assert_eq!((t.counts.sent, t.counts.delivered, t.counts.read, t.counts.failed), (1, 1, 1, 0));
    assert!(s.verify_tallies().unwrap().is_empty());
    let failing = s
        .queue_outbound(&NewOutbound {
            chat_id: ana,
            body: "x".into(),
            origin: Origin::Operator,
            reply_to: None,
        })
        .unwrap();
    s.claim_outbox(now_ms(), 10).unwrap();
    s.mark_failed(failing, Some(131047), "window", now_ms()).unwrap();
    assert_eq!(s.stats(&range("all"), None).unwrap().total.counts.failed, 1);
    s.resend(failing).unwrap();
    assert_eq!(
        s.stats(&range("all"), None).unwrap().total.counts.failed,
        0,
        "a resent message is no longer failed"
    );
    assert!(s.verify_tallies().unwrap().is_empty());
}

#[test]
fn first_response_runs_from_the_first_unanswered_message_and_ignores_automatic_ones() {
    let mut s = Store::open_in_memory().unwrap();
    let chat = inbound(&mut s, "34600000001", "2026-03-01T09:00:00Z", "hola");
    inbound(&mut s, "34600000001", "2026-03-01T09:05:00Z", "¿hola?");
    let away = NewOutbound { chat_id: chat, body: "closed".into(), origin: Origin::Away, reply_to: None };
    s.queue_automatic("away", "p1", &away).unwrap();
    let mut reply =
        NewMessage::text(ContactKey::Phone("34600000001".into()), "¡Hola!", at("2026-03-01T09:10:00Z"));
    reply.direction = wabi::model::Direction::Out;
    reply.origin = Origin::Operator;
    s.insert_messages(&[reply]).unwrap();
    let t = s.stats(&range("all"), None).unwrap().total;
    assert_eq!(t.first_response_median_s, Some(600));
    assert_eq!(t.counts.away_sent, 1);
    assert!(s.verify_tallies().unwrap().is_empty());
}

#[test]
fn a_tampered_tally_is_reported_by_verify() {
    let s = shop();
    s.conn()
        .execute(
            "UPDATE tallies SET received = received + 5 WHERE rowid IN (SELECT rowid FROM tallies LIMIT 1)",
            [],
        )
        .ok();
    s.conn()
        .execute("UPDATE tallies SET received = received + 5 WHERE day = '2026-03-02' AND chat_id = 1", [])
        .unwrap();
    assert!(!s.verify_tallies().unwrap().is_empty());
}

#[test]
fn replies_acknowledged_by_the_demo_transport_count_as_delivered_and_read() {
    let sandbox = common::Sandbox::new();
    let mut store = Store::open(&sandbox.db()).unwrap();
    let chat = inbound(&mut store, "34600000001", "2026-03-01T09:00:00Z", "hola");
    for body in ["uno", "dos"] {
        store
            .queue_outbound(&NewOutbound {
                chat_id: chat,
                body: body.into(),
                origin: Origin::Operator,
                reply_to: None,
            })
            .unwrap();
    }
    let config = DemoConfig { simulate_customers: false, ack_delay_ms: 20, customer_interval_ms: 1000 };
    let transport = Box::new(DemoTransport::with_lines(&config, Vec::new(), fastrand::Rng::with_seed(1)));
    let worker = Worker {
        store: Store::open(&sandbox.db()).unwrap(),
        transport,
        holder: "test".into(),
        automation: None,
        standby_for: None,
    };
    let (tx, _rx) = std::sync::mpsc::channel();
    let handle = worker.spawn(tx).unwrap();
    let start = Instant::now();
    while store.stats(&range("all"), None).unwrap().total.counts.read < 2 {
        assert!(start.elapsed() < Duration::from_secs(5), "not read in time");
        std::thread::sleep(Duration::from_millis(20));
    }
    handle.stop();
    let t = store.stats(&range("all"), None).unwrap().total;
    assert_eq!((t.counts.sent, t.counts.delivered, t.counts.read), (2, 2, 2));
    assert!(store.verify_tallies().unwrap().is_empty());
}

#[test]
fn the_cli_reports_json_csv_and_verifies() {
    let s = common::Sandbox::new();
    s.wabi().args(["inject", "--from", "34600000001", "hola"]).assert().success();
    s.wabi().args(["labels", "assign", "34600000001", "Paid"]).assert().success();
    let json = s.json(&["stats", "--range", "today", "--json"]);
    let paid = json["labels"].as_array().unwrap().iter().find(|l| l["label"] == "Paid").unwrap();
    assert_eq!(paid["received"], 1);
    assert_eq!(json["total"]["received"], 1);
    let csv = s.wabi().args(["stats", "--csv"]).output().unwrap();
    assert!(String::from_utf8_lossy(&csv.stdout).contains("label:Paid,1,1,1,"));
    s.wabi().args(["stats", "--verify"]).assert().success();
    s.wabi().args(["stats", "--range", "last week"]).assert().code(2);
    s.wabi().args(["stats", "--label", "Nope"]).assert().code(2);
}
