//! The contact card popup: editable name and note, then what the store knows about the contact.

use chrono::DateTime;
use ratatui::text::{Line, Span};

use crate::sanitize::one_line;
use crate::tui::app::{App, CardView};
use crate::tui::theme::Theme;

/// Title, lines and size of the contact card.
pub fn content(v: &CardView, app: &App, theme: &Theme) -> (String, Vec<Line<'static>>, (u16, u16)) {
    let c = &v.card.contact;
    let day = |ms: i64| {
        DateTime::from_timestamp_millis(ms)
            .unwrap_or_default()
            .with_timezone(&app.tz)
            .format("%-d %b %Y")
            .to_string()
    };
    let field = |label: &str, text: &str, focused: bool| {
        let style = if focused { theme.highlight() } else { theme.dim() };
        let caret = if focused { "▏" } else { "" };
        Line::from(vec![
            Span::styled(format!(" {label:<8}"), style),
            Span::raw(one_line(text)),
            Span::raw(caret),
        ])
    };
    let mut lines = vec![
        field("name", v.name.text(), v.field == 0),
        field("note", v.note.text(), v.field == 1),
        Line::raw(""),
    ];
    let mut info = |label: &str, text: String| {
        lines.push(Line::from(vec![Span::styled(format!(" {label:<10}"), theme.dim()), Span::raw(text)]));
    };
    if let Some(p) = &c.profile_name {
        info("WhatsApp", one_line(p));
    }
    if let Some(phone) = &c.phone {
        info("phone", crate::phone::display_phone(phone));
    }
    if let Some(u) = &c.user_id {
        info("user id", one_line(u));
    }
    info("labels", if v.labels.is_empty() { "none".into() } else { one_line(&v.labels.join(", ")) });
    match v.card.consent.last() {
        Some(r) => info(
            "consent",
            format!("{} since {} ({}, {})", r.state, day(r.at), one_line(&r.source), one_line(&r.by)),
        ),
        None => info("consent", "unknown (never recorded)".into()),
    }
    for r in v.card.consent.iter().rev().skip(1).take(3) {
        info("", format!("before: {} on {} ({})", r.state, day(r.at), one_line(&r.source)));
    }
    let last = v.card.last_reply_at.map_or_else(|| "never".to_string(), day);
    info(
        "chat",
        format!("since {} · {} messages · last reply {last}", day(v.card.first_at), v.card.messages),
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Tab: name / note · Enter saves · Esc closes · the note is never sent",
        theme.dim(),
    ));
    (" Contact ".to_string(), lines, (76, 18))
}
