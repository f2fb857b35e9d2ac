//! The chat-miner fixtures (skipped when `../shared/fixtures` is absent) and generated exports.
//! Compiled only under #[cfg(test)], from its parent module.

use std::path::PathBuf;

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
        crate::errln!("skipped: no fixtures at {}", dir.display());
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

#[test]
fn generated_exports_parse_completely() {
    for ios in [false, true] {
        let export = parse(&crate::import::sample::export(2_000, ios)).unwrap();
        assert_eq!(export.messages.len(), 2_000);
        assert_eq!(export.messages.iter().filter(|m| m.kind == Kind::System).count(), 20);
        assert_eq!(export.messages.iter().filter(|m| m.flags.deleted).count(), 20);
        assert_eq!(export.messages.iter().filter(|m| m.flags.media_omitted).count(), 20);
        assert!(export.messages.iter().any(|m| m.body.contains('\n')));
        assert!(export.messages.windows(2).all(|w| w[0].at <= w[1].at));
    }
}
