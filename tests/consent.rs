//! Consent to broadcasts, tried as a user would through the real binary: opt-in and opt-out by
//! the operator, a customer's stop and start words, CSV import. Broadcasts and data requests are
//! in tests/consent/.

mod common;
#[path = "cloud/fake_graph.rs"]
mod fake_graph;
#[path = "cloud/support.rs"]
mod support;

#[path = "consent/broadcast.rs"]
mod broadcast;
#[path = "consent/cloud.rs"]
mod cloud;
#[path = "consent/erase.rs"]
mod erase;
#[path = "consent/placeholders.rs"]
mod placeholders;
#[path = "consent/tui.rs"]
mod tui;

use common::{Sandbox, snapshot};
use predicates::prelude::*;
use wabi::store::{ContactKey, Effect, InboundChange, NewMessage, Store, WebhookChange};

/// Stores a customer's text message now, as a transport would.
pub fn inject(s: &Sandbox, phone: &str, text: &str) {
    s.wabi().args(["inject", "--from", phone, text]).assert().success();
}

/// The consent `wabi contacts show --json` reports.
pub fn consent_of(s: &Sandbox, phone: &str) -> String {
    s.json(&["contacts", "show", phone, "--json"])["consent"].as_str().unwrap_or_default().to_string()
}

#[test]
fn opt_in_and_opt_out_are_recorded_with_source_and_by_in_the_history() {
    let s = Sandbox::new();
    s.wabi()
        .args(["contacts", "opt-in", "+34 600 111 001", "--source", "web form", "--by", "Lucia"])
        .assert()
        .success()
        .stdout(predicate::str::contains("opted_in now"));
    s.wabi()
        .args(["contacts", "opt-in", "34600111001", "--source", "again"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no change"));
    s.wabi().args(["contacts", "opt-out", "34600111001"]).assert().success();
    let shown = s.json(&["contacts", "show", "34600111001", "--json"]);
    assert_eq!(shown["consent"], "opted_out");
    let history = shown["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (&history[0]["state"], &history[0]["source"], &history[0]["by"]),
        (&"opted_in".into(), &"web form".into(), &"Lucia".into())
    );
    assert_eq!(history[1]["state"], "opted_out");
    let listed = s.json(&["contacts", "list", "--json"]);
    assert_eq!(listed[0]["consent"], "opted_out");
    assert_eq!(listed[0]["phone"], "34600111001");
}

#[test]
fn opt_in_without_a_source_is_exit_2_and_changes_nothing() {
    let s = Sandbox::new();
    inject(&s, "34600111001", "hola");
    let before = snapshot(&s.db());
    s.wabi().args(["contacts", "opt-in", "34600111001", "--source", " "]).assert().code(2);
    s.wabi().args(["contacts", "opt-in", "34600111001"]).assert().code(2);
    assert_eq!(snapshot(&s.db()), before);
}

#[test]
fn a_whole_message_stop_word_in_any_case_or_accent_opts_the_customer_out() {
    let s = Sandbox::new();
    for (i, word) in ["Stop", "stop", "STÓP", " arrêt! ", "退订", "Baja"].iter().enumerate() {
        let phone = format!("3460011100{i}");
        inject(&s, &phone, word);
        assert_eq!(consent_of(&s, &phone), "opted_out", "{word:?}");
    }
    inject(&s, "34600111099", "please don't stop sending offers");
    assert_eq!(consent_of(&s, "34600111099"), "unknown");
}

#[test]
fn start_opts_back_in_and_the_history_names_the_customers_words() {
    let s = Sandbox::new();
    inject(&s, "34600111001", "STOP");
    inject(&s, "34600111001", "START");
    let shown = s.json(&["contacts", "show", "34600111001", "--json"]);
    assert_eq!(shown["consent"], "opted_in");
    let history = shown["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["source"], "wrote \"STOP\"");
    assert_eq!(history[0]["by"], "customer");
    assert!(history[0]["message_id"].is_i64());
}

#[test]
fn configured_stop_words_replace_the_defaults_and_the_stop_reply_is_queued_once() {
    let s = Sandbox::new();
    let config =
        s.config("[consent]\nstop_words = [\"basta\"]\nstop_reply = \"You will get no more offers.\"\n");
    let wabi = |args: &[&str]| s.wabi().arg("--config").arg(&config).args(args).assert().success();
    wabi(&["inject", "--from", "34600111001", "STOP"]);
    assert_eq!(consent_of(&s, "34600111001"), "unknown");
    wabi(&["inject", "--from", "34600111001", "--id", "wamid.B", "Basta."]);
    wabi(&["inject", "--from", "34600111001", "--id", "wamid.B", "Basta."]);
    assert_eq!(consent_of(&s, "34600111001"), "opted_out");
    let messages = s.json(&["messages", "--chat", "34600111001", "--json"]);
    let replies: Vec<_> = messages.as_array().unwrap().iter().filter(|m| m["direction"] == "out").collect();
    assert_eq!(replies.len(), 1, "{messages}");
    assert_eq!(replies[0]["body"], "You will get no more offers.");
    assert_eq!(replies[0]["origin"], "api");
}

#[test]
fn a_stop_word_through_the_webhook_opts_out_in_the_same_commit() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("wabi.db")).unwrap();
    let mut message = NewMessage::text(ContactKey::Phone("34600111001".into()), "Stop!", 1_000);
    message.external_id = Some("wamid.S".into());
    let change = WebhookChange::Inbound(InboundChange {
        message,
        user_id: None,
        forwarded: 0,
        effect: Effect::New,
        extras: Default::default(),
    });
    store.apply_webhook(&[std::slice::from_ref(&change)]).unwrap();
    store.apply_webhook(&[std::slice::from_ref(&change)]).unwrap();
    let contact = store.require_contact(&ContactKey::Phone("34600111001".into())).unwrap();
    assert_eq!(contact.state(), wabi::consent::ConsentState::OptedOut);
    assert_eq!(store.consent_history(contact.contact.id).unwrap().len(), 1);
}

#[test]
fn a_late_older_stop_is_kept_in_the_history_without_undoing_a_newer_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("wabi.db")).unwrap();
    let key = ContactKey::Phone("34600111001".into());
    store.insert_messages(&[NewMessage::text(key.clone(), "START", 2_000)]).unwrap();
    store.insert_messages(&[NewMessage::text(key.clone(), "STOP", 1_000)]).unwrap();
    let contact = store.require_contact(&key).unwrap();
    assert_eq!(contact.state(), wabi::consent::ConsentState::OptedIn);
    assert_eq!(store.consent_history(contact.contact.id).unwrap().len(), 2);
}

#[test]
fn csv_import_creates_contacts_names_and_consent() {
    let s = Sandbox::new();
    let csv = s.path("contacts.csv");
    std::fs::write(
        &csv,
        "phone,name,consent,source\n+34 600 111 001,\"Lopez, Ana\",opted_in,web form\n34600111002,Bo,opted-out,\n34600111003,,,\n",
    )
    .unwrap();
    s.wabi()
        .args(["contacts", "import"])
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains("3 new contacts, 2 consent changes"));
    let listed = s.json(&["contacts", "list", "--json"]);
    let row = |i: usize| {
        (
            listed[i]["name"].as_str().unwrap_or_default(),
            listed[i]["consent"].as_str().unwrap_or_default(),
            listed[i]["source"].clone(),
        )
    };
    assert_eq!(row(0), ("Lopez, Ana", "opted_in", "web form".into()));
    assert_eq!(row(1), ("Bo", "opted_out", "import".into()));
    assert_eq!(row(2), ("+34600111003", "unknown", serde_json::Value::Null));
}

#[test]
fn a_bad_csv_row_is_exit_2_naming_its_line_and_nothing_is_imported() {
    let s = Sandbox::new();
    inject(&s, "34600111001", "hola");
    s.wabi().args(["contacts", "list"]).assert().success();
    let (db, wal) = (snapshot(&s.db()), snapshot(&s.path("wabi.db-wal")));
    let csv = s.path("contacts.csv");
    for (text, line) in [
        ("34600111002,Ana,opted_in,form\n34600111003,Bo,sure,form\n", "line 2"),
        ("phone,name\n34600111002,Ana\n\nnot-a-phone,Bo\n", "line 4"),
        ("34600111002,Ana\n34600111002,Ana again\n", "line 2"),
        ("34600111002,\"Ana\n", "line 1"),
    ] {
        std::fs::write(&csv, text).unwrap();
        s.wabi()
            .args(["contacts", "import"])
            .arg(&csv)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(line).and(predicate::str::contains("nothing imported")));
    }
    assert_eq!((snapshot(&s.db()), snapshot(&s.path("wabi.db-wal"))), (db, wal));
}

#[test]
fn an_import_does_not_overrule_a_customer_who_wrote_stop() {
    let s = Sandbox::new();
    inject(&s, "34600111001", "STOP");
    let csv = s.path("contacts.csv");
    std::fs::write(&csv, "34600111001,Ana,opted_in,old list\n").unwrap();
    s.wabi()
        .args(["contacts", "import"])
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains("line 1: +34600111001 stays opted out"));
    assert_eq!(consent_of(&s, "34600111001"), "opted_out");
}
