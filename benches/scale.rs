//! Scale benchmarks (issues 7 and 10) over a generated store of 10,000 chats and 1,000,000
//! messages, built once per run (set WABI_BENCH_MESSAGES to change the size).

use std::hint::black_box;
use std::path::Path;

mod common;

use common::{NOW, Quiet};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wabi::hours::Schedule;
use wabi::stats::DayRange;
use wabi::store::{LabelColor, Store};
use wabi::tui::app::{App, Msg};
use wabi::tui::keymap::Keymap;
use wabi::tui::run::Session;
use wabi::tui::theme::{Palette, Theme};

/// The big store: 10,000 chats, a million messages, 20 labels on a third of the chats.
fn build(path: &Path) {
    let messages =
        std::env::var("WABI_BENCH_MESSAGES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let mut store = Store::open(path).unwrap();
    for i in 0..15 {
        store.add_label(&format!("Label {i}"), LabelColor(i % 20)).unwrap();
    }
    let started = std::time::Instant::now();
    wabi::demo::generate(&mut store, 10_000, messages, NOW, 1).unwrap();
    eprintln!("built {messages} messages in {:.1} s", started.elapsed().as_secs_f64());
    for q in 0..1000 {
        store
            .add_quick_reply(
                &format!("reply{q}"),
                &format!("Thanks for order {q}, your roses are on their way"),
            )
            .unwrap();
    }
}

fn session(path: &Path) -> Session<TestBackend> {
    let app = App::new(Keymap::default(), Schedule::default(), NOW, (120, 40));
    let terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut s =
        Session::new(app, Store::open(path).unwrap(), terminal, Theme { palette: Palette::TrueColor });
    s.start(&mut Quiet);
    s.draw().unwrap();
    s
}

fn press(s: &mut Session<TestBackend>, code: KeyCode) {
    s.dispatch(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), &mut Quiet);
    s.draw().unwrap();
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scale.db");
    build(&path);
    let mut g = c.benchmark_group("scale 10k chats 1M messages");
    g.sample_size(20);
    g.bench_function("open the store and draw the first frame", |b| b.iter(|| black_box(session(&path))));
    let mut s = session(&path);
    g.bench_function("key j to frame", |b| b.iter(|| press(&mut s, KeyCode::Char('j'))));
    g.bench_function("page down to frame", |b| b.iter(|| press(&mut s, KeyCode::PageDown)));
    press(&mut s, KeyCode::Char('g'));
    g.bench_function("open the largest chat (Tab) and back", |b| {
        b.iter(|| {
            press(&mut s, KeyCode::Tab);
            press(&mut s, KeyCode::Esc);
        })
    });
    let store = Store::open(&path).unwrap();
    let label = store.label_by_name("Paid").unwrap().id;
    g.bench_function("switch the label filter (query + frame)", |b| {
        b.iter(|| {
            s.app.filter.labels = vec![label];
            s.dispatch(Msg::StoreChanged, &mut Quiet);
            s.draw().unwrap();
        })
    });
    g.bench_function("search a word", |b| b.iter(|| black_box(store.search("roses invoice", 50).unwrap())));
    let range =
        DayRange::parse("90d", chrono::DateTime::from_timestamp_millis(NOW).unwrap(), chrono_tz::Tz::UTC)
            .unwrap();
    g.bench_function("stats for 90 days, 20 labels", |b| {
        b.iter(|| black_box(store.stats(&range, None).unwrap()))
    });
    let replies = store.quick_replies().unwrap();
    let ranker = wabi::quick_reply::Ranker::new();
    g.bench_function("rank 1,000 quick replies for /tnk", |b| {
        b.iter(|| black_box(ranker.rank(&replies, "tnk")))
    });
    g.finish();
}

criterion_group!(scale, benches);
criterion_main!(scale);
