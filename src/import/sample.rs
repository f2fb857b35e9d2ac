//! A generated chat export, the same every time: the file the import speed figures are taken
//! on (`examples/gen_export.rs`, `benches/import.rs`) and that tests parse.

use std::fmt::Write as _;

use chrono::{NaiveDate, TimeDelta};

const WORDS: &[&str] = &[
    "hello",
    "order",
    "price",
    "tomorrow",
    "thanks",
    "delivery",
    "is",
    "the",
    "shop",
    "open",
    "Saturday",
    "please",
    "size",
    "blue",
    "ok",
    "😊",
    "Grüße",
    "¿cuándo?",
];

/// An export of `n` messages between "Ana Lima" (the customer) and "Corner Shop" (the
/// business), in a fixed pseudo-random sequence: about 65 bytes a message, with multi-line
/// bodies, and every 100 messages one system line, one `<Media omitted>` and one deleted
/// message, as real chats have them. 200,000 messages make the 13 MB of the import issue's speed
/// target. `ios` writes `[d/m/yy, h:mm:ss PM] ` headers instead of Android's
/// `dd/mm/yyyy, hh:mm - `.
pub fn export(n: usize, ios: bool) -> String {
    let mut text = String::with_capacity(n * 68);
    let Some(mut at) = NaiveDate::from_ymd_opt(2019, 1, 1).and_then(|d| d.and_hms_opt(8, 0, 0)) else {
        return text;
    };
    let header = if ios { "[%-d/%-m/%y, %-I:%M:%S\u{202F}%p] " } else { "%d/%m/%Y, %H:%M - " };
    let mut seed = 0x2545_f491_u64;
    for i in 0..n {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        at += TimeDelta::seconds(i64::try_from(seed >> 52).unwrap_or(0) + 1);
        // Writing to a String cannot fail.
        let _ = write!(text, "{}", at.format(header));
        let author = if seed & 1 == 0 { "Ana Lima" } else { "Corner Shop" };
        let _ = match i % 100 {
            0 => write!(
                text,
                "Ana Lima changed their phone number to a new number. Tap to message or add the new number."
            ),
            7 => write!(text, "{author}: <Media omitted>"),
            13 => write!(text, "{author}: This message was deleted"),
            _ => {
                let _ = write!(text, "{author}:");
                for k in 0..(2 + (seed >> 40) % 8) {
                    text.push(if k > 0 && (seed >> k) & 31 == 0 { '\n' } else { ' ' });
                    let word = usize::try_from((seed >> (k * 3)) % 18).ok().and_then(|w| WORDS.get(w));
                    text.push_str(word.copied().unwrap_or(""));
                }
                Ok(())
            }
        };
        text.push('\n');
    }
    text
}
