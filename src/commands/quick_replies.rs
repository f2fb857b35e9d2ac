//! `wabi quick-replies`: list, add, edit, rm, and TOML import/export so a team keeps them in git.

use serde::{Deserialize, Serialize};

use super::{CliError, Context, print_json};
use crate::cli::QuickRepliesCmd;
use crate::quick_reply::{validate_shortcut, validate_text};

/// The TOML file of `export` and `import` (the same shape as the demo seed).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    quick_reply: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    shortcut: String,
    text: String,
}

#[derive(Serialize)]
struct Json<'a> {
    shortcut: &'a str,
    text: &'a str,
    uses: i64,
}

/// A shortcut as typed, a leading "/" allowed, normalised and checked.
fn shortcut(text: &str) -> Result<String, CliError> {
    validate_shortcut(text.strip_prefix('/').unwrap_or(text)).map_err(|e| CliError::bad(e.to_string()))
}

fn text(t: &str) -> Result<&str, CliError> {
    validate_text(t).map_err(|e| CliError::bad(e.to_string()))?;
    Ok(t)
}

pub fn run(ctx: &Context, cmd: &QuickRepliesCmd) -> Result<(), CliError> {
    ctx.config()?;
    match cmd {
        QuickRepliesCmd::List { json } => list(ctx, *json),
        QuickRepliesCmd::Add { shortcut: s, text: t } => {
            let (s, t) = (shortcut(s)?, text(t)?);
            ctx.store()?.add_quick_reply(&s, t)?;
            crate::outln!("added /{s}");
            Ok(())
        }
        QuickRepliesCmd::Edit { shortcut: s, text: t } => {
            let (s, t) = (shortcut(s)?, text(t)?);
            ctx.store()?.edit_quick_reply(&s, t)?;
            crate::outln!("changed /{s}");
            Ok(())
        }
        QuickRepliesCmd::Rm { shortcut: s } => {
            let s = shortcut(s)?;
            ctx.store()?.remove_quick_reply(&s)?;
            crate::outln!("removed /{s}");
            Ok(())
        }
        QuickRepliesCmd::Import { file } => import(ctx, file),
        QuickRepliesCmd::Export => export(ctx),
    }
}

fn list(ctx: &Context, json: bool) -> Result<(), CliError> {
    let replies = ctx.store()?.quick_replies()?;
    if json {
        let out: Vec<Json<'_>> =
            replies.iter().map(|q| Json { shortcut: &q.shortcut, text: &q.text, uses: q.uses }).collect();
        return print_json(&out);
    }
    for q in &replies {
        let safe = crate::sanitize::one_line;
        crate::outln!("/{:<20} {:>4}×  {}", safe(&q.shortcut), q.uses, safe(&q.text));
    }
    Ok(())
}

/// Validates the whole file first, so a bad entry changes nothing.
fn import(ctx: &Context, path: &std::path::Path) -> Result<(), CliError> {
    let name = path.display();
    let raw = std::fs::read_to_string(path).map_err(|e| CliError::bad(format!("{name}: {e}")))?;
    let file: File = toml::from_str(&raw).map_err(|e| CliError::bad(format!("{name}: {}", e.message())))?;
    let mut items = Vec::with_capacity(file.quick_reply.len());
    let mut seen = std::collections::HashSet::new();
    for (i, entry) in file.quick_reply.iter().enumerate() {
        let at = |e: CliError| CliError::bad(format!("{name}: quick reply {}: {}", i + 1, e.message));
        let s = shortcut(&entry.shortcut).map_err(at)?;
        text(&entry.text).map_err(at)?;
        if !seen.insert(s.clone()) {
            return Err(CliError::bad(format!("{name}: /{s} appears twice")));
        }
        items.push((s, entry.text.clone()));
    }
    let (added, updated) = ctx.store()?.upsert_quick_replies(&items)?;
    crate::outln!("{added} added, {updated} updated");
    Ok(())
}

fn export(ctx: &Context) -> Result<(), CliError> {
    let quick_reply = ctx
        .store()?
        .quick_replies()?
        .into_iter()
        .map(|q| Entry { shortcut: q.shortcut, text: q.text })
        .collect();
    let text = toml::to_string(&File { quick_reply }).map_err(|e| CliError::failed(e.to_string()))?;
    crate::out!("{text}");
    Ok(())
}
