//! The one-line prompts: a reaction's emoji, a file to attach (with what Tab found).

use ratatui::text::{Line, Span};

use crate::sanitize::one_line;
use crate::tui::app::{Prompt, PromptKind};
use crate::tui::theme::Theme;

/// Title, lines and size of the prompt popup.
pub fn content(p: &Prompt, theme: &Theme) -> (String, Vec<Line<'static>>, (u16, u16)) {
    let (title, hint) = match p.kind {
        PromptKind::React { .. } => (" React ", "one emoji · Enter reacts · empty removes yours · Esc"),
        PromptKind::Attach => (" Attach a file ", "path · Tab completes · ~ is home · Enter attaches · Esc"),
        PromptKind::NewChat => {
            (" New chat ", "phone number with country code (+34 600 111 222) · Enter · Esc")
        }
        PromptKind::Save { .. } => {
            (" Save the attachment ", "path or folder · Tab completes · ~ is home · Enter saves · Esc")
        }
        PromptKind::Forward { .. } => {
            (" Forward to ", "phone number with country code · Enter forwards · Esc")
        }
    };
    let input = one_line(p.input.text());
    let mut lines = vec![
        Line::from(vec![Span::raw(format!(" {input}")), Span::styled("▏", theme.highlight())]),
        Line::styled(format!(" {hint}"), theme.dim()),
    ];
    if !p.choices.is_empty() {
        lines.push(Line::styled(format!(" {}", one_line(&p.choices.join("  "))), theme.dim()));
    }
    (title.to_string(), lines, (72, 6))
}
