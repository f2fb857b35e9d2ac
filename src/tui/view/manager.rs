//! The quick-reply and label manager screens: the list, the key line, and the form when open.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::sanitize::one_line;
use crate::tui::app::{App, Form, Manager, ManagerKind};
use crate::tui::theme::Theme;
use crate::tui::wrap::truncate;

/// (title, lines, size) of the manager popup.
pub fn content(m: &Manager, app: &App, theme: &Theme) -> (String, Vec<Line<'static>>, (u16, u16)) {
    let (title, keys) = match m.kind {
        ManagerKind::QuickReplies => (" Quick replies ", "a add · e edit · d delete · Esc close"),
        ManagerKind::Labels => {
            (" Labels ", "a add · r rename · c/C colour · K/J move · d delete · Esc close")
        }
    };
    let mut lines = vec![Line::styled(format!(" {keys}"), theme.dim())];
    match m.kind {
        ManagerKind::QuickReplies => {
            if app.quick_replies.is_empty() {
                lines.push(Line::styled(" No quick replies yet: a adds one.", theme.dim()));
            }
            for (i, q) in app.quick_replies.iter().enumerate() {
                let text = format!(" /{:<16} {:>4}×  {}", q.shortcut, q.uses, one_line(&q.text));
                lines.push(Line::styled(truncate(&text, 86), row_style(i == m.selected, theme)));
            }
        }
        ManagerKind::Labels => {
            for (i, l) in app.labels.iter().enumerate() {
                lines.push(
                    Line::from(vec![
                        Span::styled(" ● ", theme.label(l.color)),
                        Span::raw(format!("{:<28}", truncate(&one_line(&l.name), 28))),
                        Span::styled(format!("{:<9}{:>6} chats", l.color.name(), l.chats), theme.dim()),
                    ])
                    .style(row_style(i == m.selected, theme)),
                );
            }
        }
    }
    if m.confirm_delete {
        lines.push(Line::styled(" Delete it? y deletes, any other key keeps it", theme.error()));
    }
    if let Some(form) = &m.form {
        lines.extend(form_lines(form, theme));
    }
    (title.to_string(), lines, (90, 30))
}

fn row_style(selected: bool, theme: &Theme) -> Style {
    if selected { theme.selected() } else { Style::new() }
}

pub(super) fn form_lines(form: &Form, theme: &Theme) -> Vec<Line<'static>> {
    let title = if form.editing.is_some() { " Edit" } else { " New" };
    let mut lines = vec![
        Line::raw(""),
        Line::styled(format!("{title} — Tab next field · Enter saves · Esc cancels"), theme.title()),
    ];
    for (i, (label, draft)) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let cursor = if focused { "▏" } else { "" };
        let text = one_line(draft.text());
        lines.push(Line::from(vec![
            Span::styled(format!(" {label:>8}: "), if focused { theme.highlight() } else { theme.dim() }),
            Span::raw(truncate(&text, 74)),
            Span::styled(cursor, theme.highlight()),
        ]));
    }
    if let Some(e) = &form.error {
        lines.push(Line::styled(format!(" {e}"), theme.error()));
    }
    lines
}
