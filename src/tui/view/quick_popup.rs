//! The quick-reply popup above the composer: matches with their matched characters marked, and a
//! preview of the highlighted expansion.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::quick_reply::Ranked;
use crate::sanitize::one_line;
use crate::tui::app::{App, QuickPopup};
use crate::tui::theme::Theme;
use crate::tui::wrap::{truncate, wrap};

const MAX_ROWS: usize = 8;

pub fn render(frame: &mut Frame<'_>, composer: Rect, app: &App, popup: &QuickPopup, theme: &Theme) {
    let width = composer.width.min(90);
    let inner_w = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line<'static>> = Vec::new();
    if popup.ranked.is_empty() {
        lines.push(Line::styled(" no quick reply", theme.dim()));
    }
    let first = popup.selected.saturating_sub(MAX_ROWS - 1);
    for (i, ranked) in popup.ranked.iter().enumerate().skip(first).take(MAX_ROWS) {
        lines.push(row(app, ranked, i == popup.selected, inner_w, theme));
    }
    if let Some(reply) = popup.ranked.get(popup.selected).and_then(|r| app.quick_replies.get(r.index)) {
        let values = app.placeholder_values();
        let preview = crate::placeholders::render(&reply.text, &values);
        lines.push(Line::styled("─".repeat(inner_w), theme.dim()));
        for l in wrap(&crate::sanitize::multi_line(&preview), inner_w).into_iter().take(3) {
            lines.push(Line::styled(l, theme.outbound()));
        }
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(12).min(composer.y);
    let area = Rect::new(composer.x, composer.y.saturating_sub(height), width, height);
    frame.render_widget(Clear, area);
    let title = format!(" /{} — Tab or Enter inserts · Esc closes ", one_line(&popup.trigger.query));
    let block = Block::new().borders(Borders::ALL).border_style(theme.border(true)).title(title);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// "/shortcut  text…" with the matched characters marked.
fn row(app: &App, ranked: &Ranked, selected: bool, w: usize, theme: &Theme) -> Line<'static> {
    let Some(reply) = app.quick_replies.get(ranked.index) else { return Line::raw("") };
    let base = if selected { theme.selected() } else { Style::new() };
    let mut spans = vec![Span::styled(" /", base)];
    spans.extend(marked(&reply.shortcut, &ranked.shortcut_hits, base, theme));
    spans.push(Span::styled("  ", base));
    let room = w.saturating_sub(reply.shortcut.chars().count() + 4);
    let text = truncate(&one_line(&reply.text), room);
    spans.extend(marked(&text, &ranked.text_hits, base.patch(theme.dim()), theme));
    Line::from(spans).style(base)
}

/// Spans of `text` with the characters at `hits` (char indices) in the highlight style.
fn marked(text: &str, hits: &[usize], base: Style, theme: &Theme) -> Vec<Span<'static>> {
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            let style = if hits.contains(&i) { base.patch(theme.highlight()) } else { base };
            Span::styled(c.to_string(), style)
        })
        .collect()
}
