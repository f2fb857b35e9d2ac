//! Writes a large chat export to stdout, for measuring `wabi import` (scripts/import-bench.sh).
//!
//! `cargo run --release --example gen_export -- 200000 [--ios] > "WhatsApp Chat with +49 151 2345678.txt"`
//!
//! The same conversation every time (a fixed pseudo-random sequence): "Ana Lima" is the
//! customer, "Corner Shop" the business; about 65 bytes a message, with multi-line bodies,
//! media, deletions and system lines mixed in as real chats have them.

use std::io::{BufWriter, Write};

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

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count = args.iter().find_map(|a| a.parse::<usize>().ok()).unwrap_or(200_000);
    let ios = args.iter().any(|a| a == "--ios");
    let mut out = BufWriter::new(std::io::stdout().lock());
    let Some(mut at) = NaiveDate::from_ymd_opt(2019, 1, 1).and_then(|d| d.and_hms_opt(8, 0, 0)) else {
        return Ok(());
    };
    let mut seed = 0x2545_f491_u64;
    for i in 0..count {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        at += TimeDelta::seconds(i64::try_from(seed >> 52).unwrap_or(0) + 1);
        if ios {
            write!(out, "{}", at.format("[%-d/%-m/%y, %-I:%M:%S\u{202F}%p] "))?;
        } else {
            write!(out, "{}", at.format("%d/%m/%Y, %H:%M - "))?;
        }
        let author = if seed & 1 == 0 { "Ana Lima" } else { "Corner Shop" };
        match i % 100 {
            0 => write!(
                out,
                "Ana Lima changed their phone number to a new number. Tap to message or add the new number."
            )?,
            7 => write!(out, "{author}: <Media omitted>")?,
            13 => write!(out, "{author}: This message was deleted")?,
            _ => {
                write!(out, "{author}:")?;
                for k in 0..(2 + (seed >> 40) % 8) {
                    let sep = if k > 0 && (seed >> k) & 31 == 0 { '\n' } else { ' ' };
                    let word = WORDS[usize::try_from((seed >> (k * 3)) % 18).unwrap_or(0)];
                    write!(out, "{sep}{word}")?;
                }
            }
        }
        writeln!(out)?;
    }
    out.flush()
}
