//! Reading the timestamp at the start of a line, without yet knowing the file's layout.
//!
//! A header is `[date, time] ` (iOS), `date, time - ` (Android) or `date, time: ` (old iOS),
//! with the date and time in either order, any text between them (`, `, ` à `, ` klo `,
//! `، `), an AM/PM marker before or after the time, and invisible marks anywhere. What is
//! read here is raw: which number is the day is decided later over the whole file.

use super::chars::{Cursor, Number, digit_value, is_mark, is_space};
use super::meridiem::{self, Meridiem};
use super::named_date;
pub(super) use super::shape::{Frame, Shape};

/// One line's timestamp as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RawHeader {
    pub shape: Shape,
    /// The three date numbers in the order written.
    pub fields: [u16; 3],
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub meridiem: Option<Meridiem>,
    pub upper_latin: bool,
    /// Byte offset in the line where the author or system text starts.
    pub rest: usize,
}

struct Date {
    fields: [Number; 3],
    sep: u8,
}

struct Time {
    hour: u8,
    minute: u8,
    second: Option<u8>,
    sep: u8,
}

/// The header at the start of `line`, if the line starts with one.
pub(super) fn scan(line: &str) -> Option<RawHeader> {
    // Most lines of a big export are headers, but continuation lines are rejected on one byte.
    let first = *line.as_bytes().first()?;
    // A letter starts the month names of 2013's Android exports (`Mar 5, 8:11 PM - `).
    if !(first.is_ascii_digit() || first == b'[' || first >= 0x80 || first.is_ascii_alphabetic()) {
        return None;
    }
    let mut c = Cursor::new(line);
    c.skip_marks();
    let bracket = c.eat('[');
    c.skip_marks();
    let stamp = stamp(&mut c)?;
    let frame = frame(&mut c, bracket)?;
    c.skip_blank();
    Some(stamp.into_header(frame, c.pos()))
}

/// A date and a time in either order, with what was written between them.
struct Stamp {
    date: Date,
    time: Time,
    marker: Option<meridiem::Found>,
    connector: u32,
    time_first: bool,
    meridiem_first: bool,
}

fn stamp(c: &mut Cursor) -> Option<Stamp> {
    // The first number is the hour when a colon follows it, else the date's first field.
    let Some(lead) = c.number(4) else {
        let (fields, sep) = named_date::month_first(c)?;
        return time_after(c, Date { fields, sep });
    };
    c.skip_marks();
    if lead.digits <= 2 && c.peek() == Some(':') {
        let time = time_from(c, lead)?;
        let marker = marker_after(c);
        let (connector, _) = connector(c)?;
        let a = c.number(4)?;
        c.skip_marks();
        let date = date_from(c, a)?;
        return Some(Stamp { date, time, marker, connector, time_first: true, meridiem_first: false });
    }
    let date = date_from(c, lead)?;
    time_after(c, date)
}

/// The time after a date, with what comes between them.
fn time_after(c: &mut Cursor, date: Date) -> Option<Stamp> {
    let (connector, before) = connector(c)?;
    let hour = c.number(2)?;
    c.skip_marks();
    let time = time_from(c, hour)?;
    Some(Stamp {
        date,
        time,
        marker: before.or_else(|| marker_after(c)),
        connector,
        time_first: false,
        meridiem_first: before.is_some(),
    })
}

impl Stamp {
    fn into_header(self, frame: Frame, rest: usize) -> RawHeader {
        let Stamp { date, time, marker, .. } = self;
        let [a, b, y] = date.fields;
        let shape = Shape {
            frame,
            time_first: self.time_first,
            date_sep: date.sep,
            time_sep: time.sep,
            seconds: time.second.is_some(),
            twelve_hour: marker.is_some(),
            meridiem_first: self.meridiem_first,
            long_first: a.digits >= 3,
            long_last: y.digits >= 3,
            connector: self.connector,
            key: 0,
        };
        RawHeader {
            shape: shape.keyed(),
            fields: [a.value, b.value, y.value].map(|v| u16::try_from(v).unwrap_or(u16::MAX)),
            hour: time.hour,
            minute: time.minute,
            second: time.second.unwrap_or(0),
            meridiem: marker.map(|m| m.meridiem),
            upper_latin: marker.is_some_and(|m| m.upper_latin),
            rest,
        }
    }
}

/// `12/03/2024`, `3.12.24`, `2024-03-12`, `2024. 3. 12.`: three numbers, one separator; the
/// cursor is after the first number `a`.
fn date_from(c: &mut Cursor, a: Number) -> Option<Date> {
    if c.peek() == Some(' ') {
        let (fields, sep) = named_date::after_day(c, a)?;
        return Some(Date { fields, sep });
    }
    let sep = c.bump()?;
    if !matches!(sep, '/' | '.' | '-') {
        return None;
    }
    c.skip_blank();
    let b = c.number(2)?;
    c.skip_marks();
    if !c.eat(sep) {
        return None;
    }
    c.skip_blank();
    let y = match named_date::era_year(c) {
        Some(y) => y,
        None => c.number(4)?,
    };
    if sep == '.' {
        // Hungarian and Korean close the date with a dot too.
        let mut probe = *c;
        probe.skip_marks();
        if probe.eat('.') {
            *c = probe;
        }
    }
    Some(Date { fields: [a, b, y], sep: sep as u8 })
}

/// `14:05`, `2:05`, `14.05`, `14:05:09`; the cursor is after the hour.
fn time_from(c: &mut Cursor, hour: Number) -> Option<Time> {
    let sep = c.bump()?;
    if sep != ':' && sep != '.' {
        return None;
    }
    c.skip_marks();
    let minute = c.number(2).filter(|n| n.digits == 2 && n.value < 60)?;
    let mut probe = *c;
    let second =
        if probe.eat(sep) { probe.number(2).filter(|n| n.digits == 2 && n.value < 61) } else { None };
    if second.is_some() {
        *c = probe;
    }
    if hour.value > 24 || hour.digits > 2 {
        return None;
    }
    Some(Time {
        hour: hour.value as u8,
        minute: minute.value as u8,
        second: second.map(|s| s.value as u8),
        sep: sep as u8,
    })
}

/// An AM/PM marker right after the time, consumed if present.
fn marker_after(c: &mut Cursor) -> Option<meridiem::Found> {
    let mut probe = *c;
    probe.skip_blank();
    let found = meridiem::at(probe.rest())?;
    probe.advance(found.len);
    *c = probe;
    Some(found)
}

/// The text between date and time (or time and date): its hash, and an AM/PM marker in it
/// (Korean `2024. 3. 12. 오후 2:05`). Fails when no number follows within a few characters.
fn connector(c: &mut Cursor) -> Option<(u32, Option<meridiem::Found>)> {
    // Fast path for `, ` and ` `: ASCII without letters, so no marker, hashed byte by byte.
    let mut hash = FNV_OFFSET;
    for (i, &b) in c.rest().as_bytes().iter().enumerate().take(32) {
        if b.is_ascii_digit() {
            c.advance(i);
            return Some((hash, None));
        }
        if b >= 0x80 || b.is_ascii_alphabetic() || matches!(b, b'[' | b']' | b':') {
            break;
        }
        if b != b' ' && b != b'\t' {
            hash = fnv(hash, u32::from(b));
        }
    }
    let start = c.pos();
    loop {
        let ch = c.peek()?;
        if digit_value(ch).is_some() {
            break;
        }
        if matches!(ch, '[' | ']' | ':') || c.pos() - start > 32 {
            return None;
        }
        c.bump();
    }
    Some(hash_connector(c.between(start, c.pos())))
}

const FNV_OFFSET: u32 = 0x811c_9dc5;

fn fnv(hash: u32, value: u32) -> u32 {
    (hash ^ value).wrapping_mul(0x0100_0193)
}

fn hash_connector(text: &str) -> (u32, Option<meridiem::Found>) {
    let mut hash = FNV_OFFSET;
    let mut found = None;
    let mut prev_letter = false;
    let mut i = 0;
    while let Some(ch) = text.get(i..).and_then(|rest| rest.chars().next()) {
        if found.is_none() && !prev_letter && ch.is_alphabetic() {
            if let Some(m) = text.get(i..).and_then(meridiem::at) {
                // The marker is left out of the hash so AM and PM lines share one shape.
                found = Some(m);
                i += m.len;
                continue;
            }
        }
        prev_letter = ch.is_alphabetic();
        if !is_space(ch) && !is_mark(ch) {
            hash = fnv(hash, ch as u32);
        }
        i += ch.len_utf8();
    }
    (hash, found)
}

/// `] `, ` - `, `: ` after the time.
fn frame(c: &mut Cursor, bracket: bool) -> Option<Frame> {
    c.skip_blank();
    let frame = if bracket {
        if !c.eat(']') {
            return None;
        }
        let mut probe = *c;
        probe.skip_blank();
        if probe.eat('-') {
            *c = probe;
        }
        Frame::Bracket
    } else if c.eat('-') || c.eat('\u{2013}') || c.eat('\u{2014}') {
        Frame::Dash
    } else if c.eat(':') {
        Frame::Colon
    } else {
        return None;
    };
    c.skip_marks();
    match c.peek() {
        None => Some(frame),
        Some(ch) if is_space(ch) => Some(frame),
        Some(_) => None,
    }
}

#[cfg(test)]
#[path = "header_tests.rs"]
mod tests;
