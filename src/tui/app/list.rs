//! Keys and results for the chat list: moving the selection over a window, opening chats,
//! inbox-zero actions, views and the mouse.

use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};

use super::{App, CONVERSATION_PAGE, Conversation, Effect};
use crate::store::{ChatRow, ChatView};
use crate::tui::draft::Draft;
use crate::tui::keymap::{Action, Context};
use crate::tui::layout::Areas;

impl App {
    pub(super) fn list_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let action = self.keymap.action(Context::List, key);
        if self.typed_into_list(key, action.is_some()) {
            return Vec::new();
        }
        let Some(action) = action else {
            return Vec::new();
        };
        let page = self.page_rows();
        match action {
            Action::SelectNext => self.select(self.list.selected.saturating_add(1)),
            Action::SelectPrev => self.select(self.list.selected.saturating_sub(1)),
            Action::SelectFirst => self.select(0),
            Action::SelectLast => self.select(self.list.total.saturating_sub(1)),
            Action::PageDown => self.select(self.list.selected.saturating_add(page)),
            Action::PageUp => self.select(self.list.selected.saturating_sub(page)),
            Action::OpenChat => self.open_selected(Context::Composer),
            Action::FocusNext => self.open_selected(Context::Conversation),
            Action::NextView => self.cycle_view(1),
            Action::PrevView => self.cycle_view(ChatView::CYCLE.len() - 1),
            Action::NewChat => self.open_new_chat_prompt(),
            Action::ContactCard => self.open_contact_card(),
            Action::Quit => {
                self.quit = true;
                self.save_draft().into_iter().chain([Effect::Quit]).collect()
            }
            other => self.chat_action(other, self.list.selected_row().map(|c| c.id)),
        }
    }

    /// Moves the selection to `index` (clamped), loading another window when it leaves this one.
    pub(super) fn select(&mut self, index: usize) -> Vec<Effect> {
        let index = index.min(self.list.total.saturating_sub(1));
        self.list.selected = index;
        // The chat at that row, or (outside the window) whichever chat is there when it loads.
        self.list.selected_id =
            index.checked_sub(self.list.offset).and_then(|i| self.list.rows.get(i)).map(|r| r.id);
        let page = self.page_rows();
        let offset = if index < self.list.offset {
            index
        } else if index >= self.list.offset + page {
            index + 1 - page
        } else {
            return Vec::new();
        };
        vec![self.load_chats(offset)]
    }

    fn cycle_view(&mut self, step: usize) -> Vec<Effect> {
        let views = ChatView::CYCLE;
        let at = views.iter().position(|v| *v == self.filter.view).unwrap_or(0);
        self.filter.view = views[(at + step) % views.len()];
        vec![self.reload_filtered()]
    }

    /// Opens the selected chat with the focus on the composer or the conversation.
    fn open_selected(&mut self, focus: Context) -> Vec<Effect> {
        let Some(row) = self.list.selected_row().cloned() else {
            return Vec::new();
        };
        self.open_chat(row, focus, None)
    }

    /// Opens a chat: keeps the draft of the one left, loads messages, marks it read.
    pub(super) fn open_chat(&mut self, row: ChatRow, focus: Context, around: Option<i64>) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.focus = focus;
        if let Some(c) = self.conversation.as_mut().filter(|c| c.chat.id == row.id && around.is_none()) {
            // Opening again the chat marked unread: now it is read.
            if std::mem::take(&mut c.keep_unread) {
                effects.push(Effect::MarkRead(row.id));
            }
            return effects;
        }
        effects.extend(self.save_draft());
        self.quick = None;
        self.quick_dismissed = None;
        let draft = self.drafts.remove(&row.id).unwrap_or_else(|| Draft::new(&row.draft));
        let chat_id = row.id;
        let unread = row.unread > 0;
        let unread_at_open = usize::try_from(row.unread).unwrap_or(0);
        self.conversation = Some(Conversation {
            chat: row,
            messages: Vec::new(),
            has_older: false,
            scroll: 0,
            highlight: around,
            draft,
            cursor: None,
            outgoing: super::Outgoing::default(),
            keep_unread: false,
            unread_at_open,
            unread_from: None,
            new_below: 0,
        });
        effects.push(Effect::LoadConversation { chat_id, limit: CONVERSATION_PAGE, around });
        if unread {
            effects.push(Effect::MarkRead(chat_id));
        }
        effects
    }

    /// Keeps the open chat's draft in memory and in the store.
    pub(super) fn save_draft(&mut self) -> Option<Effect> {
        let c = self.conversation.as_ref()?;
        let text = c.draft.text().to_string();
        let changed = text != c.chat.draft;
        self.drafts.insert(c.chat.id, c.draft.clone());
        changed.then_some(Effect::SaveDraft { chat_id: c.chat.id, text })
    }

    pub(super) fn on_chats(&mut self, offset: usize, total: usize, rows: Vec<ChatRow>) -> Vec<Effect> {
        let before = self.list.selected_id.and_then(|_| self.list.selected_row().cloned());
        self.list.offset = offset;
        self.list.total = total;
        self.list.rows = rows;
        if total == 0 {
            self.list.selected = 0;
            self.list.selected_id = None;
            return Vec::new();
        }
        // The selection belongs to its chat: find it wherever the reload put it.
        let found = self.list.selected_id.and_then(|id| self.list.rows.iter().position(|r| r.id == id));
        if let Some(i) = found {
            self.list.selected = offset + i;
            return Vec::new();
        }
        // The chat left this view (done, snoozed, filtered out), or a move by rows landed here:
        // the chat now at its row (its neighbour) is selected.
        self.list.selected = self.list.selected.min(total - 1);
        let in_window = self.list.selected.checked_sub(offset).and_then(|i| self.list.rows.get(i));
        let Some(now_on) = in_window.cloned() else {
            self.list.selected_id = None;
            return self.select(self.list.selected);
        };
        self.list.selected_id = Some(now_on.id);
        if let Some(left) = before.filter(|b| b.id != now_on.id) {
            if self.notice.is_none() {
                self.notice = Some(format!("{} left this view — now on {}", left.name, now_on.name));
            }
        }
        Vec::new()
    }

    pub(super) fn on_mouse(&mut self, mouse: &MouseEvent) -> Vec<Effect> {
        if self.overlay.is_some() {
            return Vec::new();
        }
        let areas = Areas::new(self);
        let in_list = areas.list.is_some_and(|r| r.contains((mouse.column, mouse.row).into()));
        match mouse.kind {
            MouseEventKind::ScrollDown if in_list => self.select(self.list.selected.saturating_add(1)),
            MouseEventKind::ScrollUp if in_list => self.select(self.list.selected.saturating_sub(1)),
            MouseEventKind::ScrollDown => self.scroll_conversation(-3),
            MouseEventKind::ScrollUp => self.scroll_conversation(3),
            MouseEventKind::Down(MouseButton::Left) if in_list => {
                let top = areas.list.map_or(0, |r| r.y + 1);
                let row = usize::from(mouse.row.saturating_sub(top) / 2);
                let Some(chat) = self.list.rows.get(row).cloned() else {
                    return Vec::new();
                };
                self.list.selected = self.list.offset + row;
                self.list.selected_id = Some(chat.id);
                self.open_chat(chat, Context::Conversation, None)
            }
            MouseEventKind::Down(MouseButton::Left) => {
                if areas.composer.is_some_and(|r| r.contains((mouse.column, mouse.row).into())) {
                    self.focus = Context::Composer;
                } else if self.conversation.is_some() {
                    self.focus = Context::Conversation;
                    self.click_message(areas.messages, mouse.row);
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Pasted text goes into whatever takes text; it is never sent by itself.
    pub(super) fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        if let Some(overlay) = self.overlay.as_mut() {
            return overlay.paste(text);
        }
        if self.offer_to_attach(text) {
            return Vec::new();
        }
        if let Some(c) = self.conversation.as_mut() {
            c.draft.insert(&text.replace("\r\n", "\n").replace('\r', "\n"));
            self.focus = Context::Composer;
        }
        self.refresh_quick_popup();
        Vec::new()
    }
}
