//! The broadcast screen (`B`) in the real TUI session on ratatui's TestBackend: create a list,
//! add numbers, send, and read the figures.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use wabi::hours::Schedule;
use wabi::store::{ContactKey, NewMessage, Store, now_ms};
use wabi::tui::app::{App, Msg};
use wabi::tui::keymap::Keymap;
use wabi::tui::run::{Session, Shell};
use wabi::tui::theme::{Palette, Theme};

#[derive(Default)]
struct Wakes(usize);

impl Shell for Wakes {
    fn bell(&mut self) {}
    fn desktop(&mut self, _: &str, _: &str) {}
    fn edit(&mut self, _: &str) -> Option<String> {
        None
    }
    fn wake_worker(&mut self) {
        self.0 += 1;
    }
}

fn type_keys(session: &mut Session<TestBackend>, shell: &mut Wakes, keys: &[KeyCode]) {
    for &code in keys {
        session.dispatch(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), shell);
    }
}

fn text(s: &str) -> Vec<KeyCode> {
    s.chars().map(KeyCode::Char).collect()
}

fn screen(session: &mut Session<TestBackend>) -> String {
    session.draw().unwrap();
    session.terminal.backend().to_string()
}

#[test]
fn the_broadcast_screen_creates_a_list_adds_numbers_sends_and_shows_who_was_skipped() {
    let mut store = Store::open_in_memory().unwrap();
    let now = now_ms();
    store
        .insert_messages(&[
            NewMessage::text(ContactKey::Phone("34600111001".into()), "hola", now - 1000),
            NewMessage::text(ContactKey::Phone("34600111002".into()), "STOP", now - 1000),
        ])
        .unwrap();
    let app = App::new(Keymap::default(), Schedule::default(), now, (120, 40));
    let terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut session = Session::new(app, store, terminal, Theme { palette: Palette::NoColor });
    let mut shell = Wakes::default();
    session.start(&mut shell);

    type_keys(&mut session, &mut shell, &[KeyCode::Char('B')]);
    assert!(screen(&mut session).contains("No broadcast lists yet"));
    type_keys(
        &mut session,
        &mut shell,
        &[vec![KeyCode::Char('n')], text("Friends"), vec![KeyCode::Enter]].concat(),
    );
    assert!(screen(&mut session).contains("Friends"));

    type_keys(
        &mut session,
        &mut shell,
        &[vec![KeyCode::Char('a')], text("34600111001, no!"), vec![KeyCode::Enter]].concat(),
    );
    let shown = screen(&mut session);
    assert!(shown.contains("left out \"no!\""), "a bad number is named: {shown}");
    assert!(shown.contains("1 of 256 members"), "and the good one added: {shown}");
    type_keys(
        &mut session,
        &mut shell,
        &[vec![KeyCode::Char('a')], text("34600111002"), vec![KeyCode::Enter]].concat(),
    );
    assert!(screen(&mut session).contains("2 of 256 members"));

    type_keys(
        &mut session,
        &mut shell,
        &[vec![KeyCode::Char('s')], text("Sale today"), vec![KeyCode::Enter]].concat(),
    );
    let preview = screen(&mut session);
    assert!(preview.contains("1 of 2 get the text · 1 nothing (1 opted out)"), "{preview}");
    assert!(preview.contains("Enter again sends to 1"), "{preview}");
    assert_eq!(shell.0, 0, "nothing is sent before the confirmation");
    type_keys(&mut session, &mut shell, &[KeyCode::Enter]);
    let shown = screen(&mut session);
    assert!(shown.contains("Sale today"), "{shown}");
    assert!(shown.contains("1 queued · 0 sent · 0 delivered · 0 read · 0 failed · 1 skipped"), "{shown}");
    assert!(shown.contains("skipped: opted out 1"), "{shown}");
    assert_eq!(shell.0, 1);

    type_keys(&mut session, &mut shell, &[KeyCode::Esc]);
    assert!(!screen(&mut session).contains("Broadcast lists"));
}

/// Ctrl-T on the send form: "No template", then the configured ones; a template's parameters
/// are asked for before it is taken.
#[test]
fn a_cloud_broadcast_from_the_screen_sends_text_inside_the_window_and_the_picked_template_outside() {
    let mut store = Store::open_in_memory().unwrap();
    let now = now_ms();
    let inside = ContactKey::Phone("34600111001".into());
    let outside = ContactKey::Phone("34600111002".into());
    store
        .insert_messages(&[
            NewMessage::text(inside.clone(), "hola", now - 60_000),
            NewMessage::text(outside.clone(), "hello", now - 3 * 86_400_000),
        ])
        .unwrap();
    store.create_list("Regulars").unwrap();
    store.add_members("Regulars", &[inside.clone(), outside.clone()]).unwrap();
    // The screen's clock is fixed so the snapshot's status bar never changes (Thursday noon);
    // the store decides the window by the real clock, as the messages above are placed.
    let mut app = App::new(Keymap::default(), Schedule::default(), 1_768_478_400_000, (100, 30));
    app.cloud = true;
    app.templates = [
        wabi::config::TemplateConfig {
            name: "hello_again".into(),
            language: "en".into(),
            params: vec![],
            text: String::new(),
        },
        wabi::config::TemplateConfig {
            name: "offer".into(),
            language: "es".into(),
            params: vec!["name".into(), "discount".into()],
            text: String::new(),
        },
    ]
    .iter()
    .map(wabi::templates::Template::from_config)
    .collect();
    let terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut session = Session::new(app, store, terminal, Theme { palette: Palette::NoColor });
    let mut shell = Wakes::default();
    session.start(&mut shell);
    let ctrl_t = || Msg::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));

    type_keys(&mut session, &mut shell, &[KeyCode::Char('B'), KeyCode::Char('s')]);
    assert!(screen(&mut session).contains("Ctrl-T picks a template for members outside the 24-hour window"));
    session.dispatch(ctrl_t(), &mut shell);
    type_keys(&mut session, &mut shell, &[KeyCode::Char('j'), KeyCode::Char('j')]);
    insta::assert_snapshot!("broadcast_template_picker", screen(&mut session));
    type_keys(
        &mut session,
        &mut shell,
        &[vec![KeyCode::Enter], text("amiga"), vec![KeyCode::Enter]].concat(),
    );
    assert!(screen(&mut session).contains("discount is empty"), "an empty parameter stays in the form");
    type_keys(&mut session, &mut shell, &[vec![KeyCode::Tab], text("20%"), vec![KeyCode::Enter]].concat());
    let shown = screen(&mut session);
    assert!(
        shown.contains("Template for members outside the 24-hour window: [template offer: amiga, 20%]"),
        "{shown}"
    );

    type_keys(
        &mut session,
        &mut shell,
        &[text("Spring sale"), vec![KeyCode::Enter, KeyCode::Enter]].concat(),
    );
    let shown = screen(&mut session);
    // 100 columns are too few for the progress bar and the figures: they take a line each.
    assert!(shown.contains("2 queued · 0 sent · 0 delivered · 0 read · 0 failed · 0 skipped"), "{shown}");
    let row = shown.lines().find(|l| l.contains("> Regulars")).unwrap_or_default();
    assert!(
        row.trim_end_matches(['│', ' ', '"']).ends_with(": 2 queued"),
        "only counts that are not 0: {row}"
    );
    let body = |key: &ContactKey| {
        let chat = session.store.require_chat(key).unwrap();
        let messages = session.store.messages(chat, 10, None).unwrap();
        messages
            .iter()
            .filter(|m| m.origin == wabi::model::Origin::Broadcast)
            .map(|m| m.body.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(body(&inside), ["Spring sale"]);
    assert_eq!(body(&outside), ["[template offer: amiga, 20%]"]);
}

#[test]
fn without_templates_ctrl_t_says_how_to_add_one_and_a_template_alone_needs_no_text() {
    let mut store = Store::open_in_memory().unwrap();
    let now = now_ms();
    let key = ContactKey::Phone("34600111001".into());
    store.insert_messages(&[NewMessage::text(key.clone(), "hola", now - 60_000)]).unwrap();
    store.create_list("Regulars").unwrap();
    store.add_members("Regulars", std::slice::from_ref(&key)).unwrap();
    let app = App::new(Keymap::default(), Schedule::default(), now, (100, 30));
    let terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut session = Session::new(app, store, terminal, Theme { palette: Palette::NoColor });
    let mut shell = Wakes::default();
    session.start(&mut shell);
    let ctrl_t = Msg::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    type_keys(&mut session, &mut shell, &[KeyCode::Char('B'), KeyCode::Char('s')]);
    session.dispatch(ctrl_t.clone(), &mut shell);
    assert!(screen(&mut session).contains("No templates: list approved ones as [[templates]] in the config"));
    type_keys(&mut session, &mut shell, &[KeyCode::Enter]);
    assert!(screen(&mut session).contains("type something first"));

    session.app.templates = vec![wabi::templates::Template::from_config(&wabi::config::TemplateConfig {
        name: "hello_again".into(),
        language: "en".into(),
        params: vec![],
        text: String::new(),
    })];
    session.dispatch(ctrl_t, &mut shell);
    type_keys(&mut session, &mut shell, &[KeyCode::Down, KeyCode::Enter, KeyCode::Enter, KeyCode::Enter]);
    let chat = session.store.require_chat(&key).unwrap();
    let sent = session.store.messages(chat, 10, None).unwrap();
    assert_eq!(sent.last().map(|m| m.body.as_str()), Some("[template hello_again]"));
}

#[test]
fn a_broadcast_shows_the_first_members_copy_and_fills_each_members_name() {
    let mut store = Store::open_in_memory().unwrap();
    let now = now_ms();
    let ana = ContactKey::Phone("34600111001".into());
    let luis = ContactKey::Phone("34600111002".into());
    for (key, name) in [(&ana, "Ana Pérez"), (&luis, "Luis")] {
        let mut m = NewMessage::text(key.clone(), "hola", now - 1000);
        m.profile_name = Some(name.into());
        store.insert_messages(&[m]).unwrap();
    }
    store.create_list("Regulars").unwrap();
    store.add_members("Regulars", &[ana.clone(), luis.clone()]).unwrap();
    let app = App::new(Keymap::default(), Schedule::default(), now, (100, 30));
    let terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut session = Session::new(app, store, terminal, Theme { palette: Palette::NoColor });
    let mut shell = Wakes::default();
    session.start(&mut shell);
    let alt_enter = Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));

    type_keys(
        &mut session,
        &mut shell,
        &[vec![KeyCode::Char('B'), KeyCode::Char('s')], text("Hola {{first_name}}")].concat(),
    );
    session.dispatch(alt_enter, &mut shell);
    type_keys(&mut session, &mut shell, &[text("Rebajas hoy"), vec![KeyCode::Enter]].concat());
    let preview = screen(&mut session);
    assert!(preview.contains("Preview — as Ana Pérez will read it:"), "{preview}");
    assert!(preview.contains("│ Hola Ana") && preview.contains("│ Rebajas hoy"), "{preview}");
    assert!(
        preview.contains("2 of 2 get the text") && preview.contains("Enter again sends to 2"),
        "{preview}"
    );
    assert_eq!(shell.0, 0, "Alt-Enter and the first Enter send nothing");
    type_keys(&mut session, &mut shell, &[KeyCode::Enter]);
    let body = |key: &ContactKey| {
        let chat = session.store.require_chat(key).unwrap();
        session.store.messages(chat, 10, None).unwrap().last().map(|m| m.body.clone()).unwrap_or_default()
    };
    assert_eq!(body(&ana), "Hola Ana\nRebajas hoy");
    assert_eq!(body(&luis), "Hola Luis\nRebajas hoy");
}

#[test]
fn a_number_the_store_refuses_is_named_and_the_others_are_added() {
    let store = Store::open_in_memory().unwrap();
    let now = now_ms();
    let app = App::new(Keymap::default(), Schedule::default(), now, (100, 30));
    let terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut session = Session::new(app, store, terminal, Theme { palette: Palette::NoColor });
    let mut shell = Wakes::default();
    session.start(&mut shell);
    let keys = [vec![KeyCode::Char('B'), KeyCode::Char('n')], text("Regs"), vec![KeyCode::Enter]].concat();
    type_keys(&mut session, &mut shell, &keys);
    let add =
        [vec![KeyCode::Char('a')], text("34600111001, nope, 34600111002"), vec![KeyCode::Enter]].concat();
    type_keys(&mut session, &mut shell, &add);
    let shown = screen(&mut session);
    assert!(shown.contains("Left out: no contact nope"), "{shown}");
    assert!(shown.contains("2 of 256 members"), "{shown}");
}

#[test]
fn m_lists_a_lists_members_and_d_takes_one_off() {
    let mut store = Store::open_in_memory().unwrap();
    let now = now_ms();
    let keys: Vec<ContactKey> = (1..=30).map(|i| ContactKey::Phone(format!("346001110{i:02}"))).collect();
    for key in &keys {
        store.insert_messages(&[NewMessage::text(key.clone(), "hola", now - 1000)]).unwrap();
    }
    store.create_list("Regulars").unwrap();
    store.add_members("Regulars", &keys).unwrap();
    let app = App::new(Keymap::default(), Schedule::default(), now, (100, 24));
    let terminal = Terminal::new(TestBackend::new(100, 24)).unwrap();
    let mut session = Session::new(app, store, terminal, Theme { palette: Palette::NoColor });
    let mut shell = Wakes::default();
    session.start(&mut shell);
    type_keys(&mut session, &mut shell, &[KeyCode::Char('B'), KeyCode::Char('m')]);
    let shown = screen(&mut session);
    assert!(shown.contains("Members of Regulars") && shown.contains("+34600111001"), "{shown}");
    // The highlight stays in view down the list.
    type_keys(&mut session, &mut shell, &[KeyCode::Char('j'); 29]);
    let shown = screen(&mut session);
    assert!(shown.contains("+34600111030"), "the last member is scrolled into view: {shown}");
    type_keys(&mut session, &mut shell, &[KeyCode::Char('d')]);
    let shown = screen(&mut session);
    assert!(shown.contains("Removed +34600111030"), "{shown}");
    assert!(!shown.lines().any(|l| l.contains("+34600111030") && l.contains("unknown")), "{shown}");
    let list = session.store.broadcast_list("Regulars").unwrap();
    assert_eq!(session.store.list_members(list.id).unwrap().len(), 29);
}

#[test]
fn hash_label_adds_everyone_whose_chat_carries_it() {
    let mut store = Store::open_in_memory().unwrap();
    let now = now_ms();
    let vip = store.add_label("VIP", wabi::store::LabelColor(3)).unwrap();
    for i in 1..=4 {
        let key = ContactKey::Phone(format!("3460011100{i}"));
        store.insert_messages(&[NewMessage::text(key.clone(), "hola", now - 1000)]).unwrap();
        if i % 2 == 0 {
            store.assign_label(store.require_chat(&key).unwrap(), vip).unwrap();
        }
    }
    store.create_list("Regulars").unwrap();
    let app = App::new(Keymap::default(), Schedule::default(), now, (100, 30));
    let terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut session = Session::new(app, store, terminal, Theme { palette: Palette::NoColor });
    let mut shell = Wakes::default();
    session.start(&mut shell);
    let add = [vec![KeyCode::Char('B'), KeyCode::Char('a')], text("#vip, 34600111001"), vec![KeyCode::Enter]]
        .concat();
    type_keys(&mut session, &mut shell, &add);
    let list = session.store.broadcast_list("Regulars").unwrap();
    let mut members: Vec<String> =
        session.store.list_members(list.id).unwrap().into_iter().filter_map(|m| m.contact.phone).collect();
    members.sort();
    assert_eq!(members, ["34600111001", "34600111002", "34600111004"]);
}
