//! The loop's timings and where it sends slow reads.

use super::*;

#[test]
fn statistics_go_to_a_shell_that_reads_them_off_the_ui_thread() {
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::tui::app::Overlay;
    /// Takes the statistics reads, as the real shell's thread does, and answers nothing yet.
    struct OffThread(Vec<String>);
    impl Shell for OffThread {
        fn bell(&mut self) {}
        fn desktop(&mut self, _: &str, _: &str) {}
        fn edit(&mut self, _: &str) -> Option<String> {
            None
        }
        fn wake_worker(&mut self) {}
        fn load_stats(&mut self, range: &str, _: chrono_tz::Tz) -> bool {
            self.0.push(range.to_string());
            true
        }
    }
    let Ok(store) = Store::open_in_memory() else { panic!("in-memory store") };
    let app = App::new(Default::default(), Default::default(), 0, (100, 30));
    let Ok(terminal) = Terminal::new(TestBackend::new(100, 30));
    let theme = Theme { palette: crate::tui::theme::Palette::NoColor };
    let mut session = Session::new(app, store, terminal, theme);
    let mut shell = OffThread(Vec::new());
    session.dispatch(Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE)), &mut shell);
    assert_eq!(shell.0.len(), 1, "one range asked for");
    assert!(
        matches!(&session.app.overlay, Some(Overlay::Stats(v)) if v.report.is_none()),
        "the UI did not wait"
    );
}

#[test]
fn timings_summarise_percentiles_of_key_presses() {
    let ms = Duration::from_millis;
    let t = Timings { first_frame: ms(12), keys: (1..=100).map(ms).collect() };
    assert_eq!(t.summary(), "first frame 12.0 ms · 100 keys: p50 50.0 ms, p99 99.0 ms, max 100.0 ms");
    assert_eq!(Timings { first_frame: ms(3), keys: vec![] }.summary(), "first frame 3.0 ms");
}
