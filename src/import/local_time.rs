//! An export's naive times put in a time zone: the one place that decides what a wall-clock
//! time that happened twice, or never, means.

use chrono::{LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone};
use chrono_tz::Tz;

/// Milliseconds since the epoch of the wall-clock time `naive` in `tz`.
///
/// A time that never happened (skipped by a DST change, like 02:30 on a spring-forward night)
/// is moved forward by the length of the gap (02:30 → 03:30), as phones do for alarms: the
/// message was written just after the clocks jumped. A time that happened twice (the hour
/// repeated in autumn) is the earlier of the two; the export keeps no offset to tell them apart.
pub fn to_utc_ms(naive: NaiveDateTime, tz: Tz) -> i64 {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.timestamp_millis(),
        LocalResult::None => {
            // In a gap, the offset in force before the jump reads the time as "that long after
            // the jump". A day earlier is safely before any gap (the longest, Samoa's, was a day).
            let before = tz.offset_from_utc_datetime(&(naive - TimeDelta::days(1))).fix();
            (naive - TimeDelta::seconds(i64::from(before.local_minus_utc()))).and_utc().timestamp_millis()
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d).and_then(|d| d.and_hms_opt(h, mi, 0)).unwrap()
    }

    fn utc(ms: i64) -> String {
        chrono::DateTime::from_timestamp_millis(ms).unwrap().format("%Y-%m-%dT%H:%MZ").to_string()
    }

    #[test]
    fn an_ordinary_time_takes_the_zone_offset_of_its_season() {
        assert_eq!(utc(to_utc_ms(local(2024, 1, 15, 14, 5), chrono_tz::Europe::Berlin)), "2024-01-15T13:05Z");
        assert_eq!(utc(to_utc_ms(local(2024, 7, 15, 14, 5), chrono_tz::Europe::Berlin)), "2024-07-15T12:05Z");
        assert_eq!(utc(to_utc_ms(local(2024, 7, 15, 14, 5), Tz::UTC)), "2024-07-15T14:05Z");
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_forward_by_the_gap() {
        // Berlin jumped from 02:00 CET to 03:00 CEST on 31 March 2024: 02:30 is read as 03:30 CEST.
        assert_eq!(utc(to_utc_ms(local(2024, 3, 31, 2, 30), chrono_tz::Europe::Berlin)), "2024-03-31T01:30Z");
        // Lord Howe's gap is half an hour.
        let lord_howe = chrono_tz::Australia::Lord_Howe;
        assert_eq!(utc(to_utc_ms(local(2024, 10, 6, 2, 15), lord_howe)), "2024-10-05T15:45Z");
    }

    #[test]
    fn a_time_in_the_repeated_autumn_hour_is_the_earlier_one() {
        // 02:30 happened at 00:30Z (CEST) and again at 01:30Z (CET) on 27 October 2024.
        assert_eq!(
            utc(to_utc_ms(local(2024, 10, 27, 2, 30), chrono_tz::Europe::Berlin)),
            "2024-10-27T00:30Z"
        );
    }

    #[test]
    fn samoa_skipped_day_moves_a_whole_day_forward() {
        // Samoa went from UTC-10 to UTC+14 at the end of 29 December 2011; 30 December never was.
        let apia = chrono_tz::Pacific::Apia;
        assert_eq!(utc(to_utc_ms(local(2011, 12, 30, 12, 0), apia)), "2011-12-30T22:00Z");
    }
}
