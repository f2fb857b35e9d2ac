//! The webhook server: handshake, signatures, limits, batches, redeliveries, statuses.

use serde_json::json;
use wabi::model::{Origin, Status};
use wabi::store::{ContactKey, NewOutbound};
use wabi::transport::cloud::signature::sign;

use crate::support::*;

#[test]
fn handshake_echoes_the_challenge_and_refuses_a_wrong_token() {
    let hook = Hook::start();
    let ok = format!("hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1158201444");
    assert_eq!(hook.get(&ok), (200, "1158201444".to_string()));
    let wrong = "hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444";
    assert_eq!(hook.get(wrong).0, 403);
    let no_mode = format!("hub.verify_token={VERIFY_TOKEN}&hub.challenge=1");
    assert_eq!(hook.get(&no_mode).0, 403);
}

#[test]
fn real_signed_body_is_accepted_with_its_real_secret_and_header() {
    let Ok(body) = std::fs::read(format!("{FIXTURES}/signed_body.json")) else {
        eprintln!("skipped: {FIXTURES} is absent");
        return;
    };
    let hook = Hook::with_secret("1222e786b144d0e85b9f365372d93676");
    let header = "sha256=54edfa1d7259e0eb13c677cc7d73d1b5c86cfa12433d19156e058ab9251bc441";
    assert_eq!(hook.post(&body, Some(header)), 200);
    let store = hook.store();
    let chat =
        store.chat_id(&ContactKey::Phone("972544401243".into())).unwrap().expect("a chat for the sender");
    let messages = store.messages(chat, 10, None).unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].body, "Hey there! I am using PyWa.");
    assert_eq!(store.chat(chat).unwrap().name, "PyWa Tests");
}

#[test]
fn forged_and_missing_signatures_are_401_and_store_nothing() {
    let hook = Hook::start();
    let body = webhook(json!({"messages": [text_message("wamid.F", "34600111222", "hi", 1)]}));
    assert_eq!(hook.post(&body, None), 401);
    assert_eq!(hook.post(&body, Some(&sign(b"not the secret", &body))), 401);
    assert_eq!(hook.post(&body, Some("sha256=nothex")), 401);
    let mut tampered = body.clone();
    tampered.push(b' ');
    assert_eq!(hook.post(&tampered, Some(&sign(APP_SECRET.as_bytes(), &body))), 401);
    assert_eq!(hook.message_count(), 0);
    assert_eq!(
        hook.store().conn().query_row("SELECT count(*) FROM contacts", [], |r| r.get::<_, i64>(0)).unwrap(),
        0
    );
}

#[test]
fn redelivered_post_stores_no_duplicates() {
    let hook = Hook::start();
    let body = webhook(json!({"messages": [text_message("wamid.R", "34600111222", "hola", 1_700_000_000)]}));
    for _ in 0..3 {
        assert_eq!(hook.post_signed(&body), 200);
    }
    assert_eq!(hook.message_count(), 1);
    let store = hook.store();
    let chat = store.chat_id(&ContactKey::Phone("34600111222".into())).unwrap().unwrap();
    assert_eq!(store.chat(chat).unwrap().unread, 1);
}

#[test]
fn batched_post_stores_every_entry_change_message_and_status() {
    let hook = Hook::start();
    let change = |n: i64| {
        json!({"field": "messages", "value": {
            "contacts": [{"profile": {"name": format!("C{n}")}, "wa_id": format!("3460000000{n}")}],
            "messages": [text_message(&format!("wamid.B{n}a"), &format!("3460000000{n}"), "a", n),
                         text_message(&format!("wamid.B{n}b"), &format!("3460000000{n}"), "b", n)],
        }})
    };
    let body = json!({"object": "whatsapp_business_account", "entry": [
        {"id": "W", "changes": [change(1), change(2)]},
        {"id": "W", "changes": [change(3), {"field": "account_update", "value": {"x": 1}}]},
    ]});
    let body = serde_json::to_vec(&body).unwrap();
    assert_eq!(hook.post_signed(&body), 200);
    assert_eq!(hook.message_count(), 6);
    let store = hook.store();
    for n in 1..=3 {
        let chat = store.chat_id(&ContactKey::Phone(format!("3460000000{n}"))).unwrap().unwrap();
        assert_eq!(store.chat(chat).unwrap().name, format!("C{n}"));
    }
}

#[test]
fn bodies_over_8_mb_are_refused_with_413_before_they_are_read() {
    use std::io::{Read, Write};
    let hook = Hook::start();
    let mut tcp = std::net::TcpStream::connect(hook.addr()).unwrap();
    let head = format!(
        "POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        8 * 1024 * 1024 + 1
    );
    tcp.write_all(head.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = tcp.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let just_fits = webhook(json!({"pad": " ".repeat(8 * 1024 * 1024 - 200)}));
    assert_eq!(hook.post_signed(&just_fits), 200);
}

#[test]
fn bad_json_is_400_and_fields_other_than_messages_are_200_and_ignored() {
    let hook = Hook::start();
    assert_eq!(hook.post_signed(b"{\"entry\": ["), 400);
    let other = json!({"object": "whatsapp_business_account", "entry": [{"changes": [
        {"field": "message_template_status_update", "value": {"event": "APPROVED"}}]}]});
    assert_eq!(hook.post_signed(&serde_json::to_vec(&other).unwrap()), 200);
    assert_eq!(hook.message_count(), 0);
}

/// Queues an outbound message to 34600111222 and marks it sent as `wamid`.
fn sent_message(hook: &Hook, wamid: &str) -> i64 {
    let mut store = hook.store();
    let chat_id = store.ensure_chat(&ContactKey::Phone("34600111222".into())).unwrap();
    let id = store
        .queue_outbound(&NewOutbound {
            chat_id,
            body: "your order is ready".into(),
            origin: Origin::Operator,
            reply_to: None,
        })
        .unwrap();
    store.claim_outbox(i64::MAX, 10).unwrap();
    store.mark_sent(id, wamid, 1).unwrap();
    id
}

#[test]
fn out_of_order_statuses_end_in_read() {
    let hook = Hook::start();
    let id = sent_message(&hook, "wamid.OUT");
    for s in ["read", "delivered", "sent", "delivered"] {
        let body = webhook(json!({"statuses": [status("wamid.OUT", s, 100)]}));
        assert_eq!(hook.post_signed(&body), 200);
    }
    let row = hook.store().message(id).unwrap().unwrap();
    assert_eq!(row.status, Some(Status::Read));
}

#[test]
fn failed_status_keeps_its_code_title_and_details() {
    let hook = Hook::start();
    let id = sent_message(&hook, "wamid.OUT");
    let mut failed = status("wamid.OUT", "failed", 100);
    failed["errors"] = json!([{"code": 131047, "title": "Re-engagement message",
        "error_data": {"details": "More than 24 hours have passed"}}]);
    assert_eq!(hook.post_signed(&webhook(json!({"statuses": [failed]}))), 200);
    let row = hook.store().message(id).unwrap().unwrap();
    assert_eq!(row.status, Some(Status::Failed));
    assert_eq!(row.error_code, Some(131_047));
    assert_eq!(row.error_reason.as_deref(), Some("Re-engagement message: More than 24 hours have passed"));
}

#[test]
fn edit_rewrites_the_original_and_delete_empties_it() {
    let hook = Hook::start();
    let post = |msg: serde_json::Value| hook.post_signed(&webhook(json!({"messages": [msg]})));
    assert_eq!(post(text_message("wamid.ORIG", "34600111222", "10 roses", 100)), 200);
    let edit = json!({"from": "34600111222", "id": "wamid.EDIT", "timestamp": "200", "type": "edit",
        "edit": {"original_message_id": "wamid.ORIG",
                 "message": {"type": "text", "text": {"body": "12 roses"}}}});
    assert_eq!(post(edit), 200);
    let store = hook.store();
    let row = store.message_by_external_id("wamid.ORIG").unwrap().unwrap();
    assert_eq!(row.body, "12 roses");
    assert_eq!(hook.message_count(), 1);
    let revoke = json!({"from": "34600111222", "id": "wamid.DEL", "timestamp": "300",
        "type": "revoke", "revoke": {"original_message_id": "wamid.ORIG"}});
    assert_eq!(post(revoke), 200);
    let row = store.message_by_external_id("wamid.ORIG").unwrap().unwrap();
    assert_eq!(row.body, "[message deleted]");
    assert_eq!(hook.message_count(), 1);
}

#[test]
fn reaction_attaches_to_its_message_a_newer_one_replaces_it_and_empty_removes_it() {
    let hook = Hook::start();
    let react = |id: &str, emoji: &str, ts: i64| {
        // Times the webhook accepts as they are (a time before 2009 becomes the arrival time).
        let msg = json!({"from": "34600111222", "id": id, "timestamp": (1_700_000_000 + ts).to_string(),
            "type": "reaction", "reaction": {"message_id": "wamid.OUT", "emoji": emoji}});
        hook.post_signed(&webhook(json!({"messages": [msg]})))
    };
    let reactions = || {
        let store = hook.store();
        let mut stmt = store
            .conn()
            .prepare("SELECT body FROM messages WHERE kind = 'reaction' AND reply_to = 'wamid.OUT'")
            .unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().collect::<Result<Vec<_>, _>>().unwrap()
    };
    assert_eq!(react("wamid.R1", "👍", 100), 200);
    assert_eq!(reactions(), ["👍"]);
    assert_eq!(react("wamid.R2", "❤️", 200), 200);
    assert_eq!(reactions(), ["❤️"]);
    // A late redelivery of the older reaction changes nothing.
    assert_eq!(react("wamid.R1", "👍", 100), 200);
    assert_eq!(reactions(), ["❤️"]);
    assert_eq!(react("wamid.R3", "", 300), 200);
    assert!(reactions().is_empty());
}
