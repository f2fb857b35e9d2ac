//! Times the operator picks: snooze and away menus, and typed times ("2h", "18:30", "2026-12-01 09:00").
//! Pure: `now` and the schedule come in; everything is read in the business time zone.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::hours::Schedule;

const HOUR: i64 = 3_600_000;

fn at_local(tz: Tz, naive: NaiveDateTime) -> Option<i64> {
    tz.from_local_datetime(&naive).earliest().map(|t| t.timestamp_millis())
}

fn utc(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Opening time on or after the start of `day` (local), else 09:00 that day.
fn opening_from(day: NaiveDate, schedule: &Schedule) -> Option<i64> {
    let start = at_local(schedule.tz(), day.and_time(NaiveTime::MIN))?;
    let open = if schedule.is_open(utc(start)) { Some(utc(start)) } else { schedule.next_open(utc(start)) };
    open.map(|t| t.timestamp_millis()).or_else(|| at_local(schedule.tz(), day.and_hms_opt(9, 0, 0)?))
}

/// Snooze choices: in an hour, tomorrow at opening, next week at opening.
pub fn snooze_options(now: i64, schedule: &Schedule) -> Vec<(String, i64)> {
    let today = utc(now).with_timezone(&schedule.tz()).date_naive();
    let mut out = vec![("In 1 hour".to_string(), now + HOUR)];
    if let Some(t) = today.succ_opt().and_then(|d| opening_from(d, schedule)) {
        out.push((format!("Tomorrow at opening ({})", describe(t, now, schedule.tz())), t));
    }
    let to_monday = 7 - i64::from(today.weekday().num_days_from_monday());
    if let Some(t) =
        today.checked_add_signed(Duration::days(to_monday)).and_then(|d| opening_from(d, schedule))
    {
        out.push((format!("Next week ({})", describe(t, now, schedule.tz())), t));
    }
    out
}

/// Away choices: until turned off, or until the next opening.
pub fn away_options(now: i64, schedule: &Schedule) -> Vec<(String, Option<i64>)> {
    let mut out = vec![("Until I turn it off".to_string(), None)];
    if let Some(t) = schedule.next_open(utc(now)) {
        let t = t.timestamp_millis();
        out.push((format!("Until the next opening ({})", describe(t, now, schedule.tz())), Some(t)));
    }
    out
}

/// Reads a typed time: a duration ("90m", "2h", "3d"), a clock time ("18:30", today or else
/// tomorrow), a date ("2026-12-01", at opening) or a date and time ("2026-12-01 09:00").
pub fn parse(text: &str, now: i64, schedule: &Schedule) -> Result<i64, String> {
    let text = text.trim();
    let tz = schedule.tz();
    let bad = || format!("{text:?} is not a time: try 2h, 18:30, 2026-12-01 or 2026-12-01 09:00");
    if let Some(d) = crate::config::duration::parse(text) {
        return Ok(now + d.num_milliseconds());
    }
    let at = if let Ok(t) = NaiveTime::parse_from_str(text, "%H:%M") {
        let today = utc(now).with_timezone(&tz).date_naive();
        let candidate = at_local(tz, today.and_time(t)).ok_or_else(bad)?;
        if candidate > now {
            candidate
        } else {
            at_local(tz, today.succ_opt().ok_or_else(bad)?.and_time(t)).ok_or_else(bad)?
        }
    } else if let Ok(dt) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
        at_local(tz, dt).ok_or_else(bad)?
    } else if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        opening_from(d, schedule).ok_or_else(bad)?
    } else {
        return Err(bad());
    };
    if at <= now {
        return Err(format!("{text:?} is in the past"));
    }
    Ok(at)
}

/// "18:30", "tomorrow 09:00", "Mon 09:00" or "1 Dec 09:00", in the business zone.
pub fn describe(at: i64, now: i64, tz: Tz) -> String {
    let t = utc(at).with_timezone(&tz);
    let today = utc(now).with_timezone(&tz).date_naive();
    let days = (t.date_naive() - today).num_days();
    match days {
        0 => t.format("%H:%M").to_string(),
        1 => t.format("tomorrow %H:%M").to_string(),
        2..=6 => t.format("%a %H:%M").to_string(),
        _ => t.format("%-d %b %H:%M").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule() -> Schedule {
        Schedule::default()
    }

    // Tuesday 2025-11-18 10:00 UTC.
    const NOW: i64 = 1_763_460_000_000;

    #[test]
    fn snooze_offers_an_hour_tomorrow_and_next_week_at_opening() {
        let options = snooze_options(NOW, &schedule());
        assert_eq!(options[0].1, NOW + HOUR);
        assert_eq!(describe(options[1].1, NOW, Tz::UTC), "tomorrow 09:00");
        assert_eq!(describe(options[2].1, NOW, Tz::UTC), "Mon 09:00");
    }

    #[test]
    fn typed_times_read_durations_clock_times_and_dates() {
        let s = schedule();
        assert_eq!(parse("2h", NOW, &s), Ok(NOW + 2 * HOUR));
        assert_eq!(describe(parse("18:30", NOW, &s).unwrap(), NOW, Tz::UTC), "18:30");
        assert_eq!(describe(parse("08:00", NOW, &s).unwrap(), NOW, Tz::UTC), "tomorrow 08:00");
        assert_eq!(describe(parse("2025-11-24", NOW, &s).unwrap(), NOW, Tz::UTC), "Mon 09:00");
        assert!(parse("2020-01-01 10:00", NOW, &s).unwrap_err().contains("past"));
        assert!(parse("soonish", NOW, &s).is_err());
    }
}
