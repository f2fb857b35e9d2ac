//! The CLI contract, run through the real binary on a temporary store.

mod common;

use common::{Sandbox, snapshot};
use predicates::prelude::*;

#[test]
fn inject_then_redeliver_the_same_id_stores_one_message() {
    let s = Sandbox::new();
    s.wabi()
        .args(["inject", "--from", "+49 151-234 5678", "--name", "Maria Lopez", "--id", "wamid.A", "Hola!"])
        .assert()
        .success();
    s.wabi()
        .args(["inject", "--from", "491512345678", "--id", "wamid.A", "Hola!"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no change"));
    let messages = s.json(&["messages", "--chat", "+491512345678", "--json"]);
    assert_eq!(messages.as_array().map(Vec::len), Some(1));
    assert_eq!(messages[0]["external_id"], "wamid.A");
    assert_eq!(messages[0]["direction"], "in");
    assert_eq!(messages[0]["origin"], "customer");
}

#[test]
fn send_queues_an_outbound_message_with_origin_api() {
    let s = Sandbox::new();
    s.wabi().args(["send", "--to", "+34 600 111 222", "See you at 5"]).assert().success();
    let messages = s.json(&["messages", "--chat", "34600111222", "--json"]);
    assert_eq!(messages[0]["direction"], "out");
    assert_eq!(messages[0]["status"], "queued");
    assert_eq!(messages[0]["origin"], "api");
    assert_eq!(messages[0]["body"], "See you at 5");
}

#[test]
fn chats_are_listed_most_recent_first_with_the_documented_fields() {
    let s = Sandbox::new();
    s.wabi()
        .args(["inject", "--from", "34600000001", "--at", "2026-01-01T10:00:00Z", "old"])
        .assert()
        .success();
    s.wabi()
        .args(["inject", "--from", "34600000002", "--name", "Bo", "--at", "2026-01-02T10:00:00+01:00", "new"])
        .assert()
        .success();
    let chats = s.json(&["chats", "--json"]);
    let phones: Vec<&str> = chats.as_array().unwrap().iter().map(|c| c["phone"].as_str().unwrap()).collect();
    assert_eq!(phones, ["34600000002", "34600000001"]);
    let first = &chats[0];
    for key in ["id", "phone", "user_id", "name", "labels", "unread", "status", "last_at"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["name"], "Bo");
    assert_eq!(first["unread"], 1);
    assert_eq!(first["last_at"], "2026-01-02T09:00:00.000Z");
}

#[test]
fn messages_are_oldest_first_and_limited_to_the_newest() {
    let s = Sandbox::new();
    for (i, at) in ["2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z", "2026-03-01T12:00:00Z"].iter().enumerate()
    {
        s.wabi().args(["inject", "--from", "34600000003", "--at", at, &format!("m{i}")]).assert().success();
    }
    let messages = s.json(&["messages", "--chat", "34600000003", "--limit", "2", "--json"]);
    let bodies: Vec<&str> =
        messages.as_array().unwrap().iter().map(|m| m["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["m1", "m2"]);
    assert_eq!(messages[1]["at"], "2026-03-01T12:00:00.000Z");
}

#[test]
fn bad_input_exits_2_with_one_line_and_changes_nothing() {
    let s = Sandbox::new();
    s.wabi().args(["inject", "--from", "34600000004", "first"]).assert().success();
    let before = snapshot(&s.db());
    let cases: &[&[&str]] = &[
        &["inject", "--from", "not-a-phone!", "x"],
        &["inject", "--from", "123", "x"],
        &["inject", "--from", "34600000004", "--at", "yesterday", "x"],
        &["send", "--to", "call me", "x"],
        &["send", "--to", "34600000004", "   "],
        &["messages", "--chat", "34699999999"],
        &["messages", "--chat", "34600000004", "--limit", "0"],
        &["chats", "--label", "No such label"],
        &["no-such-command"],
    ];
    for args in cases {
        let out = s.wabi().args(*args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?} printed more than one line: {stderr}");
        assert!(stderr.starts_with("wabi: "), "{stderr}");
    }
    assert_eq!(snapshot(&s.db()), before, "a refused command changed the store");
}

#[test]
fn a_bad_config_line_is_named_and_exits_2() {
    let s = Sandbox::new();
    let config = s.config("[business]\nname = \"Shop\"\n\n[hours]\ntue = [\"09:00-25:00\"]\n");
    s.wabi()
        .arg("--config")
        .arg(&config)
        .args(["chats"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config.toml:5: hours.tue[0]: \"09:00-25:00\" is not a time range"));
    s.wabi().arg("check-config").arg(&config).assert().code(2);
    assert!(!s.db().exists(), "a bad config must not create the store");
}

#[test]
fn check_config_accepts_the_example() {
    let s = Sandbox::new();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml");
    s.wabi()
        .args(["check-config", example])
        .assert()
        .success()
        .stdout(predicate::str::contains("Lopez Flowers"));
}

#[test]
fn check_config_refuses_two_actions_on_one_key_naming_both_and_the_line() {
    let s = Sandbox::new();
    let config = s.config("[business]\nname = \"Shop\"\n\n[ui.keys]\nselect-next = [\"j\", \"e\"]\n");
    s.wabi().arg("check-config").arg(&config).assert().code(2).stderr(predicate::str::contains(
        "config.toml:5: ui.keys.select-next: \"e\" is bound to both select-next and mark-done in the chat list",
    ));
}

#[test]
fn a_foreign_or_corrupt_file_is_refused_and_left_alone() {
    let s = Sandbox::new();
    let junk = s.path("junk.db");
    std::fs::write(&junk, b"this is not sqlite at all, just some bytes").unwrap();
    let before = snapshot(&junk);
    s.wabi()
        .arg("--db")
        .arg(&junk)
        .arg("chats")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a readable SQLite database"));
    assert_eq!(snapshot(&junk), before);

    let other = s.path("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE notes (x)").unwrap();
    s.wabi()
        .arg("--db")
        .arg(&other)
        .arg("chats")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a wabi store"));
}

#[cfg(unix)]
#[test]
fn the_store_file_is_private_wal_and_intact() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    s.wabi().args(["inject", "--from", "34600000005", "hi"]).assert().success();
    let mode = std::fs::metadata(s.db()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let conn = rusqlite::Connection::open(s.db()).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn contacts_save_gives_a_chat_its_saved_name() {
    let s = Sandbox::new();
    s.wabi().args(["inject", "--from", "34600000006", "--name", "pepe99", "hi"]).assert().success();
    s.wabi().args(["contacts", "save", "34600000006", "Pepe García"]).assert().success();
    let chats = s.json(&["chats", "--json"]);
    assert_eq!(chats[0]["name"], "Pepe García");
}

#[test]
fn messages_json_says_why_a_queued_message_does_not_go_out() {
    let s = Sandbox::new();
    s.wabi().args(["inject", "--from", "34600111001", "hola"]).assert().success();
    s.wabi().args(["send", "--to", "34600111001", "hasta luego"]).assert().success();
    let messages = s.json(&["messages", "--chat", "34600111001", "--json"]);
    let sent = &messages[1];
    assert_eq!(sent["status"], "queued");
    let reason = sent["error"]["reason"].as_str().unwrap_or_default();
    assert!(reason.starts_with("no transport configured: nothing sends this"), "{sent}");
    assert!(messages[0]["error"].is_null(), "an inbound message has no error");
}
