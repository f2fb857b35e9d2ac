//! Keys and results for the open chat: scrolling (older messages on demand), the composer, sending.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect};
use crate::model::{Direction, Status};
use crate::store::{ChatRow, MessageRow};
use crate::tui::keymap::{Action, Context};

impl App {
    pub(super) fn conversation_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let Some(action) = self.keymap.action(Context::Conversation, key) else {
            return Vec::new();
        };
        let page = i64::from(self.size.1.saturating_sub(10)).max(1);
        match action {
            Action::ScrollDown => self.scroll_conversation(-1),
            Action::ScrollUp => self.scroll_conversation(1),
            Action::PageDown => self.scroll_conversation(-page),
            Action::PageUp => self.scroll_conversation(page),
            Action::ScrollTop => self.scroll_conversation(i64::MAX / 2),
            Action::ScrollBottom => self.scroll_conversation(i64::MIN / 2),
            Action::Compose => {
                self.focus = Context::Composer;
                Vec::new()
            }
            Action::FocusNext | Action::Back => {
                self.focus = Context::List;
                Vec::new()
            }
            Action::Resend => self.resend_last_failed(),
            Action::SendTemplate => self.open_template_picker(),
            Action::OpenMedia => self.open_newest_media(),
            Action::SetConsent => self.open_consent_menu(),
            Action::SelectMessage => self.start_cursor(),
            Action::Attach => self.open_attach_prompt(),
            other => self.chat_action(other, self.conversation.as_ref().map(|c| c.chat.id)),
        }
    }

    pub(super) fn composer_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        if let Some(effects) = self.quick_key(key) {
            return effects;
        }
        let action = self.keymap.action(Context::Composer, key);
        if action != Some(Action::Send) {
            self.confirm_send = false;
        }
        let effects = self.composer_action(action, key);
        self.refresh_quick_popup();
        effects
    }

    fn composer_action(&mut self, action: Option<Action>, key: &KeyEvent) -> Vec<Effect> {
        match action {
            Some(Action::Send) => return self.send(),
            Some(Action::Newline) => self.edit(|d| d.insert("\n")),
            Some(Action::Back) => {
                self.focus = Context::List;
                return self.save_draft().into_iter().collect();
            }
            Some(Action::FocusNext) => self.focus = Context::List,
            Some(Action::EditExternal) => {
                return self
                    .conversation
                    .as_ref()
                    .map(|c| Effect::OpenEditor(c.draft.text().to_string()))
                    .into_iter()
                    .collect();
            }
            Some(Action::SendTemplate) => return self.open_template_picker(),
            Some(Action::Attach) => return self.open_attach_prompt(),
            Some(Action::PageUp) => return self.scroll_conversation(i64::from(self.size.1 / 2)),
            Some(Action::PageDown) => return self.scroll_conversation(-i64::from(self.size.1 / 2)),
            Some(Action::Redraw) => return vec![Effect::Redraw],
            Some(_) => {}
            None => {
                self.type_key(key);
                return self.typing_effect();
            }
        }
        Vec::new()
    }

    /// Text editing keys that no binding took, as text fields in terminals have them. An
    /// Alt-letter is never typed as the letter.
    fn type_key(&mut self, key: &KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char('w') if ctrl => self.edit(|d| d.delete_word()),
            KeyCode::Char('a') if ctrl => self.edit(|d| d.home()),
            KeyCode::Char('u') if ctrl => self.edit(|d| d.delete_to_line_start()),
            KeyCode::Char('k') if ctrl => self.edit(|d| d.delete_to_line_end()),
            KeyCode::Char('z' | '_' | '7' | '/') if ctrl => self.edit(|d| {
                d.undo();
            }),
            KeyCode::Char('b') if alt => self.edit(|d| d.word_left()),
            KeyCode::Char('f') if alt => self.edit(|d| d.word_right()),
            KeyCode::Char(c) if !ctrl && !alt => self.edit(|d| d.insert(c.encode_utf8(&mut [0; 4]))),
            KeyCode::Backspace if ctrl || alt => self.edit(|d| d.delete_word()),
            KeyCode::Backspace => self.edit(|d| d.backspace()),
            KeyCode::Delete => self.edit(|d| d.delete()),
            KeyCode::Left if ctrl || alt => self.edit(|d| d.word_left()),
            KeyCode::Right if ctrl || alt => self.edit(|d| d.word_right()),
            KeyCode::Left => self.edit(|d| d.left()),
            KeyCode::Right => self.edit(|d| d.right()),
            KeyCode::Up => self.edit(|d| {
                d.up();
            }),
            KeyCode::Down => self.edit(|d| {
                d.down();
            }),
            KeyCode::Home => self.edit(|d| d.home()),
            KeyCode::End => self.edit(|d| d.end()),
            _ => {}
        }
    }

    fn edit(&mut self, f: impl FnOnce(&mut crate::tui::draft::Draft)) {
        if let Some(c) = self.conversation.as_mut() {
            f(&mut c.draft);
        }
    }

    /// Queues the draft; the worker sends it.
    fn send(&mut self) -> Vec<Effect> {
        let Some(c) = self.conversation.as_mut() else {
            return Vec::new();
        };
        if c.draft.is_blank() && c.outgoing.files.is_empty() {
            return Vec::new();
        }
        if self.window_refuses() || self.needs_confirmation() {
            return Vec::new();
        }
        let Some(c) = self.conversation.as_mut() else {
            return Vec::new();
        };
        let body = c.draft.text().trim_end().to_string();
        c.draft.clear();
        c.scroll = 0;
        let chat_id = c.chat.id;
        let outgoing = std::mem::take(&mut c.outgoing);
        self.drafts.remove(&chat_id);
        let mut effects = vec![
            self.outgoing_effect(chat_id, body, outgoing),
            Effect::SaveDraft { chat_id, text: String::new() },
        ];
        effects.extend(self.reopen_on_reply());
        effects
    }

    fn resend_last_failed(&mut self) -> Vec<Effect> {
        let failed = self.conversation.as_ref().and_then(|c| {
            c.messages
                .iter()
                .rev()
                .find(|m| m.direction == Direction::Out && m.status == Some(Status::Failed))
        });
        match failed {
            Some(m) => vec![Effect::Resend(m.id)],
            None => {
                self.notice = Some("no failed message in this chat".into());
                Vec::new()
            }
        }
    }

    /// Scrolls by `lines` (positive = up, to older); near the top, older messages load.
    pub(super) fn scroll_conversation(&mut self, lines: i64) -> Vec<Effect> {
        let (width, height) = self.message_area();
        let sending = crate::tui::view::conversation::Sending::of(self);
        let Some(c) = self.conversation.as_mut() else {
            return Vec::new();
        };
        let scroll = i64::try_from(c.scroll).unwrap_or(0).saturating_add(lines).max(0);
        c.scroll = usize::try_from(scroll).unwrap_or(0);
        if c.scroll == 0 {
            c.new_below = 0;
        }
        let total = crate::tui::view::conversation::total_lines(c, width, &sending);
        c.scroll = c.scroll.min(total.saturating_sub(usize::from(height)));
        if lines > 0 && c.has_older && c.scroll + usize::from(height) >= total {
            if let Some(first) = c.messages.first() {
                return vec![Effect::LoadOlder { chat_id: c.chat.id, before: (first.at, first.id) }];
            }
        }
        Vec::new()
    }

    pub(super) fn on_conversation(
        &mut self,
        chat: ChatRow,
        messages: Vec<MessageRow>,
        has_older: bool,
        highlight: Option<i64>,
    ) -> Vec<Effect> {
        let (width, _) = self.message_area();
        let sending = crate::tui::view::conversation::Sending::of(self);
        let Some(c) = self.conversation.as_mut().filter(|c| c.chat.id == chat.id) else {
            return Vec::new();
        };
        let unread = chat.unread > 0 && !c.keep_unread;
        let first_load = c.messages.is_empty();
        let lines_before = crate::tui::view::conversation::total_lines(c, width, &sending);
        let last_before = c.messages.last().map(|m| m.id);
        c.chat = chat;
        c.messages = messages;
        c.has_older = has_older;
        if first_load && c.unread_at_open > 0 {
            // The divider goes at the first unread message, and the view starts there.
            let inbound = c.messages.iter().rev().filter(|m| m.direction == Direction::In);
            c.unread_from = inbound.take(c.unread_at_open).last().map(|m| m.id);
            if highlight.is_none() {
                c.scroll = crate::tui::view::conversation::lines_below(c, width, c.unread_from, &sending);
            }
        } else if c.scroll > 0 {
            // Scrolled up: new messages below say so instead of moving what is being read.
            let new = last_before.map_or(0, |last| c.messages.iter().filter(|m| m.id > last).count());
            let grown =
                crate::tui::view::conversation::total_lines(c, width, &sending).saturating_sub(lines_before);
            c.scroll += grown;
            c.new_below += new;
        }
        if highlight.is_some() {
            c.highlight = highlight;
            c.scroll = crate::tui::view::conversation::lines_below(c, width, highlight, &sending);
        }
        // The operator is looking at it: new messages there are read at once.
        if unread { vec![Effect::MarkRead(c.chat.id)] } else { Vec::new() }
    }

    pub(super) fn on_older(
        &mut self,
        chat_id: i64,
        mut older: Vec<MessageRow>,
        has_older: bool,
    ) -> Vec<Effect> {
        if let Some(c) = self.conversation.as_mut().filter(|c| c.chat.id == chat_id) {
            older.append(&mut c.messages);
            c.messages = older;
            c.has_older = has_older;
        }
        Vec::new()
    }

    pub(super) fn on_editor_done(&mut self, text: Option<String>) -> Vec<Effect> {
        if text.as_deref().is_some_and(|t| self.broadcast_editor_done(t)) {
            return Vec::new();
        }
        match (text, self.conversation.as_mut()) {
            (Some(text), Some(c)) => {
                let text = text.trim_end_matches('\n').to_string();
                let len = text.len();
                c.draft.set(text, len);
                self.focus = Context::Composer;
            }
            (None, _) => {
                self.notice = Some("the editor failed or was cancelled; the draft is unchanged".into())
            }
            _ => {}
        }
        Vec::new()
    }
}

impl App {
    /// Width and height (inside the borders) of the message pane, as the next frame draws it.
    pub(super) fn message_area(&self) -> (u16, u16) {
        crate::tui::layout::Areas::new(self)
            .messages
            .map_or((self.size.0, self.size.1), |r| (r.width.saturating_sub(2), r.height))
    }
}
