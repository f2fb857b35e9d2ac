//! `C` in a chat: record the customer's consent to receive offers (opted in, opted out, unknown).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Effect, Overlay};
use crate::consent::ConsentState;

/// The consent menu for one chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentMenu {
    pub chat_id: i64,
    pub selected: usize,
}

/// The choices, in menu order.
pub const CHOICES: [(ConsentState, &str); 3] = [
    (ConsentState::OptedIn, "Opted in — the customer agreed to receive offers"),
    (ConsentState::OptedOut, "Opted out — never send offers or broadcasts"),
    (ConsentState::Unknown, "Unknown"),
];

impl App {
    pub(super) fn open_consent_menu(&mut self) -> Vec<Effect> {
        if let Some(chat_id) = self.conversation.as_ref().map(|c| c.chat.id) {
            self.overlay = Some(Overlay::Consent(ConsentMenu { chat_id, selected: 0 }));
        }
        Vec::new()
    }

    pub(super) fn consent_key(
        &mut self,
        mut m: ConsentMenu,
        key: &KeyEvent,
    ) -> (Option<Overlay>, Vec<Effect>) {
        let chosen = match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return (None, Vec::new()),
            KeyCode::Down | KeyCode::Char('j') => {
                m.selected = (m.selected + 1).min(CHOICES.len() - 1);
                None
            }
            KeyCode::Up | KeyCode::Char('k') => {
                m.selected = m.selected.saturating_sub(1);
                None
            }
            KeyCode::Char(c @ '1'..='3') => c.to_digit(10).map(|d| d as usize - 1),
            KeyCode::Enter => Some(m.selected),
            _ => None,
        };
        match chosen.and_then(|i| CHOICES.get(i)) {
            Some((state, _)) => {
                let name = self.chat_row(m.chat_id).map_or_else(String::new, |c| format!(" for {}", c.name));
                self.notice = Some(format!("Consent recorded{name}: {}", state.as_str().replace('_', " ")));
                (None, vec![Effect::SetConsent { chat_id: m.chat_id, state: *state }])
            }
            None => (Some(Overlay::Consent(m)), Vec::new()),
        }
    }
}
