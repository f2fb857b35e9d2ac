//! Broadcast lists: who gets a copy, who is skipped and why, and when each copy is due.

use predicates::prelude::*;
use serde_json::Value;

use super::inject;
use crate::common::{Sandbox, snapshot};

const CLOUD: &str =
    "[transport]\nkind = \"cloud\"\n\n[[templates]]\nname = \"offer\"\nparams = [\"first name\"]\n";

/// Four customers: opted in and inside the window, opted out, opted in but last wrote two days
/// ago, and unknown who never wrote.
fn four_customers(s: &Sandbox) {
    inject(s, "34600111001", "hola");
    s.wabi().args(["contacts", "opt-in", "34600111001", "--source", "web form"]).assert().success();
    inject(s, "34600111002", "Stop");
    let two_days_ago = (chrono::Utc::now() - chrono::TimeDelta::days(2)).to_rfc3339();
    s.wabi().args(["inject", "--from", "34600111003", "--at", &two_days_ago, "hi"]).assert().success();
    s.wabi().args(["contacts", "opt-in", "34600111003", "--source", "paper form"]).assert().success();
    s.wabi().args(["broadcast", "create", "Customers"]).assert().success();
    s.wabi()
        .args(["broadcast", "add", "Customers", "34600111001", "34600111002", "34600111003", "34600111004"])
        .assert()
        .success();
}

fn broadcast_messages(s: &Sandbox, phone: &str) -> Vec<Value> {
    let messages = s.json(&["messages", "--chat", phone, "--json"]);
    messages.as_array().unwrap().iter().filter(|m| m["origin"] == "broadcast").cloned().collect()
}

#[test]
fn a_cloud_broadcast_sends_text_only_inside_the_window_and_never_to_opted_out_contacts() {
    let s = Sandbox::new();
    let config = s.config(CLOUD);
    four_customers(&s);
    s.wabi()
        .arg("--config")
        .arg(&config)
        .args(["broadcast", "send", "Customers", "Spring sale: 20% off"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("1 queued, 3 skipped of 4 members")
                .and(predicate::str::contains("opted out")),
        );
    assert_eq!(broadcast_messages(&s, "34600111001").len(), 1);
    for phone in ["34600111002", "34600111003", "34600111004"] {
        assert!(broadcast_messages(&s, phone).is_empty(), "{phone}");
    }
    let shown = s.json(&["broadcast", "show", "Customers", "--json"]);
    let figures = &shown["broadcasts"][0];
    assert_eq!(figures["recipients"], 4);
    assert_eq!(figures["queued"], 1);
    assert_eq!(figures["skipped"]["opted_out"], 1);
    assert_eq!(figures["skipped"]["outside_window"], 2);
    assert_eq!(figures["skipped_total"], 3);
}

#[test]
fn with_a_template_the_members_outside_the_window_get_the_template() {
    let s = Sandbox::new();
    let config = s.config(CLOUD);
    four_customers(&s);
    s.wabi()
        .arg("--config")
        .arg(&config)
        .args(["broadcast", "send", "Customers", "Spring sale", "--template", "offer", "--param", "friend"])
        .assert()
        .success();
    assert_eq!(broadcast_messages(&s, "34600111001")[0]["body"], "Spring sale");
    assert_eq!(broadcast_messages(&s, "34600111003")[0]["body"], "[template offer: friend]");
    assert_eq!(broadcast_messages(&s, "34600111004")[0]["body"], "[template offer: friend]");
    assert!(broadcast_messages(&s, "34600111002").is_empty());
    let figures = &s.json(&["broadcast", "show", "Customers", "--json"])["broadcasts"][0];
    assert_eq!((figures["queued"].as_i64(), figures["skipped_total"].as_i64()), (Some(3), Some(1)));
    assert_eq!(figures["template"], "offer");
}

#[test]
fn without_the_cloud_transport_there_is_no_window_and_require_opt_in_skips_unknown_contacts() {
    let s = Sandbox::new();
    four_customers(&s);
    s.wabi().args(["broadcast", "send", "Customers", "News"]).assert().success();
    let figures = &s.json(&["broadcast", "show", "Customers", "--json"])["broadcasts"][0];
    assert_eq!((figures["queued"].as_i64(), figures["skipped"]["opted_out"].as_i64()), (Some(3), Some(1)));
    let strict = s.config("[broadcast]\nrequire_opt_in = true\nrecipient_gap = \"0s\"\n");
    s.wabi()
        .arg("--config")
        .arg(&strict)
        .args(["broadcast", "send", "Customers", "More news"])
        .assert()
        .success();
    let figures = &s.json(&["broadcast", "show", "Customers", "--json"])["broadcasts"][0];
    assert_eq!(figures["text"], "More news");
    assert_eq!((figures["queued"].as_i64(), figures["skipped"]["no_consent"].as_i64()), (Some(2), Some(1)));
}

#[test]
fn a_customer_who_writes_stop_is_skipped_by_the_next_broadcast_and_start_brings_them_back() {
    let s = Sandbox::new();
    inject(&s, "34600111001", "hola");
    s.wabi().args(["broadcast", "create", "Friends"]).assert().success();
    s.wabi().args(["broadcast", "add", "Friends", "34600111001"]).assert().success();
    s.wabi().args(["broadcast", "send", "Friends", "one"]).assert().success();
    inject(&s, "34600111001", "sToP");
    s.wabi()
        .args(["broadcast", "send", "Friends", "two"])
        .assert()
        .success()
        .stdout(predicate::str::contains("skipped"));
    inject(&s, "34600111001", "Start");
    s.wabi().args(["broadcast", "send", "Friends", "three"]).assert().success();
    let bodies: Vec<Value> =
        broadcast_messages(&s, "34600111001").iter().map(|m| m["body"].clone()).collect();
    assert_eq!(bodies, ["one", "three"]);
}

/// `next_attempt_at` of every queued broadcast copy, by message id.
fn due_times(s: &Sandbox) -> Vec<(i64, i64, i64)> {
    let store = wabi::store::Store::open(&s.db()).unwrap();
    let mut stmt = store
        .conn()
        .prepare("SELECT id, chat_id, next_attempt_at FROM messages WHERE origin = 'broadcast' ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn copies_are_paced_twenty_a_second_and_never_two_to_one_recipient_within_six_seconds() {
    let s = Sandbox::new();
    s.wabi().args(["broadcast", "create", "Many"]).assert().success();
    let phones: Vec<String> = (0..30).map(|i| format!("346001110{i:02}")).collect();
    s.wabi().args(["broadcast", "add", "Many"]).args(&phones).assert().success();
    s.wabi().args(["broadcast", "send", "Many", "first"]).assert().success();
    s.wabi().args(["broadcast", "send", "Many", "second"]).assert().success();
    let due = due_times(&s);
    assert_eq!(due.len(), 60);
    let mut times: Vec<i64> = due.iter().map(|d| d.2).collect();
    times.sort_unstable();
    assert!(times.windows(2).all(|w| w[1] - w[0] >= 50), "{times:?}");
    for (i, first) in due[..30].iter().enumerate() {
        let second = due[30 + i];
        assert_eq!(first.1, second.1);
        assert!(second.2 - first.2 >= 6000, "recipient {i}: {first:?} then {second:?}");
    }
}

#[test]
fn a_list_never_passes_256_members_and_a_refused_add_changes_nothing() {
    let s = Sandbox::new();
    s.wabi().args(["broadcast", "create", "Big"]).assert().success();
    let phones: Vec<String> = (0..250).map(|i| format!("3460011{i:04}")).collect();
    s.wabi().args(["broadcast", "add", "Big"]).args(&phones).assert().success();
    let before = snapshot(&s.db());
    let more: Vec<String> = (250..260).map(|i| format!("3460011{i:04}")).collect();
    s.wabi()
        .args(["broadcast", "add", "Big"])
        .args(&more)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 256"));
    s.wabi().args(["broadcast", "add", "Big", "34600110001", "not a phone"]).assert().code(2);
    s.wabi()
        .args(["broadcast", "add", "Big", "US.1349120865"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("must have written first"));
    assert_eq!(snapshot(&s.db()), before);
    assert_eq!(s.json(&["broadcast", "list", "--json"])[0]["members"], 250);
}

#[test]
fn broadcast_errors_are_one_line_and_exit_2() {
    let s = Sandbox::new();
    s.wabi()
        .args(["broadcast", "send", "Nobody", "hi"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no broadcast list"));
    s.wabi().args(["broadcast", "create", "A"]).assert().success();
    s.wabi().args(["broadcast", "create", "a"]).assert().code(2).stderr(predicate::str::contains("already"));
    s.wabi()
        .args(["broadcast", "send", "A", "hi"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no members"));
    s.wabi()
        .args(["broadcast", "send", "A", "--template", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no template"));
}

/// A worker that was stopped for a minute finds every copy of two broadcasts overdue. It sends
/// them at the planned spacing from when it is back, not all at once: copies stay an interval
/// apart and no recipient gets two within the gap.
#[test]
fn a_catch_up_after_downtime_keeps_the_broadcast_pacing() {
    use std::collections::HashMap;
    use wabi::broadcast::Pacing;
    use wabi::store::{BroadcastPlan, ContactKey, NewMessage, Store};

    const T0: i64 = 1_800_000_000_000;
    let pacing = Pacing { interval_ms: 50, recipient_gap_ms: 6_000 };
    let mut store = Store::open_in_memory().unwrap();
    let phones: Vec<ContactKey> = (0..8).map(|i| ContactKey::Phone(format!("3460011120{i}"))).collect();
    let hellos: Vec<NewMessage> =
        phones.iter().map(|p| NewMessage::text(p.clone(), "hola", T0 - 60_000)).collect();
    store.insert_messages(&hellos).unwrap();
    store.create_list("Regulars").unwrap();
    store.add_members("Regulars", &phones).unwrap();
    for text in ["Sale today", "Last hours of the sale"] {
        let plan = BroadcastPlan {
            text: Some(text.into()),
            template: None,
            require_opt_in: false,
            window: false,
            pacing,
            now: T0,
            placeholders: Default::default(),
        };
        store.send_broadcast("Regulars", &plan).unwrap();
    }
    // Back a minute after the last copy was due; a tick every 250 ms, as the worker's.
    let mut sent_at: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut per_tick = Vec::new();
    let mut now = T0 + 6_000 + 60_000;
    while sent_at.values().map(Vec::len).sum::<usize>() < 16 && now < T0 + 200_000 {
        let items = store.claim_outbox(now, 20).unwrap();
        per_tick.push(items.len());
        for item in items {
            store.mark_sent(item.id, &format!("wamid.{}", item.id), now).unwrap();
            sent_at.entry(item.chat_id).or_default().push(now);
        }
        now += 250;
    }
    assert_eq!(sent_at.values().map(Vec::len).sum::<usize>(), 16, "every copy went out");
    assert!(per_tick.iter().all(|&n| n <= 6), "at most one copy per 50 ms: {per_tick:?}");
    for times in sent_at.values() {
        assert_eq!(times.len(), 2);
        assert!(times[1] - times[0] >= 6_000 - 250, "{times:?}");
    }
}
