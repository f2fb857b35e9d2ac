//! The inbox acts on the chat the operator sees: selection by chat id, notices that name the
//! chat, undo, reopen and wake, unread that sticks, typing into the list.

use ratatui::crossterm::event::KeyCode;

use super::{app, chat, code, key, with_chats};
use crate::model::ChatStatus;
use crate::store::ChatView;
use crate::tui::app::{App, ChatRow, Effect, Msg};
use crate::tui::keymap::Context;

fn rows(ids: impl IntoIterator<Item = i64>) -> Vec<ChatRow> {
    ids.into_iter().map(|i| chat(i, 0)).collect()
}

fn notice(a: &App) -> String {
    a.notice.clone().unwrap_or_default()
}

#[test]
fn the_selection_stays_on_its_chat_when_new_chats_arrive_above_it() {
    let mut a = with_chats(10);
    for _ in 0..5 {
        a.update(key('j'));
    }
    assert_eq!(a.list.selected_id, Some(6));
    // Five new chats: the same window now starts with them.
    let reload = a.update(Msg::StoreChanged);
    assert!(reload.iter().any(|e| matches!(e, Effect::LoadChats { keep: Some(6), .. })), "{reload:?}");
    a.update(Msg::Chats { offset: 0, total: 15, rows: rows([101, 102, 103, 104, 105, 1, 2, 3, 4, 5, 6, 7]) });
    assert_eq!((a.list.selected, a.list.selected_id), (10, Some(6)));
    assert_eq!(
        a.update(key('e')),
        vec![Effect::SetStatus { chat_id: 6, status: ChatStatus::Done, until: None }]
    );
}

#[test]
fn a_chat_that_leaves_the_view_hands_the_selection_to_its_neighbour_and_says_so() {
    let mut a = with_chats(5);
    a.update(key('j'));
    a.update(Msg::Chats { offset: 0, total: 4, rows: rows([1, 3, 4, 5]) });
    assert_eq!((a.list.selected, a.list.selected_id), (1, Some(3)));
    assert_eq!(notice(&a), "Customer 2 left this view — now on Customer 3");
}

#[test]
fn a_window_keeps_the_chat_it_must_keep() {
    use crate::tui::app::window_around;
    assert_eq!(window_around(35, 20, 17), 20);
    assert_eq!(window_around(40, 20, 17), 24);
    assert_eq!(window_around(3, 20, 17), 3);
}

#[test]
fn done_names_the_chat_and_u_undoes_it_then_the_step_before() {
    let mut a = with_chats(3);
    a.update(key('e'));
    assert_eq!(notice(&a), "Done: Customer 1 — U undoes");
    a.update(key('j'));
    a.update(key('u'));
    assert_eq!(notice(&a), "Unread: Customer 2 — U undoes");
    assert_eq!(a.update(key('U')), vec![Effect::SetUnread { chat_id: 2, unread: 0 }]);
    assert_eq!(notice(&a), "Undone: unread on Customer 2");
    assert_eq!(
        a.update(key('U')),
        vec![Effect::SetStatus { chat_id: 1, status: ChatStatus::Open, until: None }]
    );
    assert_eq!(a.list.selected_id, Some(1), "the chat brought back is selected");
    assert!(a.update(key('U')).is_empty());
    assert_eq!(notice(&a), "Nothing to undo");
}

#[test]
fn a_snooze_names_the_chat_and_u_wakes_it() {
    let mut a = with_chats(1);
    a.update(key('z'));
    a.update(key('1'));
    assert!(
        notice(&a).starts_with("Snoozed until ") && notice(&a).contains("Customer 1 — U undoes"),
        "{}",
        notice(&a)
    );
    assert_eq!(
        a.update(key('U')),
        vec![Effect::SetStatus { chat_id: 1, status: ChatStatus::Open, until: None }]
    );
}

#[test]
fn e_on_a_done_chat_reopens_it_and_z_on_a_snoozed_chat_wakes_it() {
    let mut a = app();
    let mut done = chat(1, 0);
    done.status = ChatStatus::Done;
    let mut snoozed = chat(2, 0);
    snoozed.status = ChatStatus::Snoozed;
    snoozed.snoozed_until = Some(a.now + 60_000);
    a.update(Msg::Chats { offset: 0, total: 2, rows: vec![done, snoozed.clone()] });
    assert_eq!(
        a.update(key('e')),
        vec![Effect::SetStatus { chat_id: 1, status: ChatStatus::Open, until: None }]
    );
    assert_eq!(notice(&a), "Reopened: Customer 1 — U undoes");
    a.update(key('j'));
    assert_eq!(
        a.update(key('z')),
        vec![Effect::SetStatus { chat_id: 2, status: ChatStatus::Open, until: None }]
    );
    assert!(a.overlay.is_none(), "no snooze menu for a snoozed chat");
    assert_eq!(
        a.update(key('U')),
        vec![Effect::SetStatus { chat_id: 2, status: ChatStatus::Snoozed, until: snoozed.snoozed_until }]
    );
}

#[test]
fn e_on_a_chat_with_unread_messages_asks_once_more() {
    let mut a = app();
    a.update(Msg::Chats { offset: 0, total: 2, rows: vec![chat(1, 2), chat(2, 0)] });
    assert!(a.update(key('e')).is_empty());
    assert_eq!(notice(&a), "Customer 1: 2 unread — e again marks done");
    assert_eq!(
        a.update(key('e')),
        vec![Effect::SetStatus { chat_id: 1, status: ChatStatus::Done, until: None }]
    );
    // Another key in between and it asks again.
    a.update(Msg::Chats { offset: 0, total: 2, rows: vec![chat(1, 2), chat(2, 0)] });
    a.update(key('e'));
    a.update(code(KeyCode::Down));
    a.update(code(KeyCode::Up));
    assert!(a.update(key('e')).is_empty());
}

#[test]
fn u_in_an_open_chat_keeps_it_unread_until_it_is_opened_again() {
    let mut a = with_chats(2);
    a.update(code(KeyCode::Tab));
    a.update(key('u'));
    let reload = Msg::Conversation { chat: chat(1, 1), messages: vec![], has_older: false, highlight: None };
    assert!(!a.update(reload).contains(&Effect::MarkRead(1)), "looking at it does not read it");
    a.update(code(KeyCode::Esc));
    assert_eq!(a.focus, Context::List);
    assert_eq!(a.update(code(KeyCode::Enter)), vec![Effect::MarkRead(1)]);
}

#[test]
fn a_reply_reopens_a_done_chat() {
    let mut a = app();
    let mut done = chat(1, 0);
    done.status = ChatStatus::Done;
    a.update(Msg::Chats { offset: 0, total: 1, rows: vec![done] });
    a.update(code(KeyCode::Enter));
    a.update(key('o'));
    a.update(key('k'));
    let effects = a.update(code(KeyCode::Enter));
    assert!(effects.contains(&Effect::SetStatus { chat_id: 1, status: ChatStatus::Open, until: None }));
    assert_eq!(notice(&a), "Reopened by your reply: Customer 1");
}

#[test]
fn a_sentence_typed_into_the_list_fires_no_action() {
    let mut a = with_chats(3);
    for c in "hello there".chars() {
        assert!(a.update(key(c)).is_empty(), "{c}");
    }
    assert!(notice(&a).starts_with("You seem to be typing — Enter opens the chat"), "{}", notice(&a));
    assert!(!a.quit && a.overlay.is_none());
    // After a pause (or an arrow key) letters are commands again.
    a.update(Msg::Tick(a.now + 2_000));
    assert_eq!(a.update(key('e')).len(), 1);
    a.update(key('x'));
    a.update(code(KeyCode::Down));
    assert!(!a.update(key('e')).is_empty());
}

#[test]
fn one_unbound_letter_does_nothing_visible() {
    let mut a = with_chats(3);
    assert!(a.update(key('x')).is_empty());
    assert!(a.notice.is_none());
}

#[test]
fn a_search_result_in_another_view_selects_it_there() {
    let mut a = with_chats(3);
    let mut done = chat(9, 0);
    done.status = ChatStatus::Done;
    done.name = "Elena Ruiz".into();
    let effects = a.update(Msg::JumpTo { chat: done, around: None });
    assert_eq!(a.filter.view, ChatView::Done);
    assert_eq!(a.list.selected_id, Some(9));
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadChats { keep: Some(9), .. })));
    assert_eq!(notice(&a), "view: done — to show Elena Ruiz");
}

#[test]
fn a_label_put_on_from_the_picker_names_the_chat_and_u_takes_it_off() {
    let mut a = with_chats(1);
    a.update(Msg::Labels(vec![crate::store::Label {
        id: 6,
        name: "VIP".into(),
        color: crate::store::LabelColor(13),
        position: 6,
        chats: 3,
    }]));
    a.update(key('l'));
    assert_eq!(a.update(code(KeyCode::Enter)), vec![Effect::SetLabel { chat_id: 1, label_id: 6, on: true }]);
    assert_eq!(notice(&a), "Label VIP added to Customer 1 — U undoes");
    a.update(code(KeyCode::Esc));
    assert_eq!(a.update(key('U')), vec![Effect::SetLabel { chat_id: 1, label_id: 6, on: false }]);
    assert_eq!(notice(&a), "Undone: label VIP added to Customer 1");
}

#[test]
fn esc_in_the_list_clears_the_label_filter_then_goes_back_to_the_open_view() {
    let mut a = with_chats(2);
    a.filter.labels = vec![6];
    a.filter.view = ChatView::Done;
    let effects = a.update(code(KeyCode::Esc));
    assert!(matches!(effects.as_slice(), [Effect::LoadChats { filter, .. }] if filter.labels.is_empty()));
    assert_eq!(notice(&a), "Label filter cleared");
    a.update(code(KeyCode::Esc));
    assert_eq!(a.filter.view, ChatView::Open);
    assert!(a.update(code(KeyCode::Esc)).is_empty(), "nothing left to clear");
}

#[test]
fn ctrl_l_redraws_everywhere() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let ctrl_l = || Msg::Key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL));
    let mut a = with_chats(1);
    assert_eq!(a.update(ctrl_l()), vec![Effect::Redraw]);
    a.update(code(KeyCode::Enter));
    assert_eq!(a.update(ctrl_l()), vec![Effect::Redraw], "in the composer too");
    assert_eq!(a.conversation.as_ref().map(|c| c.draft.text().to_string()), Some(String::new()));
}

#[test]
fn the_composer_edits_like_a_text_field_and_never_types_an_alt_letter() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let with = |code, mods| Msg::Key(KeyEvent::new(code, mods));
    let mut a = with_chats(1);
    a.update(code(KeyCode::Enter));
    for c in "hola amigo".chars() {
        a.update(key(c));
    }
    let draft = |a: &App| a.conversation.as_ref().map(|c| c.draft.text().to_string()).unwrap_or_default();
    a.update(with(KeyCode::Char('x'), KeyModifiers::ALT));
    assert_eq!(draft(&a), "hola amigo", "Alt-x is not typed");
    a.update(with(KeyCode::Char('b'), KeyModifiers::ALT));
    a.update(with(KeyCode::Char('k'), KeyModifiers::CONTROL));
    assert_eq!(draft(&a), "hola ");
    a.update(with(KeyCode::Char('z'), KeyModifiers::CONTROL));
    assert_eq!(draft(&a), "hola amigo");
    a.update(code(KeyCode::End));
    a.update(with(KeyCode::Char('u'), KeyModifiers::CONTROL));
    assert_eq!(draft(&a), "");
    a.update(with(KeyCode::Enter, KeyModifiers::ALT));
    a.update(key('b'));
    a.update(code(KeyCode::Up));
    a.update(key('a'));
    assert_eq!(draft(&a), "a\nb", "↑ moves to the line above");
}

#[test]
fn an_unread_divider_marks_the_first_unread_message_and_new_ones_below_do_not_move_the_view() {
    use super::message;
    let mut a = app();
    a.update(Msg::Chats { offset: 0, total: 1, rows: vec![chat(1, 2)] });
    a.update(code(KeyCode::Tab));
    let messages: Vec<_> = (1..=40).map(|i| message(i, 1, None)).collect();
    a.update(Msg::Conversation {
        chat: chat(1, 0),
        messages: messages.clone(),
        has_older: false,
        highlight: None,
    });
    let c = a.conversation.as_ref().unwrap();
    assert_eq!(c.unread_from, Some(39), "the first of the two unread");
    // Scrolled up, two new messages arrive: the view keeps its place and says "↓ 2 new".
    a.update(key('k'));
    a.update(key('k'));
    let before = a.conversation.as_ref().unwrap().scroll;
    let more: Vec<_> = (1..=42).map(|i| message(i, 1, None)).collect();
    a.update(Msg::Conversation { chat: chat(1, 0), messages: more, has_older: false, highlight: None });
    let c = a.conversation.as_ref().unwrap();
    assert_eq!(c.new_below, 2);
    assert_eq!(c.scroll, before + 4, "two messages of two lines each below");
    a.update(key('G'));
    assert_eq!(a.conversation.as_ref().unwrap().new_below, 0, "at the bottom they are seen");
}
