//! Years as phones write them: two digits (`24`), Gregorian, Thai Buddhist era (`2567`, iOS
//! with the Buddhist calendar) and Solar Hijri (`1402`, Persian iOS and Android). Each is told
//! apart by its range, which do not overlap in WhatsApp's lifetime (2009 onwards).

use chrono::NaiveDate;

/// Years 1300–1500 are Solar Hijri (Gregorian 1921–2122).
const SOLAR_HIJRI: std::ops::RangeInclusive<u32> = 1300..=1500;
/// Years 2400–2800 are Buddhist era (Gregorian 1857–2257).
const BUDDHIST: std::ops::RangeInclusive<u32> = 2400..=2800;
const BUDDHIST_OFFSET: u32 = 543;

/// The Gregorian date of a written year, month and day; `two_digit_year` means the year was
/// written with at most two digits (`24` is 2024). `None` for a date that does not exist.
pub(super) fn civil_date(year: u32, two_digit_year: bool, month: u32, day: u32) -> Option<NaiveDate> {
    if two_digit_year {
        return NaiveDate::from_ymd_opt(2000 + i32::try_from(year).ok()?, month, day);
    }
    if SOLAR_HIJRI.contains(&year) {
        return from_solar_hijri(year, month, day);
    }
    let year = if BUDDHIST.contains(&year) { year - BUDDHIST_OFFSET } else { year };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// Solar Hijri (Jalali) to Gregorian, by the 33-year-cycle day count of the jdf algorithm,
/// exact for the years this module accepts.
fn from_solar_hijri(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let month_len = match month {
        1..=6 => 31,
        7..=11 => 30,
        12 => 30,
        _ => return None,
    };
    if day == 0 || day > month_len {
        return None;
    }
    let jy = i64::from(year) + 1595;
    let days_before_month =
        if month < 7 { (i64::from(month) - 1) * 31 } else { (i64::from(month) - 7) * 30 + 186 };
    let days = -355_668 + 365 * jy + (jy / 33) * 8 + ((jy % 33) + 3) / 4 + i64::from(day) + days_before_month;
    // jdf counts from one year before chrono's day 1 (0001-01-01).
    let from_ce = i32::try_from(days - 365).ok()?;
    let date = NaiveDate::from_num_days_from_ce_opt(from_ce)?;
    // Esfand 30 only exists in leap years; in others the count spills into Farvardin 1.
    (month != 12 || day < 30 || from_solar_hijri(year + 1, 1, 1) != Some(date)).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn two_digit_years_are_this_century() {
        assert_eq!(civil_date(24, true, 3, 12), ymd(2024, 3, 12));
    }

    #[test]
    fn buddhist_years_lose_543() {
        assert_eq!(civil_date(2567, false, 3, 12), ymd(2024, 3, 12));
    }

    #[test]
    fn solar_hijri_dates_convert_to_gregorian() {
        assert_eq!(civil_date(1403, false, 1, 1), ymd(2024, 3, 20));
        assert_eq!(civil_date(1402, false, 12, 22), ymd(2024, 3, 12));
        assert_eq!(civil_date(1399, false, 12, 30), ymd(2021, 3, 20));
        assert_eq!(civil_date(1388, false, 1, 1), ymd(2009, 3, 21));
    }

    #[test]
    fn impossible_dates_are_none() {
        assert_eq!(civil_date(2024, false, 2, 30), None);
        assert_eq!(civil_date(1402, false, 7, 31), None);
        assert_eq!(civil_date(1402, false, 12, 30), None);
        assert_eq!(civil_date(2024, false, 13, 1), None);
    }
}
