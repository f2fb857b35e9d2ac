//! The event log and `wabi events` as a consumer uses them: the real binary on a temporary store,
//! restarted mid-stream, following, reading through a pipe that closes; and `wabi send --csv`.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, snapshot};
use serde_json::Value;
use wabi::store::Store;

fn inject(s: &Sandbox, phone: &str, text: &str) {
    s.wabi().args(["inject", "--from", phone, "--name", "Ana", text]).assert().success();
}

/// Every event line of `wabi events --json` with these extra arguments.
fn events(s: &Sandbox, args: &[&str]) -> Vec<Value> {
    let out = s.wabi().args(["events", "--json"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn cursors(lines: &[Value]) -> Vec<String> {
    lines.iter().map(|l| l["cursor"].as_str().unwrap().to_string()).collect()
}

/// `wabi events --follow --json ...` running, its stdout read line by line.
struct Follower {
    child: Child,
    lines: std::sync::mpsc::Receiver<(Instant, String)>,
}

impl Follower {
    fn start(s: &Sandbox, args: &[&str]) -> Follower {
        let mut child = s
            .wabi_process()
            .args(["events", "--follow", "--json"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        Follower { child, lines }
    }

    fn next(&self) -> (Instant, Value) {
        let (at, line) = self.lines.recv_timeout(Duration::from_secs(10)).expect("an event line");
        (at, serde_json::from_str(&line).unwrap())
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_consumer_restarted_mid_stream_with_since_sees_every_event_once() {
    let s = Sandbox::new();
    for i in 0..6 {
        inject(&s, &format!("+34 600 000 00{i}"), &format!("hello {i}"));
    }
    let follower = Follower::start(&s, &["--since", "0"]);
    let mut seen: Vec<Value> = (0..4).map(|_| follower.next().1).collect();
    drop(follower);
    // While no consumer runs, more happens.
    inject(&s, "+34 600 000 001", "still there?");
    s.wabi().args(["labels", "assign", "+34 600 000 001", "Paid"]).assert().success();
    let resume = seen.last().unwrap()["cursor"].as_str().unwrap().to_string();
    seen.extend(events(&s, &["--since", &resume]));

    let all = events(&s, &["--since", "0"]);
    assert_eq!(all.len(), 8);
    assert_eq!(cursors(&seen), cursors(&all), "every event once, in order");
    let kinds: Vec<&str> = all.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds[..7], ["message.in"; 7]);
    assert_eq!(kinds[7], "chat.label");
    assert_eq!(all[6]["message"]["body"], "still there?");
    assert_eq!(all[6]["chat"]["phone"], "34600000001");
    let seqs: Vec<i64> =
        cursors(&all).iter().map(|c| c.rsplit(':').next().unwrap().parse().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
}

#[test]
fn a_new_message_reaches_a_follower_within_a_second() {
    let s = Sandbox::new();
    inject(&s, "+34 600 000 001", "first");
    let follower = Follower::start(&s, &[]);
    // Without --since a follower starts at the end: the first message is not repeated.
    std::thread::sleep(Duration::from_millis(300));
    let mut worst = Duration::ZERO;
    for i in 0..3 {
        inject(&s, "+34 600 000 001", &format!("new {i}"));
        let stored = Instant::now();
        let (at, event) = follower.next();
        assert_eq!(event["message"]["body"], format!("new {i}"));
        worst = worst.max(at.saturating_duration_since(stored));
    }
    assert!(worst < Duration::from_secs(1), "slowest: {worst:?}");
}

#[test]
fn a_closed_pipe_ends_events_quietly_also_while_following() {
    let s = Sandbox::new();
    inject(&s, "+34 600 000 001", "hi");
    let db = s.db();
    let bin = assert_cmd::cargo::cargo_bin("wabi");
    for args in ["events --json --since 0", "events --follow --since 0"] {
        let script = format!(
            "'{}' --db '{}' {args} | head -n 1 >/dev/null; echo \"status ${{PIPESTATUS[0]}}\"",
            bin.display(),
            db.display()
        );
        let started = Instant::now();
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(&script)
            .env_remove("WABI_CONFIG")
            .env("HOME", s.dir.path())
            .output()
            .unwrap();
        assert!(started.elapsed() < Duration::from_secs(5), "{args}: took {:?}", started.elapsed());
        assert_eq!(String::from_utf8_lossy(&out.stdout), "status 0\n", "{args}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args}");
    }
}

#[test]
fn a_cursor_from_another_store_or_not_a_cursor_is_refused() {
    let (a, b) = (Sandbox::new(), Sandbox::new());
    inject(&a, "+34 600 000 001", "hi");
    inject(&b, "+34 600 000 001", "hi");
    let cursor = cursors(&events(&a, &[]))[0].clone();
    for bad in [cursor.as_str(), "12", "x:y"] {
        let out = b.wabi().args(["events", "--since", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let out = b.wabi().args(["events", "--since", &cursor]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("another store"));
}

#[test]
fn status_label_consent_and_chat_changes_are_logged_and_erase_removes_them() {
    let s = Sandbox::new();
    inject(&s, "+34 600 000 001", "STOP");
    s.wabi().args(["labels", "assign", "+34 600 000 001", "Paid"]).assert().success();
    s.wabi().args(["labels", "rm", "Paid"]).assert().success();
    let kinds: Vec<String> =
        events(&s, &[]).iter().map(|e| e["kind"].as_str().unwrap().to_string()).collect();
    assert_eq!(kinds, ["message.in", "contact.consent", "chat.label", "chat.label"]);
    let all = events(&s, &[]);
    assert_eq!(all[1]["state"], "opted_out");
    assert_eq!(all[3]["label"], "Paid");
    assert_eq!(all[3]["change"], "removed");

    let store = Store::open(&s.db()).unwrap();
    let chat = store.conn().query_row("SELECT id FROM chats", [], |r| r.get::<_, i64>(0)).unwrap();
    store.conn().execute("UPDATE chats SET status = 'done' WHERE id = ?1", [chat]).unwrap();
    drop(store);
    let last = events(&s, &[]).pop().unwrap();
    assert_eq!(
        (last["kind"].as_str(), last["status"].as_str(), last["was"].as_str()),
        (Some("chat.status"), Some("done"), Some("open"))
    );

    s.wabi().args(["contacts", "erase", "+34 600 000 001", "--yes"]).assert().success();
    assert_eq!(events(&s, &[]), Vec::<Value>::new(), "the person's events are erased with them");
}

#[test]
fn a_broadcast_finishing_logs_broadcast_done_once() {
    use wabi::broadcast::Pacing;
    use wabi::store::{BroadcastPlan, ContactKey};
    let s = Sandbox::new();
    let mut store = Store::open(&s.db()).unwrap();
    store.create_list("Regulars").unwrap();
    for p in ["34600000001", "34600000002"] {
        store.ensure_chat(&ContactKey::Phone(p.into())).unwrap();
    }
    store
        .add_members(
            "Regulars",
            &[ContactKey::Phone("34600000001".into()), ContactKey::Phone("34600000002".into())],
        )
        .unwrap();
    let plan = BroadcastPlan {
        text: Some("Spring sale".into()),
        template: None,
        require_opt_in: false,
        window: false,
        pacing: Pacing { interval_ms: 1, recipient_gap_ms: 0 },
        now: 1_000,
        placeholders: Default::default(),
    };
    store.send_broadcast("Regulars", &plan).unwrap();
    let items = store.claim_outbox(1_500, 10).unwrap();
    assert_eq!(items.len(), 2);
    store.mark_sent(items[0].id, "wamid.a", 2_000).unwrap();
    assert!(!events(&s, &[]).iter().any(|e| e["kind"] == "broadcast.done"));
    store.mark_failed(items[1].id, Some(131026), "undeliverable", 3_000).unwrap();
    store.apply_status("wamid.a", wabi::model::Status::Delivered, 4_000, None).unwrap();
    let done: Vec<Value> = events(&s, &[]).into_iter().filter(|e| e["kind"] == "broadcast.done").collect();
    assert_eq!(done.len(), 1);
    let b = &done[0]["broadcast"];
    assert_eq!(
        (b["list"].as_str(), b["recipients"].as_i64(), b["sent"].as_i64(), b["failed"].as_i64()),
        (Some("Regulars"), Some(2), Some(1), Some(1))
    );
}

const PICKUP: &str = "[[templates]]\nname = \"ready_for_pickup\"\nparams = [\"name\", \"order\"]\n";

#[test]
fn a_300_row_csv_queues_300_templates_minus_the_opted_out_and_reports_them() {
    let s = Sandbox::new();
    let config = s.config(PICKUP);
    let phone = |i: usize| format!("+34 600 {:03} {:03}", i / 1000, i % 1000);
    let mut csv = String::from("phone,order,name\n");
    for i in 0..300 {
        csv.push_str(&format!("{},{},\"Customer {i}, Jr\"\n", phone(i), 1000 + i));
    }
    let file = s.path("orders.csv");
    std::fs::write(&file, csv).unwrap();
    let opted_out = [7, 150, 299];
    for i in opted_out {
        s.wabi().args(["contacts", "opt-out"]).arg(phone(i)).assert().success();
    }
    let out = s
        .wabi()
        .arg("--config")
        .arg(&config)
        .args(["send", "--template", "ready_for_pickup", "--csv"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("queued 297 message(s) with template ready_for_pickup"), "{text}");
    assert!(text.contains("skipped 3:\n  line 9: +34600000007: opted_out\n"), "{text}");
    assert!(
        text.contains("  line 152: +34600000150: opted_out\n  line 301: +34600000299: opted_out\n"),
        "{text}"
    );

    let store = Store::open(&s.db()).unwrap();
    let (queued, first, last): (i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT count(*), min(next_attempt_at), max(next_attempt_at) FROM messages WHERE status = 'queued' AND origin = 'broadcast'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(queued, 297);
    assert!(last - first >= 296 * 50, "paced at 20 a second: {} ms", last - first);
    let params: String = store
        .conn()
        .query_row("SELECT template FROM messages m JOIN chats c ON c.id = m.chat_id JOIN contacts co ON co.id = c.contact_id WHERE co.phone = '34600000001'", [], |r| r.get(0))
        .unwrap();
    let template: Value = serde_json::from_str(&params).unwrap();
    assert_eq!(template["params"], serde_json::json!(["Customer 1, Jr", "1001"]));
}

#[test]
fn a_csv_with_a_bad_line_queues_nothing_and_names_the_line() {
    let s = Sandbox::new();
    let config = s.config(PICKUP);
    inject(&s, "+34 600 000 001", "hi");
    let before = snapshot(&s.db());
    for (csv, wanted) in [
        (
            "phone,name,order\n+34600000001,Ana,1\n+34600000002,Bo\n+34600000003,Cy,3\n",
            "orders.csv:3: the parameter \"order\" (column 3) is empty",
        ),
        ("phone,name\n+34600000001,Ana\n", "orders.csv:1: no column for the template's parameter \"order\""),
        ("+34600000001,Ana,1\n+34 6OO,Bo,2\n", "orders.csv:2: "),
    ] {
        std::fs::write(s.path("orders.csv"), csv).unwrap();
        let out = s
            .wabi()
            .arg("--config")
            .arg(&config)
            .args(["send", "--template", "ready_for_pickup", "--csv"])
            .arg(s.path("orders.csv"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(wanted), "{err}");
        assert_eq!(snapshot(&s.db()), before, "nothing queued");
    }
}

#[test]
fn a_message_written_with_the_sqlite3_shell_is_logged_too() {
    let s = Sandbox::new();
    inject(&s, "+34 600 000 001", "hi");
    let sql = "INSERT INTO messages (chat_id, direction, kind, body, origin, created_at, at) \
               VALUES (1, 'in', 'text', 'typed in the shell', 'customer', 1, 1764944400000);";
    let out = std::process::Command::new("sqlite3").arg(s.db()).arg(sql).output().expect("the sqlite3 shell");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let last = events(&s, &[]).pop().unwrap();
    assert_eq!(last["kind"], "message.in");
    assert_eq!(last["message"]["body"], "typed in the shell");
    assert_eq!(last["message"]["at"], "2025-12-05T14:20:00.000Z");
}
