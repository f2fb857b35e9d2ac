//! `wabi away`: the manual away switch from a shell, through the real binary.

mod common;

use common::{Sandbox, snapshot};
use predicates::prelude::*;
use wabi::store::{ManualAwayState, Store, now_ms};

fn one_line(text: &str) -> bool {
    text.lines().count() == 1 && text.ends_with('\n')
}

fn manual_away(s: &Sandbox) -> ManualAwayState {
    Store::open(&s.db()).unwrap().manual_away(now_ms()).unwrap()
}

#[test]
fn away_on_until_a_duration_then_off() {
    let s = Sandbox::new();
    let before = now_ms();
    s.wabi()
        .args(["away", "on", "--until", "2h"])
        .assert()
        .success()
        .stdout(predicate::str::contains("manual away: on since"));
    let ManualAwayState::On { since, until: Some(until) } = manual_away(&s) else {
        panic!("away is not on until a time");
    };
    assert!(since >= before && until - since >= 2 * 3_600_000 - 1_000, "{since} {until}");
    s.wabi().args(["away", "off"]).assert().success().stdout("manual away: off\n");
    assert_eq!(manual_away(&s), ManualAwayState::Off);
}

#[test]
fn switching_away_on_again_keeps_when_it_began() {
    let s = Sandbox::new();
    s.wabi().args(["away", "on", "--until", "2099-01-01T00:00:00Z"]).assert().success();
    let ManualAwayState::On { since, .. } = manual_away(&s) else { panic!("away is off") };
    s.wabi().args(["away", "on"]).assert().success();
    assert_eq!(manual_away(&s), ManualAwayState::On { since, until: None });
}

#[test]
fn status_says_whether_a_customer_writing_now_gets_the_away_message() {
    let s = Sandbox::new();
    let config =
        s.config("[hours]\nmon = []\ntue = []\nwed = []\nthu = []\nfri = []\n[away]\nenabled = true\n");
    let status = || s.wabi().arg("--config").arg(&config).args(["away", "status"]).assert().success();
    status()
        .stdout(predicate::str::contains("manual away: off\nhours: Closed (UTC)\n"))
        .stdout(predicate::str::contains("away message: sent to customers writing now (closed)"));
    s.wabi()
        .args(["away", "on"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no away message will be sent: [away] enabled = false"));
    status().stdout(predicate::str::contains("(manual)"));
}

#[test]
fn a_bad_until_is_refused_and_changes_nothing() {
    let s = Sandbox::new();
    s.wabi().args(["away", "off"]).assert().success();
    let before = snapshot(&s.db());
    for until in ["yesterday", "2020-01-01T00:00:00Z", "0s"] {
        s.wabi()
            .args(["away", "on", "--until", until])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::starts_with("wabi: --until").and(predicate::function(one_line)));
    }
    assert_eq!(snapshot(&s.db()), before);
    assert_eq!(manual_away(&s), ManualAwayState::Off);
}
