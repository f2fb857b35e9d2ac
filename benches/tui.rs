//! TUI benchmarks (issues 3 and 5) on TestBackend over a 10,000-chat store: drawing a frame, and a
//! key press to the next frame (move, move across the window, open a chat, switch a label filter).

mod common;

use common::{NOW, Quiet};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wabi::hours::Schedule;
use wabi::store::Store;
use wabi::tui::app::{App, Msg};
use wabi::tui::keymap::Keymap;
use wabi::tui::run::Session;
use wabi::tui::theme::{Palette, Theme};

fn session(store: Store) -> Session<TestBackend> {
    let app = App::new(Keymap::default(), Schedule::default(), NOW, (120, 40));
    let terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut s = Session::new(app, store, terminal, Theme { palette: Palette::TrueColor });
    s.start(&mut Quiet);
    s
}

fn key(s: &mut Session<TestBackend>, code: KeyCode) {
    s.dispatch(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), &mut Quiet);
    s.draw().unwrap();
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.db");
    let mut store = Store::open(&path).unwrap();
    wabi::demo::generate(&mut store, 10_000, 200_000, NOW, 1).unwrap();
    drop(store);
    let mut s = session(Store::open(&path).unwrap());
    let mut group = c.benchmark_group("tui 10k chats");
    group.bench_function("draw the inbox frame", |b| b.iter(|| s.draw().unwrap()));
    group.bench_function("key j to next frame", |b| {
        b.iter(|| {
            key(&mut s, KeyCode::Char('j'));
            key(&mut s, KeyCode::Char('k'));
        })
    });
    group.bench_function("page down across windows to next frame", |b| {
        b.iter(|| key(&mut s, KeyCode::PageDown))
    });
    group.bench_function("open a chat (Tab) and back (Esc)", |b| {
        b.iter(|| {
            key(&mut s, KeyCode::Char('g'));
            key(&mut s, KeyCode::Tab);
            key(&mut s, KeyCode::Esc);
        })
    });
    let paid = s.store.label_by_name("Paid").unwrap();
    group.bench_function("switch label filter (f, Paid, Enter) to next frame", |b| {
        b.iter(|| {
            key(&mut s, KeyCode::Char('f'));
            for c in paid.name.chars() {
                key(&mut s, KeyCode::Char(c));
            }
            key(&mut s, KeyCode::Enter);
        })
    });
    group.finish();
}

criterion_group!(tui, benches);
criterion_main!(tui);
