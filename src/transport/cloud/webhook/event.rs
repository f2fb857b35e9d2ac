//! What a webhook POST reports, as plain data for the store: inbound messages and delivery
//! status updates.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::{Kind, Status};

/// One thing a webhook POST reported.
// Events live briefly in one Vec per POST; boxing each message would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum WebhookEvent {
    Message(InboundMessage),
    Status(StatusUpdate),
    /// A template's status changed, or a customer stopped or resumed marketing in WhatsApp.
    #[serde(skip_serializing)]
    Account(crate::store::AccountChange),
    /// A message the owner sent from the WhatsApp Business app (`smb_message_echoes`); its
    /// `from_phone` / `from_user_id` name the customer it went to.
    Echo(InboundMessage),
    /// One chunk of the phone's chat history (`history`).
    History(super::history::HistoryChunk),
    /// A contact the owner saved or removed in the app (`smb_app_state_sync`).
    Contact(super::app_state::ContactSync),
    /// An item that could not be read (no id, no customer, not an object…): logged and counted.
    Skipped {
        field: &'static str,
        reason: String,
    },
}

/// A message a customer sent to the business number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InboundMessage {
    /// The provider id (`wamid…`); the store dedupes on it.
    pub external_id: String,
    /// `metadata.phone_number_id` of the business number that received it.
    pub phone_number_id: Option<String>,
    /// The customer's phone number, digits only. Absent for customers known only by user id.
    pub from_phone: Option<String>,
    /// The business-scoped user id (`from_user_id` / `contacts[].user_id`), e.g. `US.1349…`.
    pub from_user_id: Option<String>,
    /// The customer's WhatsApp profile name, when the webhook names the sender.
    pub profile_name: Option<String>,
    /// When the customer sent it. The Unix epoch if the webhook had no readable timestamp.
    pub at: DateTime<Utc>,
    pub kind: Kind,
    /// Readable text for every kind (never empty except for a text message with an empty body).
    pub body: String,
    pub media: Option<Media>,
    pub context: Option<Context>,
    /// Set for `Kind::Reaction`: which message it reacts to. An empty emoji removes the reaction.
    pub reaction: Option<Reaction>,
    /// Set when this message edits or deletes an earlier one instead of being a new message.
    pub amends: Option<Amend>,
    /// The ad that brought the customer (`referral`) and their WhatsApp username.
    #[serde(skip)]
    pub extras: crate::store::InboundExtras,
}

/// A media attachment, to be fetched on demand by id (GET /{media-id}).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Media {
    pub id: String,
    pub mime_type: Option<String>,
    pub filename: Option<String>,
    pub caption: Option<String>,
    pub sha256: Option<String>,
    /// A direct download url, which newer webhooks include; it still needs the access token.
    pub url: Option<String>,
    /// A voice note (push-to-talk) rather than an audio file.
    pub voice: bool,
}

/// What the customer's message refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Context {
    /// The wamid of the message it quotes (or whose button was pressed).
    pub reply_to: Option<String>,
    pub forwarded: bool,
    pub frequently_forwarded: bool,
}

/// A reaction to an earlier message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reaction {
    pub message_id: String,
    /// Empty when the customer removed their reaction.
    pub emoji: String,
}

/// An inbound message that changes an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Amend {
    /// The customer edited `original_id`; kind, body and media are the new content.
    Edited { original_id: String },
    /// The customer deleted `original_id` for everyone.
    Deleted { original_id: String },
}

/// A delivery report for a message the business sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusUpdate {
    pub external_id: String,
    /// Sent, Delivered, Read (also for "played" voice notes) or Failed.
    pub status: Status,
    pub at: DateTime<Utc>,
    /// Phone number or user id of the recipient.
    pub recipient: Option<String>,
    /// The first error Meta gave, when it gave one (usually with Failed).
    pub error: Option<SendError>,
    /// What the message costs (`pricing`), when the status says.
    #[serde(skip)]
    pub pricing: Option<crate::store::Pricing>,
}

/// An error Meta reported about a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SendError {
    pub code: i64,
    pub title: String,
    pub details: Option<String>,
}
