//! The quick-reply popup in the composer: "/" at the start or after a space opens it, typing
//! narrows it, Tab or Enter put the expansion in place of "/query", Esc closes it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect};
use crate::placeholders::{Customer, values_for};
use crate::quick_reply::{
    PlaceholderValues, Ranked, Trigger, apply, expand, trigger, unresolved_placeholders,
};

/// The open popup: what "/query" is being completed and the ranked matches.
#[derive(Debug, Clone, PartialEq)]
pub struct QuickPopup {
    pub trigger: Trigger,
    pub ranked: Vec<Ranked>,
    pub selected: usize,
}

impl App {
    /// Re-reads the trigger at the cursor after the draft changed.
    pub(super) fn refresh_quick_popup(&mut self) {
        let Some(c) = self.conversation.as_ref() else {
            self.quick = None;
            return;
        };
        let found =
            trigger(c.draft.text(), c.draft.cursor()).filter(|t| self.quick_dismissed != Some(t.start));
        self.quick = found.map(|t| {
            let ranked = self.ranker.rank(&self.quick_replies, &t.query);
            let selected =
                self.quick.as_ref().filter(|p| p.trigger.start == t.start).map_or(0, |p| p.selected);
            QuickPopup { selected: selected.min(ranked.len().saturating_sub(1)), trigger: t, ranked }
        });
        if self.quick.is_none() {
            self.quick_dismissed = self
                .quick_dismissed
                .filter(|start| trigger(c.draft.text(), c.draft.cursor()).is_some_and(|t| t.start == *start));
        }
    }

    /// Keys the popup takes; None lets the composer handle the key.
    pub(super) fn quick_key(&mut self, key: &KeyEvent) -> Option<Vec<Effect>> {
        let popup = self.quick.as_mut()?;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let count = popup.ranked.len();
        match key.code {
            KeyCode::Up => popup.selected = popup.selected.saturating_sub(1),
            KeyCode::Char('p') if ctrl => popup.selected = popup.selected.saturating_sub(1),
            KeyCode::Down => popup.selected = (popup.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Char('n') if ctrl => popup.selected = (popup.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Esc => {
                self.quick_dismissed = Some(popup.trigger.start);
                self.quick = None;
            }
            KeyCode::Tab | KeyCode::Enter if count > 0 && key.modifiers.is_empty() => {
                return Some(self.insert_quick_reply());
            }
            _ => return None,
        }
        Some(Vec::new())
    }

    /// Replaces "/query" at the cursor with the chosen quick reply, placeholders filled.
    fn insert_quick_reply(&mut self) -> Vec<Effect> {
        let Some(popup) = self.quick.take() else { return Vec::new() };
        let Some(reply) =
            popup.ranked.get(popup.selected).and_then(|r| self.quick_replies.get(r.index)).cloned()
        else {
            return Vec::new();
        };
        let values = self.placeholder_values();
        let expansion = expand(&reply.text, &|k| values.get(k));
        let Some(c) = self.conversation.as_mut() else { return Vec::new() };
        let (text, cursor) = apply(c.draft.text(), &popup.trigger, c.draft.cursor(), &expansion.text);
        c.draft.set(text, cursor);
        if !expansion.unresolved.is_empty() {
            self.notice = Some("A placeholder has no value here: it stays marked in the draft".into());
        }
        vec![Effect::NoteQuickReplyUse(reply.id)]
    }

    /// Placeholder values for the open chat.
    pub fn placeholder_values(&self) -> PlaceholderValues {
        let now = chrono::DateTime::from_timestamp_millis(self.now).unwrap_or_default();
        let chat = self.conversation.as_ref().map(|c| &c.chat);
        let customer = Customer {
            saved_name: chat.and_then(|c| c.saved_name.as_deref()),
            profile_name: chat.and_then(|c| c.profile_name.as_deref()),
            phone: chat.and_then(|c| c.phone.as_deref()),
            ..Customer::default()
        };
        values_for(&customer, &self.business, &self.schedule, now)
    }

    /// Before sending: a draft with unfilled placeholders needs a second Enter.
    pub(super) fn needs_confirmation(&mut self) -> bool {
        let Some(c) = self.conversation.as_ref() else { return false };
        if unresolved_placeholders(c.draft.text()).is_empty() || self.confirm_send {
            self.confirm_send = false;
            return false;
        }
        self.confirm_send = true;
        self.notice =
            Some("The draft still has a {{placeholder}} with no value — Enter sends it as it is".into());
        true
    }
}
