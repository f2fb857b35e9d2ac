//! What the Cloud API adds to the inbox: the 24-hour customer service window (shown, and free-form
//! text refused outside it), approved templates from a picker, and attachments opened with `o`.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Effect, Form, Overlay};
use crate::model::Kind;
use crate::tui::draft::Draft;

/// The template picker: the approved templates (Meta's, then `[[templates]]`) with their text, then
/// a form asking each parameter by what it is, a media header's link and URL buttons' values.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplatePicker {
    pub chat_id: i64,
    pub selected: usize,
    pub form: Option<Form>,
}

impl App {
    /// Milliseconds left in the open chat's (or any chat's) window; None when closed. Only
    /// meaningful with the cloud transport.
    pub fn window_left(&self, last_inbound_at: Option<i64>) -> Option<i64> {
        crate::transport::cloud::window::remaining(last_inbound_at, self.now)
    }

    /// With the cloud transport, free-form text needs the customer to have written in 24 hours.
    pub(super) fn window_refuses(&mut self) -> bool {
        let Some(c) = self.conversation.as_ref() else { return false };
        if !self.cloud || self.window_left(c.chat.last_inbound_at).is_some() {
            return false;
        }
        self.notice = Some("Outside the 24-hour window only templates go out: T picks one".into());
        true
    }

    pub(super) fn open_template_picker(&mut self) -> Vec<Effect> {
        let Some(chat_id) = self.conversation.as_ref().map(|c| c.chat.id) else { return Vec::new() };
        if self.templates.is_empty() {
            self.notice = Some(
                "No approved templates: run wabi templates sync, or list them as [[templates]] in the config"
                    .into(),
            );
            return Vec::new();
        }
        self.overlay = Some(Overlay::Template(TemplatePicker { chat_id, selected: 0, form: None }));
        Vec::new()
    }

    pub(super) fn template_key(
        &mut self,
        mut p: TemplatePicker,
        key: &KeyEvent,
    ) -> (Option<Overlay>, Vec<Effect>) {
        if let Some(mut form) = p.form.take() {
            match key.code {
                KeyCode::Esc => {}
                KeyCode::Tab => {
                    form.focus = (form.focus + 1) % form.fields.len().max(1);
                    p.form = Some(form);
                }
                KeyCode::Enter => return self.send_template(p, form),
                _ => {
                    if let Some((_, d)) = form.fields.get_mut(form.focus) {
                        super::overlay::edit_line(d, key);
                    }
                    p.form = Some(form);
                }
            }
            return (Some(Overlay::Template(p)), Vec::new());
        }
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => return (None, Vec::new()),
            KeyCode::Down | KeyCode::Char('j') => {
                p.selected = (p.selected + 1).min(self.templates.len().saturating_sub(1))
            }
            KeyCode::Up | KeyCode::Char('k') => p.selected = p.selected.saturating_sub(1),
            KeyCode::Enter => {
                let Some(t) = self.templates.get(p.selected) else { return (None, Vec::new()) };
                let fields: Vec<(String, Draft)> =
                    template_fields(t).into_iter().map(|f| (f, Draft::default())).collect();
                let empty = fields.is_empty();
                let form = Form { fields, focus: 0, editing: None, error: None };
                if empty {
                    return self.send_template(p, form);
                }
                p.form = Some(form);
            }
            _ => {}
        }
        (Some(Overlay::Template(p)), Vec::new())
    }

    fn send_template(&mut self, mut p: TemplatePicker, mut form: Form) -> (Option<Overlay>, Vec<Effect>) {
        let Some(t) = self.templates.get(p.selected) else { return (None, Vec::new()) };
        let values: Vec<String> = form.fields.iter().map(|(_, d)| d.text().trim().to_string()).collect();
        if let Some(i) = values.iter().position(String::is_empty) {
            let name = form.fields.get(i).map_or("a parameter", |(f, _)| f.as_str());
            form.error = Some(format!("{name} is empty"));
            p.form = Some(form);
            return (Some(Overlay::Template(p)), Vec::new());
        }
        let (params, rest) = values.split_at(t.params.len().min(values.len()));
        let (header, buttons) = match (&t.media_header, rest.split_first()) {
            (Some(_), Some((link, buttons))) => (Some(link.as_str()), buttons),
            _ => (None, rest),
        };
        match t.outbound(params, header, buttons) {
            Ok(template) => {
                self.notice = Some(format!("Template {} queued", t.name));
                (None, vec![Effect::SendTemplate { chat_id: p.chat_id, template }])
            }
            Err(e) => {
                form.error = Some(e);
                p.form = Some(form);
                (Some(Overlay::Template(p)), Vec::new())
            }
        }
    }

    /// The text the customer will read with the picker's values so far (unfilled ones as `{{n}}`).
    pub fn template_preview(&self, p: &TemplatePicker) -> Option<String> {
        let t = self.templates.get(p.selected)?;
        if t.body.trim().is_empty() {
            return None;
        }
        let unfilled = |i: usize| match t.param_names.get(i) {
            Some(name) => format!("{{{{{name}}}}}"),
            None => format!("{{{{{}}}}}", i + 1),
        };
        let values: Vec<String> = (0..t.params.len())
            .map(|i| {
                let typed =
                    p.form.as_ref().and_then(|f| f.fields.get(i)).map(|(_, d)| d.text().trim().to_string());
                typed.filter(|v| !v.is_empty()).unwrap_or_else(|| unfilled(i))
            })
            .collect();
        Some(t.fill(&values))
    }

    /// With the Cloud API, writing in a chat whose customer wrote last shows them a typing
    /// indicator (the worker sends it when `mark_read` is on; the store keeps it to one per 20 s).
    pub(super) fn typing_effect(&self) -> Vec<Effect> {
        let Some(c) = self.conversation.as_ref().filter(|_| self.cloud) else { return Vec::new() };
        let customer_last = c.messages.last().is_some_and(|m| m.direction == crate::model::Direction::In);
        if customer_last && !c.draft.text().trim().is_empty() {
            vec![Effect::Typing(c.chat.id)]
        } else {
            Vec::new()
        }
    }

    /// `b`: blocks (or unblocks) the customer on WhatsApp after a second `b` within 5 seconds.
    pub(super) fn block_key(&mut self, chat_id: Option<i64>) -> Vec<Effect> {
        let Some(chat_id) = chat_id else { return Vec::new() };
        if !self.cloud {
            self.notice = Some("Blocking is for the Cloud API (transport.kind = \"cloud\")".into());
            return Vec::new();
        }
        let chat = match self.conversation.as_ref().filter(|c| c.chat.id == chat_id) {
            Some(c) => Some(&c.chat),
            None => self.list.rows.iter().find(|r| r.id == chat_id),
        };
        let Some(chat) = chat else { return Vec::new() };
        let (name, blocked) = (crate::sanitize::one_line(&chat.name), chat.blocked);
        let verb = if blocked { "unblock" } else { "block" };
        if self.confirm_block.is_some_and(|(id, at)| id == chat_id && self.now - at <= 5_000) {
            self.confirm_block = None;
            self.notice = Some(if blocked {
                format!("Unblocking {name}…")
            } else {
                format!("Blocking {name}… (Meta only blocks customers who wrote in the last 24 hours)")
            });
            return vec![Effect::Block { chat_id, block: !blocked }];
        }
        self.confirm_block = Some((chat_id, self.now));
        self.notice = Some(format!("Press b again to {verb} {name} on WhatsApp"));
        Vec::new()
    }

    /// `o`: the newest attachment of the open chat, downloaded if needed, in the system's opener.
    pub(super) fn open_newest_media(&mut self) -> Vec<Effect> {
        let found = self.conversation.as_ref().and_then(|c| {
            c.messages
                .iter()
                .rev()
                .find(|m| !matches!(m.kind, Kind::Text | Kind::System | Kind::Reaction | Kind::Interactive))
        });
        match found {
            Some(m) => {
                self.notice = Some("Opening the attachment…".into());
                vec![Effect::OpenMedia(m.id)]
            }
            None => {
                self.notice = Some("No attachment in the loaded messages".into());
                Vec::new()
            }
        }
    }
}

/// What the picker's form asks for a template: each parameter by what it is, the media header's
/// link, each URL button's value.
fn template_fields(t: &crate::templates::Template) -> Vec<String> {
    let mut fields = t.params.clone();
    if let Some(format) = &t.media_header {
        fields.push(format!("{} link (https://…)", format.to_lowercase()));
    }
    fields.extend(t.url_buttons.iter().map(|(_, url)| format!("button value for {url}")));
    fields
}
