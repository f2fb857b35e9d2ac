//! Every webhook case of the pywa project, through the real server into the store.

use serde_json::Value;
use wabi::transport::cloud::webhook::{WebhookEvent, parse};

use crate::support::*;

/// Every case of every pywa file as (file, case, body), or None when the fixtures are absent.
fn all_cases() -> Option<Vec<(String, String, Value)>> {
    let dir = format!("{FIXTURES}/pywa");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {dir} is absent");
        return None;
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let all: serde_json::Map<String, Value> =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        cases.extend(all.into_iter().map(|(case, body)| (file.clone(), case, body)));
    }
    Some(cases)
}

/// The messages array of a pywa body (they hold one change each).
fn messages(body: &mut Value) -> Option<&mut Vec<Value>> {
    body.pointer_mut("/entry/0/changes/0/value/messages")?.as_array_mut()
}

#[test]
fn every_pywa_message_case_is_stored_with_its_kind_and_readable_body() {
    let Some(cases) = all_cases() else { return };
    let hook = Hook::start();
    let mut checked = 0;
    for (file, case, mut body) in cases {
        let Some(list) = messages(&mut body) else {
            continue;
        };
        let is_reaction = list.iter().any(|m| m["type"] == "reaction");
        // Many cases share one id; each gets its own so every one of them is stored.
        let id = format!("wamid.{file}.{case}");
        for m in list.iter_mut() {
            m["id"] = Value::String(id.clone());
        }
        let bytes = serde_json::to_vec(&body).unwrap();
        assert_eq!(hook.post_signed(&bytes), 200, "{file} {case}");
        if is_reaction {
            continue; // reactions attach to their message: see the reaction tests
        }
        let Ok(events) = parse(&bytes) else { panic!("{file} {case}") };
        let Some(WebhookEvent::Message(expected)) = events.first() else {
            panic!("{file} {case}: no message")
        };
        let row = hook
            .store()
            .message_by_external_id(&id)
            .unwrap()
            .unwrap_or_else(|| panic!("{file} {case} was not stored"));
        assert_eq!((row.kind, row.body.as_str()), (expected.kind, expected.body.as_str()), "{file} {case}");
        assert!(!row.body.is_empty(), "{file} {case}");
        let reply_to = expected.context.as_ref().and_then(|c| c.reply_to.clone());
        assert_eq!(row.reply_to, reply_to, "{file} {case}");
        checked += 1;
    }
    // 32 message cases in pywa, less its 3 reactions.
    assert_eq!(checked, 29, "cases checked");
}

#[test]
fn pywa_reaction_attaches_and_unreaction_removes_it() {
    let Some(cases) = all_cases() else { return };
    let hook = Hook::start();
    let case = |name: &str| {
        let (_, _, body) = cases.iter().find(|(f, c, _)| f == "message.json" && c == name).unwrap();
        serde_json::to_vec(body).unwrap()
    };
    let reactions = || {
        hook.store()
            .conn()
            .query_row(
                "SELECT count(*) FROM messages WHERE kind = 'reaction' AND reply_to = 'wamid.yzxyzx='",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
    };
    assert_eq!(hook.post_signed(&case("reaction")), 200);
    assert_eq!(reactions(), 1);
    // pywa's unreaction reuses the reaction's id: a redelivery, so give it its own.
    let unreaction = String::from_utf8(case("unreaction_empty")).unwrap().replace("wamid.xyzxyz", "wamid.un");
    assert_eq!(hook.post_signed(unreaction.as_bytes()), 200);
    assert_eq!(reactions(), 0);
}

#[test]
fn pywa_statuses_move_an_outbound_message_forward_only() {
    let Some(cases) = all_cases() else { return };
    let hook = Hook::start();
    let mut store = hook.store();
    let chat_id = store.ensure_chat(&wabi::store::ContactKey::Phone("972987654321".into())).unwrap();
    let id = store
        .queue_outbound(&wabi::store::NewOutbound {
            chat_id,
            body: "hi".into(),
            origin: wabi::model::Origin::Operator,
            reply_to: None,
        })
        .unwrap();
    store.claim_outbox(i64::MAX, 1).unwrap();
    store.mark_sent(id, "wamid.xyzxyz", 1).unwrap();
    for name in ["sent", "read", "delivered", "played"] {
        let (_, _, body) = cases.iter().find(|(f, c, _)| f == "message_status.json" && c == name).unwrap();
        assert_eq!(hook.post_signed(&serde_json::to_vec(body).unwrap()), 200, "{name}");
    }
    let row = store.message(id).unwrap().unwrap();
    assert_eq!(row.status, Some(wabi::model::Status::Read));
}
