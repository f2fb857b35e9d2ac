//! The webhook trusts no field more than it must, and keeps answering under pressure: a store
//! another process is writing, and more idle connections than it has file descriptors.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use wabi::store::{ContactKey, NewMessage, Store};
use wabi::transport::cloud::{Secret, media};

use crate::common::Sandbox;
use crate::fake_graph::FakeGraph;
use crate::support::*;

fn now_s() -> i64 {
    chrono::Utc::now().timestamp()
}

#[test]
fn bad_items_are_skipped_and_the_rest_of_the_post_is_stored() {
    let hook = Hook::start();
    let image = |id: &str, media_id: &str| {
        json!({"from": "34600111222", "id": id, "timestamp": now_s().to_string(), "type": "image",
               "image": {"id": media_id, "mime_type": "image/jpeg", "caption": "my order"}})
    };
    let messages = json!([
        text_message("wamid.GOOD", "34600111222", "hola", now_s()),
        text_message("wamid.SHORT", "1234", "who?", now_s()),
        text_message("wamid.LONG", &"9".repeat(10_000), "who?", now_s()),
        text_message("wamid.OLD", "34600111333", "from 1970", 5),
        text_message("wamid.FUTURE", "34600111333", "from 2100", 4_102_444_800),
        image("wamid.IMG", "../../me?fields=access_token#"),
        image("wamid.IMG2", "1234567890_ok-id"),
    ]);
    let before = wabi::store::now_ms();
    assert_eq!(hook.post_signed(&webhook(json!({ "messages": messages }))), 200);
    let store = hook.store();
    for gone in ["wamid.SHORT", "wamid.LONG"] {
        assert!(store.message_by_external_id(gone).unwrap().is_none(), "{gone}");
    }
    for id in ["wamid.OLD", "wamid.FUTURE"] {
        let at = store.message_by_external_id(id).unwrap().unwrap().at;
        assert!(at >= before && at <= wabi::store::now_ms(), "{id} at {at}: not its arrival time");
    }
    let media_id = |id: &str| -> Option<String> {
        store
            .conn()
            .query_row("SELECT media_id FROM messages WHERE external_id = ?1", [id], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(media_id("wamid.IMG"), None, "the message is kept, its id refused");
    assert_eq!(store.message_by_external_id("wamid.IMG").unwrap().unwrap().body, "my order");
    assert_eq!(media_id("wamid.IMG2").as_deref(), Some("1234567890_ok-id"));
    assert_eq!(hook.message_count(), 5);
}

#[test]
fn an_edit_or_revoke_cannot_touch_a_message_of_another_chat() {
    let hook = Hook::start();
    let post = |msg: serde_json::Value| hook.post_signed(&webhook(json!({"messages": [msg]})));
    assert_eq!(post(text_message("wamid.ANA", "34600111222", "10 roses", now_s() - 60)), 200);
    let edit = json!({"from": "34600999888", "id": "wamid.EVIL-EDIT", "timestamp": now_s().to_string(),
        "type": "edit", "edit": {"original_message_id": "wamid.ANA",
                                 "message": {"type": "text", "text": {"body": "0 roses"}}}});
    let revoke = json!({"from": "34600999888", "id": "wamid.EVIL-DEL", "timestamp": now_s().to_string(),
        "type": "revoke", "revoke": {"original_message_id": "wamid.ANA"}});
    assert_eq!(post(edit), 200);
    assert_eq!(post(revoke), 200);
    let store = hook.store();
    let ana = store.message_by_external_id("wamid.ANA").unwrap().unwrap();
    assert_eq!(ana.body, "10 roses");
    // What the other customer sent is kept in their own chat, as Meta reported it.
    let other = store.chat_id(&ContactKey::Phone("34600999888".into())).unwrap().unwrap();
    let theirs = store.message_by_external_id("wamid.EVIL-EDIT").unwrap().unwrap();
    assert_eq!((theirs.chat_id, theirs.body.as_str()), (other, "0 roses"));
    assert!(store.message_by_external_id("wamid.EVIL-DEL").unwrap().is_some());
}

#[test]
fn media_fetch_refuses_a_stored_id_that_would_change_the_graph_url() {
    let graph = FakeGraph::start();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("wabi.db")).unwrap();
    let mut m = NewMessage::text(ContactKey::Phone("34600111222".into()), "[image]", 1);
    m.kind = wabi::model::Kind::Image;
    m.media_id = Some("../PNID/messages?x=".into());
    let id = match store.insert_messages(&[m]).unwrap()[0] {
        wabi::store::InsertOutcome::Inserted { id, .. } => id,
        other => panic!("{other:?}"),
    };
    let config = wabi::config::CloudConfig {
        phone_number_id: "PNID".into(),
        graph_url: graph.url(),
        ..Default::default()
    };
    let token = Secret::new(ACCESS_TOKEN);
    let err = media::fetch(&mut store, &config, &token, id, &dir.path().join("media")).unwrap_err();
    assert!(err.to_string().contains("not a Graph API id"), "{err}");
    assert!(graph.requests().is_empty(), "nothing was requested with the token");
}

#[test]
fn posts_wait_for_a_store_another_process_is_writing_and_all_get_200() {
    let hook = Hook::start();
    // Another program (an import, a backup, the sqlite3 shell) holds the write lock for longer
    // than the store's usual 5 s busy wait.
    let other = rusqlite::Connection::open(hook.db()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let posts: Vec<_> = (0..6)
            .map(|i| {
                let hook = &hook;
                scope.spawn(move || {
                    std::thread::sleep(Duration::from_millis(300 * i));
                    let id = format!("wamid.LOCK{i}");
                    hook.post_signed(&webhook(json!({"messages": [
                        text_message(&id, "34600111222", "are you open?", now_s())
                    ]})))
                })
            })
            .collect();
        std::thread::sleep(Duration::from_secs(7));
        other.execute_batch("COMMIT").unwrap();
        posts.into_iter().map(|p| p.join().unwrap()).collect()
    });
    assert_eq!(statuses, [200; 6], "after {:?}", started.elapsed());
    assert_eq!(hook.message_count(), 6);
}

/// `wabi serve` under `ulimit -n 64`, with at most 16 webhook connections.
fn serve_with_few_descriptors(s: &Sandbox) -> (Child, String) {
    let config = s.config(
        "[transport]\nkind = \"cloud\"\n\n[transport.cloud]\nphone_number_id = \"PNID\"\n\
         listen = \"127.0.0.1:0\"\ngraph_url = \"http://127.0.0.1:9\"\nmax_connections = 16\n",
    );
    let mut child = Command::new("sh")
        .args(["-c", "ulimit -n 64 && exec \"$WABI\" --config \"$CONFIG\" serve"])
        .env("WABI", assert_cmd::cargo::cargo_bin("wabi"))
        .env("CONFIG", &config)
        .env_remove("WABI_CONFIG")
        .env("XDG_CONFIG_HOME", s.path("xdg-config"))
        .env("XDG_DATA_HOME", s.path("xdg-data"))
        .env("XDG_STATE_HOME", s.path("xdg-state"))
        .env("HOME", s.dir.path())
        .env("WABI_DB", s.db())
        .env("WABI_ACCESS_TOKEN", ACCESS_TOKEN)
        .env("WABI_APP_SECRET", APP_SECRET)
        .env("WABI_VERIFY_TOKEN", VERIFY_TOKEN)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let url = webhook_url_drained(&mut child);
    (child, url)
}

#[test]
fn a_real_post_gets_through_while_more_idle_connections_than_descriptors_are_open() {
    let s = Sandbox::new();
    let (mut child, url) = serve_with_few_descriptors(&s);
    let addr = url.trim_start_matches("http://").trim_end_matches("/webhook").to_string();
    // More connections than the server has descriptors left; they send nothing. (Without the cap
    // the POST waited for them to time out, 30 s.)
    let idle: Vec<TcpStream> = (0..64).map(|_| TcpStream::connect(&addr).unwrap()).collect();
    let body = webhook(json!({"messages": [text_message("wamid.REAL", "34600111222", "hola", now_s())]}));
    let signature = wabi::transport::cloud::signature::sign(APP_SECRET.as_bytes(), &body);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into();
    let started = Instant::now();
    let status = agent.post(&url).header("X-Hub-Signature-256", &signature).send(&body[..]);
    let took = started.elapsed();
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let exit = child.wait().unwrap();
    drop(idle);
    assert_eq!(status.map(|r| r.status().as_u16()).ok(), Some(200), "after {took:?}");
    assert!(took < Duration::from_secs(8), "the POST waited {took:?}");
    assert!(exit.success(), "{exit:?}");
    let store = Store::open(&s.db()).unwrap();
    assert!(store.message_by_external_id("wamid.REAL").unwrap().is_some());
}
