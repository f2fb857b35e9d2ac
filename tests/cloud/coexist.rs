//! Coexistence with the WhatsApp Business app, against the real webhook server with signed POSTs
//! built from the shared fixtures: phone replies (echoes), the phone's history, its contacts; and
//! with the real binary, a phone reply that holds back the away message and counts in the stats.

use serde_json::{Value, json};
use wabi::model::{Direction, Origin, Status};
use wabi::store::{ContactKey, Store};

use crate::common::Sandbox;
use crate::fake_graph::FakeGraph;
use crate::support::*;

const CUSTOMER: &str = "16505551234";

/// The fixture `name` of the coexistence folder, or None when the shared fixtures are absent.
fn fixture(name: &str) -> Option<Value> {
    let text = std::fs::read(format!("{FIXTURES}/coexistence/{name}")).ok()?;
    Some(serde_json::from_slice(&text).unwrap())
}

/// The fixture's first change value, for building variations of it.
fn value_of(body: &mut Value) -> &mut Value {
    &mut body["entry"][0]["changes"][0]["value"]
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

fn chat_of(store: &Store, phone: &str) -> i64 {
    store.chat_id(&ContactKey::Phone(phone.into())).unwrap().unwrap()
}

#[test]
fn an_echo_is_stored_once_as_an_outbound_phone_reply() {
    let Some(body) = fixture("smb_message_echoes.json") else { return };
    let hook = Hook::start();
    assert_eq!(hook.post_signed(&bytes(&body)), 200);
    assert_eq!(hook.post_signed(&bytes(&body)), 200, "a redelivery");
    let store = hook.store();
    let rows = store.messages(chat_of(&store, CUSTOMER), 10, None).unwrap();
    let [m] = rows.as_slice() else { panic!("{rows:?}") };
    assert_eq!((m.direction, m.origin, m.status), (Direction::Out, Origin::Phone, Some(Status::Sent)));
    assert_eq!(m.body, "Yes, we deliver on Saturdays.");
    assert_eq!(m.external_id.as_deref(), Some("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJBQjM1NkI0QzlBQkY3OUY1RTYA"));
    let chat = store.chat(m.chat_id).unwrap();
    assert_eq!((chat.unread, chat.last_inbound_at.unwrap_or(0)), (0, 0), "an echo opens no service window");
}

/// The fixture chunk as chunk `order` of the sync at `progress` %, with `extra` messages added.
fn history_chunk(order: i64, progress: i64, extra: &[Value]) -> Option<Value> {
    let mut body = fixture("history.json")?;
    let chunk = &mut value_of(&mut body)["history"][0];
    chunk["metadata"] = json!({"phase": 1, "chunk_order": order, "progress": progress});
    let messages = chunk["threads"][0]["messages"].as_array_mut()?;
    if order != 2 {
        messages.clear();
    }
    messages.extend(extra.iter().cloned());
    Some(body)
}

#[test]
fn history_posted_twice_and_out_of_order_is_stored_once_read_and_exact() {
    let earlier = json!({"from": CUSTOMER, "id": "wamid.H.earlier", "timestamp": "1738000000", "type": "text",
        "text": {"body": "first contact"}, "history_context": {"status": "READ"}});
    let reply = json!({"from": "15550783881", "to": CUSTOMER, "id": "wamid.H.reply", "timestamp": "1738000060",
        "type": "text", "text": {"body": "welcome!"}, "history_context": {"status": "READ"}});
    let (Some(second), Some(first)) = (history_chunk(2, 55, &[]), history_chunk(1, 20, &[earlier, reply]))
    else {
        return;
    };
    let hook = Hook::start();
    for body in [&second, &first, &second, &first] {
        assert_eq!(hook.post_signed(&bytes(body)), 200);
    }
    let mut store = hook.store();
    let chat = chat_of(&store, CUSTOMER);
    let rows = store.messages(chat, 10, None).unwrap();
    let seen: Vec<(&str, Direction, Option<Status>)> =
        rows.iter().map(|m| (m.body.as_str(), m.direction, m.status)).collect();
    assert_eq!(
        seen,
        [
            ("first contact", Direction::In, None),
            ("welcome!", Direction::Out, Some(Status::Read)),
            ("Do you have red roses?", Direction::In, None),
            ("Yes, from 25 EUR a dozen.", Direction::Out, Some(Status::Delivered)),
            ("[media not synced yet]", Direction::In, None),
        ]
    );
    assert!(rows.iter().all(|m| m.origin == Origin::History));
    assert_eq!(store.chat(chat).unwrap().unread, 0);
    store.set_business_zone(chrono_tz::UTC).unwrap();
    assert_eq!(store.verify_tallies().unwrap(), Vec::<String>::new());
    let sync = store.history_sync().unwrap().unwrap();
    assert_eq!((sync.progress, sync.messages), (55, 5));
}

#[test]
fn a_declined_history_and_bad_items_are_answered_200_and_the_good_items_kept() {
    let Some(declined) = fixture("history_declined.json") else { return };
    let hook = Hook::start();
    assert_eq!(hook.post_signed(&bytes(&declined)), 200);
    let bad = [json!({"from": CUSTOMER, "type": "text", "text": {"body": "no id"}}), json!(42)];
    let good = json!({"from": CUSTOMER, "id": "wamid.H.good", "timestamp": "1738000000", "type": "text",
        "text": {"body": "kept"}});
    let Some(mut chunk) = history_chunk(3, 70, &[bad[0].clone(), bad[1].clone(), good]) else { return };
    value_of(&mut chunk)["history"].as_array_mut().unwrap().push(json!("not a chunk"));
    assert_eq!(hook.post_signed(&bytes(&chunk)), 200);
    let store = hook.store();
    let rows = store.messages(chat_of(&store, CUSTOMER), 10, None).unwrap();
    assert_eq!(rows.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(), ["kept"]);
    let sync = store.history_sync().unwrap().unwrap();
    assert!(sync.declined.as_deref().unwrap().contains("2593109"), "{sync:?}");
    assert_eq!(sync.skipped, 2);
}

#[test]
fn contacts_from_the_phone_name_the_chats() {
    let (Some(echo), Some(contacts)) =
        (fixture("smb_message_echoes.json"), fixture("smb_app_state_sync.json"))
    else {
        return;
    };
    let hook = Hook::start();
    assert_eq!(hook.post_signed(&bytes(&echo)), 200);
    assert_eq!(hook.post_signed(&bytes(&contacts)), 200);
    let store = hook.store();
    assert_eq!(store.chat(chat_of(&store, CUSTOMER)).unwrap().name, "Pablo Morales");
}

/// A cloud config with the away message always on, its webhook on a free port.
fn away_config(s: &Sandbox, graph_url: &str) -> std::path::PathBuf {
    s.config(&format!(
        "[transport]\nkind = \"cloud\"\n\n[transport.cloud]\nphone_number_id = \"PNID\"\n\
         listen = \"127.0.0.1:0\"\ngraph_url = \"{graph_url}\"\n\n\
         [away]\nenabled = true\nschedule = \"always\"\nmessage = \"We are closed\"\n\
         skip_if_replied_within = \"5m\"\n"
    ))
}

/// `wabi serve` as a child.
fn spawn_serve(s: &Sandbox, config: &std::path::Path) -> std::process::Child {
    serve_command(s, config).spawn().unwrap()
}

fn post(url: &str, body: &[u8]) -> u16 {
    let signature = wabi::transport::cloud::signature::sign(APP_SECRET.as_bytes(), body);
    client().post(url).header("X-Hub-Signature-256", &signature).send(body).unwrap().status().as_u16()
}

/// The fixture echo, to `to`, at Unix second `ts`, with id `id`.
fn echo(to: &str, id: &str, text: &str, ts: i64) -> Option<Vec<u8>> {
    let mut body = fixture("smb_message_echoes.json")?;
    let e = &mut value_of(&mut body)["message_echoes"][0];
    (e["to"], e["id"], e["timestamp"], e["text"]["body"]) =
        (json!(to), json!(id), json!(ts.to_string()), json!(text));
    Some(bytes(&body))
}

#[test]
fn a_phone_reply_holds_back_the_away_message_and_counts_as_the_first_response() {
    let now = chrono::Utc::now().timestamp();
    let Some(phone_reply) = echo("34600000001", "wamid.E.1", "On my way", now - 60) else { return };
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    let config = away_config(&s, &graph.url());
    let mut child = spawn_serve(&s, &config);
    let (url, _stderr) = webhook_url(&mut child);
    // Customer 2 asked 3 minutes ago and the owner answered from the phone 90 s later.
    let asked = webhook(json!({"messages": [text_message("wamid.C.2", "34600000002", "open?", now - 180)]}));
    assert_eq!(post(&url, &asked), 200);
    let Some(answer) = echo("34600000002", "wamid.E.2", "Yes!", now - 90) else { return };
    assert_eq!(post(&url, &answer), 200);
    // The owner wrote to customer 1 from the phone a minute ago; customer 1 and 3 write now.
    assert_eq!(post(&url, &phone_reply), 200);
    for (id, from) in [("wamid.C.1", "34600000001"), ("wamid.C.3", "34600000003")] {
        assert_eq!(post(&url, &webhook(json!({"messages": [text_message(id, from, "hello", now)]}))), 200);
    }
    eventually("customer 3 gets the away message", || {
        graph.posts().iter().any(|p| p.body["to"] == "34600000003")
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    let to_one = graph.posts().iter().filter(|p| p.body["to"] == "34600000001").count();
    assert_eq!(to_one, 0, "no away message to a customer the phone answered a minute ago");
    std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    child.wait().unwrap();
    let config_arg = config.to_str().unwrap();
    let stats = s.json(&["--config", config_arg, "stats", "--json", "--range", "7d"]);
    assert_eq!(stats["total"]["first_response_median_s"], 90, "{stats}");
    let messages = s.json(&["--config", config_arg, "messages", "--chat", "34600000002", "--json"]);
    assert_eq!(
        (messages[1]["origin"].as_str(), messages[1]["direction"].as_str()),
        (Some("phone"), Some("out"))
    );
    s.wabi().args(["--config", config_arg, "stats", "--verify"]).assert().success();
}

#[test]
fn cloud_sync_asks_meta_for_the_apps_data_and_explains_a_refusal() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    let config = away_config(&s, &graph.url());
    let wabi = |args: &[&str]| {
        let mut cmd = s.wabi();
        cmd.arg("--config").arg(&config).env("WABI_ACCESS_TOKEN", ACCESS_TOKEN).args(args);
        cmd.assert()
    };
    wabi(&["cloud", "sync", "history"])
        .success()
        .stdout(predicates::str::contains("Meta accepted the history sync (request REQ1)"));
    wabi(&["cloud", "sync", "contacts"]).success();
    let posts = graph.posts();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0].path, "/v25.0/PNID/smb_app_data");
    assert_eq!(posts[0].body, json!({"messaging_product": "whatsapp", "sync_type": "history"}));
    assert_eq!(posts[1].body["sync_type"], "smb_app_state_sync");
    assert_eq!(posts[0].authorization.as_deref(), Some(format!("Bearer {ACCESS_TOKEN}").as_str()));
    graph.script([crate::fake_graph::error(400, 100, "Sync window has expired")]);
    wabi(&["cloud", "sync", "history"])
        .code(1)
        .stderr(predicates::str::contains("Meta refused to sync the chat history: Sync window has expired"))
        .stderr(predicates::str::contains("within 24 hours"));
    wabi(&["cloud", "sync", "everything"]).code(2);
    let status = s.json(&["--config", config.to_str().unwrap(), "cloud", "status", "--json"]);
    assert_eq!((status["history"].clone(), status["phone_replies"].clone()), (Value::Null, json!(0)));
}

#[test]
fn cloud_status_shows_the_history_progress_and_a_refusal() {
    let Some(chunk) = history_chunk(2, 55, &[]) else { return };
    let hook = Hook::start();
    assert_eq!(hook.post_signed(&bytes(&chunk)), 200);
    let s = Sandbox::new();
    let out = s.wabi().arg("--db").arg(hook.db()).args(["cloud", "status"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("history from the phone: in progress, 55%, phase 1 of 2; 1 chunks, 3 new messages"),
        "{text}"
    );
    let Some(declined) = fixture("history_declined.json") else { return };
    assert_eq!(hook.post_signed(&bytes(&declined)), 200);
    let out = s.wabi().arg("--db").arg(hook.db()).args(["cloud", "status", "--json"]).output().unwrap();
    let status: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(status["history"]["declined"].as_str().unwrap().contains("declined"), "{status}");
}

#[test]
fn the_widened_schema_passes_sqlites_own_checks_and_takes_the_new_origins() {
    let Some(chunk) = history_chunk(2, 55, &[]) else { return };
    let hook = Hook::start();
    assert_eq!(hook.post_signed(&bytes(&chunk)), 200);
    let db = hook.db();
    let sqlite3 = |sql: &str| std::process::Command::new("sqlite3").arg(&db).arg(sql).output();
    let Ok(check) = sqlite3("PRAGMA integrity_check;") else { return }; // no sqlite3 shell here
    assert_eq!(String::from_utf8_lossy(&check.stdout).trim(), "ok");
    let chat = chat_of(&hook.store(), CUSTOMER);
    let insert = |origin: &str| {
        sqlite3(&format!(
            "INSERT INTO messages (chat_id, direction, kind, body, origin, created_at, at)
             VALUES ({chat}, 'out', 'media', 'x', '{origin}', 0, 0);"
        ))
        .unwrap()
    };
    assert!(insert("phone").status.success());
    assert!(insert("history").status.success());
    assert!(!insert("martian").status.success(), "the CHECK still refuses other origins");
}
