//! Drawing: one function per part of the screen, all reading the [`App`] and never changing it.

pub mod broadcast;
pub mod chat_list;
pub mod composer;
pub mod contact_card;
pub mod conversation;
pub mod manager;
pub mod popup;
pub mod prompt;
pub mod quick_popup;
pub mod quote;
pub mod stats;
pub mod status_bar;

use chrono::{DateTime, Datelike};
use chrono_tz::Tz;
use ratatui::Frame;

use super::app::App;
use super::layout::Areas;
use super::theme::Theme;

/// Draws a whole frame.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let areas = Areas::new(app);
    if let Some(area) = areas.list {
        chat_list::render(frame, area, app, theme);
    }
    if let (Some(header), Some(messages), Some(composer), Some(c)) =
        (areas.header, areas.messages, areas.composer, app.conversation.as_ref())
    {
        conversation::render_header(frame, header, app, c, theme);
        conversation::render(frame, messages, app, c, theme);
        composer::render(frame, composer, app, c, theme);
        if let (Some(popup), true) = (&app.quick, app.focus == crate::tui::keymap::Context::Composer) {
            quick_popup::render(frame, composer, app, popup, theme);
        }
    }
    if let Some(area) = areas.placeholder {
        render_placeholder(frame, area, app, theme);
    }
    status_bar::render(frame, areas.status, app, theme);
    popup::render(frame, areas.full, app, theme);
}

/// The right pane before a chat is opened.
fn render_placeholder(frame: &mut Frame<'_>, area: ratatui::layout::Rect, app: &App, theme: &Theme) {
    use ratatui::text::Line;
    use ratatui::widgets::{Block, Borders, Paragraph};
    let unread: i64 = app.list.rows.iter().map(|r| r.unread).sum();
    let first_run = app.list.total == 0 && app.filter == crate::store::ChatFilter::default();
    let lines = if first_run {
        chat_list::first_run_lines(app, theme)
    } else {
        vec![
            Line::raw(""),
            Line::styled(
                format!("  {} chats here, {unread} unread messages on screen", app.list.total),
                theme.title(),
            ),
            Line::raw(""),
            Line::styled(
                "  Enter opens the selected chat and lets you write; Tab opens it to read.",
                theme.dim(),
            ),
            Line::styled(
                "  / searches names and messages · f filters by label · ? lists every key",
                theme.dim(),
            ),
        ]
    };
    let block = Block::new().borders(Borders::ALL).border_style(theme.dim());
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// A time as the chat list shows it: "now", "5m", "14:05", "yesterday", "Tue", "12 Nov", "12 Nov 25".
pub fn relative_time(at: i64, now: i64, tz: Tz) -> String {
    if at <= 0 {
        return String::new();
    }
    let age = now - at;
    if (0..60_000).contains(&age) {
        return "now".into();
    }
    if (0..3_600_000).contains(&age) {
        return format!("{}m", age / 60_000);
    }
    let t = DateTime::from_timestamp_millis(at).unwrap_or_default().with_timezone(&tz);
    let today = DateTime::from_timestamp_millis(now).unwrap_or_default().with_timezone(&tz).date_naive();
    let days = (today - t.date_naive()).num_days();
    match days {
        0 => t.format("%H:%M").to_string(),
        1 => "yesterday".into(),
        2..=6 => t.format("%a").to_string(),
        _ if t.year() == today.year() => t.format("%-d %b").to_string(),
        _ => t.format("%-d %b %y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_read_like_a_phone_app() {
        let now = 1_763_460_000_000; // Tue 2025-11-18 10:00 UTC
        assert_eq!(relative_time(now - 30_000, now, Tz::UTC), "now");
        assert_eq!(relative_time(now - 5 * 60_000, now, Tz::UTC), "5m");
        assert_eq!(relative_time(now - 2 * 3_600_000, now, Tz::UTC), "08:00");
        assert_eq!(relative_time(now - 24 * 3_600_000, now, Tz::UTC), "yesterday");
        assert_eq!(relative_time(now - 3 * 86_400_000, now, Tz::UTC), "Sat");
        assert_eq!(relative_time(now - 30 * 86_400_000, now, Tz::UTC), "19 Oct");
    }
}
