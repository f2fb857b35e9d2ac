//! A person's data on request: export everything, erase everything without a trace in the file.

use predicates::prelude::*;

use super::inject;
use crate::common::{Sandbox, snapshot};

const NAME: &str = "Zebulon Quagmire";
const SECRET: &str = "xylophoneumbrella7731";
const PHONE: &str = "34699887766";

/// A customer with a name, messages (one with an attachment in the media folder), a label, a
/// broadcast list, a broadcast and consent changes; and another customer who stays.
fn customer_with_everything(s: &Sandbox) -> std::path::PathBuf {
    s.wabi()
        .args(["inject", "--from", PHONE, "--name", NAME, &format!("my code is {SECRET}")])
        .assert()
        .success();
    s.wabi().args(["contacts", "save", PHONE, NAME]).assert().success();
    s.wabi().args(["send", "--to", PHONE, &format!("thanks {NAME}")]).assert().success();
    s.wabi().args(["labels", "assign", PHONE, "New customer"]).assert().success();
    s.wabi().args(["contacts", "opt-in", PHONE, "--source", "web form"]).assert().success();
    s.wabi().args(["broadcast", "create", "Regulars"]).assert().success();
    s.wabi().args(["broadcast", "add", "Regulars", PHONE, "34600111001"]).assert().success();
    s.wabi().args(["broadcast", "send", "Regulars", "Opening hours change"]).assert().success();
    inject(s, PHONE, "STOP");
    inject(s, "34600111001", "I stay");
    let media = s.path(&format!("xdg-data/wabi/media/{PHONE}/photo.jpg"));
    std::fs::create_dir_all(media.parent().unwrap()).unwrap();
    std::fs::write(&media, b"jpeg").unwrap();
    let store = wabi::store::Store::open(&s.db()).unwrap();
    let first: i64 = store.conn().query_row("SELECT min(id) FROM messages", [], |r| r.get(0)).unwrap();
    let mut store = store;
    store.set_media_path(first, &media.to_string_lossy()).unwrap();
    media
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn export_holds_profile_consent_history_labels_lists_messages_and_media_paths() {
    let s = Sandbox::new();
    let media = customer_with_everything(&s);
    let export = s.json(&["contacts", "export", PHONE]);
    assert_eq!(export["profile"]["saved_name"], NAME);
    assert_eq!(export["consent"], "opted_out");
    let history = export["consent_history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!((&history[0]["state"], &history[1]["state"]), (&"opted_in".into(), &"opted_out".into()));
    assert_eq!(export["labels"][0], "New customer");
    assert_eq!(export["broadcast_lists"][0], "Regulars");
    assert_eq!(export["broadcasts"].as_array().map(Vec::len), Some(1));
    assert_eq!(export["media_paths"][0], media.to_string_lossy().as_ref());
    let bodies: Vec<&str> =
        export["messages"].as_array().unwrap().iter().filter_map(|m| m["body"].as_str()).collect();
    assert!(bodies.iter().any(|b| b.contains(SECRET)), "{bodies:?}");
    assert_eq!(bodies.len(), 4);
}

#[test]
fn erase_without_yes_says_what_would_go_and_changes_nothing() {
    let s = Sandbox::new();
    customer_with_everything(&s);
    let before = snapshot(&s.db());
    s.wabi().args(["contacts", "erase", PHONE]).assert().code(2).stderr(
        predicate::str::contains("4 messages, 1 media file, 1 label link")
            .and(predicate::str::contains("--yes")),
    );
    assert_eq!(snapshot(&s.db()), before);
}

#[test]
fn erase_leaves_no_trace_of_name_or_messages_in_the_store_file_and_stats_still_verify() {
    let s = Sandbox::new();
    let media = customer_with_everything(&s);
    let before = snapshot(&s.db());
    assert!(contains(&before, SECRET) || contains(&snapshot(&s.path("wabi.db-wal")), SECRET));
    s.wabi()
        .args(["contacts", "erase", PHONE, "--yes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("erased"));
    for file in ["wabi.db", "wabi.db-wal"] {
        let bytes = snapshot(&s.path(file));
        for needle in [NAME, SECRET, PHONE, "Zebulon"] {
            assert!(!contains(&bytes, needle), "{file} still holds {needle:?}");
        }
    }
    assert!(!media.exists(), "the media file is still there");
    assert!(!media.parent().unwrap().exists(), "the folder named after the number is still there");
    assert!(s.path("xdg-data/wabi/media").exists(), "the media folder itself stays");
    s.wabi().args(["stats", "--verify"]).assert().success();
    s.wabi().args(["contacts", "show", PHONE]).assert().code(2);
    let lists = s.json(&["broadcast", "show", "Regulars", "--json"]);
    assert_eq!(lists["members"].as_array().map(Vec::len), Some(1));
    let store = wabi::store::Store::open(&s.db()).unwrap();
    let hits: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?1", [SECRET], |r| r.get(0))
        .unwrap();
    assert_eq!(hits, 0);
    assert_eq!(s.json(&["messages", "--chat", "34600111001", "--json"]).as_array().map(Vec::len), Some(2));
}
