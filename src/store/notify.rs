//! Bulk notifications (`wabi send --template NAME --csv FILE`): one template message per row, each
//! with its own parameters, recorded as a broadcast without a list so that pacing, consent,
//! figures and `broadcast.done` work as for any broadcast.

use rusqlite::{Transaction, params};

use super::broadcast_send::{BroadcastPlan, Target, paced_start_tx, plan_copies, queue_copy_tx};
use super::cloud::OutboundTemplate;
use super::contacts::{ContactKey, ensure_chat_tx};
use super::{Result, Store, StoreError};
use crate::broadcast::{Delivery, Member, Rules, SkipReason};
use crate::consent::ConsentState;

/// What queuing a file of notifications did: the broadcast recording it, how many were queued,
/// and each skipped row (its index in the input) with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyReport {
    pub broadcast_id: i64,
    pub queued: usize,
    pub skipped: Vec<(usize, SkipReason)>,
}

impl Store {
    /// Queues `rows` (recipient, filled template) in one transaction, paced like broadcasts and
    /// skipping whoever opted out (or, with `require_opt_in`, never opted in). `source` names the
    /// file in the broadcast record. `plan.template` and `plan.text` are not used.
    pub fn send_notifications(
        &mut self,
        source: &str,
        rows: &[(ContactKey, OutboundTemplate)],
        plan: &BroadcastPlan,
    ) -> Result<NotifyReport> {
        let Some((_, first)) = rows.first() else {
            return Err(StoreError::Invalid("no rows to send".into()));
        };
        let shape = OutboundTemplate { params: Vec::new(), ..first.clone() };
        let shape =
            serde_json::to_string(&shape).map_err(|e| StoreError::Invalid(format!("template: {e}")))?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO broadcasts (list_id, list_name, body, template, created_at) VALUES (NULL, ?1, '', ?2, ?3)",
            params![source, shape, plan.now],
        )?;
        let broadcast_id = tx.last_insert_rowid();
        let mut targets = Vec::with_capacity(rows.len());
        for (key, _) in rows {
            let chat_id = ensure_chat_tx(&tx, key, None, plan.now)?;
            targets.push(target_tx(&tx, chat_id, plan.now)?);
        }
        let rules =
            Rules { require_opt_in: plan.require_opt_in, window: false, has_text: false, has_template: true };
        let copies = plan_copies(&targets, &rules, plan.pacing, plan.now, paced_start_tx(&tx, plan)?);
        let mut report = NotifyReport { broadcast_id, queued: 0, skipped: Vec::new() };
        for (i, ((target, (delivery, due)), (_, template))) in
            targets.iter().zip(copies).zip(rows).enumerate()
        {
            let (message_id, skipped) = match delivery {
                Delivery::Skip(reason) => {
                    report.skipped.push((i, reason));
                    (None, Some(reason.as_str()))
                }
                _ => {
                    let json = serde_json::to_string(template)
                        .map_err(|e| StoreError::Invalid(format!("template: {e}")))?;
                    report.queued += 1;
                    let id =
                        queue_copy_tx(&tx, target.chat_id, &template.readable(), Some(&json), due, plan.now)?;
                    (Some(id), None)
                }
            };
            tx.prepare_cached(
                "INSERT INTO broadcast_recipients (broadcast_id, contact_id, message_id, skipped)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![broadcast_id, target.contact_id, message_id, skipped])?;
        }
        finish_if_nothing_queued_tx(&tx, broadcast_id, plan.now)?;
        tx.commit()?;
        Ok(report)
    }
}

/// A broadcast that queued nothing (everyone skipped) is done at once.
pub(super) fn finish_if_nothing_queued_tx(tx: &Transaction<'_>, broadcast_id: i64, now: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE broadcasts SET done_at = ?2 WHERE id = ?1 AND done_at IS NULL AND NOT EXISTS
             (SELECT 1 FROM broadcast_recipients WHERE broadcast_id = ?1 AND message_id IS NOT NULL)",
    )?
    .execute(params![broadcast_id, now])?;
    Ok(())
}

/// One chat as a broadcast target: consent now, last inbound, last outbound (sent or due).
fn target_tx(tx: &Transaction<'_>, chat_id: i64, now: i64) -> Result<Target> {
    let since = now - crate::transport::cloud::window::WINDOW_MS;
    Ok(tx
        .prepare_cached(
            "SELECT ch.contact_id, ch.id, ch.last_inbound_at,
                 (SELECT state FROM consent_history h WHERE h.contact_id = ch.contact_id
                     ORDER BY h.at DESC, h.id DESC LIMIT 1),
                 (SELECT max(max(o.at, coalesce(o.next_attempt_at, o.at),
                         CASE WHEN o.status = 'sending' OR o.status = 'sent' THEN o.status_at ELSE 0 END))
                     FROM messages o WHERE o.chat_id = ch.id AND o.direction = 'out'
                         AND (o.at >= ?2 OR o.status = 'queued'))
             FROM chats ch WHERE ch.id = ?1",
        )?
        .query_row(params![chat_id, since], |r| {
            let state: Option<String> = r.get(3)?;
            Ok(Target {
                contact_id: r.get(0)?,
                chat_id: r.get(1)?,
                member: Member {
                    consent: state.and_then(|s| s.parse().ok()).unwrap_or(ConsentState::Unknown),
                    last_inbound_at: r.get(2)?,
                    last_outbound_at: r.get(4)?,
                },
                // A template row carries its own values: no name placeholders to fill.
                customer: [None, None, None],
            })
        })?)
}
