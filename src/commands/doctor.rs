//! `wabi doctor [--url URL]`: checks a Cloud API set-up end to end, one line per check with the
//! fix when it fails. Exit 0 when every check passes, 1 naming the first that failed. Checks that
//! need an earlier one (the token for the Graph calls) are skipped after it fails.

use std::time::Duration;

use serde_json::Value;

use super::{CliError, Context};
use crate::config::{Config, TransportKind};
use crate::transport::cloud::api::Graph;
use crate::transport::cloud::{self, Secret};

/// The webhook and the public URL must answer within this.
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);

/// One check's result: its name, and the problem with the fix when it failed.
struct Check {
    name: &'static str,
    outcome: Result<String, String>,
}

pub fn run(ctx: &Context, url: Option<&str>) -> Result<(), CliError> {
    let mut checks = Vec::new();
    let config = match ctx.config() {
        Ok(c) => {
            checks
                .push(Check { name: "config", outcome: Ok(format!("{} parses", ctx.config_path.display())) });
            Some(c)
        }
        Err(e) => {
            checks.push(Check { name: "config", outcome: Err(format!("{} — fix the file", e.message)) });
            None
        }
    };
    if let Some(config) = &config {
        cloud_checks(ctx, config, url, &mut checks);
    }
    let mut first_failed = None;
    for c in &checks {
        match &c.outcome {
            Ok(detail) => crate::outln!("ok    {:<14} {}", c.name, crate::sanitize::one_line(detail)),
            Err(problem) => {
                crate::outln!("FAIL  {:<14} {}", c.name, crate::sanitize::one_line(problem));
                first_failed.get_or_insert(c.name);
            }
        }
    }
    match first_failed {
        None => Ok(()),
        Some(name) => Err(CliError::failed(format!("doctor: the first failing check is {name}"))),
    }
}

fn cloud_checks(ctx: &Context, config: &Config, url: Option<&str>, checks: &mut Vec<Check>) {
    let cloud = &config.transport.cloud;
    let mut push = |name, outcome| checks.push(Check { name, outcome });
    push(
        "transport",
        if config.transport.kind == TransportKind::Cloud {
            Ok("kind = \"cloud\"".into())
        } else {
            Err(format!(
                "{} uses kind = {:?} — set [transport] kind = \"cloud\"",
                ctx.config_path.display(),
                config.transport.kind
            ))
        },
    );
    let pnid = cloud.phone_number_id.trim();
    push(
        "phone number id",
        if pnid.is_empty() {
            Err("transport.cloud.phone_number_id is empty — copy it from Meta's WhatsApp > API Setup page"
                .into())
        } else {
            Ok(pnid.to_string())
        },
    );
    let vars = [&cloud.access_token_env, &cloud.app_secret_env, &cloud.verify_token_env];
    let missing: Vec<&str> =
        vars.iter().filter(|v| Secret::from_env(v, "").is_err()).map(|v| v.as_str()).collect();
    push(
        "secrets",
        if missing.is_empty() {
            Ok(format!("{} are set", vars.map(|v| v.as_str()).join(", ")))
        } else {
            Err(format!("{} not set — export them in the environment of wabi serve", missing.join(", ")))
        },
    );
    let graph = match cloud::access_token(cloud) {
        Ok(token) if !pnid.is_empty() => Graph::new(cloud, token),
        _ => return,
    };
    let reached = phone_number(&graph, pnid);
    let token_ok = reached.is_ok();
    push("token", reached);
    if token_ok {
        let waba = cloud.waba_id.trim();
        if waba.is_empty() {
            push(
                "waba id",
                Err("transport.cloud.waba_id is empty — copy the WhatsApp Business Account id from Meta"
                    .into()),
            );
        } else {
            push("waba id", waba_has_number(&graph, waba, pnid));
            push("subscription", subscribed(&graph, waba));
        }
    }
    let verify_token = Secret::from_env(&cloud.verify_token_env, "verify_token_env").ok();
    let Some(verify_token) = verify_token else { return };
    let local = format!("http://{}{}", cloud.listen, cloud.webhook_path);
    push(
        "webhook",
        handshake(&local, &verify_token)
            .map(|()| format!("{local} answers Meta's verification"))
            .map_err(|e| format!("{local}: {e} — start `wabi serve` (it listens on transport.cloud.listen)")),
    );
    if let Some(url) = url {
        push(
            "public url",
            handshake(url, &verify_token).map(|()| format!("{url} answers Meta's verification")).map_err(|e| {
                format!("{url}: {e} — point your proxy or tunnel at {local} and set this URL as the callback in Meta's dashboard")
            }),
        );
    }
}

/// `GET /{phone_number_id}`: the token is valid and reaches the number.
fn phone_number(graph: &Graph, pnid: &str) -> Result<String, String> {
    let fields = [("fields", "display_phone_number,verified_name,quality_rating,messaging_limit_tier")];
    match graph.get("GET /{phone_number_id}", pnid, &fields) {
        Ok(v) => {
            let f = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("?").to_string();
            Ok(format!(
                "reaches {} \"{}\" · quality {} · limit {}",
                f("display_phone_number"),
                f("verified_name"),
                f("quality_rating"),
                f("messaging_limit_tier")
            ))
        }
        Err(e) if e.status.is_none() => {
            Err(format!("{e} — check the network (and transport.cloud.graph_url) from this machine"))
        }
        Err(e) => Err(format!(
            "{e} — make a new permanent token (system user) with whatsapp_business_messaging and whatsapp_business_management, and check phone_number_id"
        )),
    }
}

/// `GET /{waba_id}/phone_numbers` lists the configured number.
fn waba_has_number(graph: &Graph, waba: &str, pnid: &str) -> Result<String, String> {
    let numbers = graph
        .get("GET /{waba_id}/phone_numbers", &format!("{waba}/phone_numbers"), &[])
        .map_err(|e| format!("{e} — check transport.cloud.waba_id"))?;
    let has = numbers
        .get("data")
        .and_then(Value::as_array)
        .is_some_and(|d| d.iter().any(|n| n.get("id").and_then(Value::as_str) == Some(pnid)));
    if has {
        Ok(format!("{waba} holds number {pnid}"))
    } else {
        Err(format!(
            "{waba} does not hold phone number id {pnid} — use the WhatsApp Business Account id of that number"
        ))
    }
}

/// `GET /{waba_id}/subscribed_apps` is not empty.
fn subscribed(graph: &Graph, waba: &str) -> Result<String, String> {
    let apps = graph
        .get("GET /{waba_id}/subscribed_apps", &format!("{waba}/subscribed_apps"), &[])
        .map_err(|e| e.to_string())?;
    let names: Vec<String> = apps
        .get("data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|a| {
            a.pointer("/whatsapp_business_api_data/name")
                .and_then(Value::as_str)
                .unwrap_or("an app")
                .to_string()
        })
        .collect();
    if names.is_empty() {
        Err(format!(
            "no app is subscribed to {waba} — POST /{waba}/subscribed_apps with the token (or subscribe in the dashboard)"
        ))
    } else {
        Ok(format!("subscribed: {}", names.join(", ")))
    }
}

/// Meta's verification GET against `url`: 200 and the challenge echoed.
fn handshake(url: &str, verify_token: &Secret) -> Result<(), String> {
    let agent = crate::transport::cloud::sender::agent(HTTP_TIMEOUT);
    let challenge = format!("wabi-doctor-{}", fastrand::u64(..));
    let mut response = agent
        .get(url)
        .query("hub.mode", "subscribe")
        .query("hub.verify_token", verify_token.expose())
        .query("hub.challenge", &challenge)
        .call()
        .map_err(|e| format!("no answer ({e})"))?;
    let status = response.status().as_u16();
    let body = response.body_mut().with_config().limit(64 * 1024).read_to_string().unwrap_or_default();
    match status {
        200 if body.trim() == challenge => Ok(()),
        200 => Err("answered 200 without echoing the challenge (is it wabi?)".into()),
        403 => Err("refused the verify token (403): it is not the one wabi serve has".into()),
        s => Err(format!("answered HTTP {s}")),
    }
}
