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
