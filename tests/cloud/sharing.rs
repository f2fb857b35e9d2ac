//! The store shared with programs wabi did not write, as an operator does: the system `sqlite3`
//! shell and Python's `sqlite3` module read and write the file while `wabi serve` (webhook and
//! worker) runs on it, and while an inbox-shaped process (a main connection plus the worker's)
//! holds it open. Before the fix, one read by either tool deleted the live write-ahead log.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Child, Command};

use serde_json::json;

use crate::common::Sandbox;
use crate::fake_graph::FakeGraph;
use crate::support::*;

/// Runs the system `sqlite3` shell on `db` and returns its trimmed output.
pub fn sqlite3(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .output()
        .expect("the system sqlite3 shell (apt-get install sqlite3) is needed for this test");
    assert!(out.status.success(), "sqlite3 {sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Runs one statement through Python's `sqlite3` module (its own SQLite library) and returns the
/// first column of the first row, committing any write.
pub fn python_sqlite(db: &Path, sql: &str) -> String {
    let script = "import sqlite3, sys\n\
                  c = sqlite3.connect(sys.argv[1])\n\
                  row = c.execute(sys.argv[2]).fetchone()\n\
                  c.commit()\n\
                  print('' if row is None else row[0])\n\
                  c.close()\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(db)
        .arg(sql)
        .output()
        .expect("python3 is needed for this test");
    assert!(out.status.success(), "python sqlite3 {sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Whether process `pid` holds a POSIX lock on the file `db` (Linux's /proc/locks).
pub fn holds_lock(pid: u32, db: &Path) -> bool {
    let meta = std::fs::metadata(db).unwrap();
    let (major, minor) = (libc_major(meta.dev()), libc_minor(meta.dev()));
    let locks = std::fs::read_to_string("/proc/locks").unwrap();
    locks.lines().any(|line| {
        let f: Vec<&str> = line.split_whitespace().collect();
        // "1: POSIX  ADVISORY  READ 1234 fd:01:5678 1073741826 1073742335" (a "->" marks waiters)
        let f: Vec<&str> = f.into_iter().filter(|w| *w != "->").collect();
        f.len() >= 6 && f[1] == "POSIX" && f[4] == pid.to_string() && {
            let id: Vec<&str> = f[5].split(':').collect();
            id.len() == 3
                && u64::from_str_radix(id[0], 16).ok() == Some(major)
                && u64::from_str_radix(id[1], 16).ok() == Some(minor)
                && id[2].parse::<u64>().ok() == Some(meta.ino())
        }
    })
}

// glibc's encoding of dev_t.
fn libc_major(dev: u64) -> u64 {
    ((dev >> 32) & 0xffff_f000) | ((dev >> 8) & 0x0000_0fff)
}
fn libc_minor(dev: u64) -> u64 {
    ((dev >> 12) & 0xffff_ff00) | (dev & 0x0000_00ff)
}

fn wal_inode(db: &Path) -> Option<u64> {
    std::fs::metadata(db.with_extension("db-wal")).ok().map(|m| m.ino())
}

/// `wabi serve` (cloud) as a child process; returns it with its webhook URL.
pub fn start_serve(s: &Sandbox, graph: &FakeGraph) -> (Child, String) {
    let config = s.config(&format!(
        "[transport]\nkind = \"cloud\"\n\n[transport.cloud]\nphone_number_id = \"PNID\"\n\
         listen = \"127.0.0.1:0\"\ngraph_url = \"{}\"\n",
        graph.url()
    ));
    let mut child = serve_command(s, &config).spawn().unwrap();
    let url = webhook_url_drained(&mut child);
    (child, url)
}

/// POSTs one signed text message; returns the HTTP status.
pub fn post_message(url: &str, id: &str, from: &str, text: &str) -> u16 {
    let body = webhook(json!({"messages": [text_message(id, from, text, chrono::Utc::now().timestamp())]}));
    let signature = wabi::transport::cloud::signature::sign(APP_SECRET.as_bytes(), &body);
    client().post(url).header("X-Hub-Signature-256", &signature).send(&body[..]).unwrap().status().as_u16()
}

pub fn terminate(child: &mut Child) {
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let exit = child.wait().unwrap();
    assert!(exit.success(), "wabi serve exited with {exit:?}");
}

#[test]
fn serve_keeps_every_message_while_sqlite3_and_python_read_and_write_the_store() {
    let s = Sandbox::new();
    let db = s.db();
    let graph = FakeGraph::start();
    let (mut serve, url) = start_serve(&s, &graph);
    let mut acknowledged = 0;
    let mut post_batch = |round: u32| {
        for i in 0..10 {
            let status =
                post_message(&url, &format!("wamid.R{round}-{i}"), &format!("3460010{round}{i:03}"), "hola");
            assert_eq!(status, 200);
            acknowledged += 1;
        }
    };
    post_batch(1);
    assert!(holds_lock(serve.id(), &db), "wabi serve holds no lock on the store (/proc/locks)");
    let wal = wal_inode(&db).expect("a running serve keeps a write-ahead log");

    // Other programs read the store while serve runs.
    assert_eq!(sqlite3(&db, "SELECT count(*) FROM messages"), "10");
    assert_eq!(python_sqlite(&db, "SELECT count(*) FROM messages"), "10");
    assert_eq!(wal_inode(&db), Some(wal), "a reader deleted the live write-ahead log");
    assert!(holds_lock(serve.id(), &db), "serve lost its lock after another program read the store");

    // Serve still sees what others write, and they see what it writes.
    post_batch(2);
    assert_eq!(sqlite3(&db, "SELECT count(*) FROM messages WHERE direction = 'in'"), "20");
    s.wabi().args(["send", "--to", "34600101000", "from the CLI"]).assert().success();
    eventually("serve sends what the CLI queued", || graph.posts().len() == 1);
    let now = chrono::Utc::now().timestamp_millis();
    sqlite3(
        &db,
        &format!(
            "INSERT INTO messages (chat_id, direction, kind, body, origin, status, next_attempt_at, created_at, at)
             SELECT c.id, 'out', 'text', 'from the sqlite3 shell', 'api', 'queued', {now}, {now}, {now}
             FROM chats c JOIN contacts p ON p.id = c.contact_id WHERE p.phone = '34600102000'"
        ),
    );
    eventually("serve sends what the sqlite3 shell queued", || graph.posts().len() == 2);
    python_sqlite(&db, "UPDATE contacts SET saved_name = 'Named by Python' WHERE phone = '34600101001'");
    post_batch(3);
    assert_eq!(python_sqlite(&db, "SELECT count(*) FROM messages WHERE direction = 'in'"), "30");
    assert_eq!(wal_inode(&db), Some(wal), "the write-ahead log was replaced while serve ran");

    terminate(&mut serve);
    assert_eq!(sqlite3(&db, "PRAGMA integrity_check"), "ok");
    assert_eq!(
        sqlite3(&db, "SELECT count(*) FROM messages WHERE direction = 'in'"),
        acknowledged.to_string()
    );
    assert_eq!(
        sqlite3(&db, "SELECT count(*) FROM messages WHERE direction = 'out' AND status = 'sent'"),
        "2"
    );
    assert_eq!(
        sqlite3(&db, "SELECT saved_name FROM contacts WHERE phone = '34600101001'"),
        "Named by Python"
    );
}

#[test]
fn an_inbox_shaped_process_keeps_its_lock_and_its_log_when_sqlite3_reads() {
    use wabi::store::Store;
    // The inbox opens its main connection, then the worker opens its own: the second open used to
    // close a descriptor of the file and so drop the first connection's lock.
    let s = Sandbox::new();
    let db = s.db();
    let mut main = Store::open(&db).unwrap();
    main.insert_messages(&[inbound("wamid.A", "34600200001", "first")]).unwrap();
    let worker = Store::open(&db).unwrap();
    let reader = Store::open(&db).unwrap();
    assert!(holds_lock(std::process::id(), &db), "no lock on the store after a second open");
    let wal = wal_inode(&db).expect("write-ahead log");
    assert_eq!(sqlite3(&db, "SELECT count(*) FROM messages"), "1");
    assert_eq!(python_sqlite(&db, "SELECT count(*) FROM messages"), "1");
    assert_eq!(wal_inode(&db), Some(wal), "a reader deleted the live write-ahead log");
    main.insert_messages(&[inbound("wamid.B", "34600200002", "second")]).unwrap();
    assert_eq!(sqlite3(&db, "SELECT count(*) FROM messages"), "2", "a write after the read is lost");
    python_sqlite(&db, "UPDATE contacts SET saved_name = 'Py' WHERE phone = '34600200001'");
    let seen: i64 = main.conn().query_row("SELECT count(*) FROM messages", [], |r| r.get(0)).unwrap();
    assert_eq!(seen, 2, "the inbox no longer sees what it wrote");
    drop((main, worker, reader));
    assert_eq!(sqlite3(&db, "PRAGMA integrity_check"), "ok");
    assert_eq!(sqlite3(&db, "SELECT count(*) FROM messages"), "2");
}

fn inbound(id: &str, phone: &str, text: &str) -> wabi::store::NewMessage {
    let from = wabi::store::ContactKey::Phone(phone.into());
    let mut m = wabi::store::NewMessage::text(from, text, wabi::store::now_ms());
    m.external_id = Some(id.into());
    m
}

/// The real inbox in a real terminal (tmux), as the operator runs it.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out =
            Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("tmux is needed");
        String::from_utf8_lossy(&out.stdout).to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn the_inbox_in_tmux_keeps_its_lock_and_shows_customers_who_write_after_a_sqlite3_read() {
    let s = Sandbox::new();
    let db = s.db();
    s.wabi().args(["inject", "--from", "+34600400001", "--name", "Ana Before", "hola"]).assert().success();
    let tmux = Tmux { socket: format!("wabi-test-{}", std::process::id()) };
    let command = format!(
        "exec env HOME={home} XDG_CONFIG_HOME={home}/xdg-config XDG_DATA_HOME={home}/xdg-data WABI_DB={db} {bin}",
        home = s.dir.path().display(),
        db = db.display(),
        bin = assert_cmd::cargo::cargo_bin("wabi").display()
    );
    tmux.run(&["new-session", "-d", "-s", "inbox", "-x", "120", "-y", "40", &command]);
    eventually("the inbox draws its list", || {
        tmux.run(&["capture-pane", "-p", "-t", "inbox"]).contains("Ana Before")
    });
    let pid: u32 = tmux.run(&["list-panes", "-t", "inbox", "-F", "#{pane_pid}"]).trim().parse().unwrap();
    assert!(holds_lock(pid, &db), "the running inbox holds no lock on the store (/proc/locks)");
    let wal = wal_inode(&db).expect("a running inbox keeps a write-ahead log");
    assert_eq!(sqlite3(&db, "SELECT count(*) FROM messages"), "1");
    assert_eq!(python_sqlite(&db, "SELECT count(*) FROM messages"), "1");
    assert_eq!(wal_inode(&db), Some(wal), "a reader deleted the inbox's write-ahead log");
    s.wabi().args(["inject", "--from", "+34600400002", "--name", "Bruno After", "buenas"]).assert().success();
    eventually("a customer who writes after the read appears in the inbox", || {
        tmux.run(&["capture-pane", "-p", "-t", "inbox"]).contains("Bruno After")
    });
    tmux.run(&["send-keys", "-t", "inbox", "q"]);
    eventually("the inbox quits", || !std::path::Path::new(&format!("/proc/{pid}")).exists());
    assert_eq!(sqlite3(&db, "PRAGMA integrity_check"), "ok");
    assert_eq!(sqlite3(&db, "SELECT count(*) FROM messages"), "2");
}
