//! The business profile, blocking and `wabi doctor`, against the fake Graph API.

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::account::{account_config, wabi};
use crate::common::{Sandbox, snapshot};
use crate::fake_graph::{DROP, FakeGraph};
use crate::support::*;

const BUSINESS: &str = "[business]\nname = \"Flores Lucía\"\nabout = \"Flores frescas cada día\"\n\
    website = \"https://flores.example\"\ndescription = \"Ramos, plantas y eventos en Madrid.\"\nvertical = \"retail\"\nlanguage = \"es\"\n";

#[test]
fn profile_push_sends_the_checked_fields_and_refuses_an_overlong_about() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    graph.require_token(ACCESS_TOKEN);
    graph.on("POST", "/v25.0/PNID/whatsapp_business_profile", "", (200, None, json!({"success": true})));
    let config = account_config(&s, &graph, "127.0.0.1:0", BUSINESS);
    wabi(&s, &config, &s.db())
        .args(["profile", "push"])
        .assert()
        .success()
        .stdout(predicate::str::contains("profile updated: about, description, vertical, websites"));
    let posts = graph.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].path, "/v25.0/PNID/whatsapp_business_profile");
    assert_eq!(
        posts[0].body,
        json!({"messaging_product": "whatsapp", "about": "Flores frescas cada día",
               "description": "Ramos, plantas y eventos en Madrid.\nHorario: Lun–Vie 09:00-18:00",
               "websites": ["https://flores.example"],
               "vertical": "RETAIL"})
    );
    let long = format!("[business]\nabout = \"{}\"\n", "a".repeat(140));
    let config = account_config(&s, &graph, "127.0.0.1:0", &long);
    wabi(&s, &config, &s.db())
        .args(["profile", "push"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("business.about is 140 characters; WhatsApp allows at most 139"));
    assert_eq!(graph.requests().len(), 1, "nothing was sent");
}

#[test]
fn profile_picture_is_uploaded_resumably_then_its_handle_pushed() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    graph.require_token(ACCESS_TOKEN);
    graph.on("POST", "/v25.0/APPID/uploads", "", (200, None, json!({"id": "upload:SESSION1"})));
    graph.on("POST", "/v25.0/upload:SESSION1", "", (200, None, json!({"h": "4::HANDLE"})));
    graph.on("POST", "/v25.0/PNID/whatsapp_business_profile", "", (200, None, json!({"success": true})));
    let picture = s.path("shop.png");
    std::fs::write(&picture, b"\x89PNG fake picture bytes").unwrap();
    let config = account_config(&s, &graph, "127.0.0.1:0", BUSINESS);
    wabi(&s, &config, &s.db()).args(["profile", "push", "--picture"]).arg(&picture).assert().success();
    let requests = graph.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        ["/v25.0/APPID/uploads", "/v25.0/upload:SESSION1", "/v25.0/PNID/whatsapp_business_profile"]
    );
    assert!(
        requests[0].query.contains("file_length=23") && requests[0].query.contains("file_type=image/png")
    );
    assert_eq!(requests[1].authorization.as_deref(), Some(format!("OAuth {ACCESS_TOKEN}").as_str()));
    assert_eq!((requests[1].file_offset.as_deref(), requests[1].raw.len()), (Some("0"), 23));
    assert_eq!(requests[2].body["profile_picture_handle"], "4::HANDLE");
    wabi(&s, &config, &s.db())
        .args(["profile", "push", "--picture", "shop.gif"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a profile picture is a .jpg or .png file"));
}

#[test]
fn an_upload_cut_short_resumes_at_the_offset_meta_reports() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    graph.on("POST", "/v25.0/APPID/uploads", "", (200, None, json!({"id": "upload:SESSION2"})));
    graph.on(
        "GET",
        "/v25.0/upload:SESSION2",
        "",
        (200, None, json!({"id": "upload:SESSION2", "file_offset": 10})),
    );
    graph.on("POST", "/v25.0/PNID/whatsapp_business_profile", "", (200, None, json!({"success": true})));
    graph.script([(200, Some(DROP), json!(null)), (200, None, json!({"h": "4::RESUMED"}))]);
    let picture = s.path("shop.jpg");
    std::fs::write(&picture, b"0123456789abcdefghijklm").unwrap();
    let config = account_config(&s, &graph, "127.0.0.1:0", BUSINESS);
    wabi(&s, &config, &s.db()).args(["profile", "push", "--picture"]).arg(&picture).assert().success();
    let uploads: Vec<_> = graph.posts().into_iter().filter(|r| r.path == "/v25.0/upload:SESSION2").collect();
    assert_eq!(uploads.len(), 2);
    assert_eq!((uploads[0].file_offset.as_deref(), uploads[0].raw.len()), (Some("0"), 23));
    assert_eq!(
        (uploads[1].file_offset.as_deref(), uploads[1].raw.as_slice()),
        (Some("10"), &b"abcdefghijklm"[..])
    );
    let profile = graph.posts().into_iter().find(|r| r.path.ends_with("/whatsapp_business_profile")).unwrap();
    assert_eq!(profile.body["profile_picture_handle"], "4::RESUMED");
}

#[test]
fn profile_show_reads_meta_and_prints_json() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    graph.on("GET", "/v25.0/PNID/whatsapp_business_profile", "fields=about", (200, None, json!({"data": [{
        "about": "Flores frescas", "address": "Calle de Alcalá 1", "description": "Ramos", "email": "hola@flores.example",
        "websites": ["https://flores.example"], "vertical": "RETAIL", "messaging_product": "whatsapp"}]})));
    let config = account_config(&s, &graph, "127.0.0.1:0", "");
    let out = wabi(&s, &config, &s.db()).args(["profile", "show", "--json"]).output().unwrap();
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((p["about"].as_str(), p["vertical"].as_str()), (Some("Flores frescas"), Some("RETAIL")));
    assert_eq!(p["websites"], json!(["https://flores.example"]));
}

#[test]
fn block_and_unblock_call_the_endpoint_and_mark_the_contact() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    graph.require_token(ACCESS_TOKEN);
    let added = json!({"messaging_product": "whatsapp", "block_users": {"added_users": [{"input": "34600111222", "wa_id": "34600111222"}]}});
    graph.on("POST", "/v25.0/PNID/block_users", "", (200, None, added.clone()));
    graph.on("DELETE", "/v25.0/PNID/block_users", "", (200, None, added));
    graph.on(
        "GET",
        "/v25.0/PNID/block_users",
        "",
        (200, None, json!({"data": [{"messaging_product": "whatsapp", "wa_id": "34600111222"}]})),
    );
    let config = account_config(&s, &graph, "127.0.0.1:0", "");
    wabi(&s, &config, &s.db())
        .args(["block", "+34 600 111 222"])
        .assert()
        .success()
        .stdout("blocked +34600111222\n");
    let posts = graph.posts();
    assert_eq!(
        posts[0].body,
        json!({"messaging_product": "whatsapp", "block_users": [{"user": "34600111222"}]})
    );
    let store = wabi::store::Store::open(&s.db()).unwrap();
    let chat = store.require_chat(&wabi::store::ContactKey::Phone("34600111222".into())).unwrap();
    assert!(store.chat_account_info(chat).unwrap().0.is_some());
    let out = wabi(&s, &config, &s.db()).args(["block", "list", "--json"]).output().unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), json!(["34600111222"]));
    wabi(&s, &config, &s.db()).args(["unblock", "34600111222"]).assert().success();
    let deletes: Vec<_> = graph.requests().into_iter().filter(|r| r.method == "DELETE").collect();
    assert_eq!(deletes[0].body["block_users"][0]["user"], "34600111222");
    assert_eq!(store.chat_account_info(chat).unwrap().0, None);
}

#[test]
fn a_refused_block_says_why_and_changes_nothing() {
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    let failed = json!({"messaging_product": "whatsapp", "block_users": {"failed_users": [{"input": "34600999999",
        "errors": [{"message": "Failed to block/unblock users", "code": 139100,
                    "error_data": {"details": "User can't be blocked: no message in the last 24 hours"}}]}]}});
    graph.on("POST", "/v25.0/PNID/block_users", "", (200, None, failed));
    let config = account_config(&s, &graph, "127.0.0.1:0", "");
    wabi(&s, &config, &s.db()).args(["chats"]).assert().success();
    let before = snapshot(&s.db());
    wabi(&s, &config, &s.db()).args(["block", "34600999999"]).assert().code(1).stderr(
        "wabi: POST /{phone_number_id}/block_users: User can't be blocked: no message in the last 24 hours \
         (Meta only blocks customers who wrote in the last 24 hours)\n",
    );
    assert_eq!(snapshot(&s.db()), before);
    wabi(&s, &config, &s.db()).args(["block", "@someone"]).assert().code(2);
}

/// A fake account that passes every doctor check.
fn healthy(graph: &FakeGraph) {
    graph.require_token(ACCESS_TOKEN);
    graph.on("GET", "/v25.0/PNID", "fields=", (200, None, json!({"display_phone_number": "+34 600 000 000",
        "verified_name": "Flores Lucía", "quality_rating": "GREEN", "messaging_limit_tier": "TIER_1K", "id": "PNID"})));
    graph.on("GET", "/v25.0/WABA/phone_numbers", "", (200, None, json!({"data": [{"id": "PNID"}]})));
    graph.on(
        "GET",
        "/v25.0/WABA/subscribed_apps",
        "",
        (200, None, json!({"data": [{"whatsapp_business_api_data": {"name": "wabi", "id": "APPID"}}]})),
    );
}

fn doctor(s: &Sandbox, config: &std::path::Path, url: Option<&str>) -> assert_cmd::assert::Assert {
    let mut cmd = wabi(s, config, &s.db());
    cmd.env("WABI_APP_SECRET", APP_SECRET).env("WABI_VERIFY_TOKEN", VERIFY_TOKEN).arg("doctor");
    if let Some(url) = url {
        cmd.args(["--url", url]);
    }
    cmd.assert()
}

#[test]
fn doctor_passes_on_a_healthy_set_up_and_names_each_broken_piece() {
    let hook = Hook::start();
    let s = Sandbox::new();
    let graph = FakeGraph::start();
    healthy(&graph);
    let listen = hook.addr().to_string();
    let config = account_config(&s, &graph, &listen, "");
    let public = hook.url("/webhook");
    doctor(&s, &config, Some(&public)).success().stdout(
        predicate::str::contains(
            "ok    token          reaches +34 600 000 000 \"Flores Lucía\" · quality GREEN",
        )
        .and(predicate::str::contains("ok    subscription   subscribed: wabi"))
        .and(predicate::str::contains("ok    public url"))
        .and(predicate::str::contains("FAIL").not()),
    );

    let fails = |assert: assert_cmd::assert::Assert, check: &str, fix: &str| {
        let out = assert.code(1).get_output().clone();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(
            stderr.contains(&format!("the first failing check is {check}")),
            "{check}: {stderr}\n{stdout}"
        );
        assert!(stdout.contains(fix), "{check}: {stdout}");
        assert!(!stdout.contains(ACCESS_TOKEN) && !stdout.contains(VERIFY_TOKEN), "{stdout}");
    };
    let mut no_secret = wabi(&s, &config, &s.db());
    no_secret.env_remove("WABI_APP_SECRET").env("WABI_VERIFY_TOKEN", VERIFY_TOKEN).arg("doctor");
    fails(no_secret.assert(), "secrets", "WABI_APP_SECRET not set");
    let mut bad_token = wabi(&s, &config, &s.db());
    bad_token
        .env("WABI_ACCESS_TOKEN", "expired")
        .env("WABI_APP_SECRET", APP_SECRET)
        .env("WABI_VERIFY_TOKEN", VERIFY_TOKEN);
    fails(bad_token.arg("doctor").assert(), "token", "Invalid OAuth access token");
    let other_waba = FakeGraph::start();
    other_waba.on("GET", "/v25.0/WABA/phone_numbers", "", (200, None, json!({"data": [{"id": "OTHER"}]})));
    healthy(&other_waba);
    fails(
        doctor(&s, &account_config(&s, &other_waba, &listen, ""), None),
        "waba id",
        "does not hold phone number id PNID",
    );
    let unsubscribed = FakeGraph::start();
    unsubscribed.on("GET", "/v25.0/WABA/subscribed_apps", "", (200, None, json!({"data": []})));
    healthy(&unsubscribed);
    fails(
        doctor(&s, &account_config(&s, &unsubscribed, &listen, ""), None),
        "subscription",
        "no app is subscribed",
    );
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().to_string();
    fails(doctor(&s, &account_config(&s, &graph, &closed, ""), None), "webhook", "start `wabi serve`");
    let mut wrong_verify = wabi(&s, &config, &s.db());
    wrong_verify.env("WABI_APP_SECRET", APP_SECRET).env("WABI_VERIFY_TOKEN", "not-the-one").arg("doctor");
    fails(wrong_verify.assert(), "webhook", "refused the verify token");
    fails(doctor(&s, &config, Some(&format!("http://{closed}/webhook"))), "public url", "point your proxy");
    let broken = s.config("[transport]\nkind = \"cloud\"\nbogus = 1\n");
    fails(doctor(&s, &broken, None), "config", "fix the file");
}
