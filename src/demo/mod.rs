//! `wabi --demo`: a throwaway store seeded from assets/demo/seed.toml, so a new user sees a living
//! inbox at once. The demo transport then plays the customers.

mod generate;

use serde::Deserialize;

pub use generate::{GenerateReport, generate};

use crate::model::{ChatStatus, Direction, Origin, Status};
use crate::store::{ContactKey, LabelColor, NewMessage, Store, StoreError};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Seed {
    #[serde(default)]
    label: Vec<SeedLabel>,
    #[serde(default)]
    quick_reply: Vec<SeedQuickReply>,
    chat: Vec<SeedChat>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedLabel {
    name: String,
    color: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedQuickReply {
    shortcut: String,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedChat {
    phone: String,
    name: String,
    #[serde(default)]
    saved: bool,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    unread: i64,
    messages: Vec<SeedMessage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedMessage {
    ago: String,
    dir: String,
    text: String,
    #[serde(default)]
    status: Option<String>,
}

/// A seed file that does not fit (only a broken build can ship one; a test parses the real one).
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo seed: {0}")]
    Seed(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn seed_error(e: impl std::fmt::Display) -> DemoError {
    DemoError::Seed(e.to_string())
}

/// Fills an empty store with the demo's chats, labels and quick replies, dated relative to `now`.
/// Returns how many chats it wrote; a store that already has chats is left as it is.
pub fn seed(store: &mut Store, now: i64) -> Result<usize, DemoError> {
    if store.count_chats(&crate::store::ChatFilter { view: crate::store::ChatView::All, labels: vec![] })? > 0
    {
        return Ok(0);
    }
    let seed: Seed = toml::from_str(include_str!("../../assets/demo/seed.toml")).map_err(seed_error)?;
    for label in &seed.label {
        store.add_label(&label.name, LabelColor::parse(&label.color)?)?;
    }
    let replies: Vec<(String, String)> =
        seed.quick_reply.iter().map(|q| (q.shortcut.clone(), q.text.clone())).collect();
    store.upsert_quick_replies(&replies)?;
    for chat in &seed.chat {
        seed_chat(store, chat, now)?;
    }
    Ok(seed.chat.len())
}

fn seed_chat(store: &mut Store, chat: &SeedChat, now: i64) -> Result<(), DemoError> {
    let key = ContactKey::parse(&chat.phone).map_err(seed_error)?;
    let mut batch = Vec::with_capacity(chat.messages.len());
    for (i, m) in chat.messages.iter().enumerate() {
        let ago =
            crate::config::duration::parse(&m.ago).ok_or_else(|| seed_error(format!("ago {:?}", m.ago)))?;
        let mut message = NewMessage::text(key.clone(), m.text.clone(), now - ago.num_milliseconds());
        message.profile_name = Some(chat.name.clone());
        message.origin = Origin::Demo;
        message.external_id = Some(format!("demo.seed.{}.{i}", chat.phone));
        message.direction = m.dir.parse::<Direction>().map_err(seed_error)?;
        if message.direction == Direction::Out {
            message.origin = Origin::Operator;
            let status = m.status.as_deref().unwrap_or("read");
            message.status = Some(status.parse::<Status>().map_err(seed_error)?);
        }
        batch.push(message);
    }
    store.insert_messages(&batch)?;
    let chat_id = store.require_chat(&key)?;
    if chat.saved {
        store.save_contact_name(&key, &chat.name)?;
    }
    for name in &chat.labels {
        let label = store.label_by_name(name)?;
        store.assign_label(chat_id, label.id)?;
    }
    store.set_unread(chat_id, chat.unread)?;
    if let Some(status) = chat.status.as_deref() {
        let status: ChatStatus = status.parse().map_err(seed_error)?;
        let until = (status == ChatStatus::Snoozed).then_some(now + 3 * 3_600_000);
        store.set_chat_status(chat_id, status, until)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_seed_fills_a_believable_inbox() {
        let mut store = Store::open_in_memory().unwrap();
        let now = 1_800_000_000_000;
        assert!(seed(&mut store, now).unwrap() >= 20);
        let all = crate::store::ChatFilter { view: crate::store::ChatView::All, labels: vec![] };
        let chats = store.chats(&all, 0, 100).unwrap();
        assert!(chats.iter().filter(|c| c.unread > 0).count() >= 3);
        assert!(chats.iter().filter(|c| !c.labels.is_empty()).count() >= 5);
        assert!(store.quick_replies().unwrap().iter().any(|q| q.shortcut == "thanks"));
        assert_eq!(seed(&mut store, now).unwrap(), 0, "a seeded store is not seeded twice");
    }
}
