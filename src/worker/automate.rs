//! The worker's automation pass: walks new inbound customer messages in id order, asks the pure
//! rules ([`crate::automation::decide`]) what is due for each, and queues the answers through the
//! exactly-once automation log ([`Store::queue_automatic_at`]).
//!
//! Where it got to is a cursor in the store's settings (the highest message id decided), so a
//! restart, or another process taking the worker lease, continues where it stopped. A store that
//! never had a cursor starts at its newest message: installing wabi on an old store does not
//! answer its history. Deciding a message twice (a crash between queueing and moving the cursor)
//! is harmless: the log's UNIQUE (chat, kind, period) and the history both hold it back.

use chrono::{DateTime, Utc};

use super::Automation;
use crate::automation::{AutomationKind, ChatHistory, Inbound, ManualAway, decide};
use crate::config::{AwayConfig, BusinessConfig, Config, GreetingConfig};
use crate::hours::{HoursError, Schedule};
use crate::placeholders::{Customer, values_for};
use crate::quick_reply::{PlaceholderValues, expand};
use crate::store::{ChatTimes, ManualAwayState, NewOutbound, ScannedMessage, Store, StoreError};

/// The settings key of the cursor: the id of the last message the pass has decided.
pub const CURSOR_KEY: &str = "automation.cursor";
/// Messages read per step; the cursor is saved after each.
const BATCH: usize = 500;
/// A message whose answering fails this many times in a row is passed over (with an error), so
/// one bad row cannot stop automation for every later customer.
const MAX_ATTEMPTS: u32 = 3;

/// The away and greeting rules of one config, run by the worker while it holds the lease.
pub struct AutomationRunner {
    away: AwayConfig,
    greeting: GreetingConfig,
    business: BusinessConfig,
    schedule: Schedule,
    /// The message that failed last, and how many times in a row.
    failing: Option<(i64, u32)>,
}

impl AutomationRunner {
    /// The runner for `config`; fails only on hours the config loader would have refused.
    pub fn new(config: &Config) -> Result<AutomationRunner, HoursError> {
        Ok(AutomationRunner {
            away: config.away.clone(),
            greeting: config.greeting.clone(),
            business: config.business.clone(),
            schedule: config.hours.schedule()?,
            failing: None,
        })
    }

    /// The runner as a worker holds it (`Worker::automation`).
    pub fn for_worker(config: &Config) -> Result<Option<Box<dyn Automation>>, HoursError> {
        Ok(Some(Box::new(AutomationRunner::new(config)?)))
    }

    fn enabled(&self) -> bool {
        self.away.enabled || self.greeting.enabled
    }

    /// Decides and queues what is due for one inbound message; returns how many were queued.
    fn answer(
        &self,
        store: &mut Store,
        m: &ScannedMessage,
        manual: &ManualAway,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let contact = store.chat_contact(m.chat_id)?;
        let replies_since = m.at.saturating_sub(self.away.skip_if_replied_within.num_milliseconds());
        let times = store.chat_times(m.chat_id, m.id, m.at, replies_since)?;
        let saved_name = contact.saved_name.as_deref().filter(|n| !n.trim().is_empty());
        let input = Inbound {
            message_id: m.id,
            chat_id: m.chat_id,
            phone: contact.phone.clone(),
            in_contacts: saved_name.is_some(),
            at: instant(m.at, "message time")?,
        };
        let history = history_from(times)?;
        // Both actions are decided from the history before this message and queued in decide's
        // order: the greeting queued first is not history the away rule looks at.
        let actions = decide(&input, &history, &self.away, &self.greeting, &self.schedule, manual, now);
        if actions.is_empty() {
            return Ok(0);
        }
        let first_name = store.saved_first_name(m.chat_id)?;
        let customer = Customer {
            saved_name,
            saved_first_name: first_name.as_deref(),
            profile_name: contact.profile_name.as_deref(),
            phone: contact.phone.as_deref(),
        };
        let values = values_for(&customer, &self.business, &self.schedule, now);
        let mut queued = 0;
        let mut greeted = false;
        for action in actions {
            let message = NewOutbound {
                chat_id: m.chat_id,
                body: automatic_text(&action.template, &values),
                origin: action.kind.origin(),
                reply_to: None,
            };
            let kind = action.kind.as_str();
            let at = now.timestamp_millis();
            if let Some(id) = store.queue_automatic_at(kind, &action.period, &message, at)? {
                queued += 1;
                // The away message after a greeting waits a moment, so they read as two turns.
                if greeted && action.kind == AutomationKind::Away {
                    store
                        .delay_outbound(id, at.saturating_add(self.greeting.away_after.num_milliseconds()))?;
                }
                greeted |= action.kind == AutomationKind::Greeting;
            }
        }
        Ok(queued)
    }

    /// After `m` failed with `error`: keep the cursor before it so the next tick retries, or
    /// after MAX_ATTEMPTS failures move past it. Either way the error is reported.
    fn on_failure(&mut self, store: &mut Store, m: &ScannedMessage, error: StoreError) -> StoreError {
        let attempts = match self.failing {
            Some((id, n)) if id == m.id => n + 1,
            _ => 1,
        };
        let (cursor, reported) = if attempts >= MAX_ATTEMPTS {
            self.failing = None;
            let skipped =
                format!("automatic replies skipped message {} after {attempts} failures: {error}", m.id);
            (m.id, StoreError::Invalid(skipped))
        } else {
            self.failing = Some((m.id, attempts));
            (m.id - 1, error)
        };
        match save_cursor(store, cursor) {
            Ok(()) => reported,
            Err(save) => save,
        }
    }
}

impl Automation for AutomationRunner {
    fn run(&mut self, store: &mut Store, now: i64) -> Result<usize, StoreError> {
        let Some(mut cursor) = load_cursor(store)? else {
            save_cursor(store, store.max_message_id()?)?;
            return Ok(0);
        };
        if !self.enabled() {
            // Keep up without deciding, so turning the rules on later does not answer the past.
            let newest = store.max_message_id()?;
            if newest > cursor {
                save_cursor(store, newest)?;
            }
            return Ok(0);
        }
        let clock = instant(now, "worker clock")?;
        let mut batch = store.messages_after(cursor, BATCH)?;
        if batch.is_empty() {
            return Ok(0);
        }
        let manual = manual_away(store.manual_away(now)?)?;
        let mut queued = 0;
        while let Some(last) = batch.last().map(|m| m.id) {
            for m in batch.iter().filter(|m| m.from_customer) {
                match self.answer(store, m, &manual, clock) {
                    Ok(n) => queued += n,
                    Err(e) => return Err(self.on_failure(store, m, e)),
                }
            }
            self.failing = None;
            cursor = last;
            save_cursor(store, cursor)?;
            if batch.len() < BATCH {
                break;
            }
            batch = store.messages_after(cursor, BATCH)?;
        }
        Ok(queued)
    }
}

/// The text of an automatic message. A placeholder with no value and no fallback is left out
/// rather than sent as typed: nobody reviews an automatic message before it goes (the composer
/// shows such placeholders to the operator instead).
fn automatic_text(template: &str, values: &PlaceholderValues) -> String {
    let expansion = expand(template, &|key| values.get(key));
    let mut text = expansion.text;
    for range in expansion.unresolved.into_iter().rev() {
        text.replace_range(range, "");
    }
    text
}

fn load_cursor(store: &Store) -> Result<Option<i64>, StoreError> {
    match store.setting(CURSOR_KEY)? {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| StoreError::Invalid(format!("setting {CURSOR_KEY} is {text:?}, not a message id"))),
    }
}

fn save_cursor(store: &mut Store, cursor: i64) -> Result<(), StoreError> {
    store.set_setting(CURSOR_KEY, Some(&cursor.to_string()))
}

/// The history in the rules' terms.
fn history_from(times: ChatTimes) -> Result<ChatHistory, StoreError> {
    let at = |ms: Option<i64>| ms.map(|ms| instant(ms, "message time")).transpose();
    Ok(ChatHistory {
        previous_message_at: at(times.previous_message_at)?,
        last_operator_reply_at: at(times.last_operator_reply_at)?,
        last_away_at: at(times.last_away_at)?,
        last_greeting_at: at(times.last_greeting_at)?,
    })
}

fn manual_away(state: ManualAwayState) -> Result<ManualAway, StoreError> {
    Ok(match state {
        ManualAwayState::Off => ManualAway::Off,
        ManualAwayState::On { since, until } => ManualAway::On {
            since: instant(since, "away since")?,
            until: until.map(|u| instant(u, "away until")).transpose()?,
        },
    })
}

/// Milliseconds as an instant; a value chrono cannot represent is a bad row, named by `what`.
fn instant(ms: i64, what: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Invalid(format!("{what} {ms} ms is out of range")))
}
