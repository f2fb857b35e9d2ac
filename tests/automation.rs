//! The worker's automation pass on a temporary store with a fixed clock: what customers get, and
//! that they get it once. The shop keeps Berlin office hours, Monday to Friday 09:00-18:00
//! (UTC+1 in November); 2026-11-20 is a Friday, so 18:00Z is 19:00 in Berlin, after closing.

mod common;

use std::path::Path;

use chrono::{DateTime, Utc};
use wabi::config::Config;
use wabi::model::{Direction, Origin};
use wabi::store::{ContactKey, InsertOutcome, ManualAwayState, NewMessage, NewOutbound, Store, now_ms};
use wabi::worker::automate::CURSOR_KEY;
use wabi::worker::{Automation, AutomationRunner};

const SHOP: &str = r#"
[business]
name = "Lopez Flowers"
[hours]
timezone = "Europe/Berlin"
mon = ["09:00-18:00"]
tue = ["09:00-18:00"]
wed = ["09:00-18:00"]
thu = ["09:00-18:00"]
fri = ["09:00-18:00"]
sat = []
sun = []
[away]
enabled = true
message = "We are closed; we open {{hours.next_open}}."
[greeting]
enabled = true
message = "Hello {{first_name|there}}, welcome to {{business.name}}!"
when_away = "greeting_then_away"
"#;

const MARIA: &str = "491701234567";
const BO: &str = "34600111222";

fn ms(text: &str) -> i64 {
    text.parse::<DateTime<Utc>>().unwrap().timestamp_millis()
}

/// A store, and a worker's automation pass over it, for one config.
struct Shop {
    sandbox: common::Sandbox,
    store: Store,
    runner: AutomationRunner,
}

impl Shop {
    /// A new shop whose worker has run once on the empty store (as `wabi serve` would on install).
    fn open(config: &str) -> Shop {
        let sandbox = common::Sandbox::new();
        let mut store = Store::open(&sandbox.db()).unwrap();
        let mut runner = runner(config);
        assert_eq!(runner.run(&mut store, ms("2026-11-20T08:00:00Z")).unwrap(), 0);
        Shop { sandbox, store, runner }
    }

    /// A customer's message at `at`; returns the chat id.
    fn writes(&mut self, phone: &str, name: Option<&str>, at: i64, origin: Origin) -> i64 {
        let mut m = NewMessage::text(ContactKey::Phone(phone.into()), "Hola!", at);
        m.profile_name = name.map(str::to_string);
        m.origin = origin;
        match self.store.insert_messages(&[m]).unwrap()[0] {
            InsertOutcome::Inserted { chat_id, .. } => chat_id,
            InsertOutcome::Duplicate { .. } => panic!("no external id, no duplicate"),
        }
    }

    fn customer_writes(&mut self, phone: &str, at: &str) -> i64 {
        self.writes(phone, Some("Maria Lopez"), ms(at), Origin::Customer)
    }

    fn run(&mut self, now: &str) -> usize {
        self.runner.run(&mut self.store, ms(now)).unwrap()
    }

    /// A second process on the same store file.
    fn second_process(&self, config: &str) -> (Store, AutomationRunner) {
        (Store::open(&self.sandbox.db()).unwrap(), runner(config))
    }

    /// The origins of the chat's outbound messages, oldest first.
    fn answers(&self, chat: i64) -> Vec<Origin> {
        answers(&self.store, chat).into_iter().map(|(origin, _)| origin).collect()
    }

    fn bodies(&self, chat: i64) -> Vec<String> {
        answers(&self.store, chat).into_iter().map(|(_, body)| body).collect()
    }
}

fn runner(config: &str) -> AutomationRunner {
    AutomationRunner::new(&Config::parse(config, Path::new("test.toml")).unwrap()).unwrap()
}

fn answers(store: &Store, chat: i64) -> Vec<(Origin, String)> {
    let messages = store.messages(chat, 1000, None).unwrap();
    messages.into_iter().filter(|m| m.direction == Direction::Out).map(|m| (m.origin, m.body)).collect()
}

#[test]
fn a_new_customer_gets_one_greeting_then_one_away_message_when_closed() {
    let mut shop = Shop::open(SHOP);
    let chat = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    assert_eq!(shop.run("2026-11-20T18:00:02Z"), 2);
    assert_eq!(shop.answers(chat), [Origin::Greeting, Origin::Away]);
    let queued = shop.store.messages(chat, 10, None).unwrap();
    assert!(queued[1..].iter().all(|m| m.status == Some(wabi::model::Status::Queued)));
}

#[test]
fn the_away_message_after_a_greeting_waits_away_after() {
    let mut shop = Shop::open(SHOP);
    shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    shop.run("2026-11-20T18:00:02Z");
    let now = ms("2026-11-20T18:00:03Z");
    let due_now: Vec<Origin> = shop.store.claim_outbox(now, 10).unwrap().iter().map(|i| i.origin).collect();
    assert_eq!(due_now, [Origin::Greeting], "the away message waits 30 s");
    let later: Vec<Origin> =
        shop.store.claim_outbox(now + 30_000, 10).unwrap().iter().map(|i| i.origin).collect();
    assert_eq!(later, [Origin::Away]);
}

#[test]
fn by_default_a_new_customer_writing_while_closed_gets_one_message() {
    let config = SHOP.replace("when_away = \"greeting_then_away\"\n", "");
    let mut shop = Shop::open(&config);
    let chat = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    assert_eq!(shop.run("2026-11-20T18:00:02Z"), 1);
    assert_eq!(shop.answers(chat), [Origin::Away]);
}

#[test]
fn more_messages_in_the_same_closed_period_get_nothing_more() {
    let mut shop = Shop::open(SHOP);
    let chat = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    shop.run("2026-11-20T18:00:02Z");
    shop.customer_writes(MARIA, "2026-11-20T18:01:00Z");
    shop.customer_writes(MARIA, "2026-11-21T20:00:00Z");
    assert_eq!(shop.run("2026-11-21T20:00:02Z"), 0, "Saturday evening is the same weekend");
    assert_eq!(shop.answers(chat), [Origin::Greeting, Origin::Away]);
}

#[test]
fn a_burst_decided_in_one_pass_is_answered_once() {
    let mut shop = Shop::open(SHOP);
    let chat = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    shop.customer_writes(MARIA, "2026-11-20T18:00:01Z");
    shop.customer_writes(MARIA, "2026-11-20T18:00:02Z");
    assert_eq!(shop.run("2026-11-20T18:00:05Z"), 2);
    assert_eq!(shop.answers(chat), [Origin::Greeting, Origin::Away]);
}

#[test]
fn a_restarted_worker_answers_nothing_twice_and_continues_where_it_stopped() {
    let mut shop = Shop::open(SHOP);
    let maria = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    shop.run("2026-11-20T18:00:02Z");
    let bo = shop.customer_writes(BO, "2026-11-20T18:05:00Z");
    shop.runner = runner(SHOP);
    assert_eq!(shop.run("2026-11-20T18:05:02Z"), 2, "only Bo's message is new");
    assert_eq!(shop.answers(maria), [Origin::Greeting, Origin::Away]);
    assert_eq!(shop.answers(bo), [Origin::Greeting, Origin::Away]);
}

#[test]
fn a_second_process_on_the_same_store_answers_nothing_twice() {
    let mut shop = Shop::open(SHOP);
    let (mut other_store, mut other) = shop.second_process(SHOP);
    let chat = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    shop.run("2026-11-20T18:00:02Z");
    assert_eq!(other.run(&mut other_store, ms("2026-11-20T18:00:03Z")).unwrap(), 0);
    shop.customer_writes(MARIA, "2026-11-20T18:10:00Z");
    assert_eq!(other.run(&mut other_store, ms("2026-11-20T18:10:02Z")).unwrap(), 0);
    assert_eq!(shop.run("2026-11-20T18:10:03Z"), 0);
    assert_eq!(shop.answers(chat), [Origin::Greeting, Origin::Away]);
}

#[test]
fn deciding_a_message_again_after_a_crash_queues_nothing_twice() {
    let mut shop = Shop::open(SHOP);
    let chat = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    shop.run("2026-11-20T18:00:02Z");
    // The cursor did not move before the crash: the same message is decided again.
    shop.store.set_setting(CURSOR_KEY, Some("0")).unwrap();
    shop.runner = runner(SHOP);
    assert_eq!(shop.run("2026-11-20T18:00:04Z"), 0);
    assert_eq!(shop.answers(chat), [Origin::Greeting, Origin::Away]);
}

#[test]
fn no_away_message_after_an_operator_reply_within_five_minutes() {
    // `wabi send` dates its message by the wall clock, so this shop is closed at every hour.
    let closed = SHOP.replace("[\"09:00-18:00\"]", "[]");
    let mut shop = Shop::open(&closed);
    let now = now_ms();
    let chat = shop.writes(MARIA, None, now - 60_000, Origin::Customer);
    shop.runner.run(&mut shop.store, now).unwrap();
    assert_eq!(shop.answers(chat), [Origin::Greeting, Origin::Away]);
    let bo = shop.store.ensure_chat(&ContactKey::Phone(BO.into())).unwrap();
    let reply =
        NewOutbound { chat_id: bo, body: "Your order is ready".into(), origin: Origin::Api, reply_to: None };
    shop.store.queue_outbound(&reply).unwrap();
    shop.writes(BO, None, now + 1_000, Origin::Customer);
    assert_eq!(shop.runner.run(&mut shop.store, now + 2_000).unwrap(), 0);
    assert_eq!(shop.answers(bo), [Origin::Api], "not new (the reply came first), and replied to");
}

#[test]
fn a_stale_message_gets_the_greeting_but_no_away_message() {
    let mut shop = Shop::open(SHOP);
    let chat = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    assert_eq!(shop.run("2026-11-20T18:16:00Z"), 1, "older than away.max_delay (15m)");
    assert_eq!(shop.answers(chat), [Origin::Greeting]);
}

#[test]
fn open_hours_in_tokyo_give_only_the_greeting() {
    let mut shop = Shop::open(&SHOP.replace("Europe/Berlin", "Asia/Tokyo"));
    // Friday 10:00 in Tokyo (02:00 in Berlin, where the shop would be closed).
    let chat = shop.customer_writes(MARIA, "2026-11-20T01:00:00Z");
    assert_eq!(shop.run("2026-11-20T01:00:02Z"), 1);
    assert_eq!(shop.answers(chat), [Origin::Greeting]);
}

#[test]
fn manual_away_sends_the_away_message_inside_hours() {
    let mut shop = Shop::open(SHOP);
    let since = ms("2026-11-20T09:30:00Z");
    shop.store.set_manual_away(ManualAwayState::On { since, until: None }).unwrap();
    let chat = shop.customer_writes(MARIA, "2026-11-20T10:00:00Z");
    assert_eq!(shop.run("2026-11-20T10:00:02Z"), 2);
    assert_eq!(shop.answers(chat), [Origin::Greeting, Origin::Away]);
}

#[test]
fn placeholders_are_expanded_in_both_messages() {
    let mut shop = Shop::open(SHOP);
    let maria = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    let nameless = shop.writes(BO, None, ms("2026-11-20T18:00:01Z"), Origin::Customer);
    shop.run("2026-11-20T18:00:02Z");
    assert_eq!(
        shop.bodies(maria),
        ["Hello Maria, welcome to Lopez Flowers!", "We are closed; we open Monday 09:00."]
    );
    assert_eq!(shop.bodies(nameless)[0], "Hello there, welcome to Lopez Flowers!");
}

#[test]
fn placeholders_without_a_value_are_left_out_rather_than_sent_as_typed() {
    let config = SHOP.replace("Hello {{first_name|there}},", "Hello {{first_name}}{{frist_name}},");
    let mut shop = Shop::open(&config);
    let chat = shop.writes(BO, None, ms("2026-11-20T18:00:00Z"), Origin::Customer);
    shop.run("2026-11-20T18:00:02Z");
    assert_eq!(shop.bodies(chat)[0], "Hello , welcome to Lopez Flowers!");
}

#[test]
fn saved_contacts_get_no_greeting_when_it_is_for_new_numbers_only() {
    let config = SHOP.replace("[greeting]\n", "[greeting]\nrecipients = \"not_in_contacts\"\n");
    let mut shop = Shop::open(&config);
    shop.store.save_contact_name(&ContactKey::Phone(MARIA.into()), "Maria (florist)").unwrap();
    let chat = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    shop.run("2026-11-20T18:00:02Z");
    assert_eq!(shop.answers(chat), [Origin::Away]);
}

#[test]
fn imported_messages_never_trigger_and_count_as_history() {
    let mut shop = Shop::open(SHOP);
    let chat = shop.writes(MARIA, None, ms("2026-11-19T18:00:00Z"), Origin::Import);
    assert_eq!(shop.run("2026-11-20T18:00:00Z"), 0);
    shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    shop.run("2026-11-20T18:00:02Z");
    assert_eq!(shop.answers(chat), [Origin::Away], "the chat has history: no greeting");
}

#[test]
fn the_first_run_on_an_existing_store_does_not_answer_its_history() {
    let sandbox = common::Sandbox::new();
    let mut store = Store::open(&sandbox.db()).unwrap();
    let mut old = NewMessage::text(ContactKey::Phone(MARIA.into()), "Hola", ms("2026-11-20T18:00:00Z"));
    let InsertOutcome::Inserted { chat_id, .. } = store.insert_messages(&[old.clone()]).unwrap()[0] else {
        panic!("inserted");
    };
    let mut runner = runner(SHOP);
    assert_eq!(runner.run(&mut store, ms("2026-11-20T18:00:02Z")).unwrap(), 0);
    old.at = ms("2026-11-20T18:01:00Z");
    store.insert_messages(&[old]).unwrap();
    assert_eq!(runner.run(&mut store, ms("2026-11-20T18:01:02Z")).unwrap(), 1);
    assert_eq!(answers(&store, chat_id).len(), 1, "the away message; the chat is not new");
}

#[test]
fn rules_switched_on_later_do_not_answer_what_came_while_they_were_off() {
    let off = SHOP.replace("enabled = true", "enabled = false");
    let mut shop = Shop::open(&off);
    let chat = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    assert_eq!(shop.run("2026-11-20T18:00:02Z"), 0);
    shop.runner = runner(SHOP);
    assert_eq!(shop.run("2026-11-20T18:00:04Z"), 0);
    assert!(shop.answers(chat).is_empty());
}

#[test]
fn a_message_that_cannot_be_read_is_reported_retried_then_passed_over() {
    let mut shop = Shop::open(SHOP);
    shop.writes(BO, None, i64::MAX, Origin::Customer);
    let now = ms("2026-11-20T18:00:02Z");
    for _ in 0..2 {
        let error = shop.runner.run(&mut shop.store, now).unwrap_err();
        assert!(error.to_string().contains("out of range"), "{error}");
    }
    let error = shop.runner.run(&mut shop.store, now).unwrap_err();
    assert!(error.to_string().contains("skipped message"), "{error}");
    let chat = shop.customer_writes(MARIA, "2026-11-20T18:00:00Z");
    assert_eq!(shop.run("2026-11-20T18:00:02Z"), 2, "later customers are answered");
    assert_eq!(shop.answers(chat), [Origin::Greeting, Origin::Away]);
}
