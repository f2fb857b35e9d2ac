//! Messages held back because the provider refused the access token: due again at once when the
//! operator gives `wabi serve` a new token (SIGHUP), instead of after the pause.

use rusqlite::params;

use super::{Result, Store};

/// Every reason the outbox records for a send refused for its credentials contains this.
pub const PAUSED_REASON: &str = "sending paused";

impl Store {
    /// Makes queued outbound messages that wait out an access-token pause due at `now`; returns
    /// how many. Rate-limit backoffs and scheduled broadcasts keep their times.
    pub fn resume_paused_sends(&mut self, now: i64) -> Result<usize> {
        let n = self.conn.execute(
            "UPDATE messages SET next_attempt_at = ?1
             WHERE status = 'queued' AND direction = 'out' AND next_attempt_at > ?1
               AND instr(error_reason, ?2) > 0",
            params![now, PAUSED_REASON],
        )?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;
    use crate::store::{ContactKey, NewOutbound, now_ms};

    #[test]
    fn only_messages_paused_for_the_token_become_due() {
        let mut store = Store::open_in_memory().unwrap();
        let chat_id = store.ensure_chat(&ContactKey::Phone("34600111222".into())).unwrap();
        let mut queue = |body: &str| {
            let m = NewOutbound { chat_id, body: body.into(), origin: Origin::Operator, reply_to: None };
            store.queue_outbound(&m).unwrap()
        };
        let (paused, limited) = (queue("a"), queue("b"));
        let now = now_ms();
        let claimed = store.claim_outbox(now, 10).unwrap();
        assert_eq!(claimed.len(), 2);
        store
            .retry_later(paused, now + 60_000, "access token refused, sending paused: (#190) expired")
            .unwrap();
        store.retry_later(limited, now + 60_000, "(#130429) rate limit hit").unwrap();
        assert!(store.claim_outbox(now + 1, 10).unwrap().is_empty());
        assert_eq!(store.resume_paused_sends(now + 1).unwrap(), 1);
        let due: Vec<i64> = store.claim_outbox(now + 1, 10).unwrap().iter().map(|i| i.id).collect();
        assert_eq!(due, [paused], "the rate-limited one keeps its backoff");
        assert_eq!(store.resume_paused_sends(now + 2).unwrap(), 0, "a claimed message is not queued");
    }
}
