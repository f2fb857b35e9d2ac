//! Fuzzing on stable Rust: the three parsers that read what others wrote (a phone's chat export,
//! Meta's webhook POSTs, the operator's config file) fed random bytes and strings, and inputs
//! built to get past their first checks (headers in every layout with digits out of range,
//! webhook envelopes whose every field may have any JSON type, config files of the real keys with
//! values of every shape), plus mutations of valid inputs. None may panic, and what they accept
//! must keep the promises the rest of wabi relies on.
//!
//! Bounded: a few seconds each in `cargo test`. `WABI_FUZZ_CASES=100000 cargo test --release
//! --test fuzz` runs longer. A crash found is fixed and its input kept as a named test at the end
//! of this file.

use std::path::Path;

use chrono_tz::Tz;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunConfig, FileFailurePersistence};
use serde_json::{Value, json};
use wabi::config::Config;
use wabi::import::rows::{Sides, rows};
use wabi::import::whatsapp_export::parse_bytes;
use wabi::store::{ContactKey, HistoryChat, Store, WebhookChange};
use wabi::transport::cloud::{graph, inbound, webhook};

/// Cases per property: `WABI_FUZZ_CASES`, else what runs in a few seconds in a debug build.
fn runs(default: u32) -> RunConfig {
    let cases = std::env::var("WABI_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    RunConfig {
        cases,
        // Failures are kept as named tests in `regressions`, not in files beside the sources.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..RunConfig::default()
    }
}

// ---- the chat export parser ---------------------------------------------------------------

thread_local! {
    /// One store per test thread: every export the parser accepts is imported into it.
    static STORE: std::cell::RefCell<Option<Store>> = std::cell::RefCell::new(Store::open_in_memory().ok());
}

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

// ---- the webhook parser -------------------------------------------------------------------

/// Any JSON value, nested a little.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        prop::sample::select(vec!["34600111222", "1", "", "US.42", "wamid.X", "../x?y", "1700000000"])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A field's value: usually the right shape, sometimes anything at all.
fn field(good: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    prop_oneof![4 => good, 1 => any_json()].boxed()
}

fn webhook_message() -> impl Strategy<Value = Value> {
    let kind = prop::sample::select(vec![
        "text",
        "image",
        "audio",
        "video",
        "document",
        "sticker",
        "location",
        "contacts",
        "interactive",
        "button",
        "order",
        "system",
        "reaction",
        "edit",
        "revoke",
        "unsupported",
        "nope",
    ]);
    let phone = prop_oneof![
        prop::sample::select(vec!["34600111222", "34600111333"]).prop_map(Value::from),
        "[0-9]{0,25}".prop_map(Value::from),
        Just(Value::from("9".repeat(10_000))),
        "\\+?[0-9 ()-]{0,20}".prop_map(Value::from),
    ];
    let time = prop_oneof![
        (0i64..5_000_000_000).prop_map(|t| Value::from(t.to_string())),
        any::<i64>().prop_map(Value::from),
    ];
    let media_id = prop_oneof!["[A-Za-z0-9_-]{1,20}", "\\PC{0,20}", Just("../../me?x=#".to_string())];
    // A few ids, so that edits, deletions and reactions find the messages they name.
    let wamid = || prop::sample::select(vec!["wamid.A", "wamid.B", "wamid.C"]);
    let part =
        (field(media_id.prop_map(Value::from)), any_json(), any_json(), any::<bool>(), wamid(), wamid())
            .prop_map(|(id, caption, body, voice, target, original)| {
                json!({"id": id, "caption": caption, "body": body, "voice": voice, "mime_type": "image/jpeg",
                   "message_id": target, "emoji": "👍", "original_message_id": original,
                   "message": {"type": "text", "text": {"body": "new"}}, "text": "t", "payload": "p"})
            });
    (kind, field(phone), field("US\\.[0-9]{1,6}|\\PC{0,10}".prop_map(Value::from)), field(time), part, any_json(), wamid())
        .prop_map(|(kind, from, user_id, time, part, context, id)| {
            json!({"from": from, "from_user_id": user_id, "id": id, "timestamp": time,
                   "type": kind, kind: part.clone(), "edit": part.clone(), "revoke": part, "context": context})
        })
}

fn webhook_body() -> impl Strategy<Value = Value> {
    let status = (field("wamid\\.[a-z]{1,4}".prop_map(Value::from)), any_json(), any_json()).prop_map(
        |(id, status, errors)| json!({"id": id, "status": status, "timestamp": "1700000000", "errors": errors}),
    );
    let value = (
        prop::collection::vec(webhook_message(), 0..4),
        prop::collection::vec(status, 0..3),
        prop::collection::vec(any_json(), 0..2),
    )
        .prop_map(|(messages, statuses, contacts)| {
            json!({"metadata": {"phone_number_id": "PNID"}, "messages": messages,
                   "statuses": statuses, "contacts": contacts})
        });
    prop::collection::vec(field(value), 0..3).prop_map(|values| {
        let changes: Vec<Value> =
            values.into_iter().map(|v| json!({"field": "messages", "value": v})).collect();
        json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": changes}]})
    })
}

/// When the fuzzed POSTs arrive: 2026-11-21.
const ARRIVAL: i64 = 1_795_000_000_000;

/// Parses a POST body and checks what reaches the store: a usable sender, a plain media id, a
/// plausible time; and that the store takes it (an error would be a 500, redelivered forever).
fn receive(body: &[u8]) {
    let Ok(events) = webhook::parse(body) else {
        return;
    };
    let (changes, _) = inbound::changes(events, ARRIVAL);
    STORE.with_borrow_mut(|store| {
        let store = store.as_mut().expect("an in-memory store");
        if let Err(e) = store.apply_webhook(&[changes.as_slice()]) {
            panic!("the store refused a POST the parser accepted: {e}\n{changes:?}");
        }
    });
    for change in changes {
        let at = match &change {
            WebhookChange::Inbound(c) => {
                match &c.message.from {
                    ContactKey::Phone(p) => {
                        assert!((5..=20).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()), "{p:?}")
                    }
                    ContactKey::UserId(u) => assert!(wabi::phone::is_user_id(u), "{u:?}"),
                }
                if let Some(id) = &c.message.media_id {
                    assert!(graph::is_object_id(id), "{id:?}");
                }
                c.message.at
            }
            WebhookChange::Status(s) => s.at,
        };
        assert!((1_230_768_000_000..=ARRIVAL + 86_400_000).contains(&at), "time {at}");
    }
}

proptest! {
    #![proptest_config(runs(2000))]

    #[test]
    fn webhook_parser_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        receive(&bytes);
    }

    #[test]
    fn webhook_parser_survives_any_json(value in any_json()) {
        receive(value.to_string().as_bytes());
    }

    #[test]
    fn webhook_parser_survives_envelopes_with_fields_of_any_type(body in webhook_body()) {
        receive(body.to_string().as_bytes());
    }
}

// ---- the config loader --------------------------------------------------------------------

/// `section.key` pairs of the example config, which documents every key.
fn example_keys() -> Vec<(String, String)> {
    let text = include_str!("../config.example.toml");
    let mut section = String::new();
    let mut keys = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim_matches(['[', ']']).to_string();
        } else if let Some((key, _)) = line.split_once('=').filter(|_| !line.starts_with('#')) {
            keys.push((section.clone(), key.trim().to_string()));
        }
    }
    keys
}

/// A TOML value of any shape a user might write by mistake.
fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "\"09:00-18:00\"",
            "\"25:00-26:00\"",
            "\"18:00-09:00\"",
            "[\"09:00-13:00\", \"12:00-14:00\"]",
            "\"5m\"",
            "\"-1s\"",
            "\"99999999999999d\"",
            "\"0s\"",
            "\"Europe/Madrid\"",
            "\"Mars/Olympus\"",
            "\"always\"",
            "\"cloud\"",
            "\"demo\"",
            "\"\"",
            "[]",
            "{}",
            "true",
            "0",
            "-1",
            "1e400",
            "9223372036854775807",
            "18446744073709551616",
            "[\"2026-02-30\"]",
            "[\"ctrl-alt-shift-x\"]",
            "\"{{first_name|}}\"",
            "\"{{\"",
            "[\"STOP\", \"\"]",
            "\"\\u001b]52;c;x\\u0007\"",
        ])
        .prop_map(String::from),
        any::<i64>().prop_map(|n| n.to_string()),
        "\\PC{0,12}".prop_map(|s| format!("{s:?}")),
    ]
}

fn config_file() -> impl Strategy<Value = String> {
    let keys = example_keys();
    prop::collection::vec((prop::sample::select(keys), toml_value()), 0..12).prop_map(|pairs| {
        let mut text = String::new();
        for ((section, key), value) in pairs {
            let header =
                if section == "templates" { "[[templates]]".to_string() } else { format!("[{section}]") };
            text.push_str(&format!("{header}\n{key} = {value}\n"));
        }
        text
    })
}

fn load(text: &str) {
    if let Err(e) = Config::parse(text, Path::new("config.toml")) {
        let message = e.to_string();
        assert!(message.starts_with("config.toml"), "{message}");
    }
}

proptest! {
    #![proptest_config(runs(1500))]

    #[test]
    fn config_loader_survives_any_text(text in "\\PC{0,200}") {
        load(&text);
    }

    #[test]
    fn config_loader_survives_every_key_with_values_of_every_shape(text in config_file()) {
        load(&text);
    }

    #[test]
    fn config_loader_survives_mutations_of_the_example(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<char>(), any::<bool>()), 1..8),
    ) {
        let mut text: Vec<char> = include_str!("../config.example.toml").chars().collect();
        for (at, c, insert) in edits {
            let i = at.index(text.len() + 1);
            if insert || i == text.len() { text.insert(i, c) } else { text[i] = c }
        }
        load(&text.into_iter().collect::<String>());
    }
}
