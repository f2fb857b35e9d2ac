//! Account-level webhook fields: `message_template_status_update` (Meta approved, rejected,
//! paused or disabled a template) and `user_preferences` (a customer stopped or resumed marketing
//! messages inside WhatsApp). Other fields yield nothing here.

use serde_json::Value;

use super::sender::digits_only;
use super::{WebhookEvent, list, text, unix_time};
use crate::store::{AccountChange, ContactKey};

/// The events of one change whose `field` is not `messages`.
pub(super) fn parse(field: &str, value: &Value, events: &mut Vec<WebhookEvent>) {
    match field {
        "message_template_status_update" => events.extend(template_status(value).map(WebhookEvent::Account)),
        "user_preferences" => {
            let contacts = list(value, "contacts");
            for p in list(value, "user_preferences") {
                if let Some(change) = preference(p, contacts) {
                    events.push(WebhookEvent::Account(change));
                }
            }
        }
        _ => {}
    }
}

fn template_status(v: &Value) -> Option<AccountChange> {
    let name = text(v, "message_template_name").filter(|n| !n.trim().is_empty())?;
    let status = text(v, "event").filter(|e| !e.trim().is_empty())?;
    Some(AccountChange::TemplateStatus {
        name: name.to_string(),
        language: text(v, "message_template_language").unwrap_or_default().to_string(),
        status: status.to_ascii_uppercase(),
        reason: text(v, "reason").map(String::from),
    })
}

/// A `marketing_messages` stop or resume; other categories and values are not consent.
fn preference(p: &Value, contacts: &[Value]) -> Option<AccountChange> {
    if text(p, "category") != Some("marketing_messages") {
        return None;
    }
    let stop = match text(p, "value")?.to_ascii_lowercase().as_str() {
        "stop" => true,
        "resume" => false,
        _ => return None,
    };
    let phone = text(p, "wa_id").and_then(digits_only);
    let user_id = text(p, "user_id").or_else(|| text(p, "recipient_user_id")).map(String::from);
    let contact = contacts.iter().find(|c| {
        (phone.is_some() && text(c, "wa_id").and_then(digits_only) == phone)
            || (user_id.is_some() && text(c, "user_id").map(String::from) == user_id)
    });
    let name = contact.and_then(|c| c.pointer("/profile/name")).and_then(Value::as_str).map(String::from);
    let key = match (phone, user_id) {
        (Some(phone), _) => ContactKey::Phone(phone),
        (None, Some(user_id)) => ContactKey::UserId(user_id),
        (None, None) => return None,
    };
    let at = unix_time(p.get("timestamp"));
    Some(AccountChange::MarketingPreference { key, name, stop, at: at.timestamp_millis() })
}

#[cfg(test)]
mod tests {
    use super::super::parse as parse_body;
    use super::*;

    fn fixture(name: &str) -> Option<Vec<u8>> {
        let path = format!("{}/../shared/fixtures/cloud-api/coexistence/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(path).ok()
    }

    #[test]
    fn template_rejection_is_read_from_the_fixture() {
        let Some(body) = fixture("message_template_status_update.json") else { return };
        let expected = AccountChange::TemplateStatus {
            name: "spring_offer".into(),
            language: "en_US".into(),
            status: "REJECTED".into(),
            reason: Some("INCORRECT_CATEGORY".into()),
        };
        assert_eq!(parse_body(&body).unwrap(), vec![WebhookEvent::Account(expected)]);
    }

    #[test]
    fn marketing_stop_is_read_from_the_fixture_with_the_contact_name() {
        let Some(body) = fixture("user_preferences.json") else { return };
        let expected = AccountChange::MarketingPreference {
            key: ContactKey::Phone("16505551234".into()),
            name: Some("Pablo Morales".into()),
            stop: true,
            at: 1_739_321_024_000,
        };
        assert_eq!(parse_body(&body).unwrap(), vec![WebhookEvent::Account(expected)]);
    }

    #[test]
    fn resume_other_categories_and_anonymous_preferences() {
        let resume = serde_json::json!({"wa_id": "1", "category": "marketing_messages", "value": "resume"});
        assert!(matches!(
            preference(&resume, &[]),
            Some(AccountChange::MarketingPreference { stop: false, .. })
        ));
        for odd in [
            serde_json::json!({"wa_id": "1", "category": "other", "value": "stop"}),
            serde_json::json!({"wa_id": "1", "category": "marketing_messages", "value": "maybe"}),
            serde_json::json!({"category": "marketing_messages", "value": "stop"}),
        ] {
            assert_eq!(preference(&odd, &[]), None, "{odd}");
        }
        assert_eq!(template_status(&serde_json::json!({"event": "APPROVED"})), None);
    }
}
