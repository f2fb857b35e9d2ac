//! The parser of WhatsApp's "Export chat" text files: pure, no I/O, no time zones.
//!
//! [`parse`] reads every layout phones write (iOS `[date, time] Author: text`, Android
//! `date, time - Author: text`, 12/24-hour clocks with AM/PM in any script, day-, month- and
//! year-first dates decided over the whole file, Arabic-Indic and Persian digits, invisible
//! marks, BOM, CRLF) in one scan for header candidates and one walk over them. Times come out
//! naive, as written; the caller puts them in a time zone.

mod authors;
mod body;
mod body_text;
mod calendar;
mod calls;
mod chars;
mod header;
mod layout;
mod media;
mod meridiem;
mod message;
mod named_date;
mod notices;
mod omitted;
mod phone;
mod phrases;
mod shape;
mod template;

use std::fmt;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::model::Kind;
use authors::Authors;
pub use authors::NO_NAME;
pub use body_text::Body;
pub use calls::Call;
use header::Shape;
use layout::{MAX_SHAPES, OrderStats};
use meridiem::Meridiem;
pub use message::MAX_MESSAGE_CHARS;
use message::{merge_empty_before_media, message, skipped_before};
pub use notices::is_group_notice;

pub use layout::{Clock, DateOrder, Layout, Platform};
pub use phone::phone_from_file_name;

/// A parsed export: its messages in file order, the lines that could not be read, and the
/// layout every message was read with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Export {
    pub messages: Vec<ExportMessage>,
    pub skipped: Vec<SkippedLine>,
    pub layout: Layout,
    /// The first notice that only a group chat has ("Ana added Ben", "You were added"), in any
    /// language the tables know: the export is a group's, however few people wrote in it.
    pub group_notice: Option<Notice>,
    /// Lines in the text (a last line without its `\n` counts).
    pub lines: usize,
}

/// A notice of an export, with its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// 1-based line number.
    pub line: usize,
    pub text: String,
}

/// One message of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportMessage {
    /// 1-based line of the message's header.
    pub line: usize,
    /// The time as written, in no time zone.
    pub at: NaiveDateTime,
    /// Who wrote it, cleaned of invisible marks; `None` for system messages, including the
    /// notices iOS writes with the chat's name as author. Shared by all of an author's messages.
    pub author: Option<Arc<str>>,
    pub kind: Kind,
    /// The text, multi-line bodies with their `\n`s (CRLF becomes LF). For media, only the
    /// caption (often empty); deleted messages keep WhatsApp's "This message was deleted".
    /// Borrowed from the text when [`parse_static_bytes`] read it.
    pub body: Body<'static>,
    /// The attached file's name when the export names one (`IMG-20240101-WA0001.jpg`).
    pub attachment: Option<String>,
    pub flags: Flags,
    /// A call: the kind is System, the author (when written) is who called.
    pub call: Option<Call>,
}

/// Facts about a message beyond its kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Flags {
    /// "This message was deleted" / "You deleted this message".
    pub deleted: bool,
    /// The message ended in `<This message was edited>` (now stripped from the body).
    pub edited: bool,
    /// The media was left out of the export (`<Media omitted>`, `image omitted`), so no file
    /// comes with it even when `attachment` names one.
    pub media_omitted: bool,
    /// The text was longer than WhatsApp's 65,536 characters and was cut to them.
    pub cut: bool,
}

/// A line that is in no message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedLine {
    /// 1-based line number.
    pub line: usize,
    pub text: String,
    pub reason: SkipReason,
}

/// Why a line is in no message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Text before the first message header (blank lines there are not reported).
    BeforeFirstMessage,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::BeforeFirstMessage => f.write_str("before the first message"),
        }
    }
}

/// Why a file could not be read as an export.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("not a text file (invalid UTF-8 at byte {valid_up_to})")]
    NotText { valid_up_to: usize },
    #[error("not a WhatsApp chat export: no lines read as message headers")]
    NotAnExport,
    #[error(
        "the dates have no year (line {line} reads {text:?}): give the year of the first message with --year"
    )]
    NeedsYear { line: usize, text: String },
}

/// What the text cannot say for itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The year of the first message, for exports whose dates have none (`Mar 5, 8:11 PM`).
    pub year: Option<u16>,
}

/// Parses an export's text. Fails with [`ParseError::NotAnExport`] when no line is a message
/// header, or when more lines precede the first header than there are messages (a text that
/// merely quotes a chat line).
pub fn parse(text: &str) -> Result<Export, ParseError> {
    parse_with(text, Options::default(), Body::into_owned)
}

/// [`parse`] with options.
pub fn parse_opts(text: &str, options: Options) -> Result<Export, ParseError> {
    parse_with(text, options, Body::into_owned)
}

/// [`parse`] of a text that lives as long as the process: the bodies borrow from it.
pub fn parse_static(text: &'static str) -> Result<Export, ParseError> {
    parse_with(text, Options::default(), |body| body)
}

/// [`parse`], with `keep` making each message's body independent of `text`'s lifetime.
fn parse_with<'a>(
    text: &'a str,
    options: Options,
    keep: impl Fn(Body<'a>) -> Body<'static>,
) -> Result<Export, ParseError> {
    let Scan { candidates, shapes, lines } = scan_lines(text);
    let layout = Layout::from_counts(&shapes, |shape| {
        let mut stats = OrderStats::default();
        let index = shapes.iter().position(|(s, _)| *s == shape).and_then(|i| u8::try_from(i).ok());
        candidates
            .iter()
            .filter(|c| Some(c.stamp.shape) == index)
            .for_each(|c| stats.add(c.stamp.fields, c.stamp.upper_latin));
        stats
    })
    .ok_or(ParseError::NotAnExport)?;
    let shape = shapes.iter().position(|(s, _)| *s == layout.shape).and_then(|i| u8::try_from(i).ok());
    let roll = match (layout.lacks_year(), options.year) {
        (false, _) => None,
        (true, Some(year)) => Some(named_date::YearRoll::new(year)),
        (true, None) => {
            let first = candidates.iter().find(|c| Some(c.stamp.shape) == shape);
            let line = first.map_or(0, |c| c.line);
            let text = first
                .and_then(|c| text.get(c.line_start..c.line_start + c.stamp.line_len as usize))
                .unwrap_or("");
            return Err(ParseError::NeedsYear { line, text: crate::sanitize::one_line(text) });
        }
    };
    let (mut messages, first_start) = messages(text, &candidates, shape, layout, roll, &keep);
    let first_start = first_start.ok_or(ParseError::NotAnExport)?;
    let skipped = skipped_before(text.get(..first_start).unwrap_or(""));
    if skipped.len() > messages.len() {
        return Err(ParseError::NotAnExport);
    }
    merge_empty_before_media(&mut messages);
    // A chat repeats its notices ("… changed their phone number …"): each text is read once.
    let mut seen = std::collections::HashSet::new();
    let group_notice = messages
        .iter()
        .filter(|m| m.kind == Kind::System && m.call.is_none())
        .find(|m| seen.insert(m.body.as_str()) && is_group_notice(&m.body))
        .map(|m| Notice { line: m.line, text: m.body.lines().next().unwrap_or("").to_string() });
    Ok(Export { messages, skipped, layout, group_notice, lines })
}

/// The messages of the candidates of the layout's shape (the `shape`th counted), each running
/// to the next one's line, the last to the end of the text; and where the first message starts.
fn messages<'a>(
    text: &'a str,
    candidates: &[Candidate],
    shape: Option<u8>,
    layout: Layout,
    mut roll: Option<named_date::YearRoll>,
    keep: &dyn Fn(Body<'a>) -> Body<'static>,
) -> (Vec<ExportMessage>, Option<usize>) {
    let mut messages = Vec::with_capacity(candidates.len());
    let mut authors = Authors::default();
    let mut first_start = None;
    let mut pending: Option<(&Candidate, NaiveDateTime)> = None;
    // Consecutive messages mostly share their date: it is worked out once per day.
    let mut day: Option<([u16; 3], Option<NaiveDate>)> = None;
    for cand in candidates.iter().filter(|c| Some(c.stamp.shape) == shape) {
        let s = &cand.stamp;
        let fields = match roll.as_mut() {
            Some(roll) => roll.fill(s.fields),
            None => s.fields,
        };
        let date = match day {
            Some((f, date)) if f == fields => date,
            _ => {
                let date = layout.date(fields);
                day = Some((fields, date));
                date
            }
        };
        let Some(at) =
            date.zip(layout.time(s.hour, s.minute, s.second, s.meridiem)).map(|(d, t)| d.and_time(t))
        else {
            continue;
        };
        match pending.replace((cand, at)) {
            Some((prev, prev_at)) => {
                messages.push(message(
                    text,
                    prev,
                    prev_at,
                    cand.line_start,
                    layout.platform,
                    &mut authors,
                    keep,
                ));
            }
            None => first_start = Some(cand.line_start),
        }
    }
    if let Some((last, at)) = pending {
        messages.push(message(text, last, at, text.len(), layout.platform, &mut authors, keep));
    }
    (messages, first_start)
}

/// Parses an export's bytes: [`parse`] after checking they are UTF-8.
pub fn parse_bytes(bytes: &[u8]) -> Result<Export, ParseError> {
    parse(utf8(bytes)?)
}

/// [`parse_static`] of bytes.
pub fn parse_static_bytes(bytes: &'static [u8]) -> Result<Export, ParseError> {
    parse_static(utf8(bytes)?)
}

/// [`parse_static_bytes`] with options.
pub fn parse_static_bytes_opts(bytes: &'static [u8], options: Options) -> Result<Export, ParseError> {
    parse_with(utf8(bytes)?, options, |body| body)
}

fn utf8(bytes: &[u8]) -> Result<&str, ParseError> {
    // SIMD validation is several times faster than the standard library's on a big export; only
    // a file that fails is checked again, to say where.
    simdutf8::basic::from_utf8(bytes).or_else(|_| {
        std::str::from_utf8(bytes).map_err(|e| ParseError::NotText { valid_up_to: e.valid_up_to() })
    })
}

/// A line that starts with something like a header. Kept small: a big export has hundreds of
/// thousands, and their memory was a good part of the time of a dry run.
struct Candidate {
    line: usize,
    line_start: usize,
    stamp: Stamp,
}

/// A [`header::RawHeader`] without its shape, which is in [`Scan::shapes`].
#[derive(Clone, Copy)]
struct Stamp {
    fields: [u16; 3],
    hour: u8,
    minute: u8,
    second: u8,
    meridiem: Option<Meridiem>,
    upper_latin: bool,
    /// The index of the header's shape in [`Scan::shapes`]; `u8::MAX` when it is none of them.
    shape: u8,
    /// Byte offset in the line where the author or system text starts.
    rest: u32,
    /// The line's length without its `\r\n` or `\n`.
    line_len: u32,
}

struct Scan {
    candidates: Vec<Candidate>,
    /// The shapes in the order first seen, with how many headers have each: at most
    /// [`MAX_SHAPES`], later ones are not counted (they cannot be the file's layout).
    shapes: Vec<(Shape, usize)>,
    lines: usize,
}

fn scan_lines(text: &str) -> Scan {
    let mut candidates = Vec::with_capacity(text.len() / 64);
    let mut shapes: Vec<(Shape, usize)> = Vec::new();
    let mut last_shape = 0usize;
    let mut template = template::Template::default();
    // The line ends are found by SIMD over the whole text: splitting on '\n' line by line
    // set up a search for each of the (short) lines.
    let bytes = text.as_bytes();
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    let mut line_start = 0;
    for (i, line_end) in ends.enumerate() {
        let line = text.get(line_start..line_end).unwrap_or("");
        let content = line.strip_suffix('\r').unwrap_or(line);
        if let Some(header) = template.scan(content)
            && let Ok(rest) = u32::try_from(header.rest)
            && let Ok(line_len) = u32::try_from(content.len())
        {
            let index = match shapes.get_mut(last_shape) {
                Some((s, n)) if *s == header.shape => {
                    *n += 1;
                    Some(last_shape)
                }
                _ => match shapes.iter_mut().position(|(s, _)| *s == header.shape) {
                    Some(k) => {
                        if let Some((_, n)) = shapes.get_mut(k) {
                            *n += 1;
                        }
                        Some(k)
                    }
                    None if shapes.len() < MAX_SHAPES => {
                        shapes.push((header.shape, 1));
                        Some(shapes.len() - 1)
                    }
                    None => None,
                },
            };
            if let Some(k) = index {
                last_shape = k;
            }
            candidates.push(Candidate {
                line: i + 1,
                line_start,
                stamp: Stamp {
                    fields: header.fields,
                    hour: header.hour,
                    minute: header.minute,
                    second: header.second,
                    meridiem: header.meridiem,
                    upper_latin: header.upper_latin,
                    shape: index.and_then(|k| u8::try_from(k).ok()).unwrap_or(u8::MAX),
                    rest,
                    line_len,
                },
            });
        }
        line_start = line_end + 1;
    }
    let lines =
        memchr::memchr_iter(b'\n', bytes).count() + usize::from(!text.is_empty() && !text.ends_with('\n'));
    Scan { candidates, shapes, lines }
}

#[cfg(test)]
mod class_tests;
#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod layout_tests;
#[cfg(test)]
mod tests;
