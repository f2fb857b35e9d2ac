//! The statistics view: a range (today, 7, 30, 90 days, all), a row per label, Enter filters the
//! inbox by the highlighted label.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Effect, Overlay};
use crate::stats::{NAMED_RANGES, Report};

/// The open statistics view.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsView {
    /// Index into [`NAMED_RANGES`].
    pub range: usize,
    /// 0 total, 1 unlabelled, 2.. the labels in order.
    pub selected: usize,
    pub report: Option<Report>,
}

impl App {
    pub(super) fn open_stats(&mut self) -> Vec<Effect> {
        let view = StatsView { range: 2, selected: 0, report: None };
        let effect = Effect::LoadStats(NAMED_RANGES[view.range].to_string());
        self.overlay = Some(Overlay::Stats(Box::new(view)));
        vec![effect]
    }

    pub(super) fn stats_key(
        &mut self,
        mut v: Box<StatsView>,
        key: &KeyEvent,
    ) -> (Option<Overlay>, Vec<Effect>) {
        let rows = v.report.as_ref().map_or(2, |r| r.labels.len() + 2);
        let range = match key.code {
            KeyCode::Esc | KeyCode::Char('q' | 's') => return (None, Vec::new()),
            KeyCode::Char('1' | 't') => Some(0),
            KeyCode::Char('2' | 'w') => Some(1),
            KeyCode::Char('3' | 'm') => Some(2),
            KeyCode::Char('4') => Some(3),
            KeyCode::Char('5' | 'a') => Some(4),
            KeyCode::Down | KeyCode::Char('j') => {
                v.selected = (v.selected + 1).min(rows - 1);
                None
            }
            KeyCode::Up | KeyCode::Char('k') => {
                v.selected = v.selected.saturating_sub(1);
                None
            }
            KeyCode::Enter => return (None, self.filter_by_stats_row(&v)),
            _ => None,
        };
        let effects = match range {
            Some(r) if r != v.range => {
                v.range = r;
                vec![Effect::LoadStats(NAMED_RANGES[r].to_string())]
            }
            _ => Vec::new(),
        };
        (Some(Overlay::Stats(v)), effects)
    }

    /// Enter on a label row filters the inbox by it; on the total it clears the filter.
    fn filter_by_stats_row(&mut self, v: &StatsView) -> Vec<Effect> {
        let name =
            v.selected.checked_sub(2).and_then(|i| v.report.as_ref()?.labels.get(i)).map(|l| l.label.clone());
        self.filter.labels = match name.and_then(|n| self.labels.iter().find(|l| l.name == n)) {
            Some(label) => vec![label.id],
            None => Vec::new(),
        };
        self.focus = crate::tui::keymap::Context::List;
        vec![self.reload_filtered()]
    }

    pub(super) fn on_stats(&mut self, range: &str, report: Report) -> Vec<Effect> {
        if let Some(Overlay::Stats(v)) = self.overlay.as_mut() {
            if NAMED_RANGES.get(v.range) == Some(&range) {
                v.selected = v.selected.min(report.labels.len() + 1);
                v.report = Some(report);
            }
        }
        Vec::new()
    }
}
