//! `wabi hooks status` and `wabi hooks resume NAME`: how each configured hook's deliveries go.

use clap::Subcommand;
use serde::Serialize;

use super::{CliError, Context, print_json, rfc3339};
use crate::sanitize::one_line;
use crate::store::HookState;

#[derive(Debug, Subcommand)]
pub enum HooksCmd {
    /// Each hook: delivered, waiting, failing or paused, and the last error
    Status {
        /// Print JSON: [{name, target, on, state, cursor, delivered, pending, last_success_at,
        /// failures, failing_since, next_attempt_at, paused_at, last_error}]
        #[arg(long)]
        json: bool,
    },
    /// Let a paused or failing hook try again now (from where it stopped)
    Resume { name: String },
}

#[derive(Serialize)]
struct HookJson {
    name: String,
    target: String,
    on: Vec<&'static str>,
    /// "ok", "failing", "paused" or "not started" (no process holding the lease has run it yet).
    state: &'static str,
    cursor: Option<String>,
    delivered: i64,
    pending: i64,
    last_success_at: Option<String>,
    failures: i64,
    failing_since: Option<String>,
    next_attempt_at: Option<String>,
    paused_at: Option<String>,
    last_error: Option<String>,
}

pub fn run(ctx: &Context, cmd: &HooksCmd) -> Result<(), CliError> {
    let config = ctx.config()?;
    let mut store = ctx.store()?;
    match cmd {
        HooksCmd::Resume { name } => {
            if !config.hooks.iter().any(|h| &h.name == name) {
                return Err(CliError::bad(format!("no hook {name:?} in [[hooks]] of the config")));
            }
            if store.resume_hook(name)? {
                crate::outln!("hook {name} resumed: it tries again now");
            } else {
                crate::outln!("hook {name} has not run yet; nothing to resume");
            }
            Ok(())
        }
        HooksCmd::Status { json } => {
            let store_id = store.store_id()?;
            let mut rows = Vec::new();
            for hook in &config.hooks {
                let state = store.find_hook_state(&hook.name)?;
                let on: Vec<&'static str> = hook.on.iter().map(|k| k.as_str()).collect();
                let pending = match &state {
                    Some(s) => store
                        .event_counts_after(s.cursor)?
                        .iter()
                        .filter(|(kind, _)| on.contains(&kind.as_str()))
                        .map(|(_, n)| n)
                        .sum(),
                    None => 0,
                };
                let target = match (&hook.command, &hook.url) {
                    (Some(c), _) => format!("command {}", one_line(c)),
                    (_, Some(u)) => format!("url {}", one_line(u)),
                    _ => String::new(),
                };
                rows.push(row(hook.name.clone(), target, on, state.as_ref(), pending, &store_id));
            }
            if *json {
                return print_json(&rows);
            }
            if rows.is_empty() {
                crate::outln!("no hooks: add [[hooks]] to the config (see config.example.toml)");
            }
            for r in &rows {
                print_text(r);
            }
            Ok(())
        }
    }
}

fn row(
    name: String,
    target: String,
    on: Vec<&'static str>,
    s: Option<&HookState>,
    pending: i64,
    store_id: &str,
) -> HookJson {
    let time = |t: Option<i64>| t.map(rfc3339);
    let state = match s {
        None => "not started",
        Some(s) if s.paused_at.is_some() => "paused",
        Some(s) if s.failures > 0 => "failing",
        Some(_) => "ok",
    };
    HookJson {
        name,
        target,
        on,
        state,
        cursor: s.map(|s| format!("{store_id}:{}", s.cursor)),
        delivered: s.map_or(0, |s| s.delivered),
        pending,
        last_success_at: time(s.and_then(|s| s.last_success_at)),
        failures: s.map_or(0, |s| s.failures),
        failing_since: time(s.and_then(|s| s.failing_since)),
        next_attempt_at: time(s.and_then(|s| s.next_attempt_at)),
        paused_at: time(s.and_then(|s| s.paused_at)),
        last_error: s.and_then(|s| s.last_error.as_deref()).map(one_line),
    }
}

fn print_text(r: &HookJson) {
    crate::outln!("{}  {}  {}  on {}", r.name, r.state, r.target, r.on.join(", "));
    if r.state == "not started" {
        crate::outln!(
            "  not run yet: hooks run in the process holding the worker lease (wabi serve, or the inbox)"
        );
        return;
    }
    let last = r.last_success_at.as_deref().map(|t| format!(", last at {t}")).unwrap_or_default();
    crate::outln!("  delivered {}{last}; {} event(s) waiting", r.delivered, r.pending);
    if r.failures > 0 || r.paused_at.is_some() {
        let error = r.last_error.as_deref().unwrap_or("?");
        crate::outln!(
            "  failing since {}: {} attempt(s), last error: {error}",
            r.failing_since.as_deref().unwrap_or("?"),
            r.failures
        );
    }
    match (&r.paused_at, &r.next_attempt_at) {
        (Some(t), _) => {
            crate::outln!("  PAUSED at {t} after failing for a day: wabi hooks resume {}", r.name)
        }
        (None, Some(t)) if r.failures > 0 => crate::outln!("  next attempt at {t}"),
        _ => {}
    }
}
