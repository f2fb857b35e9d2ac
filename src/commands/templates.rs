//! `wabi templates sync` (every page of `GET /{waba_id}/message_templates` into the store) and
//! `wabi templates list [--json]` (Meta's synced templates and `[[templates]]` of the config).

use clap::Subcommand;

use super::{CliError, Context, print_json};
use crate::config::Config;
use crate::store::{Store, now_ms};
use crate::templates::{self, Template};
use crate::transport::cloud::api::{Graph, GraphError};
use crate::transport::cloud::templates::fetch_all;

#[derive(Debug, Subcommand)]
pub enum TemplatesCmd {
    /// Read every template of the WhatsApp Business Account ([transport.cloud] waba_id) into the store
    Sync,
    /// List templates: name, language, status, category and body text with its {{n}} parameters
    List {
        /// Print JSON: [{name, language, status, category, reason, body, params, media_header, source}]
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: &TemplatesCmd) -> Result<(), CliError> {
    match cmd {
        TemplatesCmd::Sync => sync(ctx),
        TemplatesCmd::List { json } => list(ctx, *json),
    }
}

/// The WABA id from the config, or exit 2 saying where to put it.
pub(super) fn waba_id(config: &Config) -> Result<&str, CliError> {
    match config.transport.cloud.waba_id.trim() {
        "" => Err(CliError::bad(
            "transport.cloud.waba_id is empty: set it to your WhatsApp Business Account id from Meta",
        )),
        id => Ok(id),
    }
}

/// A Graph API client for the configured account, or exit 2 naming the missing variable.
pub(super) fn graph(config: &Config) -> Result<Graph, CliError> {
    Graph::from_env(&config.transport.cloud).map_err(|e| CliError::bad(e.to_string()))
}

/// A Graph API error: one line naming the call and Meta's message, exit 1.
pub(super) fn graph_failed(e: GraphError) -> CliError {
    CliError::failed(e.to_string())
}

fn sync(ctx: &Context) -> Result<(), CliError> {
    let config = ctx.config()?;
    let waba = waba_id(&config)?;
    let graph = graph(&config)?;
    let mut store = ctx.store()?;
    let stored = sync_into(&graph, waba, &mut store)?;
    crate::outln!("{stored}");
    Ok(())
}

/// Fetches every page, then replaces the stored templates (nothing changes when a page fails).
/// Returns the line to print; skipped entries are named on stderr.
pub fn sync_into(graph: &Graph, waba: &str, store: &mut Store) -> Result<String, CliError> {
    let fetched = fetch_all(graph, waba).map_err(graph_failed)?;
    for why in &fetched.skipped {
        crate::errln!("wabi: skipped {}", crate::sanitize::one_line(why));
    }
    let n = store.replace_templates(&fetched.templates, now_ms())?;
    let approved = fetched.templates.iter().filter(|t| t.is_approved()).count();
    Ok(format!(
        "{n} templates synced ({approved} approved) from {} page(s){}",
        fetched.pages,
        if fetched.skipped.is_empty() {
            String::new()
        } else {
            format!(", {} skipped", fetched.skipped.len())
        }
    ))
}

#[derive(serde::Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    template: &'a Template,
    source: &'static str,
}

fn list(ctx: &Context, json: bool) -> Result<(), CliError> {
    let config = ctx.config()?;
    let store = ctx.store()?;
    let list = templates::catalogue(store.templates()?, &config.templates);
    if json {
        let rows: Vec<Row<'_>> = list
            .iter()
            .map(|t| Row { template: t, source: if t.from_meta { "meta" } else { "config" } })
            .collect();
        return print_json(&rows);
    }
    if list.is_empty() {
        crate::outln!("no templates: run `wabi templates sync`, or list them as [[templates]] in the config");
        return Ok(());
    }
    for t in &list {
        let reason =
            t.reason.as_deref().map(|r| format!(" ({})", crate::sanitize::one_line(r))).unwrap_or_default();
        let category = if t.category.is_empty() { "-" } else { t.category.as_str() };
        let source = if t.from_meta { "" } else { "  [config]" };
        crate::outln!(
            "{}  {}  {}{reason}  {category}{source}",
            crate::sanitize::one_line(&t.name),
            crate::sanitize::one_line(&t.language),
            crate::sanitize::one_line(&t.status)
        );
        if !t.body.is_empty() {
            crate::outln!("    {}", crate::sanitize::one_line(&t.body));
        }
        if !t.params.is_empty() {
            crate::outln!("    parameters: {}", crate::sanitize::one_line(&t.params.join(" · ")));
        }
        if let Some(h) = &t.media_header {
            crate::outln!("    header: {} (give its link with --header-link)", crate::sanitize::one_line(h));
        }
    }
    Ok(())
}
