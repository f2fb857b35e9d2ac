//! Property tests: random schedules over 2026-2027 in zones with and without DST, with instants
//! Compiled only under #[cfg(test)], from its parent module.
//! drawn uniformly and around each DST change.

use chrono::{DateTime, Datelike, LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::{Schedule, TimeRange};

const ZONES: [Tz; 4] = [Tz::America__New_York, Tz::Europe__Berlin, Tz::Australia__Sydney, Tz::Asia__Kolkata];

fn year_2026() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

/// Noon UTC of each day of 2026-2027 on which `tz` changes its offset (near enough: the
/// instants drawn around it reach 18 hours either way).
fn transitions(tz: Tz) -> Vec<DateTime<Utc>> {
    let offset = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc()).fix();
    (0..2 * 365)
        .map(|d| year_2026() + TimeDelta::days(d) + TimeDelta::hours(12))
        .filter(|t| offset(*t - TimeDelta::hours(12)) != offset(*t + TimeDelta::hours(12)))
        .collect()
}

/// Up to three ranges a day on a 15-minute grid, half of them starting or ending between 01:00
/// and 04:00 where the DST changes of these zones are; overlaps are dropped while building.
fn raw_week() -> impl Strategy<Value = Vec<Vec<(u16, u16)>>> {
    let anywhere = (0u16..96, 1u16..96).prop_map(|(start, len)| (start * 15, len * 15));
    let starts_at_night = (4u16..16, 1u16..96).prop_map(|(start, len)| (start * 15, len * 15));
    let ends_at_night = (0u16..96, 4u16..16).prop_map(|(start, end)| {
        let len = (end * 15 + 24 * 60 - start * 15) % (24 * 60);
        (start * 15, if len == 0 { 15 } else { len })
    });
    let range = prop_oneof![anywhere, starts_at_night, ends_at_night];
    proptest::collection::vec(proptest::collection::vec(range, 0..=3), 7)
}

/// A valid schedule from random ranges: each range is kept only if the week stays valid.
fn build(tz: Tz, raw: &[Vec<(u16, u16)>], closed: &[u16]) -> Schedule {
    let mut week: [Vec<TimeRange>; 7] = Default::default();
    for (day, ranges) in raw.iter().enumerate().take(7) {
        for &(start, len) in ranges {
            let end = match (start + len) % (24 * 60) {
                0 => 24 * 60,
                end => end,
            };
            week[day].push(TimeRange::from_minutes(start, end).unwrap());
            if Schedule::new(tz, week.clone(), vec![]).is_err() {
                week[day].pop();
            }
        }
    }
    let first = year_2026().date_naive();
    let closed = closed.iter().map(|d| first + TimeDelta::days((*d).into()));
    Schedule::new(tz, week, closed.collect()).unwrap()
}

/// A zone, a schedule in it and an instant: uniform over two years or within 18 hours of one of
/// the zone's DST changes.
fn case() -> impl Strategy<Value = (Schedule, DateTime<Utc>)> {
    let closed = proptest::collection::vec(0u16..730, 0..6);
    (0..ZONES.len(), raw_week(), closed, any::<bool>(), any::<usize>(), 0i64..2 * 365 * 86_400).prop_map(
        |(zone, raw, closed, near_change, pick, seconds)| {
            let tz = ZONES[zone];
            let changes = transitions(tz);
            let t = match changes.get(pick % changes.len().max(1)) {
                Some(change) if near_change => {
                    *change + TimeDelta::seconds(seconds % (36 * 3600) - 18 * 3600)
                }
                _ => year_2026() + TimeDelta::seconds(seconds),
            };
            (build(tz, &raw, &closed), t)
        },
    )
}

/// Open by reading the wall clock: some range of today or yesterday covers the local time.
/// `None` for a reading in a repeated hour, where the module's earlier-instant rule decides.
fn reference_is_open(s: &Schedule, t: DateTime<Utc>) -> Option<bool> {
    let local = t.with_timezone(&s.tz()).naive_local();
    if let LocalResult::Ambiguous(..) = s.tz().from_local_datetime(&local) {
        return None;
    }
    let covers = |days_back: i64| {
        let date = local.date() - TimeDelta::days(days_back);
        let midnight: NaiveDateTime = date.into();
        !s.closed_dates().contains(&date)
            && s.ranges(date.weekday()).iter().any(|r| {
                let start = midnight + TimeDelta::minutes(r.start_minute().into());
                start <= local && local < start + TimeDelta::minutes(r.len_minutes().into())
            })
    };
    Some(covers(0) || covers(1))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn is_open_flips_exactly_at_next_change((s, t) in case(), fraction in 0.0f64..1.0) {
        let open = s.is_open(t);
        if let Some(change) = s.next_change(t) {
            prop_assert!(change > t);
            prop_assert_ne!(s.is_open(change), open);
            prop_assert_eq!(s.is_open(change - TimeDelta::seconds(1)), open);
            let span = (change - t).num_seconds() as f64;
            let between = t + TimeDelta::seconds((span * fraction) as i64);
            prop_assert_eq!(s.is_open(between), open);
        }
    }

    #[test]
    fn closed_period_contains_the_instant_and_matches_is_open((s, t) in case()) {
        let period = s.closed_period(t);
        prop_assert_eq!(s.is_open(t), period.is_none());
        if let Some(period) = period {
            prop_assert!(period.start <= t);
            prop_assert!(period.end.is_none_or(|end| t < end));
            prop_assert_eq!(period.end, s.next_open(t));
            prop_assert_eq!(period.end, s.next_change(t));
            if !period.start_is_search_bound {
                prop_assert!(s.is_open(period.start - TimeDelta::seconds(1)));
                prop_assert_eq!(s.next_change(period.start - TimeDelta::seconds(1)), Some(period.start));
            }
        }
    }

    #[test]
    fn next_open_is_an_opening_after_the_instant((s, t) in case()) {
        if let Some(opens) = s.next_open(t) {
            prop_assert!(opens > t);
            prop_assert!(s.is_open(opens));
            prop_assert!(!s.is_open(opens - TimeDelta::seconds(1)));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn is_open_matches_the_wall_clock_minute_by_minute((s, t) in case()) {
        let first = t - TimeDelta::seconds(t.timestamp().rem_euclid(60)) - TimeDelta::hours(12);
        for minute in 0..24 * 60 {
            let t = first + TimeDelta::minutes(minute);
            if let Some(expected) = reference_is_open(&s, t) {
                prop_assert_eq!(s.is_open(t), expected, "at {} ({})", t, t.with_timezone(&s.tz()));
            }
        }
    }
}
