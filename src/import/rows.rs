//! A parsed export as store rows: who is the business, times in a zone, ids that survive a
//! second import. Pure: no files, no store, no clock.

use chrono_tz::Tz;

use super::local_time::to_utc_ms;
use super::whatsapp_export::{Export, ExportMessage};
use crate::model::{Direction, Status};
use crate::store::{HistoryCall, HistoryMessage};

/// Status given to the business's own messages from an export: the export proves they were
/// sent, not that they arrived or were read.
pub const OUTBOUND_STATUS: Status = Status::Sent;

/// Why an export's authors cannot be told apart into the business and one customer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthorError {
    #[error("two authors and neither is the business ({}): name the business's author with --me", list(.authors))]
    WhoIsMe { authors: Vec<String> },
    #[error(
        "a group chat: {} authors are not the business ({}); wabi keeps one customer per chat, \
         so name every author who writes for the business with --me",
        .others.len(), list(.others)
    )]
    Group { others: Vec<String> },
    #[error(
        "a group chat: line {line} reads “{text}”, a notice only groups have; wabi keeps one \
         customer per chat and imports one-to-one chats only"
    )]
    GroupNotice { line: usize, text: String },
}

fn list(names: &[String]) -> String {
    names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
}

/// The authors of an export, split into the business's and the customer's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    /// The customer's name as the export writes it; None when only the business wrote.
    pub customer: Option<String>,
    /// Lowercased names of the business's authors (`--me`).
    me: Vec<String>,
}

impl Sides {
    /// Splits the authors: those named in `me` (any case) are the business, the one other
    /// author is the customer. Two others (no `--me` matched) or more (a group) are an error, and
    /// so is an export with a notice only groups have.
    pub fn of(export: &Export, me: &[String]) -> Result<Sides, AuthorError> {
        if let Some(notice) = &export.group_notice {
            // However few people wrote in it (one or two speakers), a group is a group.
            return Err(AuthorError::GroupNotice {
                line: notice.line,
                text: crate::sanitize::one_line(&notice.text),
            });
        }
        let me: Vec<String> = me.iter().map(|n| n.trim().to_lowercase()).collect();
        let authors = distinct_authors(export);
        let others: Vec<String> =
            authors.iter().filter(|a| !me.contains(&a.to_lowercase())).map(|a| a.to_string()).collect();
        match others.len() {
            0 | 1 => Ok(Sides { customer: others.into_iter().next(), me }),
            2 if authors.len() == 2 => Err(AuthorError::WhoIsMe { authors: others }),
            _ => Err(AuthorError::Group { others }),
        }
    }

    fn direction(&self, author: Option<&str>) -> Direction {
        match author {
            Some(a) if self.me.contains(&a.to_lowercase()) => Direction::Out,
            // The customer's messages and system lines (which are nobody's) are inbound.
            _ => Direction::In,
        }
    }
}

/// Each author once, sorted. A chat has a handful of authors and long runs of one of them, so a
/// short list beats sorting 200,000 names into a set.
fn distinct_authors(export: &Export) -> Vec<&str> {
    let mut authors: Vec<&str> = Vec::new();
    let mut last: Option<&str> = None;
    for author in export.messages.iter().filter_map(|m| m.author.as_deref()) {
        if last != Some(author) && !authors.contains(&author) {
            authors.push(author);
        }
        last = Some(author);
    }
    authors.sort_unstable();
    authors
}

/// The export's messages as rows of the chat with `phone` (digits), times read in `tz`.
/// `media_path` tells where an attachment (by file name) was copied, if it was.
pub fn rows<'a>(
    export: &'a Export,
    sides: &Sides,
    phone: &str,
    tz: Tz,
    media_path: &dyn Fn(&str) -> Option<&'a str>,
) -> Vec<HistoryMessage<'a>> {
    let ids = Ids::of(export, phone);
    export.messages.iter().zip(&ids.ordinals).map(|(m, &n)| row(m, n, &ids, sides, tz, media_path)).collect()
}

/// [`rows`] one at a time, for a store insert that takes them a chunk at a time: a big export's
/// rows never all sit in memory at once (1,150,000 of them took 160 MB).
pub fn row_iter<'a>(
    export: &'a Export,
    sides: &'a Sides,
    ids: &'a Ids<'a>,
    tz: Tz,
    media_path: &'a dyn Fn(&str) -> Option<&'a str>,
) -> impl Iterator<Item = HistoryMessage<'a>> + 'a {
    export.messages.iter().zip(&ids.ordinals).map(move |(m, &n)| row(m, n, ids, sides, tz, media_path))
}

/// What gives each message its id: the chat's number, and each message's place among the
/// identical messages before it.
pub struct Ids<'a> {
    phone: &'a str,
    ordinals: Vec<u32>,
}

impl<'a> Ids<'a> {
    /// The ordinals, from the messages' hashes sorted (stable) with their places: 16 bytes a
    /// message for a moment, where a map of every hash held 32 for the whole import.
    pub fn of(export: &Export, phone: &'a str) -> Ids<'a> {
        let mut hashed: Vec<(u64, u32)> = export
            .messages
            .iter()
            .enumerate()
            .map(|(i, m)| (content_hash(m), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        hashed.sort_unstable();
        let mut ordinals = vec![0u32; export.messages.len()];
        let mut run = 0;
        for k in 0..hashed.len() {
            let (hash, i) = hashed[k];
            run = match k.checked_sub(1).and_then(|p| hashed.get(p)) {
                Some(&(prev, _)) if prev == hash => run + 1,
                _ => 0,
            };
            if let Some(slot) = ordinals.get_mut(i as usize) {
                *slot = run;
            }
        }
        Ids { phone, ordinals }
    }

    fn id(&self, m: &ExportMessage, ordinal: u32) -> String {
        external_id(self.phone, content_hash(m), ordinal)
    }
}

fn row<'a>(
    m: &'a ExportMessage,
    ordinal: u32,
    ids: &Ids<'_>,
    sides: &Sides,
    tz: Tz,
    media_path: &dyn Fn(&str) -> Option<&'a str>,
) -> HistoryMessage<'a> {
    // A call is a notice in the chat, not a message either side wrote: its caller is kept in
    // the calls table ([`calls`]), and it counts neither as received nor sent.
    let direction = if m.call.is_some() { Direction::In } else { sides.direction(m.author.as_deref()) };
    HistoryMessage {
        external_id: ids.id(m, ordinal),
        direction,
        kind: m.kind,
        body: &m.body,
        at: to_utc_ms(m.at, tz),
        status: (direction == Direction::Out).then_some(OUTBOUND_STATUS),
        media_filename: m.attachment.as_deref(),
        media_path: m.attachment.as_deref().filter(|_| !m.flags.media_omitted).and_then(media_path),
    }
}

/// The calls among the export's messages, by the ids [`rows`] gives them: the author is who
/// called (the business when it is one of `--me`).
pub fn calls(export: &Export, sides: &Sides, ids: &Ids<'_>) -> Vec<HistoryCall> {
    export
        .messages
        .iter()
        .zip(&ids.ordinals)
        .filter_map(|(m, &ordinal)| {
            let call = m.call?;
            let caller = match (m.author.as_deref(), sides.direction(m.author.as_deref())) {
                (None, _) => "unknown",
                (Some(_), Direction::Out) => "business",
                (Some(_), Direction::In) => "customer",
            };
            Some(HistoryCall {
                external_id: ids.id(m, ordinal),
                caller,
                video: call.video,
                missed: call.missed,
                seconds: call.seconds,
            })
        })
        .collect()
}

/// `import:<phone>:<hash>`, with `-<n>` for the n-th repeat of an identical message (the same
/// author writing the same text in the same minute). Repeats are counted among identical
/// messages only, not among all of a minute's, so an export that starts mid-minute (the phone
/// caps how much history it exports) still gives every message the id it had before.
fn external_id(phone: &str, hash: u64, ordinal: u32) -> String {
    if ordinal == 0 {
        format!("import:{phone}:{hash:016x}")
    } else {
        format!("import:{phone}:{hash:016x}-{ordinal}")
    }
}

/// FNV-1a 64 of what identifies a message in its chat: its time as written (not the zone it is
/// read in, so a re-import with another `--tz` is still a re-import), author, text and
/// attachment. The kind is left out: it is the parser's reading, which may improve.
fn content_hash(m: &ExportMessage) -> u64 {
    let mut h = Fnv::new();
    h.write(&m.at.and_utc().timestamp().to_le_bytes());
    // Field tags keep ("ab", "") and ("a", "b") apart.
    h.write(&[u8::from(m.author.is_some())]);
    h.write(m.author.as_deref().unwrap_or("").as_bytes());
    h.write(&[0xff]);
    h.write(m.body.as_bytes());
    h.write(&[0xfe]);
    h.write(m.attachment.as_deref().unwrap_or("").as_bytes());
    h.finish()
}

/// FNV-1a, 64 bits: tiny and stable across versions and platforms. Among a chat's 200,000
/// messages the chance that two distinct ones share a hash is about one in a billion.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
#[path = "rows_tests.rs"]
mod tests;
