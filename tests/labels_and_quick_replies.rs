//! `wabi labels` and `wabi quick-replies` through the real binary.

mod common;

use common::{Sandbox, snapshot};
use predicates::prelude::*;

#[test]
fn a_new_store_has_the_five_whatsapp_business_labels() {
    let s = Sandbox::new();
    let labels = s.json(&["labels", "list", "--json"]);
    let names: Vec<&str> = labels.as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["New customer", "New order", "Pending payment", "Paid", "Order complete"]);
    assert_eq!(labels[3]["chats"], 0);
}

#[test]
fn labels_are_added_assigned_filtered_renamed_and_removed() {
    let s = Sandbox::new();
    s.wabi().args(["inject", "--from", "34600000001", "--name", "Ana", "hi"]).assert().success();
    s.wabi().args(["inject", "--from", "34600000002", "--name", "Bo", "hi"]).assert().success();
    s.wabi().args(["labels", "add", "VIP", "--color", "purple"]).assert().success();
    s.wabi().args(["labels", "assign", "+34 600 000 001", "vip"]).assert().success();
    let vip = s.json(&["chats", "--label", "VIP", "--json"]);
    assert_eq!(vip.as_array().unwrap().len(), 1);
    assert_eq!(vip[0]["labels"], serde_json::json!(["VIP"]));
    s.wabi().args(["labels", "rename", "VIP", "Gold"]).assert().success();
    s.wabi().args(["labels", "recolor", "Gold", "amber"]).assert().success();
    let labels = s.json(&["labels", "list", "--json"]);
    assert!(
        labels
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["name"] == "Gold" && l["color"] == "amber" && l["chats"] == 1)
    );
    s.wabi().args(["labels", "unassign", "34600000001", "Gold"]).assert().success();
    assert_eq!(s.json(&["chats", "--label", "Gold", "--json"]).as_array().unwrap().len(), 0);
    s.wabi().args(["labels", "assign", "34600000002", "Gold"]).assert().success();
    s.wabi().args(["labels", "rm", "Gold"]).assert().success();
    assert_eq!(s.json(&["chats", "--json"])[0]["labels"], serde_json::json!([]));
}

#[test]
fn label_mistakes_exit_2_and_change_nothing() {
    let s = Sandbox::new();
    s.wabi().args(["inject", "--from", "34600000001", "hi"]).assert().success();
    let before = snapshot(&s.db());
    for args in [
        vec!["labels", "add", "paid"],
        vec!["labels", "add", "Nice", "--color", "sparkly"],
        vec!["labels", "add", ""],
        vec!["labels", "rename", "Nope", "Other"],
        vec!["labels", "rename", "Paid", "new order"],
        vec!["labels", "recolor", "Paid", "octarine"],
        vec!["labels", "rm", "Nope"],
        vec!["labels", "assign", "34699999999", "Paid"],
        vec!["labels", "assign", "34600000001", "Nope"],
        vec!["chats", "--label", "Nope"],
    ] {
        let out = s.wabi().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stderr).trim_end().lines().count(), 1);
    }
    assert_eq!(snapshot(&s.db()), before);
}

#[test]
fn quick_replies_round_trip_through_toml() {
    let s = Sandbox::new();
    s.wabi()
        .args(["quick-replies", "add", "thanks", "Thank you {{first_name|friend}}, we got your order!"])
        .assert()
        .success();
    s.wabi().args(["quick-replies", "add", "/Hours", "We are open {{hours.today}}."]).assert().success();
    s.wabi().args(["quick-replies", "edit", "hours", "Open {{hours.today}} today."]).assert().success();
    let list = s.json(&["quick-replies", "list", "--json"]);
    assert_eq!(
        list,
        serde_json::json!([
            {"shortcut": "hours", "text": "Open {{hours.today}} today.", "uses": 0},
            {"shortcut": "thanks", "text": "Thank you {{first_name|friend}}, we got your order!", "uses": 0},
        ])
    );
    let exported = s.wabi().args(["quick-replies", "export"]).output().unwrap().stdout;
    let file = s.path("replies.toml");
    std::fs::write(&file, &exported).unwrap();
    let other = Sandbox::new();
    other
        .wabi()
        .args(["quick-replies", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 added"));
    assert_eq!(other.json(&["quick-replies", "list", "--json"]), list);
    other
        .wabi()
        .args(["quick-replies", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 added, 2 updated"));
    other.wabi().args(["quick-replies", "rm", "hours"]).assert().success();
    assert_eq!(other.json(&["quick-replies", "list", "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn bad_quick_replies_exit_2_with_the_reason() {
    let s = Sandbox::new();
    s.wabi().args(["quick-replies", "add", "thanks", "Thanks!"]).assert().success();
    let before = snapshot(&s.db());
    let cases: &[(&[&str], &str)] = &[
        (&["quick-replies", "add", "THANKS", "again"], "exists already"),
        (&["quick-replies", "add", "a b", "x"], "may only hold"),
        (&["quick-replies", "add", "abcdefghijklmnopqrstuvwxyz", "x"], "25"),
        (&["quick-replies", "add", "empty", "   "], ""),
        (&["quick-replies", "edit", "nope", "x"], "no quick reply"),
        (&["quick-replies", "rm", "nope"], "no quick reply"),
    ];
    for (args, reason) in cases {
        s.wabi().args(*args).assert().code(2).stderr(predicate::str::contains(*reason));
    }
    let bad = s.path("bad.toml");
    std::fs::write(&bad, "[[quick_reply]]\nshortcut = \"ok\"\ntext = \"fine\"\n[[quick_reply]]\nshortcut = \"no good\"\ntext = \"x\"\n").unwrap();
    s.wabi()
        .args(["quick-replies", "import"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("quick reply 2"));
    assert_eq!(snapshot(&s.db()), before, "a bad import changes nothing");
}
