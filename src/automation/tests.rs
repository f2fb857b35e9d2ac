//! One test per rule, at fixed instants. The shop keeps Berlin office hours, Monday to Friday
//! Compiled only under #[cfg(test)], from its parent module.
//! 09:00-18:00 (UTC+1 in November); 2026-11-20 is a Friday.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::*;
use crate::hours::TimeRange;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn shop_hours(ranges: &[&str]) -> Schedule {
    let day: Vec<TimeRange> = ranges.iter().map(|r| r.parse().unwrap()).collect();
    let week = [day.clone(), day.clone(), day.clone(), day.clone(), day, vec![], vec![]];
    Schedule::new(Tz::Europe__Berlin, week, vec![]).unwrap()
}

/// Everything the rules look at, with defaults from the issue; tests change one thing.
struct Case {
    input: Inbound,
    history: ChatHistory,
    away: AwayConfig,
    greeting: GreetingConfig,
    schedule: Schedule,
    manual: ManualAway,
    now: DateTime<Utc>,
}

/// A known customer (no greeting due) writing on Friday at 19:00 Berlin, an hour after closing.
fn friday_evening() -> Case {
    let sent = at("2026-11-20T18:00:00Z");
    Case {
        input: Inbound {
            message_id: 7,
            chat_id: 3,
            phone: Some("491701234567".into()),
            in_contacts: false,
            at: sent,
        },
        history: ChatHistory {
            previous_message_at: Some(at("2026-11-19T10:00:00Z")),
            ..ChatHistory::default()
        },
        away: AwayConfig {
            enabled: true,
            message: "We are closed; we open {{hours.next_open}}.".into(),
            schedule: AwaySchedule::OutsideHours,
            cooldown: TimeDelta::hours(24),
            skip_if_replied_within: TimeDelta::minutes(5),
            max_delay: TimeDelta::minutes(15),
            recipients: Recipients::Everyone,
            phones: vec![],
        },
        greeting: GreetingConfig {
            enabled: true,
            message: "Hello {{first_name|there}}!".into(),
            inactivity_days: 14,
            recipients: Recipients::Everyone,
            phones: vec![],
            when_away: crate::config::WhenAway::GreetingThenAway,
            away_after: TimeDelta::seconds(30),
        },
        schedule: shop_hours(&["09:00-18:00"]),
        manual: ManualAway::Off,
        now: sent + TimeDelta::seconds(2),
    }
}

impl Case {
    fn decide(&self) -> Vec<Action> {
        decide(&self.input, &self.history, &self.away, &self.greeting, &self.schedule, &self.manual, self.now)
    }

    fn periods(&self) -> Vec<String> {
        self.decide().into_iter().map(|a| format!("{}/{}", a.kind.as_str(), a.period)).collect()
    }

    /// Moves the message (and the clock with it) to `text`.
    fn at(mut self, text: &str) -> Case {
        self.input.at = at(text);
        self.now = self.input.at + TimeDelta::seconds(2);
        self
    }
}

#[test]
fn away_message_is_sent_outside_hours_keyed_by_the_closed_period_start() {
    let actions = friday_evening().decide();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].kind, AutomationKind::Away);
    assert_eq!(actions[0].period, "closed:2026-11-20T17:00:00Z");
    assert_eq!(actions[0].template, "We are closed; we open {{hours.next_open}}.");
}

#[test]
fn no_away_message_inside_hours() {
    assert!(friday_evening().at("2026-11-20T10:00:00Z").decide().is_empty());
}

#[test]
fn away_message_is_not_sent_when_operator_replied_within_five_minutes() {
    let mut case = friday_evening();
    case.history.last_operator_reply_at = Some(case.input.at - TimeDelta::minutes(4));
    assert!(case.decide().is_empty());
    case.history.last_operator_reply_at = Some(case.input.at - TimeDelta::minutes(6));
    assert_eq!(case.periods(), ["away/closed:2026-11-20T17:00:00Z"]);
}

#[test]
fn operator_reply_after_the_message_also_holds_the_away_message_back() {
    let mut case = friday_evening();
    case.history.last_operator_reply_at = Some(case.input.at + TimeDelta::seconds(1));
    assert!(case.decide().is_empty());
}

#[test]
fn stale_message_gets_no_away_message() {
    let mut case = friday_evening();
    case.now = case.input.at + TimeDelta::minutes(16);
    assert!(case.decide().is_empty());
    case.now = case.input.at + TimeDelta::minutes(15);
    assert_eq!(case.decide().len(), 1);
}

#[test]
fn away_message_is_sent_once_per_closed_period() {
    // Sent on Friday evening; more than a cooldown later it is still the same weekend.
    let mut case = friday_evening().at("2026-11-21T20:00:00Z");
    case.history.last_away_at = Some(at("2026-11-20T17:30:00Z"));
    assert!(case.decide().is_empty());
}

#[test]
fn away_message_is_sent_at_most_once_per_cooldown() {
    // Lunch break and evening are two closed periods of one day.
    let mut case = friday_evening();
    case.schedule = shop_hours(&["09:00-13:00", "14:00-18:00"]);
    case.history.last_away_at = Some(at("2026-11-20T12:10:00Z"));
    assert!(case.decide().is_empty());
    case.away.cooldown = TimeDelta::hours(1);
    assert_eq!(case.periods(), ["away/closed:2026-11-20T17:00:00Z"]);
}

#[test]
fn manual_away_applies_inside_hours_keyed_by_when_it_was_switched_on() {
    let mut case = friday_evening().at("2026-11-20T10:00:00Z");
    case.manual = ManualAway::On { since: at("2026-11-20T09:30:00Z"), until: None };
    assert_eq!(case.periods(), ["away/manual:2026-11-20T09:30:00Z"]);
    case.away.schedule = AwaySchedule::Never;
    assert_eq!(case.decide().len(), 1, "the toggle overrides schedule = never");
}

#[test]
fn expired_or_later_manual_away_is_off() {
    let mut case = friday_evening().at("2026-11-20T10:00:00Z");
    let since = at("2026-11-20T08:00:00Z");
    case.manual = ManualAway::On { since, until: Some(at("2026-11-20T09:00:00Z")) };
    assert!(case.decide().is_empty());
    case.manual = ManualAway::On { since: at("2026-11-20T10:00:01Z"), until: None };
    assert!(case.decide().is_empty(), "switched on after the message arrived");
}

#[test]
fn schedule_never_sends_no_away_message() {
    let mut case = friday_evening();
    case.away.schedule = AwaySchedule::Never;
    assert!(case.decide().is_empty());
}

#[test]
fn always_schedule_is_keyed_by_the_cooldown_window() {
    let mut case = friday_evening().at("2026-11-20T10:00:00Z");
    case.away.schedule = AwaySchedule::Always;
    assert_eq!(case.periods(), ["away/always:2026-11-20T00:00:00Z"]);
    case.away.cooldown = TimeDelta::zero();
    assert_eq!(case.periods(), ["away/always:message:7"]);
}

#[test]
fn hours_that_never_open_behave_like_always() {
    let mut case = friday_evening();
    case.schedule = Schedule::new(Tz::UTC, Default::default(), vec![]).unwrap();
    assert_eq!(case.periods(), ["away/always:2026-11-20T00:00:00Z"]);
}

#[test]
fn disabled_or_blank_away_message_is_not_sent() {
    let mut case = friday_evening();
    case.away.enabled = false;
    assert!(case.decide().is_empty());
    case.away.enabled = true;
    case.away.message = "  ".into();
    assert!(case.decide().is_empty());
}

#[test]
fn greeting_comes_before_away_when_both_are_due() {
    let mut case = friday_evening();
    case.history.previous_message_at = None;
    assert_eq!(case.periods(), ["greeting/new", "away/closed:2026-11-20T17:00:00Z"]);
}

#[test]
fn by_default_a_new_customer_writing_while_closed_gets_only_the_away_message() {
    let mut case = friday_evening();
    case.history.previous_message_at = None;
    case.greeting.when_away = crate::config::WhenAway::AwayOnly;
    assert_eq!(case.periods(), ["away/closed:2026-11-20T17:00:00Z"]);
}

#[test]
fn greeting_is_sent_after_inactivity_days_without_messages() {
    let mut case = friday_evening().at("2026-11-20T10:00:00Z");
    case.history.previous_message_at = Some(at("2026-11-06T10:00:00Z"));
    assert_eq!(case.periods(), ["greeting/after:2026-11-06T10:00:00Z"]);
    case.history.previous_message_at = Some(at("2026-11-06T10:00:01Z"));
    assert!(case.decide().is_empty(), "a second short of 14 days");
}

#[test]
fn zero_inactivity_days_greets_only_a_first_message() {
    let mut case = friday_evening().at("2026-11-20T10:00:00Z");
    case.greeting.inactivity_days = 0;
    assert!(case.decide().is_empty());
    case.history.previous_message_at = None;
    assert_eq!(case.periods(), ["greeting/new"]);
}

#[test]
fn greeting_is_not_repeated_when_one_went_out_after_the_previous_message() {
    let mut case = friday_evening().at("2026-11-20T10:00:00Z");
    case.history =
        ChatHistory { last_greeting_at: Some(at("2026-11-20T10:00:01Z")), ..ChatHistory::default() };
    assert!(case.decide().is_empty());
}

#[test]
fn not_in_contacts_skips_saved_contacts() {
    let mut case = friday_evening();
    case.away.recipients = Recipients::NotInContacts;
    case.input.in_contacts = true;
    assert!(case.decide().is_empty());
}

#[test]
fn everyone_except_skips_listed_phones_and_admits_contacts_without_one() {
    let mut case = friday_evening();
    case.away.recipients = Recipients::EveryoneExcept;
    case.away.phones = vec!["+49 170 1234567".into()];
    assert!(case.decide().is_empty());
    case.input.phone = None;
    assert_eq!(case.decide().len(), 1);
}

#[test]
fn only_admits_listed_phones_and_never_a_contact_without_one() {
    let mut case = friday_evening();
    case.away.recipients = Recipients::Only;
    case.away.phones = vec!["491701234567".into()];
    assert_eq!(case.decide().len(), 1);
    case.input.phone = Some("15551234567".into());
    assert!(case.decide().is_empty());
    case.input.phone = None;
    assert!(case.decide().is_empty());
    case.away.phones = vec![String::new()];
    case.input.phone = Some(String::new());
    assert!(case.decide().is_empty(), "no digits match nothing");
}

#[test]
fn same_situation_gives_same_period_key() {
    let first = friday_evening();
    let mut second = friday_evening().at("2026-11-21T09:00:00Z");
    second.input.message_id = 8;
    second.now += TimeDelta::minutes(10);
    assert_eq!(first.periods(), second.periods());
    let next_week = friday_evening().at("2026-11-23T18:00:00Z");
    assert_ne!(first.periods(), next_week.periods());
}

#[test]
fn kind_names_the_log_text_and_the_origin() {
    assert_eq!(AutomationKind::Away.as_str(), "away");
    assert_eq!(AutomationKind::Greeting.origin(), Origin::Greeting);
}
