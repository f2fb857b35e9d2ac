//! `smb_app_state_sync`: contacts the owner saved (`add`, also for edits) or removed in the
//! WhatsApp Business app.

use serde::Serialize;
use serde_json::Value;

use super::sender::digits_only;
use super::{WebhookEvent, list, text, unix_time};

/// A contact saved or removed on the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactSync {
    /// Digits only.
    pub phone: String,
    /// `Some((full name, first name))` for `add`; `None` for `remove`.
    pub saved: Option<(String, Option<String>)>,
    /// Unix milliseconds of the change; 0 when it gave none.
    pub at: i64,
}

/// Every `state_sync[]` item of the change `value`; unreadable ones are `Skipped`.
pub(super) fn parse(value: &Value, events: &mut Vec<WebhookEvent>) {
    for item in list(value, "state_sync") {
        events.push(match contact(item) {
            Ok(c) => WebhookEvent::Contact(c),
            Err(reason) => WebhookEvent::Skipped { field: "smb_app_state_sync", reason: reason.into() },
        });
    }
}

fn contact(item: &Value) -> Result<ContactSync, &'static str> {
    if text(item, "type") != Some("contact") {
        return Err("a state sync item that is not a contact");
    }
    let c = item.get("contact").unwrap_or(&Value::Null);
    let phone = text(c, "phone_number").and_then(digits_only).ok_or("a contact without a phone number")?;
    let name = |key: &str| text(c, key).map(str::trim).filter(|n| !n.is_empty()).map(String::from);
    let saved = match text(item, "action") {
        Some("add") => {
            let first = name("first_name");
            let full = name("full_name").or_else(|| first.clone()).ok_or("a contact added without a name")?;
            Some((full, first))
        }
        Some("remove") => None,
        _ => return Err("a contact change that is neither add nor remove"),
    };
    let at = unix_time(item.pointer("/metadata/timestamp")).timestamp_millis();
    Ok(ContactSync { phone, saved, at })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::cloud::webhook::parse as parse_body;
    use serde_json::json;

    #[test]
    fn the_fixture_adds_one_name_and_removes_another() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/fixtures/cloud-api/coexistence/smb_app_state_sync.json"
        );
        let Ok(body) = std::fs::read(path) else { return };
        let events = parse_body(&body).unwrap();
        let [WebhookEvent::Contact(add), WebhookEvent::Contact(remove)] = events.as_slice() else {
            panic!("{events:?}")
        };
        assert_eq!(add.phone, "16505551234");
        assert_eq!(add.saved, Some(("Pablo Morales".to_string(), Some("Pablo".to_string()))));
        assert_eq!(add.at, 1_739_321_024_000);
        assert_eq!((remove.phone.as_str(), &remove.saved), ("16505559999", &None));
    }

    #[test]
    fn unreadable_items_are_skipped() {
        let body = json!({"entry": [{"changes": [{"field": "smb_app_state_sync", "value": {"state_sync": [
            {"type": "contact", "contact": {"full_name": "No Number"}, "action": "add"},
            {"type": "label", "action": "add"},
            {"type": "contact", "contact": {"phone_number": "1"}, "action": "rename"},
            {"type": "contact", "contact": {"phone_number": "1", "first_name": "Ana"}, "action": "add"}
        ]}}]}]});
        let events = parse_body(&serde_json::to_vec(&body).unwrap()).unwrap();
        assert_eq!(events.iter().filter(|e| matches!(e, WebhookEvent::Skipped { .. })).count(), 3);
        let WebhookEvent::Contact(c) = &events[3] else { panic!() };
        assert_eq!(c.saved, Some(("Ana".to_string(), Some("Ana".to_string()))));
    }
}
