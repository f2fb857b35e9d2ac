//! Who sent an inbound message: phone number, business-scoped user id and profile name, taken
//! from the message and matched against the change's `contacts` list.

use serde_json::Value;

use super::text;

/// Who sent a message, from the message itself and the change's `contacts` list.
pub(super) struct Sender {
    pub phone: Option<String>,
    pub user_id: Option<String>,
    pub name: Option<String>,
}

impl Sender {
    pub fn of(msg: &Value, contacts: &[Value]) -> Sender {
        let phone = text(msg, "from").and_then(digits_only);
        let user_id = text(msg, "from_user_id").map(String::from);
        let matches = |c: &&Value| {
            (phone.is_some() && text(c, "wa_id").and_then(digits_only) == phone)
                || (user_id.is_some() && text(c, "user_id").map(String::from) == user_id)
        };
        // A message that names no sender at all still belongs to the change's only contact.
        let contact = contacts.iter().find(matches).or_else(|| match contacts {
            [only] if phone.is_none() && user_id.is_none() => Some(only),
            _ => None,
        });
        let contact_text = |key: &str| contact.and_then(|c| text(c, key));
        Sender {
            phone: phone.or_else(|| contact_text("wa_id").and_then(digits_only)),
            user_id: user_id.or_else(|| contact_text("user_id").map(String::from)),
            name: contact.and_then(|c| c.pointer("/profile/name")).and_then(Value::as_str).map(String::from),
        }
    }
}

/// The digits of a phone number (`+1 555-0100` → `15550100`); `None` when it has none.
pub(super) fn digits_only(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sender_is_matched_to_its_own_contact_among_several() {
        let contacts = [
            json!({"profile": {"name": "Ann"}, "wa_id": "111", "user_id": "US.1"}),
            json!({"profile": {"name": "Bob"}, "wa_id": "222", "user_id": "US.2"}),
        ];
        let bob = Sender::of(&json!({"from": "222"}), &contacts);
        assert_eq!((bob.name.as_deref(), bob.user_id.as_deref()), (Some("Bob"), Some("US.2")));
        let by_user_id = Sender::of(&json!({"from_user_id": "US.1"}), &contacts);
        assert_eq!((by_user_id.name.as_deref(), by_user_id.phone.as_deref()), (Some("Ann"), Some("111")));
        let stranger = Sender::of(&json!({"from": "333"}), &contacts);
        assert_eq!((stranger.phone.as_deref(), stranger.name), (Some("333"), None));
    }

    #[test]
    fn message_naming_no_sender_belongs_to_the_only_contact() {
        let contacts = [json!({"profile": {"name": "Ann"}, "wa_id": "111"})];
        let sender = Sender::of(&json!({"from": "<placeholder>"}), &contacts);
        assert_eq!((sender.phone.as_deref(), sender.name.as_deref()), (Some("111"), Some("Ann")));
        let two = [contacts[0].clone(), json!({"wa_id": "222"})];
        assert_eq!(Sender::of(&json!({}), &two).phone, None);
    }

    #[test]
    fn phone_numbers_keep_digits_only() {
        assert_eq!(digits_only("+1 (555) 010-0"), Some("15550100".to_string()));
        assert_eq!(digits_only("<WHATSAPP_USER_PHONE_NUMBER>"), None);
    }
}
