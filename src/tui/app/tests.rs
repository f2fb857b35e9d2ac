//! `App::update` on plain values: a message in, effects and state out. No store, no terminal.
//! Compiled only under #[cfg(test)], from its parent module.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::model::{ChatStatus, Direction, Kind, Origin, Status};
use crate::store::{ChatView, SearchHit};

pub(super) fn app() -> App {
    App::new(Keymap::default(), Schedule::default(), 1_763_460_000_000, (120, 40))
}

pub(super) fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub(super) fn code(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub(super) fn chat(id: i64, unread: i64) -> ChatRow {
    ChatRow {
        id,
        phone: Some(format!("3460000000{id}")),
        user_id: None,
        name: format!("Customer {id}"),
        saved_name: None,
        profile_name: Some(format!("Customer {id}")),
        status: ChatStatus::Open,
        snoozed_until: None,
        unread,
        last_at: 1_763_450_000_000,
        last_inbound_at: None,
        preview: Some("hello".into()),
        preview_direction: Some(Direction::In),
        preview_status: None,
        labels: Vec::new(),
        draft: String::new(),
        consent: None,
        username: None,
        blocked: false,
        ad: None,
    }
}

pub(super) fn message(id: i64, chat_id: i64, status: Option<Status>) -> MessageRow {
    MessageRow {
        id,
        chat_id,
        external_id: None,
        direction: if status.is_some() { Direction::Out } else { Direction::In },
        kind: Kind::Text,
        body: format!("message {id}"),
        origin: Origin::Operator,
        status,
        error_code: None,
        error_reason: None,
        at: 1_763_450_000_000 + id,
        media_filename: None,
        reply_to: None,
        quote: None,
        reactions: Vec::new(),
    }
}

/// An app showing chats 1..=n, the first selected.
pub(super) fn with_chats(n: i64) -> App {
    let mut a = app();
    a.update(Msg::Chats { offset: 0, total: n as usize, rows: (1..=n).map(|i| chat(i, 0)).collect() });
    a
}

#[test]
fn j_and_down_move_the_selection_without_reloading_inside_the_window() {
    let mut a = with_chats(5);
    assert!(a.update(key('j')).is_empty());
    assert!(a.update(code(KeyCode::Down)).is_empty());
    assert_eq!(a.list.selected, 2);
    a.update(key('k'));
    assert_eq!(a.list.selected, 1);
}

#[test]
fn moving_past_the_window_loads_the_next_one() {
    let mut a = app();
    let page = a.page_rows();
    let rows: Vec<ChatRow> = (1..=page as i64).map(|i| chat(i, 0)).collect();
    a.update(Msg::Chats { offset: 0, total: 1000, rows });
    let effects = a.update(key('G'));
    assert_eq!(a.list.selected, 999);
    assert!(
        matches!(effects.as_slice(), [Effect::LoadChats { offset, limit, .. }] if *offset == 1000 - page && *limit == page)
    );
}

#[test]
fn enter_opens_the_chat_with_the_composer_focused_and_marks_it_read() {
    let mut a = app();
    a.update(Msg::Chats { offset: 0, total: 1, rows: vec![chat(7, 3)] });
    let effects = a.update(code(KeyCode::Enter));
    assert_eq!(a.focus, Context::Composer);
    assert!(effects.contains(&Effect::LoadConversation {
        chat_id: 7,
        limit: CONVERSATION_PAGE,
        around: None
    }));
    assert!(effects.contains(&Effect::MarkRead(7)));
}

#[test]
fn typing_and_enter_send_the_draft_and_empty_it() {
    let mut a = with_chats(1);
    a.update(code(KeyCode::Enter));
    for c in "Hi there".chars() {
        a.update(key(c));
    }
    let effects = a.update(code(KeyCode::Enter));
    assert!(effects.contains(&Effect::Send { chat_id: 1, body: "Hi there".into() }));
    assert_eq!(a.conversation.as_ref().map(|c| c.draft.text().to_string()), Some(String::new()));
}

#[test]
fn alt_enter_inserts_a_newline_and_a_paste_never_sends() {
    let mut a = with_chats(1);
    a.update(code(KeyCode::Enter));
    a.update(key('a'));
    a.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)));
    let effects = a.update(Msg::Paste("line\nmore".into()));
    assert!(effects.is_empty());
    assert_eq!(a.conversation.as_ref().map(|c| c.draft.text().to_string()), Some("a\nline\nmore".into()));
}

#[test]
fn drafts_are_kept_per_chat_while_switching() {
    let mut a = with_chats(2);
    a.update(code(KeyCode::Enter));
    a.update(key('x'));
    a.update(code(KeyCode::Esc));
    a.update(key('j'));
    a.update(code(KeyCode::Enter));
    assert_eq!(a.conversation.as_ref().map(|c| c.chat.id), Some(2));
    a.update(code(KeyCode::Esc));
    a.update(key('k'));
    a.update(code(KeyCode::Enter));
    assert_eq!(a.conversation.as_ref().map(|c| c.draft.text().to_string()), Some("x".into()));
}

#[test]
fn e_marks_done_and_v_cycles_the_views() {
    let mut a = with_chats(2);
    assert_eq!(
        a.update(key('e')),
        vec![Effect::SetStatus { chat_id: 1, status: ChatStatus::Done, until: None }]
    );
    a.update(key('v'));
    assert_eq!(a.filter.view, ChatView::Snoozed);
    a.update(key('V'));
    assert_eq!(a.filter.view, ChatView::Open);
}

#[test]
fn snooze_menu_offers_one_hour_first() {
    let mut a = with_chats(1);
    a.update(key('z'));
    let effects = a.update(key('1'));
    assert_eq!(
        effects,
        vec![Effect::SetStatus { chat_id: 1, status: ChatStatus::Snoozed, until: Some(a.now + 3_600_000) }]
    );
    assert!(a.overlay.is_none());
}

#[test]
fn question_mark_opens_help_and_any_key_closes_it() {
    let mut a = with_chats(1);
    a.update(key('?'));
    assert_eq!(a.overlay, Some(Overlay::Help));
    assert!(a.update(key('q')).is_empty(), "q closes the help, it does not quit");
    assert!(a.overlay.is_none() && !a.quit);
    assert_eq!(a.update(key('q')), vec![Effect::Quit]);
    assert!(a.quit);
}

#[test]
fn search_queries_as_you_type_and_enter_jumps_to_the_hit() {
    let mut a = with_chats(1);
    a.update(key('/'));
    assert_eq!(a.update(key('r')), vec![Effect::Search("r".into())]);
    let hit =
        SearchHit { chat_id: 9, name: "Ana".into(), message_id: Some(42), snippet: "roses".into(), at: 0 };
    a.update(Msg::SearchResults { query: "r".into(), hits: vec![hit] });
    assert_eq!(a.update(code(KeyCode::Enter)), vec![Effect::Jump { chat_id: 9, around: Some(42) }]);
}

#[test]
fn a_message_in_another_chat_rings_the_bell_but_not_in_the_open_one() {
    let mut a = with_chats(2);
    a.update(code(KeyCode::Enter));
    assert!(!a.update(Msg::Worker(WorkerEvent::Inbound { chat_id: 1 })).contains(&Effect::Bell));
    assert!(a.update(Msg::Worker(WorkerEvent::Inbound { chat_id: 2 })).contains(&Effect::Bell));
}

#[test]
fn r_resends_the_last_failed_message() {
    let mut a = with_chats(1);
    a.update(key('\t'));
    a.update(code(KeyCode::Tab));
    let messages = vec![message(1, 1, Some(Status::Failed)), message(2, 1, Some(Status::Read))];
    a.update(Msg::Conversation { chat: chat(1, 0), messages, has_older: false, highlight: None });
    a.focus = Context::Conversation;
    assert_eq!(a.update(key('r')), vec![Effect::Resend(1)]);
}

#[test]
fn filter_picker_filters_by_the_typed_label_and_all_chats_clears_it() {
    let mut a = with_chats(1);
    a.update(Msg::Labels(vec![
        crate::store::Label {
            id: 1,
            name: "Paid".into(),
            color: crate::store::LabelColor(5),
            position: 1,
            chats: 2,
        },
        crate::store::Label {
            id: 6,
            name: "VIP".into(),
            color: crate::store::LabelColor(13),
            position: 6,
            chats: 3,
        },
    ]));
    a.update(key('f'));
    for c in "vip".chars() {
        a.update(key(c));
    }
    let effects = a.update(code(KeyCode::Enter));
    assert_eq!(a.filter.labels, vec![6]);
    assert!(matches!(effects.as_slice(), [Effect::LoadChats { filter, .. }] if filter.labels == vec![6]));
    a.update(key('f'));
    a.update(code(KeyCode::Enter));
    assert!(a.filter.labels.is_empty(), "the first entry is All chats");
}

#[test]
fn sigterm_quits_and_saves_the_draft() {
    let mut a = with_chats(1);
    a.update(code(KeyCode::Enter));
    a.update(key('y'));
    let effects = a.update(Msg::Terminate);
    assert!(a.quit);
    assert_eq!(effects, vec![Effect::SaveDraft { chat_id: 1, text: "y".into() }]);
}

#[test]
fn away_with_the_away_message_disabled_says_that_none_will_be_sent() {
    let mut a = with_chats(1);
    a.status.away_auto = false;
    a.update(key('a'));
    a.update(key('1'));
    let notice = a.notice.clone().unwrap_or_default();
    assert!(notice.contains("no away message will be sent: [away] enabled = false"), "{notice}");
    a.update(key('a'));
    a.status.away = crate::store::ManualAwayState::Off;
    a.status.away_auto = true;
    a.update(key('a'));
    a.update(key('1'));
    assert!(a.notice.clone().unwrap_or_default().ends_with("customers get the away message"));
}

mod chat_actions;
