//! `wabi chats` and `wabi messages`: the inbox for scripts (JSON) and people (plain lines).

use std::collections::HashMap;

use serde::Serialize;

use super::{CliError, Context, print_json, rfc3339};
use crate::cli::{ChatsArgs, MessagesArgs};
use crate::model::{ChatStatus, Direction, Kind, Origin, Status};
use crate::sanitize::one_line;
use crate::store::{ChatFilter, ChatView, ContactKey};

#[derive(Serialize)]
struct ChatJson<'a> {
    id: i64,
    phone: Option<&'a str>,
    user_id: Option<&'a str>,
    name: &'a str,
    labels: Vec<&'a str>,
    unread: i64,
    status: ChatStatus,
    last_at: String,
}

#[derive(Serialize)]
struct MessageJson<'a> {
    id: i64,
    external_id: Option<&'a str>,
    direction: Direction,
    kind: Kind,
    body: &'a str,
    status: Option<Status>,
    origin: Origin,
    at: String,
    error: Option<ErrorJson<'a>>,
    /// The provider id of the message this one quotes (for a reaction: reacts to).
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_to: Option<&'a str>,
    /// The newest reaction of each side: `{"from": "customer" | "business", "emoji"}`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reactions: Vec<ReactionJson<'a>>,
    /// A queued message that failed for now and will be tried again.
    #[serde(skip_serializing_if = "Option::is_none")]
    retry: Option<RetryJson<'a>>,
}

#[derive(Serialize)]
struct ReactionJson<'a> {
    from: &'static str,
    emoji: &'a str,
}

#[derive(Serialize)]
struct RetryJson<'a> {
    attempts: i64,
    next_at: String,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct ErrorJson<'a> {
    code: Option<i64>,
    reason: Option<&'a str>,
}

pub fn chats(ctx: &Context, args: &ChatsArgs) -> Result<(), CliError> {
    ctx.config()?;
    let store = ctx.store()?;
    let labels = store.labels()?;
    let mut filter = ChatFilter { view: ChatView::All, labels: Vec::new() };
    if let Some(name) = &args.label {
        filter.labels.push(store.label_by_name(name)?.id);
    }
    let rows = store.chats(&filter, 0, usize::MAX)?;
    let names: HashMap<i64, &str> = labels.iter().map(|l| (l.id, l.name.as_str())).collect();
    let label_names =
        |ids: &[i64]| -> Vec<&str> { ids.iter().filter_map(|id| names.get(id).copied()).collect() };
    if args.json {
        let out: Vec<ChatJson<'_>> = rows
            .iter()
            .map(|c| ChatJson {
                id: c.id,
                phone: c.phone.as_deref(),
                user_id: c.user_id.as_deref(),
                name: &c.name,
                labels: label_names(&c.labels),
                unread: c.unread,
                status: c.status,
                last_at: rfc3339(c.last_at),
            })
            .collect();
        print_json(&out)
    } else {
        for c in &rows {
            let unread = if c.unread > 0 { format!("({})", c.unread) } else { String::new() };
            crate::outln!(
                "{:<24} {:<16} {:>5} {:<7} {}  {}",
                one_line(&c.name),
                c.phone.as_deref().map(crate::phone::display_phone).unwrap_or_default(),
                unread,
                c.status,
                rfc3339(c.last_at),
                label_names(&c.labels).iter().map(|l| one_line(l)).collect::<Vec<_>>().join(", ")
            );
        }
        Ok(())
    }
}

pub fn messages(ctx: &Context, args: &MessagesArgs) -> Result<(), CliError> {
    let config = ctx.config()?;
    let no_transport = config.transport.kind == crate::config::TransportKind::None;
    let key = ContactKey::parse(&args.chat)?;
    let store = ctx.store()?;
    let chat_id = store.require_chat(&key)?;
    let rows = store.messages(chat_id, args.limit as usize, None)?;
    if args.json {
        let mut out: Vec<MessageJson<'_>> = Vec::with_capacity(rows.len());
        for m in &rows {
            let waiting = matches!(m.status, Some(Status::Queued | Status::Sending));
            let retry = match m.status {
                Some(Status::Queued) => store.retry_state(m.id)?,
                _ => None,
            };
            let error = if waiting && no_transport {
                Some(ErrorJson { code: None, reason: Some(crate::config::TransportConfig::NOTHING_SENDS) })
            } else {
                (m.error_code.is_some() && retry.is_none() || m.status == Some(Status::Failed))
                    .then_some(ErrorJson { code: m.error_code, reason: m.error_reason.as_deref() })
            };
            out.push(MessageJson {
                id: m.id,
                external_id: m.external_id.as_deref(),
                direction: m.direction,
                kind: m.kind,
                body: &m.body,
                status: m.status,
                origin: m.origin,
                at: rfc3339(m.at),
                error,
                reply_to: m.reply_to.as_deref(),
                reactions: m
                    .reactions
                    .iter()
                    .map(|r| ReactionJson {
                        from: if r.direction == Direction::In { "customer" } else { "business" },
                        emoji: &r.emoji,
                    })
                    .collect(),
                retry: retry.map(|(attempts, next)| RetryJson {
                    attempts,
                    next_at: rfc3339(next),
                    reason: m.error_reason.as_deref(),
                }),
            });
        }
        print_json(&out)
    } else {
        for m in &rows {
            let arrow = if m.direction == Direction::In { "<-" } else { "->" };
            let status = m.status.map(|s| format!(" [{s}]")).unwrap_or_default();
            crate::outln!("{} {arrow} {}{status}", rfc3339(m.at), one_line(&m.body));
        }
        Ok(())
    }
}
