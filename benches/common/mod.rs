//! What the TUI benches share: a fixed "now" and a shell that does nothing.

use wabi::tui::run::Shell;

/// 2026-01-15 12:00 UTC.
pub const NOW: i64 = 1_768_478_400_000;

/// No bell, no desktop, no editor, no worker: the benches time the app and the store alone.
pub struct Quiet;

impl Shell for Quiet {
    fn bell(&mut self) {}
    fn desktop(&mut self, _: &str, _: &str) {}
    fn edit(&mut self, _: &str) -> Option<String> {
        None
    }
    fn wake_worker(&mut self) {}
}
