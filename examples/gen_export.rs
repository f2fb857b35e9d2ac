//! Writes a large chat export to stdout, for measuring `wabi import` (scripts/import-bench.sh).
//!
//! `cargo run --release --example gen_export -- 200000 [--ios] > "WhatsApp Chat with +49 151 2345678.txt"`
//!
//! The file is [`wabi::import::sample::export`]: the same conversation every time.

use std::io::Write;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count = args.iter().find_map(|a| a.parse::<usize>().ok()).unwrap_or(200_000);
    let ios = args.iter().any(|a| a == "--ios");
    std::io::stdout().lock().write_all(wabi::import::sample::export(count, ios).as_bytes())
}
