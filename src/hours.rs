//! TEMPORARY: replaced by the hours helper's module.
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    pub start: u16,
    pub end: u16,
}
#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a time range")]
pub struct BadRange(String);
impl FromStr for TimeRange {
    type Err = BadRange;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadRange(s.to_string());
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let p = |t: &str| -> Option<u16> {
            let (h, m) = t.trim().split_once(':')?;
            let h: u16 = h.parse().ok()?;
            let m: u16 = m.parse().ok()?;
            (h <= 24 && m < 60 && h * 60 + m <= 1440).then_some(h * 60 + m)
        };
        Ok(TimeRange { start: p(a).ok_or_else(bad)?, end: p(b).ok_or_else(bad)? })
    }
}
impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}-{:02}:{:02}", self.start / 60, self.start % 60, self.end / 60, self.end % 60)
    }
}
impl<'de> serde::Deserialize<'de> for TimeRange {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
