//! Durations in the config as people write them: "24h", "5m", "90s", "1h30m", "2d".

use chrono::TimeDelta;
use serde::{Deserialize, Deserializer};

/// Parses "1h30m"-style text; at least one number+unit, units s m h d.
pub fn parse(text: &str) -> Option<TimeDelta> {
    let mut total: i64 = 0;
    let mut number: Option<i64> = None;
    let mut any = false;
    for c in text.trim().chars() {
        if let Some(d) = c.to_digit(10) {
            number = Some(number.unwrap_or(0).checked_mul(10)?.checked_add(i64::from(d))?);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        total = total.checked_add(number.take()?.checked_mul(unit)?)?;
        any = true;
    }
    if number.is_some() || !any {
        return None;
    }
    TimeDelta::try_seconds(total)
}

/// Shows a duration the way [`parse`] reads it.
pub fn format(d: TimeDelta) -> String {
    let s = d.num_seconds();
    match s {
        s if s % 86_400 == 0 && s > 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 && s > 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 && s > 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// serde `deserialize_with` for a duration field.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<TimeDelta, D::Error> {
    let text = String::deserialize(d)?;
    parse(&text).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "{text:?} is not a duration (like \"90s\", \"5m\", \"24h\", \"2d\")"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(parse("24h"), TimeDelta::try_hours(24));
        assert_eq!(parse("1h30m"), TimeDelta::try_minutes(90));
        assert_eq!(parse(" 15m "), TimeDelta::try_minutes(15));
        assert_eq!(parse("0s"), Some(TimeDelta::zero()));
        for bad in ["", "h", "15", "5 m", "1x", "99999999999999999999d"] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert_eq!(format(TimeDelta::minutes(5)), "5m");
    }
}
