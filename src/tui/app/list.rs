//! Keys and results for the chat list: moving the selection over a window, opening chats,
//! inbox-zero actions, views and the mouse.

use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};

use super::{App, CONVERSATION_PAGE, Conversation, Effect, Overlay};
use crate::model::ChatStatus;
use crate::store::{ChatRow, ChatView};
use crate::tui::draft::Draft;
use crate::tui::keymap::{Action, Context};
use crate::tui::layout::Areas;

impl App {
    pub(super) fn list_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let Some(action) = self.keymap.action(Context::List, key) else {
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

    /// Actions that work on "the chat" from the list and from the conversation.
    pub(super) fn chat_action(&mut self, action: Action, chat_id: Option<i64>) -> Vec<Effect> {
        match action {
            Action::Help => {
                self.overlay = Some(Overlay::Help);
                Vec::new()
            }
            Action::Search => {
                self.overlay = Some(Overlay::Search(Default::default()));
                Vec::new()
            }
            Action::FilterLabels => self.open_filter_picker(),
            Action::ToggleAway => self.toggle_away(),
            Action::ManageQuickReplies => {
                self.overlay = Some(Overlay::Manager(super::Manager::new(super::ManagerKind::QuickReplies)));
                Vec::new()
            }
            Action::Stats => self.open_stats(),
            Action::Broadcasts => self.open_broadcasts(),
            Action::Block => self.block_key(chat_id),
            Action::ManageLabels => {
                self.overlay = Some(Overlay::Manager(super::Manager::new(super::ManagerKind::Labels)));
                Vec::new()
            }
            _ => match chat_id {
                Some(id) => self.act_on_chat(action, id),
                None => Vec::new(),
            },
        }
    }

    fn act_on_chat(&mut self, action: Action, chat_id: i64) -> Vec<Effect> {
        match action {
            Action::MarkDone => {
                self.notice = Some("Done — the chat comes back when the customer writes".into());
                vec![Effect::SetStatus { chat_id, status: ChatStatus::Done, until: None }]
            }
            Action::MarkUnread => vec![Effect::MarkUnread(chat_id)],
            Action::Snooze => {
                self.overlay = Some(Overlay::Time(super::TimeMenu::snooze(chat_id)));
                Vec::new()
            }
            Action::LabelChat => self.open_label_picker(chat_id),
            _ => Vec::new(),
        }
    }

    /// Moves the selection to `index` (clamped), loading another window when it leaves this one.
    pub(super) fn select(&mut self, index: usize) -> Vec<Effect> {
        let index = index.min(self.list.total.saturating_sub(1));
        self.list.selected = index;
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
        self.list.selected = 0;
        vec![self.load_chats(0)]
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
        if self.conversation.as_ref().is_some_and(|c| c.chat.id == row.id) && around.is_none() {
            return effects;
        }
        effects.extend(self.save_draft());
        self.quick = None;
        self.quick_dismissed = None;
        let draft = self.drafts.remove(&row.id).unwrap_or_else(|| Draft::new(&row.draft));
        let chat_id = row.id;
        let unread = row.unread > 0;
        self.conversation = Some(Conversation {
            chat: row,
            messages: Vec::new(),
            has_older: false,
            scroll: 0,
            highlight: around,
            draft,
            cursor: None,
            outgoing: super::Outgoing::default(),
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
        // The selection follows its chat when the list reorders (a new message moves a chat up).
        let selected_id = self.list.selected_row().map(|r| r.id);
        if let Some(i) = selected_id.and_then(|id| rows.iter().position(|r| r.id == id)) {
            self.list.selected = offset + i;
        }
        self.list.offset = offset;
        self.list.total = total;
        self.list.rows = rows;
        if self.list.selected >= total {
            self.list.selected = total.saturating_sub(1);
        }
        if total == 0 {
            return Vec::new();
        }
        // A shrunken list (a filter, a chat marked done) may have moved the selection off the window.
        let page = self.page_rows();
        let visible = offset..offset + self.list.rows.len().max(1);
        if !visible.contains(&self.list.selected)
            && (self.list.selected < offset || self.list.rows.len() >= page)
        {
            return self.select(self.list.selected);
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
                self.list.selected = (self.list.offset + row).min(self.list.total.saturating_sub(1));
                self.open_selected(Context::Conversation)
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
