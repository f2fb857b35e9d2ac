//! `wabi away on [--until …] | off | status`: the manual "away now / back" switch from a shell,
//! the same one the TUI's `a` key sets. It lives in the store, so `wabi serve` honours it.

use chrono::{DateTime, Utc};
use clap::Subcommand;

use super::{CliError, Context, rfc3339};
use crate::config::{AwaySchedule, Config, duration};
use crate::store::{ManualAwayState, now_ms};

#[derive(Debug, Subcommand)]
pub enum AwayCmd {
    /// Send the away message from now on, also inside business hours
    On {
        /// When to switch back: an RFC 3339 time or a duration from now ("2h", "1d") [default:
        /// until `wabi away off`]
        #[arg(long, value_name = "RFC3339|DURATION")]
        until: Option<String>,
    },
    /// Switch the manual away message off (business hours apply again)
    Off,
    /// Show the switch, the business hours now and whether a customer writing now gets the
    /// away message
    Status,
}

pub fn away(ctx: &Context, cmd: &AwayCmd) -> Result<(), CliError> {
    let config = ctx.config()?;
    let now = now_ms();
    match cmd {
        AwayCmd::On { until } => {
            let until = until.as_deref().map(|text| parse_until(text, now)).transpose()?;
            let mut store = ctx.store()?;
            // Switching on again keeps `since`: it names the away period, and a new one would
            // send every chat the away message again.
            let since = match store.manual_away(now)? {
                ManualAwayState::On { since, .. } => since,
                ManualAwayState::Off => now,
            };
            store.set_manual_away(ManualAwayState::On { since, until })?;
            crate::outln!("{}", describe(ManualAwayState::On { since, until }));
            if !config.away.enabled {
                crate::errln!(
                    "wabi: note: no away message will be sent: {}",
                    crate::config::AwayConfig::DISABLED_NOTE
                );
            }
        }
        AwayCmd::Off => {
            ctx.store()?.set_manual_away(ManualAwayState::Off)?;
            crate::outln!("{}", describe(ManualAwayState::Off));
        }
        AwayCmd::Status => status(ctx, &config, now)?,
    }
    Ok(())
}

fn status(ctx: &Context, config: &Config, now: i64) -> Result<(), CliError> {
    let manual = ctx.store()?.manual_away(now)?;
    let schedule = config.hours.schedule().map_err(|e| CliError::bad(e.to_string()))?;
    let t = DateTime::<Utc>::from_timestamp_millis(now).unwrap_or_default(); // ok: now_ms is in range
    crate::outln!("{}", describe(manual));
    crate::outln!("hours: {} ({})", schedule.status_line(t), schedule.tz());
    let away = &config.away;
    let sent_now = match away.schedule {
        _ if !away.enabled => "off in the config",
        _ if manual != ManualAwayState::Off => "sent to customers writing now (manual)",
        AwaySchedule::Always => "sent to customers writing now (schedule always)",
        AwaySchedule::OutsideHours if !schedule.is_open(t) => "sent to customers writing now (closed)",
        AwaySchedule::OutsideHours | AwaySchedule::Never => "not sent now",
    };
    crate::outln!("away message: {sent_now}");
    Ok(())
}

fn describe(state: ManualAwayState) -> String {
    match state {
        ManualAwayState::Off => "manual away: off".to_string(),
        ManualAwayState::On { since, until: None } => format!("manual away: on since {}", rfc3339(since)),
        ManualAwayState::On { since, until: Some(until) } => {
            format!("manual away: on since {} until {}", rfc3339(since), rfc3339(until))
        }
    }
}

/// `--until`: an RFC 3339 time, or a duration from `now`; it must lie in the future.
fn parse_until(text: &str, now: i64) -> Result<i64, CliError> {
    let until = match DateTime::parse_from_rfc3339(text.trim()) {
        Ok(t) => t.timestamp_millis(),
        Err(_) => {
            let span = duration::parse(text).ok_or_else(|| {
                CliError::bad(format!(
                    "--until {text:?} is neither an RFC 3339 time nor a duration (like \"2h\", \"1d\")"
                ))
            })?;
            now.saturating_add(span.num_milliseconds())
        }
    };
    if until <= now {
        return Err(CliError::bad(format!("--until {text:?} is not in the future")));
    }
    Ok(until)
}
