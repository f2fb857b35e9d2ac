//! One opening range of a day, written `"HH:MM-HH:MM"` in the config.

use std::fmt;
use std::str::FromStr;

use super::HoursError;

/// Minutes in a day; `24:00` is this many minutes after midnight.
pub(super) const DAY_MINUTES: u16 = 24 * 60;

/// An opening range of one day, parsed from `"HH:MM-HH:MM"`.
///
/// `"24:00"` is allowed as an end only. A range whose end is at or before its start crosses
/// midnight and belongs to the day it starts (`"22:00-02:00"` runs into the next day). `"00:00-24:00"`
/// is the whole day. A range whose start equals its end (`"09:00-09:00"`) parses, but is empty and
/// rejected by [`super::Schedule::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeRange {
    start: u16,
    end: u16,
}

impl TimeRange {
    /// For ranges known to be in bounds (`start < 1440`, `end <= 1440`).
    pub(super) const fn known(start: u16, end: u16) -> TimeRange {
        TimeRange { start, end }
    }

    /// The range from `start` to `end`, both in minutes after midnight; `None` unless
    /// `start < 1440` and `end <= 1440`.
    pub fn from_minutes(start: u16, end: u16) -> Option<TimeRange> {
        (start < DAY_MINUTES && end <= DAY_MINUTES).then_some(TimeRange { start, end })
    }

    /// Minutes after midnight at which the range opens (0..1440).
    pub fn start_minute(self) -> u16 {
        self.start
    }

    /// Minutes after midnight at which the range closes, as written (0..=1440); at or before
    /// [`Self::start_minute`] when the range crosses midnight.
    pub fn end_minute(self) -> u16 {
        self.end
    }

    /// How long the range is open, in minutes: 0 for an empty range, below 1440 across midnight.
    pub fn len_minutes(self) -> u16 {
        match self.end.checked_sub(self.start) {
            Some(len) => len,
            None => self.end + DAY_MINUTES - self.start,
        }
    }

    /// True when the range closes on the next day (`"22:00-02:00"`).
    pub fn crosses_midnight(self) -> bool {
        self.end < self.start
    }

    /// True for `"09:00-09:00"`, which opens for no time at all.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl FromStr for TimeRange {
    type Err = HoursError;

    fn from_str(text: &str) -> Result<TimeRange, HoursError> {
        let bad = || HoursError::NotATimeRange { text: text.to_string() };
        let (start, end) = text.split_once('-').ok_or_else(bad)?;
        let start = parse_clock(start.trim()).filter(|m| *m < DAY_MINUTES);
        let end = parse_clock(end.trim());
        match (start, end) {
            (Some(start), Some(end)) => Ok(TimeRange { start, end }),
            _ => Err(bad()),
        }
    }
}

/// Minutes after midnight of `"H:MM"` / `"HH:MM"`, up to and including `"24:00"`. Minutes need
/// two digits: `"9:5"` is more likely a typo than 09:05.
fn parse_clock(text: &str) -> Option<u16> {
    let (hours, minutes) = text.split_once(':')?;
    let number = |s: &str, lens: std::ops::RangeInclusive<usize>| {
        (lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u16>().ok())
            .flatten()
    };
    let (hours, minutes) = (number(hours, 1..=2)?, number(minutes, 2..=2)?);
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= DAY_MINUTES).then_some(total)
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clock = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, "{}-{}", clock(self.start), clock(self.end))
    }
}

impl<'de> serde::Deserialize<'de> for TimeRange {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<TimeRange, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> TimeRange {
        text.parse().unwrap()
    }

    #[test]
    fn parses_hours_and_minutes_with_24_00_as_an_end() {
        assert_eq!(range("09:00-18:30"), TimeRange::known(540, 1110));
        assert_eq!(range("9:00 - 17:00"), TimeRange::known(540, 1020));
        assert_eq!(range("00:00-24:00").len_minutes(), 24 * 60);
    }

    #[test]
    fn range_ending_at_or_before_its_start_crosses_midnight() {
        let night = range("22:00-02:00");
        assert!(night.crosses_midnight());
        assert_eq!(night.len_minutes(), 4 * 60);
        assert!(!range("22:00-24:00").crosses_midnight());
        assert!(range("09:00-09:00").is_empty());
    }

    #[test]
    fn bad_ranges_are_rejected_quoting_their_text() {
        let err = "09:00-25:00".parse::<TimeRange>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"09:00-25:00\" is not a time range; expected \"HH:MM-HH:MM\" such as \"09:00-18:00\""
        );
        for bad in ["24:00-02:00", "9:5-10:00", "09:00", "", "09:60-10:00", "+9:00-10:00", "1:00-2:00-3:00"] {
            assert!(bad.parse::<TimeRange>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn display_writes_two_digit_clock_times() {
        assert_eq!(range("9:00-24:00").to_string(), "09:00-24:00");
        assert_eq!(range("22:30-00:00").to_string(), "22:30-00:00");
    }

    #[test]
    fn deserializes_from_a_config_string() {
        #[derive(serde::Deserialize)]
        struct Hours {
            mon: Vec<TimeRange>,
        }
        let hours: Hours = toml::from_str(r#"mon = ["09:00-13:00", "14:00-18:00"]"#).unwrap();
        assert_eq!(hours.mon, [range("09:00-13:00"), range("14:00-18:00")]);
        let err = toml::from_str::<Hours>(r#"mon = ["09:00-25:00"]"#).err().unwrap();
        assert!(err.to_string().contains("\"09:00-25:00\" is not a time range"), "{err}");
    }
}
