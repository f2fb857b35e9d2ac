//! The open chat: a header with name, number and labels, then messages as left (customer) and right
//! (business) columns with time and delivery marks, newest at the bottom.

use chrono::DateTime;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::model::{Direction, Kind, Status};
use crate::sanitize::{multi_line, one_line};
use crate::store::MessageRow;
use crate::tui::app::{App, Conversation};
use crate::tui::keymap::Context;
use crate::tui::theme::Theme;
use crate::tui::view::quote;
use crate::tui::wrap::{width, wrap};

/// The mark after an outbound message's time, and whether it is the "read" colour.
pub fn status_mark(status: Status) -> (&'static str, bool) {
    match status {
        Status::Queued | Status::Sending => ("◷", false),
        Status::Sent => ("✓", false),
        Status::Delivered => ("✓✓", false),
        Status::Read => ("✓✓", true),
        Status::Failed => ("✗", false),
    }
}

pub fn render_header(frame: &mut Frame<'_>, area: Rect, app: &App, c: &Conversation, theme: &Theme) {
    let chat = &c.chat;
    let mut first = vec![Span::styled(one_line(&chat.name), theme.title())];
    if let Some(phone) = &chat.phone {
        first.push(Span::styled(format!("  {}", crate::phone::display_phone(phone)), theme.dim()));
    }
    if let Some(username) = &chat.username {
        first.push(Span::styled(format!("  @{}", one_line(username)), theme.dim()));
    }
    if chat.blocked {
        first.push(Span::styled("  · blocked", theme.error()));
    }
    match chat.status {
        crate::model::ChatStatus::Done => first.push(Span::styled("  · done", theme.dim())),
        crate::model::ChatStatus::Snoozed => {
            let until = chat
                .snoozed_until
                .map(|t| crate::tui::when::describe(t, app.now, app.tz))
                .unwrap_or_default();
            first.push(Span::styled(format!("  · snoozed until {until}"), theme.dim()));
        }
        crate::model::ChatStatus::Open => {}
    }
    first.push(match chat.consent.as_deref() {
        Some("opted_in") => Span::styled("  · opted in", theme.dim()),
        Some("opted_out") => Span::styled("  · opted out", theme.error()),
        _ => Span::styled("  · consent unknown (C)", theme.dim()),
    });
    if app.cloud {
        first.push(match app.window_left(chat.last_inbound_at) {
            Some(left) => Span::styled(format!("  · window {} left", hours_minutes(left)), theme.dim()),
            None => Span::styled("  · window closed: T sends a template", theme.error()),
        });
    }
    if let Some(ad) = &chat.ad {
        first.push(Span::styled(format!("  · from ad “{}”", one_line(ad)), theme.dim()));
    }
    let mut chips = Vec::new();
    for id in &chat.labels {
        if let Some(label) = app.labels.iter().find(|l| l.id == *id) {
            chips.push(Span::styled(format!("● {}", one_line(&label.name)), theme.label(label.color)));
            chips.push(Span::raw("  "));
        }
    }
    if chips.is_empty() {
        chips.push(Span::styled("no labels · l adds one", theme.dim()));
    }
    let block = Block::new()
        .borders(Borders::TOP | Borders::LEFT | Borders::RIGHT)
        .border_style(theme.border(app.focus != Context::List));
    let text = vec![Line::from(first), Line::from(chips)];
    frame.render_widget(Paragraph::new(text).block(block), area);
}

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, c: &Conversation, theme: &Theme) {
    let block = Block::new()
        .borders(Borders::LEFT | Borders::RIGHT)
        .border_style(theme.border(app.focus != Context::List));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = build_lines(c, inner.width, app, theme);
    let height = usize::from(inner.height);
    let max_scroll = lines.len().saturating_sub(height);
    let scroll = c.scroll.min(max_scroll);
    let top = lines.len().saturating_sub(height + scroll);
    let mut shown: Vec<Line<'static>> = lines.into_iter().skip(top).take(height).collect();
    if c.has_older && top == 0 && scroll > 0 {
        if let Some(first) = shown.first_mut() {
            *first = Line::styled("… loading older messages", theme.dim()).alignment(Alignment::Center);
        }
    }
    if c.new_below > 0 && scroll > 0 {
        if let Some(last) = shown.last_mut() {
            let text = format!("↓ {} new", c.new_below);
            *last = Line::styled(text, theme.unread()).alignment(Alignment::Center);
        }
    }
    // Bottom-anchor a short conversation.
    let pad = height.saturating_sub(shown.len());
    let mut all = vec![Line::raw(""); pad];
    all.append(&mut shown);
    frame.render_widget(Paragraph::new(all), inner);
}

/// How many lines the loaded messages take at this width.
pub fn total_lines(c: &Conversation, width: u16, sending: &Sending) -> usize {
    lines_of(c, width, sending).iter().map(|(_, n)| n).sum()
}

/// Lines below the start of `message_id` (the scroll that puts it near the top of the view).
pub fn lines_below(c: &Conversation, width: u16, message_id: Option<i64>, sending: &Sending) -> usize {
    let counts = lines_of(c, width, sending);
    let Some(at) = message_id.and_then(|id| c.messages.iter().position(|m| m.id == id)) else {
        return 0;
    };
    let below: usize = counts.iter().skip(at + 1).map(|(_, n)| n).sum();
    below.saturating_sub(3)
}

/// Lines below the end of message `id` and the lines it takes, to keep a cursor on screen.
pub fn message_span(c: &Conversation, width: u16, id: i64, sending: &Sending) -> Option<(usize, usize)> {
    let counts = lines_of(c, width, sending);
    let at = c.messages.iter().position(|m| m.id == id)?;
    let below: usize = counts.iter().skip(at + 1).map(|(_, n)| n).sum();
    Some((below, counts.get(at).map_or(0, |(_, n)| *n)))
}

/// The message drawn on line `row` (0 at the top) of a message pane `height` lines tall.
pub fn message_at(c: &Conversation, width: u16, height: u16, row: u16, sending: &Sending) -> Option<i64> {
    let counts = lines_of(c, width, sending);
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let height = usize::from(height);
    let scroll = c.scroll.min(total.saturating_sub(height));
    let top = total.saturating_sub(height + scroll);
    // A short conversation is drawn at the bottom of the pane.
    let pad = height.saturating_sub(total - top);
    let line = (top + usize::from(row)).checked_sub(pad)?;
    let mut start = 0;
    for (i, n) in counts {
        if line < start + n {
            return c.messages.get(i).map(|m| m.id);
        }
        start += n;
    }
    None
}

/// (message index, line count) — the same arithmetic as [`build_lines`], without styling.
fn lines_of(c: &Conversation, w: u16, sending: &Sending) -> Vec<(usize, usize)> {
    let bubble = bubble_width(w);
    let mut previous_day = None;
    c.messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if quote::hidden(m) {
                return (i, 0);
            }
            let day = day_of(m.at);
            let separator = usize::from(previous_day != Some(day));
            previous_day = Some(day);
            let why = usize::from(sending.reason(m).is_some());
            let divider = usize::from(c.unread_from == Some(m.id));
            (i, separator + divider + quote::extra_lines(m) + wrap(&body_text(m), bubble).len() + 1 + why)
        })
        .collect()
}

fn bubble_width(w: u16) -> usize {
    (usize::from(w) * 3 / 4).clamp(10, 100).min(usize::from(w).saturating_sub(2).max(1))
}

fn day_of(at: i64) -> i64 {
    at.div_euclid(86_400_000)
}

/// The text of a message as shown: its body, with a marker for media and system messages.
fn body_text(m: &MessageRow) -> String {
    if m.kind == Kind::Reaction {
        return quote::orphan_reaction(m);
    }
    let body = multi_line(&m.body);
    let icon = match m.kind {
        Kind::Text | Kind::Interactive | Kind::Reaction | Kind::System | Kind::Unsupported => "",
        Kind::Image => "🖼 ",
        Kind::Audio => "🎤 ",
        Kind::Video => "🎬 ",
        Kind::Document => "📄 ",
        Kind::Sticker => "🏷 ",
        Kind::Location => "📍 ",
        Kind::Contacts => "👤 ",
        Kind::Media => "📎 ",
    };
    let file = m.media_filename.as_deref().map(|f| format!(" ({})", one_line(f))).unwrap_or_default();
    format!("{icon}{body}{file}")
}

/// Every line of the loaded messages, oldest first.
pub fn build_lines(c: &Conversation, w: u16, app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let bubble = bubble_width(w);
    let mut out = Vec::new();
    let mut previous_day = None;
    for m in c.messages.iter().filter(|m| !quote::hidden(m)) {
        let day = day_of(m.at);
        if previous_day != Some(day) {
            let t = DateTime::from_timestamp_millis(m.at).unwrap_or_default().with_timezone(&app.tz);
            out.push(
                Line::styled(t.format("── %a %-d %b %Y ──").to_string(), theme.dim())
                    .alignment(Alignment::Center),
            );
        }
        previous_day = Some(day);
        if c.unread_from == Some(m.id) {
            let text = format!("── {} unread ──", c.unread_at_open);
            out.push(Line::styled(text, theme.unread()).alignment(Alignment::Center));
        }
        let marked = c.highlight == Some(m.id) || c.cursor == Some(m.id);
        let look = Look { highlight: marked, cursor: c.cursor == Some(m.id), customer: &c.chat.name };
        push_message(&mut out, m, bubble, &look, app, theme);
    }
    out
}

fn push_message(
    out: &mut Vec<Line<'static>>,
    m: &MessageRow,
    bubble: usize,
    look: &Look<'_>,
    app: &App,
    theme: &Theme,
) {
    let (highlight, customer) = (look.highlight, look.customer);
    let time = DateTime::from_timestamp_millis(m.at)
        .unwrap_or_default()
        .with_timezone(&app.tz)
        .format("%H:%M")
        .to_string();
    let body_style = match (highlight, m.direction) {
        (true, _) => theme.highlight(),
        (false, Direction::In) => theme.inbound(),
        (false, Direction::Out) => theme.outbound(),
    };
    let lines = wrap(&body_text(m), bubble);
    if m.kind == Kind::System {
        for l in lines {
            out.push(Line::styled(l, theme.dim()).alignment(Alignment::Center));
        }
        out.push(Line::styled(time, theme.dim()).alignment(Alignment::Center));
        return;
    }
    // The selected message's edge is thick, so the cursor shows without colour too.
    let (align, bar, edge) = match (m.direction, look.cursor) {
        (Direction::In, false) => (Alignment::Left, "▏", ""),
        (Direction::In, true) => (Alignment::Left, "▌", ""),
        (Direction::Out, false) => (Alignment::Right, "", "▕"),
        (Direction::Out, true) => (Alignment::Right, "", "▐"),
    };
    if let Some(q) = quote::quote_line(m, customer, bubble) {
        out.push(
            Line::from(vec![Span::styled(bar, theme.dim()), Span::styled(q, theme.dim())]).alignment(align),
        );
    }
    for l in lines {
        let pad = bubble.saturating_sub(width(&l));
        let spans = match m.direction {
            Direction::In => vec![Span::styled(bar, theme.dim()), Span::styled(l, body_style)],
            Direction::Out => vec![
                Span::styled(l, body_style),
                Span::raw(" ".repeat(pad.min(1))),
                Span::styled(edge, theme.outbound()),
            ],
        };
        out.push(Line::from(spans).alignment(align));
    }
    if let Some(r) = quote::reaction_line(m) {
        out.push(Line::raw(format!(" {r} ")).alignment(align));
    }
    out.push(meta_line(m, time, theme).alignment(align));
    if let Some(why) = Sending::of(app).reason(m) {
        out.push(Line::styled(format!("{} ", one_line(&why)), theme.error()).alignment(align));
    }
}

/// What stops outbound messages from going out, as the status bar knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sending {
    pub no_transport: bool,
    /// The worker's "paused: …" when it is paused.
    pub paused: Option<String>,
}

impl Sending {
    pub fn of(app: &App) -> Sending {
        Sending {
            no_transport: matches!(app.status.transport.as_str(), "" | "none"),
            paused: app.status.worker.starts_with("paused").then(|| app.status.worker.clone()),
        }
    }

    /// Why an outbound message has not gone out yet, when something stops it: no transport,
    /// the worker paused, or a failed try that will be retried. Shown under the message.
    pub fn reason(&self, m: &MessageRow) -> Option<String> {
        if !matches!(m.status, Some(Status::Queued | Status::Sending)) {
            return None;
        }
        if self.no_transport {
            return Some(crate::config::TransportConfig::NOTHING_SENDS.to_string());
        }
        if let Some(paused) = &self.paused {
            return Some(format!("not sent: {paused}"));
        }
        m.error_reason.as_ref().map(|reason| format!("not sent yet, will retry: {reason}"))
    }
}

/// How a message is drawn: marked (a search hit or the cursor), under the cursor, and the
/// customer's name for quotes of their messages.
struct Look<'a> {
    highlight: bool,
    cursor: bool,
    customer: &'a str,
}

fn meta_line(m: &MessageRow, time: String, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(format!(" {time}"), theme.dim())];
    if m.origin != crate::model::Origin::Operator && m.direction == Direction::Out {
        spans.push(Span::styled(format!(" · {}", m.origin), theme.dim()));
    }
    if let Some(status) = m.status {
        let (mark, read) = status_mark(status);
        let style: Style = if read {
            theme.read_mark()
        } else if status == Status::Failed {
            theme.error()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(format!(" {mark}"), style));
        if status == Status::Failed {
            let reason = one_line(m.error_reason.as_deref().unwrap_or("failed"));
            spans.push(Span::styled(format!(" {reason} · r resends"), theme.error()));
        }
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// "23h 05m" or "42m".
pub fn hours_minutes(ms: i64) -> String {
    let minutes = ms / 60_000;
    if minutes >= 60 { format!("{}h {:02}m", minutes / 60, minutes % 60) } else { format!("{minutes}m") }
}
