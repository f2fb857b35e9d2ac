//! What the inbox's contact card shows about a chat's contact: who they are, the operator's note,
//! consent with its history, and the chat's figures.

use rusqlite::params;

use super::{ConsentRecord, Contact, Result, Store};

/// A contact and its chat, as the contact card shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactCard {
    pub chat_id: i64,
    pub contact: Contact,
    pub note: String,
    /// Every consent change, oldest first.
    pub consent: Vec<ConsentRecord>,
    /// The first message (or when the chat was made), ms.
    pub first_at: i64,
    pub messages: i64,
    /// Our newest message, ms.
    pub last_reply_at: Option<i64>,
}

impl Store {
    /// The card of the contact of `chat_id`.
    pub fn contact_card(&self, chat_id: i64) -> Result<ContactCard> {
        let contact = self.chat_contact(chat_id)?;
        let (first_at, messages, last_reply_at) = self.conn.query_row(
            "SELECT coalesce((SELECT min(at) FROM messages WHERE chat_id = ?1),
                        (SELECT created_at FROM chats WHERE id = ?1)),
                    (SELECT count(*) FROM messages WHERE chat_id = ?1),
                    (SELECT max(at) FROM messages WHERE chat_id = ?1 AND direction = 'out')",
            params![chat_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(ContactCard {
            chat_id,
            note: self.note(chat_id)?,
            consent: self.consent_history(contact.id)?,
            contact,
            first_at,
            messages,
            last_reply_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{ContactKey, NewMessage, Store};

    #[test]
    fn the_card_counts_the_chat_and_keeps_the_note() {
        let mut store = Store::open_in_memory().unwrap();
        let key = ContactKey::Phone("34600111222".into());
        store.insert_messages(&[NewMessage::text(key.clone(), "hola", 1_000)]).unwrap();
        let chat = store.chat_id(&key).unwrap().unwrap();
        store.set_note(chat, "prefers mornings").unwrap();
        let card = store.contact_card(chat).unwrap();
        assert_eq!((card.first_at, card.messages, card.last_reply_at), (1_000, 1, None));
        assert_eq!(card.note, "prefers mornings");
        assert_eq!(card.contact.phone.as_deref(), Some("34600111222"));
    }
}
