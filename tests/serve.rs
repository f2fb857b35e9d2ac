//! `wabi serve` as a user runs it: the real binary in the background on a temporary store, fed by
//! `wabi inject` and `wabi send`, read back with `wabi messages --json`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::Sandbox;
use wabi::store::Store;
use wabi::worker::automate::CURSOR_KEY;

/// Closed at every hour of every day, with both automatic messages on.
const CLOSED: &str = r#"
[hours]
mon = []
tue = []
wed = []
thu = []
fri = []
[away]
enabled = true
message = "We are closed."
[greeting]
enabled = true
message = "Hello {{first_name|there}}!"
when_away = "greeting_then_away"
"#;

const MARIA: &str = "+34 600 000 001";

/// A `wabi serve` child process, stopped (SIGTERM) when dropped if a test failed half-way.
struct Serve {
    child: Child,
    log: PathBuf,
}

impl Serve {
    fn start(s: &Sandbox, config: &Path, name: &str) -> Serve {
        let log = s.path(&format!("{name}.log"));
        let child = s
            .wabi_process()
            .arg("--config")
            .arg(config)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        Serve { child, log }
    }

    fn terminate(&mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "wabi serve ignored SIGTERM: {}", self.log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stop(mut self) {
        let status = self.terminate();
        assert!(status.success(), "wabi serve exited with {status}: {}", self.log());
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.terminate();
        }
    }
}

fn wabi(s: &Sandbox, config: &Path, args: &[&str]) {
    s.wabi().arg("--config").arg(config).args(args).assert().success();
}

/// The origins of a chat's outbound messages, oldest first.
fn answers(s: &Sandbox, chat: &str) -> Vec<String> {
    let messages = s.json(&["messages", "--chat", chat, "--json"]);
    let messages = messages.as_array().cloned().unwrap_or_default();
    let outbound = messages.iter().filter(|m| m["direction"] == "out");
    outbound.map(|m| m["origin"].as_str().unwrap_or_default().to_string()).collect()
}

/// Waits (up to ten seconds) until `ready` holds; `what` explains a timeout.
fn eventually(mut ready: impl FnMut() -> bool, what: impl Fn() -> String) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {}", what());
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits until a worker has run its first automation pass (it then answers new messages).
fn wait_for_worker(s: &Sandbox, serve: &Serve) {
    eventually(
        || Store::open(&s.db()).ok().and_then(|store| store.setting(CURSOR_KEY).ok().flatten()).is_some(),
        || format!("the worker's first pass; wabi serve said: {}", serve.log()),
    );
}

/// Waits until the worker has answered `chat` with exactly `expected`, then returns.
fn wait_for_answers(s: &Sandbox, chat: &str, expected: &[&str]) {
    eventually(|| answers(s, chat) == expected, || format!("{expected:?} for {chat}"));
}

#[test]
fn serve_answers_a_new_customer_once_across_restarts_and_a_second_serve() {
    let s = Sandbox::new();
    let config = s.config(CLOSED);
    let first = Serve::start(&s, &config, "first");
    wait_for_worker(&s, &first);
    wabi(&s, &config, &["inject", "--from", MARIA, "--name", "Maria Lopez", "Hola"]);
    wait_for_answers(&s, MARIA, &["greeting", "away"]);
    wabi(&s, &config, &["inject", "--from", MARIA, "are you there?"]);
    first.stop();

    let second = Serve::start(&s, &config, "second");
    let third = Serve::start(&s, &config, "third");
    wabi(&s, &config, &["inject", "--from", MARIA, "hello again"]);
    // Bo writes last: once he is answered, the worker has passed Maria's messages.
    wabi(&s, &config, &["inject", "--from", "+34 600 000 002", "Hi"]);
    wait_for_answers(&s, "+34 600 000 002", &["greeting", "away"]);
    assert_eq!(answers(&s, MARIA), ["greeting", "away"]);
    second.stop();
    third.stop();
}

#[test]
fn serve_holds_the_away_message_back_after_the_operator_wrote() {
    let s = Sandbox::new();
    let config = s.config(CLOSED);
    let serve = Serve::start(&s, &config, "serve");
    wait_for_worker(&s, &serve);
    wabi(&s, &config, &["send", "--to", MARIA, "Your order is ready"]);
    wabi(&s, &config, &["inject", "--from", MARIA, "Thanks! When can I pick it up?"]);
    wabi(&s, &config, &["inject", "--from", "+34 600 000 002", "Hi"]);
    wait_for_answers(&s, "+34 600 000 002", &["greeting", "away"]);
    assert_eq!(answers(&s, MARIA), ["api"], "no greeting (not new), no away (the operator wrote)");
    serve.stop();
}

#[test]
fn serve_with_hours_open_now_in_tokyo_sends_only_the_greeting() {
    let s = Sandbox::new();
    let open_all_week = "timezone = \"Asia/Tokyo\"\nsat = [\"00:00-24:00\"]\nsun = [\"00:00-24:00\"]";
    let open =
        CLOSED.replace("[]", "[\"00:00-24:00\"]").replace("[hours]", &format!("[hours]\n{open_all_week}"));
    let config = s.config(&open);
    let serve = Serve::start(&s, &config, "serve");
    wait_for_worker(&s, &serve);
    wabi(&s, &config, &["inject", "--from", MARIA, "Hola"]);
    wait_for_answers(&s, MARIA, &["greeting"]);
    wabi(&s, &config, &["inject", "--from", "+34 600 000 002", "Hi"]);
    wait_for_answers(&s, "+34 600 000 002", &["greeting"]);
    assert_eq!(answers(&s, MARIA), ["greeting"]);
    serve.stop();
}
