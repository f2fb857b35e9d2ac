//! Actions on "the chat" (the one selected in the list, or the one open): done, snooze, unread,
//! labels. Each notice names the chat, and each change can be taken back with `U`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Overlay};
use crate::model::ChatStatus;
use crate::store::{ChatRow, ChatView};
use crate::tui::keymap::{Action, Context};

/// One chat action, and the effects that take it back.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoStep {
    pub chat_id: i64,
    /// What was done, for the notice when it is undone ("done on Elena Ruiz").
    pub what: String,
    pub undo: Vec<Effect>,
}

/// Printable keys in the list within this long of each other are taken as typing.
const TYPING_PAUSE_MS: i64 = 1_500;

impl App {
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
            Action::Undo => self.undo_last(),
            Action::Redraw => vec![Effect::Redraw],
            Action::ClearFilter => self.clear_filter(),
            _ => match chat_id.and_then(|id| self.chat_row(id).cloned()) {
                Some(chat) => self.act_on_chat(action, &chat),
                None => Vec::new(),
            },
        }
    }

    fn act_on_chat(&mut self, action: Action, chat: &ChatRow) -> Vec<Effect> {
        match action {
            Action::MarkDone if chat.status == ChatStatus::Done => {
                self.change_status(chat, ChatStatus::Open, None, "Reopened", "reopening")
            }
            Action::MarkDone if chat.unread > 0 && self.confirm_done != Some(chat.id) => {
                self.confirm_done = Some(chat.id);
                let key = self.key_label(Action::MarkDone);
                self.notice = Some(format!("{}: {} unread — {key} again marks done", chat.name, chat.unread));
                Vec::new()
            }
            Action::MarkDone => {
                self.confirm_done = None;
                self.change_status(chat, ChatStatus::Done, None, "Done", "done")
            }
            Action::Snooze if is_snoozed(chat, self.now) => {
                self.change_status(chat, ChatStatus::Open, None, "Woken", "waking")
            }
            Action::Snooze => {
                self.overlay = Some(Overlay::Time(super::TimeMenu::snooze(chat.id)));
                Vec::new()
            }
            Action::MarkUnread => {
                if let Some(c) = self.conversation.as_mut().filter(|c| c.chat.id == chat.id) {
                    c.keep_unread = true;
                }
                self.push_undo(
                    chat,
                    "unread",
                    vec![Effect::SetUnread { chat_id: chat.id, unread: chat.unread }],
                );
                self.notice =
                    Some(format!("Unread: {} — {} undoes", chat.name, self.key_label(Action::Undo)));
                vec![Effect::MarkUnread(chat.id)]
            }
            Action::LabelChat => self.open_label_picker(chat.id),
            _ => Vec::new(),
        }
    }

    /// Moves a chat to `status`, says so naming it, and keeps the way back.
    pub(super) fn change_status(
        &mut self,
        chat: &ChatRow,
        status: ChatStatus,
        until: Option<i64>,
        verb: &str,
        noun: &str,
    ) -> Vec<Effect> {
        let back = Effect::SetStatus { chat_id: chat.id, status: chat.status, until: chat.snoozed_until };
        self.push_undo(chat, noun, vec![back]);
        self.notice = Some(format!("{verb}: {} — {} undoes", chat.name, self.key_label(Action::Undo)));
        vec![Effect::SetStatus { chat_id: chat.id, status, until }]
    }

    /// A label was put on or taken off a chat from the picker.
    pub(super) fn label_changed(&mut self, chat_id: i64, label_id: i64, on: bool) -> Vec<Effect> {
        let label =
            self.labels.iter().find(|l| l.id == label_id).map_or_else(String::new, |l| l.name.clone());
        if let Some(chat) = self.chat_row(chat_id).cloned() {
            let (did, word) = if on { ("added to", "label") } else { ("removed from", "label") };
            let what = format!("{word} {label} {did}");
            self.push_undo(&chat, &what, vec![Effect::SetLabel { chat_id, label_id, on: !on }]);
            self.notice =
                Some(format!("Label {label} {did} {} — {} undoes", chat.name, self.key_label(Action::Undo)));
        }
        vec![Effect::SetLabel { chat_id, label_id, on }]
    }

    fn push_undo(&mut self, chat: &ChatRow, what: &str, undo: Vec<Effect>) {
        let what = if what.starts_with("label") {
            format!("{what} {}", chat.name)
        } else {
            format!("{what} on {}", chat.name)
        };
        self.undo.push(UndoStep { chat_id: chat.id, what, undo });
    }

    /// `U`: takes back the newest chat action, and selects its chat.
    fn undo_last(&mut self) -> Vec<Effect> {
        let Some(step) = self.undo.pop() else {
            self.notice = Some("Nothing to undo".into());
            return Vec::new();
        };
        self.notice = Some(format!("Undone: {}", step.what));
        if let Some(c) = self.conversation.as_mut().filter(|c| c.chat.id == step.chat_id) {
            if step.undo.iter().any(|e| matches!(e, Effect::SetUnread { .. })) {
                c.keep_unread = false;
            }
        }
        if self.focus == Context::List {
            self.list.selected_id = Some(step.chat_id);
        }
        step.undo
    }

    /// The chat as last loaded: the open one, else its row in the list.
    pub(super) fn chat_row(&self, chat_id: i64) -> Option<&ChatRow> {
        let open = self.conversation.as_ref().map(|c| &c.chat).filter(|c| c.id == chat_id);
        open.or_else(|| self.list.rows.iter().find(|r| r.id == chat_id))
    }

    /// The first key of an action where the focus is, as help shows it ("U").
    pub(super) fn key_label(&self, action: Action) -> String {
        let ctx = if self.focus == Context::Composer { Context::Conversation } else { self.focus };
        self.keymap.keys_of(ctx, action).first().map_or_else(|| action.name().to_string(), |k| k.label())
    }

    /// Selects `chat` in the list (a search result that was opened), switching to the view that
    /// shows it if this one does not.
    pub(super) fn follow_chat(&mut self, chat: &ChatRow) -> Vec<Effect> {
        let view = view_of(chat, self.now);
        let labelled =
            self.filter.labels.is_empty() || chat.labels.iter().any(|l| self.filter.labels.contains(l));
        let mut changed = Vec::new();
        if self.filter.view != ChatView::All && self.filter.view != view {
            self.filter.view = view;
            changed.push(format!("view: {}", view.as_str()));
        }
        if !labelled {
            self.filter.labels.clear();
            changed.push("label filter cleared".to_string());
        }
        if !changed.is_empty() {
            self.notice = Some(format!("{} — to show {}", changed.join(", "), chat.name));
        }
        self.list.selected_id = Some(chat.id);
        vec![self.load_chats(self.list.offset)]
    }

    /// Printable keys that no list action takes are typing into the wrong pane: they do nothing,
    /// and while they come (until a pause, or a key that is not a character) the list's letter
    /// actions are held back too, so a sentence never becomes a string of actions.
    /// Returns whether `key` was swallowed.
    pub(super) fn typed_into_list(&mut self, key: &KeyEvent, bound: bool) -> bool {
        let printable = matches!(key.code, KeyCode::Char(_))
            && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let typing = self.typing.0 > 0 && self.now - self.typing.1 <= TYPING_PAUSE_MS;
        if !printable || (bound && !typing) {
            self.typing = (0, self.now);
            return false;
        }
        let count = if typing { self.typing.0 + 1 } else { 1 };
        self.typing = (count, self.now);
        // One stray key does nothing visible; a held-back action or a few letters say why.
        if bound || count >= 3 {
            let open = self.key_label(Action::OpenChat);
            self.notice = Some(format!(
                "You seem to be typing — {open} opens the chat to write; an arrow key or Esc, or a pause, and letters are commands again"
            ));
        }
        true
    }
}

/// A chat snoozed into the future (one whose time has come is open again).
fn is_snoozed(chat: &ChatRow, now: i64) -> bool {
    chat.status == ChatStatus::Snoozed && chat.snoozed_until.is_some_and(|t| t > now)
}

/// The view (other than "all") that shows a chat.
fn view_of(chat: &ChatRow, now: i64) -> ChatView {
    match chat.status {
        ChatStatus::Done => ChatView::Done,
        ChatStatus::Snoozed if is_snoozed(chat, now) => ChatView::Snoozed,
        _ => ChatView::Open,
    }
}

impl App {
    /// A reply reopens a chat that was done or snoozed, and reads one marked unread.
    pub(super) fn reopen_on_reply(&mut self) -> Vec<Effect> {
        let Some(c) = self.conversation.as_mut() else {
            return Vec::new();
        };
        let mut effects = Vec::new();
        if std::mem::take(&mut c.keep_unread) {
            effects.push(Effect::MarkRead(c.chat.id));
        }
        if matches!(c.chat.status, ChatStatus::Done | ChatStatus::Snoozed) {
            self.notice = Some(format!("Reopened by your reply: {}", c.chat.name));
            effects.push(Effect::SetStatus { chat_id: c.chat.id, status: ChatStatus::Open, until: None });
        }
        effects
    }
}

impl App {
    /// `Esc` in the list: drops the label filter; with none, goes back to the open view.
    fn clear_filter(&mut self) -> Vec<Effect> {
        if !self.filter.labels.is_empty() {
            self.filter.labels.clear();
            self.notice = Some("Label filter cleared".into());
        } else if self.filter.view != ChatView::Open {
            self.filter.view = ChatView::Open;
            self.notice = Some("Back to the open chats".into());
        } else {
            return Vec::new();
        }
        vec![self.reload_filtered()]
    }
}
