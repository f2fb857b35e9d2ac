//! What flows through `App::update`: messages in, effects out.

use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use crate::model::ChatStatus;
use crate::quick_reply::QuickReply;
use crate::store::{ChatFilter, ChatRow, Label, ManualAwayState, MessageRow, SearchHit};
use crate::worker::WorkerEvent;

use super::broadcast::BroadcastCmd;

/// Everything that can happen to the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize(u16, u16),
    /// The clock moved (ms); relative times and snoozes follow it.
    Tick(i64),
    Worker(WorkerEvent),
    /// Another process (or the worker) committed to the store.
    StoreChanged,
    Chats {
        offset: usize,
        total: usize,
        rows: Vec<ChatRow>,
    },
    Conversation {
        chat: ChatRow,
        messages: Vec<MessageRow>,
        has_older: bool,
        highlight: Option<i64>,
    },
    Older {
        chat_id: i64,
        messages: Vec<MessageRow>,
        has_older: bool,
    },
    Labels(Vec<Label>),
    QuickReplies(Vec<QuickReply>),
    Stats {
        range: String,
        report: crate::stats::Report,
    },
    SearchResults {
        query: String,
        hits: Vec<SearchHit>,
    },
    EditorDone(Option<String>),
    Away(ManualAwayState),
    /// An attachment was saved at this path.
    Saved(String),
    /// The contact card to show (`i` in the list).
    ContactCard(Box<crate::store::ContactCard>),
    /// A chat started with `n` (new or found by its number), to open for writing.
    NewChat(ChatRow),
    /// Where the history sync from the phone is (read with the away state).
    HistorySync(Option<crate::store::HistorySync>),
    /// How many hooks are failing or paused (`wabi hooks status` tells which).
    HooksFailing(i64),
    /// The chat a `Jump` asked for.
    JumpTo {
        chat: ChatRow,
        around: Option<i64>,
    },
    /// Broadcast lists and their newest figures, for the broadcast screen.
    Broadcasts(Vec<crate::store::ListOverview>),
    /// What a broadcast would do (Enter again sends it), or why it cannot go.
    BroadcastPreview(Result<crate::store::BroadcastPreview, String>),
    /// The members of a broadcast list, for the broadcast screen.
    BroadcastMembers {
        list: String,
        rows: Vec<super::MemberRow>,
    },
    /// A store or I/O failure, shown in the status bar.
    Failed(String),
    /// SIGTERM or SIGHUP: save and leave.
    Terminate,
}

/// What the run loop must do for the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// A window of the chat list; `keep` is the selected chat, which the window must contain
    /// wherever it has moved to (new chats above it, a reorder).
    LoadChats {
        filter: ChatFilter,
        offset: usize,
        limit: usize,
        keep: Option<i64>,
    },
    LoadConversation {
        chat_id: i64,
        limit: usize,
        around: Option<i64>,
    },
    LoadOlder {
        chat_id: i64,
        before: (i64, i64),
    },
    LoadLabels,
    LoadAway,
    Send {
        chat_id: i64,
        body: String,
    },
    MarkRead(i64),
    MarkUnread(i64),
    SetStatus {
        chat_id: i64,
        status: ChatStatus,
        until: Option<i64>,
    },
    SaveDraft {
        chat_id: i64,
        text: String,
    },
    Search(String),
    OpenEditor(String),
    /// Put a label on a chat (`on`) or take it off.
    SetLabel {
        chat_id: i64,
        label_id: i64,
        on: bool,
    },
    /// Set a chat's unread count (undoing "mark unread").
    SetUnread {
        chat_id: i64,
        unread: i64,
    },
    SetAway(ManualAwayState),
    Resend(i64),
    LoadQuickReplies,
    NoteQuickReplyUse(i64),
    SaveQuickReply {
        id: Option<i64>,
        shortcut: String,
        text: String,
    },
    DeleteQuickReply(i64),
    SaveLabel {
        id: Option<i64>,
        name: String,
    },
    RecolorLabel {
        id: i64,
        color: crate::store::LabelColor,
    },
    MoveLabel {
        id: i64,
        delta: isize,
    },
    DeleteLabel(i64),
    /// Statistics over a named range ("30d").
    LoadStats(String),
    /// Load, create, add to or send a broadcast list (the broadcast screen).
    Broadcast(BroadcastCmd),
    /// The operator is writing in the chat (typing indicator, Cloud API).
    Typing(i64),
    /// Block (true) or unblock the chat's customer on WhatsApp, off the UI thread.
    Block {
        chat_id: i64,
        block: bool,
    },
    SendTemplate {
        chat_id: i64,
        template: crate::store::OutboundTemplate,
    },
    /// Download (if needed) and open a message's attachment, off the UI thread.
    OpenMedia(i64),
    /// Record the operator's word on the customer's consent.
    SetConsent {
        chat_id: i64,
        state: crate::consent::ConsentState,
    },
    /// Open a chat (from search), scrolled to a message.
    Jump {
        chat_id: i64,
        around: Option<i64>,
    },
    /// Replies, reactions, attachments and the clipboard (the message cursor and the composer).
    Media(super::cursor::MediaCmd),
    /// Clear the terminal and draw everything again (Ctrl-L, after $EDITOR).
    Redraw,
    Bell,
    Desktop {
        title: String,
        body: String,
    },
    Quit,
}
