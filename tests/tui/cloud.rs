//! The Cloud API in the inbox: the 24-hour window, templates, attachments and consent.

use super::*;

fn cloud_harness() -> Harness {
    let mut store = Store::open_in_memory().unwrap();
    let old = wabi::store::NewMessage::text(
        ContactKey::Phone("34600000001".into()),
        "hola, ayer",
        NOW - 30 * 3_600_000,
    );
    let recent = wabi::store::NewMessage::text(
        ContactKey::Phone("34600000002".into()),
        "hola, ahora",
        NOW - 3_600_000,
    );
    store.insert_messages(&[old, recent]).unwrap();
    let mut h = Harness::with_store(store, 120, 30);
    h.session.app.cloud = true;
    h.session.app.templates = vec![wabi::templates::Template::from_config(&wabi::config::TemplateConfig {
        name: "order_ready".into(),
        language: "es".into(),
        params: vec!["name".into(), "time".into()],
        text: String::new(),
    })];
    h
}

#[test]
fn outside_the_window_text_is_refused_and_a_template_goes_instead() {
    let mut h = cloud_harness();
    h.keys("j").key(KeyCode::Enter);
    assert_eq!(h.session.app.conversation.as_ref().unwrap().chat.phone.as_deref(), Some("34600000001"));
    h.keys("hola").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("window closed"), "{screen}");
    assert!(screen.contains("only templates go out"), "{screen}");
    assert_eq!(draft(&h), "hola", "nothing was sent");
    h.send(Msg::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL)));
    h.key(KeyCode::Enter).keys("Ana").key(KeyCode::Tab).keys("18:00").key(KeyCode::Enter);
    let chat = h.session.app.conversation.as_ref().unwrap().chat.id;
    let last = h.session.store.messages(chat, 1, None).unwrap().pop().unwrap();
    assert_eq!(last.status, Some(Status::Queued));
    assert!(
        last.body.contains("order_ready") && last.body.contains("Ana") && last.body.contains("18:00"),
        "{}",
        last.body
    );
}

#[test]
fn inside_the_window_the_header_and_list_show_the_time_left() {
    let mut h = cloud_harness();
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("window 23h 00m left"), "{screen}");
    assert!(screen.contains("23h") && screen.contains("⊘"), "the list marks both chats: {screen}");
    h.keys("claro").key(KeyCode::Enter);
    assert_eq!(draft(&h), "", "sent");
}

#[test]
fn o_asks_to_open_the_newest_attachment() {
    #[derive(Default)]
    struct Opener(Vec<i64>);
    impl Shell for Opener {
        fn bell(&mut self) {}
        fn desktop(&mut self, _: &str, _: &str) {}
        fn edit(&mut self, _: &str) -> Option<String> {
            None
        }
        fn wake_worker(&mut self) {}
        fn open_media(&mut self, id: i64) {
            self.0.push(id);
        }
    }
    let mut store = Store::open_in_memory().unwrap();
    let mut photo =
        wabi::store::NewMessage::text(ContactKey::Phone("34600000001".into()), "the bouquet", NOW - 1000);
    photo.kind = wabi::model::Kind::Image;
    store.insert_messages(&[photo]).unwrap();
    let mut h = Harness::with_store(store, 120, 30);
    h.key(KeyCode::Tab);
    let mut opener = Opener::default();
    h.session.dispatch(Msg::Key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::NONE)), &mut opener);
    assert_eq!(opener.0.len(), 1);
}

#[test]
fn c_records_consent_and_the_header_shows_it() {
    let mut h = Harness::demo(120, 40);
    h.key(KeyCode::Tab);
    assert!(h.screen().contains("consent unknown"));
    h.keys("C").keys("2");
    let chat = h.session.app.conversation.as_ref().unwrap().chat.clone();
    let contact = h.session.store.chat_contact(chat.id).unwrap();
    let record = h.session.store.consent(contact.id).unwrap().unwrap();
    assert_eq!(record.state, wabi::consent::ConsentState::OptedOut);
    assert_eq!(record.by, "operator");
    assert!(h.screen().contains("· opted out"));
}

#[test]
fn b_twice_blocks_the_customer_and_the_header_shows_blocked_username_and_ad() {
    #[derive(Default)]
    struct Blocker(Vec<(i64, bool)>);
    impl Shell for Blocker {
        fn bell(&mut self) {}
        fn desktop(&mut self, _: &str, _: &str) {}
        fn edit(&mut self, _: &str) -> Option<String> {
            None
        }
        fn wake_worker(&mut self) {}
        fn block(&mut self, chat_id: i64, block: bool) {
            self.0.push((chat_id, block));
        }
    }
    let mut h = cloud_harness();
    h.key(KeyCode::Tab);
    let mut blocker = Blocker::default();
    let b = || Msg::Key(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::NONE));
    h.session.dispatch(b(), &mut blocker);
    assert!(h.screen().contains("Press b again to block"), "{}", h.screen());
    assert!(blocker.0.is_empty(), "one press does nothing");
    h.session.dispatch(b(), &mut blocker);
    let chat = h.session.app.conversation.as_ref().unwrap().chat.id;
    assert_eq!(blocker.0, [(chat, true)]);
    assert!(h.screen().contains("Meta only blocks customers who wrote in the last 24 hours"));
    // What the shell's thread does after Meta agreed; the header shows it with the username.
    let key = ContactKey::Phone(h.session.app.conversation.as_ref().unwrap().chat.phone.clone().unwrap());
    h.session.store.set_blocked(&key, Some(NOW)).unwrap();
    h.session.store.conn().execute("UPDATE contacts SET username = 'lucia.flores'", []).unwrap();
    h.send(Msg::StoreChanged);
    let screen = h.screen();
    assert!(screen.contains("@lucia.flores") && screen.contains("· blocked"), "{screen}");
}

#[test]
fn the_help_shows_the_business_profile_with_the_cloud_api() {
    let mut h = Harness::with_store(Store::open_in_memory().unwrap(), 120, 50);
    h.session.app.cloud = true;
    h.session.app.business.about = "Flores frescas cada día".into();
    h.session.app.business.vertical = "RETAIL".into();
    h.keys("?");
    let screen = h.screen();
    assert!(screen.contains("Business profile (wabi profile push)"), "{screen}");
    assert!(screen.contains("Flores frescas cada día") && screen.contains("RETAIL"), "{screen}");
}

#[test]
fn the_picker_shows_meta_templates_text_filled_as_typed_and_the_history_keeps_it() {
    let mut h = cloud_harness();
    let meta = serde_json::json!({"name": "recordatorio", "language": "es", "status": "APPROVED",
        "category": "UTILITY", "components": [{"type": "BODY", "text": "Hola {{1}}, tu ramo está listo a las {{2}}.",
        "example": {"body_text": [["Pedro", "18:00"]]}}]});
    h.session.app.templates = vec![wabi::templates::Template::from_meta(&meta).unwrap()];
    h.keys("j").key(KeyCode::Enter);
    h.send(Msg::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL)));
    let screen = h.screen();
    assert!(screen.contains("recordatorio · es · utility"), "{screen}");
    assert!(screen.contains("Hola {{1}}, tu ramo está listo a las {{2}}."), "{screen}");
    h.key(KeyCode::Enter).keys("Ana");
    let screen = h.screen();
    assert!(screen.contains("Hola Ana, tu ramo está listo a las {{2}}."), "{screen}");
    assert!(screen.contains("{{1}} e.g. Pedro"), "each parameter is asked by its example: {screen}");
    h.key(KeyCode::Tab).keys("18:00").key(KeyCode::Enter);
    let chat = h.session.app.conversation.as_ref().unwrap().chat.id;
    let last = h.session.store.messages(chat, 1, None).unwrap().pop().unwrap();
    assert_eq!(last.body, "Hola Ana, tu ramo está listo a las 18:00.");
}
