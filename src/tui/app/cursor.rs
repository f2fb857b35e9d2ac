//! The message cursor (select mode): `s` in the conversation puts it on the newest message; `j`/`k`
//! move it (older messages load at the top); on the selected message: reply (quote it), react,
//! jump to the message it quotes, copy, open its attachment, info, resend. The cursor names a
//! message by id, so rows loading above or below never move it to another message.

use std::path::PathBuf;

use ratatui::crossterm::event::KeyEvent;

use super::{App, CONVERSATION_PAGE, Effect};
use crate::model::{Direction, Kind, Status};
use crate::store::MessageRow;
use crate::tui::keymap::{Action, Context};
use crate::tui::view::quote;

/// What the next send carries besides the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outgoing {
    /// The message quoted: (wabi id, provider id, "Maria: Friday or Saturday?").
    pub reply_to: Option<(i64, String, String)>,
    /// Files to send, one message each; the text is the first one's caption.
    pub files: Vec<PathBuf>,
}

/// Work for the run loop that the composer and the cursor ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaCmd {
    /// Queue a text quoting the message with provider id `reply_to`.
    Reply { chat_id: i64, body: String, reply_to: String },
    /// Queue our reaction to the message with provider id `target` ("" removes ours).
    React { chat_id: i64, target: String, emoji: String },
    /// Check, copy and queue files (off the UI thread: a big file takes a while to hash).
    SendFiles(FilesJob),
    /// Put text on the terminal's clipboard.
    Copy(String),
    /// Find or start the chat with this phone number (digits).
    NewChat(String),
    /// Load the contact card of a chat.
    LoadCard(i64),
    /// Save the card's saved name ("" for none) and note.
    SaveCard { chat_id: i64, name: String, note: String },
    /// Send a copy of message `id` (its text, or its file with the caption) to this phone number.
    Forward { id: i64, phone: String },
    /// Copy message `id`'s attachment to this path (into it, when it is a folder).
    Save { id: i64, to: PathBuf },
}

/// Slow work for a background thread: its result is a message for the app.
pub type Job = Box<dyn FnOnce() -> super::Msg + Send>;

/// Files to send in a chat; the caption goes with the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilesJob {
    pub chat_id: i64,
    pub files: Vec<PathBuf>,
    pub caption: String,
    pub reply_to: Option<String>,
}

impl App {
    /// `s`: the cursor on the newest message shown.
    pub(super) fn start_cursor(&mut self) -> Vec<Effect> {
        let Some(c) = self.conversation.as_mut() else { return Vec::new() };
        match c.messages.iter().rev().find(|m| !quote::hidden(m)) {
            Some(m) => {
                c.cursor = Some(m.id);
                self.focus = Context::Select;
            }
            None => self.notice = Some("no message to select".into()),
        }
        self.keep_cursor_visible();
        Vec::new()
    }

    pub(super) fn cursor_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let Some(action) = self.keymap.action(Context::Select, key) else { return Vec::new() };
        let Some(m) = self.selected_message().cloned() else {
            self.leave_cursor();
            return Vec::new();
        };
        match action {
            Action::CursorDown => self.move_cursor(1),
            Action::CursorUp => self.move_cursor(-1),
            Action::Reply => self.reply_to(&m),
            Action::React => self.open_react_prompt(&m),
            Action::JumpToQuoted => self.jump_to_quoted(&m),
            Action::CopyMessage => {
                self.notice = Some("Copied the message's text".into());
                vec![Effect::Media(MediaCmd::Copy(m.body.clone()))]
            }
            Action::OpenAttachment if is_media(m.kind) => {
                self.notice = Some("Opening the attachment…".into());
                vec![Effect::OpenMedia(m.id)]
            }
            Action::OpenAttachment => {
                self.notice = Some("this message has no attachment".into());
                Vec::new()
            }
            Action::MessageInfo => {
                self.notice = Some(info(&m, self));
                Vec::new()
            }
            Action::Forward if m.kind == Kind::Reaction || m.kind == Kind::System => {
                self.notice = Some(format!("a {} cannot be forwarded", m.kind));
                Vec::new()
            }
            Action::Forward => self.open_forward_prompt(m.id),
            Action::SaveAttachment if is_media(m.kind) => self.open_save_prompt(&m),
            Action::SaveAttachment => {
                self.notice = Some("this message has no attachment".into());
                Vec::new()
            }
            Action::ResendMessage if m.status == Some(Status::Failed) => vec![Effect::Resend(m.id)],
            Action::ResendMessage => {
                self.notice = Some("only a failed message can be resent".into());
                Vec::new()
            }
            Action::Back => {
                self.leave_cursor();
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A click on the message pane puts the cursor on the message under it.
    pub(super) fn click_message(&mut self, pane: Option<ratatui::layout::Rect>, row: u16) {
        let (width, height) = self.message_area();
        let sending = crate::tui::view::conversation::Sending::of(self);
        let (Some(pane), Some(c)) = (pane, self.conversation.as_mut()) else { return };
        let Some(id) = crate::tui::view::conversation::message_at(
            c,
            width,
            height,
            row.saturating_sub(pane.y),
            &sending,
        ) else {
            return;
        };
        c.cursor = Some(id);
        self.focus = Context::Select;
    }

    fn selected_message(&self) -> Option<&MessageRow> {
        let c = self.conversation.as_ref()?;
        c.messages.iter().find(|m| Some(m.id) == c.cursor)
    }

    fn leave_cursor(&mut self) {
        if let Some(c) = self.conversation.as_mut() {
            c.cursor = None;
        }
        self.focus = Context::Conversation;
    }

    /// Moves to the next (`1`) or previous (`-1`) shown message; above the first, older ones load.
    fn move_cursor(&mut self, step: isize) -> Vec<Effect> {
        let Some(c) = self.conversation.as_mut() else { return Vec::new() };
        let shown: Vec<i64> = c.messages.iter().filter(|m| !quote::hidden(m)).map(|m| m.id).collect();
        let at = shown.iter().position(|id| Some(*id) == c.cursor).unwrap_or(shown.len().saturating_sub(1));
        let next = at.checked_add_signed(step).filter(|i| *i < shown.len());
        let mut effects = Vec::new();
        match next {
            Some(i) => c.cursor = shown.get(i).copied(),
            None if step < 0 && c.has_older => {
                if let Some(first) = c.messages.first() {
                    effects.push(Effect::LoadOlder { chat_id: c.chat.id, before: (first.at, first.id) });
                }
            }
            None => {}
        }
        self.keep_cursor_visible();
        effects
    }

    /// Scrolls just enough that the selected message is on screen.
    pub(super) fn keep_cursor_visible(&mut self) {
        let (width, height) = self.message_area();
        let sending = crate::tui::view::conversation::Sending::of(self);
        let Some(c) = self.conversation.as_mut() else { return };
        let Some(id) = c.cursor else { return };
        let Some((below, size)) = crate::tui::view::conversation::message_span(c, width, id, &sending) else {
            return;
        };
        let height = usize::from(height);
        if c.scroll > below {
            c.scroll = below;
        }
        if c.scroll + height < below + size {
            c.scroll = (below + size).saturating_sub(height);
        }
    }

    fn reply_to(&mut self, m: &MessageRow) -> Vec<Effect> {
        let Some(external_id) = m.external_id.clone().filter(|_| m.kind != Kind::System) else {
            self.notice = Some("this message was not sent yet, so it cannot be quoted".into());
            return Vec::new();
        };
        let customer = self.conversation.as_ref().map(|c| c.chat.name.clone()).unwrap_or_default();
        let author = if m.direction == Direction::Out { "You" } else { &customer };
        let first = m.body.lines().next().unwrap_or_default();
        let preview = format!("{}: {}", crate::sanitize::one_line(author), crate::sanitize::one_line(first));
        self.leave_cursor();
        if let Some(c) = self.conversation.as_mut() {
            c.outgoing.reply_to = Some((m.id, external_id, preview));
        }
        self.focus = Context::Composer;
        Vec::new()
    }

    fn jump_to_quoted(&mut self, m: &MessageRow) -> Vec<Effect> {
        let Some(q) = m.quote.as_ref() else {
            self.notice = Some("this message quotes nothing".into());
            return Vec::new();
        };
        let Some(quoted) = &q.message else {
            self.notice = Some("the quoted message is not in the store".into());
            return Vec::new();
        };
        let Some(c) = self.conversation.as_mut() else { return Vec::new() };
        c.cursor = Some(quoted.id);
        if c.messages.iter().any(|m| m.id == quoted.id) {
            self.keep_cursor_visible();
            return Vec::new();
        }
        // Older than what is loaded: load the history around it.
        vec![Effect::LoadConversation {
            chat_id: c.chat.id,
            limit: CONVERSATION_PAGE,
            around: Some(quoted.id),
        }]
    }

    /// What Enter sends: the draft as a text, a reply, or the attached files with it as caption.
    pub(super) fn outgoing_effect(&self, chat_id: i64, body: String, outgoing: Outgoing) -> Effect {
        let reply_to = outgoing.reply_to.map(|(_, external_id, _)| external_id);
        if !outgoing.files.is_empty() {
            return Effect::Media(MediaCmd::SendFiles(FilesJob {
                chat_id,
                files: outgoing.files,
                caption: body,
                reply_to,
            }));
        }
        match reply_to {
            Some(reply_to) => Effect::Media(MediaCmd::Reply { chat_id, body, reply_to }),
            None => Effect::Send { chat_id, body },
        }
    }
}

impl App {
    /// The chat `n` asked for: write in it inside the customer service window, else pick a template.
    pub(super) fn on_new_chat(&mut self, chat: crate::store::ChatRow) -> Vec<Effect> {
        let closed = self.cloud && self.window_left(chat.last_inbound_at).is_none();
        let mut effects = self.open_chat(chat, Context::Composer, None);
        if closed {
            self.focus = Context::Conversation;
            effects.extend(self.open_template_picker());
        }
        effects
    }
}

fn is_media(kind: Kind) -> bool {
    matches!(kind, Kind::Image | Kind::Video | Kind::Audio | Kind::Document | Kind::Sticker)
}

/// One line about a message: id, provider id, origin, status and error.
fn info(m: &MessageRow, app: &App) -> String {
    let at = chrono::DateTime::from_timestamp_millis(m.at)
        .unwrap_or_default()
        .with_timezone(&app.tz)
        .format("%a %-d %b %H:%M");
    let mut parts = vec![format!("message {}", m.id), format!("{} {at}", m.direction), m.origin.to_string()];
    if let Some(s) = m.status {
        parts.push(s.to_string());
    }
    if let Some(id) = &m.external_id {
        parts.push(crate::sanitize::one_line(id));
    }
    if let Some(reason) = &m.error_reason {
        parts.push(format!("error: {}", crate::sanitize::one_line(reason)));
    }
    parts.join(" · ")
}
