//! The sections of the config file and their defaults.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeDelta, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;

use super::duration;
use super::transport::TransportConfig;
use crate::hours::{HoursError, Schedule, TimeRange};

/// Everything the config file can say.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub business: BusinessConfig,
    pub hours: HoursConfig,
    pub away: AwayConfig,
    pub greeting: GreetingConfig,
    pub transport: TransportConfig,
    pub ui: UiConfig,
    pub consent: super::ConsentConfig,
    pub broadcast: super::BroadcastConfig,
    /// `[[templates]]`: approved message templates for the Cloud API.
    pub templates: Vec<TemplateConfig>,
    /// `[pricing]`: prices per billable message category, for statistics.
    pub pricing: super::PricingConfig,
    pub events: super::EventsConfig,
    /// `[[hooks]]`: commands and URLs that get events.
    pub hooks: Vec<super::HookConfig>,
}

/// `[business]`: who the operator answers for; used in placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BusinessConfig {
    pub name: String,
    pub about: String,
    pub address: String,
    pub email: String,
    pub website: String,
    /// The WhatsApp business profile's longer description (at most 512 characters).
    pub description: String,
    /// More websites for the profile (with `website`, at most 2).
    pub websites: Vec<String>,
    /// The profile's category from Meta's list (RETAIL, RESTAURANT, BEAUTY…).
    pub vertical: String,
    /// The business's language ("es", "en"…): day names customers read in automatic messages,
    /// and the profile's hours line.
    pub language: crate::hours::Language,
    /// The hours line of the profile's description; "" generates it from `[hours]`, "-" leaves
    /// it out.
    pub hours: String,
}

impl Default for BusinessConfig {
    fn default() -> Self {
        BusinessConfig {
            name: "My Business".into(),
            about: String::new(),
            address: String::new(),
            email: String::new(),
            website: String::new(),
            description: String::new(),
            websites: Vec::new(),
            vertical: String::new(),
            language: crate::hours::Language::En,
            hours: String::new(),
        }
    }
}

/// `[hours]`: the weekly opening hours in the business time zone.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HoursConfig {
    pub timezone: Tz,
    pub mon: Vec<TimeRange>,
    pub tue: Vec<TimeRange>,
    pub wed: Vec<TimeRange>,
    pub thu: Vec<TimeRange>,
    pub fri: Vec<TimeRange>,
    pub sat: Vec<TimeRange>,
    pub sun: Vec<TimeRange>,
    pub closed_dates: Vec<NaiveDate>,
}

impl Default for HoursConfig {
    fn default() -> Self {
        let day = || TimeRange::from_minutes(9 * 60, 18 * 60).into_iter().collect::<Vec<_>>();
        HoursConfig {
            timezone: Tz::UTC,
            mon: day(),
            tue: day(),
            wed: day(),
            thu: day(),
            fri: day(),
            sat: Vec::new(),
            sun: Vec::new(),
            closed_dates: Vec::new(),
        }
    }
}

impl HoursConfig {
    /// The week Monday first, as the schedule wants it.
    pub fn week(&self) -> [Vec<TimeRange>; 7] {
        [
            self.mon.clone(),
            self.tue.clone(),
            self.wed.clone(),
            self.thu.clone(),
            self.fri.clone(),
            self.sat.clone(),
            self.sun.clone(),
        ]
    }

    /// The schedule these hours describe; errors name the weekday whose ranges are wrong.
    pub fn schedule(&self) -> Result<Schedule, HoursError> {
        Schedule::new(self.timezone, self.week(), self.closed_dates.clone())
    }

    pub(super) fn validate(&self) -> Result<(), (&'static str, &'static str, String)> {
        self.schedule().map(drop).map_err(|e| {
            let key = match e.day() {
                Some(Weekday::Mon) => "mon",
                Some(Weekday::Tue) => "tue",
                Some(Weekday::Wed) => "wed",
                Some(Weekday::Thu) => "thu",
                Some(Weekday::Fri) => "fri",
                Some(Weekday::Sat) => "sat",
                Some(Weekday::Sun) => "sun",
                None => "closed_dates",
            };
            ("hours", key, e.to_string())
        })
    }
}

/// When the away message applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwaySchedule {
    OutsideHours,
    Always,
    Never,
}

/// Who automatic messages go to (as in WhatsApp Business).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipients {
    Everyone,
    NotInContacts,
    EveryoneExcept,
    Only,
}

/// `[away]`: the away message outside business hours.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AwayConfig {
    pub enabled: bool,
    pub message: String,
    pub schedule: AwaySchedule,
    #[serde(deserialize_with = "duration::deserialize")]
    pub cooldown: TimeDelta,
    #[serde(deserialize_with = "duration::deserialize")]
    pub skip_if_replied_within: TimeDelta,
    #[serde(deserialize_with = "duration::deserialize")]
    pub max_delay: TimeDelta,
    pub recipients: Recipients,
    #[serde(deserialize_with = "phones")]
    pub phones: Vec<String>,
}

impl Default for AwayConfig {
    fn default() -> Self {
        AwayConfig {
            enabled: false,
            message: "Thank you for your message! We are closed right now and will answer from \
                      {{hours.next_open|our next opening}}."
                .into(),
            schedule: AwaySchedule::OutsideHours,
            cooldown: TimeDelta::hours(24),
            skip_if_replied_within: TimeDelta::minutes(5),
            max_delay: TimeDelta::minutes(15),
            recipients: Recipients::Everyone,
            phones: Vec::new(),
        }
    }
}

impl AwayConfig {
    /// Why the away switch sends nothing while `enabled` is false, and how to change that.
    pub const DISABLED_NOTE: &str = "[away] enabled = false in the config; set it to true to send one";

    pub(super) fn validate(&self) -> Result<(), (&'static str, &'static str, String)> {
        if self.enabled && self.message.trim().is_empty() {
            return Err(("away", "message", "is empty but the away message is enabled".into()));
        }
        Ok(())
    }
}

/// `[greeting]`: the greeting for new and returning customers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GreetingConfig {
    pub enabled: bool,
    pub message: String,
    pub inactivity_days: u32,
    pub recipients: Recipients,
    #[serde(deserialize_with = "phones")]
    pub phones: Vec<String>,
    /// A new customer who writes while the away message is due gets one message, not two.
    pub when_away: WhenAway,
    /// With `when_away = "greeting_then_away"`: how long after the greeting the away message goes.
    #[serde(deserialize_with = "duration::deserialize")]
    pub away_after: TimeDelta,
}

/// What a customer gets when both the greeting and the away message are due for one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WhenAway {
    /// The away message alone: it says when someone will answer.
    #[default]
    AwayOnly,
    /// The greeting, then the away message `away_after` later.
    GreetingThenAway,
}

impl Default for GreetingConfig {
    fn default() -> Self {
        GreetingConfig {
            enabled: false,
            message: "Hello {{first_name|there}}, thank you for contacting {{business.name}}! \
                      How can we help you?"
                .into(),
            inactivity_days: 14,
            recipients: Recipients::Everyone,
            phones: Vec::new(),
            when_away: WhenAway::AwayOnly,
            away_after: TimeDelta::seconds(30),
        }
    }
}

impl GreetingConfig {
    pub(super) fn validate(&self) -> Result<(), (&'static str, &'static str, String)> {
        if self.enabled && self.message.trim().is_empty() {
            return Err(("greeting", "message", "is empty but the greeting is enabled".into()));
        }
        Ok(())
    }
}

/// A list of phone numbers, stored as digits.
fn phones<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|p| crate::phone::parse_phone(p).map_err(serde::de::Error::custom))
        .collect()
}

/// How the TUI tells the operator about a new message in a chat that is not on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Notify {
    #[default]
    Bell,
    Desktop,
    None,
}

/// One key or several for an action in `[ui.keys]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    pub fn keys(&self) -> Vec<&str> {
        match self {
            KeyList::One(k) => vec![k.as_str()],
            KeyList::Many(ks) => ks.iter().map(String::as_str).collect(),
        }
    }
}

/// `[ui]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    pub notify: Notify,
    /// Action name -> key(s), overriding the defaults ("select-next" = ["j", "down"]).
    pub keys: BTreeMap<String, KeyList>,
}

/// One `[[templates]]` entry: a message template approved in Meta's dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateConfig {
    /// The template's name as approved ("appointment_reminder").
    pub name: String,
    /// Its language code ("en_US").
    #[serde(default = "default_template_language")]
    pub language: String,
    /// What each body parameter `{{1}}`, `{{2}}`… means, in order; `wabi send --template` needs
    /// exactly this many `--param` values.
    #[serde(default)]
    pub params: Vec<String>,
    /// The body as approved, with its `{{1}}`… parameters, so the history keeps what the customer
    /// read (optional; templates synced from Meta have it).
    #[serde(default)]
    pub text: String,
}

fn default_template_language() -> String {
    "en_US".into()
}

impl TemplateConfig {
    /// Checks every entry: a name, and no name twice for the same language.
    pub(super) fn validate_all(
        templates: &[TemplateConfig],
    ) -> Result<(), (&'static str, &'static str, String)> {
        for (i, t) in templates.iter().enumerate() {
            if t.name.trim().is_empty() {
                return Err(("templates", "name", format!("template {} has no name", i + 1)));
            }
            let twice = templates[..i].iter().any(|o| o.name == t.name && o.language == t.language);
            if twice {
                return Err((
                    "templates",
                    "name",
                    format!("template {:?} ({}) is listed twice", t.name, t.language),
                ));
            }
        }
        Ok(())
    }
}
