//! The schedule laid out on the UTC time line: the open intervals of each local day, in order.
//!
//! Local wall-clock boundaries become instants like this (the DST rules of the module):
//! - a boundary in a skipped hour (spring forward) becomes the first instant after the gap;
//! - a boundary in a repeated hour (fall back) becomes its earlier instant, for starts and ends
//!   alike, so a range ending at 02:30 on a fall-back night closes at the first 02:30.
//!
//! This mapping never goes backwards in time, so intervals keep their order and never overlap;
//! an interval that maps to nothing (a range entirely inside a skipped hour) is dropped.

use chrono::LocalResult;
use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;

use super::{Schedule, TimeRange};

/// One open stretch: open at `start`, closed again at `end` (always after `start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Interval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Interval {
    pub fn contains(self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }
}

impl Schedule {
    /// The local date and wall-clock time of `t` in the schedule's zone (UTC's if out of range).
    pub(super) fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        let utc = t.naive_utc();
        let offset = self.tz.offset_from_utc_datetime(&utc).fix();
        utc.checked_add_offset(offset).unwrap_or(utc)
    }

    /// Open intervals of the local days `from`, `from + 1`, … (`days` of them), in time order.
    pub(super) fn forward(&self, from: NaiveDate, days: u64) -> impl Iterator<Item = Interval> + '_ {
        (0..self.days_worth_scanning(days))
            .map_while(move |i| from.checked_add_days(Days::new(i)))
            .flat_map(move |date| self.day_intervals(date))
    }

    /// Open intervals of the local days `from`, `from - 1`, … (`days` of them), latest first.
    pub(super) fn backward(&self, from: NaiveDate, days: u64) -> impl Iterator<Item = Interval> + '_ {
        (0..self.days_worth_scanning(days))
            .map_while(move |i| from.checked_sub_days(Days::new(i)))
            .flat_map(move |date| self.day_intervals(date).rev())
    }

    /// `days`, or 0 for a week without ranges: such a schedule is closed for good, and the
    /// searches would otherwise walk [`super::SEARCH_DAYS`] empty days for every query.
    fn days_worth_scanning(&self, days: u64) -> u64 {
        if self.week.iter().all(Vec::is_empty) { 0 } else { days }
    }

    /// Open intervals of the ranges that start on local `date`; none on a closed date.
    fn day_intervals(&self, date: NaiveDate) -> impl DoubleEndedIterator<Item = Interval> + '_ {
        let ranges = self.ranges_on(date);
        ranges.iter().filter_map(move |range| self.interval(date, *range))
    }

    /// The ranges that start on local `date`, honouring closed dates.
    pub(super) fn ranges_on(&self, date: NaiveDate) -> &[TimeRange] {
        let ranges = self.ranges(date.weekday());
        if ranges.is_empty() || self.closed_dates.binary_search(&date).is_ok() {
            return &[];
        }
        ranges
    }

    fn interval(&self, date: NaiveDate, range: TimeRange) -> Option<Interval> {
        let start = date.and_time(NaiveTime::MIN);
        let start = start.checked_add_signed(TimeDelta::minutes(range.start_minute().into()))?;
        let end = start.checked_add_signed(TimeDelta::minutes(range.len_minutes().into()))?;
        let (start, end) = (self.to_utc(start)?, self.to_utc(end)?);
        (start < end).then_some(Interval { start, end })
    }

    /// The instant of a local wall-clock time, by the DST rules of the module doc.
    fn to_utc(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self.tz.from_local_datetime(&local) {
            LocalResult::Single(t) => Some(t.to_utc()),
            LocalResult::Ambiguous(earlier, _) => Some(earlier.to_utc()),
            LocalResult::None => gap_end(self.tz, local),
        }
    }
}

/// The first instant after the skipped stretch of local time that contains `local`: the instant
/// the clocks jumped. Found by bisection between two instants whose wall clocks lie before and
/// after `local` (offsets stay within ±15 h), to the second.
fn gap_end(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    let offset_at = |t: NaiveDateTime| tz.offset_from_utc_datetime(&t).fix();
    let mut before = local.checked_sub_signed(TimeDelta::hours(16))?;
    let mut after = local.checked_add_signed(TimeDelta::hours(16))?;
    let later_offset = offset_at(after);
    if offset_at(before) == later_offset {
        return None;
    }
    while after - before > TimeDelta::seconds(1) {
        let middle = before + (after - before) / 2;
        if offset_at(middle) == later_offset {
            after = middle;
        } else {
            before = middle;
        }
    }
    Some(after.and_utc())
}
