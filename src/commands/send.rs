//! `wabi send`: queue a text or template message in the outbox. With the Cloud API a free-form text
//! goes out only inside the customer service window; a template may go out any time.

use super::{CliError, Context};
use crate::cli::SendArgs;
use crate::config::{Config, TemplateConfig, TransportKind};
use crate::model::Origin;
use crate::store::{ContactKey, NewOutbound, OutboundTemplate, Store, now_ms};
use crate::transport::cloud::window;

pub fn send(ctx: &Context, args: &SendArgs) -> Result<(), CliError> {
    let config = ctx.config()?;
    if let (Some(file), Some(name)) = (&args.csv, &args.template) {
        return super::send_csv::send_csv(ctx, &config, name, file);
    }
    let to = ContactKey::parse(args.to.as_deref().unwrap_or_default())?;
    let template = match &args.template {
        Some(name) => Some(template(&config, name, &args.params)?),
        None => None,
    };
    let text = args.text.as_deref().unwrap_or_default();
    if template.is_none() && text.trim().is_empty() {
        return Err(CliError::bad("the message text is empty"));
    }
    let mut store = ctx.store()?;
    if template.is_none() && config.transport.kind == TransportKind::Cloud {
        check_window(&store, &to)?;
    }
    let chat_id = match &to {
        ContactKey::Phone(_) => store.ensure_chat(&to)?,
        // A user id cannot be messaged first: it must have written to us.
        ContactKey::UserId(_) => store.require_chat(&to)?,
    };
    let id = match &template {
        Some(t) => store.queue_template(chat_id, t, Origin::Api)?,
        None => store.queue_outbound(&NewOutbound {
            chat_id,
            body: text.to_string(),
            origin: Origin::Api,
            reply_to: None,
        })?,
    };
    println!("queued message {id} to {to}");
    Ok(())
}

/// Refuses a free-form message when the customer has not written in the last 24 hours.
fn check_window(store: &Store, to: &ContactKey) -> Result<(), CliError> {
    let last_inbound = match store.chat_id(to)? {
        Some(id) => store.chat(id)?.last_inbound_at,
        None => None,
    };
    match window::remaining(last_inbound, now_ms()) {
        Some(_) => Ok(()),
        None => Err(CliError::bad(window::CLOSED)),
    }
}

/// The configured template `name`: the one place a template is looked up by name.
pub fn template_spec<'a>(config: &'a Config, name: &str) -> Result<&'a TemplateConfig, CliError> {
    config.templates.iter().find(|t| t.name == name).ok_or_else(|| {
        let known: Vec<&str> = config.templates.iter().map(|t| t.name.as_str()).collect();
        let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
        CliError::bad(format!("no template {name:?} in [[templates]] of the config (known: {known})"))
    })
}

/// The configured template `name` filled with `params`, which must be exactly as many as it takes.
pub fn template(config: &Config, name: &str, params: &[String]) -> Result<OutboundTemplate, CliError> {
    let t = template_spec(config, name)?;
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
