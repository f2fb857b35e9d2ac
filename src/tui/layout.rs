//! Where each part of the screen goes; shared by drawing and by the mouse.

use ratatui::layout::{Constraint, Layout, Rect};

use super::app::App;
use super::keymap::Context;

/// The rectangles of one frame. Parts not shown (narrow terminal, no chat open) are None.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub list: Option<Rect>,
    pub header: Option<Rect>,
    pub messages: Option<Rect>,
    pub composer: Option<Rect>,
    /// The right pane when no chat is open (wide terminals only).
    pub placeholder: Option<Rect>,
    pub status: Rect,
    pub full: Rect,
}

/// Below this width only one of list and conversation is shown.
const SPLIT_WIDTH: u16 = 80;

impl Areas {
    pub fn new(app: &App) -> Areas {
        let full = Rect::new(0, 0, app.size.0, app.size.1);
        let [main, status] = full.layout(&Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]));
        let open = app.conversation.is_some();
        let mut placeholder = None;
        let (list, right) = if main.width >= SPLIT_WIDTH {
            let w = (main.width * 35 / 100).clamp(28, 48);
            let [l, r] = main.layout(&Layout::horizontal([Constraint::Length(w), Constraint::Fill(1)]));
            placeholder = (!open).then_some(r);
            (Some(l), open.then_some(r))
        } else if open && app.focus != Context::List {
            (None, Some(main))
        } else {
            (Some(main), None)
        };
        let (header, messages, composer) = match (right, app.conversation.as_ref()) {
            (Some(r), Some(c)) => {
                let lines = super::view::composer::height(c, r.width);
                let [h, m, k] = r.layout(&Layout::vertical([
                    Constraint::Length(3),
                    Constraint::Fill(1),
                    Constraint::Length(lines),
                ]));
                (Some(h), Some(m), Some(k))
            }
            _ => (None, None, None),
        };
        Areas { list, header, messages, composer, placeholder, status, full }
    }
}
