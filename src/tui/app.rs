//! The TUI's state and its pure `update(msg) -> effects`: no I/O here. The run loop performs the
//! effects against the store and feeds the results back as messages, so tests drive the app with
//! plain values.

mod broadcast;
mod broadcast_members;
mod broadcast_template;
mod chat_action;
mod cloud;
mod consent;
mod contact_card;
mod conversation;
mod cursor;
mod list;
mod manager;
mod msg;
mod overlay;
mod prompt;
mod quick;
mod stats;
mod time_menu;

use std::collections::HashMap;

use chrono_tz::Tz;
use ratatui::crossterm::event::KeyEvent;

pub use broadcast::{
    BroadcastCmd, BroadcastForm, BroadcastFormKind, BroadcastView, RECENT_BROADCASTS, TemplatePick,
};
pub use broadcast_members::{MemberRow, MembersView};
pub use chat_action::UndoStep;
pub use cloud::TemplatePicker;
pub use consent::{CHOICES as CONSENT_CHOICES, ConsentMenu};
pub use contact_card::CardView;
pub use cursor::{FilesJob, Job, MediaCmd, Outgoing};
pub use manager::{Form, Manager, ManagerKind};
pub use msg::{Effect, Msg};
pub use overlay::{Overlay, Picker, PickerKind, SearchState};
pub use prompt::{Prompt, PromptKind};
pub use quick::QuickPopup;
pub use stats::StatsView;
pub use time_menu::{TimeMenu, TimeMenuKind};

use super::draft::Draft;
use super::keymap::{Context, Keymap};
use crate::config::{BusinessConfig, Notify};
use crate::hours::Schedule;

use crate::quick_reply::{QuickReply, Ranker};
use crate::store::{ChatFilter, ChatRow, Label, ManualAwayState, MessageRow};
use crate::worker::WorkerEvent;

/// The chat list: a window of rows over the whole filtered list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatList {
    pub rows: Vec<ChatRow>,
    /// Index (in the whole list) of `rows[0]`.
    pub offset: usize,
    pub total: usize,
    /// Index (in the whole list) of the selected chat, derived from `selected_id` at each load.
    pub selected: usize,
    /// The selected chat. The selection belongs to this chat, not to a row: a reload finds it
    /// wherever it moved. None only while a move by rows waits for its window to load.
    pub selected_id: Option<i64>,
}

impl ChatList {
    /// The selected chat's row, if it is in the loaded window.
    pub fn selected_row(&self) -> Option<&ChatRow> {
        match self.selected_id {
            Some(id) => self.rows.iter().find(|r| r.id == id),
            None => self.selected.checked_sub(self.offset).and_then(|i| self.rows.get(i)),
        }
    }
}

/// The offset of a window of `limit` rows that contains row `at`, moving `offset` as little as
/// possible.
pub fn window_around(at: usize, offset: usize, limit: usize) -> usize {
    if at < offset {
        at
    } else if at >= offset + limit.max(1) {
        at + 1 - limit.max(1)
    } else {
        offset
    }
}

/// The open chat.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    pub chat: ChatRow,
    pub messages: Vec<MessageRow>,
    pub has_older: bool,
    /// Lines scrolled up from the newest message.
    pub scroll: usize,
    /// A search hit to show and mark.
    pub highlight: Option<i64>,
    pub draft: Draft,
    /// The message cursor (select mode), by message id.
    pub cursor: Option<i64>,
    /// What the next send carries besides the text: a quoted message, attached files.
    pub outgoing: Outgoing,
    /// The operator marked this chat unread while it is open: it stays unread until reopened.
    pub keep_unread: bool,
    /// Unread messages when the chat was opened; the first load finds the first of them.
    pub unread_at_open: usize,
    /// The first message that was unread when the chat was opened: an "N unread" divider.
    pub unread_from: Option<i64>,
    /// Messages that arrived below while the operator was scrolled up ("↓ N new").
    pub new_below: usize,
}

/// What the status bar says about the machinery.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusInfo {
    pub store: String,
    pub transport: String,
    pub worker: String,
    pub away: ManualAwayState,
    pub away_auto: bool,
    /// The history sync from the WhatsApp Business app, once a chunk arrived.
    pub history: Option<crate::store::HistorySync>,
    /// Hooks failing or paused; shown only when not zero.
    pub hooks_failing: i64,
}

/// The whole TUI state.
pub struct App {
    pub keymap: Keymap,
    pub focus: Context,
    pub overlay: Option<Overlay>,
    pub list: ChatList,
    pub filter: ChatFilter,
    pub conversation: Option<Conversation>,
    pub drafts: HashMap<i64, Draft>,
    pub labels: Vec<Label>,
    pub status: StatusInfo,
    pub notice: Option<String>,
    pub hint: Option<String>,
    pub now: i64,
    pub tz: Tz,
    pub schedule: Schedule,
    pub notify: Notify,
    pub size: (u16, u16),
    pub quit: bool,
    pub business: BusinessConfig,
    pub quick_replies: Vec<QuickReply>,
    pub ranker: Ranker,
    pub quick: Option<QuickPopup>,
    /// Where a popup closed with Esc started, so it stays closed while that "/word" is typed.
    pub quick_dismissed: Option<usize>,
    /// Enter was pressed once on a draft with unfilled placeholders.
    pub confirm_send: bool,
    /// The Cloud API transport: the 24-hour window applies.
    pub cloud: bool,
    /// `b` was pressed once on this chat at this time: a second press within 5 s blocks.
    pub confirm_block: Option<(i64, i64)>,
    /// Approved templates: Meta's synced ones, then `[[templates]]` of the config.
    pub templates: Vec<crate::templates::Template>,
    /// `[broadcast]`: pacing and consent rules for broadcasts sent from the broadcast screen.
    pub broadcast: crate::config::BroadcastConfig,
    /// Chat actions taken since the inbox opened, newest last; `U` takes them back one by one.
    pub undo: Vec<UndoStep>,
    /// The chat whose `e` was refused once because it has unread messages; `e` again marks it.
    pub confirm_done: Option<i64>,
    /// Printable keys the list took as typing (count, when the last came), to stop a sentence typed
    /// into the wrong pane from firing actions.
    pub typing: (usize, i64),
    /// Lines the help is scrolled down.
    pub help_scroll: usize,
}

/// How many chats are loaded around the visible ones.
pub const CONVERSATION_PAGE: usize = 200;

impl App {
    pub fn new(keymap: Keymap, schedule: Schedule, now: i64, size: (u16, u16)) -> App {
        App {
            keymap,
            focus: Context::List,
            overlay: None,
            list: ChatList::default(),
            filter: ChatFilter::default(),
            conversation: None,
            drafts: HashMap::new(),
            labels: Vec::new(),
            status: StatusInfo::default(),
            notice: None,
            hint: None,
            now,
            tz: schedule.tz(),
            schedule,
            notify: Notify::Bell,
            size,
            quit: false,
            business: BusinessConfig::default(),
            quick_replies: Vec::new(),
            ranker: Ranker::new(),
            quick: None,
            quick_dismissed: None,
            confirm_send: false,
            cloud: false,
            confirm_block: None,
            templates: Vec::new(),
            broadcast: crate::config::BroadcastConfig::default(),
            undo: Vec::new(),
            confirm_done: None,
            typing: (0, 0),
            help_scroll: 0,
        }
    }

    /// What to load first.
    pub fn start(&self) -> Vec<Effect> {
        vec![
            Effect::LoadLabels,
            Effect::LoadAway,
            Effect::LoadQuickReplies,
            self.load_chats(self.list.offset),
        ]
    }

    /// The pure heart of the TUI: one message in, effects out.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => self.on_key(&key),
            Msg::Mouse(mouse) => self.on_mouse(&mouse),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                vec![self.load_chats(self.list.offset)]
            }
            Msg::Tick(now) => {
                self.now = now;
                Vec::new()
            }
            Msg::Worker(event) => self.on_worker(event),
            Msg::StoreChanged => self.refresh(),
            Msg::Chats { offset, total, rows } => self.on_chats(offset, total, rows),
            Msg::Conversation { chat, messages, has_older, highlight } => {
                self.on_conversation(chat, messages, has_older, highlight)
            }
            Msg::Older { chat_id, messages, has_older } => self.on_older(chat_id, messages, has_older),
            Msg::Labels(labels) => {
                self.labels = labels;
                Vec::new()
            }
            Msg::Stats { range, report } => self.on_stats(&range, report),
            Msg::Broadcasts(lists) => self.on_broadcasts(lists),
            Msg::BroadcastPreview(preview) => self.on_broadcast_preview(preview),
            Msg::BroadcastMembers { list, rows } => self.on_broadcast_members(&list, rows),
            Msg::QuickReplies(replies) => {
                self.quick_replies = replies;
                Vec::new()
            }
            Msg::SearchResults { query, hits } => self.on_search_results(&query, hits),
            Msg::EditorDone(text) => self.on_editor_done(text),
            Msg::Away(state) => {
                self.status.away = state;
                Vec::new()
            }
            Msg::NewChat(chat) => self.on_new_chat(chat),
            Msg::ContactCard(card) => self.on_contact_card(*card),
            Msg::Saved(path) => {
                self.notice = Some(format!("Saved to {}", crate::sanitize::one_line(&path)));
                Vec::new()
            }
            Msg::HistorySync(sync) => {
                self.status.history = sync;
                Vec::new()
            }
            Msg::HooksFailing(n) => {
                self.status.hooks_failing = n;
                Vec::new()
            }
            Msg::JumpTo { chat, around } => {
                let mut effects = self.follow_chat(&chat);
                effects.extend(self.open_chat(chat, Context::Conversation, around));
                effects
            }
            Msg::Terminate => {
                self.quit = true;
                self.save_draft().into_iter().collect()
            }
            Msg::Failed(e) => {
                self.notice = Some(e);
                Vec::new()
            }
        }
    }

    fn on_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        self.notice = None;
        // Only `e` right after a refused `e` confirms it.
        if self.overlay.is_some()
            || self.keymap.action(self.focus, key) != Some(super::keymap::Action::MarkDone)
        {
            self.confirm_done = None;
        }
        if self.overlay.is_some() {
            return self.overlay_key(key);
        }
        match self.focus {
            Context::List => self.list_key(key),
            Context::Conversation => self.conversation_key(key),
            Context::Composer => self.composer_key(key),
            Context::Select => self.cursor_key(key),
        }
    }

    fn on_worker(&mut self, event: WorkerEvent) -> Vec<Effect> {
        match event {
            WorkerEvent::StoreChanged => self.refresh(),
            WorkerEvent::Inbound { chat_id } => self.on_inbound(chat_id),
            WorkerEvent::Active { transport } => {
                self.status.worker = "active".into();
                self.status.transport = transport.into();
                Vec::new()
            }
            WorkerEvent::Standby(lease) => {
                self.status.worker = format!("{} (pid {})", lease.holder, lease.pid);
                Vec::new()
            }
            WorkerEvent::Paused(reason) => {
                self.status.worker = format!("paused: {reason}");
                Vec::new()
            }
            WorkerEvent::Error(e) => {
                self.notice = Some(e);
                Vec::new()
            }
        }
    }

    /// A new customer message: ring unless the operator is looking at that chat.
    fn on_inbound(&mut self, chat_id: i64) -> Vec<Effect> {
        let on_screen = self.conversation.as_ref().is_some_and(|c| c.chat.id == chat_id);
        let mut effects = self.refresh();
        if !on_screen {
            match self.notify {
                Notify::Bell => effects.push(Effect::Bell),
                Notify::Desktop => effects
                    .push(Effect::Desktop { title: "wabi".into(), body: "New WhatsApp message".into() }),
                Notify::None => {}
            }
        }
        effects
    }

    /// Re-reads what is on screen after the store changed.
    fn refresh(&mut self) -> Vec<Effect> {
        let mut effects = vec![
            self.load_chats(self.list.offset),
            Effect::LoadLabels,
            Effect::LoadAway,
            Effect::LoadQuickReplies,
        ];
        effects.extend(self.broadcast_refresh());
        if let Some(c) = &self.conversation {
            effects.push(Effect::LoadConversation {
                chat_id: c.chat.id,
                limit: c.messages.len().max(CONVERSATION_PAGE),
                around: None,
            });
        }
        effects
    }

    /// Rows of the chat list that fit on screen (each chat takes two lines).
    pub fn page_rows(&self) -> usize {
        usize::from(self.size.1.saturating_sub(5) / 2).max(1)
    }

    fn load_chats(&self, offset: usize) -> Effect {
        Effect::LoadChats {
            filter: self.filter.clone(),
            offset,
            limit: self.page_rows(),
            keep: self.list.selected_id,
        }
    }

    /// The filter changed: the list starts again at its top.
    pub(super) fn reload_filtered(&mut self) -> Effect {
        self.list.selected = 0;
        self.list.selected_id = None;
        self.load_chats(0)
    }

    /// Label names of the filter in effect, for the status bar.
    pub fn filter_names(&self) -> Vec<(String, i64)> {
        self.labels
            .iter()
            .filter(|l| self.filter.labels.contains(&l.id))
            .map(|l| (l.name.clone(), l.chats))
            .collect()
    }
}

#[cfg(test)]
mod tests;
