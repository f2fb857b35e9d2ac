//! One test per rule of the schedule. Property tests live in `proptests.rs`.
//! Compiled only under #[cfg(test)], from its parent module.

use chrono::{DateTime, NaiveDate, Utc, Weekday};
use chrono_tz::Tz;

use super::{HoursError, Schedule, TimeRange};

pub(super) fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

pub(super) fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A week from range texts, Monday first.
pub(super) fn week(days: [&[&str]; 7]) -> [Vec<TimeRange>; 7] {
    days.map(|ranges| ranges.iter().map(|r| r.parse().unwrap()).collect())
}

pub(super) fn schedule(tz: Tz, days: [&[&str]; 7], closed: &[&str]) -> Schedule {
    Schedule::new(tz, week(days), closed.iter().map(|d| date(d)).collect()).unwrap()
}

pub(super) const OFFICE: &[&str] = &["09:00-18:00"];
pub(super) const LUNCH: &[&str] = &["09:00-13:00", "14:00-18:00"];

pub(super) fn berlin_office() -> Schedule {
    schedule(Tz::Europe__Berlin, [OFFICE, OFFICE, OFFICE, OFFICE, OFFICE, &[], &[]], &[])
}

// 2026-11-16 is a Monday; Berlin is UTC+1 then.

#[test]
fn office_hours_are_open_inside_and_closed_outside() {
    let s = berlin_office();
    assert!(!s.is_open(at("2026-11-16T07:59:59Z")));
    assert!(s.is_open(at("2026-11-16T08:00:00Z")));
    assert!(s.is_open(at("2026-11-16T16:59:59Z")));
    assert!(!s.is_open(at("2026-11-16T17:00:00Z")));
    assert!(!s.is_open(at("2026-11-21T12:00:00Z")), "Saturday");
}

#[test]
fn weekend_is_one_closed_period_from_friday_close_to_monday_open() {
    let period = berlin_office().closed_period(at("2026-11-21T12:00:00Z")).unwrap();
    assert_eq!(period.start, at("2026-11-20T17:00:00Z"));
    assert_eq!(period.end, Some(at("2026-11-23T08:00:00Z")));
    assert!(!period.start_is_search_bound);
}

#[test]
fn lunch_break_is_a_closed_period_and_next_open_skips_to_the_afternoon() {
    let s = schedule(Tz::UTC, [LUNCH, LUNCH, LUNCH, LUNCH, LUNCH, &[], &[]], &[]);
    let period = s.closed_period(at("2026-11-16T13:30:00Z")).unwrap();
    assert_eq!(period.start, at("2026-11-16T13:00:00Z"));
    assert_eq!(period.end, Some(at("2026-11-16T14:00:00Z")));
    assert_eq!(s.next_open(at("2026-11-16T10:00:00Z")), Some(at("2026-11-16T14:00:00Z")));
    assert_eq!(s.closed_period(at("2026-11-16T10:00:00Z")), None);
}

#[test]
fn range_across_midnight_belongs_to_the_day_it_starts() {
    let s = schedule(Tz::UTC, [&[], &[], &[], &[], &["22:00-02:00"], &[], &[]], &[]);
    assert!(s.is_open(at("2026-11-21T01:59:00Z")), "Saturday night, from Friday");
    assert!(!s.is_open(at("2026-11-21T02:00:00Z")));
    assert!(!s.is_open(at("2026-11-21T23:00:00Z")), "Saturday has no range of its own");
    assert_eq!(s.next_change(at("2026-11-20T23:00:00Z")), Some(at("2026-11-21T02:00:00Z")));
}

#[test]
fn touching_ranges_stay_open_across_midnight() {
    let day: &[&str] = &["00:00-24:00"];
    let s = schedule(Tz::UTC, [day, day, &[], &[], &[], &[], &[]], &[]);
    assert_eq!(s.next_change(at("2026-11-16T10:00:00Z")), Some(at("2026-11-18T00:00:00Z")));
    assert_eq!(s.status_line(at("2026-11-16T10:00:00Z")), "Open · closes Wed 00:00");
}

#[test]
fn closed_date_closes_the_ranges_starting_that_day() {
    let s = schedule(Tz::Europe__Berlin, [OFFICE; 7], &["2026-12-25"]);
    assert!(!s.is_open(at("2026-12-25T10:00:00Z")));
    let period = s.closed_period(at("2026-12-25T10:00:00Z")).unwrap();
    assert_eq!(period.start, at("2026-12-24T17:00:00Z"));
    assert_eq!(period.end, Some(at("2026-12-26T08:00:00Z")));
}

#[test]
fn range_across_midnight_still_runs_into_a_closed_date() {
    let night: &[&str] = &["22:00-02:00"];
    let s = schedule(Tz::UTC, [night; 7], &["2026-12-25"]);
    assert!(s.is_open(at("2026-12-25T01:00:00Z")), "started on the 24th");
    assert!(!s.is_open(at("2026-12-25T23:00:00Z")), "the 25th's own range is closed");
}

#[test]
fn overlapping_ranges_of_a_day_are_rejected_naming_the_day() {
    let err =
        Schedule::new(Tz::UTC, week([&[], &["09:00-11:00", "10:00-12:00"], &[], &[], &[], &[], &[]]), vec![])
            .unwrap_err();
    assert_eq!(err.day(), Some(Weekday::Tue));
    assert_eq!(err.to_string(), "\"10:00-12:00\" on Tuesday overlaps \"09:00-11:00\" on Tuesday");
}

#[test]
fn range_across_midnight_overlapping_the_next_day_is_rejected() {
    let err =
        Schedule::new(Tz::UTC, week([&["22:00-02:00"], &["01:00-05:00"], &[], &[], &[], &[], &[]]), vec![])
            .unwrap_err();
    assert!(matches!(err, HoursError::Overlap { day: Weekday::Tue, other_day: Weekday::Mon, .. }));
}

#[test]
fn sunday_night_overlapping_monday_morning_is_rejected() {
    let err =
        Schedule::new(Tz::UTC, week([&["01:00-05:00"], &[], &[], &[], &[], &[], &["22:00-02:00"]]), vec![])
            .unwrap_err();
    assert!(matches!(err, HoursError::Overlap { day: Weekday::Mon, other_day: Weekday::Sun, .. }));
}

#[test]
fn touching_ranges_and_an_empty_day_are_accepted() {
    let days: [&[&str]; 7] = [&["22:00-02:00"], &["02:00-05:00", "05:00-06:00"], &[], &[], &[], &[], &[]];
    assert!(Schedule::new(Tz::UTC, week(days), vec![]).is_ok());
}

#[test]
fn empty_range_is_rejected() {
    let err =
        Schedule::new(Tz::UTC, week([&[], &[], &["09:00-09:00"], &[], &[], &[], &[]]), vec![]).unwrap_err();
    assert_eq!(err.day(), Some(Weekday::Wed));
    assert!(err.to_string().contains("\"09:00-09:00\" on Wednesday is empty"));
}

// Berlin springs forward on 2026-03-29 at 01:00 UTC (02:00 -> 03:00) and falls back on
// 2026-10-25 at 01:00 UTC (03:00 -> 02:00).

#[test]
fn start_in_a_skipped_hour_opens_when_the_clocks_jump() {
    let s = schedule(Tz::Europe__Berlin, [&[], &[], &[], &[], &[], &[], &["02:30-05:00"]], &[]);
    assert!(!s.is_open(at("2026-03-29T00:59:59Z")));
    assert!(s.is_open(at("2026-03-29T01:00:00Z")));
    assert_eq!(s.next_change(at("2026-03-29T00:00:00Z")), Some(at("2026-03-29T01:00:00Z")));
}

#[test]
fn range_inside_a_skipped_hour_never_opens() {
    let s = schedule(Tz::Europe__Berlin, [&[], &[], &[], &[], &[], &[], &["02:15-02:45"]], &[]);
    assert!(!s.is_open(at("2026-03-29T01:00:00Z")));
    assert_eq!(s.next_open(at("2026-03-28T00:00:00Z")), Some(at("2026-04-05T00:15:00Z")));
}

#[test]
fn end_in_a_repeated_hour_closes_at_its_earlier_instant() {
    let s = schedule(Tz::Europe__Berlin, [&[], &[], &[], &[], &[], &[], &["00:00-02:30"]], &[]);
    assert!(s.is_open(at("2026-10-25T00:29:00Z")));
    assert!(!s.is_open(at("2026-10-25T00:30:00Z")));
    assert!(!s.is_open(at("2026-10-25T01:15:00Z")), "the second 02:15 stays closed");
}

#[test]
fn start_in_a_repeated_hour_opens_at_its_earlier_instant() {
    let s = schedule(Tz::Europe__Berlin, [&[], &[], &[], &[], &[], &[], &["02:30-06:00"]], &[]);
    assert!(!s.is_open(at("2026-10-25T00:29:00Z")));
    assert!(s.is_open(at("2026-10-25T00:30:00Z")));
    assert!(s.is_open(at("2026-10-25T01:15:00Z")));
}

#[test]
fn a_day_the_zone_skipped_has_no_hours() {
    // Samoa skipped Friday 2011-12-30 entirely.
    let s = schedule(Tz::Pacific__Apia, [OFFICE; 7], &[]);
    // 05:00 UTC is Thursday 19:00 at -10, after closing.
    let period = s.closed_period(at("2011-12-30T05:00:00Z")).unwrap();
    assert_eq!(period.start, at("2011-12-30T04:00:00Z"));
    assert_eq!(period.end, Some(at("2011-12-30T19:00:00Z")), "Saturday 09:00 at +14");
}

#[test]
fn half_hour_zone_opens_at_the_half_hour_in_utc() {
    let s = schedule(Tz::Asia__Kolkata, [OFFICE; 7], &[]);
    assert_eq!(s.next_open(at("2026-11-16T00:00:00Z")), Some(at("2026-11-16T03:30:00Z")));
}

#[test]
fn never_open_schedule_reports_the_search_bound() {
    let s = schedule(Tz::UTC, [&[]; 7], &[]);
    let t = at("2026-11-16T10:00:00Z");
    let period = s.closed_period(t).unwrap();
    assert_eq!(period.start, at("2025-10-12T10:00:00Z"), "400 days back");
    assert!(period.start_is_search_bound);
    assert_eq!(period.end, None);
    assert_eq!(s.status_line(t), "Closed");
    assert_eq!(s.describe_next_open(t), None);
}

#[test]
fn always_open_never_changes() {
    let s = Schedule::always_open(Tz::Asia__Tokyo);
    let t = at("2026-11-16T10:00:00Z");
    assert!(s.is_open(t));
    assert_eq!(s.next_change(t), None);
    assert_eq!(s.status_line(t), "Open");
}

#[test]
fn default_is_office_hours_in_utc() {
    let s = Schedule::default();
    assert_eq!(s.tz(), Tz::UTC);
    assert_eq!(s.today_label(at("2026-11-16T10:00:00Z")), "09:00-18:00");
    assert_eq!(s.today_label(at("2026-11-21T10:00:00Z")), "closed");
}

#[test]
fn queries_do_not_panic_at_the_ends_of_time() {
    let zones = [Tz::UTC, Tz::Pacific__Kiritimati, Tz::Etc__GMTPlus12, Tz::America__New_York];
    let ends = [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC];
    for tz in zones {
        for s in
            [Schedule::always_open(tz), schedule(tz, [LUNCH, &["22:00-02:00"], &[], &[], &[], &[], &[]], &[])]
        {
            for t in ends {
                let _ = (s.is_open(t), s.closed_period(t), s.next_change(t), s.next_open(t));
                let _ = (s.today_label(t), s.describe_next_open(t), s.status_line(t));
            }
        }
    }
}
