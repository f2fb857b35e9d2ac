//! Hooks as a user runs them: `wabi serve` (two of them sharing a store) handing new messages to a
//! command, and POSTing them signed to a tiny HTTP listener on 127.0.0.1 whose HMAC python3
//! checks; bad hook config refused at the start.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::Sandbox;
use serde_json::Value;

/// A `wabi serve` child, stopped with SIGTERM when dropped.
struct Serve {
    child: Child,
    log: PathBuf,
}

impl Serve {
    fn start(s: &Sandbox, config: &Path, name: &str, env: &[(&str, &str)]) -> Serve {
        let log = s.path(&format!("{name}.log"));
        let child = s
            .wabi_process()
            .arg("--config")
            .arg(config)
            .arg("serve")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        Serve { child, log }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = std::process::Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn eventually(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn lines(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Whether a `wabi serve` holds the worker lease (its hooks run only then).
fn lease_held(s: &Sandbox) -> bool {
    let store = wabi::store::Store::open(&s.db()).unwrap();
    store.lease().unwrap().is_some_and(|l| l.expires_at > wabi::store::now_ms())
}

#[test]
fn a_hook_command_gets_a_new_inbound_message_once_with_two_processes_on_the_store() {
    let s = Sandbox::new();
    let out = s.path("hook.ndjson");
    let config = s.config(&format!(
        "[[hooks]]\nname = \"log\"\non = [\"message.in\"]\norigins = [\"customer\"]\ncommand = \"cat >> '{}'\"\n",
        out.display()
    ));
    let first = Serve::start(&s, &config, "first", &[]);
    let second = Serve::start(&s, &config, "second", &[]);
    eventually("a worker lease", Duration::from_secs(10), || lease_held(&s));
    s.wabi()
        .args(["inject", "--from", "+34 600 000 001", "--name", "Ana", "¿Abrís mañana?"])
        .assert()
        .success();
    s.wabi().args(["send", "--to", "+34 600 000 001", "Sí, a las 9"]).assert().success();
    eventually("the hook's line", Duration::from_secs(10), || !lines(&out).is_empty());
    // Long enough for a second process to deliver it again, were it to.
    std::thread::sleep(Duration::from_millis(1500));
    let got = lines(&out);
    assert_eq!(got.len(), 1, "exactly once: {got:?}\n{}\n{}", first.log(), second.log());
    assert_eq!(got[0]["kind"], "message.in");
    assert_eq!(got[0]["message"]["body"], "¿Abrís mañana?");
    assert_eq!(got[0]["chat"]["phone"], "34600000001");

    // The lease holder stops; the other takes over from the hook's cursor in the store.
    drop(first);
    s.wabi().args(["inject", "--from", "+34 600 000 002", "Hello"]).assert().success();
    eventually("the second line", Duration::from_secs(20), || lines(&out).len() >= 2);
    std::thread::sleep(Duration::from_millis(1000));
    let bodies: Vec<Value> = lines(&out).iter().map(|l| l["message"]["body"].clone()).collect();
    assert_eq!(bodies, ["¿Abrís mañana?", "Hello"], "{}", second.log());
    let status = s.json(&["--config", config.to_str().unwrap(), "hooks", "status", "--json"]);
    assert_eq!(status[0]["state"], "ok");
    assert_eq!(status[0]["delivered"], 2);
    assert_eq!(status[0]["pending"], 0);
}

/// One request as the listener read it: (head lines, body).
type Request = (Vec<String>, Vec<u8>);

/// A tiny HTTP/1.1 server on 127.0.0.1: answers each request with the next status of `answers`
/// (200 once they run out) and hands the request over.
fn listener(answers: Vec<u16>) -> (u16, Receiver<Request>) {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut answers = answers.into_iter();
        for stream in server.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = Vec::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                head.push(line.trim_end().to_string());
            }
            if head.is_empty() {
                continue; // a connection only opened to see that the port answers
            }
            let length = header(&head, "content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let status = answers.next().unwrap_or(200);
            let answer = format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            let _ = stream.write_all(answer.as_bytes());
            if tx.send((head, body)).is_err() {
                break;
            }
        }
    });
    (port, rx)
}

fn header<'a>(head: &'a [String], name: &str) -> Option<&'a str> {
    head.iter().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// HMAC-SHA256 of `body` under `secret` in hex, as python3's standard library computes it.
fn python_hmac(secret: &str, body: &[u8]) -> String {
    let mut child = std::process::Command::new("python3")
        .args(["-c", "import hmac, hashlib, sys; print(hmac.new(sys.argv[1].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest())", secret])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    child.stdin.take().unwrap().write_all(body).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn a_signed_hook_post_verifies_with_the_documented_hmac_and_is_retried_until_it_succeeds() {
    let s = Sandbox::new();
    let (port, requests) = listener(vec![500]);
    let config = s.config(&format!(
        "[[hooks]]\nname = \"crm\"\non = [\"contact.consent\"]\nurl = \"http://127.0.0.1:{port}/wabi\"\nsecret_env = \"SHOP_HOOK_SECRET\"\n"
    ));
    let secret = "s3cr3t-for-the-crm";
    let serve = Serve::start(&s, &config, "serve", &[("SHOP_HOOK_SECRET", secret)]);
    eventually("a worker lease", Duration::from_secs(10), || lease_held(&s));
    s.wabi().args(["inject", "--from", "+34 600 000 001", "--name", "Ana", "STOP"]).assert().success();
    let wait = Duration::from_secs(15);
    let (head, body) = requests.recv_timeout(wait).unwrap_or_else(|_| panic!("no POST: {}", serve.log()));
    assert!(head[0].starts_with("POST /wabi "), "{head:?}");
    let (retry_head, retry_body) = requests.recv_timeout(wait).expect("the retry after a 500");
    assert_eq!(retry_body, body, "the same event again");
    for head in [&head, &retry_head] {
        let signature = header(head, "x-wabi-signature-256").expect("signed");
        assert_eq!(signature, format!("sha256={}", python_hmac(secret, &body)));
        assert_ne!(signature, format!("sha256={}", python_hmac("another secret", &body)));
    }
    let event: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(header(&head, "x-wabi-event"), Some("contact.consent"));
    assert_eq!(header(&head, "x-wabi-cursor"), event["cursor"].as_str());
    assert_eq!(
        (event["kind"].as_str(), event["state"].as_str()),
        (Some("contact.consent"), Some("opted_out"))
    );
    assert_eq!(event["contact"]["phone"], "34600000001");
    eventually("the hook to be ok", Duration::from_secs(5), || {
        let status = s.json(&["--config", config.to_str().unwrap(), "hooks", "status", "--json"]);
        status[0]["state"] == "ok" && status[0]["delivered"] == 1
    });
    assert!(!serve.log().contains(secret), "the secret is never logged");
}

#[test]
fn serve_refuses_an_unreachable_hook_url_or_a_missing_secret() {
    let s = Sandbox::new();
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = s.config(&format!(
        "[[hooks]]\nname = \"crm\"\non = [\"message.in\"]\nurl = \"http://127.0.0.1:{closed}/x\"\nsecret_env = \"SHOP_HOOK_SECRET\"\n"
    ));
    let out = s.wabi().arg("--config").arg(&config).arg("serve").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("SHOP_HOOK_SECRET") && err.lines().count() == 1, "{err}");
    let out =
        s.wabi().arg("--config").arg(&config).arg("serve").env("SHOP_HOOK_SECRET", "x").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hook \"crm\"") && err.contains("unreachable") && err.lines().count() == 1, "{err}");
}

#[test]
fn check_config_names_the_line_of_an_unknown_event_kind() {
    let s = Sandbox::new();
    let config = s.config(
        "[[hooks]]\nname = \"crm\"\non = [\"message.in\",\n  \"message.recieved\"]\ncommand = \"true\"\n",
    );
    let out = s.wabi().arg("check-config").arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml:3: hooks[0].on[1]: unknown event kind \"message.recieved\""), "{err}");
}
