//! One-line prompts over the conversation: the emoji of a reaction, and the path of a file to
//! attach (Tab completes it from the directory, `~` is the home directory; several Enter-ed paths
//! attach several files). Checks here are the cheap ones (one emoji, the file exists); the file's
//! type and size are checked when it is sent, off the UI thread.

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::cursor::MediaCmd;
use super::overlay::edit_line;
use super::{App, Effect, Overlay};
use crate::store::MessageRow;
use crate::tui::draft::Draft;
use crate::tui::keymap::Context;

/// What a prompt asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// The emoji to react to the message with this provider id.
    React { chat_id: i64, target: String },
    /// A file to attach to the draft.
    Attach,
    /// The phone number of a chat to start (`n` in the list).
    NewChat,
    /// The phone number to forward message `id` to.
    Forward { id: i64 },
    /// Where to save the attachment of message `id`.
    Save { id: i64 },
}

/// A one-line prompt and what Tab last offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: Draft,
    /// Names Tab found when it could not choose one (shown under the input).
    pub choices: Vec<String>,
}

impl Prompt {
    fn new(kind: PromptKind) -> Prompt {
        Prompt { kind, input: Draft::default(), choices: Vec::new() }
    }
}

impl App {
    pub(super) fn open_react_prompt(&mut self, m: &MessageRow) -> Vec<Effect> {
        let (Some(target), Some(c)) = (m.external_id.clone(), self.conversation.as_ref()) else {
            self.notice = Some("this message was not sent yet, so it cannot be reacted to".into());
            return Vec::new();
        };
        let chat_id = c.chat.id;
        self.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::React { chat_id, target })));
        Vec::new()
    }

    /// `Ctrl-O` in the composer (`A` in the conversation): the path prompt.
    pub(super) fn open_attach_prompt(&mut self) -> Vec<Effect> {
        if self.conversation.is_some() {
            self.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::Attach)));
        }
        Vec::new()
    }

    /// `f` on the selected message: the number to forward it to.
    pub(super) fn open_forward_prompt(&mut self, id: i64) -> Vec<Effect> {
        self.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::Forward { id })));
        Vec::new()
    }

    /// `S` on the selected message: where to save its attachment (Tab completes, as for attaching).
    pub(super) fn open_save_prompt(&mut self, m: &MessageRow) -> Vec<Effect> {
        let mut prompt = Prompt::new(PromptKind::Save { id: m.id });
        prompt.input.insert("~/");
        self.overlay = Some(Overlay::Prompt(prompt));
        Vec::new()
    }

    /// `n` in the list: the number prompt.
    pub(super) fn open_new_chat_prompt(&mut self) -> Vec<Effect> {
        self.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::NewChat)));
        Vec::new()
    }

    /// A paste that is only the path of a file (as a file manager's drag and drop gives, maybe
    /// quoted) opens the attach prompt with it, rather than going into the text. Returns whether
    /// it did.
    pub(super) fn offer_to_attach(&mut self, pasted: &str) -> bool {
        let text = pasted.trim().trim_matches(|c| c == '\'' || c == '"');
        let looks_like_path = text.starts_with('/') || text.starts_with("~/");
        if self.conversation.is_none() || !looks_like_path || text.contains('\n') || !expand(text).is_file() {
            return false;
        }
        let mut prompt = Prompt::new(PromptKind::Attach);
        prompt.input.insert(text);
        self.overlay = Some(Overlay::Prompt(prompt));
        self.notice = Some("A file's path was pasted: Enter attaches it, Esc leaves it out".into());
        true
    }

    pub(super) fn prompt_key(&mut self, mut p: Prompt, key: &KeyEvent) -> (Option<Overlay>, Vec<Effect>) {
        match key.code {
            KeyCode::Esc => return (None, Vec::new()),
            KeyCode::Enter => return self.submit_prompt(p),
            KeyCode::Tab if matches!(p.kind, PromptKind::Attach | PromptKind::Save { .. }) => {
                let (text, choices) = complete(p.input.text());
                let len = text.len();
                p.input.set(text, len);
                p.choices = choices;
            }
            _ => {
                edit_line(&mut p.input, key);
            }
        }
        (Some(Overlay::Prompt(p)), Vec::new())
    }

    fn submit_prompt(&mut self, p: Prompt) -> (Option<Overlay>, Vec<Effect>) {
        let text = p.input.text().trim().to_string();
        match p.kind {
            PromptKind::React { chat_id, ref target } => match crate::reaction::check_emoji(&text) {
                Ok(emoji) => {
                    let cmd = MediaCmd::React { chat_id, target: target.clone(), emoji: emoji.to_string() };
                    (None, vec![Effect::Media(cmd)])
                }
                Err(e) => {
                    self.notice = Some(e);
                    (Some(Overlay::Prompt(p)), Vec::new())
                }
            },
            PromptKind::NewChat | PromptKind::Forward { .. } => match crate::phone::parse_phone(&text) {
                Ok(digits) if matches!(p.kind, PromptKind::NewChat) => {
                    (None, vec![Effect::Media(MediaCmd::NewChat(digits))])
                }
                Ok(phone) => {
                    let id = if let PromptKind::Forward { id } = p.kind { id } else { 0 };
                    self.notice = Some(format!("Forwarded to {}", crate::phone::display_phone(&phone)));
                    (None, vec![Effect::Media(MediaCmd::Forward { id, phone })])
                }
                Err(e) => {
                    self.notice = Some(e.to_string());
                    (Some(Overlay::Prompt(p)), Vec::new())
                }
            },
            PromptKind::Save { id } if !text.is_empty() => {
                (None, vec![Effect::Media(MediaCmd::Save { id, to: expand(&text) })])
            }
            PromptKind::Save { .. } => (None, Vec::new()),
            PromptKind::Attach => {
                let path = expand(&text);
                if text.is_empty() {
                    return (None, Vec::new());
                }
                if !path.is_file() {
                    self.notice = Some(format!("{}: no such file", crate::sanitize::one_line(&text)));
                    return (Some(Overlay::Prompt(p)), Vec::new());
                }
                if let Some(c) = self.conversation.as_mut() {
                    c.outgoing.files.push(path);
                    self.notice = Some("Attached: the text becomes the caption · Enter sends".into());
                }
                self.focus = Context::Composer;
                (None, Vec::new())
            }
        }
    }
}

/// `~` and `~/…` as the home directory.
pub fn expand(text: &str) -> PathBuf {
    let home = || std::env::var_os("HOME").map(PathBuf::from);
    match text.strip_prefix('~') {
        Some("") => home().unwrap_or_else(|| PathBuf::from("~")),
        Some(rest) if rest.starts_with('/') => match home() {
            Some(h) => h.join(rest.trim_start_matches('/')),
            None => PathBuf::from(text),
        },
        _ => PathBuf::from(text),
    }
}

/// Tab on a path: the longest completion the directory allows (a directory gets its `/`), and
/// the names to choose from when there are several.
pub fn complete(text: &str) -> (String, Vec<String>) {
    let (dir_text, prefix) = match text.rfind('/') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    };
    let dir = if dir_text.is_empty() { PathBuf::from(".") } else { expand(dir_text) };
    let Ok(entries) = std::fs::read_dir(&dir) else { return (text.to_string(), Vec::new()) };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let visible = !name.starts_with('.') || prefix.starts_with('.');
            (name.starts_with(prefix) && visible)
                .then(|| if is_dir(&dir.join(&name)) { format!("{name}/") } else { name })
        })
        .collect();
    names.sort();
    let common = common_prefix(&names);
    let completed = format!("{dir_text}{}", if common.len() > prefix.len() { common } else { prefix });
    let choices = if names.len() > 1 { names.into_iter().take(12).collect() } else { Vec::new() };
    (completed, choices)
}

fn is_dir(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_dir())
}

fn common_prefix(names: &[String]) -> &str {
    let Some(first) = names.first() else { return "" };
    let mut end = first.len();
    for name in &names[1..] {
        end = first
            .char_indices()
            .zip(name.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(end);
    }
    &first[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_completes_a_unique_name_and_lists_several() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ramo-rosas.jpg"), b"x").unwrap();
        std::fs::write(dir.path().join("ramo-tulipanes.jpg"), b"x").unwrap();
        std::fs::write(dir.path().join("carta.pdf"), b"x").unwrap();
        std::fs::create_dir(dir.path().join("fotos")).unwrap();
        let base = format!("{}/", dir.path().display());
        assert_eq!(complete(&format!("{base}ca")), (format!("{base}carta.pdf"), vec![]));
        assert_eq!(complete(&format!("{base}fo")), (format!("{base}fotos/"), vec![]));
        let (text, choices) = complete(&format!("{base}ra"));
        assert_eq!(text, format!("{base}ramo-"));
        assert_eq!(choices, ["ramo-rosas.jpg", "ramo-tulipanes.jpg"]);
        assert_eq!(complete(&format!("{base}zz")), (format!("{base}zz"), vec![]));
    }

    #[test]
    fn tilde_is_home() {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        if !home.as_os_str().is_empty() {
            assert_eq!(expand("~/shop/menu.pdf"), home.join("shop/menu.pdf"));
        }
        assert_eq!(expand("/tmp/x"), PathBuf::from("/tmp/x"));
    }
}
