//! `smb_message_echoes`: what the owner sent from the WhatsApp Business app on the phone, posted
//! back so that the inbox sees phone replies too. Each echo reads like an inbound message (same
//! types, same edits and revokes), except that the customer is `to`, not `from`.

use serde_json::Value;

use super::sender::digits_only;
use super::{InboundMessage, WebhookEvent, content, list, text, unix_time};

/// Every echo of the change `value`, in order; an echo without an id or a customer is `Skipped`.
pub(super) fn parse(value: &Value, events: &mut Vec<WebhookEvent>) {
    let phone_number_id = value.pointer("/metadata/phone_number_id").and_then(Value::as_str);
    for echo in list(value, "message_echoes") {
        events.push(match parse_echo(echo, phone_number_id) {
            Ok(m) => WebhookEvent::Echo(m),
            Err(reason) => WebhookEvent::Skipped { field: "smb_message_echoes", reason: reason.into() },
        });
    }
}

fn parse_echo(echo: &Value, phone_number_id: Option<&str>) -> Result<InboundMessage, &'static str> {
    let external_id = text(echo, "id").filter(|id| !id.is_empty()).ok_or("an echo without an id")?;
    let phone = text(echo, "to").and_then(digits_only);
    let user_id = text(echo, "to_user_id").map(String::from);
    if phone.is_none() && user_id.is_none() {
        return Err("an echo that names no customer (no `to`)");
    }
    let content = content::of(echo, &[]);
    Ok(InboundMessage {
        external_id: external_id.to_string(),
        phone_number_id: phone_number_id.map(String::from),
        from_phone: phone,
        from_user_id: user_id,
        profile_name: None,
        at: unix_time(echo.get("timestamp")),
        kind: content.kind,
        body: content.body,
        media: content.media,
        context: content.context,
        reaction: content.reaction,
        amends: content.amends,
        // The business's own message: no ad referral, no customer username.
        extras: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::transport::cloud::webhook::{Amend, parse as parse_body};
    use serde_json::json;

    fn body(echoes: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({"entry": [{"changes": [{"field": "smb_message_echoes", "value": {
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "PNID"},
            "message_echoes": echoes}}]}]}))
        .unwrap()
    }

    #[test]
    fn an_echo_names_the_customer_it_went_to() {
        let events = parse_body(&body(json!([{"from": "15550783881", "to": "+1 650 555 1234",
            "id": "wamid.E1", "timestamp": "1739321024", "type": "text", "text": {"body": "Yes"}}])))
        .unwrap();
        let [WebhookEvent::Echo(m)] = events.as_slice() else { panic!("{events:?}") };
        assert_eq!((m.from_phone.as_deref(), m.external_id.as_str()), (Some("16505551234"), "wamid.E1"));
        assert_eq!((m.kind, m.body.as_str(), m.at.timestamp()), (Kind::Text, "Yes", 1_739_321_024));
        assert_eq!(m.phone_number_id.as_deref(), Some("PNID"));
    }

    #[test]
    fn echoes_of_edits_and_revokes_name_the_message_they_change() {
        let events = parse_body(&body(json!([
            {"to": "1", "id": "wamid.E2", "timestamp": "5", "type": "edit",
             "edit": {"original_message_id": "wamid.E1", "message": {"type": "text", "text": {"body": "Yes!"}}}},
            {"to": "1", "id": "wamid.E3", "timestamp": "6", "type": "revoke",
             "revoke": {"original_message_id": "wamid.E1"}}
        ])))
        .unwrap();
        let [WebhookEvent::Echo(edit), WebhookEvent::Echo(revoke)] = events.as_slice() else { panic!() };
        assert_eq!(edit.amends, Some(Amend::Edited { original_id: "wamid.E1".into() }));
        assert_eq!(edit.body, "Yes!");
        assert_eq!(revoke.amends, Some(Amend::Deleted { original_id: "wamid.E1".into() }));
    }

    #[test]
    fn echoes_without_an_id_or_a_customer_are_skipped_and_the_rest_kept() {
        let events = parse_body(&body(json!([
            {"from": "15550783881", "id": "wamid.E4", "type": "text", "text": {"body": "to whom?"}},
            {"to": "1", "type": "text"},
            7,
            {"to": "1", "id": "wamid.E5", "type": "text", "text": {"body": "kept"}}
        ])))
        .unwrap();
        let skipped = events.iter().filter(|e| matches!(e, WebhookEvent::Skipped { .. })).count();
        assert_eq!((events.len(), skipped), (4, 3));
        assert!(matches!(&events[3], WebhookEvent::Echo(m) if m.body == "kept"));
    }
}
