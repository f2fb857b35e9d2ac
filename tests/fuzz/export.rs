//! The chat export parser: random bytes, header lines of every layout, mutations of a real
//! export, and a round trip of generated chats; what it accepts goes through `wabi import`'s
//! steps into a store.

use chrono_tz::Tz;
use proptest::prelude::*;
use wabi::import::rows::{Sides, rows};
use wabi::import::whatsapp_export::parse_bytes;
use wabi::store::{ContactKey, HistoryChat};

use crate::{STORE, runs};

/// Parses, splits the authors, makes store rows and stores them, as `wabi import` does; returns
/// the messages.
fn import(bytes: &[u8]) -> usize {
    let Ok(export) = parse_bytes(bytes) else {
        return 0;
    };
    let lines = bytes.split(|b| *b == b'\n').count();
    for m in &export.messages {
        assert!(m.line >= 1 && m.line <= lines, "message at line {} of {lines}", m.line);
    }
    for me in [vec!["Corner Shop".to_string()], vec![]] {
        if let Ok(sides) = Sides::of(&export, &me) {
            for tz in [Tz::Europe__Madrid, Tz::America__Santiago, Tz::Australia__Lord_Howe, Tz::UTC] {
                let rows = rows(&export, &sides, "34600111222", tz, &|_| None);
                assert_eq!(rows.len(), export.messages.len());
                if tz == Tz::UTC {
                    let chat = HistoryChat {
                        key: ContactKey::Phone("34600111222".into()),
                        name: sides.customer.clone(),
                    };
                    STORE.with_borrow_mut(|store| {
                        let store = store.as_mut().expect("an in-memory store");
                        if let Err(e) = store.import_history(&chat, &rows, &mut |_| {}) {
                            panic!("the store refused an export the parser accepted: {e}");
                        }
                    });
                }
            }
        }
    }
    export.messages.len()
}

/// A number written as the export writes it, sometimes out of range, sometimes in Arabic-Indic
/// or Persian digits, sometimes zero-padded.
fn number(max: u32) -> impl Strategy<Value = String> {
    (0..max, 0..8u8).prop_map(|(n, style)| match style {
        0 => format!("{n:02}"),
        1 => n.to_string().chars().map(|c| char::from_u32(0x660 + (c as u32 - 48)).unwrap_or(c)).collect(),
        2 => n.to_string().chars().map(|c| char::from_u32(0x6F0 + (c as u32 - 48)).unwrap_or(c)).collect(),
        _ => n.to_string(),
    })
}

/// One line of an export: a header in one of the phones' forms (or a broken one) and a body, or
/// a continuation line.
fn export_line() -> impl Strategy<Value = String> {
    let sep = prop::sample::select(vec!["/", ".", "-", "/", "/"]);
    let am = prop::sample::select(vec!["", " AM", " PM", "\u{202f}PM", " a. m.", " 下午", " ص"]);
    let author = prop::sample::select(vec![
        "Ana Lima",
        "Corner Shop",
        "+34 600 111 222",
        "\u{200e}Ana",
        "Ana: Lima",
        "",
        "a\u{1b}]52;c;x\u{7}",
    ]);
    let body = prop::sample::select(vec![
        "hola",
        "<Media omitted>",
        "IMG-20240101-WA0001.jpg (file attached)",
        "\u{200e}<attached: 00000012-PHOTO-2024-01-01-10-00-00.jpg>",
        "This message was deleted",
        "",
        "line one",
        "Messages and calls are end-to-end encrypted.",
        "😊 Grüße ¿cuándo?",
    ]);
    let header = (
        number(40),
        sep.clone(),
        number(20),
        sep,
        number(3000),
        number(30),
        number(70),
        prop::option::of(number(70)),
        am,
        any::<bool>(),
    )
        .prop_map(|(a, s1, b, s2, y, h, m, sec, am, ios)| {
            let time = match sec {
                Some(sec) => format!("{h}:{m}:{sec}{am}"),
                None => format!("{h}:{m}{am}"),
            };
            if ios {
                format!("[{a}{s1}{b}{s2}{y}, {time}] ")
            } else {
                format!("{a}{s1}{b}{s2}{y}, {time} - ")
            }
        });
    prop_oneof![
        4 => (header, author, body.clone()).prop_map(|(h, a, b)| if a.is_empty() { format!("{h}{b}") } else { format!("{h}{a}: {b}") }),
        1 => body.prop_map(String::from),
        1 => "\\PC{0,40}",
    ]
}

/// A valid export of `messages` (author, body), in the Android or the iOS form.
fn written(messages: &[(bool, String)], ios: bool) -> String {
    let mut text = String::new();
    for (i, (shop, body)) in messages.iter().enumerate() {
        let author = if *shop { "Corner Shop" } else { "Ana Lima" };
        let (day, minute) = (1 + i / 600 % 28, i % 600);
        let (h, m) = (minute / 60 + 8, minute % 60);
        if ios {
            text.push_str(&format!("[{day}/3/24, {h}:{m:02}:00] {author}: {body}\n"));
        } else {
            text.push_str(&format!("{day:02}/03/2024, {h:02}:{m:02} - {author}: {body}\n"));
        }
    }
    text
}

proptest! {
    #![proptest_config(runs(3000))]

    #[test]
    fn export_parser_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        import(&bytes);
    }

    #[test]
    fn export_parser_survives_lines_of_every_layout(lines in prop::collection::vec(export_line(), 0..40)) {
        import(lines.join("\n").as_bytes());
        import(lines.join("\r\n").as_bytes());
    }

    #[test]
    fn export_parser_survives_mutations_of_a_real_export(
        ios in any::<bool>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..12),
    ) {
        let mut bytes = wabi::import::sample::export(30, ios).into_bytes();
        for (at, byte, how) in edits {
            let i = at.index(bytes.len() + 1);
            match how {
                0 if i < bytes.len() => bytes[i] = byte,
                1 if i < bytes.len() => { bytes.remove(i); }
                _ => bytes.insert(i, byte),
            }
        }
        import(&bytes);
    }

    #[test]
    fn every_message_written_is_read_back(
        messages in prop::collection::vec((any::<bool>(), "[a-zA-Z0-9 ¿?😊éñ.,!]{1,30}"), 1..60),
        ios in any::<bool>(),
    ) {
        let messages: Vec<(bool, String)> =
            messages.into_iter().map(|(shop, body)| (shop, body.trim().to_string())).filter(|(_, b)| !b.is_empty()).collect();
        prop_assume!(!messages.is_empty());
        let text = written(&messages, ios);
        let export = parse_bytes(text.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let read: Vec<(bool, String)> = export
            .messages
            .iter()
            .map(|m| (m.author.as_deref() == Some("Corner Shop"), m.body.as_str().to_string()))
            .collect();
        prop_assert_eq!(read, messages);
    }
}
