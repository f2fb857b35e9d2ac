//! What a crash, a slow Graph API and a backup taken under load do to the store: the real
//! `wabi serve`, signed POSTs on 127.0.0.1, and the system `sqlite3` to check the result.

use std::collections::HashSet;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::Sandbox;
use crate::fake_graph::FakeGraph;
use crate::sharing::{post_message, sqlite3, start_serve, terminate};
use crate::support::*;

/// Posts signed messages from `threads` senders until `stop`; returns the acknowledged ids.
fn load(url: &str, threads: usize, stop: &Arc<AtomicBool>) -> Vec<std::thread::JoinHandle<Vec<String>>> {
    (0..threads)
        .map(|t| {
            let (url, stop) = (url.to_string(), Arc::clone(stop));
            std::thread::spawn(move || {
                let mut acked = Vec::new();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let id = format!("wamid.L{t}-{i}");
                    let body = crate::support::webhook(serde_json::json!({"messages": [text_message(
                        &id, &format!("3461{t:02}{:05}", i % 50), "load", chrono::Utc::now().timestamp())]}));
                    let signature = wabi::transport::cloud::signature::sign(APP_SECRET.as_bytes(), &body);
                    let answer =
                        client().post(&url).header("X-Hub-Signature-256", &signature).send(&body[..]);
                    match answer {
                        Ok(r) if r.status().as_u16() == 200 => acked.push(id),
                        _ => {}
                    }
                    i += 1;
                }
                acked
            })
        })
        .collect()
}

#[test]
fn kill_9_under_signed_post_load_loses_no_acknowledged_message() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    let (mut serve, url) = start_serve(&s, &graph);
    let stop = Arc::new(AtomicBool::new(false));
    let senders = load(&url, 4, &stop);
    std::thread::sleep(Duration::from_millis(1500));
    Command::new("kill").args(["-KILL", &serve.id().to_string()]).status().unwrap();
    let _ = serve.wait();
    stop.store(true, Ordering::Relaxed);
    let acked: Vec<String> = senders.into_iter().flat_map(|h| h.join().unwrap()).collect();
    assert!(acked.len() > 50, "the load reached only {} messages", acked.len());
    let db = s.db();
    assert_eq!(sqlite3(&db, "PRAGMA integrity_check"), "ok");
    let stored: HashSet<String> = sqlite3(&db, "SELECT external_id FROM messages WHERE direction = 'in'")
        .lines()
        .map(String::from)
        .collect();
    let lost: Vec<&String> = acked.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged messages lost: {:?}",
        lost.len(),
        acked.len(),
        &lost[..lost.len().min(5)]
    );
    eprintln!("kill -9 under load: {} acknowledged, all {} found", acked.len(), stored.len());
}

#[test]
fn two_serves_and_an_inbox_with_a_slow_graph_api_send_each_message_once() {
    const MESSAGES: usize = 14;
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    let (mut first, url) = start_serve(&s, &graph);
    assert_eq!(post_message(&url, "wamid.IN", "34600300001", "hola"), 200);
    // One second an answer: a batch of 14 takes longer than the 10 s lease.
    graph.set_delay(Duration::from_secs(1));
    for i in 0..MESSAGES {
        s.wabi().args(["send", "--to", "34600300001", &format!("reply {i}")]).assert().success();
    }
    eventually("the first serve starts sending", || !graph.posts().is_empty());
    // A second serve and an inbox-shaped worker start while the first is mid-batch.
    let (mut second, _) = start_serve(&s, &graph);
    let config = wabi::config::Config::load(&s.path("config.toml"), true).unwrap();
    let (tx, _rx) = std::sync::mpsc::channel();
    let inbox = wabi::worker::Worker {
        store: wabi::store::Store::open(&s.db()).unwrap(),
        transport: Box::new(wabi::transport::cloud::CloudTransport::new(
            &config.transport.cloud,
            wabi::transport::cloud::Secret::new(ACCESS_TOKEN),
        )),
        holder: "wabi".into(),
        automation: None,
        standby_for: None,
    }
    .spawn(tx)
    .unwrap();
    let sent =
        |status: &str| sqlite3(&s.db(), &format!("SELECT count(*) FROM messages WHERE status = '{status}'"));
    let deadline = Instant::now() + Duration::from_secs(60);
    while sent("sent") != MESSAGES.to_string() {
        assert!(Instant::now() < deadline, "not all sent: {} sent, {} failed", sent("sent"), sent("failed"));
        assert_eq!(
            sent("failed"),
            "0",
            "a message was failed: {}",
            sqlite3(&s.db(), "SELECT error_reason FROM messages WHERE status = 'failed'")
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    inbox.stop();
    terminate(&mut second);
    terminate(&mut first);
    assert_eq!(sent("failed"), "0");
    let bodies: Vec<String> = graph.posts().iter().map(|p| p.body["text"]["body"].to_string()).collect();
    let unique: HashSet<&String> = bodies.iter().collect();
    assert_eq!(bodies.len(), MESSAGES, "the Graph API got {bodies:?}");
    assert_eq!(unique.len(), MESSAGES, "a message was sent twice: {bodies:?}");
}

#[test]
fn backup_copies_a_store_that_is_being_written_and_the_copy_checks_ok() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    let (mut serve, url) = start_serve(&s, &graph);
    let stop = Arc::new(AtomicBool::new(false));
    let senders = load(&url, 2, &stop);
    std::thread::sleep(Duration::from_millis(500));
    let copies = Mutex::new(Vec::new());
    for n in 0..3 {
        let dest = s.path(&format!("copy-{n}.db"));
        let out = s.wabi().args(["backup"]).arg(&dest).output().unwrap();
        assert!(out.status.success(), "backup: {}", String::from_utf8_lossy(&out.stderr));
        let said = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(said.contains("integrity ok"), "{said}");
        copies.lock().unwrap().push(dest);
        std::thread::sleep(Duration::from_millis(300));
    }
    stop.store(true, Ordering::Relaxed);
    let acked: usize = senders.into_iter().map(|h| h.join().unwrap().len()).sum();
    terminate(&mut serve);
    let mut last = 0;
    for dest in copies.into_inner().unwrap() {
        assert_eq!(sqlite3(&dest, "PRAGMA integrity_check"), "ok");
        let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&dest).unwrap().permissions());
        assert_eq!(mode & 0o777, 0o600, "a backup is private");
        assert!(!dest.with_extension("db-wal").exists(), "a backup is one file");
        let n: usize = sqlite3(&dest, "SELECT count(*) FROM messages").parse().unwrap();
        assert!(n >= last, "a later backup has fewer messages");
        last = n;
    }
    assert!(last > 0 && last <= acked, "backups hold {last} of {acked}");
    // A copy opens as a store.
    s.wabi().env("WABI_DB", s.path("copy-2.db")).args(["chats", "--json"]).assert().success();
}

#[test]
fn backup_refuses_a_missing_store_and_the_store_itself() {
    let s = Sandbox::new();
    s.wabi()
        .args(["backup"])
        .arg(s.path("b.db"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no store to back up"));
    assert!(!s.db().exists(), "a backup created a store");
    s.wabi().args(["chats"]).assert().success();
    s.wabi()
        .args(["backup"])
        .arg(s.db())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the store itself"));
    s.wabi().args(["backup"]).arg(s.path("nowhere/b.db")).assert().code(2);
    // A folder gets a dated file.
    let dir = s.path("backups");
    std::fs::create_dir(&dir).unwrap();
    s.wabi().args(["backup"]).arg(&dir).assert().success();
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].to_string_lossy().starts_with("wabi-"));
}
