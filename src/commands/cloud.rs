//! `wabi cloud`: the Cloud API number seen from the shell. `status` says where the phone's
//! history sync is; `sync history|contacts` asks Meta to send the WhatsApp Business app's chat
//! history or contacts (coexistence).

use clap::{Subcommand, ValueEnum};

use super::{CliError, Context, print_json, rfc3339};
use crate::config::TransportKind;
use crate::transport::cloud::smb_app_data::{SyncKind, request_sync};
use crate::transport::cloud::{CloudError, access_token};

#[derive(Debug, Subcommand)]
pub enum CloudCmd {
    /// Where the history sync from the WhatsApp Business app is, and the phone's replies
    Status {
        /// Print JSON: {phone_number_id, history: {phase, progress, chunks, messages, skipped, declined, updated_at}, phone_replies}
        #[arg(long)]
        json: bool,
    },
    /// Ask Meta to send the app's chat history or contacts (once, within 24 h of onboarding)
    Sync {
        #[arg(value_enum)]
        what: SyncWhat,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SyncWhat {
    /// Up to 180 days of chats (`history` webhooks)
    History,
    /// The contacts saved in the app (`smb_app_state_sync` webhooks)
    Contacts,
}

pub fn run(ctx: &Context, cmd: &CloudCmd) -> Result<(), CliError> {
    match cmd {
        CloudCmd::Status { json } => status(ctx, *json),
        CloudCmd::Sync { what } => sync(ctx, *what),
    }
}

fn sync(ctx: &Context, what: SyncWhat) -> Result<(), CliError> {
    let config = ctx.config()?;
    if config.transport.kind != TransportKind::Cloud {
        return Err(CliError::bad("wabi cloud sync needs [transport] kind = \"cloud\" in the config"));
    }
    let cloud = &config.transport.cloud;
    if cloud.phone_number_id.trim().is_empty() {
        return Err(CliError::bad(CloudError::MissingPhoneNumberId.to_string()));
    }
    let token = access_token(cloud).map_err(|e| CliError::bad(e.to_string()))?;
    let kind = match what {
        SyncWhat::History => SyncKind::History,
        SyncWhat::Contacts => SyncKind::Contacts,
    };
    let request = request_sync(cloud, &token, kind).map_err(|e| CliError::failed(e.to_string()))?;
    let follow = match kind {
        SyncKind::History => {
            "chunks arrive at `wabi serve`'s webhook; `wabi cloud status` shows the progress"
        }
        SyncKind::Contacts => "the contacts arrive at `wabi serve`'s webhook and name the chats",
    };
    let id = request.map(|r| format!(" (request {r})")).unwrap_or_default();
    crate::outln!("Meta accepted the {} sync{id}: {follow}", kind.sync_type());
    Ok(())
}

#[derive(serde::Serialize)]
struct Status {
    phone_number_id: String,
    history: Option<crate::store::HistorySync>,
    phone_replies: i64,
}

fn status(ctx: &Context, json: bool) -> Result<(), CliError> {
    let config = ctx.config()?;
    let store = ctx.store()?;
    let phone_replies: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM messages WHERE origin = 'phone'", [], |r| r.get(0))
        .map_err(|e| CliError::failed(e.to_string()))?;
    let status = Status {
        phone_number_id: config.transport.cloud.phone_number_id.clone(),
        history: store.history_sync()?,
        phone_replies,
    };
    if json {
        return print_json(&status);
    }
    crate::outln!(
        "number: {}",
        if status.phone_number_id.is_empty() { "(no phone_number_id)" } else { &status.phone_number_id }
    );
    crate::outln!("replies sent from the phone: {}", status.phone_replies);
    match &status.history {
        None => {
            crate::outln!("history from the phone: none received (`wabi cloud sync history` asks for it)")
        }
        Some(h) if h.declined.is_some() => {
            let reason = h.declined.as_deref().unwrap_or_default();
            crate::outln!(
                "history from the phone: declined on the phone — {}",
                crate::sanitize::one_line(reason)
            );
        }
        Some(h) => {
            let phase = h.phase.map(|p| format!(", phase {p} of 2")).unwrap_or_default();
            let done = if h.progress >= 100 { "complete" } else { "in progress" };
            crate::outln!(
                "history from the phone: {done}, {}%{phase}; {} chunks, {} new messages, {} skipped; last chunk {}",
                h.progress,
                h.chunks,
                h.messages,
                h.skipped,
                rfc3339(h.updated_at)
            );
        }
    }
    Ok(())
}
