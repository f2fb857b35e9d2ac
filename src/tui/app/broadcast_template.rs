//! The send form's template picker (Ctrl-T): "no template", then the `[[templates]]` of the
//! config; a template with parameters asks for them before it is taken.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::broadcast::{BroadcastForm, TemplatePick};
use super::{App, Form};
use crate::store::OutboundTemplate;
use crate::tui::draft::Draft;

impl App {
    /// A key in the template picker over the send form; Esc goes back to the form unchanged.
    pub(super) fn template_pick_key(
        &mut self,
        form: &mut BroadcastForm,
        mut pick: TemplatePick,
        key: &KeyEvent,
    ) {
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
