//! The manager screens for quick replies (add, edit, delete) and labels (add, rename, recolour,
//! reorder, delete): a list and a small form, one generic overlay.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Overlay};
use crate::quick_reply::{validate_shortcut, validate_text};
use crate::store::{LabelColor, PALETTE};
use crate::tui::draft::Draft;

/// Which things the manager manages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManagerKind {
    QuickReplies,
    Labels,
}

/// A form of one or two text fields; `editing` is the id of the item changed (None: a new one).
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub fields: Vec<(String, Draft)>,
    pub focus: usize,
    pub editing: Option<i64>,
    pub error: Option<String>,
}

/// The manager overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct Manager {
    pub kind: ManagerKind,
    pub selected: usize,
    pub form: Option<Form>,
    pub confirm_delete: bool,
}

impl Manager {
    pub fn new(kind: ManagerKind) -> Manager {
        Manager { kind, selected: 0, form: None, confirm_delete: false }
    }
}

impl App {
    /// Number of rows the manager lists.
    fn manager_len(&self, kind: ManagerKind) -> usize {
        match kind {
            ManagerKind::QuickReplies => self.quick_replies.len(),
            ManagerKind::Labels => self.labels.len(),
        }
    }

    pub(super) fn manager_key(&mut self, mut m: Manager, key: &KeyEvent) -> (Option<Overlay>, Vec<Effect>) {
        if let Some(form) = m.form.take() {
            return self.form_key(m, form, key);
        }
        if std::mem::take(&mut m.confirm_delete) {
            let effects = if key.code == KeyCode::Char('y') { self.delete_selected(&m) } else { Vec::new() };
            return (Some(Overlay::Manager(m)), effects);
        }
        let len = self.manager_len(m.kind);
        let mut effects = Vec::new();
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return (None, Vec::new()),
            KeyCode::Down | KeyCode::Char('j') => m.selected = (m.selected + 1).min(len.saturating_sub(1)),
            KeyCode::Up | KeyCode::Char('k') => m.selected = m.selected.saturating_sub(1),
            KeyCode::Char('a') => m.form = Some(self.new_form(m.kind, None)),
            KeyCode::Char('e') | KeyCode::Char('r') | KeyCode::Enter if len > 0 => {
                m.form = Some(self.new_form(m.kind, Some(m.selected)));
            }
            KeyCode::Char('d') if len > 0 => m.confirm_delete = true,
            KeyCode::Char('c') | KeyCode::Char('C') if m.kind == ManagerKind::Labels => {
                effects = self.recolor_selected(&m, key.code == KeyCode::Char('c'));
            }
            KeyCode::Char('K') | KeyCode::Char('J') if m.kind == ManagerKind::Labels => {
                let delta = if key.code == KeyCode::Char('K') { -1 } else { 1 };
                if let Some(label) = self.labels.get(m.selected) {
                    effects.push(Effect::MoveLabel { id: label.id, delta });
                    m.selected = m.selected.saturating_add_signed(delta).min(len.saturating_sub(1));
                }
            }
            _ => {}
        }
        (Some(Overlay::Manager(m)), effects)
    }

    /// An empty form, or one filled from the item at `index`.
    fn new_form(&self, kind: ManagerKind, index: Option<usize>) -> Form {
        let (fields, editing) = match kind {
            ManagerKind::QuickReplies => {
                let q = index.and_then(|i| self.quick_replies.get(i));
                let fields = vec![
                    ("Shortcut".to_string(), Draft::new(q.map_or("", |q| q.shortcut.as_str()))),
                    ("Text".to_string(), Draft::new(q.map_or("", |q| q.text.as_str()))),
                ];
                (fields, q.map(|q| q.id))
            }
            ManagerKind::Labels => {
                let l = index.and_then(|i| self.labels.get(i));
                (vec![("Name".to_string(), Draft::new(l.map_or("", |l| l.name.as_str())))], l.map(|l| l.id))
            }
        };
        Form { fields, focus: 0, editing, error: None }
    }

    fn form_key(&mut self, mut m: Manager, mut form: Form, key: &KeyEvent) -> (Option<Overlay>, Vec<Effect>) {
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Esc => return (Some(Overlay::Manager(m)), Vec::new()),
            KeyCode::Tab | KeyCode::BackTab => form.focus = (form.focus + 1) % form.fields.len().max(1),
            KeyCode::Enter if alt => {
                if let Some((_, d)) = form.fields.get_mut(form.focus) {
                    d.insert("\n");
                }
            }
            KeyCode::Enter => match self.submit(m.kind, &form) {
                Ok(effect) => return (Some(Overlay::Manager(m)), vec![effect]),
                Err(e) => form.error = Some(e),
            },
            _ => {
                if let Some((_, d)) = form.fields.get_mut(form.focus) {
                    super::overlay::edit_line(d, key);
                }
            }
        }
        m.form = Some(form);
        (Some(Overlay::Manager(m)), Vec::new())
    }

    /// Checks a form the way the CLI does; the error is shown in the form.
    fn submit(&self, kind: ManagerKind, form: &Form) -> Result<Effect, String> {
        let field = |i: usize| form.fields.get(i).map_or("", |f| f.1.text());
        match kind {
            ManagerKind::QuickReplies => {
                let shortcut =
                    validate_shortcut(field(0).trim_start_matches('/')).map_err(|e| e.to_string())?;
                validate_text(field(1)).map_err(|e| e.to_string())?;
                let taken =
                    self.quick_replies.iter().any(|q| q.shortcut == shortcut && Some(q.id) != form.editing);
                if taken {
                    return Err(format!("/{shortcut} exists already"));
                }
                Ok(Effect::SaveQuickReply { id: form.editing, shortcut, text: field(1).to_string() })
            }
            ManagerKind::Labels => {
                let name = field(0).trim();
                if name.is_empty() || name.chars().count() > 60 {
                    return Err("a label name has 1 to 60 characters".into());
                }
                let taken = self
                    .labels
                    .iter()
                    .any(|l| l.name.to_lowercase() == name.to_lowercase() && Some(l.id) != form.editing);
                if taken {
                    return Err(format!("a label named {name:?} exists already"));
                }
                Ok(Effect::SaveLabel { id: form.editing, name: name.to_string() })
            }
        }
    }

    fn delete_selected(&mut self, m: &Manager) -> Vec<Effect> {
        match m.kind {
            ManagerKind::QuickReplies => self
                .quick_replies
                .get(m.selected)
                .map(|q| Effect::DeleteQuickReply(q.id))
                .into_iter()
                .collect(),
            ManagerKind::Labels => {
                self.labels.get(m.selected).map(|l| Effect::DeleteLabel(l.id)).into_iter().collect()
            }
        }
    }

    fn recolor_selected(&self, m: &Manager, forward: bool) -> Vec<Effect> {
        let Some(label) = self.labels.get(m.selected) else { return Vec::new() };
        let n = PALETTE.len();
        let next = if forward { (label.color.0 + 1) % n } else { (label.color.0 + n - 1) % n };
        vec![Effect::RecolorLabel { id: label.id, color: LabelColor(next) }]
    }
}
