//! The real binary with `kind = "cloud"`: the service window, templates, and `wabi serve`.

use predicates::prelude::*;
use serde_json::json;

use crate::common::{Sandbox, snapshot};
use crate::fake_graph::FakeGraph;
use crate::support::*;

/// A cloud config with one template; `listen` and `graph_url` as given.
fn cloud_config(s: &Sandbox, listen: &str, graph_url: &str) -> std::path::PathBuf {
    s.config(&format!(
        "[transport]\nkind = \"cloud\"\n\n[transport.cloud]\nphone_number_id = \"PNID\"\n\
         listen = \"{listen}\"\ngraph_url = \"{graph_url}\"\n\n\
         [[templates]]\nname = \"appointment_reminder\"\nparams = [\"first name\", \"time\"]\n"
    ))
}

fn wabi(s: &Sandbox, config: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = s.wabi();
    cmd.arg("--config").arg(config);
    cmd
}

#[test]
fn send_outside_the_24_hour_window_is_refused_with_exit_2_and_changes_nothing() {
    let s = Sandbox::new();
    let config = cloud_config(&s, "127.0.0.1:0", "http://127.0.0.1:9");
    let two_days_ago = (chrono::Utc::now() - chrono::TimeDelta::hours(48)).to_rfc3339();
    wabi(&s, &config)
        .args(["inject", "--from", "34600111222", "--at", &two_days_ago, "hola"])
        .assert()
        .success();
    let before = snapshot(&s.db());
    for to in ["34600111222", "34600999999"] {
        wabi(&s, &config)
            .args(["send", "--to", to, "are you there?"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("outside the 24-hour customer service window; use --template"));
    }
    assert_eq!(snapshot(&s.db()), before);
}

#[test]
fn send_inside_the_window_is_queued() {
    let s = Sandbox::new();
    let config = cloud_config(&s, "127.0.0.1:0", "http://127.0.0.1:9");
    wabi(&s, &config).args(["inject", "--from", "34600111222", "hola"]).assert().success();
    wabi(&s, &config).args(["send", "--to", "34600111222", "hi!"]).assert().success();
}

#[test]
fn template_send_checks_name_and_parameters_then_queues_a_readable_body() {
    let s = Sandbox::new();
    let config = cloud_config(&s, "127.0.0.1:0", "http://127.0.0.1:9");
    let send = |args: &[&str]| {
        let mut cmd = wabi(&s, &config);
        cmd.args(["send", "--to", "34600111222"]).args(args);
        cmd.assert()
    };
    send(&["--template", "nope"]).code(2).stderr(predicate::str::contains(
        "no template \"nope\" from Meta (wabi templates sync) or in [[templates]] of the config (known: appointment_reminder)",
    ));
    send(&["--template", "appointment_reminder", "--param", "Ana"])
        .code(2)
        .stderr(predicate::str::contains("takes 2 --param value(s): first name, time; got 1"));
    send(&["--template", "appointment_reminder", "--param", "Ana", "--param", "10:30"]).success();
    let messages =
        s.json(&["--config", config.to_str().unwrap(), "messages", "--chat", "34600111222", "--json"]);
    assert_eq!(messages[0]["body"], "[template appointment_reminder: Ana, 10:30]");
    assert_eq!(messages[0]["status"], "queued");
}

#[test]
fn serve_without_a_secret_exits_2_naming_the_variable_never_a_value() {
    let s = Sandbox::new();
    let config = cloud_config(&s, "127.0.0.1:0", "http://127.0.0.1:9");
    wabi(&s, &config)
        .env("WABI_ACCESS_TOKEN", "EAAG-very-secret")
        .env_remove("WABI_APP_SECRET")
        .env("WABI_VERIFY_TOKEN", "verify-me")
        .arg("serve")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("WABI_APP_SECRET"))
        .stderr(predicate::str::contains("EAAG-very-secret").not())
        .stderr(predicate::str::contains("verify-me").not());
    wabi(&s, &config)
        .env_remove("WABI_ACCESS_TOKEN")
        .arg("serve")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("WABI_ACCESS_TOKEN"));
    let no_number = s.config("[transport]\nkind = \"cloud\"\n");
    wabi(&s, &no_number)
        .env("WABI_ACCESS_TOKEN", "EAAG-very-secret")
        .arg("serve")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("transport.cloud.phone_number_id is empty"));
}

#[test]
fn serve_receives_by_webhook_sends_through_graph_and_stops_on_sigterm() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    let config = cloud_config(&s, "127.0.0.1:0", &graph.url());
    let mut child = serve_command(&s, &config).spawn().unwrap();
    let (url, mut stderr) = webhook_url(&mut child);
    let body = webhook(
        json!({"messages": [text_message("wamid.S1", "34600111222", "hola", chrono::Utc::now().timestamp())]}),
    );
    let signature = wabi::transport::cloud::signature::sign(APP_SECRET.as_bytes(), &body);
    let status =
        client().post(&url).header("X-Hub-Signature-256", &signature).send(&body[..]).unwrap().status();
    assert_eq!(status.as_u16(), 200);
    wabi(&s, &config).args(["send", "--to", "34600111222", "hi!"]).assert().success();
    eventually("the reply reaches the Graph API", || graph.posts().len() == 1);
    std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}: {rest}");
    assert!(rest.contains("wabi serve: stopped"), "{rest}");
    let log = std::fs::read_to_string(s.path("xdg-state/wabi/wabi.log")).unwrap();
    assert!(log.contains("webhook server listening"), "{log}");
    for secret in [ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN, "hola"] {
        assert!(!log.contains(secret), "the log holds {secret:?}");
    }
}

#[test]
fn a_template_listed_twice_is_a_config_error_naming_its_line() {
    let s = Sandbox::new();
    let config =
        s.config("[[templates]]\nname = \"hello\"\n\n[[templates]]\nname = \"hello\"\nparams = [\"x\"]\n");
    s.wabi().arg("check-config").arg(&config).assert().code(2).stderr(predicate::str::contains(
        "config.toml:2: templates.name: template \"hello\" (en_US) is listed twice",
    ));
}

#[test]
fn the_example_config_lists_a_template() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let config = wabi::config::Config::parse(&text, std::path::Path::new(path)).unwrap();
    let t = &config.templates[0];
    assert_eq!((t.name.as_str(), t.language.as_str(), t.params.len()), ("appointment_reminder", "en_US", 2));
}
