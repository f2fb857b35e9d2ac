//! `wabi broadcast`: lists of up to 256 contacts and broadcasts to them (each recipient gets a
//! private message from the outbox; opted-out contacts never do).

use std::collections::BTreeMap;

use clap::Subcommand;
use serde::Serialize;

use super::{CliError, Context, print_json, rfc3339};
use crate::broadcast::{Pacing, SkipReason};
use crate::config::TransportKind;
use crate::consent::ConsentState;
use crate::sanitize::one_line;
use crate::store::{BroadcastFigures, BroadcastPlan, ContactKey, Store, now_ms};

#[derive(Debug, Subcommand)]
pub enum BroadcastCmd {
    /// Create an empty broadcast list
    Create { name: String },
    /// Add contacts to a list (at most 256 members)
    Add {
        name: String,
        #[arg(required = true, value_name = "PHONE")]
        phones: Vec<String>,
    },
    /// Take contacts off a list
    Remove {
        name: String,
        #[arg(required = true, value_name = "PHONE")]
        phones: Vec<String>,
    },
    /// List broadcast lists with their newest broadcast
    List {
        /// Print JSON: [{name, members, created_at, last_broadcast}]
        #[arg(long)]
        json: bool,
    },
    /// A list's members and the figures of its broadcasts
    Show {
        name: String,
        /// Print JSON: {name, members, broadcasts: [{queued, sent, delivered, read, failed, skipped}]}
        #[arg(long)]
        json: bool,
    },
    /// Send a text, or a template, to every member who may receive it
    Send {
        name: String,
        /// The text (with the Cloud API only for members inside their 24-hour window)
        #[arg(required_unless_present = "template")]
        text: Option<String>,
        /// An approved template (synced from Meta, or in [[templates]]), for members outside the window (or all)
        #[arg(long, value_name = "NAME")]
        template: Option<String>,
        /// A template parameter, in order; repeat for each
        #[arg(long = "param", value_name = "VALUE", requires = "template")]
        params: Vec<String>,
    },
}

pub fn run(ctx: &Context, cmd: &BroadcastCmd) -> Result<(), CliError> {
    match cmd {
        BroadcastCmd::Create { name } => {
            ctx.store()?.create_list(name)?;
            crate::outln!("created broadcast list {:?}", name.trim());
        }
        BroadcastCmd::Add { name, phones } => {
            let keys = parse_keys(phones)?;
            let added = ctx.store()?.add_members(name, &keys)?;
            crate::outln!("added {added} to {:?} ({} already on it)", name.trim(), keys.len() - added);
        }
        BroadcastCmd::Remove { name, phones } => {
            let keys = parse_keys(phones)?;
            let removed = ctx.store()?.remove_members(name, &keys)?;
            crate::outln!(
                "removed {removed} from {:?} ({} were not on it)",
                name.trim(),
                keys.len() - removed
            );
        }
        BroadcastCmd::List { json } => list(&ctx.store()?, *json)?,
        BroadcastCmd::Show { name, json } => show(&ctx.store()?, name, *json)?,
        BroadcastCmd::Send { name, text, template, params } => {
            send(ctx, name, text.as_deref(), template.as_deref(), params)?
        }
    }
    Ok(())
}

/// Every phone parsed before anything is written; the first bad one is named.
fn parse_keys(phones: &[String]) -> Result<Vec<ContactKey>, CliError> {
    let mut keys: Vec<ContactKey> = Vec::with_capacity(phones.len());
    for phone in phones {
        let key = ContactKey::parse(phone)?;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(keys)
}

fn send(
    ctx: &Context,
    name: &str,
    text: Option<&str>,
    template: Option<&str>,
    params: &[String],
) -> Result<(), CliError> {
    let config = ctx.config()?;
    let mut store = ctx.store()?;
    let template =
        template.map(|t| super::send::template(&config, &store, t, params, None, &[])).transpose()?;
    if template.is_none() && text.is_none_or(|t| t.trim().is_empty()) {
        return Err(CliError::bad("the message text is empty"));
    }
    let plan = BroadcastPlan {
        text: text.map(str::to_string),
        template,
        require_opt_in: config.broadcast.require_opt_in,
        window: config.transport.kind == TransportKind::Cloud,
        pacing: Pacing {
            interval_ms: config.broadcast.interval_ms(),
            recipient_gap_ms: config.broadcast.recipient_gap.num_milliseconds(),
        },
        now: now_ms(),
        placeholders: base_placeholders(&config)?,
    };
    let id = store.send_broadcast(name, &plan)?;
    let f = store.broadcast_figures(id)?;
    crate::outln!(
        "broadcast {id} to {:?}: {} queued, {} skipped of {} members",
        f.list,
        f.queued,
        f.skipped_total(),
        f.recipients
    );
    for (who, key, reason) in store.broadcast_skips(id)? {
        crate::outln!("  skipped {} ({}): {}", one_line(&who), one_line(&key), reason.describe());
    }
    Ok(())
}

/// What placeholders say for every member (business, hours); names are filled per member.
fn base_placeholders(
    config: &crate::config::Config,
) -> Result<crate::quick_reply::PlaceholderValues, CliError> {
    let schedule = config.hours.schedule().map_err(|e| CliError::bad(e.to_string()))?;
    let now = chrono::DateTime::from_timestamp_millis(now_ms()).unwrap_or_default(); // ok: now_ms is in range
    let nobody = crate::placeholders::Customer::default();
    Ok(crate::placeholders::values_for(&nobody, &config.business, &schedule, now))
}

/// A broadcast's figures in JSON; every skip reason is present (0 when none).
#[derive(Serialize)]
struct FiguresJson<'a> {
    id: i64,
    at: String,
    text: &'a str,
    template: Option<&'a str>,
    recipients: i64,
    queued: i64,
    sent: i64,
    delivered: i64,
    read: i64,
    failed: i64,
    skipped: BTreeMap<&'static str, i64>,
    skipped_total: i64,
}

impl<'a> FiguresJson<'a> {
    fn new(f: &'a BroadcastFigures) -> FiguresJson<'a> {
        FiguresJson {
            id: f.id,
            at: rfc3339(f.at),
            text: &f.body,
            template: f.template.as_deref(),
            recipients: f.recipients,
            queued: f.queued,
            sent: f.sent,
            delivered: f.delivered,
            read: f.read,
            failed: f.failed,
            skipped: SkipReason::ALL
                .iter()
                .map(|r| (r.as_str(), f.skipped.get(r).copied().unwrap_or(0)))
                .collect(),
            skipped_total: f.skipped_total(),
        }
    }
}

/// One line of figures: "4 recipients: 2 queued, 1 sent, … 1 skipped (opted out 1)".
pub fn figures_line(f: &BroadcastFigures) -> String {
    let mut line = format!("{} recipients: {}", f.recipients, f.counts_text(", "));
    if !f.skipped.is_empty() {
        let reasons: Vec<String> = f.skipped.iter().map(|(r, n)| format!("{} {n}", r.describe())).collect();
        line.push_str(&format!(" ({})", reasons.join("; ")));
    }
    line
}

#[derive(Serialize)]
struct ListJson<'a> {
    name: &'a str,
    members: usize,
    created_at: String,
    last_broadcast: Option<FiguresJson<'a>>,
}

fn list(store: &Store, json: bool) -> Result<(), CliError> {
    let lists = store.broadcast_overview(1)?;
    if json {
        let out: Vec<ListJson<'_>> = lists
            .iter()
            .map(|o| ListJson {
                name: &o.list.name,
                members: o.list.members,
                created_at: rfc3339(o.list.created_at),
                last_broadcast: o.recent.first().map(FiguresJson::new),
            })
            .collect();
        return print_json(&out);
    }
    for o in &lists {
        let figures = o
            .recent
            .first()
            .map_or_else(|| "never sent".to_string(), |f| format!("last: {}", figures_line(f)));
        crate::outln!("{:<24} {:>3} members  {figures}", one_line(&o.list.name), o.list.members);
    }
    Ok(())
}

#[derive(Serialize)]
struct MemberJson {
    phone: Option<String>,
    user_id: Option<String>,
    name: String,
    consent: ConsentState,
}

#[derive(Serialize)]
struct ShowJson<'a> {
    name: &'a str,
    members: Vec<MemberJson>,
    broadcasts: Vec<FiguresJson<'a>>,
}

fn show(store: &Store, name: &str, json: bool) -> Result<(), CliError> {
    let list = store.broadcast_list(name)?;
    let members = store.list_members(list.id)?;
    let broadcasts = store.broadcasts_of_list(list.id, 100)?;
    if json {
        return print_json(&ShowJson {
            name: &list.name,
            members: members
                .iter()
                .map(|m| MemberJson {
                    phone: m.contact.phone.clone(),
                    user_id: m.contact.user_id.clone(),
                    name: m.contact.display_name(),
                    consent: m.state(),
                })
                .collect(),
            broadcasts: broadcasts.iter().map(FiguresJson::new).collect(),
        });
    }
    crate::outln!(
        "{} — {} members (at most {})",
        one_line(&list.name),
        members.len(),
        crate::broadcast::MAX_RECIPIENTS
    );
    for m in &members {
        crate::outln!("  {:<24} {}", one_line(&m.contact.display_name()), m.state());
    }
    for f in &broadcasts {
        let what = match (f.body.is_empty(), f.template.as_deref()) {
            (_, None) => format!("{:?}", one_line(&f.body)),
            (true, Some(t)) => format!("template {}", one_line(t)),
            (false, Some(t)) => {
                format!("{:?}, template {} outside the window", one_line(&f.body), one_line(t))
            }
        };
        crate::outln!("#{} {} {what}", f.id, rfc3339(f.at));
        crate::outln!("   {}", figures_line(f));
    }
    Ok(())
}
