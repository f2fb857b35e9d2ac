//! The broadcast screen's commands performed against the store, for the run loop (the screen
//! itself, in app/broadcast.rs, does no I/O).

use super::app::{BroadcastCmd, MemberRow, Msg, RECENT_BROADCASTS};
use super::run::Shell;
use crate::store::{BroadcastPlan, ChatFilter, ChatView, ContactKey, Store, StoreError, now_ms};

/// The contacts of every chat carrying a label (a list holds at most 256 of them).
fn labelled(store: &Store, label_id: i64) -> Result<Vec<ContactKey>, StoreError> {
    let filter = ChatFilter { view: ChatView::All, labels: vec![label_id] };
    let chats = store.chats(&filter, 0, crate::broadcast::MAX_RECIPIENTS + 1)?;
    Ok(chats
        .into_iter()
        .map(|c| match (c.phone, c.user_id) {
            (Some(p), _) => ContactKey::Phone(p),
            (None, u) => ContactKey::UserId(u.unwrap_or_default()),
        })
        .collect())
}

/// A list's members as the screen shows them.
fn members(store: &Store, list: String) -> Result<Msg, StoreError> {
    let id = store.broadcast_list(&list)?.id;
    let rows = store
        .list_members(id)?
        .into_iter()
        .map(|m| {
            let key = match (&m.contact.phone, &m.contact.user_id) {
                (Some(p), _) => ContactKey::Phone(p.clone()),
                (None, u) => ContactKey::UserId(u.clone().unwrap_or_default()),
            };
            MemberRow { name: m.contact.display_name(), key, consent: m.state().as_str().replace('_', " ") }
        })
        .collect();
    Ok(Msg::BroadcastMembers { list, rows })
}

/// Runs `cmd`; answers with the lists as they are now (and a store change after a send).
pub fn perform(store: &mut Store, cmd: BroadcastCmd, shell: &mut dyn Shell) -> Result<Vec<Msg>, StoreError> {
    let mut msgs = Vec::new();
    match cmd {
        BroadcastCmd::Load => {}
        BroadcastCmd::Members(list) => msgs.push(members(store, list)?),
        BroadcastCmd::Remove { list, key } => {
            store.remove_members(&list, std::slice::from_ref(&key))?;
            msgs.push(members(store, list)?);
        }
        BroadcastCmd::Create(name) => drop(store.create_list(&name)?),
        BroadcastCmd::Add { list, mut phones, labels } => {
            // One at a time: a number the store refuses (no such contact, the list is full) is
            // named, and the others are still added.
            let mut refused = Vec::new();
            for name in &labels {
                match store.label_by_name(name) {
                    Ok(label) => phones.extend(labelled(store, label.id)?),
                    Err(e) if e.is_bad_input() => refused.push(format!("#{name}: {e}")),
                    Err(e) => return Err(e),
                }
            }
            for key in &phones {
                match store.add_members(&list, std::slice::from_ref(key)) {
                    Ok(_) => {}
                    Err(e) if e.is_bad_input() => refused.push(e.to_string()),
                    Err(e) => return Err(e),
                }
            }
            if !refused.is_empty() {
                msgs.push(Msg::Failed(format!("Left out: {}", refused.join("; "))));
            }
        }
        BroadcastCmd::Send {
            list,
            text,
            template,
            require_opt_in,
            window,
            pacing,
            placeholders,
            dry_run,
        } => {
            let plan = BroadcastPlan {
                text,
                template,
                require_opt_in,
                window,
                pacing,
                now: now_ms(),
                placeholders: *placeholders,
            };
            if dry_run {
                return match store.preview_broadcast(&list, &plan) {
                    Ok(p) => Ok(vec![Msg::BroadcastPreview(Ok(p))]),
                    Err(e) if e.is_bad_input() => Ok(vec![Msg::BroadcastPreview(Err(e.to_string()))]),
                    Err(e) => Err(e),
                };
            }
            store.send_broadcast(&list, &plan)?;
            shell.wake_worker();
            msgs.push(Msg::StoreChanged);
        }
    }
    msgs.insert(0, Msg::Broadcasts(store.broadcast_overview(RECENT_BROADCASTS)?));
    Ok(msgs)
}
