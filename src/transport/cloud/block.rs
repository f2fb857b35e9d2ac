//! `/{phone_number_id}/block_users`: block (POST), unblock (DELETE) and list (GET) WhatsApp users.
//! Meta only blocks users who wrote to the business in the last 24 hours; its refusal is passed
//! on with that said.

use serde_json::{Value, json};

use super::api::{Graph, GraphError};

/// Said with every refusal to block, since it is the usual reason.
pub const WINDOW_HINT: &str = "Meta only blocks customers who wrote in the last 24 hours";

fn body(phone: &str) -> Value {
    json!({ "messaging_product": "whatsapp", "block_users": [{ "user": phone }] })
}

/// Blocks `phone` (digits). A user Meta would not block is an error with Meta's reason.
pub fn block(graph: &Graph, phone_number_id: &str, phone: &str) -> Result<(), GraphError> {
    let call = "POST /{phone_number_id}/block_users";
    let answer = graph
        .post(call, &format!("{phone_number_id}/block_users"), &body(phone))
        .map_err(|e| hint(e, true))?;
    refused(call, &answer, true)
}

/// Unblocks `phone`.
pub fn unblock(graph: &Graph, phone_number_id: &str, phone: &str) -> Result<(), GraphError> {
    let call = "DELETE /{phone_number_id}/block_users";
    let answer = graph
        .delete(call, &format!("{phone_number_id}/block_users"), &body(phone))
        .map_err(|e| hint(e, false))?;
    refused(call, &answer, false)
}

/// Every blocked user's number, all pages.
pub fn list(graph: &Graph, phone_number_id: &str) -> Result<Vec<String>, GraphError> {
    let call = "GET /{phone_number_id}/block_users";
    let path = format!("{phone_number_id}/block_users");
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..1000 {
        let mut query = vec![("limit", "100")];
        if let Some(a) = after.as_deref() {
            query.push(("after", a));
        }
        let page = graph.get(call, &path, &query)?;
        for user in page.get("data").and_then(Value::as_array).into_iter().flatten() {
            if let Some(id) = user.get("wa_id").and_then(Value::as_str) {
                out.push(id.to_string());
            }
        }
        let has_next = page.pointer("/paging/next").and_then(Value::as_str).is_some_and(|n| !n.is_empty());
        match page.pointer("/paging/cursors/after").and_then(Value::as_str) {
            Some(c) if has_next && after.as_deref() != Some(c) => after = Some(c.to_string()),
            _ => break,
        }
    }
    Ok(out)
}

fn hint(mut e: GraphError, blocking: bool) -> GraphError {
    if blocking && e.status.is_some() {
        e.message = format!("{} ({WINDOW_HINT})", e.message);
    }
    e
}

/// A 200 answer may still list the user under `failed_users`.
fn refused(call: &str, answer: &Value, blocking: bool) -> Result<(), GraphError> {
    let Some(failed) = answer.pointer("/block_users/failed_users/0") else { return Ok(()) };
    let message = failed
        .pointer("/errors/0/error_data/details")
        .or_else(|| failed.pointer("/errors/0/message"))
        .and_then(Value::as_str)
        .unwrap_or("refused");
    let code = failed.pointer("/errors/0/code").and_then(Value::as_i64);
    Err(hint(
        GraphError { call: call.to_string(), message: message.to_string(), code, status: Some(200) },
        blocking,
    ))
}

/// The inbox's `b`: blocks (or unblocks) the customer of `chat_id` on WhatsApp with the token from
/// the environment, then marks the contact in the store at `db`. Errors are one line for the
/// status bar.
pub fn block_chat(
    config: &crate::config::Config,
    db: &std::path::Path,
    chat_id: i64,
    on: bool,
) -> Result<(), String> {
    let cloud = &config.transport.cloud;
    let mut store = crate::store::Store::open(db).map_err(|e| e.to_string())?;
    let contact = store.chat_contact(chat_id).map_err(|e| e.to_string())?;
    let Some(phone) = contact.phone.clone() else {
        return Err("block: this customer has no phone number; Meta blocks by number".into());
    };
    let graph = Graph::from_env(cloud).map_err(|e| e.to_string())?;
    let pnid = cloud.phone_number_id.trim();
    if on {
        block(&graph, pnid, &phone).map_err(|e| e.to_string())?;
    } else {
        unblock(&graph, pnid, &phone).map_err(|e| e.to_string())?;
    }
    let key = crate::store::ContactKey::Phone(phone);
    store.set_blocked(&key, on.then(crate::store::now_ms)).map_err(|e| e.to_string())?;
    Ok(())
}
