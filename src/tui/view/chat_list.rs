//! The chat list: two lines a chat (name and time; labels, preview and unread badge).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::relative_time;
use crate::model::Direction;
use crate::sanitize::one_line;
use crate::store::ChatRow;
use crate::tui::app::App;
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::wrap::{truncate, width};

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let title = list_title(app);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(app.focus == Context::List && app.overlay.is_none()))
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.list.total == 0 {
        frame.render_widget(Paragraph::new(empty_text(app, theme)), inner);
        return;
    }
    let mut lines = Vec::with_capacity(app.list.rows.len() * 2);
    for (i, row) in app.list.rows.iter().enumerate() {
        let selected = match app.list.selected_id {
            Some(id) => row.id == id,
            None => app.list.offset + i == app.list.selected,
        };
        let [a, b] = chat_lines(row, app, theme, usize::from(inner.width));
        let style = if selected { theme.selected() } else { ratatui::style::Style::new() };
        lines.push(a.patch_style(style));
        lines.push(b.patch_style(style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The view and the label filter, short enough to stay visible in a narrow pane:
/// " Chats · open (21) ", or with a filter " open · VIP, Paid (12) ".
pub fn list_title(app: &App) -> String {
    let view = app.filter.view.as_str();
    let names: Vec<String> = app.filter_names().into_iter().map(|(n, _)| one_line(&n)).collect();
    if names.is_empty() {
        format!(" Chats · {view} ({}) ", app.list.total)
    } else {
        format!(" {view} · {} ({}) ", names.join(", "), app.list.total)
    }
}

/// The two lines of one chat, padded to the full width so the selection bar spans it.
fn chat_lines(row: &ChatRow, app: &App, theme: &Theme, w: usize) -> [Line<'static>; 2] {
    let time = relative_time(row.last_at, app.now, app.tz);
    let unread = row.unread > 0;
    let name_w = w.saturating_sub(width(&time) + 3);
    let name = truncate(&one_line(&row.name), name_w);
    let pad = w.saturating_sub(2 + width(&name) + width(&time));
    let name_style = if unread { theme.unread() } else { theme.title() };
    let first = Line::from(vec![
        Span::styled(if unread { "● " } else { "  " }, theme.unread()),
        Span::styled(name, name_style),
        Span::raw(" ".repeat(pad)),
        Span::styled(time, if unread { theme.unread() } else { theme.dim() }),
    ]);
    let mut spans = vec![Span::raw("  ")];
    let mut used = 2;
    for id in &row.labels {
        if let Some(label) = app.labels.iter().find(|l| l.id == *id) {
            spans.push(Span::styled("●", theme.label(label.color)));
            used += 1;
        }
    }
    if !row.labels.is_empty() {
        spans.push(Span::raw(" "));
        used += 1;
    }
    let badge = if unread { format!(" {} ", row.unread) } else { String::new() };
    // With the Cloud API: hours left in the customer service window, ⊘ when only templates go out.
    let window = match app.cloud {
        true => app
            .window_left(row.last_inbound_at)
            .map_or("⊘ ".to_string(), |ms| format!("{}h ", ms / 3_600_000)),
        false => String::new(),
    };
    let mut preview = preview_text(row);
    if !row.draft.trim().is_empty() {
        preview = format!("Draft: {}", one_line(&row.draft));
    }
    let preview = truncate(&preview, w.saturating_sub(used + width(&badge) + width(&window) + 1));
    let pad = w.saturating_sub(used + width(&preview) + width(&badge) + width(&window));
    spans.push(Span::styled(preview, theme.dim()));
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(window, theme.dim()));
    spans.push(Span::styled(badge, theme.unread().add_modifier(ratatui::style::Modifier::REVERSED)));
    [first, Line::from(spans)]
}

fn preview_text(row: &ChatRow) -> String {
    let body = one_line(row.preview.as_deref().unwrap_or(""));
    match (row.preview_direction, row.preview_status) {
        (Some(Direction::Out), Some(status)) => {
            format!("{} {body}", super::conversation::status_mark(status).0)
        }
        (Some(Direction::Out), None) => format!("You: {body}"),
        _ => body,
    }
}

/// What an empty list says: a first-run hint, or that the filter matches nothing.
fn empty_text(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    if !app.filter.labels.is_empty() || app.filter.view != crate::store::ChatView::Open {
        return vec![Line::styled(" No chats here. f changes the filter, v the view.", theme.dim())];
    }
    // On a wide terminal the right pane shows the first-run hint; saying it twice helps nobody.
    if app.size.0 >= 80 {
        return Vec::new();
    }
    first_run_lines(app, theme)
}

/// "No chats yet." and how to start: the next step, the demo, the config path, the keys.
pub fn first_run_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(" No chats yet.", theme.title()), Line::raw("")];
    for text in app.hint.as_deref().unwrap_or("").lines() {
        lines.push(Line::styled(format!(" {text}"), theme.dim()));
    }
    lines
}
