//! Human words for the schedule: today's hours, the next opening, the status bar line.
//! Times are wall-clock times in the schedule's zone.

use chrono::{DateTime, NaiveDateTime, Timelike, Utc, Weekday};

use super::{Position, Schedule};

impl Schedule {
    /// The ranges of `t`'s local day, as configured: `"09:00-13:00, 14:00-18:00"`, or `"closed"`
    /// on a day without ranges or on a closed date.
    pub fn today_label(&self, t: DateTime<Utc>) -> String {
        let ranges = self.ranges_on(self.local(t).date());
        if ranges.is_empty() {
            return "closed".to_string();
        }
        let texts: Vec<String> = ranges.iter().map(ToString::to_string).collect();
        texts.join(", ")
    }

    /// The next opening after `t` (see [`Schedule::next_open`]) in words for a customer:
    /// `"Monday 09:00"` within the next six local days (today included), else with the date,
    /// `"Monday 5 January 09:00"`. Weekday names rather than "today"/"tomorrow" because an away
    /// message is often read hours later, when "tomorrow" would be wrong.
    pub fn describe_next_open(&self, t: DateTime<Utc>) -> Option<String> {
        self.describe_next_open_in(t, super::Language::En)
    }

    /// [`Schedule::describe_next_open`] in the customers' language (`[business] language`).
    pub fn describe_next_open_in(&self, t: DateTime<Utc>, lang: super::Language) -> Option<String> {
        let today = self.local(t).date();
        let opens = self.local(self.next_open(t)?);
        Some(lang.when(opens, (opens.date() - today).num_days() >= 7))
    }

    /// The status bar's words: `"Open · closes 18:00"` or `"Closed · opens Mon 09:00"`; just
    /// `"Open"` / `"Closed"` when nothing changes within the search bound. The time is bare on
    /// the same local day (a close at midnight is `24:00`), with the short weekday within six
    /// days, and with the date beyond.
    pub fn status_line(&self, t: DateTime<Utc>) -> String {
        let today = self.local(t);
        match self.locate(t) {
            Position::Open { closes: Some(at) } => {
                format!("Open · closes {}", short_when(today, self.local(at)))
            }
            Position::Open { closes: None } => "Open".to_string(),
            Position::Closed { opens: Some(at) } => {
                format!("Closed · opens {}", short_when(today, self.local(at)))
            }
            Position::Closed { opens: None } => "Closed".to_string(),
        }
    }
}

/// `"14:00"` on `now`'s day (`"24:00"` for the midnight ending it), `"Mon 09:00"` within six
/// days, `"Mon 5 Jan 09:00"` beyond.
fn short_when(now: NaiveDateTime, at: NaiveDateTime) -> String {
    let days = (at.date() - now.date()).num_days();
    if days == 0 {
        return at.format("%H:%M").to_string();
    }
    if days == 1 && at.hour() == 0 && at.minute() == 0 {
        return "24:00".to_string();
    }
    let layout = if days < 7 { "%a %H:%M" } else { "%a %-d %b %H:%M" };
    at.format(layout).to_string()
}

/// The English name of a weekday, `"Monday"`.
pub(super) fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use chrono_tz::Tz;

    use crate::hours::tests::{LUNCH, OFFICE, at, berlin_office, schedule};

    #[test]
    fn today_label_lists_the_local_day_or_says_closed() {
        let s = schedule(Tz::Europe__Berlin, [LUNCH; 7], &["2026-12-25"]);
        // 23:30 UTC on the 23rd is already the 24th in Berlin.
        assert_eq!(s.today_label(at("2026-12-23T23:30:00Z")), "09:00-13:00, 14:00-18:00");
        assert_eq!(s.today_label(at("2026-12-25T10:00:00Z")), "closed");
    }

    #[test]
    fn describe_next_open_names_the_weekday_and_beyond_a_week_the_date() {
        let s = berlin_office();
        assert_eq!(s.describe_next_open(at("2026-11-20T18:00:00Z")).as_deref(), Some("Monday 09:00"));
        assert_eq!(s.describe_next_open(at("2026-11-17T06:00:00Z")).as_deref(), Some("Tuesday 09:00"));
        let christmas: Vec<String> = (24..=31).map(|d| format!("2026-12-{d}")).collect();
        let christmas: Vec<&str> = christmas.iter().map(String::as_str).collect();
        let holidays = schedule(Tz::Europe__Berlin, [OFFICE; 7], &christmas);
        assert_eq!(
            holidays.describe_next_open(at("2026-12-23T18:00:00Z")).as_deref(),
            Some("Friday 1 January 09:00")
        );
    }

    #[test]
    fn status_line_says_when_it_closes_or_opens() {
        let s = berlin_office();
        assert_eq!(s.status_line(at("2026-11-16T10:00:00Z")), "Open · closes 18:00");
        assert_eq!(s.status_line(at("2026-11-16T06:00:00Z")), "Closed · opens 09:00");
        assert_eq!(s.status_line(at("2026-11-20T18:00:00Z")), "Closed · opens Mon 09:00");
        let late = schedule(Tz::UTC, [&["20:00-24:00"]; 7], &[]);
        assert_eq!(late.status_line(at("2026-11-16T21:00:00Z")), "Open · closes 24:00");
    }
}
