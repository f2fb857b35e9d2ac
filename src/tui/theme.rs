//! Colours. Truecolor where the terminal says so, the 16-colour palette otherwise, and none at all
//! under `NO_COLOR` (only bold/reverse/dim then).

use ratatui::style::{Color, Modifier, Style};

use crate::store::LabelColor;

/// How many colours to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    TrueColor,
    Ansi16,
    NoColor,
}

/// The styles of every part of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub palette: Palette,
}

impl Theme {
    /// From the environment: `NO_COLOR` (any value) wins; `COLORTERM=truecolor|24bit` gives RGB.
    pub fn detect() -> Theme {
        let palette = if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            Palette::NoColor
        } else if std::env::var("COLORTERM").is_ok_and(|v| v == "truecolor" || v == "24bit") {
            Palette::TrueColor
        } else {
            Palette::Ansi16
        };
        Theme { palette }
    }

    fn fg(&self, c: Color) -> Style {
        match self.palette {
            Palette::NoColor => Style::new(),
            _ => Style::new().fg(c),
        }
    }

    pub fn label(&self, color: LabelColor) -> Style {
        match self.palette {
            Palette::TrueColor => {
                let (r, g, b) = color.rgb();
                Style::new().fg(Color::Rgb(r, g, b))
            }
            Palette::Ansi16 => Style::new().fg(Color::Indexed(color.ansi16())),
            Palette::NoColor => Style::new(),
        }
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        match self.palette {
            Palette::NoColor => Style::new().add_modifier(Modifier::DIM),
            _ => Style::new().fg(Color::DarkGray),
        }
    }

    pub fn selected(&self) -> Style {
        match self.palette {
            Palette::NoColor => Style::new().add_modifier(Modifier::REVERSED),
            _ => Style::new().bg(Color::Indexed(236)).add_modifier(Modifier::BOLD),
        }
    }

    pub fn unread(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused { self.fg(Color::Green) } else { self.dim() }
    }

    pub fn inbound(&self) -> Style {
        Style::new()
    }

    pub fn outbound(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn read_mark(&self) -> Style {
        self.fg(Color::LightBlue).add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn highlight(&self) -> Style {
        match self.palette {
            Palette::NoColor => Style::new().add_modifier(Modifier::UNDERLINED),
            _ => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }

    pub fn status_bar(&self) -> Style {
        match self.palette {
            Palette::NoColor => Style::new().add_modifier(Modifier::REVERSED),
            _ => Style::new().bg(Color::Indexed(235)).fg(Color::Gray),
        }
    }
}
