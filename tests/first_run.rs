//! The first run: an empty store on TestBackend, with the hint the inbox builds for each situation.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wabi::config::TransportKind;
use wabi::hours::Schedule;
use wabi::store::Store;
use wabi::tui::app::App;
use wabi::tui::first_run::{Situation, hint};
use wabi::tui::keymap::Keymap;
use wabi::tui::run::{Session, Shell};
use wabi::tui::theme::{Palette, Theme};

/// 2026-01-15 12:00 UTC.
const NOW: i64 = 1_768_478_400_000;

struct Quiet;

impl Shell for Quiet {
    fn bell(&mut self) {}
    fn desktop(&mut self, _: &str, _: &str) {}
    fn edit(&mut self, _: &str) -> Option<String> {
        None
    }
    fn wake_worker(&mut self) {}
}

fn screen(situation: Situation, transport: &str, w: u16, h: u16) -> String {
    let mut app = App::new(Keymap::default(), Schedule::default(), NOW, (w, h));
    app.status.store = "~/.local/share/wabi/wabi.db".into();
    app.status.transport = transport.into();
    app.status.worker = "active".into();
    app.hint = Some(hint("~/.config/wabi/config.toml", situation));
    let terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let store = Store::open_in_memory().unwrap();
    let mut session = Session::new(app, store, terminal, Theme { palette: Palette::NoColor });
    session.start(&mut Quiet);
    session.draw().unwrap();
    session.terminal.backend().to_string()
}

#[test]
fn a_new_user_is_told_to_run_init_and_nothing_is_sent() {
    let fresh = Situation { config_exists: false, transport: TransportKind::None };
    let wide = screen(fresh, "none", 120, 16);
    insta::assert_snapshot!("first_run_wide", wide);
    assert_eq!(wide.matches("No chats yet").count(), 1, "said once: {wide}");
    assert!(wide.contains("wabi init --interactive") && wide.contains("wabi --demo"), "{wide}");
    assert!(wide.contains("~/.config/wabi/config.toml (not created yet)"), "{wide}");
    assert!(wide.contains("transport: none — nothing is sent"), "{wide}");
    assert!(!wide.contains("inject"), "{wide}");
    let narrow = screen(fresh, "none", 70, 16);
    assert_eq!(narrow.matches("No chats yet").count(), 1, "{narrow}");
    assert!(narrow.contains("wabi init --interactive"), "{narrow}");
}

#[test]
fn with_a_config_the_screen_points_to_the_cloud_api_or_to_serve() {
    let none = screen(Situation { config_exists: true, transport: TransportKind::None }, "none", 120, 16);
    assert!(none.contains("Connect your WhatsApp number:  see README § WhatsApp Cloud API"), "{none}");
    assert!(!none.contains("not created yet") && !none.contains("wabi init"), "{none}");
    let cloud = screen(Situation { config_exists: true, transport: TransportKind::Cloud }, "cloud", 120, 16);
    assert!(cloud.contains("keep wabi serve running"), "{cloud}");
    assert!(cloud.contains("transport: cloud │"), "{cloud}");
}
