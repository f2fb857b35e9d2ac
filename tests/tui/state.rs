//! The state of things is on screen: the filter in the list title at any width, a full repaint
//! after the editor.

use ratatui::backend::Backend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wabi::tui::app::Msg;

use super::Harness;

#[test]
fn the_label_filter_is_in_the_list_title_at_80x24_and_esc_clears_it() {
    let mut h = Harness::demo(80, 24);
    h.keys("f").keys("VIP").key(KeyCode::Enter);
    let screen = h.screen();
    let vip = h.session.store.label_by_name("VIP").unwrap();
    assert!(screen.lines().next().unwrap().contains(&format!("open · VIP ({})", vip.chats)), "{screen}");
    insta::assert_snapshot!("filter_in_the_title", screen);
    h.key(KeyCode::Esc);
    assert!(h.session.app.filter.labels.is_empty());
    assert!(h.screen().contains("Label filter cleared"));
}

#[test]
fn the_screen_is_whole_after_the_editor() {
    let ctrl_e = || Msg::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL));
    let mut untouched = Harness::demo(100, 30);
    untouched.key(KeyCode::Enter).keys("draft").send(ctrl_e());
    let mut h = Harness::demo(100, 30);
    h.key(KeyCode::Enter).keys("draft");
    let _ = h.screen();
    // The editor scribbles over the terminal behind ratatui's back.
    h.session.terminal.backend_mut().clear().unwrap();
    h.send(ctrl_e());
    assert_eq!(h.screen(), untouched.screen(), "every cell painted again");
}

#[test]
fn the_help_at_80x24_scrolls_to_every_section_and_key() {
    let mut h = Harness::demo(80, 24);
    h.keys("?");
    let mut seen = h.screen();
    assert!(seen.contains("↓ more"), "{seen}");
    for _ in 0..12 {
        h.key(KeyCode::PageDown);
        seen.push_str(&h.screen());
    }
    for title in ["Chat list", "Conversation", "Composer"] {
        assert!(seen.contains(title), "{title}");
    }
    for (_, rows) in h.session.app.keymap.help() {
        for (keys, help) in rows {
            assert!(seen.contains(help), "{keys} {help} never shown");
        }
    }
    insta::assert_snapshot!("help_scrolled_to_the_end", h.screen());
    h.keys("x");
    assert!(h.session.app.overlay.is_none(), "another key closes it");
}

#[test]
fn a_reply_with_no_transport_says_why_it_is_not_sent() {
    let mut h = Harness::demo(100, 30);
    h.session.app.status.transport = "none".into();
    h.key(KeyCode::Enter).keys("Hasta mañana").key(KeyCode::Enter);
    let screen = h.screen();
    // The line under the message (its time is the real clock's, so no snapshot here).
    let under = screen.lines().find(|l| l.contains("no transport configured")).unwrap_or_default();
    assert!(under.contains("no transport configured: nothing sends this │"), "{screen}");
}

#[test]
fn a_paused_worker_is_named_under_the_waiting_message() {
    let mut h = Harness::demo(100, 30);
    h.key(KeyCode::Enter).keys("Hasta mañana").key(KeyCode::Enter);
    h.send(Msg::Worker(wabi::worker::WorkerEvent::Paused("access token expired".into())));
    let screen = h.screen();
    assert!(screen.contains("not sent: paused: access token expired"), "{screen}");
}

#[test]
fn a_quick_reply_shortcut_may_have_accents() {
    let mut h = Harness::demo(120, 40);
    let shortcut = wabi::quick_reply::validate_shortcut("Cumpleaños").unwrap();
    h.session.store.add_quick_reply(&shortcut, "¡Feliz cumpleaños!").unwrap();
    h.send(Msg::StoreChanged);
    h.key(KeyCode::Enter).keys("/cumpleañ");
    assert!(h.screen().contains("/cumpleaños"));
    h.key(KeyCode::Tab);
    assert_eq!(h.session.app.conversation.as_ref().unwrap().draft.text(), "¡Feliz cumpleaños!");
}

/// Customers whose names need grapheme clusters: skin tones, flags, ZWJ families, Arabic
/// tanween, decomposed accents.
fn hard_names() -> wabi::store::Store {
    use wabi::store::{ContactKey, NewMessage, Store};
    let names = [
        "Ana 👍🏽👍🏿 Ruiz Fernández de la Vega",
        "Pepe 🇪🇸🇲🇽🇦🇷 banderas y más banderas",
        "Familia 👩‍👩‍👧‍👦👨‍👨‍👦 García Pérez López",
        "نور كتابًا جديدًا مع الشكر الجزيل",
        "Rene\u{301}e Zoe\u{308} Cafe\u{301} au lait",
    ];
    let mut store = Store::open_in_memory().unwrap();
    for (i, name) in names.iter().enumerate() {
        let mut m = NewMessage::text(ContactKey::Phone(format!("3460020000{i}")), *name, super::NOW - 60_000);
        m.profile_name = Some((*name).to_string());
        store.insert_messages(&[m]).unwrap();
    }
    store
}

#[test]
fn names_with_skin_tones_flags_zwj_and_combining_marks_keep_the_panes_straight() {
    for (w, h) in [(80, 24), (60, 20), (120, 30)] {
        let mut harness = Harness::with_store(hard_names(), w, h);
        let screen = harness.screen();
        let buffer = harness.session.terminal.backend().buffer().clone();
        // The list's right border: the column of the first "┐" on the top row.
        let border = (0..w).find(|&x| buffer[(x, 0)].symbol() == "┐").unwrap();
        for y in 1..h - 3 {
            assert_eq!(buffer[(border, y)].symbol(), "│", "row {y} at {w}x{h}:\n{screen}");
        }
        if w == 80 {
            insta::assert_snapshot!("grapheme_widths", screen);
        }
    }
}

#[test]
fn opening_a_chat_with_unread_messages_shows_where_they_start() {
    let mut h = Harness::demo(120, 40);
    let unread = h.session.app.list.selected_row().unwrap().unread;
    h.key(KeyCode::Enter);
    assert!(h.screen().contains(&format!("── {unread} unread ──")));
}
