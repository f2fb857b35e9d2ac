//! `GET /{waba_id}/message_templates`: every message template of the WhatsApp Business Account,
//! page after page (Meta's cursor paging), read into [`Template`]s. Entries that cannot be used
//! are named and skipped, never stored half.

use serde_json::Value;

use super::api::{Graph, GraphError};
use crate::templates::Template;

/// Templates per page asked for (Meta's largest page is far bigger; this keeps answers small).
const PAGE_SIZE: &str = "100";
/// A WABA with more pages than this is answering in a loop; stop rather than spin.
const MAX_PAGES: usize = 1000;
const FIELDS: &str = "name,language,status,category,components,rejected_reason,parameter_format,id";

/// What a sync read: the usable templates, and why the others were skipped.
#[derive(Debug, Default)]
pub struct Fetched {
    pub templates: Vec<Template>,
    pub skipped: Vec<String>,
    pub pages: usize,
}

/// Reads every page of the account's templates.
pub fn fetch_all(graph: &Graph, waba_id: &str) -> Result<Fetched, GraphError> {
    let call = "GET /{waba_id}/message_templates";
    let path = format!("{waba_id}/message_templates");
    let mut out = Fetched::default();
    let mut after: Option<String> = None;
    while out.pages < MAX_PAGES {
        let mut query = vec![("fields", FIELDS), ("limit", PAGE_SIZE)];
        if let Some(cursor) = after.as_deref() {
            query.push(("after", cursor));
        }
        let page = graph.get(call, &path, &query)?;
        out.pages += 1;
        let Some(data) = page.get("data").and_then(Value::as_array) else {
            return Err(GraphError {
                call: call.into(),
                message: "the answer has no data list".into(),
                code: None,
                status: Some(200),
            });
        };
        for entry in data {
            match Template::from_meta(entry) {
                Ok(t) => out.templates.push(t),
                Err(why) => out.skipped.push(why),
            }
        }
        // Meta gives `paging.next` only when there is a next page; its cursor is `after`.
        let has_next = page.pointer("/paging/next").and_then(Value::as_str).is_some_and(|n| !n.is_empty());
        let cursor = page.pointer("/paging/cursors/after").and_then(Value::as_str).filter(|c| !c.is_empty());
        match (has_next, cursor) {
            (true, Some(c)) if after.as_deref() != Some(c) => after = Some(c.to_string()),
            _ => break,
        }
    }
    Ok(out)
}

/// How often `wabi serve` syncs the templates at least.
const REFRESH_EVERY_MS: i64 = 24 * 3600 * 1000;
/// After a failed sync, the next try waits this long.
const RETRY_AFTER_MS: i64 = 3600 * 1000;

/// `wabi serve`'s template refresher: syncs on start when the last sync is a day old, then daily,
/// and soon after a status webhook names a template the store does not have. Ends when `stop`
/// is set. Failures are logged and tried again an hour later.
pub fn spawn_refresher(
    graph: Graph,
    waba_id: String,
    mut store: crate::store::Store,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    use crate::store::templates::{SYNC_WANTED, SYNCED_AT};
    std::thread::Builder::new().name("wabi-templates".into()).spawn(move || {
        let mut not_before = 0i64;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            let now = crate::store::now_ms();
            let last =
                store.setting(SYNCED_AT).ok().flatten().and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
            let wanted = store.setting(SYNC_WANTED).ok().flatten().is_some();
            if now >= not_before && (wanted || now - last >= REFRESH_EVERY_MS) {
                match fetch_all(&graph, &waba_id) {
                    Ok(f) => match store.replace_templates(&f.templates, now) {
                        Ok(n) => tracing::info!("templates synced: {n} ({} skipped)", f.skipped.len()),
                        Err(e) => tracing::warn!("templates not stored: {e}"),
                    },
                    Err(e) => {
                        tracing::warn!("templates not synced, next try in an hour: {e}");
                        not_before = now + RETRY_AFTER_MS;
                    }
                }
            }
            for _ in 0..10 {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
        }
    })
}
