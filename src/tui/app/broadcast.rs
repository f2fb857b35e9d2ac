//! The broadcast screen (`B`): broadcast lists with the figures of their newest broadcasts, and a
//! one-line form to create a list, add numbers to it, or send it a text. Sending follows the same
//! rules as `wabi broadcast send` (consent, the 24-hour window with the Cloud API, pacing).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Form, Overlay};
use crate::broadcast::Pacing;
use crate::quick_reply::PlaceholderValues;
use crate::store::{BroadcastPreview, ContactKey, ListOverview, OutboundTemplate};
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
    /// A send planned but not sent: Enter again sends it; any change asks for a new preview.
    pub preview: Option<BroadcastPreview>,
}

impl BroadcastForm {
    fn new(kind: BroadcastFormKind) -> Self {
        BroadcastForm {
            kind,
            input: Draft::default(),
            error: None,
            template: None,
            picking: None,
            preview: None,
        }
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
    /// The selected list's members, shown instead of its broadcasts (`m`).
    pub members: Option<super::MembersView>,
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
    /// Numbers, and everyone whose chat carries one of `labels` (names, typed as `#VIP`).
    Add {
        list: String,
        phones: Vec<ContactKey>,
        labels: Vec<String>,
    },
    /// A list's members (answered with them, and the lists).
    Members(String),
    /// Take one member off a list (answered with the members left).
    Remove {
        list: String,
        key: ContactKey,
    },
    Send {
        list: String,
        text: Option<String>,
        template: Option<OutboundTemplate>,
        require_opt_in: bool,
        window: bool,
        pacing: Pacing,
        /// Business and hours values; each member's name is filled in per member.
        placeholders: Box<PlaceholderValues>,
        /// Only plan it and answer with a preview; nothing is written.
        dry_run: bool,
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
        if v.members.is_some() {
            let effects = self.members_key(&mut v, key);
            return (Some(Overlay::Broadcast(v)), effects);
        }
        if key.code == KeyCode::Char('m') {
            let effects = App::open_members(&mut v);
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
            form.preview = None;
            v.form = Some(form);
            return Vec::new();
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let send_form = matches!(form.kind, BroadcastFormKind::Send { .. });
        let multi_line = send_form || matches!(form.kind, BroadcastFormKind::AddNumbers { .. });
        if multi_line && (key.code == KeyCode::Enter && alt || key.code == KeyCode::Char('j') && ctrl) {
            // A new line, never a send.
            form.input.insert("\n");
            form.preview = None;
            v.form = Some(form);
            return Vec::new();
        }
        if send_form && key.code == KeyCode::Char('e') && ctrl {
            let text = form.input.text().to_string();
            form.preview = None;
            v.form = Some(form);
            return vec![Effect::OpenEditor(text)];
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
                Ok(cmd @ BroadcastCmd::Send { .. })
                    if form.preview.as_ref().is_some_and(|p| p.reached() > 0) =>
                {
                    // Seen, and Enter again: send it.
                    self.notice = Some(submitted(&form.kind));
                    vec![Effect::Broadcast(cmd.confirmed())]
                }
                Ok(BroadcastCmd::Send { .. }) if form.preview.is_some() => {
                    form.error = Some("nobody on the list would get it (see the counts); Esc cancels".into());
                    v.form = Some(form);
                    Vec::new()
                }
                Ok(cmd @ BroadcastCmd::Send { .. }) => {
                    form.error = None;
                    v.form = Some(form);
                    vec![Effect::Broadcast(cmd)]
                }
                Ok(cmd) => {
                    self.notice = Some(
                        match &cmd {
                            BroadcastCmd::Add { .. } => added_note(&form),
                            _ => None,
                        }
                        .unwrap_or_else(|| submitted(&form.kind)),
                    );
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
                    form.preview = None;
                }
                v.form = Some(form);
                Vec::new()
            }
        }
    }

    /// The preview of a send asked for with Enter: shown in the form, which waits for Enter again.
    pub(super) fn on_broadcast_preview(&mut self, preview: Result<BroadcastPreview, String>) -> Vec<Effect> {
        if let Some(form) = self.broadcast_form_mut() {
            match preview {
                Ok(p) => form.preview = Some(p),
                Err(e) => form.error = Some(e),
            }
        }
        Vec::new()
    }

    /// The text back from $EDITOR goes into the send form, when that is what asked for it.
    pub(super) fn broadcast_editor_done(&mut self, text: &str) -> bool {
        let Some(form) = self.broadcast_form_mut() else {
            return false;
        };
        let text = text.trim_end_matches('\n').to_string();
        let len = text.len();
        form.input.set(text, len);
        form.preview = None;
        true
    }

    fn broadcast_form_mut(&mut self) -> Option<&mut BroadcastForm> {
        match self.overlay.as_mut() {
            Some(Overlay::Broadcast(v)) => v.form.as_mut(),
            _ => None,
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
                // A bad number does not stop the good ones; the notice names it.
                let (phones, bad) = parse_numbers(text);
                let labels = label_tokens(text);
                if phones.is_empty() && labels.is_empty() {
                    return Err(bad.into_iter().next().unwrap_or_else(|| "no numbers".into()));
                }
                BroadcastCmd::Add { list: list.clone(), phones, labels }
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
                placeholders: Box::new(self.base_placeholders()),
                dry_run: true,
            },
        })
    }

    /// What placeholders say for every member: the business and its hours now.
    fn base_placeholders(&self) -> PlaceholderValues {
        let now = chrono::DateTime::from_timestamp_millis(self.now).unwrap_or_default();
        let nobody = crate::placeholders::Customer::default();
        crate::placeholders::values_for(&nobody, &self.business, &self.schedule, now)
    }
}

impl BroadcastCmd {
    /// The send a preview showed, for real.
    fn confirmed(self) -> BroadcastCmd {
        match self {
            BroadcastCmd::Send {
                list, text, template, require_opt_in, window, pacing, placeholders, ..
            } => BroadcastCmd::Send {
                list,
                text,
                template,
                require_opt_in,
                window,
                pacing,
                placeholders,
                dry_run: false,
            },
            other => other,
        }
    }
}

/// The numbers of a typed list (commas, semicolons or new lines between them), and a line for
/// each one that is not a number.
fn parse_numbers(text: &str) -> (Vec<ContactKey>, Vec<String>) {
    let mut keys = Vec::new();
    let mut bad = Vec::new();
    for p in text.split([',', ';', '\n']).map(str::trim).filter(|p| !p.is_empty() && !p.starts_with('#')) {
        match ContactKey::parse(p) {
            Ok(k) if !keys.contains(&k) => keys.push(k),
            Ok(_) => {}
            Err(e) => bad.push(format!("{p:?}: {e}")),
        }
    }
    (keys, bad)
}

/// `#Label` entries of a typed list: everyone whose chat carries that label.
fn label_tokens(text: &str) -> Vec<String> {
    text.split([',', ';', '\n'])
        .filter_map(|p| p.trim().strip_prefix('#'))
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .collect()
}

/// The notice after adding numbers of which some were not numbers.
fn added_note(form: &BroadcastForm) -> Option<String> {
    let (keys, bad) = parse_numbers(form.input.text());
    let list = match &form.kind {
        BroadcastFormKind::AddNumbers { list } => list,
        _ => return None,
    };
    (!bad.is_empty()).then(|| format!("Adding {} to {list}; left out {}", keys.len(), bad.join("; ")))
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
            BroadcastFormKind::AddNumbers { list } => {
                format!("Numbers to add to {list}, or #Label for everyone with it (comma separated)")
            }
            BroadcastFormKind::Send { list } => format!("Message to everyone on {list} who may receive it"),
        }
    }
}
