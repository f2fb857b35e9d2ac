//! The broadcast screen (`B`) in the real TUI session on ratatui's TestBackend: create a list,
//! add numbers, send, and read the figures.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wabi::hours::Schedule;
use wabi::store::{ContactKey, NewMessage, Store, now_ms};
use wabi::tui::app::{App, Msg};
use wabi::tui::keymap::Keymap;
use wabi::tui::run::{Session, Shell};
use wabi::tui::theme::{Palette, Theme};

#[derive(Default)]
struct Wakes(usize);

impl Shell for Wakes {
    fn bell(&mut self) {}
    fn desktop(&mut self, _: &str, _: &str) {}
    fn edit(&mut self, _: &str) -> Option<String> {
        None
    }
    fn wake_worker(&mut self) {
        self.0 += 1;
    }
}

fn type_keys(session: &mut Session<TestBackend>, shell: &mut Wakes, keys: &[KeyCode]) {
    for &code in keys {
        session.dispatch(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), shell);
    }
}

fn text(s: &str) -> Vec<KeyCode> {
    s.chars().map(KeyCode::Char).collect()
}

fn screen(session: &mut Session<TestBackend>) -> String {
    session.draw().unwrap();
    session.terminal.backend().to_string()
}

#[test]
fn the_broadcast_screen_creates_a_list_adds_numbers_sends_and_shows_who_was_skipped() {
    let mut store = Store::open_in_memory().unwrap();
    let now = now_ms();
    store
        .insert_messages(&[
            NewMessage::text(ContactKey::Phone("34600111001".into()), "hola", now - 1000),
            NewMessage::text(ContactKey::Phone("34600111002".into()), "STOP", now - 1000),
        ])
        .unwrap();
    let app = App::new(Keymap::default(), Schedule::default(), now, (120, 40));
    let terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut session = Session::new(app, store, terminal, Theme { palette: Palette::NoColor });
    let mut shell = Wakes::default();
    session.start(&mut shell);

    type_keys(&mut session, &mut shell, &[KeyCode::Char('B')]);
    assert!(screen(&mut session).contains("No broadcast lists yet"));
    type_keys(
        &mut session,
        &mut shell,
        &[vec![KeyCode::Char('n')], text("Friends"), vec![KeyCode::Enter]].concat(),
    );
    assert!(screen(&mut session).contains("Friends"));

    type_keys(
        &mut session,
        &mut shell,
        &[vec![KeyCode::Char('a')], text("34600111001, no!"), vec![KeyCode::Enter]].concat(),
    );
    assert!(screen(&mut session).contains("is neither a phone number"), "a bad number stays in the form");
    let fix: Vec<KeyCode> = std::iter::repeat_n(KeyCode::Backspace, 3).chain(text("34600111002")).collect();
    type_keys(&mut session, &mut shell, &[fix, vec![KeyCode::Enter]].concat());
    assert!(screen(&mut session).contains("2 of 256 members"));

    type_keys(
        &mut session,
        &mut shell,
        &[vec![KeyCode::Char('s')], text("Sale today"), vec![KeyCode::Enter]].concat(),
    );
    let shown = screen(&mut session);
    assert!(shown.contains("Sale today"), "{shown}");
    assert!(shown.contains("1 queued · 0 sent · 0 delivered · 0 read · 0 failed · 1 skipped"), "{shown}");
    assert!(shown.contains("skipped: opted out 1"), "{shown}");
    assert_eq!(shell.0, 1);

    type_keys(&mut session, &mut shell, &[KeyCode::Esc]);
    assert!(!screen(&mut session).contains("Broadcast lists"));
}
