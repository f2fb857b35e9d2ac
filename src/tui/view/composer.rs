//! The composer: the draft of the open chat, with the cursor where the operator types.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::sanitize::multi_line;
use crate::tui::app::{App, Conversation};
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::wrap::{width, wrap};

/// Most lines the composer grows to before it scrolls.
const MAX_LINES: usize = 6;

/// Rows the composer needs (borders included) for its draft at this width.
pub fn height(c: &Conversation, w: u16) -> u16 {
    let lines = wrap(&multi_line(c.draft.text()), usize::from(w.saturating_sub(2))).len();
    u16::try_from(lines.clamp(1, MAX_LINES) + 2).unwrap_or(3)
}

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, c: &Conversation, theme: &Theme) {
    let focused = app.focus == Context::Composer && app.overlay.is_none();
    let closed = app.cloud && app.window_left(c.chat.last_inbound_at).is_none();
    let hint = match (focused, closed) {
        (_, true) => " Outside the 24-hour window: Ctrl-T sends a template ",
        (true, false) => " Enter sends · Alt-Enter new line · Ctrl-E editor · Esc list ",
        (false, false) => " i or Enter to write ",
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(Span::styled(" Message ", theme.title()))
        .title(Span::styled(super::quote::outgoing_title(&c.outgoing), theme.highlight()))
        .title_bottom(Span::styled(hint, theme.dim()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width).max(1);
    let text = multi_line(c.draft.text());
    let lines = wrap(&text, w);
    let (row, col) = cursor_cell(c.draft.text(), c.draft.cursor(), w);
    let top = row.saturating_sub(usize::from(inner.height).saturating_sub(1));
    let shown: Vec<Line<'static>> =
        lines.into_iter().skip(top).map(|l| mark_placeholders(l, theme)).collect();
    frame.render_widget(Paragraph::new(shown), inner);
    if focused {
        let x = inner.x + u16::try_from(col).unwrap_or(0).min(inner.width.saturating_sub(1));
        let y = inner.y + u16::try_from(row - top).unwrap_or(0).min(inner.height.saturating_sub(1));
        frame.set_cursor_position(Position::new(x, y));
    }
}

/// A draft line with every `{{…}}` left in it marked: an expanded quick reply leaves only the
/// placeholders that had no value.
fn mark_placeholders(line: String, theme: &Theme) -> Line<'static> {
    let ranges = crate::quick_reply::unresolved_placeholders(&line);
    if ranges.is_empty() {
        return Line::raw(line);
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for r in ranges {
        spans.push(Span::raw(line.get(at..r.start).unwrap_or("").to_string()));
        spans.push(Span::styled(line.get(r.clone()).unwrap_or("").to_string(), theme.error()));
        at = r.end;
    }
    spans.push(Span::raw(line.get(at..).unwrap_or("").to_string()));
    Line::from(spans)
}

/// (row, column) in cells of the cursor, with the same wrapping as the text.
fn cursor_cell(text: &str, cursor: usize, w: usize) -> (usize, usize) {
    let before = multi_line(text.get(..cursor).unwrap_or(text));
    let lines = wrap(&before, w);
    let row = lines.len().saturating_sub(1);
    let col = lines.last().map_or(0, |l| width(l));
    // A line filled to the edge puts the cursor at the start of the next one.
    if col >= w { (row + 1, 0) } else { (row, col) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_follows_wrapped_and_wide_text() {
        assert_eq!(cursor_cell("hello", 5, 10), (0, 5));
        assert_eq!(cursor_cell("a\nbc", 4, 10), (1, 2));
        assert_eq!(cursor_cell("你好", 6, 10), (0, 4));
        assert_eq!(cursor_cell("abcd", 4, 4), (1, 0));
    }
}
