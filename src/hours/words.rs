//! Opening hours in plain words, as `wabi init --interactive` asks for them:
//! `mon-fri 9-18, sat 10-14` or `mon-thu 9-13 14:30-18, fri 9-15, sun closed`.
//!
//! Days are `mon` … `sun` (or their full English names), alone or as a span (`mon-fri`, also
//! across the weekend: `fri-mon`), or `daily`. Each group of days is followed by its time ranges:
//! `9-18`, `9:30-18:00`, `9am-6pm`, `22-2` (past midnight), or `closed`. Commas are optional.
//! Days the words do not name are closed. The week is then checked as the config would check it
//! (no overlaps, no empty range), so what this accepts `check-config` accepts.

use chrono::Weekday;

use super::{HoursError, Schedule, TimeRange, WEEK};

/// What the words could not say; the message quotes the words it could not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WordsError {
    #[error(
        "hours: {0:?} is neither days (mon-fri, sat, daily) nor a time range (9-18, 9:30-18:00, 9am-6pm)"
    )]
    Unknown(String),
    #[error("hours: {0:?} is not a time range; hours go from 0 to 24, such as 9-18 or 9:30-18:00")]
    BadRange(String),
    #[error("hours: {0:?} comes before any day; start with the days, such as \"mon-fri 9-18\"")]
    NoDays(String),
    #[error("hours: {0} has no time range; add one (\"9-18\") or write \"closed\"")]
    NoTimes(String),
    #[error("hours: nothing given; write days and times such as \"mon-fri 9-18, sat 10-14\"")]
    Empty,
    #[error("hours: {0}")]
    Week(HoursError),
}

/// The week (Monday first) that `text` describes.
pub fn parse_week(text: &str) -> Result<[Vec<TimeRange>; 7], WordsError> {
    let mut week: [Vec<TimeRange>; 7] = Default::default();
    // The days of the group being read, the words that named them, and whether times followed.
    let mut days: Vec<usize> = Vec::new();
    let mut days_text = String::new();
    let mut timed = true;
    let mut any = false;
    for word in text.split([',', ';', ' ', '\t', '\n']).filter(|w| !w.is_empty()) {
        any = true;
        let lower = word.to_lowercase();
        if let Some(span) = day_span(&lower) {
            if timed {
                days.clear();
                days_text.clear();
                timed = false;
            } else {
                days_text.push(' ');
            }
            days.extend(span);
            days_text.push_str(word);
            continue;
        }
        if days.is_empty() {
            return Err(if looks_like_time(&lower) {
                WordsError::NoDays(word.to_string())
            } else {
                WordsError::Unknown(word.to_string())
            });
        }
        if matches!(lower.as_str(), "closed" | "off" | "-") {
            for d in &days {
                week[*d].clear();
            }
        } else if looks_like_time(&lower) {
            let range = time_range(&lower).ok_or_else(|| WordsError::BadRange(word.to_string()))?;
            for d in &days {
                week[*d].push(range);
            }
        } else {
            return Err(WordsError::Unknown(word.to_string()));
        }
        timed = true;
    }
    if !any {
        return Err(WordsError::Empty);
    }
    if !timed {
        return Err(WordsError::NoTimes(days_text));
    }
    Schedule::new(chrono_tz::Tz::UTC, week.clone(), Vec::new()).map_err(WordsError::Week)?;
    Ok(week)
}

/// The week back in words, one group per run of days with the same ranges
/// (`mon-fri 09:00-18:00, sat 10:00-14:00`); closed days are left out.
pub fn describe_week(week: &[Vec<TimeRange>; 7]) -> String {
    let mut groups: Vec<String> = Vec::new();
    let mut i = 0;
    while i < 7 {
        let mut j = i;
        while j + 1 < 7 && week[j + 1] == week[i] {
            j += 1;
        }
        if !week[i].is_empty() {
            let days = if i == j { short(i).to_string() } else { format!("{}-{}", short(i), short(j)) };
            let ranges: Vec<String> = week[i].iter().map(ToString::to_string).collect();
            groups.push(format!("{days} {}", ranges.join(" ")));
        }
        i = j + 1;
    }
    if groups.is_empty() { "closed every day".to_string() } else { groups.join(", ") }
}

fn short(day: usize) -> &'static str {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][day]
}

/// The weekday of a name: `mon`, `monday`, `Mon.` …
fn weekday(word: &str) -> Option<usize> {
    let word = word.trim_end_matches('.');
    let day: Weekday = match word {
        "mo" | "mon" | "monday" => Weekday::Mon,
        "tu" | "tue" | "tues" | "tuesday" => Weekday::Tue,
        "we" | "wed" | "wednesday" => Weekday::Wed,
        "th" | "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fr" | "fri" | "friday" => Weekday::Fri,
        "sa" | "sat" | "saturday" => Weekday::Sat,
        "su" | "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    };
    WEEK.iter().position(|d| *d == day)
}

/// The days a word names: one day, a span (wrapping past Sunday), `daily`, `weekdays`, `weekend`.
fn day_span(word: &str) -> Option<Vec<usize>> {
    match word {
        "daily" | "everyday" => return Some((0..7).collect()),
        "weekdays" => return Some((0..5).collect()),
        "weekend" | "weekends" => return Some(vec![5, 6]),
        _ => {}
    }
    if let Some(day) = weekday(word) {
        return Some(vec![day]);
    }
    let (from, to) = word.split_once('-')?;
    let (from, to) = (weekday(from)?, weekday(to)?);
    let len = (to + 7 - from) % 7 + 1;
    Some((0..len).map(|k| (from + k) % 7).collect())
}

/// Whether a word is meant as a time range (starts with a digit), so a bad one is named as such.
fn looks_like_time(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
}

/// `9-18`, `09:30-18:00`, `9am-6pm`, `22-2`, `9-24`.
fn time_range(word: &str) -> Option<TimeRange> {
    let (start, end) = word.split_once('-')?;
    let (start, end) = (clock(start)?, clock(end)?);
    (start < 24 * 60).then_some(())?;
    TimeRange::from_minutes(start, end)
}

/// Minutes after midnight of `9`, `09`, `9:30`, `9.30`, `9h`, `9am`, `12pm`, `24`.
fn clock(text: &str) -> Option<u16> {
    let (text, meridiem) = if let Some(t) = text.strip_suffix("am") {
        (t, Some(0))
    } else if let Some(t) = text.strip_suffix("pm") {
        (t, Some(12))
    } else {
        (text.strip_suffix('h').unwrap_or(text), None)
    };
    let (hours, minutes) = match text.split_once([':', '.', 'h']) {
        Some((h, m)) => (h, m),
        None => (text, "00"),
    };
    let digits = |s: &str, lens: std::ops::RangeInclusive<usize>| {
        (lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u16>().ok())?
    };
    let (mut hours, minutes) = (digits(hours, 1..=2)?, digits(minutes, 2..=2)?);
    if minutes >= 60 {
        return None;
    }
    if let Some(offset) = meridiem {
        if !(1..=12).contains(&hours) {
            return None;
        }
        hours = hours % 12 + offset;
    }
    let total = hours * 60 + minutes;
    (total <= 24 * 60).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(text: &str) -> Vec<String> {
        let week = parse_week(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        week.iter().map(|day| day.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")).collect()
    }

    fn error(text: &str) -> String {
        parse_week(text).map(|w| describe_week(&w)).unwrap_err().to_string()
    }

    #[test]
    fn reads_the_example_of_the_prompt() {
        let w = week("mon-fri 9-18, sat 10-14");
        assert_eq!(w[..5], ["09:00-18:00"; 5]);
        assert_eq!(w[5], "10:00-14:00");
        assert_eq!(w[6], "", "a day not named is closed");
    }

    #[test]
    fn several_ranges_minutes_meridiem_and_full_names() {
        let w = week("Monday-Thursday 9-13 14:30-18, Friday 9am-3pm; Sunday closed");
        assert_eq!(w[0], "09:00-13:00 14:30-18:00");
        assert_eq!(w[3], "09:00-13:00 14:30-18:00");
        assert_eq!(w[4], "09:00-15:00");
        assert_eq!((w[5].as_str(), w[6].as_str()), ("", ""));
        assert_eq!(week("sat 12am-12pm")[5], "00:00-12:00");
        assert_eq!(week("sat 9.30-18h")[5], "09:30-18:00");
    }

    #[test]
    fn spans_wrap_past_sunday_and_ranges_past_midnight() {
        let w = week("fri-mon 22-2");
        assert_eq!([&w[4], &w[5], &w[6], &w[0]], ["22:00-02:00"; 4]);
        assert_eq!(w[1], "");
        assert_eq!(week("daily 0-24"), vec!["00:00-24:00"; 7]);
        assert_eq!(week("weekdays 8-16 weekend 10-12")[6], "10:00-12:00");
    }

    #[test]
    fn days_without_commas_and_repeated_groups_add_up() {
        let w = week("mon tue 9-12 mon 13-17");
        assert_eq!(w[0], "09:00-12:00 13:00-17:00");
        assert_eq!(w[1], "09:00-12:00");
    }

    #[test]
    fn a_later_closed_empties_the_days_it_names() {
        assert_eq!(week("daily 9-18, sun closed")[6], "");
    }

    #[test]
    fn bad_words_are_named() {
        assert_eq!(
            error("mon-fri 9-25"),
            "hours: \"9-25\" is not a time range; hours go from 0 to 24, such as 9-18 or 9:30-18:00"
        );
        assert!(error("mon-fry 9-18").contains("\"mon-fry\" is neither days"), "{}", error("mon-fry 9-18"));
        assert!(error("9-18").contains("\"9-18\" comes before any day"));
        assert!(error("mon-fri 9-18, sat").contains("sat has no time range"));
        assert!(error("mon-fri 9-18 until late").contains("\"until\""));
        assert_eq!(error("  "), WordsError::Empty.to_string());
        for bad in ["mon 9:5-10", "mon 13pm-2pm", "mon 9-", "mon 24-2", "mon 9:60-10", "mon 9-18-20"] {
            assert!(matches!(parse_week(bad), Err(WordsError::BadRange(_))), "{bad}");
        }
    }

    #[test]
    fn the_week_is_checked_as_the_config_checks_it() {
        assert!(error("mon 9-13 12-18").contains("overlaps"), "{}", error("mon 9-13 12-18"));
        assert!(error("mon 9-9").contains("empty"));
    }

    #[test]
    fn describe_groups_runs_of_equal_days() {
        let w = parse_week("mon-fri 9-18, sat 10-14").unwrap();
        assert_eq!(describe_week(&w), "mon-fri 09:00-18:00, sat 10:00-14:00");
        assert_eq!(describe_week(&Default::default()), "closed every day");
        let w = parse_week("mon 9-12, wed 9-12").unwrap();
        assert_eq!(describe_week(&w), "mon 09:00-12:00, wed 09:00-12:00");
    }
}
