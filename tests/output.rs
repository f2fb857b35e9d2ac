//! What the real binary prints: a reader that closes the pipe early ends the output quietly (no
//! panic, and a command that committed exits 0), and stored, customer or file text never reaches
//! the terminal as a control sequence in plain output (JSON keeps it exact).

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::Sandbox;

/// An OSC 52 clipboard write, a title change, a screen clear and a bidi override.
const EVIL: &str = "x\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}y";

/// A store with chats, labels, quick replies, contacts, a broadcast list and a config.
fn filled() -> (Sandbox, std::path::PathBuf) {
    let s = Sandbox::new();
    let config = s.config("[business]\nname = \"Shop\"\n");
    for i in 0..40 {
        let phone = format!("+3460011{i:04}");
        s.wabi()
            .args(["inject", "--from", &phone, "--name", &format!("Customer {i}"), "hello"])
            .assert()
            .success();
    }
    for args in [
        &["labels", "assign", "+34600110001", "Paid"][..],
        &["quick-replies", "add", "thanks", "Thank you!"],
        &["contacts", "opt-in", "+34600110001", "--source", "web form"],
        &["broadcast", "create", "Regulars"],
        &["broadcast", "add", "Regulars", "+34600110001"],
    ] {
        s.wabi().args(args).assert().success();
    }
    (s, config)
}

/// Runs wabi with its stdout a pipe whose reader is already gone: every write fails with EPIPE.
/// Returns the exit code (None when a signal ended it) and stderr.
fn with_closed_stdout(s: &Sandbox, args: &[&str]) -> (Option<i32>, String) {
    let mut child = s
        .wabi_process()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn wabi");
    // Closed before the process has even opened the store.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn no_command_panics_when_the_reader_closes_the_pipe_early() {
    let (s, config) = filled();
    let config = config.to_string_lossy().into_owned();
    let export = s.path("chat.txt");
    std::fs::write(&export, "12/03/2024, 14:05 - Maria: Hola\n12/03/2024, 14:06 - Shop: Hi\n")
        .expect("write");
    let export = export.to_string_lossy().into_owned();
    let commands: Vec<Vec<&str>> = vec![
        vec!["chats"],
        vec!["chats", "--json"],
        vec!["messages", "--chat", "+34600110001"],
        vec!["messages", "--chat", "+34600110001", "--json"],
        vec!["labels", "list"],
        vec!["labels", "list", "--json"],
        vec!["quick-replies", "list"],
        vec!["quick-replies", "list", "--json"],
        vec!["quick-replies", "export"],
        vec!["contacts", "list"],
        vec!["contacts", "list", "--json"],
        vec!["contacts", "show", "+34600110001"],
        vec!["contacts", "show", "+34600110001", "--json"],
        vec!["contacts", "export", "+34600110001"],
        vec!["broadcast", "list"],
        vec!["broadcast", "list", "--json"],
        vec!["broadcast", "show", "Regulars"],
        vec!["broadcast", "show", "Regulars", "--json"],
        vec!["stats"],
        vec!["stats", "--json"],
        vec!["stats", "--csv"],
        vec!["stats", "--verify"],
        vec!["away", "status"],
        vec!["check-config", &config],
        vec!["--help"],
        vec!["import", "--dry-run", "--phone", "+34600119999", "--me", "Shop", &export],
    ];
    for args in &commands {
        let (code, stderr) = with_closed_stdout(&s, args);
        assert_eq!(code, Some(0), "wabi {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "wabi {args:?}: {stderr}");
    }
}

#[test]
fn a_command_that_committed_exits_0_though_nobody_read_its_output() {
    let (s, _) = filled();
    let export = s.path("chat.txt");
    std::fs::write(&export, "12/03/2024, 14:05 - Maria: Hola\n12/03/2024, 14:06 - Shop: Hi\n")
        .expect("write");
    let export = export.to_string_lossy().into_owned();
    for args in [
        &["send", "--to", "+34600110002", "on its way"][..],
        &["inject", "--from", "+34600110003", "--id", "wamid.pipe", "still there?"],
        &["import", "--phone", "+34600119999", "--me", "Shop", &export],
        &["labels", "add", "Closed pipe"],
    ] {
        let (code, stderr) = with_closed_stdout(&s, args);
        assert_eq!(code, Some(0), "wabi {args:?}: {stderr}");
        assert!(stderr.is_empty(), "wabi {args:?}: {stderr}");
    }
    let sent = s.json(&["messages", "--chat", "+34600110002", "--json"]);
    assert!(sent.as_array().is_some_and(|m| m.iter().any(|m| m["body"] == "on its way")), "{sent}");
    let imported = s.json(&["messages", "--chat", "+34600119999", "--json"]);
    assert_eq!(imported.as_array().map(Vec::len), Some(2), "{imported}");
}

#[test]
fn head_reading_one_byte_of_a_long_listing_leaves_no_panic() {
    let (s, _) = filled();
    let wabi = assert_cmd::cargo::cargo_bin("wabi");
    // The shell and head, as a user types it; head exits after one byte while wabi still writes.
    let script = "for i in 1 2 3 4 5; do \"$WABI\" chats | head -c1 >/dev/null; done; \
                  \"$WABI\" messages --chat +34600110001 | head -c1 >/dev/null; echo \"${PIPESTATUS[0]}\"";
    let out = Command::new("bash")
        .args(["-c", script])
        .env("WABI", &wabi)
        .env("WABI_DB", s.db())
        .env("HOME", s.dir.path())
        .env_remove("WABI_CONFIG")
        .output()
        .expect("bash");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0", "{stderr}");
}

#[test]
fn an_error_with_stdout_and_stderr_closed_still_exits_2() {
    let s = Sandbox::new();
    let mut child = s
        .wabi_process()
        .args(["chats", "--label", "NoSuchLabel"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(2));
}

/// Whether `text` holds anything that a terminal would act on.
fn has_controls(text: &str) -> bool {
    text.chars().any(wabi::sanitize::is_dangerous)
}

#[test]
fn a_stored_user_id_is_printed_safely_and_exactly_in_json() {
    let s = Sandbox::new();
    s.wabi().args(["inject", "--from", "+34600111222", "--name", EVIL, "hola"]).assert().success();
    // Another program wrote the id into the file (wabi refuses such ids on the way in).
    let conn = rusqlite::Connection::open(s.db()).expect("open");
    conn.execute("UPDATE contacts SET user_id = ?1, phone = NULL", [EVIL]).expect("update");
    drop(conn);
    let list = s.wabi().args(["contacts", "list"]).output().expect("run");
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(list.status.success(), "{}", String::from_utf8_lossy(&list.stderr));
    assert!(!has_controls(&text) && text.contains("x\u{241b}]52;c;"), "{text:?}");
    for args in [&["chats"][..], &["contacts", "show", EVIL]] {
        let out = s.wabi().args(args).output().expect("run");
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!has_controls(&all), "wabi {args:?}: {all:?}");
    }
    let json = s.json(&["contacts", "list", "--json"]);
    assert_eq!(json[0]["user_id"], EVIL);
    assert_eq!(json[0]["name"], EVIL);
}

#[test]
fn an_import_error_names_zip_entries_without_their_control_characters() {
    let s = Sandbox::new();
    let path = s.path("WhatsApp Chat with +34 600 111 222.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    for name in [format!("{EVIL}a.txt"), format!("{EVIL}b.txt")] {
        zip.start_file(
            name,
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
        )
        .expect("entry");
        zip.write_all(b"12/03/2024, 14:05 - Maria: Hola\n").expect("write");
    }
    zip.finish().expect("finish");
    let out = s.wabi().args(["import", "--me", "Shop"]).arg(&path).output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("which .txt is the chat?") && stderr.contains("\u{241b}]52"), "{stderr:?}");
    assert!(!has_controls(&stderr), "{stderr:?}");
}

#[test]
fn stored_label_names_and_shortcuts_are_printed_safely() {
    let s = Sandbox::new();
    s.wabi().args(["inject", "--from", "+34600111222", "hola"]).assert().success();
    s.wabi().args(["labels", "assign", "+34600111222", "Paid"]).assert().success();
    s.wabi().args(["quick-replies", "add", "thanks", "Thank you"]).assert().success();
    let conn = rusqlite::Connection::open(s.db()).expect("open");
    conn.execute("UPDATE labels SET name = ?1 WHERE name = 'Paid'", [EVIL]).expect("label");
    conn.execute("UPDATE quick_replies SET shortcut = ?1", [EVIL]).expect("quick reply");
    drop(conn);
    for args in
        [&["chats"][..], &["labels", "list"], &["quick-replies", "list"], &["stats"], &["stats", "--csv"]]
    {
        let out = s.wabi().args(args).output().expect("run");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "wabi {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains('\u{241b}') && !has_controls(&stdout), "wabi {args:?}: {stdout:?}");
    }
}

#[test]
fn a_full_disk_under_stdout_is_a_failure_not_a_quiet_exit() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full here");
        return;
    };
    let (s, _) = filled();
    let out = s.wabi_process().arg("chats").stdout(full).output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("could not write the output") && !stderr.contains("panicked"), "{stderr}");
}
