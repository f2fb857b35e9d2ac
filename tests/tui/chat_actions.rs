//! The inbox acts on the chat the operator sees, on the real store and screen.

use ratatui::crossterm::event::KeyCode;
use wabi::model::ChatStatus;
use wabi::store::{ContactKey, NewMessage, Store};
use wabi::tui::app::Msg;

use super::{Harness, NOW};

/// A customer's message from phone `n`, as a transport would store it.
fn write(store: &mut Store, n: usize, at: i64) -> i64 {
    let key = ContactKey::Phone(format!("3460010{n:04}"));
    let mut m = NewMessage::text(key.clone(), format!("message from customer {n}"), at);
    m.profile_name = Some(format!("Customer {n}"));
    store.insert_messages(&[m]).unwrap();
    store.chat_id(&key).unwrap().unwrap()
}

/// 60 chats, all read, customer 59 the newest.
fn sixty_chats() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for n in 0..60 {
        let id = write(&mut store, n, NOW - 3_600_000 + n as i64 * 1000);
        store.set_unread(id, 0).unwrap();
    }
    store
}

#[test]
fn e_marks_the_chat_that_was_selected_after_five_new_chats_arrive() {
    let mut h = Harness::with_store(sixty_chats(), 120, 40);
    for _ in 0..30 {
        h.keys("j");
    }
    let selected = h.session.app.list.selected_row().unwrap().clone();
    assert_eq!((h.session.app.list.selected, selected.name.as_str()), (30, "Customer 29"));
    for n in 60..65 {
        write(&mut h.session.store, n, NOW + n as i64);
    }
    h.send(Msg::StoreChanged);
    assert_eq!(h.session.app.list.selected, 35, "the selection moved down with its chat");
    assert!(h.screen().contains("Customer 29"), "the selected chat is in the window on screen");
    h.keys("e");
    let store = &h.session.store;
    assert_eq!(store.chat(selected.id).unwrap().status, ChatStatus::Done);
    assert_eq!(store.count_chats(&Default::default()).unwrap(), 64, "no other chat was touched");
    let notice = h.session.app.notice.clone().unwrap();
    assert_eq!(notice, "Done: Customer 29 — U undoes");
}

#[test]
fn u_brings_back_a_chat_marked_done_by_mistake_and_selects_it() {
    let mut h = Harness::with_store(sixty_chats(), 80, 24);
    h.keys("jj");
    let chat = h.session.app.list.selected_row().unwrap().id;
    h.keys("e");
    assert_ne!(h.session.app.list.selected_row().unwrap().id, chat, "its neighbour is selected");
    insta::assert_snapshot!("done_names_the_chat", h.screen());
    h.keys("U");
    assert_eq!(h.session.store.chat(chat).unwrap().status, ChatStatus::Open);
    assert_eq!(h.session.app.list.selected_row().unwrap().id, chat);
    insta::assert_snapshot!("undo_brings_it_back", h.screen());
}

#[test]
fn a_search_result_is_selected_in_the_list_so_esc_e_acts_on_it() {
    let mut h = Harness::with_store(sixty_chats(), 120, 40);
    h.keys("/").keys("customer 3").key(KeyCode::Enter);
    let open = h.session.app.conversation.as_ref().unwrap().chat.id;
    assert_eq!(h.session.app.list.selected_row().map(|r| r.id), Some(open));
    h.key(KeyCode::Esc).keys("e");
    assert_eq!(h.session.store.chat(open).unwrap().status, ChatStatus::Done);
}

#[test]
fn u_in_the_open_chat_leaves_it_unread_in_the_list() {
    let mut h = Harness::with_store(sixty_chats(), 120, 40);
    h.key(KeyCode::Tab).keys("u").key(KeyCode::Esc);
    let chat = h.session.app.list.selected_row().unwrap();
    assert_eq!(chat.unread, 1, "still unread after going back to the list");
}

#[test]
fn typing_a_sentence_into_the_list_changes_nothing() {
    let mut h = Harness::with_store(sixty_chats(), 120, 40);
    h.keys("hola, quería saber si tenéis rosas azules");
    let store = &h.session.store;
    assert_eq!(store.count_chats(&Default::default()).unwrap(), 60, "nothing marked done or snoozed");
    assert!(h.session.app.overlay.is_none() && !h.session.app.quit);
    assert!(h.screen().contains("You seem to be typing"));
}
