//! Parts of messages and statuses the account features read: a status's `pricing`, an inbound
//! message's `referral` (click-to-WhatsApp ads) and its sender's username.

use serde_json::Value;

use super::text;
use crate::store::{InboundExtras, Pricing, Referral};

/// `pricing` of a status, when it has one with a `billable` flag.
pub(super) fn pricing(status: &Value) -> Option<Pricing> {
    let p = status.get("pricing")?;
    let word = |key: &str| text(p, key).map(str::trim).filter(|s| !s.is_empty()).map(str::to_ascii_lowercase);
    Some(Pricing {
        billable: p.get("billable").and_then(Value::as_bool)?,
        category: word("category"),
        model: text(p, "pricing_model").map(str::trim).filter(|s| !s.is_empty()).map(str::to_ascii_uppercase),
        kind: word("type"),
    })
}

/// The referral and username of an inbound message whose sender is `phone` / `user_id`.
pub(super) fn of_message(
    msg: &Value,
    contacts: &[Value],
    phone: Option<&str>,
    user_id: Option<&str>,
) -> InboundExtras {
    let contact = contacts.iter().find(|c| {
        (phone.is_some() && text(c, "wa_id").and_then(super::sender::digits_only).as_deref() == phone)
            || (user_id.is_some() && text(c, "user_id") == user_id)
    });
    inbound(msg, contact)
}

/// The referral and username of an inbound message from `contact` (its entry in `contacts`).
fn inbound(msg: &Value, contact: Option<&Value>) -> InboundExtras {
    let referral = msg.get("referral").filter(|r| r.is_object()).map(|r| {
        let field = |key: &str| text(r, key).map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        Referral {
            source_url: field("source_url"),
            source_id: field("source_id"),
            source_type: field("source_type"),
            headline: field("headline"),
            body: field("body"),
            ctwa_clid: field("ctwa_clid"),
        }
    });
    let profile_text = |key: &str| {
        contact.and_then(|c| c.pointer(&format!("/profile/{key}"))).and_then(Value::as_str).map(str::trim)
    };
    InboundExtras {
        referral,
        username: profile_text("username")
            .filter(|u| !u.is_empty())
            .map(|u| u.trim_start_matches('@').to_string()),
        parent_user_id: contact
            .and_then(|c| text(c, "parent_user_id"))
            .filter(|p| !p.trim().is_empty())
            .map(String::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pricing_is_kept_with_category_model_and_type() {
        let s = json!({"pricing": {"billable": true, "pricing_model": "PMP", "category": "marketing",
                                   "type": "regular"}});
        let expected = Pricing {
            billable: true,
            category: Some("marketing".into()),
            model: Some("PMP".into()),
            kind: Some("regular".into()),
        };
        assert_eq!(pricing(&s), Some(expected));
        let free = pricing(&json!({"pricing": {"billable": false, "type": "free_customer_service"}}));
        assert_eq!(free.map(|p| (p.billable, p.kind)), Some((false, Some("free_customer_service".into()))));
        assert_eq!(pricing(&json!({"pricing": {"category": "service"}})), None);
        assert_eq!(pricing(&json!({})), None);
    }

    #[test]
    fn referral_and_username_are_read() {
        let msg = json!({"referral": {"source_url": "https://fb.me/ad", "source_id": "AD1",
            "source_type": "ad", "headline": "Spring roses", "ctwa_clid": "CL1", "image_url": "x"}});
        let contact = json!({"profile": {"name": "Kim", "username": "@kim"}, "parent_user_id": "P.1"});
        let e = inbound(&msg, Some(&contact));
        let r = e.referral.unwrap();
        assert_eq!((r.source_id.as_deref(), r.headline.as_deref()), (Some("AD1"), Some("Spring roses")));
        assert_eq!((e.username.as_deref(), e.parent_user_id.as_deref()), (Some("kim"), Some("P.1")));
        assert_eq!(inbound(&json!({}), None), InboundExtras::default());
    }
}
