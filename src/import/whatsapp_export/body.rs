//! What an authored message is: text, media, a location, a poll, a deleted or edited message,
//! or a system notice iOS wrote with the chat's name as author.

use std::borrow::Cow;

use super::calls::{self, Call};
use super::chars::{is_mark, is_space, split_last_word, trim_marks, trim_start_marks};
use super::layout::Platform;
use super::media;
use super::notices;
use super::phrases::{DELETED, EDITED, LIVE_LOCATION, LOCATION_LINKS, POLL, SYSTEM_WITH_AUTHOR};
use super::{Body, Flags};
use crate::model::Kind;

/// An authored message, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Classified<B = Body<'static>> {
    pub kind: Kind,
    pub body: B,
    pub attachment: Option<String>,
    pub flags: Flags,
    /// A call notice: `kind` is System but the author (who called) is kept.
    pub call: Option<Call>,
}

/// Classifies an authored message's body, whose first line is `body[..first_len]` (with its
/// leading marks already removed; `marked` says whether there were any, as iOS writes before
/// its notices and media). A `Kind::System` result means the author was only the chat's name
/// and should be dropped, unless `call` is set (the author is who called).
#[cfg(test)]
pub(super) fn classify(body: String, first_len: usize, marked: bool, platform: Platform) -> Classified {
    let c = classify_borrowed(body, first_len, marked, platform);
    Classified {
        kind: c.kind,
        body: c.body.into_owned(),
        attachment: c.attachment,
        flags: c.flags,
        call: c.call,
    }
}

/// [`classify`], the body borrowing from the text when it can.
pub(super) fn classify_borrowed<'a>(
    body: impl Into<Cow<'a, str>>,
    first_len: usize,
    marked: bool,
    platform: Platform,
) -> Classified<Body<'a>> {
    let mut body = body.into();
    let mut flags = Flags::default();
    if let Some(kept) = without_edited_note(&body) {
        body = match body {
            Cow::Borrowed(text) => Cow::Borrowed(text.get(..kept).unwrap_or(text)),
            Cow::Owned(mut text) => {
                text.truncate(kept);
                Cow::Owned(text)
            }
        };
        flags.edited = true;
    }
    let first = body.get(..first_len).unwrap_or(&body);
    let more = body.get(first_len + 1..);
    let single = more.is_none();
    let first_text = trim_marks(first);
    let kind = if single && DELETED.contains(first_text.trim_end_matches('.')) {
        flags.deleted = true;
        Kind::Text
    } else if let Some(call) = calls::call(first_text).filter(|_| single) {
        let text: String = first_text.chars().filter(|&c| !is_mark(c)).collect();
        return Classified {
            kind: Kind::System,
            body: text.into(),
            attachment: None,
            flags,
            call: Some(call),
        };
    } else if single && SYSTEM_WITH_AUTHOR.starts(first_text) {
        Kind::System
    } else if let Some(found) = media::detect(first_text) {
        flags.media_omitted = found.omitted;
        return Classified {
            kind: found.kind,
            body: more.unwrap_or("").trim().to_string().into(),
            attachment: found.attachment,
            flags,
            call: None,
        };
    } else if is_location(first_text) {
        Kind::Location
    } else if POLL.contains(first_text) {
        // iOS marks every line of a poll; the marks are noise in the text.
        body = Cow::Owned(body.split('\n').map(trim_start_marks).collect::<Vec<_>>().join("\n"));
        Kind::Interactive
    } else if marked && single && platform == Platform::Ios && notices::is_notice(first_text) {
        // iOS writes its notices ("X added Y") after a left-to-right mark, with the chat's name
        // as author. A marked line is a notice only when it reads as one: media and "deleted"
        // placeholders in languages the tables lack start with the same mark and keep their
        // author.
        Kind::System
    } else {
        Kind::Text
    };
    Classified { kind, body: body.into(), attachment: None, flags, call: None }
}

/// The length of `body` without a trailing `<This message was edited>` (or a translation).
fn without_edited_note(body: &str) -> Option<usize> {
    if !body.ends_with('>') {
        return None;
    }
    let open = body.rfind('<')?;
    let inner = trim_marks(body.get(open + 1..body.len() - 1)?).trim_end_matches('.');
    if !EDITED.contains(inner) {
        return None;
    }
    let kept =
        body.get(..open)?.trim_end_matches(|c: char| is_space(c) || is_mark(c) || c == '\n' || c == '\r');
    Some(kept.len())
}

/// `location: https://maps.google.com/?q=…`, `Place (City): https://foursquare.com/…`, or a
/// live location notice.
fn is_location(first_line: &str) -> bool {
    if LIVE_LOCATION.contains(first_line) {
        return true;
    }
    let (before, link) = split_last_word(first_line);
    LOCATION_LINKS.starts(link) && trim_marks(before).ends_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str, marked: bool, platform: Platform) -> Classified {
        let first_len = body.find('\n').unwrap_or(body.len());
        classify(body.to_string(), first_len, marked, platform)
    }

    fn kind(body: &str) -> Kind {
        run(body, false, Platform::Android).kind
    }

    fn ios(body: &str) -> Kind {
        run(body, false, Platform::Ios).kind
    }

    #[test]
    fn deleted_messages_are_flagged_in_translations() {
        for body in [
            "This message was deleted",
            "You deleted this message.",
            "Se eliminó este mensaje",
            "Diese Nachricht wurde gelöscht",
        ] {
            let c = run(body, false, Platform::Android);
            assert!(c.flags.deleted, "{body}");
            assert_eq!(c.kind, Kind::Text);
            assert_eq!(c.body, body);
        }
    }

    #[test]
    fn the_edited_note_is_stripped_and_flagged() {
        let c = run("See you at 5 \u{200E}<This message was edited>", false, Platform::Ios);
        assert_eq!(c.body, "See you at 5");
        assert!(c.flags.edited);
        let c = run("Bis morgen <Diese Nachricht wurde bearbeitet>", false, Platform::Android);
        assert_eq!((c.body.as_str(), c.flags.edited), ("Bis morgen", true));
    }

    #[test]
    fn media_bodies_keep_only_their_caption() {
        let c = run("IMG-20240101-WA0001.jpg (file attached)\nour new shelf", false, Platform::Android);
        assert_eq!(c.kind, Kind::Image);
        assert_eq!(c.body, "our new shelf");
        assert_eq!(c.attachment.as_deref(), Some("IMG-20240101-WA0001.jpg"));
        assert!(!c.flags.media_omitted);
        let c = run("<Media omitted>", false, Platform::Android);
        assert_eq!((c.kind, c.body.as_str(), c.flags.media_omitted), (Kind::Document, "", true));
    }

    #[test]
    fn locations_and_polls_are_recognised() {
        assert_eq!(kind("location: https://maps.google.com/?q=52.52,13.40"), Kind::Location);
        assert_eq!(kind("Pimlico Gardens (London): https://foursquare.com/v/4e89"), Kind::Location);
        assert_eq!(kind("live location shared"), Kind::Location);
        assert_eq!(kind("look https://maps.google.com/?q=1,2"), Kind::Text);
        let c =
            run("\u{200E}POLL:\n\u{200E}Open on Sunday?\n\u{200E}OPTION: Yes (2 votes)", true, Platform::Ios);
        assert_eq!(c.kind, Kind::Interactive);
        assert_eq!(c.body, "POLL:\nOpen on Sunday?\nOPTION: Yes (2 votes)");
    }

    #[test]
    fn notices_with_an_author_are_system_messages() {
        assert_eq!(
            ios(
                "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them."
            ),
            Kind::System
        );
        assert_eq!(ios("Your security code with Ana changed. Tap to learn more."), Kind::System);
        assert_eq!(run("Ana added Ben", true, Platform::Ios).kind, Kind::System);
        assert_eq!(run("Ana added Ben", true, Platform::Android).kind, Kind::Text);
        assert_eq!(run("Ana added Ben", false, Platform::Ios).kind, Kind::Text);
        // A marked line that is no known notice keeps its author.
        assert_eq!(run("изображение отсутствует", true, Platform::Ios).kind, Kind::Image);
        assert_eq!(run("Удачи!", true, Platform::Ios).kind, Kind::Text);
        assert_eq!(run("Untitled • 9 pages document omitted", true, Platform::Ios).kind, Kind::Document);
    }

    #[test]
    fn calls_keep_their_caller() {
        let c = run("Voice call, \u{200E}3 min", true, Platform::Ios);
        assert_eq!(c.kind, Kind::System);
        assert_eq!(c.body, "Voice call, 3 min");
        assert_eq!(c.call, Some(Call { video: false, missed: false, seconds: Some(180) }));
        assert!(run("Llamada perdida", false, Platform::Android).call.is_some_and(|c| c.missed));
    }
}
