//! One message from its header line and the lines after it; the passes over all messages.

use chrono::NaiveDateTime;

use super::authors::Authors;
use super::body;
use super::body_text::{join_lines, split_author};
use super::calls;
use super::chars::{is_blank, is_mark, trim_marks, trim_start_marks};
use super::{Body, Candidate, ExportMessage, Flags, Platform, SkipReason, SkippedLine};
use crate::model::Kind;

/// The message whose header is `cand` and whose text runs up to byte `end`.
pub(super) fn message<'a>(
    text: &'a str,
    cand: &Candidate,
    at: NaiveDateTime,
    end: usize,
    platform: Platform,
    authors: &mut Authors,
    keep: &dyn Fn(Body<'a>) -> Body<'static>,
) -> ExportMessage {
    let from = cand.line_start + cand.stamp.rest as usize;
    let line_end = cand.line_start + cand.stamp.line_len as usize;
    // A message longer than WhatsApp allows is cut before anything is copied from it: a 300 MB
    // "message" costs no more memory than a long one, and the inbox stays fast.
    // (The first line still holds the author's name: it keeps a little more.)
    let (first, cut_first) = cut_chars(text.get(from..line_end).unwrap_or(""), MAX_MESSAGE_CHARS + 1024);
    let more = text
        .get(line_end..end)
        .and_then(|rest| rest.strip_prefix("\r").unwrap_or(rest).strip_prefix('\n'))
        .map(|rest| rest.trim_end_matches(['\r', '\n']))
        .filter(|rest| !rest.is_empty())
        .map(|rest| cut_chars(rest, MAX_MESSAGE_CHARS));
    let cut_more = more.is_some_and(|(_, cut)| cut);
    let more = more.map(|(rest, _)| rest);
    let mut msg = ExportMessage {
        line: cand.line,
        at,
        author: None,
        kind: Kind::System,
        body: Body::default(),
        attachment: None,
        flags: Flags::default(),
        call: None,
    };
    let Some((author, first_body)) = split_author(first) else {
        let first = trim_marks(first);
        if more.is_none()
            && let Some(call) = calls::call(first)
        {
            msg.call = Some(call);
        }
        let (body, cut) = Body::from(join_lines(first, more)).cut(MAX_MESSAGE_CHARS);
        msg.body = keep(body);
        msg.flags.cut = cut || cut_first || cut_more;
        return msg;
    };
    let stripped = trim_start_marks(first_body);
    let lead = first_body.get(..first_body.len() - stripped.len()).unwrap_or("");
    // Only a left-to-right mark announces a notice; iOS wraps typed e-mail addresses and
    // numbers in other marks (U+200F U+202A … U+202C U+200F), which are trimmed at both ends.
    let marked = lead.contains('\u{200E}');
    let (stripped, more) = match more {
        None => (trim_end_marks(stripped), None),
        Some(more) => (stripped, Some(trim_end_marks(more))),
    };
    let body = join_lines(stripped, more);
    let classified = body::classify_borrowed(body, stripped.len(), marked, platform);
    if classified.kind != Kind::System || classified.call.is_some() {
        msg.author = Some(authors.get(author));
    }
    msg.kind = classified.kind;
    let (body, cut) = classified.body.cut(MAX_MESSAGE_CHARS);
    msg.body = keep(body);
    msg.attachment = classified.attachment;
    msg.flags = classified.flags;
    msg.flags.cut = cut || cut_more;
    msg.call = classified.call;
    msg
}

/// WhatsApp's own limit on a message's length, in characters; longer texts are cut to it.
pub const MAX_MESSAGE_CHARS: usize = 65_536;

/// `text` cut to `max` characters, and whether it was.
pub(super) fn cut_chars(text: &str, max: usize) -> (&str, bool) {
    // A character takes at least a byte: a text of at most `max` bytes is never cut.
    if text.len() <= max {
        return (text, false);
    }
    match text.char_indices().nth(max) {
        Some((at, _)) => (text.get(..at).unwrap_or(text), true),
        None => (text, false),
    }
}

/// `text` without invisible marks at its end (spaces are kept: they are the author's).
fn trim_end_marks(text: &str) -> &str {
    if text.as_bytes().last().is_none_or(|&b| b < 0x80) {
        return text;
    }
    text.trim_end_matches(is_mark)
}

/// iPhone writes a media message with a caption-less text line of the same second before it
/// (`[…] Ana:` then `[…] Ana: \u{200E}<attached: …>`): the empty line is part of the media
/// message, not a message of its own.
pub(super) fn merge_empty_before_media(messages: &mut Vec<ExportMessage>) {
    let empty_before_media = |m: &ExportMessage, next: &ExportMessage| {
        m.kind == Kind::Text
            && m.body.is_empty()
            && !m.flags.deleted
            && m.author.is_some()
            && m.author == next.author
            && m.at == next.at
            && matches!(
                next.kind,
                Kind::Image | Kind::Video | Kind::Audio | Kind::Document | Kind::Sticker | Kind::Contacts
            )
    };
    let drop: Vec<bool> = messages
        .iter()
        .zip(messages.iter().skip(1).map(Some).chain(std::iter::once(None)))
        .map(|(m, next)| next.is_some_and(|next| empty_before_media(m, next)))
        .collect();
    if !drop.contains(&true) {
        return;
    }
    let mut flags = drop.into_iter();
    messages.retain(|_| !flags.next().unwrap_or(false));
}

pub(super) fn skipped_before(prefix: &str) -> Vec<SkippedLine> {
    prefix
        .split('\n')
        .enumerate()
        .filter(|(_, line)| !is_blank(line))
        .map(|(i, line)| SkippedLine {
            line: i + 1,
            text: line.strip_suffix('\r').unwrap_or(line).to_string(),
            reason: SkipReason::BeforeFirstMessage,
        })
        .collect()
}
