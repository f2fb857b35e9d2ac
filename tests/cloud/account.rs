//! The WhatsApp account from the terminal, against the fake Graph API and the real webhook server:
//! templates (sync, status webhook, filled history), WhatsApp's opt-outs, prices, profile, blocks.

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::common::{Sandbox, snapshot};
use crate::fake_graph::{Answer, FakeGraph};
use crate::support::*;

/// A cloud config against `graph`, with the WABA and app ids, and `extra` appended.
pub fn account_config(s: &Sandbox, graph: &FakeGraph, listen: &str, extra: &str) -> std::path::PathBuf {
    // Each config its own file, so a test can keep several.
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let path = s.path(&format!("config-{}.toml", N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)));
    std::fs::write(&path, format!(
        "[transport]\nkind = \"cloud\"\n\n[transport.cloud]\nphone_number_id = \"PNID\"\nwaba_id = \"WABA\"\n\
         app_id = \"APPID\"\nlisten = \"{listen}\"\ngraph_url = \"{}\"\n\n{extra}",
        graph.url()
    ))
    .unwrap();
    path
}

/// The binary with the config, a store, and the access token in its environment.
pub fn wabi(s: &Sandbox, config: &std::path::Path, db: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = s.wabi();
    cmd.env("WABI_ACCESS_TOKEN", ACCESS_TOKEN).arg("--config").arg(config).arg("--db").arg(db);
    cmd
}

fn ok(body: Value) -> Answer {
    (200, None, body)
}

fn template(name: &str, status: &str, body: &str) -> Value {
    json!({"name": name, "language": "es", "status": status, "category": "UTILITY", "id": format!("id-{name}"),
        "components": [{"type": "BODY", "text": body, "example": {"body_text": [["Pedro", "18:00"]]}}]})
}

/// Two pages of templates, the second reached by the first's `after` cursor; one entry is broken.
fn two_pages(graph: &FakeGraph) {
    let path = "/v25.0/WABA/message_templates";
    graph.on(
        "GET",
        path,
        "after=CURSOR2",
        ok(json!({"data": [
            template("spring_offer", "APPROVED", "¡{{1}}% en rosas este fin de semana!"),
            {"name": "broken", "language": "es", "status": "APPROVED"}],
        "paging": {"cursors": {"before": "CURSOR2", "after": "END"}}})),
    );
    graph.on(
        "GET",
        path,
        "",
        ok(json!({"data": [
            template("recordatorio_recogida", "APPROVED", "Hola {{1}}, tu ramo está listo a las {{2}}."),
            template("pending_one", "PENDING", "Pronto")],
        "paging": {"cursors": {"before": "A", "after": "CURSOR2"},
                   "next": format!("{}/v25.0/WABA/message_templates?after=CURSOR2", graph.url())}})),
    );
}

#[test]
fn templates_sync_reads_both_pages_and_skips_the_broken_entry_by_name() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    graph.require_token(ACCESS_TOKEN);
    two_pages(&graph);
    let config = account_config(&s, &graph, "127.0.0.1:0", "");
    wabi(&s, &config, &s.db())
        .args(["templates", "sync"])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 templates synced (2 approved) from 2 page(s), 1 skipped"))
        .stderr(predicate::str::contains("skipped template \"broken\": no components"));
    let gets: Vec<String> = graph.requests().into_iter().map(|r| r.query).collect();
    assert_eq!(gets.len(), 2);
    assert!(gets[1].contains("after=CURSOR2") && gets[0].contains("fields=name"), "{gets:?}");
    let out = wabi(&s, &config, &s.db()).args(["templates", "list", "--json"]).output().unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["pending_one", "recordatorio_recogida", "spring_offer"]);
    assert_eq!(list[1]["body"], "Hola {{1}}, tu ramo está listo a las {{2}}.");
    assert_eq!(list[1]["params"], json!(["{{1}} e.g. Pedro", "{{2}} e.g. 18:00"]));
    assert_eq!(list[1]["source"], "meta");
}

#[test]
fn a_graph_error_is_one_line_naming_the_call_exit_1_and_nothing_changes() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    graph.require_token("another-token");
    let config = account_config(&s, &graph, "127.0.0.1:0", "");
    wabi(&s, &config, &s.db()).args(["templates", "list"]).assert().success();
    let before = snapshot(&s.db());
    let out = wabi(&s, &config, &s.db()).args(["templates", "sync"]).assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(
        stderr.trim(),
        "wabi: GET /{waba_id}/message_templates: Invalid OAuth access token - Cannot parse access token"
    );
    assert!(!stderr.contains(ACCESS_TOKEN));
    assert_eq!(snapshot(&s.db()), before);
    let no_waba = s.config(&format!(
        "[transport]\nkind = \"cloud\"\n\n[transport.cloud]\ngraph_url = \"{}\"\n",
        graph.url()
    ));
    wabi(&s, &no_waba, &s.db())
        .args(["templates", "sync"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("transport.cloud.waba_id is empty"));
}

#[test]
fn history_keeps_the_filled_body_and_a_rejected_template_stops_sending() {
    let hook = Hook::start();
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    two_pages(&graph);
    let config = account_config(&s, &graph, "127.0.0.1:0", "");
    let db = hook.db();
    wabi(&s, &config, &db).args(["templates", "sync"]).assert().success();
    let send = |name: &str, params: &[&str]| {
        let mut cmd = wabi(&s, &config, &db);
        cmd.args(["send", "--to", "34600111222", "--template", name]);
        for p in params {
            cmd.args(["--param", p]);
        }
        cmd.assert()
    };
    send("recordatorio_recogida", &["Pedro", "18:00"]).success();
    send("spring_offer", &["20"]).success();
    let messages = s.json(&["--db", db.to_str().unwrap(), "messages", "--chat", "34600111222", "--json"]);
    assert_eq!(messages[0]["body"], "Hola Pedro, tu ramo está listo a las 18:00.");
    let name: String = hook
        .store()
        .conn()
        .query_row(
            "SELECT json_extract(template, '$.name') FROM messages WHERE id = ?1",
            [messages[0]["id"].as_i64()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "recordatorio_recogida");
    send("pending_one", &[]).code(2).stderr(predicate::str::contains(
        "template \"pending_one\" (es) is PENDING at Meta: only approved templates can be sent",
    ));

    let rejection = std::fs::read(format!("{FIXTURES}/coexistence/message_template_status_update.json"))
        .unwrap_or_else(|_| {
            serde_json::to_vec(
                &json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [
                {"field": "message_template_status_update", "value": {"event": "REJECTED",
                 "message_template_id": 1, "message_template_name": "spring_offer",
                 "message_template_language": "en_US", "reason": "INCORRECT_CATEGORY"}}]}]}),
            )
            .unwrap()
        });
    // The fixture's template is in en_US; ours is in es: the same event for es.
    let rejection = String::from_utf8(rejection).unwrap().replace("\"en_US\"", "\"es\"");
    assert_eq!(hook.post_signed(rejection.as_bytes()), 200);
    send("spring_offer", &["20"]).code(2).stderr(predicate::str::contains(
        "template \"spring_offer\" (es) is REJECTED (INCORRECT_CATEGORY) at Meta",
    ));
    let messages = s.json(&["--db", db.to_str().unwrap(), "messages", "--chat", "34600111222", "--json"]);
    let offer = messages
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["body"] == "¡20% en rosas este fin de semana!")
        .unwrap();
    assert_eq!(offer["status"], "failed", "the queued copy is not sent either");
    assert!(offer["error"]["reason"].as_str().unwrap().contains("REJECTED"), "{offer}");
}

#[test]
fn a_whatsapp_marketing_stop_makes_the_next_broadcast_skip_the_customer() {
    let hook = Hook::start();
    let s = Sandbox::new();
    let db = hook.db();
    let cli = |args: &[&str]| {
        let mut cmd = s.wabi();
        cmd.arg("--db").arg(&db).args(args);
        cmd.assert()
    };
    cli(&["broadcast", "create", "Regulars"]).success();
    cli(&["broadcast", "add", "Regulars", "16505551234"]).success();
    let body = std::fs::read(format!("{FIXTURES}/coexistence/user_preferences.json")).unwrap_or_else(|_| {
        serde_json::to_vec(&json!({"entry": [{"changes": [{"field": "user_preferences", "value": {
            "contacts": [{"wa_id": "16505551234", "profile": {"name": "Pablo Morales"}}],
            "user_preferences": [{"wa_id": "16505551234", "category": "marketing_messages",
                                  "value": "stop", "timestamp": 1739321024}]}}]}]}))
        .unwrap()
    });
    assert_eq!(hook.post_signed(&body), 200);
    assert_eq!(hook.post_signed(&body), 200, "a redelivery changes nothing");
    let shown = s.json(&["--db", db.to_str().unwrap(), "contacts", "show", "16505551234", "--json"]);
    let history = shown["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "{shown}");
    assert_eq!(
        (history[0]["source"].as_str(), history[0]["state"].as_str()),
        (Some("WhatsApp"), Some("opted_out"))
    );
    cli(&["broadcast", "send", "Regulars", "Spring sale"]).success();
    let list = s.json(&["--db", db.to_str().unwrap(), "broadcast", "show", "Regulars", "--json"]);
    assert_eq!(list["broadcasts"][0]["skipped"]["opted_out"], 1, "{list}");
    assert_eq!(list["broadcasts"][0]["queued"], 0, "{list}");
}

#[test]
fn priced_statuses_become_billable_counts_by_category_and_origin_in_stats() {
    let hook = Hook::start();
    let s = Sandbox::new();
    let db = hook.db();
    let mut store = hook.store();
    let now = chrono::Utc::now().timestamp();
    assert_eq!(
        hook.post_signed(&webhook(
            json!({"messages": [text_message("wamid.IN", "34600111222", "hola", now)]})
        )),
        200
    );
    let chat = store.require_chat(&wabi::store::ContactKey::Phone("34600111222".into())).unwrap();
    let queue = |store: &mut wabi::store::Store, origin, wamid: &str| {
        let id = store
            .queue_outbound(&wabi::store::NewOutbound {
                chat_id: chat,
                body: "x".into(),
                origin,
                reply_to: None,
            })
            .unwrap();
        store.conn().execute("UPDATE messages SET status = 'sending' WHERE id = ?1", [id]).unwrap();
        store.mark_sent(id, wamid, now * 1000).unwrap();
    };
    queue(&mut store, wabi::model::Origin::Broadcast, "wamid.B");
    queue(&mut store, wabi::model::Origin::Away, "wamid.A");
    queue(&mut store, wabi::model::Origin::Operator, "wamid.O");
    let priced = |id: &str, billable: bool, category: &str, kind: &str| {
        let mut s = status(id, "delivered", now);
        s["pricing"] =
            json!({"billable": billable, "pricing_model": "PMP", "category": category, "type": kind});
        s
    };
    let body = webhook(json!({"statuses": [
        priced("wamid.B", true, "marketing", "regular"),
        priced("wamid.A", true, "utility", "regular"),
        priced("wamid.O", false, "service", "free_customer_service")]}));
    assert_eq!(hook.post_signed(&body), 200);
    s.wabi().arg("--db").arg(&db).args(["labels", "assign", "34600111222", "Paid"]).assert().success();
    let config = s.config("[pricing]\ncurrency = \"EUR\"\nmarketing = 0.0615\nutility = 0.02\n");
    let stats =
        s.json(&["--db", db.to_str().unwrap(), "--config", config.to_str().unwrap(), "stats", "--json"]);
    let billable = &stats["total"]["billable"];
    assert_eq!(billable["total"], 2, "{stats}");
    assert_eq!(billable["by_category"], json!({"marketing": 1, "utility": 1}));
    assert_eq!(billable["by_origin"], json!({"away": 1, "broadcast": 1}));
    assert_eq!(billable["cost"], 0.08);
    let paid = stats["labels"].as_array().unwrap().iter().find(|l| l["label"] == "Paid").unwrap();
    assert_eq!(paid["billable"]["by_category"], json!({"marketing": 1, "utility": 1}), "per label too");
    assert_eq!(stats["unlabelled"]["billable"]["total"], 0);
    let long_ago =
        s.json(&["--db", db.to_str().unwrap(), "stats", "--json", "--range", "2020-01-01..2020-01-31"]);
    assert_eq!(long_ago["total"]["billable"]["total"], 0, "outside the range");
    let today = s.json(&["--db", db.to_str().unwrap(), "stats", "--json", "--range", "today"]);
    assert_eq!(today["total"]["billable"]["total"], 2);
    let csv = s.wabi().arg("--db").arg(&db).args(["stats", "--csv"]).output().unwrap();
    let csv = String::from_utf8_lossy(&csv.stdout).to_string();
    assert!(csv.lines().next().unwrap().ends_with(
        ",billable,billable_service,billable_utility,billable_marketing,billable_authentication,cost"
    ));
    assert!(csv.lines().nth(1).unwrap().ends_with(",2,0,1,1,0,"), "{csv}");
}

#[test]
fn an_ad_referral_is_kept_counted_per_ad_and_usernames_are_kept() {
    let hook = Hook::start();
    let s = Sandbox::new();
    let now = chrono::Utc::now().timestamp();
    let mut m = text_message("wamid.AD", "34600111333", "¿Tenéis ramos?", now);
    m["referral"] = json!({"source_url": "https://fb.me/ad1", "source_id": "AD1", "source_type": "ad",
        "headline": "Ramos de primavera", "ctwa_clid": "CL"});
    let body = webhook(
        json!({"contacts": [{"wa_id": "34600111333", "profile": {"name": "Kim", "username": "@kimflores"}}],
        "messages": [m]}),
    );
    assert_eq!(hook.post_signed(&body), 200);
    let stats = s.json(&["--db", hook.db().to_str().unwrap(), "stats", "--json"]);
    assert_eq!(
        stats["ads"],
        json!([{"ad": "AD1", "headline": "Ramos de primavera", "source_url": "https://fb.me/ad1", "chats": 1}])
    );
    let store = hook.store();
    let chat = store.require_chat(&wabi::store::ContactKey::Phone("34600111333".into())).unwrap();
    assert_eq!(store.chat_account_info(chat).unwrap(), (None, Some("kimflores".into())));
    assert_eq!(
        store.chat_referral(chat).unwrap().and_then(|r| r.headline).as_deref(),
        Some("Ramos de primavera")
    );
    let export = s.json(&["--db", hook.db().to_str().unwrap(), "contacts", "export", "34600111333"]);
    assert_eq!(export["profile"]["username"], "kimflores", "a data request shows what is held");
    assert!(export["messages"][0]["referral"].as_str().unwrap().contains("Ramos de primavera"));
    s.wabi().args(["send", "--to", "@kimflores", "hola"]).assert().code(2).stderr(predicate::str::contains(
        "\"@kimflores\" is a WhatsApp username: wabi needs the customer's phone number",
    ));
}

#[test]
fn serve_syncs_templates_on_start_and_again_when_a_webhook_names_an_unknown_one() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    two_pages(&graph);
    let config = account_config(&s, &graph, "127.0.0.1:0", "");
    let mut child = serve_command(&s, &config).spawn().unwrap();
    let (url, _stderr) = webhook_url(&mut child);
    let template_gets = || graph.requests().iter().filter(|r| r.path.ends_with("/message_templates")).count();
    eventually("the first sync", || template_gets() == 2);
    let store = wabi::store::Store::open(&s.db()).unwrap();
    eventually("templates stored", || store.templates().unwrap().len() == 3);
    let body = serde_json::to_vec(&json!({"entry": [{"changes": [{"field": "message_template_status_update",
        "value": {"event": "APPROVED", "message_template_name": "brand_new", "message_template_language": "es"}}]}]}))
    .unwrap();
    let signature = wabi::transport::cloud::signature::sign(APP_SECRET.as_bytes(), &body);
    let status =
        client().post(&url).header("X-Hub-Signature-256", &signature).send(&body[..]).unwrap().status();
    assert_eq!(status.as_u16(), 200);
    eventually("a second sync", || template_gets() == 4);
    std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(child.wait().unwrap().success());
}
