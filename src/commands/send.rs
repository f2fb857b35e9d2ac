//! `wabi send`: queue a text or template message in the outbox. With the Cloud API a free-form text
//! goes out only inside the customer service window; a template may go out any time.

use super::{CliError, Context};
use crate::cli::SendArgs;
use crate::config::{Config, TransportKind};
use crate::model::Origin;
use crate::store::{ContactKey, NewOutbound, OutboundTemplate, Store, now_ms};
use crate::templates;
use crate::transport::cloud::window;

pub fn send(ctx: &Context, args: &SendArgs) -> Result<(), CliError> {
    let config = ctx.config()?;
    let to = ContactKey::parse(&args.to)?;
    let text = args.text.as_deref().unwrap_or_default();
    if args.template.is_none() && text.trim().is_empty() {
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
    crate::outln!("queued message {id} to {to}");
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
