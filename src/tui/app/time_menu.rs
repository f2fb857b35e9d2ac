//! The snooze and away menus: a few ready times (in an hour, at the next opening, …) or a typed one.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::overlay::{Nav, edit_line, nav};
use super::{App, Effect, Overlay};
use crate::store::ManualAwayState;
use crate::tui::draft::Draft;
use crate::tui::when;

/// What a time menu is choosing a time for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeMenuKind {
    Snooze { chat_id: i64 },
    Away,
}

/// A menu of times (in an hour, at the next opening, …) or a typed one.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeMenu {
    pub kind: TimeMenuKind,
    pub selected: usize,
    pub typing: Option<Draft>,
    pub error: Option<String>,
}

impl TimeMenu {
    pub fn snooze(chat_id: i64) -> TimeMenu {
        TimeMenu { kind: TimeMenuKind::Snooze { chat_id }, selected: 0, typing: None, error: None }
    }
}

impl App {
    pub(super) fn time_key(&mut self, mut t: TimeMenu, key: &KeyEvent) -> (Option<Overlay>, Vec<Effect>) {
        let options = self.time_options(t.kind);
        if let Some(draft) = t.typing.as_mut() {
            match key.code {
                KeyCode::Esc => t.typing = None,
                KeyCode::Enter => match when::parse(draft.text(), self.now, &self.schedule) {
                    Ok(at) => return (None, self.chose_time(t.kind, Some(at))),
                    Err(e) => t.error = Some(e),
                },
                _ => {
                    edit_line(draft, key);
                }
            }
            return (Some(Overlay::Time(t)), Vec::new());
        }
        let count = options.len() + 1;
        let chosen = match (key.code, nav(key)) {
            (KeyCode::Char(c @ '1'..='9'), _) => c.to_digit(10).map(|d| d as usize - 1),
            (_, Nav::Choose) => Some(t.selected),
            (_, Nav::Close) => return (None, Vec::new()),
            (_, Nav::Down) => {
                t.selected = (t.selected + 1) % count;
                None
            }
            (_, Nav::Up) => {
                t.selected = (t.selected + count - 1) % count;
                None
            }
            _ => None,
        };
        match chosen {
            Some(i) if i < options.len() => (None, self.chose_time(t.kind, options[i].1)),
            Some(i) if i == options.len() => {
                t.typing = Some(Draft::default());
                t.selected = i;
                (Some(Overlay::Time(t)), Vec::new())
            }
            _ => (Some(Overlay::Time(t)), Vec::new()),
        }
    }

    /// The fixed choices of a time menu: (label, time or None for "until I turn it off").
    pub fn time_options(&self, kind: TimeMenuKind) -> Vec<(String, Option<i64>)> {
        match kind {
            TimeMenuKind::Snooze { .. } => when::snooze_options(self.now, &self.schedule)
                .into_iter()
                .map(|(label, at)| (label, Some(at)))
                .collect(),
            TimeMenuKind::Away => when::away_options(self.now, &self.schedule),
        }
    }

    fn chose_time(&mut self, kind: TimeMenuKind, at: Option<i64>) -> Vec<Effect> {
        let label = at.map_or_else(
            || "until you turn it off".to_string(),
            |t| format!("until {}", when::describe(t, self.now, self.tz)),
        );
        match kind {
            TimeMenuKind::Snooze { chat_id } => match self.chat_row(chat_id).cloned() {
                Some(chat) => {
                    let verb = format!("Snoozed {label}");
                    self.change_status(&chat, crate::model::ChatStatus::Snoozed, at, &verb, "snooze")
                }
                None => {
                    vec![Effect::SetStatus { chat_id, status: crate::model::ChatStatus::Snoozed, until: at }]
                }
            },
            TimeMenuKind::Away => {
                self.notice = Some(if self.status.away_auto {
                    format!("Away {label} — customers get the away message")
                } else {
                    format!(
                        "Away {label} — but no away message will be sent: {}",
                        crate::config::AwayConfig::DISABLED_NOTE
                    )
                });
                vec![Effect::SetAway(ManualAwayState::On { since: self.now, until: at })]
            }
        }
    }

    /// `a`: away now (with a menu for until when), or back if away is on.
    pub(super) fn toggle_away(&mut self) -> Vec<Effect> {
        if matches!(self.status.away, ManualAwayState::On { .. }) {
            self.notice = Some("Back — away is off".into());
            return vec![Effect::SetAway(ManualAwayState::Off)];
        }
        self.overlay = Some(Overlay::Time(TimeMenu {
            kind: TimeMenuKind::Away,
            selected: 0,
            typing: None,
            error: None,
        }));
        Vec::new()
    }
}
