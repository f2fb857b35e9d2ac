//! The contact card (`i` in the list): name and note to edit, and what the store knows about the
//! contact — number, user id, labels, consent with its history, the chat's figures. The note is
//! private: it is kept in the store and never sent.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::cursor::MediaCmd;
use super::overlay::edit_line;
use super::{App, Effect, Overlay};
use crate::store::ContactCard;
use crate::tui::draft::Draft;

/// The card on screen, with its two editable fields.
#[derive(Debug, Clone, PartialEq)]
pub struct CardView {
    pub card: ContactCard,
    /// Names of the chat's labels when the card opened.
    pub labels: Vec<String>,
    /// The saved name ("in contacts"); empty falls back to the customer's profile name.
    pub name: Draft,
    pub note: Draft,
    /// 0: name, 1: note.
    pub field: usize,
}

impl App {
    /// `i` in the list: loads the selected chat's card.
    pub(super) fn open_contact_card(&mut self) -> Vec<Effect> {
        match self.list.selected_row() {
            Some(row) => vec![Effect::Media(MediaCmd::LoadCard(row.id))],
            None => Vec::new(),
        }
    }

    pub(super) fn on_contact_card(&mut self, card: ContactCard) -> Vec<Effect> {
        let labels = self
            .list
            .rows
            .iter()
            .find(|r| r.id == card.chat_id)
            .map(|r| {
                r.labels
                    .iter()
                    .filter_map(|id| self.labels.iter().find(|l| l.id == *id).map(|l| l.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let name = Draft::new(card.contact.saved_name.as_deref().unwrap_or(""));
        let note = Draft::new(&card.note);
        self.overlay = Some(Overlay::Card(Box::new(CardView { card, labels, name, note, field: 0 })));
        Vec::new()
    }

    pub(super) fn card_key(
        &mut self,
        mut v: Box<CardView>,
        key: &KeyEvent,
    ) -> (Option<Overlay>, Vec<Effect>) {
        match key.code {
            KeyCode::Esc => return (None, Vec::new()),
            KeyCode::Tab | KeyCode::Down | KeyCode::Up | KeyCode::BackTab => v.field = 1 - v.field.min(1),
            KeyCode::Enter => {
                self.notice = Some("Contact saved".into());
                let cmd = MediaCmd::SaveCard {
                    chat_id: v.card.chat_id,
                    name: v.name.text().trim().to_string(),
                    note: v.note.text().trim().to_string(),
                };
                return (None, vec![Effect::Media(cmd)]);
            }
            _ => {
                let field = if v.field == 0 { &mut v.name } else { &mut v.note };
                edit_line(field, key);
            }
        }
        (Some(Overlay::Card(v)), Vec::new())
    }
}
