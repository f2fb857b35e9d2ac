//! A broadcast's `{{placeholders}}` are filled per member, in `wabi broadcast send` as in the inbox.

use predicates::prelude::*;

use crate::common::{Sandbox, snapshot};

/// Three members: Ana Pérez and Luis (with profile names) and a number with no name.
fn members(s: &Sandbox) {
    s.wabi().args(["inject", "--from", "34600111001", "--name", "Ana Pérez", "hola"]).assert().success();
    s.wabi().args(["inject", "--from", "34600111002", "--name", "Luis", "hola"]).assert().success();
    s.wabi().args(["inject", "--from", "34600111003", "hola"]).assert().success();
    s.wabi().args(["broadcast", "create", "Regulars"]).assert().success();
    s.wabi()
        .args(["broadcast", "add", "Regulars", "34600111001", "34600111002", "34600111003"])
        .assert()
        .success();
}

fn broadcast_bodies(s: &Sandbox, phone: &str) -> Vec<String> {
    let messages = s.json(&["messages", "--chat", phone, "--json"]);
    let list = messages.as_array().cloned().unwrap_or_default();
    list.iter()
        .filter(|m| m["origin"] == "broadcast")
        .map(|m| m["body"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_member_gets_their_own_first_name_or_the_fallback() {
    let s = Sandbox::new();
    members(&s);
    s.wabi()
        .args(["broadcast", "send", "Regulars", "¡Hola {{first_name|amigo}}! Rebajas hoy"])
        .assert()
        .success();
    assert_eq!(broadcast_bodies(&s, "34600111001"), ["¡Hola Ana! Rebajas hoy"]);
    assert_eq!(broadcast_bodies(&s, "34600111002"), ["¡Hola Luis! Rebajas hoy"]);
    assert_eq!(broadcast_bodies(&s, "34600111003"), ["¡Hola amigo! Rebajas hoy"]);
}

#[test]
fn a_placeholder_without_a_value_or_fallback_refuses_the_send_and_names_it() {
    let s = Sandbox::new();
    members(&s);
    let before = snapshot(&s.db());
    s.wabi().args(["broadcast", "send", "Regulars", "Hola {{first_name}}"]).assert().code(2).stderr(
        predicate::str::contains("{{first_name}} has no value for +34600111003")
            .and(predicate::str::contains("{{first_name|…}}")),
    );
    assert_eq!(snapshot(&s.db()), before, "nothing was queued");
    assert!(broadcast_bodies(&s, "34600111001").is_empty());
}
