//! The broadcast screen: lists on top, the selected list's newest broadcasts with a progress bar
//! and their figures, and the form at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::broadcast::MAX_RECIPIENTS;
use crate::sanitize::one_line;
use crate::store::BroadcastFigures;
use crate::tui::app::{App, BroadcastFormKind, BroadcastView, TemplatePick};
use crate::tui::theme::Theme;
use crate::tui::wrap::truncate;

const HINT: &str =
    " j/k choose · n new list · a add numbers · m members · s send (Ctrl-T: a template) · Esc closes";

pub fn render(frame: &mut Frame<'_>, full: Rect, app: &App, v: &BroadcastView, theme: &Theme) {
    // The status bar stays visible: errors from the store are shown there.
    let area = Rect { height: full.height.saturating_sub(2), ..full };
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(" Broadcast lists ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(lists) = &v.lists else {
        frame.render_widget(Paragraph::new("Loading…"), inner);
        return;
    };
    let list_rows = u16::try_from(lists.len().clamp(1, 12) + 3).unwrap_or(15);
    let form = form_lines(v, app, theme);
    let form_rows = if form.is_empty() { 0 } else { u16::try_from(form.len() + 1).unwrap_or(u16::MAX) };
    let [top, detail, bottom] = inner.layout(&Layout::vertical([
        Constraint::Length(list_rows),
        Constraint::Fill(1),
        Constraint::Length(form_rows),
    ]));
    frame.render_widget(Paragraph::new(list_lines(v, app, top.width, theme)), top);
    match &v.members {
        Some(m) => {
            let (lines, scroll) = member_lines(m, detail.height, detail.width, theme);
            frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), detail);
        }
        None => frame.render_widget(Paragraph::new(detail_lines(v, app, detail.width, theme)), detail),
    }
    frame.render_widget(Paragraph::new(form), bottom);
}

fn list_lines(v: &BroadcastView, app: &App, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(HINT, theme.dim()), Line::raw("")];
    let lists = v.lists.as_deref().unwrap_or_default();
    if lists.is_empty() {
        lines.push(Line::styled("  No broadcast lists yet: n creates one", theme.dim()));
    }
    let skip = v.selected.saturating_sub(11);
    for (i, o) in lists.iter().enumerate().skip(skip).take(12) {
        let last = o.recent.first().map_or_else(
            || "never sent".to_string(),
            |f| {
                // The row has room for the counts that say something; the detail has them all.
                let counts: Vec<String> = f
                    .counts()
                    .iter()
                    .filter(|(n, _)| *n > 0)
                    .map(|(n, what)| format!("{n} {what}"))
                    .collect();
                format!(
                    "last {}: {}",
                    crate::tui::view::relative_time(f.at, app.now, app.tz),
                    counts.join(" · ")
                )
            },
        );
        let text = format!(
            " {} {:<22} {:>3} members  {last}",
            if i == v.selected { '>' } else { ' ' },
            truncate(&one_line(&o.list.name), 22),
            o.list.members
        );
        let style = if i == v.selected { theme.selected() } else { Style::new() };
        lines.push(Line::styled(truncate(&text, usize::from(width)), style));
    }
    lines
}

fn detail_lines(v: &BroadcastView, app: &App, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let Some(o) = v.selected_list() else { return Vec::new() };
    let width = usize::from(width);
    let mut lines = vec![Line::styled(
        format!(" {} — {} of {MAX_RECIPIENTS} members", one_line(&o.list.name), o.list.members),
        theme.title(),
    )];
    if o.recent.is_empty() {
        lines.push(Line::styled("   Not sent yet: s writes a message to the list", theme.dim()));
    }
    for f in &o.recent {
        let when = crate::tui::view::relative_time(f.at, app.now, app.tz);
        let what = f.template.as_deref().map_or_else(|| one_line(&f.body), |t| format!("[template {t}]"));
        lines.push(Line::raw(truncate(&format!("   {when:>9}  {what}"), width)));
        const INDENT: &str = "              ";
        let (bar, figures) = (progress_bar(f, 20), short_figures(f));
        // The figures go on a line of their own when the screen is too narrow for both.
        if INDENT.len() + bar.chars().count() + 1 + figures.chars().count() <= width {
            lines.push(Line::from(vec![
                Span::raw(INDENT),
                Span::styled(bar, theme.highlight()),
                Span::raw(format!(" {figures}")),
            ]));
        } else {
            lines.push(Line::from(vec![Span::raw(INDENT), Span::styled(bar, theme.highlight())]));
            lines.push(Line::raw(truncate(&format!("{INDENT}{figures}"), width)));
        }
        if !f.skipped.is_empty() {
            let reasons: Vec<String> =
                f.skipped.iter().map(|(r, n)| format!("{} {n}", r.describe())).collect();
            let text = format!("              skipped: {}", reasons.join("; "));
            lines.push(Line::styled(truncate(&text, width), theme.dim()));
        }
    }
    lines
}

/// "3 queued · 5 sent · 4 delivered · 2 read · 0 failed · 1 skipped".
fn short_figures(f: &BroadcastFigures) -> String {
    f.counts_text(" · ")
}

/// How much of a broadcast has left the outbox (sent or failed), as a bar of `cells` cells.
fn progress_bar(f: &BroadcastFigures, cells: usize) -> String {
    let copies = f.queued + f.sent + f.failed;
    let done = f.sent + f.failed;
    let full = if copies > 0 {
        usize::try_from(done * i64::try_from(cells).unwrap_or(0) / copies).unwrap_or(0).min(cells)
    } else {
        cells
    };
    format!("[{}{}] {done} of {copies} out", "█".repeat(full), "░".repeat(cells - full))
}

/// A list's members, the highlighted one kept in view; returns the lines and the scroll.
fn member_lines(
    m: &crate::tui::app::MembersView,
    height: u16,
    width: u16,
    theme: &Theme,
) -> (Vec<Line<'static>>, u16) {
    let mut lines = vec![Line::styled(
        truncate(&format!(" Members of {} — d removes · Esc back", one_line(&m.list)), usize::from(width)),
        theme.title(),
    )];
    let Some(rows) = &m.rows else {
        lines.push(Line::raw(" Loading…"));
        return (lines, 0);
    };
    if rows.is_empty() {
        lines.push(Line::styled(" No members yet: a adds numbers", theme.dim()));
    }
    for (i, r) in rows.iter().enumerate() {
        let style = if i == m.selected { theme.selected() } else { ratatui::style::Style::new() };
        let text = format!("  {:<28} {:<18} {}", truncate(&one_line(&r.name), 28), r.key, r.consent);
        lines.push(Line::styled(truncate(&text, usize::from(width)), style));
    }
    // The title line plus the rows above the highlighted one, minus what fits.
    let scroll = (m.selected + 2).saturating_sub(usize::from(height));
    (lines, u16::try_from(scroll).unwrap_or(u16::MAX))
}

fn form_lines(v: &BroadcastView, app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let Some(form) = &v.form else { return Vec::new() };
    if let Some(pick) = &form.picking {
        return pick_lines(pick, app, theme);
    }
    let send = matches!(form.kind, BroadcastFormKind::Send { .. });
    let enter = if send { "Enter previews, Alt-Enter new line, Ctrl-E editor" } else { "Enter confirms" };
    let mut lines =
        vec![Line::styled(format!(" {} — {enter}, Esc cancels", one_line(&form.prompt())), theme.title())];
    let text = format!("{}▏", form.input.text());
    for (i, line) in text.split('\n').enumerate() {
        let lead = if i == 0 { " > " } else { "   " };
        lines.push(Line::from(vec![Span::raw(lead), Span::styled(one_line(line), theme.highlight())]));
    }
    if let Some(p) = &form.preview {
        lines.extend(preview_lines(p, theme));
    }
    if send && !app.templates.is_empty() {
        let who =
            if app.cloud { "members outside the 24-hour window" } else { "everyone, when there is no text" };
        lines.push(match &form.template {
            Some(t) => Line::from(vec![
                Span::raw(format!(" Template for {who}: ")),
                Span::styled(one_line(&t.readable()), theme.highlight()),
                Span::styled(" — Ctrl-T changes", theme.dim()),
            ]),
            None => Line::styled(format!(" Ctrl-T picks a template for {who}"), theme.dim()),
        });
    }
    let note = match &form.error {
        Some(e) => Line::styled(format!(" {}", one_line(e)), theme.error()),
        None if send && app.cloud => Line::styled(
            " Cloud API: only members who wrote in the last 24 hours get free text; opted-out never",
            theme.dim(),
        ),
        None if send => Line::styled(" Opted-out members are skipped and counted", theme.dim()),
        None => Line::raw(""),
    };
    lines.push(note);
    lines
}

/// The template picker over the send form: the templates, then the chosen one's parameters.
fn pick_lines(pick: &TemplatePick, app: &App, theme: &Theme) -> Vec<Line<'static>> {
    if let Some(params) = &pick.params {
        let name =
            pick.selected.checked_sub(1).and_then(|i| app.templates.get(i)).map_or("", |t| t.name.as_str());
        let mut lines = vec![Line::styled(
            format!(" Template {} — Tab next field · Enter takes it · Esc back", one_line(name)),
            theme.title(),
        )];
        for (i, (field, value)) in params.fields.iter().enumerate() {
            let cursor = if i == params.focus { "▏" } else { "" };
            lines.push(Line::from(vec![
                Span::raw(format!(" {:>16}: ", truncate(&one_line(field), 16))),
                Span::styled(format!("{}{cursor}", value.text()), theme.highlight()),
            ]));
        }
        if let Some(e) = &params.error {
            lines.push(Line::styled(format!(" {}", one_line(e)), theme.error()));
        }
        // The text as the members will read it, with what is typed so far.
        let chosen = pick.selected.checked_sub(1).and_then(|i| app.templates.get(i));
        if let Some(t) = chosen.filter(|t| !t.body.trim().is_empty()) {
            let values: Vec<String> = params
                .fields
                .iter()
                .enumerate()
                .map(|(i, (_, d))| match d.text().trim() {
                    "" => format!(
                        "{{{{{}}}}}",
                        t.param_names.get(i).cloned().unwrap_or_else(|| (i + 1).to_string())
                    ),
                    v => v.to_string(),
                })
                .collect();
            let filled = t.fill(&values);
            lines.push(Line::styled(format!(" │ {}", one_line(&filled)), theme.dim()));
        }
        return lines;
    }
    let mut lines = vec![Line::styled(
        " Template for this broadcast — j/k choose · Enter takes it · Esc back",
        theme.title(),
    )];
    let entries = std::iter::once("No template".to_string()).chain(app.templates.iter().map(|t| {
        let params = if t.params.is_empty() { String::new() } else { format!(" ({})", t.params.join(", ")) };
        format!("{} [{}]{params}", t.name, t.language)
    }));
    // The list scrolls to keep the choice in view, eight rows at a time.
    for (i, entry) in entries.enumerate().skip(pick.selected.saturating_sub(7)).take(8) {
        let marker = if i == pick.selected { '>' } else { ' ' };
        let style = if i == pick.selected { theme.selected() } else { Style::new() };
        lines.push(Line::styled(format!(" {marker} {}", one_line(&entry)), style));
    }
    let highlighted = pick.selected.checked_sub(1).and_then(|i| app.templates.get(i));
    if let Some(t) = highlighted.filter(|t| !t.body.trim().is_empty()) {
        lines.push(Line::styled(format!(" │ {}", one_line(&t.body)), theme.dim()));
    }
    lines
}

/// What a send will do: the first member's copy, the counts, and how to confirm.
fn preview_lines(p: &crate::store::BroadcastPreview, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some((who, text)) = &p.first {
        lines.push(Line::styled(format!(" Preview — as {} will read it:", one_line(who)), theme.title()));
        lines.extend(text.lines().map(|l| Line::raw(format!("   │ {}", one_line(l)))));
    }
    let mut counts = vec![format!("{} of {} get the text", p.text, p.members)];
    if p.template > 0 {
        counts.push(format!("{} the template", p.template));
    }
    let skipped: usize = p.skipped.values().sum();
    if skipped > 0 {
        let why: Vec<String> = p.skipped.iter().map(|(r, n)| format!("{n} {}", r.describe())).collect();
        counts.push(format!("{skipped} nothing ({})", why.join("; ")));
    }
    lines.push(Line::raw(format!(" {}", counts.join(" · "))));
    let confirm = if p.reached() > 0 {
        format!(" Enter again sends to {} — any change previews again · Esc cancels", p.reached())
    } else {
        " Nobody would get it · Esc cancels".to_string()
    };
    lines.push(Line::styled(confirm, theme.highlight()));
    lines
}
