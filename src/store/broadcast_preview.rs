//! A broadcast before it is sent: what the first member will read, and how many members get the
//! text, the template or nothing (and why). Nothing is written; the same planning as the send.

use std::collections::BTreeMap;

use super::broadcast::list_by_name;
use super::broadcast_send::{BroadcastPlan, plan_tx};
use super::contacts::display_name;
use super::{Result, Store};
use crate::broadcast::{Delivery, SkipReason};

/// What a broadcast would do if sent now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BroadcastPreview {
    pub members: usize,
    pub text: usize,
    pub template: usize,
    pub skipped: BTreeMap<SkipReason, usize>,
    /// The first member who gets a copy, and the copy as they will read it.
    pub first: Option<(String, String)>,
}

impl BroadcastPreview {
    /// Members who get a copy.
    pub fn reached(&self) -> usize {
        self.text + self.template
    }
}

impl Store {
    /// Plans a broadcast exactly as [`Store::send_broadcast`] would, and writes nothing. A
    /// placeholder without a value for some member and without a fallback is the same error.
    pub fn preview_broadcast(&mut self, list: &str, plan: &BroadcastPlan) -> Result<BroadcastPreview> {
        let tx = self.conn.transaction()?;
        let list = list_by_name(&tx, list)?;
        let (targets, copies) = plan_tx(&tx, list.id, &list.name, plan)?;
        let mut preview = BroadcastPreview { members: targets.len(), ..BroadcastPreview::default() };
        for (target, copy) in targets.iter().zip(&copies) {
            let body = match copy.delivery {
                Delivery::Text => {
                    preview.text += 1;
                    copy.text.clone()
                }
                Delivery::Template => {
                    preview.template += 1;
                    plan.template.as_ref().map(|t| t.readable()).unwrap_or_default()
                }
                Delivery::Skip(reason) => {
                    *preview.skipped.entry(reason).or_default() += 1;
                    continue;
                }
            };
            if preview.first.is_none() {
                let [saved, profile, phone] = &target.customer;
                let name = display_name(saved.as_deref(), profile.as_deref(), phone.as_deref(), None);
                preview.first = Some((name, body));
            }
        }
        // Dropping the transaction rolls back: a preview changes nothing.
        drop(tx);
        Ok(preview)
    }
}
