//! Message text: the body type that borrows the export's text, and splitting and joining lines.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use super::chars::{is_mark, is_space, trim_marks};
use super::notices::is_notice;

/// A message's text: borrowed from the export's text when it is written there as it is (one
/// line, nothing stripped), else owned. A big export has one per message, and allocating each
/// was a good part of the time of reading it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Body<'a>(Cow<'a, str>);

impl<'a> Body<'a> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text cut to `max` characters, and whether it was.
    pub fn cut(self, max: usize) -> (Body<'a>, bool) {
        match self.0 {
            Cow::Borrowed(text) => {
                let (kept, cut) = super::message::cut_chars(text, max);
                (Body(Cow::Borrowed(kept)), cut)
            }
            Cow::Owned(mut text) => {
                let (kept, cut) = super::message::cut_chars(&text, max);
                let len = kept.len();
                text.truncate(len);
                (Body(Cow::Owned(text)), cut)
            }
        }
    }

    /// The same text, owning its bytes.
    pub fn into_owned(self) -> Body<'static> {
        Body(Cow::Owned(self.0.into_owned()))
    }
}

impl<'a> From<&'a str> for Body<'a> {
    fn from(text: &'a str) -> Self {
        Body(Cow::Borrowed(text))
    }
}

impl From<String> for Body<'_> {
    fn from(text: String) -> Self {
        Body(Cow::Owned(text))
    }
}

impl<'a> From<Cow<'a, str>> for Body<'a> {
    fn from(text: Cow<'a, str>) -> Self {
        Body(text)
    }
}

impl std::ops::Deref for Body<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Body<'_> {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Body<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl fmt::Debug for Body<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Body<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Body<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// `Author: text` → (`Author`, `text`). The author ends at the first colon followed by a space
/// (or the line's end); one with unbalanced quotes, or that is a notice, is a system line quoting
/// a subject.
pub(super) fn split_author(line: &str) -> Option<(&str, &str)> {
    let mut from = 0;
    // A byte loop: the colon is a few bytes in, too close for memchr to pay off.
    while let Some(i) = line.as_bytes().get(from..)?.iter().position(|&b| b == b':') {
        let colon = from + i;
        let after = line.get(colon + 1..)?;
        match after.chars().next() {
            None => return plausible(line.get(..colon)?, ""),
            Some(c) if is_space(c) => {
                return plausible(line.get(..colon)?, after.get(c.len_utf8()..)?);
            }
            Some(_) => from = colon + 1,
        }
    }
    None
}

fn plausible<'a>(author: &'a str, body: &'a str) -> Option<(&'a str, &'a str)> {
    let name = trim_marks(author);
    if name.is_empty() {
        // A name that is only an invisible mark (`\u{200E}: Good luck`; the header reader takes
        // the mark) is still an author, unless nothing follows.
        return (!body.is_empty() && (author.is_empty() || author.chars().all(is_mark)))
            .then_some((author, body));
    }
    let quoted = name.as_bytes().contains(&b'"') || (!name.is_ascii() && name.contains(QUOTES));
    // `Maria "Mary" López` is a name; `Ana changed the subject from "A: b"` is a notice quoting
    // a subject, cut at the colon inside its quotes.
    if quoted && (!balanced(name) || is_notice(name)) {
        return None;
    }
    Some((author, body))
}

const QUOTES: [char; 5] = ['\u{201C}', '\u{201D}', '\u{201E}', '\u{AB}', '\u{BB}'];

/// Whether a name's quotes pair up: an even number of straight ones and of curly ones.
fn balanced(name: &str) -> bool {
    let straight = name.bytes().filter(|&b| b == b'"').count();
    let curly = if name.is_ascii() { 0 } else { name.chars().filter(|c| QUOTES.contains(c)).count() };
    straight % 2 == 0 && curly % 2 == 0
}

/// The first line and the continuation lines as one body, CRLF turned into LF.
pub(super) fn join_lines<'a>(first: &'a str, more: Option<&str>) -> Cow<'a, str> {
    let Some(more) = more else {
        return Cow::Borrowed(first);
    };
    let mut body = String::with_capacity(first.len() + 1 + more.len());
    body.push_str(first);
    if more.contains('\r') {
        for line in more.split('\n') {
            body.push('\n');
            body.push_str(line.strip_suffix('\r').unwrap_or(line));
        }
    } else {
        body.push('\n');
        body.push_str(more);
    }
    Cow::Owned(body)
}
