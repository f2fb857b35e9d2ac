//! Dates the 2013–2014 Android exports wrote with a month name and often no year
//! (`Mar 5, 8:11 PM - `, `19:23, 28 Aug 2013 - `, `18 Mar 12:14 - `), and the Japanese era
//! years of iOS with the Japanese calendar (`3/18/R4`: Reiwa 4 is 2022).
//!
//! A named-month date's fields are always (day, month, year) and its separator one of the
//! codes below, so the layout knows the order without guessing; a year-less date has year 0
//! and takes its year from `--year`, moving on a year each time the months go back.

use super::chars::{Cursor, Number};

/// Date "separators" of named-month dates: day first or month first, with or without a year.
pub(super) const DAY_MONTH: u8 = b'd';
pub(super) const DAY_MONTH_NO_YEAR: u8 = b'e';
pub(super) const MONTH_DAY: u8 = b'm';
pub(super) const MONTH_DAY_NO_YEAR: u8 = b'n';

/// Whether a date separator code is a named month's.
pub(super) fn is_named(sep: u8) -> bool {
    matches!(sep, DAY_MONTH | DAY_MONTH_NO_YEAR | MONTH_DAY | MONTH_DAY_NO_YEAR)
}

/// Whether a named-month date has no year written.
pub(super) fn lacks_year(sep: u8) -> bool {
    matches!(sep, DAY_MONTH_NO_YEAR | MONTH_DAY_NO_YEAR)
}

const MONTHS: &[(&str, u8)] = &[
    ("jan", 1),
    ("january", 1),
    ("feb", 2),
    ("february", 2),
    ("mar", 3),
    ("march", 3),
    ("apr", 4),
    ("april", 4),
    ("may", 5),
    ("jun", 6),
    ("june", 6),
    ("jul", 7),
    ("july", 7),
    ("aug", 8),
    ("august", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("oct", 10),
    ("october", 10),
    ("nov", 11),
    ("november", 11),
    ("dec", 12),
    ("december", 12),
];

/// A month name at the cursor (English, any case, an optional full stop), consumed.
fn month(c: &mut Cursor) -> Option<u8> {
    let rest = c.rest();
    let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    if !(3..=9).contains(&len) {
        return None;
    }
    let word = rest.get(..len)?;
    let &(_, m) = MONTHS.iter().find(|(name, _)| name.eq_ignore_ascii_case(word))?;
    c.advance(len);
    c.eat('.');
    Some(m)
}

/// A year after a named month, unless the number there is the time's hour (`18 Mar 12:14`).
fn year(c: &mut Cursor) -> Option<Number> {
    let mut probe = *c;
    probe.skip_blank();
    let y = probe.number(4).filter(|n| n.digits == 4)?;
    if matches!(probe.peek(), Some(':' | '.')) {
        return None;
    }
    *c = probe;
    Some(y)
}

/// `Mar 5` or `March 5, 2013` at the cursor: fields (day, month, year) and the separator code.
pub(super) fn month_first(c: &mut Cursor) -> Option<([Number; 3], u8)> {
    let m = month(c)?;
    if !c.skip_blank() {
        return None;
    }
    let day = c.number(2)?;
    let mut probe = *c;
    probe.eat(',');
    let (y, sep) = match year(&mut probe) {
        Some(y) => {
            *c = probe;
            (y, MONTH_DAY)
        }
        None => (Number { value: 0, digits: 0 }, MONTH_DAY_NO_YEAR),
    };
    Some(([day, Number { value: u32::from(m), digits: 2 }, y], sep))
}

/// ` Aug 2013` or ` Mar` after a day: the cursor is after the day number.
pub(super) fn after_day(c: &mut Cursor, day: Number) -> Option<([Number; 3], u8)> {
    if !c.skip_blank() {
        return None;
    }
    let m = month(c)?;
    let (y, sep) = match year(c) {
        Some(y) => (y, DAY_MONTH),
        None => (Number { value: 0, digits: 0 }, DAY_MONTH_NO_YEAR),
    };
    Some(([day, Number { value: u32::from(m), digits: 2 }, y], sep))
}

/// A Japanese era year at the cursor (`R4`, `H30`), as a Gregorian four-digit year.
pub(super) fn era_year(c: &mut Cursor) -> Option<Number> {
    let base = match c.peek()? {
        'R' => 2018,
        'H' => 1988,
        _ => return None,
    };
    let mut probe = *c;
    probe.bump();
    let n = probe.number(2).filter(|n| n.value >= 1)?;
    *c = probe;
    Some(Number { value: base + n.value, digits: 4 })
}

/// Years for the dates of a year-less export: `--year` for the first, one more each time the
/// month goes back (December to January).
#[derive(Debug, Clone, Copy)]
pub(super) struct YearRoll {
    year: u16,
    last_month: u16,
}

impl YearRoll {
    pub(super) fn new(first_year: u16) -> Self {
        YearRoll { year: first_year, last_month: 0 }
    }

    /// The fields (day, month, 0) with their year filled in.
    pub(super) fn fill(&mut self, fields: [u16; 3]) -> [u16; 3] {
        let [day, month, _] = fields;
        if month < self.last_month {
            self.year = self.year.saturating_add(1);
        }
        self.last_month = month;
        [day, month, self.year]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_roll_over_when_the_months_go_back() {
        let mut roll = YearRoll::new(2013);
        let years: Vec<u16> = [[5, 11, 0], [1, 12, 0], [31, 12, 0], [2, 1, 0], [3, 1, 0], [1, 3, 0]]
            .iter()
            .map(|&f| roll.fill(f)[2])
            .collect();
        assert_eq!(years, [2013, 2013, 2013, 2014, 2014, 2014]);
    }

    #[test]
    fn month_names_are_read_in_any_case_with_a_stop() {
        for (text, m) in [("Mar 5", 3), ("march 5", 3), ("Sept. 5", 9), ("DEC 5", 12)] {
            let mut c = Cursor::new(text);
            let (fields, sep) = month_first(&mut c).unwrap();
            assert_eq!((fields[1].value, fields[0].value, sep), (m, 5, MONTH_DAY_NO_YEAR), "{text}");
        }
        assert!(month_first(&mut Cursor::new("Mary 5")).is_none());
    }
}
