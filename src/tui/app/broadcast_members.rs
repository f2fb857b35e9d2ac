//! The members of a broadcast list on the broadcast screen (`m`): who is on it, with their
//! consent, and `d` takes one off.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::broadcast::{BroadcastCmd, BroadcastView};
use super::{App, Effect, Overlay};
use crate::store::ContactKey;

/// One member as the screen lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub name: String,
    pub key: ContactKey,
    /// "opted in", "opted out", "unknown".
    pub consent: String,
}

/// The members of one list; `rows` is None until the store answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembersView {
    pub list: String,
    pub rows: Option<Vec<MemberRow>>,
    pub selected: usize,
}

impl App {
    /// `m` on a list: show its members.
    pub(super) fn open_members(v: &mut BroadcastView) -> Vec<Effect> {
        let Some(list) = v.selected_list().map(|o| o.list.name.clone()) else {
            return Vec::new();
        };
        v.members = Some(MembersView { list: list.clone(), rows: None, selected: 0 });
        vec![Effect::Broadcast(BroadcastCmd::Members(list))]
    }

    /// Keys while the members are shown: move, `d` removes the highlighted one, Esc goes back.
    pub(super) fn members_key(&mut self, v: &mut BroadcastView, key: &KeyEvent) -> Vec<Effect> {
        let Some(m) = v.members.as_mut() else {
            return Vec::new();
        };
        let count = m.rows.as_ref().map_or(0, Vec::len);
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => v.members = None,
            KeyCode::Down | KeyCode::Char('j') => m.selected = (m.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Up | KeyCode::Char('k') => m.selected = m.selected.saturating_sub(1),
            KeyCode::Char('d') | KeyCode::Delete => {
                if let Some(row) = m.rows.as_ref().and_then(|r| r.get(m.selected)) {
                    self.notice = Some(format!("Removed {} ({}) from {}", row.name, row.key, m.list));
                    return vec![Effect::Broadcast(BroadcastCmd::Remove {
                        list: m.list.clone(),
                        key: row.key.clone(),
                    })];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn on_broadcast_members(&mut self, list: &str, rows: Vec<MemberRow>) -> Vec<Effect> {
        if let Some(Overlay::Broadcast(v)) = self.overlay.as_mut() {
            if let Some(m) = v.members.as_mut().filter(|m| m.list == list) {
                m.selected = m.selected.min(rows.len().saturating_sub(1));
                m.rows = Some(rows);
            }
        }
        Vec::new()
    }
}
