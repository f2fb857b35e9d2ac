//! Popups: help (generated from the keymap), search, the time menus and the label pickers.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::sanitize::one_line;
use crate::tui::app::{App, Overlay, Picker, PickerKind, SearchState, TimeMenu, TimeMenuKind};
use crate::tui::theme::Theme;
use crate::tui::wrap::truncate;

pub fn render(frame: &mut Frame<'_>, full: Rect, app: &App, theme: &Theme) {
    let Some(overlay) = &app.overlay else {
        return;
    };
    let (title, lines, size) = match overlay {
        Overlay::Help => return render_help(frame, full, app, theme),
        Overlay::Stats(v) => return super::stats::render(frame, full, app, v, theme),
        Overlay::Broadcast(v) => return super::broadcast::render(frame, full, app, v, theme),
        Overlay::Search(s) => {
            (" Search chats and messages ".to_string(), search_lines(s, app, theme, full.width), (80, 24))
        }
        Overlay::Time(t) => time_title_and_lines(t, app, theme),
        Overlay::Picker(p) => picker_title_and_lines(p, app, theme),
        Overlay::Manager(m) => super::manager::content(m, app, theme),
        Overlay::Template(t) => template_lines(t, app, theme),
        Overlay::Consent(m) => consent_lines(m, theme),
        Overlay::Prompt(p) => super::prompt::content(p, theme),
        Overlay::Card(v) => super::contact_card::content(v, app, theme),
    };
    let height = size.1.min(u16::try_from(lines.len() + 2).unwrap_or(u16::MAX));
    let area = centered(full, size.0, height);
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(title, theme.title()));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn centered(full: Rect, w: u16, h: u16) -> Rect {
    let vertical = Layout::vertical([Constraint::Length(h.min(full.height))]).flex(Flex::Center);
    let [row] = full.layout(&vertical);
    let horizontal = Layout::horizontal([Constraint::Length(w.min(full.width))]).flex(Flex::Center);
    let [area] = row.layout(&horizontal);
    area
}

/// The help: the chat list's and the composer's keys in one column, the conversation's and the
/// message cursor's in the other (one column on a narrow terminal).
fn render_help(frame: &mut Frame<'_>, full: Rect, app: &App, theme: &Theme) {
    let mut sections: Vec<Vec<Line<'static>>> = app
        .keymap
        .help()
        .into_iter()
        .map(|(ctx, rows)| {
            let mut lines = vec![Line::styled(ctx.title().to_string(), theme.title())];
            lines.extend(rows.into_iter().map(|(keys, help)| {
                Line::from(vec![Span::styled(format!("  {keys:<17}"), theme.highlight()), Span::raw(help)])
            }));
            lines.push(Line::raw(""));
            lines
        })
        .collect();
    let two = full.width >= 100 && sections.len() > 1;
    if app.cloud {
        // Under the chat list's keys, the shorter column.
        let at = usize::from(two && !sections.is_empty());
        sections.insert(at, profile_lines(&app.business, theme));
    }
    let columns: Vec<Vec<Line<'static>>> = if two {
        // Sections alternate: the list and the composer, the conversation and its message cursor.
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for (i, section) in sections.into_iter().enumerate() {
            if i % 2 == 0 { left.extend(section) } else { right.extend(section) }
        }
        vec![left, right]
    } else {
        vec![sections.into_iter().flatten().collect()]
    };
    let tall = columns.iter().map(Vec::len).max().unwrap_or(0) + 2;
    let area = centered(full, if two { 118 } else { 72 }, u16::try_from(tall).unwrap_or(u16::MAX));
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(" Keys — any key closes ", theme.title()))
        .title_bottom(Span::styled(
            " In popups: ↑/↓ or Ctrl-P/Ctrl-N choose · Enter · Space marks · Esc closes ",
            theme.dim(),
        ));
    let inner = block.inner(area);
    let hidden = tall.saturating_sub(2).saturating_sub(usize::from(inner.height));
    let scroll = app.help_scroll.min(hidden);
    let block = if hidden > 0 {
        let more = if scroll < hidden { "↓ more · " } else { "" };
        block.title(Span::styled(format!(" {more}j/k scroll "), theme.highlight()).into_right_aligned_line())
    } else {
        block
    };
    frame.render_widget(block, area);
    let split = Layout::horizontal(vec![Constraint::Fill(1); columns.len()]).spacing(2);
    for (column, part) in columns.into_iter().zip(inner.layout_vec(&split)) {
        let offset = u16::try_from(scroll).unwrap_or(u16::MAX);
        frame.render_widget(Paragraph::new(column).scroll((offset, 0)), part);
    }
}

/// The WhatsApp business profile as `[business]` sets it (Cloud API): what `wabi profile push`
/// writes.
fn profile_lines(b: &crate::config::BusinessConfig, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("Business profile (wabi profile push)", theme.title())];
    let websites: Vec<&str> = std::iter::once(b.website.as_str())
        .chain(b.websites.iter().map(String::as_str))
        .filter(|w| !w.is_empty())
        .collect();
    for (key, value) in [
        ("name", b.name.clone()),
        ("about", b.about.clone()),
        ("description", b.description.lines().next().unwrap_or_default().to_string()),
        ("address", b.address.clone()),
        ("email", b.email.clone()),
        ("websites", websites.join(" ")),
        ("vertical", b.vertical.clone()),
    ] {
        if !value.trim().is_empty() {
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<17}"), theme.highlight()),
                Span::raw(one_line(&value)),
            ]));
        }
    }
    lines
}

fn search_lines(s: &SearchState, app: &App, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled("/ ", theme.highlight()),
        Span::raw(one_line(s.input.text())),
        Span::styled("▏", theme.highlight()),
    ])];
    if s.input.text().trim().is_empty() {
        lines.push(Line::styled("Type a name, a number or words from a message.", theme.dim()));
    } else if s.hits.is_empty() {
        lines.push(Line::styled("No matches.", theme.dim()));
    }
    let w = usize::from(width.min(80)).saturating_sub(4);
    for (i, hit) in s.hits.iter().enumerate().take(20) {
        let when = crate::tui::view::relative_time(hit.at, app.now, app.tz);
        let kind = if hit.message_id.is_some() { "" } else { "chat · " };
        let text = format!("{:<18} {kind}{}", truncate(&one_line(&hit.name), 18), one_line(&hit.snippet));
        let text = truncate(&text, w.saturating_sub(when.len() + 1));
        let style = if i == s.selected { theme.selected() } else { ratatui::style::Style::new() };
        lines.push(
            Line::from(vec![Span::raw(text), Span::styled(format!(" {when}"), theme.dim())]).style(style),
        );
    }
    lines
}

fn time_title_and_lines(t: &TimeMenu, app: &App, theme: &Theme) -> (String, Vec<Line<'static>>, (u16, u16)) {
    let title = match t.kind {
        TimeMenuKind::Snooze { .. } => " Snooze until ",
        TimeMenuKind::Away => " Away now — until ",
    };
    let mut options: Vec<String> = app.time_options(t.kind).into_iter().map(|(label, _)| label).collect();
    options.push("Type a time… (2h, 18:30, 2026-12-01 09:00)".into());
    let mut lines: Vec<Line<'static>> = options
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let style = if i == t.selected { theme.selected() } else { ratatui::style::Style::new() };
            Line::styled(format!(" {}  {label}", i + 1), style)
        })
        .collect();
    if let Some(d) = &t.typing {
        lines.push(Line::from(vec![
            Span::styled(" > ", theme.highlight()),
            Span::raw(one_line(d.text())),
            Span::styled("▏", theme.highlight()),
        ]));
    }
    if let Some(e) = &t.error {
        lines.push(Line::styled(format!(" {e}"), theme.error()));
    }
    let mut height = 10;
    if t.kind == TimeMenuKind::Away && !app.status.away_auto {
        lines.push(Line::styled(" No away message will be sent:", theme.error()));
        lines.push(Line::styled(format!(" {}", crate::config::AwayConfig::DISABLED_NOTE), theme.error()));
        height = 12;
    }
    (title.to_string(), lines, (72, height))
}

fn picker_title_and_lines(p: &Picker, app: &App, theme: &Theme) -> (String, Vec<Line<'static>>, (u16, u16)) {
    let title = match p.kind {
        PickerKind::Chat { .. } => " Labels of this chat — Enter toggles ",
        PickerKind::Filter => " Filter by labels — Space marks, Enter applies ",
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(" > ", theme.highlight()),
        Span::raw(one_line(p.query.text())),
        Span::styled("▏", theme.highlight()),
    ])];
    let items = app.picker_items(p);
    if items.is_empty() {
        lines.push(Line::styled(" no label matches", theme.dim()));
    }
    for (i, (id, name)) in items.iter().enumerate() {
        let current = p.kind == PickerKind::Filter && id.is_some_and(|id| app.filter.labels.contains(&id));
        let mark = match id {
            Some(id) if p.marked.contains(id) => "[x]",
            Some(_) if current => "[•]",
            Some(_) => "[ ]",
            None if p.kind == PickerKind::Filter && app.filter.labels.is_empty() => "[•]",
            None => "   ",
        };
        let label = id.and_then(|id| app.labels.iter().find(|l| l.id == id));
        let dot = label.map_or(Span::raw("  "), |l| Span::styled("● ", theme.label(l.color)));
        let count = label.map(|l| format!("  ({})", l.chats)).unwrap_or_default();
        let style = if i == p.selected { theme.selected() } else { ratatui::style::Style::new() };
        lines.push(
            Line::from(vec![
                Span::raw(format!(" {mark} ")),
                dot,
                Span::raw(one_line(name)),
                Span::styled(count, theme.dim()),
            ])
            .style(style),
        );
    }
    (title.to_string(), lines, (56, 20))
}

fn template_lines(
    t: &crate::tui::app::TemplatePicker,
    app: &App,
    theme: &Theme,
) -> (String, Vec<Line<'static>>, (u16, u16)) {
    let mut lines = vec![Line::styled(" j/k choose · Enter fills in and sends · Esc closes", theme.dim())];
    for (i, tpl) in app.templates.iter().enumerate() {
        let style = if i == t.selected { theme.selected() } else { ratatui::style::Style::new() };
        let params =
            if tpl.params.is_empty() { String::new() } else { format!(" ({})", tpl.params.join(", ")) };
        let category = if tpl.category.is_empty() {
            String::new()
        } else {
            format!(" · {}", tpl.category.to_lowercase())
        };
        lines.push(Line::styled(
            format!(" {} · {}{category}{}", one_line(&tpl.name), one_line(&tpl.language), one_line(&params)),
            style,
        ));
    }
    if let Some(preview) = app.template_preview(t) {
        lines.push(Line::raw(""));
        for line in preview.lines().take(6) {
            lines.push(Line::styled(format!(" │ {}", one_line(line)), theme.dim()));
        }
    }
    if let Some(form) = &t.form {
        lines.extend(super::manager::form_lines(form, theme));
    }
    (" Templates ".to_string(), lines, (80, 20))
}

fn consent_lines(
    m: &crate::tui::app::ConsentMenu,
    theme: &Theme,
) -> (String, Vec<Line<'static>>, (u16, u16)) {
    let lines = crate::tui::app::CONSENT_CHOICES
        .iter()
        .enumerate()
        .map(|(i, (_, label))| {
            let style = if i == m.selected { theme.selected() } else { ratatui::style::Style::new() };
            Line::styled(format!(" {}  {label}", i + 1), style)
        })
        .collect();
    (" Consent to offers ".to_string(), lines, (64, 5))
}
