//! The demo transport: simulated customers who write now and then (sometimes a photo, a reply
//! quoting us or a reaction to what we sent), and a pretend network that moves outbound messages
//! sent → delivered → read after short delays (reactions only ever report sent, as Meta's do).

use crate::config::DemoConfig;
use crate::model::{Kind, Origin, Status};
use crate::store::{ContactKey, NewMessage, OutboxItem, Store, StoreError};

use super::{SendResult, Transport, TransportEvent};

/// One thing a simulated customer may say (assets/demo/live.toml).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct LiveLine {
    pub phone: String,
    pub name: String,
    pub text: String,
}

#[derive(serde::Deserialize)]
struct LiveFile {
    line: Vec<LiveLine>,
}

/// The lines simulated customers write, shipped in assets/.
pub fn live_lines() -> Vec<LiveLine> {
    toml::from_str::<LiveFile>(include_str!("../../assets/demo/live.toml"))
        .map_or_else(|_| Vec::new(), |f| f.line)
}

/// Simulated customers and acknowledgements.
pub struct DemoTransport {
    config: DemoConfig,
    lines: Vec<LiveLine>,
    rng: fastrand::Rng,
    pending: Vec<(i64, TransportEvent)>,
    next_customer_at: Option<i64>,
    sent: u64,
    /// Our recent messages (to whom, provider id): what customers react to and quote.
    recent: Vec<(ContactKey, String)>,
    /// Photos customers sent whose file is not on disk yet (provider id, shipped file).
    photos_to_save: Vec<(String, &'static DemoFile)>,
}

/// A file shipped in assets/demo/ that simulated customers send.
pub struct DemoFile {
    pub name: &'static str,
    pub mime: &'static str,
    pub bytes: &'static [u8],
}

/// The photos simulated customers send.
pub const PHOTOS: &[DemoFile] = &[
    DemoFile {
        name: "ramo-peonias.jpg",
        mime: "image/jpeg",
        bytes: include_bytes!("../../assets/demo/ramo-peonias.jpg"),
    },
    DemoFile {
        name: "centro-mesa.jpg",
        mime: "image/jpeg",
        bytes: include_bytes!("../../assets/demo/centro-mesa.jpg"),
    },
    DemoFile {
        name: "tulipanes.png",
        mime: "image/png",
        bytes: include_bytes!("../../assets/demo/tulipanes.png"),
    },
];

const CAPTIONS: &[&str] = &["¿Algo así para el sábado?", "Like this one, please", "这样的可以吗？", ""];
const REACTIONS: &[&str] = &["👍", "❤️", "🙏", "😍", "🌸"];
const QUOTING: &[&str] = &["¡Perfecto!", "Great, thanks!", "Vale, ¿y a qué hora?", "好的"];

impl DemoTransport {
    pub fn new(config: &DemoConfig) -> DemoTransport {
        DemoTransport::with_lines(config, live_lines(), fastrand::Rng::new())
    }

    /// A transport with given lines and random source (tests pass a seeded one).
    pub fn with_lines(config: &DemoConfig, lines: Vec<LiveLine>, rng: fastrand::Rng) -> DemoTransport {
        DemoTransport {
            config: config.clone(),
            lines,
            rng,
            pending: Vec::new(),
            next_customer_at: None,
            sent: 0,
            recent: Vec::new(),
            photos_to_save: Vec::new(),
        }
    }

    fn ack_delay(&mut self) -> i64 {
        let base = i64::try_from(self.config.ack_delay_ms).unwrap_or(800);
        base + self.rng.i64(0..=base / 2)
    }

    /// What a customer does next: mostly a line of text; now and then a photo, a reaction to
    /// one of our messages, or a reply quoting it.
    fn customer_message(&mut self, now: i64) -> Option<TransportEvent> {
        let line = self.lines.get(self.rng.usize(0..self.lines.len().max(1)))?.clone();
        let mut message = NewMessage::text(ContactKey::Phone(line.phone), line.text, now);
        message.profile_name = Some(line.name);
        message.origin = Origin::Demo;
        let external_id = format!("demo.in.{now}.{}", self.rng.u32(..));
        message.external_id = Some(external_id.clone());
        let recent = self.recent.get(self.rng.usize(0..self.recent.len().max(1))).cloned();
        match (self.rng.u8(0..10), recent) {
            (0 | 1, _) => {
                let photo = PHOTOS.get(self.rng.usize(0..PHOTOS.len()))?;
                let caption = CAPTIONS.get(self.rng.usize(0..CAPTIONS.len())).copied().unwrap_or("");
                message.kind = Kind::Image;
                message.body = if caption.is_empty() { "[image]".into() } else { caption.into() };
                message.media_id = Some(format!("demo.media.{}", photo.name));
                message.media_mime = Some(photo.mime.into());
                self.photos_to_save.push((external_id, photo));
            }
            (2, Some((to, wamid))) => {
                message.from = to;
                message.kind = Kind::Reaction;
                message.body =
                    REACTIONS.get(self.rng.usize(0..REACTIONS.len())).copied().unwrap_or("👍").into();
                message.reply_to = Some(wamid);
            }
            (3, Some((to, wamid))) => {
                message.from = to;
                message.body = QUOTING.get(self.rng.usize(0..QUOTING.len())).copied().unwrap_or("👍").into();
                message.reply_to = Some(wamid);
            }
            _ => {}
        }
        Some(TransportEvent::Inbound(message))
    }
}

impl Transport for DemoTransport {
    fn name(&self) -> &'static str {
        "demo"
    }

    fn send(&mut self, item: &OutboxItem) -> SendResult {
        self.sent += 1;
        let now = crate::store::now_ms();
        let external_id = format!("demo.out.{}.{}.{}", std::process::id(), item.id, self.sent);
        if item.kind == Kind::Reaction {
            return SendResult::Sent { external_id };
        }
        self.recent.push((item.to.clone(), external_id.clone()));
        if self.recent.len() > 20 {
            self.recent.remove(0);
        }
        let delivered = now + self.ack_delay();
        let read = delivered + self.ack_delay();
        for (due, status) in [(delivered, Status::Delivered), (read, Status::Read)] {
            let event =
                TransportEvent::Status { external_id: external_id.clone(), status, at: due, error: None };
            self.pending.push((due, event));
        }
        SendResult::Sent { external_id }
    }

    /// Puts the photos customers sent on disk, so `o` opens them as it would a downloaded one.
    fn upkeep(&mut self, store: &mut Store) -> Result<bool, StoreError> {
        let mut changed = false;
        for (external_id, photo) in std::mem::take(&mut self.photos_to_save) {
            let Some(m) = store.message_by_external_id(&external_id)? else { continue };
            let path = std::env::temp_dir().join("wabi-demo-media").join(photo.name);
            let written = path.is_file()
                || path.parent().is_some_and(|d| std::fs::create_dir_all(d).is_ok())
                    && std::fs::write(&path, photo.bytes).is_ok();
            if written {
                store.set_media_path(m.id, &path.to_string_lossy())?;
                changed = true;
            }
        }
        Ok(changed)
    }

    fn poll(&mut self, now: i64) -> Vec<TransportEvent> {
        let mut due = Vec::new();
        let mut i = 0;
        while i < self.pending.len() {
            if self.pending.get(i).is_some_and(|(at, _)| *at <= now) {
                due.push(self.pending.swap_remove(i).1);
            } else {
                i += 1;
            }
        }
        if self.config.simulate_customers && !self.lines.is_empty() {
            let interval = i64::try_from(self.config.customer_interval_ms).unwrap_or(7000).max(100);
            match self.next_customer_at {
                Some(at) if at <= now => {
                    due.extend(self.customer_message(now));
                    self.next_customer_at = Some(now + interval / 2 + self.rng.i64(0..=interval));
                }
                None => self.next_customer_at = Some(now + interval / 2 + self.rng.i64(0..=interval / 2)),
                Some(_) => {}
            }
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet() -> DemoConfig {
        DemoConfig { simulate_customers: false, ack_delay_ms: 100, customer_interval_ms: 1000 }
    }

    fn item() -> OutboxItem {
        OutboxItem {
            id: 7,
            chat_id: 1,
            to: ContactKey::Phone("34600000000".into()),
            body: "hi".into(),
            reply_to: None,
            attempts: 1,
            origin: Origin::Operator,
            template: None,
            kind: crate::model::Kind::Text,
            media: None,
        }
    }

    #[test]
    fn a_sent_message_is_delivered_then_read_after_the_delay() {
        let mut t = DemoTransport::with_lines(&quiet(), Vec::new(), fastrand::Rng::with_seed(1));
        let SendResult::Sent { external_id } = t.send(&item()) else { panic!("not sent") };
        assert!(t.poll(crate::store::now_ms()).is_empty());
        let later = t.poll(crate::store::now_ms() + 10_000);
        let statuses: Vec<Status> = later
            .iter()
            .filter_map(|e| match e {
                TransportEvent::Status { external_id: id, status, .. } if *id == external_id => Some(*status),
                _ => None,
            })
            .collect();
        assert_eq!(statuses.len(), 2);
        assert!(statuses.contains(&Status::Delivered) && statuses.contains(&Status::Read));
    }

    #[test]
    fn simulated_customers_write_when_enabled() {
        let config = DemoConfig { simulate_customers: true, ..quiet() };
        let lines = vec![LiveLine { phone: "34611111111".into(), name: "Ana".into(), text: "Hola".into() }];
        let mut t = DemoTransport::with_lines(&config, lines, fastrand::Rng::with_seed(2));
        assert!(t.poll(0).is_empty(), "the first poll only schedules");
        let events = t.poll(10_000);
        assert!(
            matches!(events.as_slice(), [TransportEvent::Inbound(m)] if m.body == "Hola" && m.origin == Origin::Demo)
        );
    }

    #[test]
    fn customers_send_photos_react_and_quote_what_we_sent() {
        let config = DemoConfig { simulate_customers: true, ..quiet() };
        let lines = vec![LiveLine { phone: "34611111111".into(), name: "Ana".into(), text: "Hola".into() }];
        let mut t = DemoTransport::with_lines(&config, lines, fastrand::Rng::with_seed(3));
        let SendResult::Sent { external_id } = t.send(&item()) else { panic!("not sent") };
        let mut kinds = std::collections::BTreeSet::new();
        for i in 0..200 {
            for e in t.poll(i * 10_000) {
                if let TransportEvent::Inbound(m) = e {
                    if m.kind == Kind::Reaction || m.reply_to.is_some() {
                        assert_eq!(m.reply_to.as_deref(), Some(external_id.as_str()));
                    }
                    kinds.insert((m.kind, m.reply_to.is_some()));
                }
            }
        }
        let expected =
            [(Kind::Text, false), (Kind::Text, true), (Kind::Image, false), (Kind::Reaction, true)];
        assert_eq!(kinds, expected.into_iter().collect());
        let reaction = OutboxItem { kind: Kind::Reaction, ..item() };
        t.send(&reaction);
        assert!(t.pending.len() == 2, "a reaction gets no delivered or read");
    }

    #[test]
    fn the_shipped_live_lines_parse() {
        assert!(live_lines().len() >= 20);
    }
}
