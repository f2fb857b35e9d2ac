//! What the away and greeting rules decide for one inbound message. Pure: the chat's history,
//! the rules, the business hours and the clock (`now`) are passed in; the worker inserts each
//! returned [`Action`] together with an automation-log row keyed (chat, kind, period).
//!
//! Period keys are built only from the inputs, so two processes (or one after a restart) deciding
//! the same situation produce the same key, and the store's UNIQUE index keeps one message:
//! - away, outside hours: `closed:<start of the closed period>` (`closed:2026-11-20T17:00:00Z`);
//! - away, manual toggle: `manual:<when it was switched on>`;
//! - away, `always` (and `outside_hours` with hours that never open within the search bound):
//!   `always:<start of the cooldown window>`, windows of `cooldown` length counted from the Unix
//!   epoch; with the cooldown check this is at most one per cooldown. A zero cooldown keys by
//!   message: `always:message:<message id>`;
//! - greeting: `new` for a chat's first message, else `after:<previous message's instant>`: one
//!   greeting per stretch of inactivity, whichever message of a burst is decided first.
//!
//! Instants in keys are RFC 3339 in UTC, with fractions of a second only when there are some.

#[cfg(test)]
mod tests;

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};

use crate::config::{AwayConfig, AwaySchedule, GreetingConfig, Recipients};
use crate::hours::Schedule;
use crate::model::Origin;

/// The inbound message being decided for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbound {
    pub message_id: i64,
    pub chat_id: i64,
    /// The contact's phone number, digits only; `None` for a contact known by user id only.
    pub phone: Option<String>,
    /// The operator saved a name for the contact.
    pub in_contacts: bool,
    /// When the customer sent it.
    pub at: DateTime<Utc>,
}

/// What the store knows about the chat before this message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChatHistory {
    /// The latest message in either direction before this one.
    pub previous_message_at: Option<DateTime<Utc>>,
    /// The latest outbound message whose origin is neither away nor greeting.
    pub last_operator_reply_at: Option<DateTime<Utc>>,
    pub last_away_at: Option<DateTime<Utc>>,
    pub last_greeting_at: Option<DateTime<Utc>>,
}

/// The operator's "away now / back" toggle, kept in the store so `wabi serve` honours it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ManualAway {
    #[default]
    Off,
    /// Away from `since`, until `until` if given.
    On { since: DateTime<Utc>, until: Option<DateTime<Utc>> },
}

impl ManualAway {
    /// Whether the toggle covers instant `t`: on, switched on at or before `t`, not yet expired.
    pub fn is_on_at(self, t: DateTime<Utc>) -> bool {
        match self {
            ManualAway::Off => false,
            ManualAway::On { since, until } => since <= t && until.is_none_or(|until| t < until),
        }
    }
}

/// Which automatic message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AutomationKind {
    Away,
    Greeting,
}

impl AutomationKind {
    /// The text stored in the automation log: `"away"` or `"greeting"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AutomationKind::Away => "away",
            AutomationKind::Greeting => "greeting",
        }
    }

    /// The origin of the outbound message it produces.
    pub fn origin(self) -> Origin {
        match self {
            AutomationKind::Away => Origin::Away,
            AutomationKind::Greeting => Origin::Greeting,
        }
    }
}

/// An automatic message to queue for the chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub kind: AutomationKind,
    /// The idempotency key of the automation log (see the module doc).
    pub period: String,
    /// The message text before placeholder expansion.
    pub template: String,
}

/// The automatic messages due for `input`, greeting first. Empty when nothing is due. A rule
/// whose message is blank yields nothing (there would be nothing to send).
pub fn decide(
    input: &Inbound,
    history: &ChatHistory,
    away: &AwayConfig,
    greeting: &GreetingConfig,
    schedule: &Schedule,
    manual: &ManualAway,
    now: DateTime<Utc>,
) -> Vec<Action> {
    let both = greeting.when_away;
    let greeting = greeting_action(input, history, greeting);
    let away = away_action(input, history, away, schedule, *manual, now);
    match (greeting, away) {
        // One message, not a welcome and a "we are closed" in the same second.
        (Some(_), Some(away)) if both == crate::config::WhenAway::AwayOnly => vec![away],
        (greeting, away) => greeting.into_iter().chain(away).collect(),
    }
}

/// Greeting: due for a chat's first message, or after `inactivity_days` without any message.
/// `inactivity_days = 0` greets only a chat's first message. Not due when a greeting was queued
/// after the previous message (for an earlier message of the same burst, or before a restart).
fn greeting_action(input: &Inbound, history: &ChatHistory, greeting: &GreetingConfig) -> Option<Action> {
    if !greeting.enabled
        || greeting.message.trim().is_empty()
        || !admits(greeting.recipients, &greeting.phones, input)
    {
        return None;
    }
    let previous = history.previous_message_at;
    if history.last_greeting_at.is_some_and(|sent| previous.is_none_or(|p| sent > p)) {
        return None;
    }
    let period = match previous {
        None => "new".to_string(),
        Some(previous) => {
            let quiet = TimeDelta::days(greeting.inactivity_days.into());
            if greeting.inactivity_days == 0 || input.at.signed_duration_since(previous) < quiet {
                return None;
            }
            format!("after:{}", key_instant(previous))
        }
    };
    Some(Action { kind: AutomationKind::Greeting, period, template: greeting.message.clone() })
}

/// Away: due while away at the message's time, unless the message is stale, the operator is
/// talking to the chat, or an away message went out within the cooldown or this period already.
fn away_action(
    input: &Inbound,
    history: &ChatHistory,
    away: &AwayConfig,
    schedule: &Schedule,
    manual: ManualAway,
    now: DateTime<Utc>,
) -> Option<Action> {
    if !away.enabled
        || away.message.trim().is_empty()
        || !admits(away.recipients, &away.phones, input)
        || now.signed_duration_since(input.at) > away.max_delay
    {
        return None;
    }
    let recent = |last: Option<DateTime<Utc>>, window| last.is_some_and(|l| within(l, input.at, window));
    if recent(history.last_operator_reply_at, away.skip_if_replied_within)
        || recent(history.last_away_at, away.cooldown)
    {
        return None;
    }
    let period = away_period(input, away, schedule, manual)?;
    if let (Some(began), Some(last)) = (period.began, history.last_away_at)
        && last >= began
    {
        return None;
    }
    Some(Action { kind: AutomationKind::Away, period: period.key, template: away.message.clone() })
}

/// The away period the message falls in; `None` when not away at the message's time.
struct AwayPeriod {
    key: String,
    /// When the period began, if it has a known beginning.
    began: Option<DateTime<Utc>>,
}

fn away_period(
    input: &Inbound,
    away: &AwayConfig,
    schedule: &Schedule,
    manual: ManualAway,
) -> Option<AwayPeriod> {
    if let ManualAway::On { since, .. } = manual
        && manual.is_on_at(input.at)
    {
        return Some(AwayPeriod { key: format!("manual:{}", key_instant(since)), began: Some(since) });
    }
    match away.schedule {
        AwaySchedule::Never => None,
        AwaySchedule::Always => Some(cooldown_window(input, away.cooldown)),
        AwaySchedule::OutsideHours => {
            let closed = schedule.closed_period(input.at)?;
            if closed.start_is_search_bound {
                return Some(cooldown_window(input, away.cooldown));
            }
            let key = format!("closed:{}", key_instant(closed.start));
            Some(AwayPeriod { key, began: Some(closed.start) })
        }
    }
}

/// The cooldown-long window (counted from the Unix epoch) holding the message.
fn cooldown_window(input: &Inbound, cooldown: TimeDelta) -> AwayPeriod {
    let length = cooldown.num_milliseconds();
    let start = (length > 0)
        .then(|| input.at.timestamp_millis().div_euclid(length) * length)
        .and_then(DateTime::from_timestamp_millis);
    let key = match start {
        Some(start) => format!("always:{}", key_instant(start)),
        None => format!("always:message:{}", input.message_id),
    };
    AwayPeriod { key, began: None }
}

/// True when `earlier` lies less than `window` before `t`, or after `t`.
fn within(earlier: DateTime<Utc>, t: DateTime<Utc>, window: TimeDelta) -> bool {
    t.signed_duration_since(earlier) < window
}

/// Whether a recipients rule admits the contact. A contact without a phone number is never in
/// the `phones` list: admitted by "everyone except", never by "only".
fn admits(rule: Recipients, phones: &[String], input: &Inbound) -> bool {
    let listed = || input.phone.as_deref().is_some_and(|phone| phones.iter().any(|p| same_number(phone, p)));
    match rule {
        Recipients::Everyone => true,
        Recipients::NotInContacts => !input.in_contacts,
        Recipients::EveryoneExcept => !listed(),
        Recipients::Only => listed(),
    }
}

/// Same digits, ignoring anything else (`+`, spaces); numbers without digits match nothing.
fn same_number(a: &str, b: &str) -> bool {
    fn digits(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(char::is_ascii_digit)
    }
    digits(a).next().is_some() && digits(a).eq(digits(b))
}

fn key_instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}
