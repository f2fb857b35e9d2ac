//! Parsing a 200,000-message chat export (13 MB), as `wabi import` does before it writes.
//!
//! `cargo bench --bench import`. The whole-process figures, against the npm parser and the
//! sqlite3 shell, are scripts/import-bench.sh's.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use wabi::import::sample;
use wabi::import::whatsapp_export::{parse, parse_static_bytes};

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("import_parse");
    group.sample_size(20);
    for (name, ios) in [("android_24h", false), ("ios_12h", true)] {
        let text = sample::export(200_000, ios);
        group.throughput(Throughput::Bytes(text.len() as u64));
        // What `wabi import` runs: the bodies borrow from a text kept to the end of the process.
        let kept: &'static [u8] = Box::leak(text.clone().into_bytes().into_boxed_slice());
        group.bench_function(format!("{name}/borrowed"), |b| {
            b.iter(|| black_box(parse_static_bytes(kept).map(|e| e.messages.len())))
        });
        // The library's general entry point: every body copied out of the text.
        group.bench_function(format!("{name}/owned"), |b| {
            b.iter(|| black_box(parse(&text).map(|e| e.messages.len())))
        });
    }
    group.finish();
}

criterion_group!(import, benches);
criterion_main!(import);
