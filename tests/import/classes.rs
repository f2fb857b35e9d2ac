//! The import issue's classes through the real binary: groups refused whoever spoke, bombs and
//! oversized input refused with the store untouched, long messages cut and reported, year-less
//! layouts asking for `--year`, and the report accounting for every line.

use std::io::Write;

use predicates::prelude::*;
use serde_json::Value;
use wabi::store::Store;

use super::common::{Sandbox, snapshot};
use super::{CHAT, PHONE, export, import, messages};

/// A store with one chat in it already, to show that a refused import leaves it as it was.
fn store_with_a_chat(s: &Sandbox) -> Vec<u8> {
    s.wabi().args(["inject", "--from", "+34600111222", "--id", "wamid.1", "hola"]).assert().success();
    snapshot(&s.db())
}

#[test]
fn a_group_with_two_speakers_is_refused_naming_its_notice() {
    let s = Sandbox::new();
    let before = store_with_a_chat(&s);
    for notice in ["Ana created group \"Shop friends\"", "Ana hat Ben hinzugefügt", "You were added"] {
        let text = format!("12/03/2024, 14:04 - {notice}\n{CHAT}");
        s.wabi()
            .args(["import", export(&s, &text).to_str().unwrap(), "--me", "Shop"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("group").and(predicate::str::contains(notice)));
    }
    assert_eq!(snapshot(&s.db()), before);
}

#[test]
fn a_zip_bomb_is_refused_before_anything_is_read() {
    use zip::write::SimpleFileOptions;
    let s = Sandbox::new();
    let before = store_with_a_chat(&s);
    let path = s.path("WhatsApp Chat with +49 151 2345678.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("WhatsApp Chat with +49 151 2345678.txt", options).unwrap();
    zip.write_all(CHAT.as_bytes()).unwrap();
    // 24 MiB of zeros deflate to about 24 KB: a thousand times.
    zip.start_file("IMG-20240312-WA0001.jpg", options).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..24 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    s.wabi().args(["import", path.to_str().unwrap(), "--me", "Shop"]).assert().code(2).stderr(
        predicate::str::contains("zip bomb").and(predicate::str::contains("IMG-20240312-WA0001.jpg")),
    );
    assert_eq!(snapshot(&s.db()), before);
    assert!(!s.path("xdg-data/wabi/media").exists(), "nothing copied");
}

#[test]
fn a_message_longer_than_whatsapp_allows_is_cut_and_reported() {
    let s = Sandbox::new();
    let long = "é".repeat(70_000);
    let text = format!("{CHAT}12/03/2024, 14:09 - Ana: {long}\n");
    let report = import(&s, &export(&s, &text), &[]);
    assert_eq!(report[0]["cut"], serde_json::json!([4]));
    let stored = messages(&s, PHONE);
    let body = stored.last().unwrap()["body"].as_str().unwrap();
    assert_eq!(body.chars().count(), 65_536);
    s.wabi()
        .args(["import", export(&s, &text).to_str().unwrap(), "--me", "Shop"])
        .assert()
        .success()
        .stdout(predicate::str::contains("cut line 4"));
}

#[test]
fn year_less_exports_ask_for_the_year_and_roll_it_over() {
    let s = Sandbox::new();
    let text = "Dec 31, 11:50 PM - Ana: feliz año\nJan 1, 12:10 AM - Shop: igualmente\n";
    s.wabi()
        .args(["import", export(&s, text).to_str().unwrap(), "--me", "Shop", "--tz", "UTC"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--year"));
    assert!(!s.db().exists());
    import(&s, &export(&s, text), &["--year", "2013", "--tz", "UTC"]);
    let at: Vec<Value> = messages(&s, PHONE).iter().map(|m| m["at"].clone()).collect();
    assert_eq!(at, ["2013-12-31T23:50:00.000Z", "2014-01-01T00:10:00.000Z"]);
}

#[test]
fn the_report_places_every_line_and_counts_what_each_message_was_read_as() {
    let s = Sandbox::new();
    let text = format!(
        "Exported by a helpful tool\n\n{CHAT}12/03/2024, 14:07 - Ana: <Media omitted>\n\
         12/03/2024, 14:08 - Ana: Missed voice call\n12/03/2024, 14:09 - Ana: two\nlines\n\
         12/03/2024, 14:10 - Messages and calls are end-to-end encrypted.\n"
    );
    let report = import(&s, &export(&s, &text), &[]);
    let file = &report[0];
    assert_eq!(
        (file["lines"].as_u64(), file["before_first"].as_u64(), file["in_messages"].as_u64()),
        (Some(10), Some(2), Some(8))
    );
    let read_as = &file["read_as"];
    assert_eq!(
        [&read_as["authored"], &read_as["notices"], &read_as["calls"], &read_as["media_omitted"]],
        [5, 1, 1, 1]
    );
}

#[test]
fn an_author_with_no_name_is_imported_and_no_name_is_not_saved_as_the_contact() {
    let s = Sandbox::new();
    let text = "25/01/22, 9:32 am - \u{200E}: Good luck\n25/01/22, 9:33 am - Shop: Thanks\n";
    let report = import(&s, &export(&s, text), &[]);
    assert_eq!(report[0]["customer"], "(no name)");
    let store = Store::open(&s.db()).unwrap();
    let name: Option<String> =
        store.conn().query_row("SELECT profile_name FROM contacts", [], |r| r.get(0)).unwrap();
    assert_eq!(name, None);
    assert_eq!(messages(&s, PHONE)[0]["direction"], "in");
}

#[test]
fn calls_are_stored_with_who_called_and_how_long() {
    let s = Sandbox::new();
    let text = "[12/03/2024, 14:05:09] Ana: \u{200E}Missed voice call\n\
                [12/03/2024, 14:06:00] Shop: \u{200E}Video call, \u{200E}3 min\n\
                [12/03/2024, 14:07:00] Ana: thanks!\n";
    let report = import(&s, &export(&s, text), &[]);
    assert_eq!(report[0]["read_as"]["calls"], 2);
    let store = Store::open(&s.db()).unwrap();
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT m.body, m.kind, c.caller, c.video, c.missed, c.seconds FROM calls c
             JOIN messages m ON m.id = c.message_id ORDER BY m.at",
        )
        .unwrap();
    let calls: Vec<(String, String, String, bool, bool, Option<i64>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        calls,
        [
            ("Missed voice call".into(), "system".into(), "customer".into(), false, true, None),
            ("Video call, 3 min".into(), "system".into(), "business".into(), true, false, Some(180)),
        ]
    );
    s.wabi().args(["stats", "--verify"]).assert().success();
}
