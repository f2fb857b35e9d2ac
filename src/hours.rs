//! Business hours: whether the business is open at an instant, which closed period contains it,
//! and when the next change is. Pure and time-zone aware: every query takes the instant, and the
//! week is read in the schedule's IANA zone, never the machine's.
//!
//! Rules a caller may rely on:
//! - A range belongs to the local day it starts on; `"22:00-02:00"` on Friday runs into Saturday.
//! - A closed date closes the ranges that *start* on that local day. A cross-midnight range from
//!   the day before still runs into it until its end (the evening shift was open when it began).
//! - Open intervals are half-open: open at a range's start, closed at its end.
//! - DST: a boundary in a skipped hour maps to the first instant after the gap; a boundary in a
//!   repeated hour maps to its earlier instant, for starts and ends alike (see `timeline`).
//! - Searches reach [`SEARCH_DAYS`] days back and ahead; beyond that a schedule "never" changes.
//! - No query panics, for any instant from `DateTime::<Utc>::MIN_UTC` to `MAX_UTC`.

mod label;
mod language;
#[cfg(test)]
mod proptests;
mod range;
mod timeline;
pub mod words;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;

pub use language::Language;
use range::DAY_MINUTES;
pub use range::TimeRange;

/// How many days the queries look back for the last closing and ahead for the next change.
pub const SEARCH_DAYS: u32 = 400;

/// The weekdays in the order of [`Schedule::new`]'s `week` array.
const WEEK: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// What is wrong with a time range or a week of them. Every variant but `NotATimeRange` names the
/// weekday, so the config loader can point at the key (`hours.tue`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("{text:?} is not a time range; expected \"HH:MM-HH:MM\" such as \"09:00-18:00\"")]
    NotATimeRange { text: String },
    #[error("\"{range}\" on {} is empty: it closes when it opens", label::weekday_name(*day))]
    EmptyRange { day: Weekday, range: TimeRange },
    #[error(
        "\"{range}\" on {} overlaps \"{other}\" on {}",
        label::weekday_name(*day),
        label::weekday_name(*other_day)
    )]
    Overlap { day: Weekday, range: TimeRange, other_day: Weekday, other: TimeRange },
}

impl HoursError {
    /// The weekday whose list holds the offending range (the later one of an overlap).
    pub fn day(&self) -> Option<Weekday> {
        match self {
            HoursError::NotATimeRange { .. } => None,
            HoursError::EmptyRange { day, .. } | HoursError::Overlap { day, .. } => Some(*day),
        }
    }
}

/// A closed stretch of time around an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosedPeriod {
    /// When the business last closed, at or before the instant asked about. When it has not been
    /// open within [`SEARCH_DAYS`] days, this is that search bound (see `start_is_search_bound`).
    pub start: DateTime<Utc>,
    /// When it opens next; `None` when it does not open within [`SEARCH_DAYS`] days.
    pub end: Option<DateTime<Utc>>,
    /// True when `start` is the search bound, not a real closing; such a start moves with the
    /// instant asked about, so it is no stable name for the period.
    pub start_is_search_bound: bool,
}

/// The business hours of a week in one time zone, with closed dates. Valid by construction:
/// no empty ranges, no overlaps (also across midnight, Sunday into Monday).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    tz: Tz,
    /// Monday first; each day's ranges sorted by start.
    week: [Vec<TimeRange>; 7],
    /// Sorted, without duplicates.
    closed_dates: Vec<NaiveDate>,
}

impl Default for Schedule {
    /// Monday to Friday 09:00-18:00 in UTC, no closed dates: office hours, for a config without
    /// an `[hours]` table.
    fn default() -> Schedule {
        let office = vec![TimeRange::known(9 * 60, 18 * 60)];
        let mut week: [Vec<TimeRange>; 7] = Default::default();
        for day in week.iter_mut().take(5) {
            day.clone_from(&office);
        }
        Schedule { tz: Tz::UTC, week, closed_dates: Vec::new() }
    }
}

impl Schedule {
    /// The schedule of `week` (Monday first) in zone `tz`, closed on `closed_dates`.
    ///
    /// # Errors
    /// [`HoursError::EmptyRange`] or [`HoursError::Overlap`], naming the weekday and the range.
    pub fn new(
        tz: Tz,
        mut week: [Vec<TimeRange>; 7],
        mut closed_dates: Vec<NaiveDate>,
    ) -> Result<Schedule, HoursError> {
        validate(&week)?;
        for ranges in &mut week {
            ranges.sort_by_key(|r| r.start_minute());
        }
        closed_dates.sort_unstable();
        closed_dates.dedup();
        Ok(Schedule { tz, week, closed_dates })
    }

    /// Open around the clock, every day, in zone `tz` (`"00:00-24:00"` each day).
    pub fn always_open(tz: Tz) -> Schedule {
        let week = WEEK.map(|_| vec![TimeRange::known(0, DAY_MINUTES)]);
        Schedule { tz, week, closed_dates: Vec::new() }
    }

    /// The zone the week is read in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The ranges of `day`, sorted by start.
    pub fn ranges(&self, day: Weekday) -> &[TimeRange] {
        self.week.get(day.num_days_from_monday() as usize).map_or(&[], Vec::as_slice)
    }

    /// The closed dates, sorted, without duplicates.
    pub fn closed_dates(&self) -> &[NaiveDate] {
        &self.closed_dates
    }

    /// Whether the business is open at `t`. Cheap: looks at three local days at most.
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        self.forward(self.scan_start(t), 3).take_while(|i| i.start <= t).any(|i| i.contains(t))
    }

    /// The closed period containing `t`, or `None` when open at `t`.
    pub fn closed_period(&self, t: DateTime<Utc>) -> Option<ClosedPeriod> {
        // The cheap check first: when open, `locate` would scan to the end of the open stretch.
        if self.is_open(t) {
            return None;
        }
        let end = match self.locate(t) {
            Position::Open { .. } => return None,
            Position::Closed { opens } => opens,
        };
        let today = self.local(t).date();
        let last_day = today.succ_opt().unwrap_or(today);
        let last_close = self.backward(last_day, u64::from(SEARCH_DAYS) + 2).find(|i| i.end <= t);
        let bound = t.checked_sub_signed(TimeDelta::days(SEARCH_DAYS.into()));
        Some(ClosedPeriod {
            start: last_close.map_or(bound.unwrap_or(DateTime::<Utc>::MIN_UTC), |i| i.end),
            end,
            start_is_search_bound: last_close.is_none(),
        })
    }

    /// The first instant after `t` at which open becomes closed or closed becomes open;
    /// `None` when nothing changes within [`SEARCH_DAYS`] days.
    pub fn next_change(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.locate(t) {
            Position::Open { closes } => closes,
            Position::Closed { opens } => opens,
        }
    }

    /// The next opening after `t`: when closed, the end of the closed period; when open, the
    /// opening after the current open stretch has closed. `None` beyond [`SEARCH_DAYS`] days.
    pub fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.locate(t) {
            Position::Closed { opens } => opens,
            Position::Open { closes } => match self.locate(closes?) {
                Position::Closed { opens } => opens,
                Position::Open { .. } => None,
            },
        }
    }

    /// The first local day whose intervals can contain `t`: the day before `t`'s local day,
    /// because a range from yesterday may run past midnight.
    fn scan_start(&self, t: DateTime<Utc>) -> NaiveDate {
        let today = self.local(t).date();
        today.pred_opt().unwrap_or(today)
    }

    /// Open or closed at `t`, and until when, by one forward scan.
    fn locate(&self, t: DateTime<Utc>) -> Position {
        let mut intervals = self.forward(self.scan_start(t), u64::from(SEARCH_DAYS) + 2);
        let Some(first) = intervals.find(|i| i.end > t) else {
            return Position::Closed { opens: None };
        };
        if first.start > t {
            return Position::Closed { opens: Some(first.start) };
        }
        // Ranges may touch (13:00-14:00, 14:00-18:00): open until the first real gap.
        let mut closes = first.end;
        for next in intervals {
            if next.start > closes {
                return Position::Open { closes: Some(closes) };
            }
            closes = closes.max(next.end);
        }
        Position::Open { closes: None }
    }
}

/// Where an instant falls, and when that ends (`None`: not within the search bound).
enum Position {
    Open { closes: Option<DateTime<Utc>> },
    Closed { opens: Option<DateTime<Utc>> },
}

/// Rejects empty ranges and overlaps, laying the week out as minutes from Monday 00:00.
fn validate(week: &[Vec<TimeRange>; 7]) -> Result<(), HoursError> {
    let mut laid = Vec::new();
    for (day, ranges) in WEEK.into_iter().zip(week) {
        for &range in ranges {
            if range.is_empty() {
                return Err(HoursError::EmptyRange { day, range });
            }
            let start = day.num_days_from_monday() * u32::from(DAY_MINUTES) + u32::from(range.start_minute());
            laid.push((start, start + u32::from(range.len_minutes()), day, range));
        }
    }
    laid.sort_by_key(|&(start, ..)| start);
    let overlap =
        |(_, _, other_day, other), (_, _, day, range)| HoursError::Overlap { day, range, other_day, other };
    for pair in laid.windows(2) {
        if let [earlier, later] = pair
            && earlier.1 > later.0
        {
            return Err(overlap(*earlier, *later));
        }
    }
    // Sunday's last range may run past midnight into Monday's first.
    let week_minutes = 7 * u32::from(DAY_MINUTES);
    match (laid.first(), laid.last()) {
        (Some(first), Some(last)) if last.1 > week_minutes + first.0 => Err(overlap(*last, *first)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
