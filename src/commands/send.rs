//! `wabi send`: queue a text, template or files in the outbox, optionally quoting a message. With
//! the Cloud API a free-form message goes out only inside the customer service window; a template
//! may go out any time. Every file is checked and copied before anything is queued.

use std::path::PathBuf;

use super::{CliError, Context};
use crate::attach::{self, OutboundMedia};
use crate::cli::SendArgs;
use crate::config::{Config, TransportKind};
use crate::model::Origin;
use crate::sanitize::one_line;
use crate::store::{ContactKey, NewOutbound, OutboundTemplate, Store, now_ms};
use crate::transport::cloud::window;

pub fn send(ctx: &Context, args: &SendArgs) -> Result<(), CliError> {
    let config = ctx.config()?;
    let to = ContactKey::parse(&args.to)?;
    let template = match &args.template {
        Some(name) => Some(template(&config, name, &args.params)?),
        None => None,
    };
    let text = args.text.as_deref().unwrap_or_default();
    if template.is_none() && args.files.is_empty() && text.trim().is_empty() {
        return Err(CliError::bad("the message text is empty"));
    }
    let mut store = ctx.store()?;
    if template.is_none() && config.transport.kind == TransportKind::Cloud {
        check_window(&store, &to)?;
    }
    let reply_to = match &args.reply_to {
        Some(key) => Some(quoted(&store, &to, key)?),
        None => None,
    };
    let files = prepare_files(&args.files, args.caption.as_deref())?;
    let chat_id = match &to {
        ContactKey::Phone(_) => store.ensure_chat(&to)?,
        // A user id cannot be messaged first: it must have written to us.
        ContactKey::UserId(_) => store.require_chat(&to)?,
    };
    if !files.is_empty() {
        let caption = args.caption.as_deref().unwrap_or_default();
        for (i, media) in files.iter().enumerate() {
            let caption = if i == 0 { caption } else { "" };
            let id = store.queue_media(chat_id, media, caption, Origin::Api, reply_to.as_deref())?;
            println!("queued {} {id} ({}) to {to}", media.kind, one_line(&media.filename));
        }
        return Ok(());
    }
    let id = match &template {
        Some(t) => store.queue_template(chat_id, t, Origin::Api)?,
        None => store.queue_outbound(&NewOutbound {
            chat_id,
            body: text.to_string(),
            origin: Origin::Api,
            reply_to,
        })?,
    };
    println!("queued message {id} to {to}");
    Ok(())
}

/// The provider id of the message `key` names, which must be in the chat with `to`.
fn quoted(store: &Store, to: &ContactKey, key: &str) -> Result<String, CliError> {
    let m = store.quotable(key)?;
    if store.chat_id(to)? != Some(m.chat_id) {
        return Err(CliError::bad(format!("message {} is not in the chat with {to}", m.id)));
    }
    Ok(m.external_id.unwrap_or_default())
}

/// Checks every file and copies it into the media folder, before anything is queued.
fn prepare_files(files: &[PathBuf], caption: Option<&str>) -> Result<Vec<OutboundMedia>, CliError> {
    let dir = crate::transport::cloud::media::media_dir();
    let mut prepared = Vec::with_capacity(files.len());
    for path in files {
        let media = attach::prepare(path, &dir)
            .map_err(|e| CliError { code: if e.is_bad_input() { 2 } else { 1 }, message: e.to_string() })?;
        prepared.push(media);
    }
    if let (Some(first), Some(c)) = (prepared.first(), caption.filter(|c| !c.trim().is_empty())) {
        if !attach::takes_caption(first.kind) {
            return Err(CliError::bad(format!(
                "{}: WhatsApp shows no caption with {}; send {c:?} as a text instead",
                first.filename,
                if first.kind == crate::model::Kind::Audio { "audio" } else { "stickers" }
            )));
        }
    }
    Ok(prepared)
}

/// Refuses a free-form message when the customer has not written in the last 24 hours.
fn check_window(store: &Store, to: &ContactKey) -> Result<(), CliError> {
    match store.chat_id(to)? {
        Some(id) => check_window_of(store, id),
        None => Err(CliError::bad(window::CLOSED)),
    }
}

/// [`check_window`] for a chat by id.
pub fn check_window_of(store: &Store, chat_id: i64) -> Result<(), CliError> {
    let last_inbound = store.chat(chat_id)?.last_inbound_at;
    match window::remaining(last_inbound, now_ms()) {
        Some(_) => Ok(()),
        None => Err(CliError::bad(window::CLOSED)),
    }
}

/// The configured template `name` filled with `params`, which must be exactly as many as it takes.
pub fn template(config: &Config, name: &str, params: &[String]) -> Result<OutboundTemplate, CliError> {
    let Some(t) = config.templates.iter().find(|t| t.name == name) else {
        let known: Vec<&str> = config.templates.iter().map(|t| t.name.as_str()).collect();
        let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
        return Err(CliError::bad(format!(
            "no template {name:?} in [[templates]] of the config (known: {known})"
        )));
    };
    if params.len() != t.params.len() {
        let names = if t.params.is_empty() { String::new() } else { format!(": {}", t.params.join(", ")) };
        return Err(CliError::bad(format!(
            "template {name:?} takes {} --param value(s){names}; got {}",
            t.params.len(),
            params.len()
        )));
    }
    if let Some(i) = params.iter().position(|p| p.trim().is_empty()) {
        return Err(CliError::bad(format!("--param {} is empty", i + 1)));
    }
    Ok(OutboundTemplate { name: t.name.clone(), language: t.language.clone(), params: params.to_vec() })
}
