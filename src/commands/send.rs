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
use crate::templates;
use crate::transport::cloud::window;

pub fn send(ctx: &Context, args: &SendArgs) -> Result<(), CliError> {
    let config = ctx.config()?;
    if let (Some(file), Some(name)) = (&args.csv, &args.template) {
        return super::send_csv::send_csv(ctx, &config, name, file);
    }
    let to = ContactKey::parse(args.to.as_deref().unwrap_or_default())?;
    let text = args.text.as_deref().unwrap_or_default();
    if args.template.is_none() && args.files.is_empty() && text.trim().is_empty() {
        return Err(CliError::bad("the message text is empty"));
    }
    let mut store = ctx.store()?;
    let template = match &args.template {
        Some(name) => {
            Some(template(&config, &store, name, &args.params, args.header_link.as_deref(), &args.buttons)?)
        }
        None => None,
    };
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
            crate::outln!("queued {} {id} ({}) to {to}", media.kind, one_line(&media.filename));
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
    crate::outln!("queued message {id} to {to}");
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

/// The template `name` — Meta's synced ones first, then `[[templates]]` — filled with `params`,
/// which must be exactly as many as it takes. A template Meta has not approved is refused.
pub fn template(
    config: &Config,
    store: &Store,
    name: &str,
    params: &[String],
    header_link: Option<&str>,
    buttons: &[String],
) -> Result<OutboundTemplate, CliError> {
    let list = templates::catalogue(store.templates()?, &config.templates);
    let t = templates::find(&list, name).map_err(CliError::bad)?;
    t.outbound(params, header_link, buttons).map_err(CliError::bad)
}
