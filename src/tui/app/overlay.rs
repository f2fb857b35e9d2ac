//! Popups over the inbox: help, search, the snooze/away time menu, and the label pickers.

use std::collections::BTreeSet;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::time_menu::TimeMenu;
use super::{App, Effect};
use crate::store::SearchHit;
use crate::tui::draft::Draft;
use crate::tui::keymap::Context;

/// The popup on top, if any; it takes every key while open.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    Search(SearchState),
    Time(TimeMenu),
    Picker(Picker),
    Manager(super::manager::Manager),
    /// Boxed: a report is much larger than the other popups.
    Stats(Box<super::stats::StatsView>),
    Template(super::cloud::TemplatePicker),
    Consent(super::consent::ConsentMenu),
    Broadcast(Box<super::broadcast::BroadcastView>),
    /// A reaction's emoji, or a file to attach.
    Prompt(super::prompt::Prompt),
    /// The contact card (boxed: a card is much larger than the other popups).
    Card(Box<super::contact_card::CardView>),
}

impl Overlay {
    /// Pasted text goes into the popup's input, if it has one.
    pub fn paste(&mut self, text: &str) -> Vec<Effect> {
        let one_line = text.replace(['\r', '\n'], " ");
        match self {
            Overlay::Search(s) => {
                s.input.insert(&one_line);
                vec![Effect::Search(s.input.text().to_string())]
            }
            Overlay::Picker(p) => {
                p.query.insert(&one_line);
                p.selected = 0;
                Vec::new()
            }
            Overlay::Time(t) => {
                if let Some(d) = t.typing.as_mut() {
                    d.insert(&one_line);
                }
                Vec::new()
            }
            Overlay::Manager(m) => {
                if let Some((_, d)) = m.form.as_mut().and_then(|f| f.fields.get_mut(f.focus)) {
                    d.insert(text);
                }
                Vec::new()
            }
            Overlay::Template(t) => {
                if let Some((_, d)) = t.form.as_mut().and_then(|f| f.fields.get_mut(f.focus)) {
                    d.insert(&one_line);
                }
                Vec::new()
            }
            Overlay::Broadcast(b) => {
                if let Some(form) = b.form.as_mut() {
                    form.input.insert(&one_line);
                }
                Vec::new()
            }
            Overlay::Prompt(p) => {
                p.input.insert(one_line.trim());
                Vec::new()
            }
            Overlay::Card(v) => {
                let field = if v.field == 0 { &mut v.name } else { &mut v.note };
                field.insert(&one_line);
                Vec::new()
            }
            Overlay::Help | Overlay::Stats(_) | Overlay::Consent(_) => Vec::new(),
        }
    }
}

/// Search as you type over names and message text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchState {
    pub input: Draft,
    pub hits: Vec<SearchHit>,
    pub selected: usize,
}

/// Which label picker this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    /// Toggle labels on a chat.
    Chat { chat_id: i64 },
    /// Choose the labels the list is filtered by ("All chats" first).
    Filter,
}

/// Type to narrow, Enter to choose, Space to mark several.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub kind: PickerKind,
    pub query: Draft,
    pub selected: usize,
    pub marked: BTreeSet<i64>,
}

/// One row of a picker: a label id, or None for "All chats".
pub type PickerItem = (Option<i64>, String);

impl App {
    pub(super) fn overlay_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let Some(overlay) = self.overlay.take() else {
            return Vec::new();
        };
        let (keep, effects) = match overlay {
            Overlay::Help => self.help_key(key),
            Overlay::Search(s) => self.search_key(s, key),
            Overlay::Time(t) => self.time_key(t, key),
            Overlay::Picker(p) => self.picker_key(p, key),
            Overlay::Manager(m) => self.manager_key(m, key),
            Overlay::Stats(v) => self.stats_key(v, key),
            Overlay::Template(t) => self.template_key(t, key),
            Overlay::Consent(m) => self.consent_key(m, key),
            Overlay::Broadcast(b) => self.broadcast_key(b, key),
            Overlay::Prompt(p) => self.prompt_key(p, key),
            Overlay::Card(v) => self.card_key(v, key),
        };
        if self.overlay.is_none() {
            self.overlay = keep;
        }
        effects
    }

    fn search_key(&mut self, mut s: SearchState, key: &KeyEvent) -> (Option<Overlay>, Vec<Effect>) {
        match nav(key) {
            Nav::Close => return (None, Vec::new()),
            Nav::Down => s.selected = (s.selected + 1).min(s.hits.len().saturating_sub(1)),
            Nav::Up => s.selected = s.selected.saturating_sub(1),
            Nav::Choose => {
                let effects = match s.hits.get(s.selected) {
                    Some(hit) => vec![Effect::Jump { chat_id: hit.chat_id, around: hit.message_id }],
                    None => Vec::new(),
                };
                return (None, effects);
            }
            Nav::Other => {
                if edit_line(&mut s.input, key) {
                    s.selected = 0;
                    let query = s.input.text().to_string();
                    return (Some(Overlay::Search(s)), vec![Effect::Search(query)]);
                }
            }
            Nav::Mark => s.input.insert(" "),
        }
        (Some(Overlay::Search(s)), Vec::new())
    }

    pub(super) fn on_search_results(&mut self, query: &str, hits: Vec<SearchHit>) -> Vec<Effect> {
        if let Some(Overlay::Search(s)) = self.overlay.as_mut() {
            if s.input.text() == query {
                s.hits = hits;
                s.selected = s.selected.min(s.hits.len().saturating_sub(1));
            }
        }
        Vec::new()
    }

    pub(super) fn open_label_picker(&mut self, chat_id: i64) -> Vec<Effect> {
        let marked = self.chat_labels(chat_id);
        self.overlay = Some(Overlay::Picker(Picker {
            kind: PickerKind::Chat { chat_id },
            query: Draft::default(),
            selected: 0,
            marked,
        }));
        Vec::new()
    }

    pub(super) fn open_filter_picker(&mut self) -> Vec<Effect> {
        // Marks start empty: Enter on one label switches the filter to it; Space builds an "any of" set.
        let marked = BTreeSet::new();
        self.overlay = Some(Overlay::Picker(Picker {
            kind: PickerKind::Filter,
            query: Draft::default(),
            selected: 0,
            marked,
        }));
        Vec::new()
    }

    fn chat_labels(&self, chat_id: i64) -> BTreeSet<i64> {
        let from_list = self.list.rows.iter().find(|r| r.id == chat_id).map(|r| r.labels.clone());
        let from_open =
            self.conversation.as_ref().filter(|c| c.chat.id == chat_id).map(|c| c.chat.labels.clone());
        from_open.or(from_list).unwrap_or_default().into_iter().collect()
    }

    /// The rows a picker shows for its query: labels whose name contains the query (case-insensitive),
    /// with "All chats" first in the filter picker.
    pub fn picker_items(&self, p: &Picker) -> Vec<PickerItem> {
        let q = p.query.text().trim().to_lowercase();
        let mut items: Vec<PickerItem> = Vec::new();
        if p.kind == PickerKind::Filter && (q.is_empty() || "all chats".contains(&q)) {
            items.push((None, "All chats".into()));
        }
        items.extend(
            self.labels
                .iter()
                .filter(|l| l.name.to_lowercase().contains(&q))
                .map(|l| (Some(l.id), l.name.clone())),
        );
        items
    }

    fn picker_key(&mut self, mut p: Picker, key: &KeyEvent) -> (Option<Overlay>, Vec<Effect>) {
        let items = self.picker_items(&p);
        let highlighted = items.get(p.selected).map(|i| i.0);
        match nav(key) {
            Nav::Close => return (None, Vec::new()),
            Nav::Down => p.selected = (p.selected + 1).min(items.len().saturating_sub(1)),
            Nav::Up => p.selected = p.selected.saturating_sub(1),
            Nav::Mark => match (p.kind, highlighted) {
                (PickerKind::Filter, Some(Some(id))) => toggle(&mut p.marked, id),
                (PickerKind::Filter, Some(None)) => p.marked.clear(),
                (PickerKind::Chat { chat_id }, Some(Some(id))) => {
                    toggle(&mut p.marked, id);
                    let on = p.marked.contains(&id);
                    return (Some(Overlay::Picker(p)), self.label_changed(chat_id, id, on));
                }
                _ => {}
            },
            Nav::Choose => return self.picker_choose(p, highlighted),
            Nav::Other => {
                if edit_line(&mut p.query, key) {
                    p.selected = 0;
                }
            }
        }
        (Some(Overlay::Picker(p)), Vec::new())
    }

    fn picker_choose(
        &mut self,
        mut p: Picker,
        highlighted: Option<Option<i64>>,
    ) -> (Option<Overlay>, Vec<Effect>) {
        match (p.kind, highlighted) {
            (PickerKind::Chat { chat_id }, Some(Some(id))) => {
                toggle(&mut p.marked, id);
                let on = p.marked.contains(&id);
                (Some(Overlay::Picker(p)), self.label_changed(chat_id, id, on))
            }
            (PickerKind::Filter, highlighted) => {
                let labels: Vec<i64> = if !p.marked.is_empty() {
                    p.marked.iter().copied().collect()
                } else {
                    highlighted.flatten().into_iter().collect()
                };
                self.filter.labels = labels;
                self.focus = Context::List;
                (None, vec![self.reload_filtered()])
            }
            _ => (Some(Overlay::Picker(p)), Vec::new()),
        }
    }
}

impl App {
    /// The help scrolls with ↑/↓, j/k and the page keys (it is longer than a small terminal);
    /// any other key closes it.
    fn help_key(&mut self, key: &KeyEvent) -> (Option<Overlay>, Vec<Effect>) {
        let page = usize::from(self.size.1.saturating_sub(4)).max(1);
        let most = self.keymap.help().iter().map(|(_, rows)| rows.len() + 2).sum::<usize>();
        let scroll = self.help_scroll;
        self.help_scroll = match key.code {
            KeyCode::Down | KeyCode::Char('j') => scroll + 1,
            KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => scroll + page,
            KeyCode::PageUp => scroll.saturating_sub(page),
            _ => {
                self.help_scroll = 0;
                return (None, Vec::new());
            }
        }
        .min(most);
        (Some(Overlay::Help), Vec::new())
    }
}

fn toggle(set: &mut BTreeSet<i64>, id: i64) {
    if !set.remove(&id) {
        set.insert(id);
    }
}

/// Navigation keys shared by every popup.
pub(super) enum Nav {
    Close,
    Up,
    Down,
    Choose,
    Mark,
    Other,
}

pub(super) fn nav(key: &KeyEvent) -> Nav {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => Nav::Close,
        KeyCode::Char('c') if ctrl => Nav::Close,
        KeyCode::Up | KeyCode::BackTab => Nav::Up,
        KeyCode::Char('p' | 'k') if ctrl => Nav::Up,
        KeyCode::Down | KeyCode::Tab => Nav::Down,
        KeyCode::Char('n' | 'j') if ctrl => Nav::Down,
        KeyCode::Enter => Nav::Choose,
        KeyCode::Char(' ') => Nav::Mark,
        _ => Nav::Other,
    }
}

/// One-line text input; returns whether the text changed.
pub(super) fn edit_line(d: &mut Draft, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let before = d.text().len();
    match key.code {
        KeyCode::Char('w') if ctrl => d.delete_word(),
        KeyCode::Char(c) if !ctrl => d.insert(c.encode_utf8(&mut [0; 4])),
        KeyCode::Backspace => d.backspace(),
        KeyCode::Delete => d.delete(),
        KeyCode::Left => d.left(),
        KeyCode::Right => d.right(),
        _ => return false,
    }
    d.text().len() != before
}
