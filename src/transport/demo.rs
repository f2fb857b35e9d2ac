//! The demo transport: simulated customers who write now and then, and a pretend network that
//! moves outbound messages sent → delivered → read after short delays.

use crate::config::DemoConfig;
use crate::model::{Origin, Status};
use crate::store::{ContactKey, NewMessage, OutboxItem};

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
}

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
        }
    }

    fn ack_delay(&mut self) -> i64 {
        let base = i64::try_from(self.config.ack_delay_ms).unwrap_or(800);
        base + self.rng.i64(0..=base / 2)
    }

    fn customer_message(&mut self, now: i64) -> Option<TransportEvent> {
        let line = self.lines.get(self.rng.usize(0..self.lines.len().max(1)))?.clone();
        let mut message = NewMessage::text(ContactKey::Phone(line.phone), line.text, now);
        message.profile_name = Some(line.name);
        message.origin = Origin::Demo;
        message.external_id = Some(format!("demo.in.{now}.{}", self.rng.u32(..)));
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
        let delivered = now + self.ack_delay();
        let read = delivered + self.ack_delay();
        for (due, status) in [(delivered, Status::Delivered), (read, Status::Read)] {
            let event =
                TransportEvent::Status { external_id: external_id.clone(), status, at: due, error: None };
            self.pending.push((due, event));
        }
        SendResult::Sent { external_id }
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
    fn the_shipped_live_lines_parse() {
        assert!(live_lines().len() >= 20);
    }
}
