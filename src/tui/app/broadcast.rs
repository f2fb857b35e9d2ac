//! The broadcast screen (`B`): broadcast lists with the figures of their newest broadcasts, and a
//! one-line form to create a list, add numbers to it, or send it a text. Sending follows the same
//! rules as `wabi broadcast send` (consent, the 24-hour window with the Cloud API, pacing).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Form, Overlay};
use crate::broadcast::Pacing;
use crate::store::{ContactKey, ListOverview, OutboundTemplate};
use crate::tui::draft::Draft;

/// How many broadcasts of the selected list the screen shows.
pub const RECENT_BROADCASTS: usize = 5;

/// What the form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BroadcastFormKind {
    NewList,
    AddNumbers { list: String },
    Send { list: String },
}

/// The one-line form at the bottom of the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct BroadcastForm {
    pub kind: BroadcastFormKind,
    pub input: Draft,
    pub error: Option<String>,
    /// For a send: the approved template for members the text may not reach (outside the
    /// 24-hour window with the Cloud API), or for everyone when there is no text. Ctrl-T.
    pub template: Option<OutboundTemplate>,
    /// The template picker, open over the form.
    pub picking: Option<TemplatePick>,
}

impl BroadcastForm {
    fn new(kind: BroadcastFormKind) -> Self {
        BroadcastForm { kind, input: Draft::default(), error: None, template: None, picking: None }
    }
}

/// Choosing the send form's template: "no template" (0), then the `[[templates]]` of the config;
/// one with parameters asks for them before it is taken.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplatePick {
    pub selected: usize,
    pub params: Option<Form>,
}

/// The open broadcast screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BroadcastView {
    /// None until the store answered.
    pub lists: Option<Vec<ListOverview>>,
    pub selected: usize,
    pub form: Option<BroadcastForm>,
}

impl BroadcastView {
    pub fn selected_list(&self) -> Option<&ListOverview> {
        self.lists.as_ref()?.get(self.selected)
    }
}

/// What the run loop does for the screen; every command answers with the lists again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BroadcastCmd {
    Load,
    Create(String),
    Add {
        list: String,
        phones: Vec<ContactKey>,
    },
    Send {
        list: String,
        text: Option<String>,
        template: Option<OutboundTemplate>,
        require_opt_in: bool,
        window: bool,
        pacing: Pacing,
    },
}

impl App {
    pub(super) fn open_broadcasts(&mut self) -> Vec<Effect> {
        self.overlay = Some(Overlay::Broadcast(Box::default()));
        vec![Effect::Broadcast(BroadcastCmd::Load)]
    }

    /// The figures move while copies go out: reload them whenever the store changes.
    pub(super) fn broadcast_refresh(&self) -> Option<Effect> {
        matches!(self.overlay, Some(Overlay::Broadcast(_))).then_some(Effect::Broadcast(BroadcastCmd::Load))
    }

    pub(super) fn on_broadcasts(&mut self, lists: Vec<ListOverview>) -> Vec<Effect> {
        if let Some(Overlay::Broadcast(v)) = self.overlay.as_mut() {
            v.selected = v.selected.min(lists.len().saturating_sub(1));
            v.lists = Some(lists);
        }
        Vec::new()
    }

    pub(super) fn broadcast_key(
        &mut self,
        mut v: Box<BroadcastView>,
        key: &KeyEvent,
    ) -> (Option<Overlay>, Vec<Effect>) {
        if let Some(form) = v.form.take() {
            let effects = self.broadcast_form_key(&mut v, form, key);
            return (Some(Overlay::Broadcast(v)), effects);
        }
        let count = v.lists.as_ref().map_or(0, Vec::len);
        let selected = v.selected_list().map(|o| o.list.name.clone());
        let kind = match (key.code, selected) {
            (KeyCode::Esc | KeyCode::Char('q'), _) => return (None, Vec::new()),
            (KeyCode::Down | KeyCode::Char('j'), _) => {
                v.selected = (v.selected + 1).min(count.saturating_sub(1));
                None
            }
            (KeyCode::Up | KeyCode::Char('k'), _) => {
                v.selected = v.selected.saturating_sub(1);
                None
            }
            (KeyCode::Char('n'), _) => Some(BroadcastFormKind::NewList),
            (KeyCode::Char('a'), Some(list)) => Some(BroadcastFormKind::AddNumbers { list }),
            (KeyCode::Char('s') | KeyCode::Enter, Some(list)) => Some(BroadcastFormKind::Send { list }),
            _ => None,
        };
        if let Some(kind) = kind {
            v.form = Some(BroadcastForm::new(kind));
        }
        (Some(Overlay::Broadcast(v)), Vec::new())
    }

    fn broadcast_form_key(
        &mut self,
        v: &mut BroadcastView,
        mut form: BroadcastForm,
        key: &KeyEvent,
    ) -> Vec<Effect> {
        if let Some(pick) = form.picking.take() {
            self.template_pick_key(&mut form, pick, key);
            v.form = Some(form);
            return Vec::new();
        }
        let ctrl_t = key.code == KeyCode::Char('t') && key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl_t && matches!(form.kind, BroadcastFormKind::Send { .. }) {
            if self.templates.is_empty() {
                form.error = Some("No templates: list approved ones as [[templates]] in the config".into());
            } else {
                let current =
                    form.template.as_ref().and_then(|t| self.templates.iter().position(|c| c.name == t.name));
                form.picking = Some(TemplatePick { selected: current.map_or(0, |i| i + 1), params: None });
            }
            v.form = Some(form);
            return Vec::new();
        }
        match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter => match self.submit_broadcast_form(&form) {
                Ok(cmd) => {
                    self.notice = Some(submitted(&form.kind));
                    vec![Effect::Broadcast(cmd)]
                }
                Err(e) => {
                    form.error = Some(e);
                    v.form = Some(form);
                    Vec::new()
                }
            },
            _ => {
                if super::overlay::edit_line(&mut form.input, key) {
                    form.error = None;
                }
                v.form = Some(form);
                Vec::new()
            }
        }
    }

    /// The command a filled-in form asks for; a mistake the operator can fix stays in the form.
    fn submit_broadcast_form(&self, form: &BroadcastForm) -> Result<BroadcastCmd, String> {
        let text = form.input.text().trim();
        if text.is_empty() && form.template.is_none() {
            let send = matches!(form.kind, BroadcastFormKind::Send { .. });
            return Err(if send && !self.templates.is_empty() {
                "type a message or pick a template with Ctrl-T (Esc cancels)".into()
            } else {
                "type something first (Esc cancels)".into()
            });
        }
        Ok(match &form.kind {
            BroadcastFormKind::NewList => BroadcastCmd::Create(text.to_string()),
            BroadcastFormKind::AddNumbers { list } => {
                let phones = text
                    .split([',', ';'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| ContactKey::parse(p).map_err(|e| e.to_string()))
                    .collect::<Result<Vec<_>, _>>()?;
                BroadcastCmd::Add { list: list.clone(), phones }
            }
            BroadcastFormKind::Send { list } => BroadcastCmd::Send {
                list: list.clone(),
                text: (!text.is_empty()).then(|| text.to_string()),
                template: form.template.clone(),
                require_opt_in: self.broadcast.require_opt_in,
                window: self.cloud,
                pacing: Pacing {
                    interval_ms: self.broadcast.interval_ms(),
                    recipient_gap_ms: self.broadcast.recipient_gap.num_milliseconds(),
                },
            },
        })
    }
}

impl App {
    /// A key in the template picker over the send form; Esc goes back to the form unchanged.
    fn template_pick_key(&mut self, form: &mut BroadcastForm, mut pick: TemplatePick, key: &KeyEvent) {
        if let Some(mut params) = pick.params.take() {
            match key.code {
                KeyCode::Esc => {}
                KeyCode::Tab => params.focus = (params.focus + 1) % params.fields.len().max(1),
                KeyCode::Enter => {
                    let values: Vec<String> =
                        params.fields.iter().map(|(_, d)| d.text().trim().to_string()).collect();
                    match values.iter().position(String::is_empty) {
                        Some(i) => {
                            let name = params.fields.get(i).map_or("a parameter", |(n, _)| n.as_str());
                            params.error = Some(format!("{name} is empty"));
                        }
                        None => {
                            form.template = self.chosen_template(pick.selected, values);
                            form.error = None;
                            return;
                        }
                    }
                }
                _ => {
                    if let Some((_, d)) = params.fields.get_mut(params.focus) {
                        super::overlay::edit_line(d, key);
                    }
                }
            }
            pick.params = Some(params);
            form.picking = Some(pick);
            return;
        }
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return,
            KeyCode::Down | KeyCode::Char('j') => {
                pick.selected = (pick.selected + 1).min(self.templates.len())
            }
            KeyCode::Up | KeyCode::Char('k') => pick.selected = pick.selected.saturating_sub(1),
            KeyCode::Enter => {
                let Some(t) = pick.selected.checked_sub(1).and_then(|i| self.templates.get(i)) else {
                    form.template = None;
                    return;
                };
                if t.params.is_empty() {
                    form.template = self.chosen_template(pick.selected, Vec::new());
                    form.error = None;
                    return;
                }
                // Choosing the same template again starts from the values it has.
                let old = form.template.as_ref().filter(|c| c.name == t.name).map(|c| c.params.clone());
                let fields = t
                    .params
                    .iter()
                    .enumerate()
                    .map(|(i, name)| {
                        let value = old.as_ref().and_then(|o| o.get(i)).map_or("", String::as_str);
                        (name.clone(), Draft::new(value))
                    })
                    .collect();
                pick.params = Some(Form { fields, focus: 0, editing: None, error: None });
            }
            _ => {}
        }
        form.picking = Some(pick);
    }

    /// The picker's `selected` entry (1 is the first template) with its parameter values.
    fn chosen_template(&self, selected: usize, params: Vec<String>) -> Option<OutboundTemplate> {
        let t = self.templates.get(selected.checked_sub(1)?)?;
        let text = (!t.body.trim().is_empty()).then(|| t.fill(&params));
        Some(OutboundTemplate {
            name: t.name.clone(),
            language: t.language.clone(),
            params,
            param_names: t.param_names.clone(),
            text,
            ..Default::default()
        })
    }
}

fn submitted(kind: &BroadcastFormKind) -> String {
    match kind {
        BroadcastFormKind::NewList => "Creating the list…".into(),
        BroadcastFormKind::AddNumbers { list } => format!("Adding to {list}…"),
        BroadcastFormKind::Send { list } => format!("Broadcast to {list} queued; figures follow below"),
    }
}

impl BroadcastForm {
    /// The prompt before the input.
    pub fn prompt(&self) -> String {
        match &self.kind {
            BroadcastFormKind::NewList => "New list name".into(),
            BroadcastFormKind::AddNumbers { list } => format!("Numbers to add to {list} (comma separated)"),
            BroadcastFormKind::Send { list } => format!("Message to everyone on {list} who may receive it"),
        }
    }
}
