//! A large, realistic store for benchmarks and `wabi demo --chats N --messages M`: skewed chat
//! sizes (a few chats with tens of thousands of messages), labels on a third of the chats, every
//! delivery status, several years of history. Deterministic for a given seed.

use crate::model::{Direction, Kind, Status};
use crate::store::{ContactKey, HistoryChat, HistoryMessage, Store, StoreError};

const YEAR_MS: i64 = 365 * 86_400_000;
/// Messages per transaction: big enough that commits cost little, small enough that the
/// write-ahead log stays a few tens of megabytes.
const BATCH: usize = 50_000;
const WORDS: &[&str] = &[
    "hola",
    "order",
    "flowers",
    "roses",
    "delivery",
    "tomorrow",
    "thanks",
    "price",
    "bouquet",
    "Madrid",
    "gracias",
    "pedido",
    "when",
    "can",
    "you",
    "send",
    "the",
    "invoice",
    "payment",
    "paid",
    "wedding",
    "birthday",
    "card",
    "address",
    "today",
    "morning",
    "afternoon",
    "please",
    "perfect",
    "great",
];
const NAMES: &[&str] = &["Ana", "Luis", "Maria", "John", "Wei", "Fatima", "Jürgen", "Chloé", "Pedro", "Aiko"];

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateReport {
    pub chats: usize,
    pub messages: usize,
    pub labelled: usize,
}

/// Writes `chats` chats holding `messages` messages in total, ending at `now`.
pub fn generate(
    store: &mut Store,
    chats: usize,
    messages: usize,
    now: i64,
    seed: u64,
) -> Result<GenerateReport, StoreError> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let sizes = chat_sizes(&mut rng, chats, messages);
    let span = 3 * YEAR_MS;
    let phone = |chat: usize| format!("{}", 491_500_000_000_u64 + chat as u64);
    // Chats go in by batches of about BATCH messages, each batch one transaction.
    let mut batch: Vec<(HistoryChat, Vec<Draft>)> = Vec::new();
    let mut in_batch = 0;
    let mut unread = Vec::new();
    for (chat, size) in sizes.iter().enumerate() {
        let name = format!("{} {}", NAMES[chat % NAMES.len()], chat);
        // A chat's messages lie in its own stretch of the three years, closer to now for later chats.
        let end = now - (chats.saturating_sub(chat + 1) as i64) * (span / chats.max(1) as i64) / 4;
        let step = (span / 2 / (*size as i64).max(1)).max(1);
        let drafts: Vec<Draft> =
            (0..*size).map(|i| draft(&mut rng, chat, i, end - (*size - i) as i64 * step)).collect();
        batch.push((HistoryChat { key: ContactKey::Phone(phone(chat)), name: Some(name) }, drafts));
        in_batch += size;
        if rng.u8(..10) == 0 {
            unread.push((chat, i64::from(rng.u8(1..4))));
        }
        if in_batch >= BATCH || chat + 1 == sizes.len() {
            let rows: Vec<Vec<HistoryMessage<'_>>> =
                batch.iter().map(|(_, drafts)| drafts.iter().map(Draft::row).collect()).collect();
            let chats: Vec<(&HistoryChat, &[HistoryMessage<'_>])> =
                batch.iter().zip(&rows).map(|((chat, _), rows)| (chat, rows.as_slice())).collect();
            store.import_histories(&chats)?;
            batch.clear();
            in_batch = 0;
        }
    }
    for (chat, count) in unread {
        let id = store.require_chat(&ContactKey::Phone(phone(chat)))?;
        store.set_unread(id, count)?;
    }
    let labelled = label_a_third(store, &mut rng)?;
    Ok(GenerateReport { chats, messages: sizes.iter().sum(), labelled })
}

/// Message counts per chat summing to `total`: a few huge chats, a long tail of small ones.
fn chat_sizes(rng: &mut fastrand::Rng, chats: usize, total: usize) -> Vec<usize> {
    if chats == 0 {
        return Vec::new();
    }
    let weights: Vec<f64> =
        (0..chats).map(|i| 1.0 / ((i + 1) as f64).powf(0.9) * (0.5 + rng.f64())).collect();
    let sum: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> =
        weights.iter().map(|w| ((w / sum) * total as f64).floor().max(1.0) as usize).collect();
    let assigned: usize = sizes.iter().sum();
    if let Some(first) = sizes.first_mut() {
        *first = (*first + total).saturating_sub(assigned).max(1);
    }
    sizes.reverse(); // the biggest chat is the most recent one
    sizes
}

/// One generated message, owning its text until the store has it.
struct Draft {
    external_id: String,
    body: String,
    at: i64,
    direction: Direction,
    status: Option<Status>,
}

impl Draft {
    fn row(&self) -> HistoryMessage<'_> {
        HistoryMessage {
            external_id: self.external_id.clone(),
            direction: self.direction,
            kind: Kind::Text,
            body: &self.body,
            at: self.at,
            status: self.status,
            media_filename: None,
            media_path: None,
        }
    }
}

fn draft(rng: &mut fastrand::Rng, chat: usize, i: usize, at: i64) -> Draft {
    let words = rng.usize(3..14);
    let body: Vec<&str> = (0..words).map(|_| WORDS[rng.usize(..WORDS.len())]).collect();
    let outbound = rng.u8(..100) < 45;
    let status = outbound.then(|| match rng.u8(..100) {
        0..=2 => Status::Failed,
        3..=10 => Status::Sent,
        11..=30 => Status::Delivered,
        _ => Status::Read,
    });
    Draft {
        external_id: format!("gen.{chat}.{i}"),
        body: body.join(" "),
        at,
        direction: if outbound { Direction::Out } else { Direction::In },
        status,
    }
}

fn label_a_third(store: &mut Store, rng: &mut fastrand::Rng) -> Result<usize, StoreError> {
    let labels: Vec<i64> = store.labels()?.iter().map(|l| l.id).collect();
    let chat_ids: Vec<i64> = store
        .conn()
        .prepare("SELECT id FROM chats")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut labelled = 0;
    for id in chat_ids {
        if rng.u8(..3) == 0 && !labels.is_empty() {
            store.assign_label(id, labels[rng.usize(..labels.len())])?;
            labelled += 1;
        }
    }
    Ok(labelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_add_up_and_are_skewed() {
        let sizes = chat_sizes(&mut fastrand::Rng::with_seed(1), 1000, 100_000);
        assert_eq!(sizes.iter().sum::<usize>(), 100_000);
        assert!(sizes.iter().max().copied().unwrap_or(0) > 5_000);
        assert!(sizes.iter().all(|s| *s >= 1));
    }

    #[test]
    fn a_generated_store_has_what_was_asked() {
        let mut store = Store::open_in_memory().unwrap();
        let report = generate(&mut store, 50, 2_000, 1_800_000_000_000, 7).unwrap();
        assert_eq!(report.messages, 2_000);
        let all = crate::store::ChatFilter { view: crate::store::ChatView::All, labels: vec![] };
        assert_eq!(store.count_chats(&all).unwrap(), 50);
        assert!(report.labelled > 5);
    }
}
