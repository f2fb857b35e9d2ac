//! Every webhook case from the pywa project (../shared/fixtures/cloud-api/pywa) and the real signed
//! Compiled only under #[cfg(test)], from its parent module.
//! body. Skipped, with a note on stderr, when the fixtures folder is absent (a user's clone).

use serde_json::Value;

use super::*;
use crate::model::{Kind, Status};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/cloud-api");

/// The cases of one pywa file as (name, body bytes), or `None` when the fixtures are absent.
fn cases(file: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let Ok(raw) = std::fs::read(format!("{FIXTURES}/pywa/{file}")) else {
        crate::errln!("skipped: {FIXTURES} is absent");
        return None;
    };
    let all: serde_json::Map<String, Value> = serde_json::from_slice(&raw).unwrap();
    Some(all.into_iter().map(|(name, body)| (name, serde_json::to_vec(&body).unwrap())).collect())
}

/// The single event of each case of `file`, by case name.
fn single_events(file: &str) -> Option<Vec<(String, WebhookEvent)>> {
    let cases = cases(file)?;
    Some(
        cases
            .into_iter()
            .map(|(name, body)| {
                let mut events = parse(&body).unwrap_or_else(|e| panic!("{file} {name}: {e}"));
                assert_eq!(events.len(), 1, "{file} {name}: {events:?}");
                (name, events.remove(0))
            })
            .collect(),
    )
}

fn messages(file: &str) -> Option<Vec<(String, InboundMessage)>> {
    let events = single_events(file)?;
    Some(
        events
            .into_iter()
            .map(|(name, event)| match event {
                WebhookEvent::Message(m) => (name, m),
                other => panic!("{file} {name}: expected a message, got {other:?}"),
            })
            .collect(),
    )
}

/// Checks each case's kind and body against `expected` (case, kind, body); it must name them all.
fn assert_kinds_and_bodies(file: &str, expected: &[(&str, Kind, &str)]) {
    let Some(messages) = messages(file) else {
        return;
    };
    assert_eq!(messages.len(), expected.len(), "{file}: a case is untested or missing");
    for (name, m) in &messages {
        let Some((_, kind, body)) = expected.iter().find(|(case, ..)| case == name) else {
            panic!("{file}: case {name} has no expectation");
        };
        assert_eq!((m.kind, m.body.as_str()), (*kind, *body), "{file} {name}");
    }
}

fn message(file: &str, case: &str) -> Option<InboundMessage> {
    messages(file)?.into_iter().find(|(name, _)| name == case).map(|(_, m)| m)
}

#[test]
fn every_pywa_message_case_has_its_kind_and_a_readable_body() {
    assert_kinds_and_bodies(
        "message.json",
        &[
            ("text", Kind::Text, "Body Text"),
            ("image", Kind::Image, "[image]"),
            ("media_with_url", Kind::Image, "[image]"),
            ("video", Kind::Video, "caption"),
            ("document", Kind::Document, "caption"),
            ("audio", Kind::Audio, "[audio]"),
            ("voice", Kind::Audio, "[voice message]"),
            ("static_sticker", Kind::Sticker, "[sticker]"),
            ("animated_sticker", Kind::Sticker, "[sticker]"),
            ("reaction", Kind::Reaction, "😮"),
            ("unreaction_empty", Kind::Reaction, "[reaction removed]"),
            ("unreaction_no_emoji", Kind::Reaction, "[reaction removed]"),
            ("current_location", Kind::Location, "📍 (12.25089, 43.90539)"),
            (
                "chosen_location",
                Kind::Location,
                "📍 Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025 (37.4611978, -122.2164385)",
            ),
            (
                "contacts",
                Kind::Contacts,
                "👤 Chandler Bing +1 555-555-5555\n👤 Monica +1 666-666-6666\n👤 Rachel Green +1 777-777-7777",
            ),
            (
                "order",
                Kind::Interactive,
                "🛒 order: 7 items (3× HAMBURGER, 2× FRENCH_FRIES, 2× SODA), 180 ILS",
            ),
            ("unsupported", Kind::Unsupported, "[unsupported message: Message type unknown]"),
            ("unsupported_with_type", Kind::Unsupported, "[unsupported message: pool]"),
            ("reply", Kind::Text, "replied text"),
            ("forwarded", Kind::Text, "forwarded text"),
            ("forwarded_many_times", Kind::Text, "text forwarded many times"),
            ("interactive_message_with_err", Kind::Unsupported, "[unsupported message: interactive]"),
            ("referral", Kind::Text, "BODY"),
        ],
    );
}

#[test]
fn every_pywa_callback_system_edit_and_delete_case_has_its_kind_and_body() {
    assert_kinds_and_bodies(
        "callback_button.json",
        &[
            ("button", Kind::Interactive, "title"),
            ("quick_reply", Kind::Interactive, "title"),
            ("quick_reply_without_context", Kind::Interactive, "title"),
        ],
    );
    assert_kinds_and_bodies(
        "callback_selection.json",
        &[("callback", Kind::Interactive, "title"), ("description", Kind::Interactive, "title")],
    );
    assert_kinds_and_bodies(
        "system.json",
        &[
            ("phone_number_change", Kind::System, "User A changed from 972987654321 to 972912345678"),
            ("identity_change", Kind::System, "User identity changed"),
        ],
    );
    assert_kinds_and_bodies("edited_message.json", &[("image", Kind::Image, "Updated image caption")]);
    assert_kinds_and_bodies("deleted_message.json", &[("revoke", Kind::System, "[message deleted]")]);
}

#[test]
fn pywa_text_names_sender_by_phone_user_id_and_profile() {
    let Some(m) = message("message.json", "text") else {
        return;
    };
    assert_eq!(m.external_id, "wamid.xyzxyz");
    assert_eq!(m.phone_number_id.as_deref(), Some("1122334455667"));
    assert_eq!(m.from_phone.as_deref(), Some("972987654321"));
    assert_eq!(m.from_user_id.as_deref(), Some("US.13491208655302741918"));
    assert_eq!(m.profile_name.as_deref(), Some("Test Name"));
    assert_eq!(m.at.timestamp(), 1_697_043_223);
    assert_eq!((m.media, m.context, m.reaction, m.amends), (None, None, None, None));
}

#[test]
fn pywa_media_cases_keep_id_mime_filename_url_and_voice() {
    let Some(doc) = message("message.json", "document") else {
        return;
    };
    let media = doc.media.unwrap();
    assert_eq!((media.id.as_str(), media.filename.as_deref()), ("1234567890987654321", Some("filename.pdf")));
    assert_eq!(
        (media.mime_type.as_deref(), media.caption.as_deref()),
        (Some("application/pdf"), Some("caption"))
    );
    let with_url = message("message.json", "media_with_url").unwrap().media.unwrap();
    assert!(with_url.url.unwrap().starts_with("https://lookaside.fbsbx.com/"));
    assert!(message("message.json", "voice").unwrap().media.unwrap().voice);
    assert!(!message("message.json", "audio").unwrap().media.unwrap().voice);
}

#[test]
fn pywa_reactions_point_at_the_message_and_empty_emoji_removes() {
    let Some(m) = message("message.json", "reaction") else {
        return;
    };
    let reacted = Reaction { message_id: "wamid.yzxyzx=".to_string(), emoji: "😮".to_string() };
    assert_eq!(m.reaction, Some(reacted));
    for case in ["unreaction_empty", "unreaction_no_emoji"] {
        let removed = message("message.json", case).unwrap().reaction.unwrap();
        assert_eq!((removed.message_id.as_str(), removed.emoji.as_str()), ("wamid.yzxyzx=", ""), "{case}");
    }
}

#[test]
fn pywa_context_keeps_reply_and_forwarding() {
    let Some(reply) = message("message.json", "reply") else {
        return;
    };
    assert_eq!(reply.context.unwrap().reply_to.as_deref(), Some("wamid.xyzxyz=="));
    let forwarded = message("message.json", "forwarded").unwrap().context.unwrap();
    assert!(forwarded.forwarded && !forwarded.frequently_forwarded && forwarded.reply_to.is_none());
    let many = message("message.json", "forwarded_many_times").unwrap().context.unwrap();
    assert!(many.frequently_forwarded);
    let button = message("callback_button.json", "button").unwrap().context.unwrap();
    assert_eq!(button.reply_to.as_deref(), Some("wamid.xyzxyz"));
}

#[test]
fn pywa_edit_and_delete_point_at_the_original_message() {
    let Some(edit) = message("edited_message.json", "image") else {
        return;
    };
    let original = "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=".to_string();
    assert_eq!(edit.amends, Some(Amend::Edited { original_id: original }));
    assert_eq!(edit.media.unwrap().id, "1234567890");
    assert_eq!(edit.context.unwrap().reply_to.as_deref(), Some("M0"));
    let revoke = message("deleted_message.json", "revoke").unwrap();
    let original = "<ORIGINAL_WHATSAPP_MESSAGE_ID>".to_string();
    assert_eq!(revoke.amends, Some(Amend::Deleted { original_id: original }));
}

#[test]
fn pywa_system_message_without_contacts_still_names_the_phone() {
    let Some(m) = message("system.json", "phone_number_change") else {
        return;
    };
    assert_eq!((m.from_phone.as_deref(), m.profile_name), (Some("972987654321"), None));
}

#[test]
fn pywa_button_with_from_user_id_keeps_it() {
    let Some(m) = message("callback_button.json", "quick_reply_without_context") else {
        return;
    };
    assert_eq!(m.from_user_id.as_deref(), Some("US.13491208655302741918"));
    assert_eq!(m.context, None);
}

#[test]
fn every_pywa_status_case_maps_to_a_wabi_status() {
    let Some(events) = single_events("message_status.json") else {
        return;
    };
    for (name, event) in events {
        let WebhookEvent::Status(s) = event else { panic!("{name}: not a status") };
        let expected = match name.as_str() {
            "sent" | "with_tracker" => Status::Sent,
            "delivered" => Status::Delivered,
            "read" | "played" | "group" => Status::Read,
            "failed" => Status::Failed,
            other => panic!("untested status case {other}"),
        };
        assert_eq!(s.status, expected, "{name}");
        assert!(s.recipient.is_some() && s.at.timestamp() > 0, "{name}");
        assert_eq!(s.error.is_some(), name == "failed", "{name}");
    }
}

#[test]
fn pywa_failed_status_keeps_code_title_and_details() {
    let Some(events) = single_events("message_status.json") else {
        return;
    };
    let failed = events.into_iter().find(|(name, _)| name == "failed").map(|(_, e)| e);
    let Some(WebhookEvent::Status(s)) = failed else { panic!("no failed case") };
    let error = s.error.unwrap();
    assert_eq!((error.code, error.title.as_str()), (130_472, "User's number is part of an experiment"));
    assert!(error.details.unwrap().starts_with("Failed to send message"));
}

#[test]
fn real_signed_body_parses_to_one_text_message() {
    let Ok(body) = std::fs::read(format!("{FIXTURES}/signed_body.json")) else {
        crate::errln!("skipped: {FIXTURES} is absent");
        return;
    };
    let events = parse(&body).unwrap();
    let [WebhookEvent::Message(m)] = events.as_slice() else { panic!("{events:?}") };
    assert_eq!((m.kind, m.body.as_str()), (Kind::Text, "Hey there! I am using PyWa."));
    assert_eq!(
        (m.profile_name.as_deref(), m.from_phone.as_deref()),
        (Some("PyWa Tests"), Some("972544401243"))
    );
}
