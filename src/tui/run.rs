//! The event loop: messages in, `App::update`, effects performed against the store, a new frame.
//! Generic over the ratatui backend, so tests run the real loop on `TestBackend`.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;

use super::app::{App, Effect, Msg};
use super::theme::Theme;
use super::view;
use crate::store::{ChatFilter, Store, StoreError, now_ms};

/// What the loop needs from the world outside the store: the terminal's bell, the desktop, an
/// editor, the worker. Tests pass a recorder.
pub trait Shell {
    fn bell(&mut self);
    fn desktop(&mut self, title: &str, body: &str);
    /// Edits `text` in the user's editor; None if it failed or was cancelled.
    fn edit(&mut self, text: &str) -> Option<String>;
    /// Tells the worker the outbox has something new.
    fn wake_worker(&mut self);
    /// Downloads (if needed) and opens a message's attachment without blocking the loop.
    fn open_media(&mut self, message_id: i64) {
        let _ = message_id;
    }
    /// Blocks or unblocks the chat's customer on WhatsApp without blocking the loop.
    fn block(&mut self, chat_id: i64, block: bool) {
        let _ = (chat_id, block);
    }
    /// Checks, copies and queues files without blocking the loop, reporting back as messages.
    /// The default hands the job back to be done at once (tests).
    fn send_files(&mut self, job: super::app::FilesJob) -> Option<super::app::FilesJob> {
        Some(job)
    }
    /// Puts text on the terminal's clipboard.
    fn copy(&mut self, text: &str) {
        let _ = text;
    }
    /// Runs slow work (copying a big file) without blocking the loop; its message comes back as
    /// an event. The default hands it back to be run at once (tests).
    fn background(&mut self, job: super::app::Job) -> Option<super::app::Job> {
        Some(job)
    }
    /// Reads statistics off the UI thread and sends `Msg::Stats` when they are ready (a long
    /// range of a big store takes a few hundred ms). False when this shell cannot; the loop then
    /// reads them itself.
    fn load_stats(&mut self, range: &str, tz: chrono_tz::Tz) -> bool {
        let _ = (range, tz);
        false
    }
}

/// The app, its store and its terminal.
pub struct Session<B: Backend> {
    pub app: App,
    pub store: Store,
    pub terminal: Terminal<B>,
    pub theme: Theme,
    /// Where attached files are copied (`<data dir>/wabi/media`; tests use a temporary folder).
    pub media_dir: std::path::PathBuf,
    data_version: i64,
}

/// How often the loop looks for writes by other processes and moves the clock.
const POLL: Duration = Duration::from_millis(200);

impl<B: Backend> Session<B> {
    pub fn new(app: App, store: Store, terminal: Terminal<B>, theme: Theme) -> Session<B> {
        let data_version = store.data_version().unwrap_or(0);
        let media_dir = crate::transport::cloud::media::media_dir();
        Session { app, store, terminal, theme, media_dir, data_version }
    }

    /// Loads the first screen.
    pub fn start(&mut self, shell: &mut dyn Shell) {
        let effects = self.app.start();
        self.perform_all(effects, shell);
    }

    /// Feeds one message through update and performs every effect, to quiescence.
    pub fn dispatch(&mut self, msg: Msg, shell: &mut dyn Shell) {
        let effects = self.app.update(msg);
        self.perform_all(effects, shell);
    }

    fn perform_all(&mut self, effects: Vec<Effect>, shell: &mut dyn Shell) {
        let mut queue: VecDeque<Effect> = effects.into();
        let mut refreshed = false;
        // Each result may ask for more work; a bound keeps a bug from spinning forever.
        for _ in 0..256 {
            let Some(effect) = queue.pop_front() else {
                break;
            };
            for msg in self.perform(effect, shell) {
                if msg == Msg::StoreChanged && std::mem::replace(&mut refreshed, true) {
                    continue;
                }
                queue.extend(self.app.update(msg));
            }
        }
    }

    /// Draws a frame.
    pub fn draw(&mut self) -> std::io::Result<()> {
        let (app, theme) = (&self.app, &self.theme);
        self.terminal
            .draw(|f| view::draw(f, app, theme))
            .map(drop)
            .map_err(|e| std::io::Error::other(e.to_string()))
    }

    /// Notices commits by other connections (worker, `wabi inject`, `wabi serve`).
    pub fn poll_store(&mut self, shell: &mut dyn Shell) {
        if let Ok(v) = self.store.data_version() {
            if v != self.data_version {
                self.data_version = v;
                self.dispatch(Msg::StoreChanged, shell);
            }
        }
    }

    fn perform(&mut self, effect: Effect, shell: &mut dyn Shell) -> Vec<Msg> {
        match self.perform_store(effect, shell) {
            Ok(msgs) => msgs,
            Err(e) => vec![Msg::Failed(e.to_string())],
        }
    }

    fn perform_store(&mut self, effect: Effect, shell: &mut dyn Shell) -> Result<Vec<Msg>, StoreError> {
        let s = &mut self.store;
        let changed = vec![Msg::StoreChanged];
        Ok(match effect {
            Effect::LoadChats { filter, offset, limit, keep } => load_chats(s, &filter, offset, limit, keep)?,
            Effect::LoadConversation { chat_id, limit, around } => {
                let messages = match around {
                    Some(id) => s.messages_around(chat_id, id, limit / 2, limit / 2)?,
                    None => s.messages(chat_id, limit, None)?,
                };
                let has_older = messages
                    .first()
                    .is_some_and(|m| s.messages(chat_id, 1, Some((m.at, m.id))).is_ok_and(|o| !o.is_empty()));
                vec![Msg::Conversation { chat: s.chat(chat_id)?, messages, has_older, highlight: around }]
            }
            Effect::LoadOlder { chat_id, before } => {
                let messages = s.messages(chat_id, super::app::CONVERSATION_PAGE, Some(before))?;
                let has_older = messages.len() == super::app::CONVERSATION_PAGE;
                vec![Msg::Older { chat_id, messages, has_older }]
            }
            Effect::LoadLabels => vec![Msg::Labels(s.labels()?)],
            Effect::LoadAway => {
                vec![
                    Msg::Away(s.manual_away(now_ms())?),
                    Msg::HistorySync(s.history_sync()?),
                    Msg::HooksFailing(s.failing_hooks()?),
                ]
            }
            Effect::Send { chat_id, body } => {
                s.queue_outbound(&crate::store::NewOutbound {
                    chat_id,
                    body,
                    origin: crate::model::Origin::Operator,
                    reply_to: None,
                })?;
                shell.wake_worker();
                changed
            }
            Effect::MarkRead(id) => {
                s.mark_read(id)?;
                changed
            }
            Effect::MarkUnread(id) => {
                s.mark_unread(id)?;
                changed
            }
            Effect::SetStatus { chat_id, status, until } => {
                s.set_chat_status(chat_id, status, until)?;
                changed
            }
            Effect::SaveDraft { chat_id, text } => {
                s.set_draft(chat_id, &text)?;
                Vec::new()
            }
            Effect::Search(query) => vec![Msg::SearchResults { hits: s.search(&query, 50)?, query }],
            Effect::OpenEditor(text) => {
                let edited = shell.edit(&text);
                // The editor drew over the screen: clear it so the next frame paints every cell.
                self.terminal.clear().map_err(|e| StoreError::Invalid(format!("redraw: {e}")))?;
                vec![Msg::EditorDone(edited)]
            }
            Effect::SetLabel { chat_id, label_id, on } => {
                if on {
                    s.assign_label(chat_id, label_id)?;
                } else {
                    s.unassign_label(chat_id, label_id)?;
                }
                changed
            }
            Effect::SetUnread { chat_id, unread } => {
                s.set_unread(chat_id, unread)?;
                changed
            }
            Effect::SetAway(state) => {
                s.set_manual_away(state)?;
                changed
            }
            Effect::Resend(id) => {
                s.resend(id)?;
                shell.wake_worker();
                changed
            }
            Effect::LoadQuickReplies => vec![Msg::QuickReplies(s.quick_replies()?)],
            Effect::NoteQuickReplyUse(id) => {
                s.note_quick_reply_use(id)?;
                Vec::new()
            }
            Effect::SaveQuickReply { id, shortcut, text } => {
                match id {
                    Some(id) => s.update_quick_reply(id, &shortcut, &text)?,
                    None => drop(s.add_quick_reply(&shortcut, &text)?),
                }
                changed
            }
            Effect::DeleteQuickReply(id) => {
                s.delete_quick_reply(id)?;
                changed
            }
            Effect::SaveLabel { id, name } => {
                match id {
                    Some(id) => s.set_label_name(id, &name)?,
                    None => drop(s.add_label(&name, crate::store::LabelColor(10))?),
                }
                changed
            }
            Effect::RecolorLabel { id, color } => {
                s.set_label_color(id, color)?;
                changed
            }
            Effect::MoveLabel { id, delta } => {
                s.move_label(id, delta)?;
                changed
            }
            Effect::DeleteLabel(id) => {
                s.delete_label(id)?;
                changed
            }
            Effect::LoadStats(range) if shell.load_stats(&range, self.app.tz) => Vec::new(),
            Effect::LoadStats(range) => {
                let tz = self.app.tz;
                let parsed = crate::stats::DayRange::parse(&range, chrono::Utc::now(), tz)
                    .map_err(StoreError::Invalid)?;
                vec![Msg::Stats { report: s.stats(&parsed, None)?, range }]
            }
            Effect::Block { chat_id, block } => {
                shell.block(chat_id, block);
                Vec::new()
            }
            Effect::Typing(chat_id) => {
                if s.note_typing(chat_id, now_ms())? {
                    shell.wake_worker();
                }
                Vec::new()
            }
            Effect::SendTemplate { chat_id, template } => {
                s.queue_template(chat_id, &template, crate::model::Origin::Operator)?;
                shell.wake_worker();
                changed
            }
            Effect::Broadcast(cmd) => super::broadcast_io::perform(s, cmd, shell)?,
            Effect::Media(cmd) => super::media_io::perform(s, &self.media_dir, cmd, shell)?,
            Effect::SetConsent { chat_id, state } => {
                let contact = s.chat_contact(chat_id)?;
                let key = match (contact.phone, contact.user_id) {
                    (Some(p), _) => crate::store::ContactKey::Phone(p),
                    (None, u) => crate::store::ContactKey::UserId(u.unwrap_or_default()),
                };
                let change = crate::store::ConsentChange {
                    state,
                    at: now_ms(),
                    source: "set in the inbox",
                    by: "operator",
                };
                s.set_consent(&key, &change)?;
                changed
            }
            Effect::OpenMedia(id) => {
                shell.open_media(id);
                Vec::new()
            }
            Effect::Jump { chat_id, around } => vec![Msg::JumpTo { chat: s.chat(chat_id)?, around }],
            Effect::Redraw => {
                self.terminal.clear().map_err(|e| StoreError::Invalid(format!("redraw: {e}")))?;
                Vec::new()
            }
            Effect::Bell => {
                shell.bell();
                Vec::new()
            }
            Effect::Desktop { title, body } => {
                shell.desktop(&title, &body);
                Vec::new()
            }
            Effect::Quit => Vec::new(),
        })
    }
}

/// A window of the list; with `keep`, moved (if it must) so that chat is in it wherever it now is.
fn load_chats(
    s: &Store,
    filter: &ChatFilter,
    offset: usize,
    limit: usize,
    keep: Option<i64>,
) -> Result<Vec<Msg>, StoreError> {
    let total = s.count_chats(filter)?;
    let mut offset = offset.min(total.saturating_sub(1));
    if let Some(at) = keep.map(|id| s.chat_position(filter, id)).transpose()?.flatten() {
        offset = super::app::window_around(at, offset, limit);
    }
    let rows = s.chats(filter, offset, limit)?;
    Ok(vec![Msg::Chats { offset, total, rows }])
}

/// How long the inbox took: to its first frame, and from each key press to the next frame.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Timings {
    pub first_frame: Duration,
    pub keys: Vec<Duration>,
}

impl Timings {
    /// One line: "first frame 4.2 ms · 153 keys: p50 0.8 ms, p99 3.1 ms, max 5.0 ms".
    pub fn summary(&self) -> String {
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        let mut keys = self.keys.clone();
        keys.sort_unstable();
        let at = |p: usize| keys.get((p * keys.len()).div_ceil(100).max(1) - 1).copied().unwrap_or_default();
        let mut out = format!("first frame {}", ms(self.first_frame));
        if !keys.is_empty() {
            let max = keys.last().copied().unwrap_or_default();
            out.push_str(&format!(
                " · {} keys: p50 {}, p99 {}, max {}",
                keys.len(),
                ms(at(50)),
                ms(at(99)),
                ms(max)
            ));
        }
        out
    }
}

/// Runs until the app quits: waits for a message (input, worker, signal) or the poll interval,
/// handles it and everything queued behind it, then draws. `started` is when wabi started.
pub fn run<B: Backend>(
    session: &mut Session<B>,
    events: &Receiver<Msg>,
    shell: &mut dyn Shell,
    started: Instant,
) -> std::io::Result<Timings> {
    session.start(shell);
    session.draw()?;
    let mut timings = Timings { first_frame: started.elapsed(), keys: Vec::new() };
    let mut last_tick = Instant::now();
    while !session.app.quit {
        match events.recv_timeout(POLL) {
            Ok(msg) => {
                let t0 = Instant::now();
                let key = matches!(msg, Msg::Key(_));
                session.dispatch(msg, shell);
                // Drain what else is waiting (a held-down key, a paste) before the next frame.
                while let Ok(msg) = events.try_recv() {
                    session.dispatch(msg, shell);
                }
                session.draw()?;
                if key {
                    timings.keys.push(t0.elapsed());
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if last_tick.elapsed() >= POLL {
            last_tick = Instant::now();
            session.poll_store(shell);
            session.dispatch(Msg::Tick(now_ms()), shell);
            session.draw()?;
        }
    }
    Ok(timings)
}

#[cfg(test)]
mod tests;
