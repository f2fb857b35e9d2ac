//! `wabi send --file`, `--reply-to`, `wabi react` and `wabi contacts note` through the real binary:
//! what is queued, and bad input refused with exit 2 and nothing queued.

use predicates::prelude::*;

use crate::common::{Sandbox, snapshot};

const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00 a bouquet";
const CUSTOMER: &str = "34600111222";

/// A sandbox where the customer wrote `wamid.IN`.
fn with_customer() -> Sandbox {
    let s = Sandbox::new();
    s.wabi()
        .args(["inject", "--from", CUSTOMER, "--id", "wamid.IN", "Friday or Saturday?"])
        .assert()
        .success();
    s
}

fn messages(s: &Sandbox) -> serde_json::Value {
    s.json(&["messages", "--chat", CUSTOMER, "--json"])
}

#[test]
fn files_are_queued_one_message_each_with_the_caption_on_the_first() {
    let s = with_customer();
    std::fs::write(s.path("ramo.jpg"), JPEG).unwrap();
    std::fs::write(s.path("carta.pdf"), b"%PDF-1.4\n%%EOF\n").unwrap();
    let (photo, pdf) = (s.path("ramo.jpg"), s.path("carta.pdf"));
    s.wabi()
        .args(["send", "--to", CUSTOMER, "--caption", "Your bouquet", "--reply-to", "wamid.IN", "--file"])
        .arg(&photo)
        .arg("--file")
        .arg(&pdf)
        .assert()
        .success()
        .stdout(predicate::str::contains("queued image").and(predicate::str::contains("queued document")));
    let m = messages(&s);
    assert_eq!((m[1]["kind"].as_str(), m[1]["body"].as_str()), (Some("image"), Some("Your bouquet")));
    assert_eq!(m[1]["reply_to"], "wamid.IN");
    assert_eq!((m[2]["kind"].as_str(), m[2]["body"].as_str()), (Some("document"), Some("")));
    // wabi keeps its own copy, named by its hash, in the media folder.
    let copies: Vec<_> =
        std::fs::read_dir(s.path("xdg-data/wabi/media/out")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(copies.len(), 2);
    assert!(copies.iter().any(|p| std::fs::read(p).unwrap() == JPEG));
}

#[test]
fn bad_files_exit_2_naming_the_problem_and_queue_nothing() {
    let s = with_customer();
    let mut big = JPEG.to_vec();
    big.resize(6 * 1024 * 1024, 0);
    std::fs::write(s.path("big.jpg"), big).unwrap();
    std::fs::write(s.path("empty.pdf"), b"").unwrap();
    std::fs::write(s.path("ok.jpg"), JPEG).unwrap();
    let mut vorbis = b"OggS\x00\x02".to_vec();
    vorbis.extend_from_slice(&[0; 20]);
    vorbis.extend_from_slice(b"\x01\x1e\x01vorbis\x00\x00\x00\x00\x02\x44\xac\x00\x00");
    std::fs::write(s.path("song.ogg"), vorbis).unwrap();
    let before = snapshot(&s.db());
    let cases: [(&[&str], &str); 6] = [
        (&["--file", "missing.jpg"], "no such file"),
        (&["--file", "empty.pdf"], "the file is empty"),
        (&["--file", "big.jpg"], "over WhatsApp's limit of 5 MB for images"),
        (&["--file", "song.ogg"], "opus"),
        (&["--file", "ok.jpg", "--file", "big.jpg"], "big.jpg"),
        (&["--file", "ok.jpg", "--reply-to", "wamid.NOPE"], "no message \"wamid.NOPE\""),
    ];
    for (args, says) in cases {
        s.wabi()
            .current_dir(s.dir.path())
            .args(["send", "--to", CUSTOMER])
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    assert_eq!(snapshot(&s.db()), before, "nothing queued");
}

#[test]
fn react_queues_one_emoji_and_refuses_anything_else() {
    let s = with_customer();
    s.wabi().args(["react", "wamid.IN", "👍"]).assert().success();
    let m = messages(&s);
    assert_eq!(m[0]["reactions"], serde_json::json!([{"from": "business", "emoji": "👍"}]));
    assert_eq!((m[1]["kind"].as_str(), m[1]["reply_to"].as_str()), (Some("reaction"), Some("wamid.IN")));
    let before = snapshot(&s.db());
    s.wabi()
        .args(["react", "wamid.IN", "👍👍"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("one emoji"));
    s.wabi().args(["react", "wamid.IN", "ok"]).assert().code(2);
    s.wabi().args(["react", "999", "👍"]).assert().code(2).stderr(predicate::str::contains("no message"));
    // Our own queued message has no WhatsApp id yet: nothing can point at it.
    let queued = m[1]["id"].to_string();
    s.wabi()
        .args(["react", &queued, "👍"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not been sent"));
    assert_eq!(snapshot(&s.db()), before);
    // Empty removes ours.
    s.wabi().args(["react", "wamid.IN", ""]).assert().success();
    assert!(messages(&s)[0].get("reactions").is_none());
}

#[test]
fn a_note_is_kept_on_the_contact_and_shown() {
    let s = with_customer();
    s.wabi().args(["contacts", "note", CUSTOMER, "Allergic to lilies"]).assert().success();
    s.wabi()
        .args(["contacts", "show", CUSTOMER])
        .assert()
        .success()
        .stdout(predicate::str::contains("note: Allergic to lilies"));
    s.wabi().args(["contacts", "note", "34999999999", "x"]).assert().code(2);
}
