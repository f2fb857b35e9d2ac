//! The chat-miner fixtures (skipped when `../shared/fixtures` is absent) and the speed figure.
//! Compiled only under #[cfg(test)], from its parent module.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeDelta};

use super::*;

/// `../shared/fixtures` next to the crate; `WABI_FIXTURES` overrides it.
fn fixtures() -> PathBuf {
    std::env::var_os("WABI_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures")))
}

fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn chat_miner_exports_parse_to_their_target() {
    let dir = fixtures().join("exports/chat-miner");
    let Ok(target) = std::fs::read_to_string(dir.join("target.json")) else {
        eprintln!("skipped: no fixtures at {}", dir.display());
        return;
    };
    let target: Vec<serde_json::Value> = serde_json::from_str(&target).unwrap();
    let field = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap().to_string();
    let mut want: Vec<(String, String, String)> = target
        .iter()
        .map(|v| (field(v, "timestamp"), field(v, "author"), normalized(&field(v, "message"))))
        .collect();
    want.sort();
    let layouts = [
        ("test_[mmddyy]_24hrs.txt", Platform::Ios, DateOrder::Mdy, Clock::H24),
        ("test_ddmmyy_24hrs.txt", Platform::Android, DateOrder::Dmy, Clock::H24),
        ("test_mmddyy_24hrs.txt", Platform::Android, DateOrder::Mdy, Clock::H24),
        ("test_mmddyyyy_12hrs.txt", Platform::Android, DateOrder::Mdy, Clock::H12),
        ("test_yyyymmdd_24hrs.txt", Platform::Android, DateOrder::Ymd, Clock::H24),
    ];
    for (name, platform, order, clock) in layouts {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let export = parse(&text).unwrap();
        let l = export.layout;
        assert_eq!((l.platform, l.date_order, l.clock), (platform, order, clock), "{name}");
        let mut got: Vec<(String, String, String)> = export
            .messages
            .iter()
            .filter_map(|m| {
                let at = m.at.format("%Y-%m-%dT%H:%M:%S").to_string();
                Some((at, m.author.as_deref()?.to_string(), normalized(&m.body)))
            })
            .collect();
        got.sort();
        assert_eq!(got, want, "{name}");
        assert!(export.skipped.is_empty(), "{name}");
    }
}

/// An export of `n` messages: multi-line bodies, media, deletions and system lines mixed in,
/// about 65 bytes a message (200,000 make the 13 MB of the speed target). `ios` picks `[d/m/yy, h:mm:ss PM] ` headers over Android's.
fn generate(n: usize, ios: bool) -> String {
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
    let mut text = String::with_capacity(n * 64);
    let mut at = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
    let mut seed = 0x2545_f491_u64;
    for i in 0..n {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        at += TimeDelta::seconds(i64::try_from(seed >> 52).unwrap_or(0) + 1);
        let header = if ios {
            at.format("[%-d/%-m/%y, %-I:%M:%S\u{202F}%p] ").to_string()
        } else {
            at.format("%d/%m/%Y, %H:%M - ").to_string()
        };
        text.push_str(&header);
        let author = if seed & 1 == 0 { "Ana Lima" } else { "Corner Shop" };
        match i % 100 {
            0 => text.push_str("Ana Lima joined using this group's invite link"),
            7 => write!(text, "{author}: <Media omitted>").unwrap(),
            13 => write!(text, "{author}: This message was deleted").unwrap(),
            _ => {
                write!(text, "{author}:").unwrap();
                for k in 0..(2 + (seed >> 40) % 8) {
                    text.push(if k > 0 && (seed >> k) & 31 == 0 { '\n' } else { ' ' });
                    text.push_str(WORDS[usize::try_from((seed >> (k * 3)) % 18).unwrap_or(0)]);
                }
            }
        }
        text.push('\n');
    }
    text
}

/// Nanoseconds this thread has run on a CPU (Linux), to tell parse time from time spent
/// waiting for a core on a busy machine.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Best wall time and best CPU time of `runs` parses, and the message count.
fn best_of(runs: usize, text: &str) -> (Duration, Option<Duration>, usize) {
    let mut wall = Duration::MAX;
    let mut cpu: Option<Duration> = None;
    let mut count = 0;
    for _ in 0..runs {
        let cpu_start = thread_cpu_ns();
        let start = Instant::now();
        let export = parse(text).unwrap();
        wall = wall.min(start.elapsed());
        if let (Some(a), Some(b)) = (cpu_start, thread_cpu_ns()) {
            let run = Duration::from_nanos(b.saturating_sub(a));
            cpu = Some(cpu.map_or(run, |best| best.min(run)));
        }
        count = export.messages.len();
    }
    (wall, cpu, count)
}

#[test]
fn generated_exports_parse_completely() {
    for ios in [false, true] {
        let export = parse(&generate(2_000, ios)).unwrap();
        assert_eq!(export.messages.len(), 2_000);
        assert_eq!(export.messages.iter().filter(|m| m.kind == Kind::System).count(), 20);
        assert_eq!(export.messages.iter().filter(|m| m.flags.deleted).count(), 20);
        assert!(export.messages.windows(2).all(|w| w[0].at <= w[1].at));
    }
}

/// `cargo test --release -- --ignored --nocapture` prints the parse time of 200,000 messages.
#[test]
#[ignore = "speed figure, run in release mode"]
fn parse_time_of_200k_messages() {
    for ios in [false, true] {
        let text = generate(200_000, ios);
        let (wall, cpu, count) = best_of(5, &text);
        assert_eq!(count, 200_000);
        let cpu = cpu.map_or(String::new(), |c| format!(", {:.1} ms on the CPU", c.as_secs_f64() * 1e3));
        println!(
            "{}: {count} messages, {:.1} MB parsed in {:.1} ms{cpu} (best of 5)",
            if ios { "iOS 12h" } else { "Android 24h" },
            text.len() as f64 / 1e6,
            wall.as_secs_f64() * 1e3
        );
    }
}
