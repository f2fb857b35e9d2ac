//! The real TUI session on ratatui's TestBackend: keys in, screens and store out.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wabi::hours::Schedule;
use wabi::model::Status;
use wabi::store::{ContactKey, Store};
use wabi::tui::app::{App, Msg};
use wabi::tui::keymap::Keymap;
use wabi::tui::run::{Session, Shell};
use wabi::tui::theme::{Palette, Theme};

/// 2026-01-15 12:00 UTC, a Thursday: a fixed "now" so the screens do not depend on the day.
const NOW: i64 = 1_768_478_400_000;

#[derive(Default)]
struct Recorder {
    bells: usize,
    wakes: usize,
}

impl Shell for Recorder {
    fn bell(&mut self) {
        self.bells += 1;
    }
    fn desktop(&mut self, _: &str, _: &str) {}
    fn edit(&mut self, text: &str) -> Option<String> {
        Some(format!("{text} (edited)"))
    }
    fn wake_worker(&mut self) {
        self.wakes += 1;
    }
}

struct Harness {
    session: Session<TestBackend>,
    shell: Recorder,
}

impl Harness {
    fn demo(w: u16, h: u16) -> Harness {
        let mut store = Store::open_in_memory().unwrap();
        wabi::demo::seed(&mut store, NOW).unwrap();
        Harness::with_store(store, w, h)
    }

    fn with_store(store: Store, w: u16, h: u16) -> Harness {
        let mut app = App::new(Keymap::default(), Schedule::default(), NOW, (w, h));
        app.status.store = "demo.db".into();
        app.status.transport = "demo".into();
        app.status.worker = "active".into();
        app.hint = Some("Try the demo:       wabi --demo".into());
        let terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut session = Session::new(app, store, terminal, Theme { palette: Palette::NoColor });
        let mut shell = Recorder::default();
        session.start(&mut shell);
        Harness { session, shell }
    }

    fn key(&mut self, code: KeyCode) -> &mut Self {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn keys(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    fn send(&mut self, msg: Msg) -> &mut Self {
        self.session.dispatch(msg, &mut self.shell);
        self
    }

    fn screen(&mut self) -> String {
        self.session.draw().unwrap();
        self.session.terminal.backend().to_string()
    }
}

#[test]
fn the_inbox_shows_the_demo_chats() {
    let mut h = Harness::demo(120, 40);
    insta::assert_snapshot!("inbox", h.screen());
}

#[test]
fn enter_opens_a_chat_with_the_composer() {
    let mut h = Harness::demo(120, 40);
    h.key(KeyCode::Enter);
    insta::assert_snapshot!("conversation", h.screen());
}

#[test]
fn question_mark_lists_the_keys() {
    let mut h = Harness::demo(120, 40);
    h.keys("?");
    let screen = h.screen();
    insta::assert_snapshot!("help", screen);
    assert!(screen.contains("quit wabi") && screen.contains("send the message"));
}

#[test]
fn a_narrow_terminal_shows_one_pane_at_a_time() {
    let mut h = Harness::demo(60, 20);
    insta::assert_snapshot!("narrow_list", h.screen());
    h.key(KeyCode::Enter);
    insta::assert_snapshot!("narrow_conversation", h.screen());
}

#[test]
fn a_reply_is_queued_shown_and_the_worker_woken() {
    let mut h = Harness::demo(120, 40);
    h.key(KeyCode::Enter).keys("See you at 5").key(KeyCode::Enter);
    let chat = h.session.app.conversation.as_ref().unwrap().chat.id;
    let last = h.session.store.messages(chat, 1, None).unwrap().pop().unwrap();
    assert_eq!((last.body.as_str(), last.status), ("See you at 5", Some(Status::Queued)));
    assert_eq!(h.shell.wakes, 1);
    assert!(h.screen().contains("See you at 5"));
}

#[test]
fn escape_sequences_from_customers_are_shown_not_obeyed() {
    let mut store = Store::open_in_memory().unwrap();
    let evil = "hi \u{1b}[2J\u{1b}]0;pwned\u{7} \u{1b}]52;c;Zm9v\u{7} \u{202e}evil";
    let mut m = wabi::store::NewMessage::text(ContactKey::Phone("15550100999".into()), evil, NOW - 1000);
    m.profile_name = Some("Mallory\u{1b}[31m".into());
    store.insert_messages(&[m]).unwrap();
    let mut h = Harness::with_store(store, 100, 20);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("␛[2J␛]0;pwned␇"), "{screen}");
    assert!(screen.contains("Mallory␛[31m"));
    let buffer = h.session.terminal.backend().buffer().clone();
    assert!(buffer.content().iter().all(|c| !c.symbol().chars().any(wabi::sanitize::is_dangerous)));
}

#[test]
fn filter_by_label_then_switch_the_filter() {
    let mut h = Harness::demo(120, 40);
    h.keys("f").keys("VIP").key(KeyCode::Enter);
    let vip = h.session.store.label_by_name("VIP").unwrap();
    assert_eq!(h.session.app.list.total as i64, vip.chats, "every VIP chat, nothing else (open view)");
    assert!(h.session.app.list.rows.iter().all(|r| r.labels.contains(&vip.id)));
    let screen = h.screen();
    assert!(screen.contains(&format!("filter: VIP ({})", vip.chats)), "{screen}");
    h.keys("f").keys("Paid").key(KeyCode::Enter);
    let paid = h.session.store.label_by_name("Paid").unwrap();
    assert!(
        h.session.app.list.rows.iter().all(
            |r| r.labels.contains(&paid.id) && !r.labels.contains(&vip.id) || r.labels.contains(&paid.id)
        )
    );
    assert_eq!(h.session.app.filter.labels, vec![paid.id]);
}

#[test]
fn l_toggles_a_label_on_the_chat_at_once() {
    let mut h = Harness::demo(120, 40);
    h.keys("G");
    let chat = h.session.app.list.selected_row().unwrap().id;
    let before = h.session.store.chat_label_names(chat).unwrap();
    assert!(!before.contains(&"Wholesale".to_string()));
    h.keys("l").keys("Wholesale").key(KeyCode::Enter);
    assert!(h.session.store.chat_label_names(chat).unwrap().contains(&"Wholesale".to_string()));
    h.key(KeyCode::Enter).key(KeyCode::Esc);
    assert_eq!(h.session.store.chat_label_names(chat).unwrap(), before, "Enter again takes it off");
}

#[test]
fn e_marks_the_chat_done_and_it_leaves_the_open_view() {
    let mut h = Harness::demo(120, 40);
    let before = h.session.app.list.total;
    let first = h.session.app.list.selected_row().unwrap().id;
    h.keys("e");
    assert_eq!(h.session.app.list.total, before, "it has unread messages: the first e asks");
    assert!(h.screen().contains("unread — e again marks done"));
    h.keys("e");
    assert_eq!(h.session.app.list.total, before - 1);
    assert_ne!(h.session.app.list.rows[0].id, first);
}

#[test]
fn search_finds_message_text_and_jumps_there() {
    let mut h = Harness::demo(120, 40);
    h.keys("/").keys("bombones");
    let screen = h.screen();
    assert!(screen.contains("Maria Lopez"), "{screen}");
    h.key(KeyCode::Enter);
    let c = h.session.app.conversation.as_ref().unwrap();
    assert_eq!(c.chat.name, "Maria Lopez");
    assert!(c.highlight.is_some());
}

#[test]
fn ctrl_e_puts_the_edited_text_in_the_draft() {
    let mut h = Harness::demo(120, 40);
    h.key(KeyCode::Enter).keys("draft");
    h.send(Msg::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL)));
    assert_eq!(h.session.app.conversation.as_ref().unwrap().draft.text(), "draft (edited)");
}

#[test]
fn an_empty_store_explains_how_to_start() {
    let mut h = Harness::with_store(Store::open_in_memory().unwrap(), 100, 20);
    let screen = h.screen();
    assert!(screen.contains("No chats yet") && screen.contains("wabi --demo"), "{screen}");
}

#[test]
fn resizing_to_any_size_never_panics() {
    let mut h = Harness::demo(120, 40);
    h.key(KeyCode::Enter).keys("hello world");
    for (w, hgt) in [(1, 1), (2, 5), (10, 3), (30, 8), (79, 24), (80, 24), (200, 60), (1, 1)] {
        h.session.terminal.backend_mut().resize(w, hgt);
        h.send(Msg::Resize(w, hgt));
        let _ = h.screen();
    }
    h.keys("?");
    h.session.terminal.backend_mut().resize(5, 2);
    h.send(Msg::Resize(5, 2));
    let _ = h.screen();
}

fn open_maria(h: &mut Harness) {
    h.keys("/").keys("Maria Lopez").key(KeyCode::Enter).key(KeyCode::Char('i'));
    assert_eq!(h.session.app.conversation.as_ref().unwrap().chat.name, "Maria Lopez");
}

fn draft(h: &Harness) -> String {
    h.session.app.conversation.as_ref().unwrap().draft.text().to_string()
}

#[test]
fn slash_tnk_offers_thanks_and_tab_expands_it_for_maria() {
    let mut h = Harness::demo(120, 40);
    open_maria(&mut h);
    h.keys("/tnk");
    let screen = h.screen();
    assert!(screen.contains("/thanks"), "{screen}");
    assert!(screen.contains("Thank you Maria, we got your order!"), "the preview: {screen}");
    h.key(KeyCode::Tab);
    assert_eq!(draft(&h), "Thank you Maria, we got your order!");
    h.key(KeyCode::Enter);
    let chat = h.session.app.conversation.as_ref().unwrap().chat.id;
    let sent = h.session.store.messages(chat, 1, None).unwrap().pop().unwrap();
    assert_eq!(sent.body, "Thank you Maria, we got your order!");
    assert_eq!(
        h.session.store.quick_replies().unwrap().iter().find(|q| q.shortcut == "thanks").unwrap().uses,
        1
    );
}

#[test]
fn a_slash_inside_a_word_is_sent_literally() {
    let mut h = Harness::demo(120, 40);
    open_maria(&mut h);
    h.keys("and/hours");
    assert!(h.session.app.quick.is_none());
    h.key(KeyCode::Enter);
    assert_eq!(draft(&h), "");
}

#[test]
fn enter_expands_in_place_and_does_not_send() {
    let mut h = Harness::demo(120, 40);
    open_maria(&mut h);
    h.keys("Open: /hou").key(KeyCode::Enter);
    assert!(draft(&h).starts_with("Open: Our hours today: "), "{}", draft(&h));
    assert!(!draft(&h).contains("/hou"));
}

#[test]
fn esc_closes_the_popup_and_keeps_the_text_and_no_match_says_so() {
    let mut h = Harness::demo(120, 40);
    open_maria(&mut h);
    h.keys("/zzzq");
    assert!(h.screen().contains("no quick reply"));
    h.key(KeyCode::Esc);
    assert!(h.session.app.quick.is_none());
    assert_eq!(draft(&h), "/zzzq");
    assert_eq!(
        h.session.app.focus,
        wabi::tui::keymap::Context::Composer,
        "Esc closed the popup, not the composer"
    );
}

#[test]
fn an_unfilled_placeholder_needs_a_second_enter() {
    let mut h = Harness::demo(120, 40);
    open_maria(&mut h);
    h.keys("Hi {{nickname}}").key(KeyCode::Enter);
    assert_eq!(draft(&h), "Hi {{nickname}}", "the first Enter only warns");
    assert!(h.screen().contains("Enter sends it as it is"));
    h.key(KeyCode::Enter);
    assert_eq!(draft(&h), "");
}

#[test]
fn the_quick_reply_manager_adds_edits_and_deletes() {
    let mut h = Harness::demo(120, 40);
    h.keys("Q")
        .keys("a")
        .keys("bye")
        .key(KeyCode::Tab)
        .keys("See you {{first_name|soon}}!")
        .key(KeyCode::Enter);
    let store = &h.session.store;
    assert!(
        store
            .quick_replies()
            .unwrap()
            .iter()
            .any(|q| q.shortcut == "bye" && q.text == "See you {{first_name|soon}}!")
    );
    h.keys("a").keys("bye").key(KeyCode::Tab).keys("again").key(KeyCode::Enter);
    assert!(h.screen().contains("/bye exists already"));
    h.key(KeyCode::Esc);
    let index = h.session.app.quick_replies.iter().position(|q| q.shortcut == "bye").unwrap();
    for _ in 0..index {
        h.keys("j");
    }
    h.keys("d").keys("y");
    assert!(!h.session.store.quick_replies().unwrap().iter().any(|q| q.shortcut == "bye"));
}

#[test]
fn the_label_manager_adds_renames_recolours_moves_and_deletes() {
    let mut h = Harness::demo(120, 40);
    h.keys("L").keys("a").keys("Urgent").key(KeyCode::Enter);
    let labels = h.session.store.labels().unwrap();
    let last = labels.len() - 1;
    assert_eq!(labels[last].name, "Urgent");
    for _ in 0..last {
        h.keys("j");
    }
    h.keys("r");
    h.key(KeyCode::Backspace).key(KeyCode::Backspace).keys("gent!").key(KeyCode::Enter);
    h.keys("c").keys("K");
    let labels = h.session.store.labels().unwrap();
    assert_eq!(labels[last - 1].name, "Urgegent!");
    assert_ne!(labels[last - 1].color, wabi::store::LabelColor(10));
    h.keys("d").keys("y");
    assert!(h.session.store.labels().unwrap().iter().all(|l| l.name != "Urgegent!"));
}

#[test]
fn s_shows_statistics_per_label_and_enter_filters_by_one() {
    let mut h = Harness::demo(130, 40);
    h.keys("s").keys("5");
    let screen = h.screen();
    assert!(
        screen.contains("Statistics") && screen.contains("Unlabelled") && screen.contains("VIP"),
        "{screen}"
    );
    let report = match &h.session.app.overlay {
        Some(wabi::tui::app::Overlay::Stats(v)) => v.report.clone().unwrap(),
        other => panic!("{other:?}"),
    };
    let vip = report.labels.iter().position(|l| l.label == "VIP").unwrap();
    for _ in 0..vip + 2 {
        h.keys("j");
    }
    h.key(KeyCode::Enter);
    let id = h.session.store.label_by_name("VIP").unwrap().id;
    assert_eq!(h.session.app.filter.labels, vec![id]);
    assert!(h.session.app.overlay.is_none());
}

#[path = "tui/chat_actions.rs"]
mod chat_actions;
#[path = "tui/cloud.rs"]
mod cloud;

#[path = "tui/coexist.rs"]
mod coexist;
#[path = "tui/hooks.rs"]
mod hooks;
#[path = "tui/media.rs"]
mod media;
#[path = "tui/state.rs"]
mod state;
