//! Sending a broadcast: one private outbox message per allowed member (origin broadcast), each
//! due at its paced time, and a record of who got what and who was skipped and why. Figures of a
//! broadcast follow its messages' statuses.

use std::collections::BTreeMap;

use rusqlite::{Transaction, params};

use super::broadcast::list_by_name;
use super::cloud::OutboundTemplate;
use super::messages::{NewOutbound, queue_outbound_tx};
use super::{Result, Store, StoreError};
use crate::broadcast::{Delivery, Member, Pacing, Rules, SkipReason, decide, schedule};
use crate::consent::ConsentState;
use crate::model::Origin;
use crate::quick_reply::PlaceholderValues;

/// What to send and under which rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BroadcastPlan {
    pub text: Option<String>,
    pub template: Option<OutboundTemplate>,
    pub require_opt_in: bool,
    /// The customer service window applies (Cloud API).
    pub window: bool,
    pub pacing: Pacing,
    pub now: i64,
    /// The values placeholders in the text take for everyone (business, hours); each member's
    /// name and phone are filled in per member.
    pub placeholders: PlaceholderValues,
}

/// A broadcast and how far it got. `sent` counts messages sent or further (delivered, read),
/// `delivered` those delivered or read, `queued` those not yet handed to the transport.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BroadcastFigures {
    pub id: i64,
    pub list: String,
    pub body: String,
    pub template: Option<String>,
    pub at: i64,
    pub recipients: i64,
    pub queued: i64,
    pub sent: i64,
    pub delivered: i64,
    pub read: i64,
    pub failed: i64,
    pub skipped: BTreeMap<SkipReason, i64>,
}

impl BroadcastFigures {
    pub fn skipped_total(&self) -> i64 {
        self.skipped.values().sum()
    }

    /// "3 queued, 5 sent, 4 delivered, 2 read, 0 failed, 1 skipped" with `separator` between the
    /// counts: the CLI and the broadcast screen say the same thing.
    pub fn counts_text(&self, separator: &str) -> String {
        self.counts().iter().map(|(n, what)| format!("{n} {what}")).collect::<Vec<_>>().join(separator)
    }

    /// Each count with its name, in the order the figures are told.
    pub fn counts(&self) -> [(i64, &'static str); 6] {
        [
            (self.queued, "queued"),
            (self.sent, "sent"),
            (self.delivered, "delivered"),
            (self.read, "read"),
            (self.failed, "failed"),
            (self.skipped_total(), "skipped"),
        ]
    }
}

/// A member at the moment of sending, with their chat.
pub(super) struct Target {
    pub(super) contact_id: i64,
    pub(super) chat_id: i64,
    pub(super) member: Member,
    /// Saved name, profile name, phone: for the placeholders.
    pub(super) customer: [Option<String>; 3],
}

/// What one member of a planned broadcast gets: the delivery, when, and the text filled in for them.
pub(super) struct Copy {
    pub(super) delivery: Delivery,
    pub(super) due: i64,
    pub(super) text: String,
}

impl Store {
    /// Queues a broadcast to every allowed member of `list` in one transaction; returns its id.
    pub fn send_broadcast(&mut self, list: &str, plan: &BroadcastPlan) -> Result<i64> {
        let text = plan.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        if text.is_none() && plan.template.is_none() {
            return Err(StoreError::Invalid("a broadcast needs a text or a template".into()));
        }
        let template_json = match &plan.template {
            Some(t) => {
                Some(serde_json::to_string(t).map_err(|e| StoreError::Invalid(format!("template: {e}")))?)
            }
            None => None,
        };
        let tx = self.conn.transaction()?;
        let list = list_by_name(&tx, list)?;
        let (targets, copies) = plan_tx(&tx, list.id, &list.name, plan)?;
        tx.execute(
            "INSERT INTO broadcasts (list_id, list_name, body, template, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![list.id, list.name, text.unwrap_or_default(), template_json, plan.now],
        )?;
        let broadcast_id = tx.last_insert_rowid();
        for (target, copy) in targets.iter().zip(copies) {
            let (message_id, skipped) = match (copy.delivery, &plan.template) {
                (Delivery::Skip(reason), _) => (None, Some(reason.as_str())),
                (Delivery::Template, Some(t)) => {
                    let json = template_json.as_deref();
                    (Some(queue_copy_tx(&tx, target.chat_id, &t.readable(), json, copy.due, plan.now)?), None)
                }
                _ => (Some(queue_copy_tx(&tx, target.chat_id, &copy.text, None, copy.due, plan.now)?), None),
            };
            tx.prepare_cached(
                "INSERT INTO broadcast_recipients (broadcast_id, contact_id, message_id, skipped)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![broadcast_id, target.contact_id, message_id, skipped])?;
        }
        super::notify::finish_if_nothing_queued_tx(&tx, broadcast_id, plan.now)?;
        tx.commit()?;
        Ok(broadcast_id)
    }

    /// The figures of one broadcast.
    pub fn broadcast_figures(&self, id: i64) -> Result<BroadcastFigures> {
        let mut figures = self
            .conn
            .prepare_cached(
                "SELECT b.id, b.list_name, b.body, b.template, b.created_at, count(r.contact_id),
                     count(*) FILTER (WHERE m.status = 'queued' OR m.status = 'sending'),
                     count(*) FILTER (WHERE m.status = 'sent' OR m.status = 'delivered' OR m.status = 'read'),
                     count(*) FILTER (WHERE m.status = 'delivered' OR m.status = 'read'),
                     count(*) FILTER (WHERE m.status = 'read'),
                     count(*) FILTER (WHERE m.status = 'failed')
                 FROM broadcasts b LEFT JOIN broadcast_recipients r ON r.broadcast_id = b.id
                     LEFT JOIN messages m ON m.id = r.message_id
                 WHERE b.id = ?1 GROUP BY b.id",
            )?
            .query_row([id], |r| {
                let template: Option<String> = r.get(3)?;
                Ok(BroadcastFigures {
                    id: r.get(0)?,
                    list: r.get(1)?,
                    body: r.get(2)?,
                    template: template
                        .and_then(|j| serde_json::from_str::<OutboundTemplate>(&j).ok())
                        .map(|t| t.name),
                    at: r.get(4)?,
                    recipients: r.get(5)?,
                    queued: r.get(6)?,
                    sent: r.get(7)?,
                    delivered: r.get(8)?,
                    read: r.get(9)?,
                    failed: r.get(10)?,
                    skipped: BTreeMap::new(),
                })
            })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT skipped, count(*) FROM broadcast_recipients WHERE broadcast_id = ?1 AND skipped IS NOT NULL
             GROUP BY skipped",
        )?;
        for row in stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (reason, n) = row?;
            if let Some(reason) = SkipReason::parse(&reason) {
                figures.skipped.insert(reason, n);
            }
        }
        Ok(figures)
    }

    /// The broadcasts sent to a list, newest first.
    pub fn broadcasts_of_list(&self, list_id: i64, limit: usize) -> Result<Vec<BroadcastFigures>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM broadcasts WHERE list_id = ?1 ORDER BY created_at DESC, id DESC LIMIT ?2",
            )?
            .query_map(params![list_id, limit], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.broadcast_figures(id)).collect()
    }

    /// Each skipped member of a broadcast with the reason: (display name, phone or user id, reason).
    pub fn broadcast_skips(&self, id: i64) -> Result<Vec<(String, String, SkipReason)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT co.saved_name, co.profile_name, co.phone, co.user_id, r.skipped
             FROM broadcast_recipients r JOIN contacts co ON co.id = r.contact_id
             WHERE r.broadcast_id = ?1 AND r.skipped IS NOT NULL ORDER BY co.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            let (phone, user_id): (Option<String>, Option<String>) = (r.get(2)?, r.get(3)?);
            let name = super::contacts::display_name(
                r.get::<_, Option<String>>(0)?.as_deref(),
                r.get::<_, Option<String>>(1)?.as_deref(),
                phone.as_deref(),
                user_id.as_deref(),
            );
            let key = phone.map(|p| crate::phone::display_phone(&p)).or(user_id).unwrap_or_default();
            Ok((name, key, r.get::<_, String>(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (name, key, reason) = row?;
            if let Some(reason) = SkipReason::parse(&reason) {
                out.push((name, key, reason));
            }
        }
        Ok(out)
    }
}

/// Members with their consent, window and last outbound time.
fn targets_tx(tx: &Transaction<'_>, list_id: i64, now: i64) -> Result<Vec<Target>> {
    let mut stmt = tx.prepare_cached(
        "SELECT m.contact_id, ch.id, ch.last_inbound_at,
             (SELECT state FROM consent_history h WHERE h.contact_id = m.contact_id
                 ORDER BY h.at DESC, h.id DESC LIMIT 1),
             (SELECT max(max(o.at, coalesce(o.next_attempt_at, o.at),
                     CASE WHEN o.status = 'sending' OR o.status = 'sent' THEN o.status_at ELSE 0 END))
                 FROM messages o WHERE o.chat_id = ch.id AND o.direction = 'out'
                     AND (o.at >= ?2 OR o.status = 'queued')),
             co.saved_name, co.profile_name, co.phone
         FROM broadcast_members m JOIN chats ch ON ch.contact_id = m.contact_id
             JOIN contacts co ON co.id = m.contact_id
         WHERE m.list_id = ?1 ORDER BY m.added_at, m.contact_id",
    )?;
    // Only the last day of a chat's messages can hold one sent within any sane recipient gap.
    let since = now - crate::transport::cloud::window::WINDOW_MS;
    let rows = stmt.query_map(params![list_id, since], |r| {
        let state: Option<String> = r.get(3)?;
        Ok(Target {
            contact_id: r.get(0)?,
            chat_id: r.get(1)?,
            member: Member {
                consent: state.and_then(|s| s.parse().ok()).unwrap_or(ConsentState::Unknown),
                last_inbound_at: r.get(2)?,
                last_outbound_at: r.get(4)?,
            },
            customer: [r.get(5)?, r.get(6)?, r.get(7)?],
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every member of a list with what they get, when, and their own text; a placeholder that has
/// no value for a member getting the text, and no fallback, refuses the whole broadcast naming it.
pub(super) fn plan_tx(
    tx: &Transaction<'_>,
    list_id: i64,
    list_name: &str,
    plan: &BroadcastPlan,
) -> Result<(Vec<Target>, Vec<Copy>)> {
    let text = plan.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let targets = targets_tx(tx, list_id, plan.now)?;
    if targets.is_empty() {
        return Err(StoreError::Invalid(format!("broadcast list {list_name:?} has no members")));
    }
    let rules = Rules {
        require_opt_in: plan.require_opt_in,
        window: plan.window,
        has_text: text.is_some(),
        has_template: plan.template.is_some(),
    };
    let timed = plan_copies(&targets, &rules, plan.pacing, plan.now, paced_start_tx(tx, plan)?);
    let mut copies = Vec::with_capacity(targets.len());
    for (target, (delivery, due)) in targets.iter().zip(timed) {
        let text = match (delivery, text) {
            (Delivery::Text, Some(text)) => member_text(text, &plan.placeholders, target)?,
            _ => String::new(),
        };
        copies.push(Copy { delivery, due, text });
    }
    Ok((targets, copies))
}

/// The text as one member gets it.
fn member_text(text: &str, base: &PlaceholderValues, target: &Target) -> Result<String> {
    let [saved_name, profile_name, phone] = target.customer.clone();
    let values = PlaceholderValues { saved_name, profile_name, phone, ..base.clone() };
    let filled = crate::quick_reply::expand(text, &|key| values.get(key));
    match filled.unresolved.first().and_then(|r| filled.text.get(r.clone())) {
        None => Ok(filled.text),
        Some(placeholder) => {
            let who = values.get("phone").unwrap_or_else(|| format!("contact {}", target.contact_id));
            let key = placeholder.trim_start_matches('{').trim_end_matches('}').trim();
            Err(StoreError::Invalid(format!(
                "{placeholder} has no value for {who} and no fallback: write {{{{{key}|…}}}} with a fallback"
            )))
        }
    }
}

/// What each target gets and when it is due (skipped ones get `start`, unused).
pub(super) fn plan_copies(
    targets: &[Target],
    rules: &Rules,
    pacing: Pacing,
    now: i64,
    start: i64,
) -> Vec<(Delivery, i64)> {
    let decisions: Vec<Delivery> = targets.iter().map(|t| decide(rules, &t.member, now)).collect();
    let sending: Vec<usize> =
        (0..targets.len()).filter(|&i| !matches!(decisions[i], Delivery::Skip(_))).collect();
    let last: Vec<Option<i64>> = sending.iter().map(|&i| targets[i].member.last_outbound_at).collect();
    let mut out: Vec<(Delivery, i64)> = decisions.into_iter().map(|d| (d, start)).collect();
    for (&i, due) in sending.iter().zip(schedule(start, &last, pacing)) {
        out[i].1 = due;
    }
    out
}

/// The first slot free after every broadcast copy still queued, so two broadcasts sent at once
/// share the rate instead of doubling it.
pub(super) fn paced_start_tx(tx: &Transaction<'_>, plan: &BroadcastPlan) -> Result<i64> {
    let last: Option<i64> = tx.query_row(
        "SELECT max(next_attempt_at) FROM messages WHERE status = 'queued' AND origin = 'broadcast'",
        [],
        |r| r.get(0),
    )?;
    Ok(last.map_or(plan.now, |t| plan.now.max(t.saturating_add(plan.pacing.interval_ms))))
}

/// Queues one copy due at `due`.
pub(super) fn queue_copy_tx(
    tx: &Transaction<'_>,
    chat_id: i64,
    body: &str,
    template: Option<&str>,
    due: i64,
    now: i64,
) -> Result<i64> {
    let outbound = NewOutbound { chat_id, body: body.to_string(), origin: Origin::Broadcast, reply_to: None };
    let id = queue_outbound_tx(tx, &outbound, now)?;
    tx.prepare_cached("UPDATE messages SET next_attempt_at = ?2, template = ?3 WHERE id = ?1")?
        .execute(params![id, due, template])?;
    Ok(id)
}
