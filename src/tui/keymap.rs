//! Every key binding in one table: the help overlay is generated from it and `[ui.keys]` in the
//! config overrides it by action name (kebab-case, as atuin does).

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::KeyList;

/// Where the focus is; each context has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    List,
    Conversation,
    Composer,
    /// The message cursor in the open chat (select mode).
    Select,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::List => "Chat list",
            Context::Conversation => "Conversation",
            Context::Composer => "Composer",
            Context::Select => "Message cursor",
        }
    }
}

macro_rules! actions {
    ($($variant:ident = $name:literal : $help:literal),+ $(,)?) => {
        /// Something a key can do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),+ }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];
            /// The kebab-case name used in `[ui.keys]`.
            pub fn name(self) -> &'static str { match self { $(Action::$variant => $name),+ } }
            /// One line for the help overlay.
            pub fn help(self) -> &'static str { match self { $(Action::$variant => $help),+ } }
            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)+ _ => None }
            }
        }
    };
}

actions! {
    Quit = "quit": "quit wabi",
    Help = "help": "show or hide this help",
    SelectNext = "select-next": "next chat",
    SelectPrev = "select-prev": "previous chat",
    SelectFirst = "select-first": "first chat",
    SelectLast = "select-last": "last chat",
    PageDown = "page-down": "one page down",
    PageUp = "page-up": "one page up",
    OpenChat = "open-chat": "open the chat and write",
    FocusNext = "focus-next": "switch between list and conversation",
    Search = "search": "search chats and messages",
    MarkDone = "mark-done": "done (back when the customer writes)",
    Snooze = "snooze": "snooze the chat",
    MarkUnread = "mark-unread": "mark the chat unread",
    NextView = "next-view": "next view: open, snoozed, done, all",
    PrevView = "prev-view": "previous view",
    LabelChat = "label-chat": "add or remove labels on the chat",
    FilterLabels = "filter-labels": "filter the list by labels",
    ToggleAway = "toggle-away": "away now / back",
    ScrollDown = "scroll-down": "scroll down",
    ScrollUp = "scroll-up": "scroll up (older messages load)",
    ScrollTop = "scroll-top": "oldest loaded message",
    ScrollBottom = "scroll-bottom": "newest message",
    Compose = "compose": "write in this chat",
    Resend = "resend": "resend the last failed message",
    Back = "back": "back to the chat list",
    Send = "send": "send the message",
    Newline = "newline": "new line in the message",
    EditExternal = "edit-external": "edit the draft in $EDITOR",
    ManageQuickReplies = "quick-replies": "manage quick replies (/shortcut answers)",
    ManageLabels = "manage-labels": "manage labels",
    Stats = "stats": "statistics per label",
    Broadcasts = "broadcasts": "broadcast lists: create, send, follow",
    SendTemplate = "send-template": "send an approved template (Cloud API)",
    OpenMedia = "open-media": "open the newest attachment",
    SetConsent = "set-consent": "record consent to offers",
    Block = "block": "block or unblock (Cloud API)",
    SelectMessage = "select-message": "select a message (reply, react, info…)",
    CursorDown = "cursor-down": "next message",
    CursorUp = "cursor-up": "previous message",
    Reply = "reply": "reply quoting the message",
    React = "react": "react with an emoji",
    JumpToQuoted = "jump-to-quoted": "go to the message it quotes",
    CopyMessage = "copy-message": "copy its text to the clipboard",
    OpenAttachment = "open-attachment": "open its attachment",
    MessageInfo = "message-info": "its status, time, origin, error",
    ResendMessage = "resend-message": "resend it (when failed)",
    Forward = "forward": "forward it to a phone number",
    SaveAttachment = "save-attachment": "save its attachment to a path",
    Attach = "attach": "attach a file by its path",
    NewChat = "new-chat": "start a chat with a phone number",
    ContactCard = "contact-card": "contact card: name, note, consent",
    Undo = "undo": "undo the last chat action",
    ClearFilter = "clear-filter": "clear the filter, then back to open",
    Redraw = "redraw": "redraw the whole screen",
}

/// A key with its modifiers, as the config writes it ("j", "ctrl-e", "alt-enter", "pgdown").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// Normalises a terminal key event (shift is part of the character for letters).
    pub fn from_event(e: &KeyEvent) -> Key {
        let mut mods = e.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        if matches!(e.code, KeyCode::BackTab) {
            mods |= KeyModifiers::SHIFT;
        }
        Key { code: e.code, mods }
    }

    /// Parses the config's spelling of a key.
    pub fn parse(text: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-").map(|_| &rest[5..]) {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = lower.strip_prefix("alt-").map(|_| &rest[4..]) {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdown" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() >= 2 && f.starts_with('f') => {
                KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(if mods.is_empty() { c } else { c.to_ascii_lowercase() })
            }
        };
        Some(Key { code, mods })
    }

    /// The key as the help overlay shows it.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        out + &base
    }
}

/// Default bindings: (context, action, keys).
const DEFAULTS: &[(Context, Action, &[&str])] = {
    use Action::*;
    use Context::*;
    &[
        (List, SelectNext, &["j", "down"]),
        (List, SelectPrev, &["k", "up"]),
        (List, SelectFirst, &["g", "home"]),
        (List, SelectLast, &["G", "end"]),
        (List, PageDown, &["pgdown", "ctrl-d"]),
        (List, PageUp, &["pgup", "ctrl-u"]),
        (List, OpenChat, &["enter", "i"]),
        (List, FocusNext, &["tab"]),
        (List, Search, &["/"]),
        (List, MarkDone, &["e"]),
        (List, Snooze, &["z"]),
        (List, MarkUnread, &["u"]),
        (List, Undo, &["U"]),
        (List, NextView, &["v"]),
        (List, PrevView, &["V"]),
        (List, LabelChat, &["l"]),
        (List, FilterLabels, &["f"]),
        (List, ToggleAway, &["a"]),
        (List, ManageQuickReplies, &["Q"]),
        (List, ManageLabels, &["L"]),
        (List, Stats, &["s"]),
        (List, Broadcasts, &["B"]),
        (List, Block, &["b"]),
        (List, ClearFilter, &["esc"]),
        (List, Redraw, &["ctrl-l"]),
        (List, Help, &["?"]),
        (List, Quit, &["q"]),
        (Conversation, ScrollDown, &["j", "down"]),
        (Conversation, ScrollUp, &["k", "up"]),
        (Conversation, PageDown, &["pgdown", "ctrl-d"]),
        (Conversation, PageUp, &["pgup", "ctrl-u"]),
        (Conversation, ScrollTop, &["g", "home"]),
        (Conversation, ScrollBottom, &["G", "end"]),
        (Conversation, Compose, &["i", "enter"]),
        (Conversation, FocusNext, &["tab"]),
        (Conversation, MarkDone, &["e"]),
        (Conversation, Snooze, &["z"]),
        (Conversation, MarkUnread, &["u"]),
        (Conversation, Undo, &["U"]),
        (Conversation, LabelChat, &["l"]),
        (Conversation, Resend, &["r"]),
        (Conversation, SendTemplate, &["T"]),
        (Conversation, OpenMedia, &["o"]),
        (Conversation, SetConsent, &["C"]),
        (Conversation, Block, &["b"]),
        (Conversation, Search, &["/"]),
        (Conversation, Back, &["esc", "q"]),
        (Conversation, Redraw, &["ctrl-l"]),
        (Conversation, Help, &["?"]),
        (Composer, Send, &["enter"]),
        (Composer, Newline, &["alt-enter", "ctrl-j"]),
        (Composer, EditExternal, &["ctrl-e"]),
        (Composer, SendTemplate, &["ctrl-t"]),
        (Composer, Back, &["esc"]),
        (Composer, FocusNext, &["tab"]),
        (Composer, PageUp, &["pgup"]),
        (Composer, PageDown, &["pgdown"]),
        (Composer, Attach, &["ctrl-o"]),
        (List, NewChat, &["n"]),
        (List, ContactCard, &["I"]),
        (Conversation, SelectMessage, &["s"]),
        (Conversation, Attach, &["A"]),
        (Select, CursorDown, &["j", "down"]),
        (Select, CursorUp, &["k", "up"]),
        (Select, Reply, &["r"]),
        (Select, React, &["+"]),
        (Select, JumpToQuoted, &["enter"]),
        (Select, CopyMessage, &["y"]),
        (Select, OpenAttachment, &["o"]),
        (Select, MessageInfo, &["i"]),
        (Select, ResendMessage, &["R"]),
        (Select, Forward, &["f"]),
        (Select, SaveAttachment, &["S"]),
        (Select, Back, &["esc", "q"]),
        (Composer, Redraw, &["ctrl-l"]),
    ]
};

/// The bindings in effect: defaults with the user's overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// In table order; a key appears once per context. A few dozen entries: a scan is cheap.
    bindings: Vec<(Context, Key, Action)>,
}

impl Keymap {
    /// Defaults, then each `[ui.keys]` entry replaces that action's keys in every context that has it.
    /// An error names the action and says what is wrong.
    pub fn new(overrides: &BTreeMap<String, KeyList>) -> Result<Keymap, (String, String)> {
        let mut bindings: Vec<(Context, Key, Action)> = Vec::new();
        for (ctx, action, keys) in DEFAULTS {
            let keys = match overrides.get(action.name()) {
                Some(list) => list.keys(),
                None => keys.to_vec(),
            };
            for k in keys {
                let key = Key::parse(k)
                    .ok_or_else(|| (action.name().to_string(), format!("{k:?} is not a key")))?;
                // Two actions on one key in one context: the second would never run.
                if let Some((_, _, other)) =
                    bindings.iter().find(|(c, k, a)| c == ctx && *k == key && a != action)
                {
                    let (named, other_name) = conflict_names(overrides, *action, *other);
                    return Err((
                        named.to_string(),
                        format!(
                            "{:?} is bound to both {named} and {other_name} in the {}; give one of them another key",
                            key.label(),
                            ctx.title().to_lowercase()
                        ),
                    ));
                }
                if !bindings.iter().any(|(c, k, _)| c == ctx && *k == key) {
                    bindings.push((*ctx, key, *action));
                }
            }
        }
        if let Some(name) = overrides.keys().find(|n| Action::from_name(n).is_none()) {
            return Err((name.clone(), "is not an action (see the help overlay, ?, for the names)".into()));
        }
        Ok(Keymap { bindings })
    }

    /// The action bound to a key in a context.
    pub fn action(&self, ctx: Context, key: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(key);
        self.bindings.iter().find(|(c, k, _)| *c == ctx && *k == key).map(|b| b.2)
    }

    /// The keys of an action in a context, for hints ("j/↓").
    pub fn keys_of(&self, ctx: Context, action: Action) -> Vec<Key> {
        self.bindings.iter().filter(|(c, _, a)| *c == ctx && *a == action).map(|b| b.1).collect()
    }

    /// Help rows per context: (context, [(keys, description)]), in table order.
    pub fn help(&self) -> Vec<(Context, Vec<(String, &'static str)>)> {
        let mut out: Vec<(Context, Vec<(String, &'static str)>)> = Vec::new();
        for (ctx, action, _) in DEFAULTS {
            let keys: Vec<String> = self.keys_of(*ctx, *action).iter().map(Key::label).collect();
            if keys.is_empty() {
                continue;
            }
            let row = (keys.join(" "), action.help());
            match out.iter_mut().find(|(c, _)| c == ctx) {
                Some((_, rows)) => rows.push(row),
                None => out.push((*ctx, vec![row])),
            }
        }
        out
    }
}

/// Which of two clashing actions the error is reported on: the one the config overrides (so the
/// line is the user's), and the other's name.
fn conflict_names(
    overrides: &BTreeMap<String, KeyList>,
    action: Action,
    other: Action,
) -> (&'static str, &'static str) {
    if overrides.contains_key(action.name()) {
        (action.name(), other.name())
    } else {
        (other.name(), action.name())
    }
}

impl Default for Keymap {
    fn default() -> Self {
        // ok: the defaults are constants that a test parses.
        Keymap::new(&BTreeMap::new()).unwrap_or(Keymap { bindings: Vec::new() })
    }
}

#[cfg(test)]
mod tests;
