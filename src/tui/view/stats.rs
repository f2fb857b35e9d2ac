//! The statistics view: range tabs, a table of labels with a volume bar, received/sent per day
//! for the highlighted row, and the delivered → read funnel with first-response times.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Clear, Paragraph};

use crate::stats::{Figures, NAMED_RANGES, Report};
use crate::tui::app::{App, StatsView};
use crate::tui::theme::Theme;

const RANGE_NAMES: [&str; 5] = ["1 today", "2 7 days", "3 30 days", "4 90 days", "5 all"];

pub fn render(frame: &mut Frame<'_>, full: Rect, app: &App, v: &StatsView, theme: &Theme) {
    let area = Rect { height: full.height.saturating_sub(2), ..full };
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(" Statistics ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(report) = &v.report else {
        frame.render_widget(Paragraph::new("Counting…"), inner);
        return;
    };
    let rows = u16::try_from(report.labels.len() + 4).unwrap_or(20);
    let [tabs, table, bottom] = inner.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(rows),
        Constraint::Fill(1),
    ]));
    frame.render_widget(Paragraph::new(tab_line(v, report, theme)), tabs);
    frame.render_widget(Paragraph::new(table_lines(report, v.selected, table.width, app, theme)), table);
    let figures = selected(report, v.selected);
    let [chart, funnel] = bottom.layout(&Layout::horizontal([Constraint::Fill(2), Constraint::Fill(1)]));
    render_chart(frame, chart, figures, theme);
    frame.render_widget(
        Paragraph::new(funnel_lines(figures, funnel.width, theme))
            .block(Block::new().borders(Borders::LEFT).border_style(theme.dim())),
        funnel,
    );
}

fn selected(report: &Report, i: usize) -> &Figures {
    match i {
        0 => &report.total,
        1 => &report.unlabelled,
        i => report.labels.get(i - 2).map_or(&report.total, |l| &l.figures),
    }
}

fn tab_line(v: &StatsView, report: &Report, theme: &Theme) -> Vec<Line<'static>> {
    let mut spans = Vec::new();
    for (i, name) in RANGE_NAMES.iter().enumerate() {
        let style = if i == v.range { theme.selected() } else { theme.dim() };
        spans.push(Span::styled(format!(" {name} "), style));
        spans.push(Span::raw(" "));
    }
    let from = report.range.from.as_deref().unwrap_or("first day");
    let to = report.range.to.as_deref().unwrap_or("today");
    spans.push(Span::styled(format!("  {from} .. {to}"), theme.dim()));
    let hint = format!(
        " j/k choose · Enter filters the inbox by the label · Esc closes · range {}",
        NAMED_RANGES[v.range]
    );
    vec![Line::from(spans), Line::styled(hint, theme.dim())]
}

fn table_lines(
    report: &Report,
    selected_row: usize,
    width: u16,
    app: &App,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let header = format!("{}  volume", crate::stats::table_header());
    let mut lines = vec![Line::styled(header, theme.title())];
    let max =
        std::iter::once(&report.total).map(|f| f.counts.received + f.counts.sent).max().unwrap_or(1).max(1);
    let bar_w = usize::from(width).saturating_sub(100).clamp(4, 30);
    let mut row = |i: usize, name: &str, color: Style, f: &Figures| {
        let volume = f.counts.received + f.counts.sent;
        let bar = "█".repeat(usize::try_from(volume * bar_w as i64 / max).unwrap_or(0));
        let text = format!("{}  ", crate::stats::table_row(name, f));
        let style = if i == selected_row { theme.selected() } else { Style::new() };
        lines.push(Line::from(vec![Span::raw(text), Span::styled(bar, color)]).style(style));
    };
    row(0, "Total", theme.outbound(), &report.total);
    row(1, "Unlabelled", theme.dim(), &report.unlabelled);
    for (i, l) in report.labels.iter().enumerate() {
        let color =
            app.labels.iter().find(|x| x.name == l.label).map_or(theme.dim(), |x| theme.label(x.color));
        row(i + 2, &l.label, color, &l.figures);
    }
    lines
}

fn render_chart(frame: &mut Frame<'_>, area: Rect, f: &Figures, theme: &Theme) {
    let room = usize::from(area.width.saturating_sub(2) / 3).max(1);
    let days = &f.days[f.days.len().saturating_sub(room)..];
    let title = format!(" Received (white) and sent (cyan) per day — {} days ", days.len());
    let mut chart = BarChart::default()
        .block(Block::new().borders(Borders::TOP).border_style(theme.dim()).title(title))
        .bar_width(1)
        .bar_gap(0)
        .group_gap(1);
    for d in days {
        let value = |n: i64| u64::try_from(n).unwrap_or(0);
        let bars = [
            Bar::default().value(value(d.received)).text_value(String::new()).style(theme.inbound()),
            Bar::default().value(value(d.sent)).text_value(String::new()).style(theme.outbound()),
        ];
        chart = chart.data(BarGroup::default().bars(&bars));
    }
    frame.render_widget(chart, area);
}

fn funnel_lines(f: &Figures, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let outbound = f.counts.sent + f.counts.away_sent + f.counts.greeting_sent;
    let w = usize::from(width.saturating_sub(22)).max(4);
    let bar = |n: i64| "█".repeat(usize::try_from(n * w as i64 / outbound.max(1)).unwrap_or(0));
    let pct = |n: i64| if outbound > 0 { format!("{:>3}%", n * 100 / outbound) } else { "  -".into() };
    let median = f.first_response_median_s.map_or("-".to_string(), crate::stats::human_seconds);
    let p90 = f.first_response_p90_s.map_or("-".to_string(), crate::stats::human_seconds);
    let mut lines = vec![
        Line::styled(" Outbound → delivered → read", theme.title()),
        Line::from(vec![
            Span::raw(format!(" sent {outbound:>6} ")),
            Span::styled(bar(outbound), theme.outbound()),
        ]),
        Line::from(vec![
            Span::raw(format!(" dlvd {:>6} ", f.counts.delivered)),
            Span::styled(bar(f.counts.delivered), theme.outbound()),
            Span::raw(format!(" {}", pct(f.counts.delivered))),
        ]),
        Line::from(vec![
            Span::raw(format!(" read {:>6} ", f.counts.read)),
            Span::styled(bar(f.counts.read), theme.read_mark()),
            Span::raw(format!(" {}", pct(f.counts.read))),
        ]),
        Line::from(vec![
            Span::raw(format!(" fail {:>6} ", f.counts.failed)),
            Span::styled(bar(f.counts.failed), theme.error()),
        ]),
        Line::raw(""),
        Line::styled(" First response", theme.title()),
        Line::raw(format!(" median {median} · p90 {p90}")),
    ];
    // What the messages cost, when Meta reported billable ones (Cloud API).
    let b = &f.billable;
    if b.total > 0 {
        let join = |m: &std::collections::BTreeMap<String, i64>| {
            m.iter()
                .map(|(k, n)| format!("{} {n}", crate::sanitize::one_line(k)))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!(" Billable {}", b.total), theme.title()));
        lines.push(Line::raw(format!(" {}", join(&b.by_category))));
        lines.push(Line::styled(format!(" by {}", join(&b.by_origin)), theme.dim()));
    }
    lines
}
