//! The status bar: hours and away, view and filter, transport, worker, store; then the key hints or
//! the latest notice.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::store::ManualAwayState;
use crate::tui::app::App;
use crate::tui::keymap::{Action, Context};
use crate::tui::theme::Theme;

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let now = chrono::DateTime::from_timestamp_millis(app.now).unwrap_or_default();
    let away = match app.status.away {
        ManualAwayState::On { until: Some(t), .. } => {
            format!(" · away on until {}", crate::tui::when::describe(t, app.now, app.tz))
        }
        ManualAwayState::On { until: None, .. } => " · away on".to_string(),
        ManualAwayState::Off if app.status.away_auto && !app.schedule.is_open(now) => {
            " · away on".to_string()
        }
        ManualAwayState::Off => String::new(),
    };
    let mut filter = format!("view: {}", app.filter.view.as_str());
    let names = app.filter_names();
    if !names.is_empty() {
        let list: Vec<String> = names.iter().map(|(n, count)| format!("{n} ({count})")).collect();
        filter.push_str(&format!(" · filter: {}", list.join(", ")));
    }
    let worker = if app.status.worker.is_empty() { "starting" } else { app.status.worker.as_str() };
    let transport = match app.status.transport.as_str() {
        "" | "none" => "none — nothing is sent",
        name => name,
    };
    let hooks = match app.status.hooks_failing {
        0 => String::new(),
        n => format!(" │ hooks: {n} failing"),
    };
    // What matters first (a narrow terminal cuts the end): open or closed, away, the view and
    // filter; the machinery after; the store path last.
    let first = format!(
        " {}{away} │ {filter}{} │ transport: {transport} │ worker: {worker}{hooks} │ {}",
        app.schedule.status_line(now),
        history(app),
        app.status.store,
    );
    let second = match &app.notice {
        Some(n) => Span::styled(format!(" {}", crate::sanitize::one_line(n)), theme.highlight()),
        None => Span::styled(format!(" {}", hints(app)), theme.dim()),
    };
    let text = vec![Line::styled(first, theme.status_bar()), Line::from(second)];
    frame.render_widget(Paragraph::new(text), area);
}

/// The history sync from the phone while it runs (" │ history 55% · phase 1"), or that it was
/// declined; nothing before it starts or once it is complete.
fn history(app: &App) -> String {
    match &app.status.history {
        Some(h) if h.declined.is_some() => " │ history: declined on the phone".to_string(),
        Some(h) if h.progress < 100 => {
            let phase = h.phase.map(|p| format!(" · phase {p}")).unwrap_or_default();
            format!(" │ history {}%{phase}", h.progress)
        }
        _ => String::new(),
    }
}

/// The main keys of the focused context, from the keymap (so overrides show).
fn hints(app: &App) -> String {
    let wanted: &[(Action, &str)] = match app.focus {
        Context::List => &[
            (Action::SelectNext, "move"),
            (Action::OpenChat, "open"),
            (Action::Search, "search"),
            (Action::MarkDone, "done"),
            (Action::Snooze, "snooze"),
            (Action::LabelChat, "label"),
            (Action::FilterLabels, "filter"),
            (Action::NextView, "view"),
            (Action::ToggleAway, "away"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ],
        Context::Conversation => &[
            (Action::ScrollUp, "scroll"),
            (Action::Compose, "write"),
            (Action::MarkDone, "done"),
            (Action::LabelChat, "label"),
            (Action::Resend, "resend"),
            (Action::Back, "back"),
            (Action::Help, "help"),
        ],
        Context::Select => &[
            (Action::CursorUp, "move"),
            (Action::Reply, "reply"),
            (Action::React, "react"),
            (Action::CopyMessage, "copy"),
            (Action::OpenAttachment, "open"),
            (Action::MessageInfo, "info"),
            (Action::Back, "back"),
        ],
        Context::Composer => &[
            (Action::Send, "send"),
            (Action::Newline, "new line"),
            (Action::EditExternal, "editor"),
            (Action::Back, "back"),
        ],
    };
    wanted
        .iter()
        .filter_map(|(action, label)| {
            let keys = app.keymap.keys_of(app.focus, *action);
            let key = keys.first()?;
            Some(format!("{} {label}", key.label()))
        })
        .collect::<Vec<_>>()
        .join("  ")
}
