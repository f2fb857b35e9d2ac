//! Quotes, reactions, the message cursor and attachments in the inbox.

use super::*;
use wabi::model::{Direction, Kind, Origin};
use wabi::store::NewMessage;

const CUSTOMER: &str = "34600000007";

fn inbound(id: &str, body: &str, at: i64) -> NewMessage {
    let mut m = NewMessage::text(ContactKey::Phone(CUSTOMER.into()), body, at);
    m.external_id = Some(id.into());
    m.profile_name = Some("Lucía".into());
    m
}

/// A chat where we offered two days, the customer quoted our offer, reacted to it, reacted to a
/// message the store never had, and quoted one it does not have.
fn quoting_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let ask = inbound("wamid.ASK", "¿Tenéis ramos de peonías?", NOW - 50 * 60_000);
    let mut offer = inbound("wamid.OFFER", "Sí: viernes o sábado.\nDesde 35 €.", NOW - 40 * 60_000);
    (offer.direction, offer.origin, offer.status) = (Direction::Out, Origin::Operator, Some(Status::Read));
    let mut quote = inbound("wamid.Q", "El sábado, perfecto", NOW - 30 * 60_000);
    quote.reply_to = Some("wamid.OFFER".into());
    let mut thumbs = inbound("wamid.R1", "👍", NOW - 29 * 60_000);
    (thumbs.kind, thumbs.reply_to) = (Kind::Reaction, Some("wamid.OFFER".into()));
    let mut orphan = inbound("wamid.R2", "❤️", NOW - 20 * 60_000);
    (orphan.kind, orphan.reply_to) = (Kind::Reaction, Some("wamid.GONE".into()));
    let mut lost = inbound("wamid.Q2", "¿Y esto?", NOW - 10 * 60_000);
    lost.reply_to = Some("wamid.GONE".into());
    store.insert_messages(&[ask, offer, quote, thumbs, orphan, lost]).unwrap();
    store
}

#[test]
fn a_quote_shows_above_its_reply_and_a_reaction_under_its_message() {
    let mut h = Harness::with_store(quoting_store(), 100, 30);
    h.key(KeyCode::Tab);
    let screen = h.screen();
    insta::assert_snapshot!("quotes_and_reactions", screen);
    assert!(screen.contains("↪ You: Sí: viernes o sábado."), "{screen}");
    assert!(screen.contains("❤️ reacted to a message not in the store"), "{screen}");
    assert!(screen.contains("↪ a message not in the store"), "{screen}");
    // The 👍 is drawn under our offer, not as a bubble of its own.
    assert_eq!(screen.matches("👍").count(), 1, "{screen}");
}

#[test]
fn the_cursor_replies_reacts_and_jumps_to_the_quoted_message() {
    let mut h = Harness::with_store(quoting_store(), 100, 30);
    h.key(KeyCode::Tab).keys("s");
    let chat = h.session.app.conversation.as_ref().unwrap().chat.id;
    let selected = |h: &Harness| h.session.app.conversation.as_ref().unwrap().cursor;
    let id_of = |h: &Harness, wamid: &str| h.session.store.message_by_external_id(wamid).unwrap().unwrap().id;
    assert_eq!(selected(&h), Some(id_of(&h, "wamid.Q2")));
    // Up skips the reactions drawn under their messages: the orphan reaction, then the quote.
    h.keys("kk");
    assert_eq!(selected(&h), Some(id_of(&h, "wamid.Q")));
    h.key(KeyCode::Enter);
    assert_eq!(selected(&h), Some(id_of(&h, "wamid.OFFER")), "Enter jumps to the quoted message");
    h.keys("k").keys("r").keys("Sí, 10 tallos").key(KeyCode::Enter);
    let reply = h.session.store.messages(chat, 1, None).unwrap().pop().unwrap();
    assert_eq!((reply.body.as_str(), reply.reply_to.as_deref()), ("Sí, 10 tallos", Some("wamid.ASK")));
    // Our reply is now the newest message: three up is the customer's quote again.
    h.key(KeyCode::Esc).key(KeyCode::Tab).keys("s").keys("kkk");
    assert_eq!(selected(&h), Some(id_of(&h, "wamid.Q")));
    h.keys("+").keys("👍👍").key(KeyCode::Enter);
    assert!(h.session.app.notice.as_deref().unwrap_or("").contains("more than one emoji"));
    h.key(KeyCode::Backspace).key(KeyCode::Enter);
    let quoted = h.session.store.message_by_external_id("wamid.Q").unwrap().unwrap();
    assert_eq!(quoted.reactions.len(), 1);
    assert_eq!((quoted.reactions[0].direction, quoted.reactions[0].emoji.as_str()), (Direction::Out, "👍"));
    assert!(h.screen().contains("👍 you"));
}

#[test]
fn a_file_attached_by_path_goes_with_the_text_as_caption() {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";
    std::fs::write(dir.path().join("ramo-peonias.jpg"), jpeg).unwrap();
    let mut h = Harness::with_store(quoting_store(), 100, 30);
    h.session.media_dir = dir.path().join("media");
    h.key(KeyCode::Enter);
    let ctrl_o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL);
    h.send(Msg::Key(ctrl_o)).keys(&format!("{}/nope.jpg", dir.path().display())).key(KeyCode::Enter);
    assert!(h.session.app.notice.as_deref().unwrap_or("").contains("no such file"));
    h.key(KeyCode::Esc).send(Msg::Key(ctrl_o)).keys(&format!("{}/ra", dir.path().display()));
    h.key(KeyCode::Tab).key(KeyCode::Enter);
    assert!(h.screen().contains("📎 ramo-peonias.jpg"));
    h.keys("Para el sábado").key(KeyCode::Enter);
    let chat = h.session.app.conversation.as_ref().unwrap().chat.id;
    let sent = h.session.store.messages(chat, 1, None).unwrap().pop().unwrap();
    assert_eq!(
        (sent.kind, sent.body.as_str(), sent.status),
        (Kind::Image, "Para el sábado", Some(Status::Queued))
    );
    assert_eq!(std::fs::read_dir(dir.path().join("media/out")).unwrap().count(), 1);
}

#[test]
fn n_starts_a_chat_with_a_number_and_refuses_a_bad_one() {
    let mut h = Harness::with_store(quoting_store(), 100, 30);
    h.keys("n").keys("12").key(KeyCode::Enter);
    assert!(h.session.app.notice.is_some(), "a number too short is refused with the reason");
    assert!(h.session.app.overlay.is_some());
    h.key(KeyCode::Esc).keys("n").keys("+34 600 111 999").key(KeyCode::Enter);
    let c = h.session.app.conversation.as_ref().expect("the new chat is open");
    assert_eq!(c.chat.phone.as_deref(), Some("34600111999"));
    assert_eq!(h.session.app.focus, wabi::tui::keymap::Context::Composer);
    // With the Cloud API a new number is outside the window: the template picker opens instead.
    h.session.app.cloud = true;
    h.session.app.templates = vec![wabi::templates::Template::from_config(&wabi::config::TemplateConfig {
        name: "hello".into(),
        language: "es".into(),
        params: vec![],
        text: String::new(),
    })];
    h.key(KeyCode::Esc).keys("n").keys("+34 600 111 998").key(KeyCode::Enter);
    assert!(matches!(h.session.app.overlay, Some(wabi::tui::app::Overlay::Template(_))));
}

#[test]
fn shift_i_opens_the_contact_card_where_name_and_note_are_edited() {
    let mut h = Harness::with_store(quoting_store(), 100, 30);
    h.keys("I");
    let screen = h.screen();
    insta::assert_snapshot!("contact_card", screen);
    assert!(screen.contains("6 messages") && screen.contains("consent   unknown"), "{screen}");
    h.keys("Lucía Flores").key(KeyCode::Tab).keys("Alérgica a los lirios").key(KeyCode::Enter);
    let chat = h.session.store.chat_id(&ContactKey::Phone(CUSTOMER.into())).unwrap().unwrap();
    assert_eq!(h.session.store.note(chat).unwrap(), "Alérgica a los lirios");
    assert_eq!(h.session.store.chat_contact(chat).unwrap().saved_name.as_deref(), Some("Lucía Flores"));
    assert!(h.screen().contains("Lucía Flores"), "the list shows the saved name");
}

#[test]
fn pasting_a_files_path_offers_to_attach_it() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("carta.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    let mut h = Harness::with_store(quoting_store(), 100, 30);
    h.session.media_dir = dir.path().join("media");
    h.key(KeyCode::Enter).send(Msg::Paste(format!("'{}'", pdf.display())));
    assert!(matches!(h.session.app.overlay, Some(wabi::tui::app::Overlay::Prompt(_))));
    h.key(KeyCode::Enter).key(KeyCode::Enter);
    let chat = h.session.app.conversation.as_ref().unwrap().chat.id;
    let sent = h.session.store.messages(chat, 1, None).unwrap().pop().unwrap();
    assert_eq!((sent.kind, sent.media_filename.as_deref()), (Kind::Document, Some("carta.pdf")));
    // Other text is pasted into the draft as before.
    h.send(Msg::Paste("/not/a/file and words".into()));
    assert_eq!(h.session.app.conversation.as_ref().unwrap().draft.text(), "/not/a/file and words");
}

#[test]
fn a_click_on_a_message_selects_it() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut h = Harness::with_store(quoting_store(), 100, 30);
    h.key(KeyCode::Tab);
    let screen = h.screen();
    let row = screen.lines().position(|l| l.contains("El sábado, perfecto")).unwrap();
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 60,
        row: u16::try_from(row).unwrap(),
        modifiers: KeyModifiers::NONE,
    };
    h.send(Msg::Mouse(click));
    let quote = h.session.store.message_by_external_id("wamid.Q").unwrap().unwrap().id;
    assert_eq!(h.session.app.conversation.as_ref().unwrap().cursor, Some(quote));
    assert_eq!(h.session.app.focus, wabi::tui::keymap::Context::Select);
    assert!(h.screen().contains("▌El sábado, perfecto"), "the selected edge is thick");
}

#[test]
fn f_forwards_a_text_or_a_file_to_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";
    std::fs::write(dir.path().join("ramo.jpg"), jpeg).unwrap();
    let mut h = Harness::with_store(quoting_store(), 100, 30);
    h.session.media_dir = dir.path().join("media");
    // Our photo with a caption, then the customer's question: both forwarded to a colleague.
    h.key(KeyCode::Enter).send(Msg::Paste(format!("{}/ramo.jpg", dir.path().display())));
    h.key(KeyCode::Enter).keys("Peonías rosas").key(KeyCode::Enter);
    h.key(KeyCode::Esc).key(KeyCode::Tab).keys("s").keys("f").keys("+34 600 111 777").key(KeyCode::Enter);
    h.keys("s").keys("kkkkk").keys("f").keys("+34 600 111 777").key(KeyCode::Enter);
    let colleague = h.session.store.chat_id(&ContactKey::Phone("34600111777".into())).unwrap().unwrap();
    let got = h.session.store.messages(colleague, 10, None).unwrap();
    let summary: Vec<(Kind, &str)> = got.iter().map(|m| (m.kind, m.body.as_str())).collect();
    assert_eq!(summary, [(Kind::Image, "Peonías rosas"), (Kind::Text, "¿Tenéis ramos de peonías?")]);
}

#[test]
fn s_saves_an_attachment_into_a_folder_and_never_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";
    std::fs::write(dir.path().join("ramo.jpg"), jpeg).unwrap();
    std::fs::create_dir(dir.path().join("saved")).unwrap();
    let mut h = Harness::with_store(quoting_store(), 100, 30);
    h.session.media_dir = dir.path().join("media");
    h.key(KeyCode::Enter).send(Msg::Paste(format!("{}/ramo.jpg", dir.path().display())));
    h.key(KeyCode::Enter).key(KeyCode::Enter);
    let folder = format!("{}/saved", dir.path().display());
    h.key(KeyCode::Esc).key(KeyCode::Tab).keys("s").keys("S");
    // The prompt starts at ~/; Ctrl-W would clear it word by word: type over it instead.
    h.key(KeyCode::Backspace).key(KeyCode::Backspace).keys(&folder).key(KeyCode::Enter);
    assert_eq!(std::fs::read(dir.path().join("saved/ramo.jpg")).unwrap(), jpeg);
    assert!(h.session.app.notice.as_deref().unwrap_or("").starts_with("Saved to"));
    h.keys("S").key(KeyCode::Backspace).key(KeyCode::Backspace).keys(&folder).key(KeyCode::Enter);
    assert!(h.session.app.notice.as_deref().unwrap_or("").contains("exists already"));
}
