//! Deciding, over the whole file, what its headers look like and which number is the day.
//!
//! The shape most headers share is the file's layout. The date order is then decided by, in
//! turn: a first or second number above 12 (it must be the day), which order keeps the dates
//! non-decreasing, which number changes more often (days change more often than months), and
//! last `AM`/`PM` in Latin capitals (US English, month first).

use std::fmt;

#[cfg(test)]
use chrono::NaiveDateTime;
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use super::calendar::civil_date;
#[cfg(test)]
use super::header::RawHeader;
use super::header::{Frame, Shape};
use super::meridiem::Meridiem;
use super::named_date;

/// The phone that wrote the export, told by its header frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// `[date, time] Author: text` (and the older `date, time: Author: text`).
    Ios,
    /// `date, time - Author: text`.
    Android,
}

/// The order of day, month and year in the file's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DateOrder {
    #[serde(rename = "DMY")]
    Dmy,
    #[serde(rename = "MDY")]
    Mdy,
    #[serde(rename = "YMD")]
    Ymd,
}

/// 12-hour (with an AM/PM marker) or 24-hour times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Clock {
    #[serde(rename = "12h")]
    H12,
    #[serde(rename = "24h")]
    H24,
}

/// What the parser found the export's message headers to look like. Every message of an
/// [`Export`](super::Export) was read with this one layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Layout {
    pub platform: Platform,
    pub date_order: DateOrder,
    pub clock: Clock,
    /// `/`, `.` or `-`.
    pub date_separator: char,
    /// Whether times carry seconds.
    pub seconds: bool,
    /// Whether the time is written before the date.
    pub time_first: bool,
    #[serde(skip)]
    pub(super) shape: Shape,
}

/// Shapes beyond this many are not counted: a real export has one, random text a handful.
pub(super) const MAX_SHAPES: usize = 64;

impl Layout {
    /// The layout shared by most of `headers`, or `None` when there are none.
    #[cfg(test)]
    pub(super) fn detect<'a, I>(headers: I) -> Option<Layout>
    where
        I: Iterator<Item = &'a RawHeader> + Clone,
    {
        let mut counts: Vec<(Shape, usize)> = Vec::new();
        for h in headers.clone() {
            if let Some((_, n)) = counts.iter_mut().find(|(s, _)| *s == h.shape) {
                *n += 1;
            } else if counts.len() < MAX_SHAPES {
                counts.push((h.shape, 1));
            }
        }
        Layout::from_counts(&counts, |shape| {
            let mut stats = OrderStats::default();
            headers.filter(|h| h.shape == shape).for_each(|h| stats.add(h.fields, h.upper_latin));
            stats
        })
    }

    /// The layout of the shapes counted in file order (at most [`MAX_SHAPES`] of them);
    /// `stats` gives the date-order evidence of the headers of one shape.
    pub(super) fn from_counts(
        counts: &[(Shape, usize)],
        stats: impl FnOnce(Shape) -> OrderStats,
    ) -> Option<Layout> {
        // The first shape wins a tie: the top of the file is the least likely to be pasted text.
        let shape = counts
            .iter()
            .fold(None::<(Shape, usize)>, |best, &(s, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((s, n)),
            })?
            .0;
        // A named month's fields are written down as (day, month, year) whatever the order.
        let date_order = if shape.long_first {
            DateOrder::Ymd
        } else if named_date::is_named(shape.date_sep) {
            DateOrder::Dmy
        } else {
            stats(shape).decide()
        };
        Some(Layout {
            platform: match shape.frame {
                Frame::Dash => Platform::Android,
                Frame::Bracket | Frame::Colon => Platform::Ios,
            },
            date_order,
            clock: if shape.twelve_hour { Clock::H12 } else { Clock::H24 },
            date_separator: if named_date::is_named(shape.date_sep) {
                ' '
            } else {
                char::from(shape.date_sep)
            },
            seconds: shape.seconds,
            time_first: shape.time_first,
            shape,
        })
    }

    /// The time of a header in this layout; `None` for another shape or an impossible date.
    #[cfg(test)]
    pub(super) fn timestamp(&self, h: &RawHeader) -> Option<NaiveDateTime> {
        if h.shape != self.shape {
            return None;
        }
        let date = self.date(h.fields)?;
        Some(date.and_time(self.time(h.hour, h.minute, h.second, h.meridiem)?))
    }

    /// The date of a header of this layout's shape, its numbers in the order written.
    pub(super) fn date(&self, fields: [u16; 3]) -> Option<NaiveDate> {
        let [a, b, c] = fields.map(u32::from);
        let (year, month, day) = match self.date_order {
            DateOrder::Dmy => (c, b, a),
            DateOrder::Mdy => (c, a, b),
            DateOrder::Ymd => (a, b, c),
        };
        let two_digit_year = match self.date_order {
            _ if self.named_month() => false,
            DateOrder::Ymd => !self.shape.long_first,
            DateOrder::Dmy | DateOrder::Mdy => !self.shape.long_last,
        };
        civil_date(year, two_digit_year, month, day)
    }

    /// Whether dates name their month (`28 Aug 2013`, `Mar 5`).
    pub(super) fn named_month(&self) -> bool {
        named_date::is_named(self.shape.date_sep)
    }

    /// Whether dates are written without a year (`Mar 5`): it comes from `--year`.
    pub fn lacks_year(&self) -> bool {
        named_date::lacks_year(self.shape.date_sep)
    }

    /// The time of a header of this layout's shape.
    pub(super) fn time(
        &self,
        hour: u8,
        minute: u8,
        second: u8,
        meridiem: Option<Meridiem>,
    ) -> Option<NaiveTime> {
        let hour = match meridiem {
            Some(m) => m.to_24h(u32::from(hour)),
            None => u32::from(hour),
        };
        // A leap second (:60) is kept inside its minute.
        NaiveTime::from_hms_opt(hour, u32::from(minute), u32::from(second.min(59)))
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let platform = match self.platform {
            Platform::Ios => "iOS",
            Platform::Android => "Android",
        };
        let s = self.date_separator;
        let long = |yes: bool| if yes { "yyyy" } else { "yy" };
        let order = match (self.shape.date_sep, self.date_order) {
            (named_date::DAY_MONTH, _) => "dd mmm yyyy".to_string(),
            (named_date::DAY_MONTH_NO_YEAR, _) => "dd mmm (no year)".to_string(),
            (named_date::MONTH_DAY, _) => "mmm dd yyyy".to_string(),
            (named_date::MONTH_DAY_NO_YEAR, _) => "mmm dd (no year)".to_string(),
            (_, DateOrder::Dmy) => format!("dd{s}mm{s}{}", long(self.shape.long_last)),
            (_, DateOrder::Mdy) => format!("mm{s}dd{s}{}", long(self.shape.long_last)),
            (_, DateOrder::Ymd) => format!("{}{s}mm{s}dd", long(self.shape.long_first)),
        };
        let clock = match self.clock {
            Clock::H12 => "12-hour",
            Clock::H24 => "24-hour",
        };
        write!(f, "{platform}, {order}, {clock}")?;
        if self.seconds {
            f.write_str(" with seconds")?;
        }
        if self.time_first {
            f.write_str(", time before date")?;
        }
        Ok(())
    }
}

/// Evidence for day-first against month-first, gathered in one pass over the headers.
#[derive(Debug, Default)]
pub(super) struct OrderStats {
    first_above_12: usize,
    second_above_12: usize,
    dmy_decreases: usize,
    mdy_decreases: usize,
    first_changes: usize,
    second_changes: usize,
    upper_latin: usize,
    lines: usize,
    prev: Option<[u16; 3]>,
}

impl OrderStats {
    pub(super) fn add(&mut self, fields: [u16; 3], upper_latin: bool) {
        let [a, b, y] = fields;
        self.lines += 1;
        self.first_above_12 += usize::from(a > 12);
        self.second_above_12 += usize::from(b > 12);
        self.upper_latin += usize::from(upper_latin);
        if let Some([pa, pb, py]) = self.prev {
            self.dmy_decreases += usize::from((y, b, a) < (py, pb, pa));
            self.mdy_decreases += usize::from((y, a, b) < (py, pa, pb));
            self.first_changes += usize::from(a != pa);
            self.second_changes += usize::from(b != pb);
        }
        self.prev = Some(fields);
    }

    fn decide(&self) -> DateOrder {
        use std::cmp::Ordering::{Greater, Less};
        let evidence = [
            self.first_above_12.cmp(&self.second_above_12),
            self.mdy_decreases.cmp(&self.dmy_decreases),
            self.first_changes.cmp(&self.second_changes),
        ];
        match evidence.into_iter().find(|o| o.is_ne()) {
            Some(Greater) => DateOrder::Dmy,
            Some(Less) => DateOrder::Mdy,
            _ if self.upper_latin * 2 > self.lines => DateOrder::Mdy,
            _ => DateOrder::Dmy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::header::scan;
    use super::*;

    fn layout_of(lines: &[&str]) -> Layout {
        let headers: Vec<RawHeader> = lines.iter().filter_map(|l| scan(l)).collect();
        Layout::detect(headers.iter()).unwrap()
    }

    #[test]
    fn a_day_above_12_anywhere_decides_day_first() {
        let l = layout_of(&["01/02/24, 10:00 - A: x", "01/03/24, 10:00 - A: x", "13/03/24, 10:00 - A: x"]);
        assert_eq!(l.date_order, DateOrder::Dmy);
        let l = layout_of(&["01/02/24, 10:00 - A: x", "03/13/24, 10:00 - A: x"]);
        assert_eq!(l.date_order, DateOrder::Mdy);
    }

    #[test]
    fn dates_that_only_increase_one_way_decide_the_order() {
        // Day-first these go 1 Feb, 2 Jan (backwards), 3 Jan; month-first 2 Jan, 1 Feb, 1 Mar.
        let l = layout_of(&["01/02/24, 10:00 - A: x", "02/01/24, 10:00 - A: x", "03/01/24, 10:00 - A: x"]);
        assert_eq!(l.date_order, DateOrder::Mdy);
    }

    #[test]
    fn the_number_that_changes_more_often_is_the_day() {
        let l = layout_of(&["03/05/24, 10:00 - A: x", "03/05/24, 11:00 - A: x", "04/05/24, 10:00 - A: x"]);
        // Both orders increase; the first number changes, so it is the day.
        assert_eq!(l.date_order, DateOrder::Dmy);
    }

    #[test]
    fn capital_am_pm_breaks_a_tie_towards_month_first() {
        let l = layout_of(&["[3/3/24, 10:00:00 AM] A: x"]);
        assert_eq!(l.date_order, DateOrder::Mdy);
        let l = layout_of(&["3/3/24, 10:00 am - A: x"]);
        assert_eq!(l.date_order, DateOrder::Dmy);
    }

    #[test]
    fn the_most_common_shape_wins_and_others_get_no_timestamp() {
        let lines = ["12/03/2024, 14:05 - A: x", "12/03/2024, 14:06 - A: y", "2024-03-12 14:07 - A: z"];
        let l = layout_of(&lines);
        assert_eq!(l.platform, Platform::Android);
        assert!(l.timestamp(&scan(lines[2]).unwrap()).is_none());
        let at = l.timestamp(&scan(lines[1]).unwrap()).unwrap();
        assert_eq!(at.to_string(), "2024-03-12 14:06:00");
    }

    #[test]
    fn layout_displays_what_was_detected() {
        let l = layout_of(&["[12.03.24, 14:05:09] A: x"]);
        assert_eq!(l.to_string(), "iOS, dd.mm.yy, 24-hour with seconds");
    }
}
