//! `wabi serve --env-file FILE` as the systemd unit runs it, reloaded with SIGHUP: a new access
//! token is used without a restart (and the messages Meta refused with the old one go out at
//! once), a new app secret restarts the webhook, a broken config is refused and nothing changes.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStderr, Stdio};

use serde_json::json;

use crate::common::Sandbox;
use crate::fake_graph::{self, FakeGraph};
use crate::support::*;

struct Serve {
    child: Child,
    stderr: BufReader<ChildStderr>,
    /// Every line read so far, for failure messages.
    seen: String,
}

impl Serve {
    fn start(s: &Sandbox, config: &Path, env_file: &Path) -> Serve {
        let mut child = s
            .wabi_process()
            .env("XDG_STATE_HOME", s.path("xdg-state"))
            .env_remove("WABI_ACCESS_TOKEN")
            .env_remove("WABI_APP_SECRET")
            .env_remove("WABI_VERIFY_TOKEN")
            .arg("--config")
            .arg(config)
            .arg("serve")
            .arg("--env-file")
            .arg(env_file)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        Serve { child, stderr, seen: String::new() }
    }

    /// Reads stderr up to the first line starting with `prefix` (after "wabi serve: ").
    fn line(&mut self, prefix: &str) -> String {
        loop {
            let mut line = String::new();
            let n = self.stderr.read_line(&mut line).unwrap();
            assert!(n > 0, "wabi serve ended before {prefix:?}: {}", self.seen);
            self.seen.push_str(&line);
            if let Some(rest) = line.trim().strip_prefix("wabi serve: ") {
                if rest.starts_with(prefix) {
                    return rest.to_string();
                }
            }
        }
    }

    fn signal(&self, name: &str) {
        let pid = self.child.id().to_string();
        assert!(std::process::Command::new("kill").args([name, &pid]).status().unwrap().success());
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn env_file(path: &Path, token: &str, app_secret: &str) {
    let text = format!(
        "# wabi's secrets\nWABI_ACCESS_TOKEN={token}\nWABI_APP_SECRET=\"{app_secret}\"\nWABI_VERIFY_TOKEN={VERIFY_TOKEN}\n"
    );
    std::fs::write(path, text).unwrap();
}

fn post(url: &str, app_secret: &str, id: &str) -> u16 {
    let body = webhook(
        json!({"messages": [text_message(id, "34600111222", "hola", chrono::Utc::now().timestamp())]}),
    );
    let signature = wabi::transport::cloud::signature::sign(app_secret.as_bytes(), &body);
    client().post(url).header("X-Hub-Signature-256", &signature).send(&body[..]).unwrap().status().as_u16()
}

#[test]
fn sighup_rereads_the_secrets_and_the_config_without_a_restart() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    let config_text = format!(
        "[transport]\nkind = \"cloud\"\n\n[transport.cloud]\nphone_number_id = \"PNID\"\n\
         listen = \"127.0.0.1:0\"\ngraph_url = \"{}\"\n",
        graph.url()
    );
    let config = s.config(&config_text);
    let secrets = s.path("env");
    env_file(&secrets, "old-token", APP_SECRET);
    // Meta refuses the old token: sending pauses, the message waits.
    graph.script([fake_graph::error(401, 190, "Error validating access token: Session has expired")]);
    let mut serve = Serve::start(&s, &config, &secrets);
    let ready = serve.line("ready: ");
    assert!(ready.ends_with(", worker holds the lease"), "{ready}");
    let base = ready.trim_start_matches("ready: listening on ").split(',').next().unwrap().to_string();
    let url = format!("{base}/webhook");
    assert_eq!(post(&url, APP_SECRET, "wamid.R1"), 200);
    let mut wabi = s.wabi();
    wabi.arg("--config").arg(&config).args(["send", "--to", "34600111222", "hi!"]).assert().success();
    eventually("the first attempt", || graph.posts().len() == 1);
    assert_eq!(graph.posts()[0].authorization.as_deref(), Some("Bearer old-token"));
    serve.line("sending paused");

    // A new token in the file, then SIGHUP: the held message goes out now, with it.
    env_file(&secrets, "new-token", APP_SECRET);
    serve.signal("-HUP");
    let reloaded = serve.line("reloaded ");
    assert!(reloaded.contains("transport cloud, webhook unchanged"), "{reloaded}");
    assert!(reloaded.contains("1 paused message(s) due again"), "{reloaded}");
    eventually("the retry with the new token", || graph.posts().len() == 2);
    assert_eq!(graph.posts()[1].authorization.as_deref(), Some("Bearer new-token"));
    assert_eq!(post(&url, APP_SECRET, "wamid.R2"), 200, "the webhook kept running");

    // A broken config is refused; everything goes on as it was.
    std::fs::write(&config, "[transport\n").unwrap();
    serve.signal("-HUP");
    let refused = serve.line("reload refused");
    assert!(refused.contains("config.toml:1"), "{refused}");
    assert_eq!(post(&url, APP_SECRET, "wamid.R3"), 200);

    // A new app secret restarts the webhook: the old signature no longer passes.
    std::fs::write(&config, &config_text).unwrap();
    env_file(&secrets, "new-token", "rotated-app-secret");
    serve.signal("-HUP");
    let restarted = serve.line("reloaded ");
    let addr = restarted.rsplit("webhook restarted on ").next().unwrap().to_string();
    let url = format!("http://{addr}/webhook");
    assert_eq!(post(&url, APP_SECRET, "wamid.R4"), 401);
    assert_eq!(post(&url, "rotated-app-secret", "wamid.R5"), 200);

    serve.signal("-TERM");
    let mut rest = String::new();
    serve.stderr.read_to_string(&mut rest).unwrap();
    assert!(serve.child.wait().unwrap().success(), "{rest}");
    let all = format!("{}{rest}", serve.seen);
    let log = std::fs::read_to_string(s.path("xdg-state/wabi/wabi.log")).unwrap();
    for secret in ["old-token", "new-token", APP_SECRET, "rotated-app-secret", VERIFY_TOKEN] {
        assert!(!log.contains(secret) && !all.contains(secret), "{secret:?} was printed or logged");
    }
    assert!(log.contains("ready: listening on") && log.contains("reloaded "), "{log}");
}

#[test]
fn a_missing_env_file_is_exit_2_naming_it() {
    let s = Sandbox::new();
    let missing = s.path("no-such-env");
    s.wabi()
        .args(["serve", "--env-file"])
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!("--env-file {}: ", missing.display())));
}
