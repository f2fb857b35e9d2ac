//! Attachments, replies and reactions through the fake Graph API: one upload then one message,
//! the media id kept on the row so a retry never uploads again, Meta's refusal shown and resendable.

use std::path::Path;

use serde_json::json;
use wabi::model::{Kind, Origin, Status};
use wabi::store::Store;

use crate::fake_graph::{FakeGraph, error};
use crate::sender::{CUSTOMER, config, status_of, store_with_customer, worker};
use crate::support::*;

const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00 a bouquet";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// An ogg page whose first packet is an opus header: what a phone's voice note starts with.
fn opus() -> Vec<u8> {
    let mut page = b"OggS\x00\x02".to_vec();
    page.extend_from_slice(&[0; 20]);
    page.extend_from_slice(&[1, 19]);
    page.extend_from_slice(b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00");
    page
}

/// Writes `bytes` as `name`, prepares it as the CLI and the TUI do, and queues it.
fn queue_file(store: &mut Store, dir: &Path, chat: i64, name: &str, bytes: &[u8], caption: &str) -> i64 {
    let original = dir.join(name);
    std::fs::write(&original, bytes).unwrap();
    let media = wabi::attach::prepare(&original, &dir.join("media")).unwrap();
    store.queue_media(chat, &media, caption, Origin::Operator, None).unwrap()
}

fn media_id_of(store: &Store, id: i64) -> Option<String> {
    store.conn().query_row("SELECT media_id FROM messages WHERE id = ?1", [id], |r| r.get(0)).unwrap()
}

#[test]
fn a_jpeg_with_a_caption_is_one_upload_and_one_image_message() {
    let graph = FakeGraph::start();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let id = queue_file(&mut store, dir.path(), chat, "ramo.jpg", JPEG, "Your bouquet");
    let (_worker, _events) = worker(dir.path(), &config(&graph));
    eventually("sent", || status_of(&store, id) == Some(Status::Sent));
    let uploads = graph.uploads();
    assert_eq!(uploads.len(), 1);
    assert_eq!(uploads[0].path, "/v25.0/PNID/media");
    assert_eq!(uploads[0].authorization.as_deref(), Some("Bearer test-access-token"));
    assert!(uploads[0].content_type.as_deref().unwrap().starts_with("multipart/form-data; boundary="));
    assert_eq!(
        uploads[0].body,
        json!({"messaging_product": "whatsapp", "type": "image/jpeg",
            "file": {"filename": "ramo.jpg", "content_type": "image/jpeg"}})
    );
    assert_eq!(uploads[0].file.as_deref(), Some(JPEG));
    let messages = graph.messages();
    assert_eq!(messages.len(), 1);
    let expected = json!({"messaging_product": "whatsapp", "recipient_type": "individual",
        "to": CUSTOMER, "type": "image", "image": {"id": "MEDIA0", "caption": "Your bouquet"}});
    assert_eq!(messages[0].body, expected);
    assert_eq!(media_id_of(&store, id).as_deref(), Some("MEDIA0"));
    assert_eq!(store.message(id).unwrap().unwrap().kind, Kind::Image);
}

#[test]
fn a_pdf_is_a_document_with_its_name_and_an_ogg_a_voice_note() {
    let graph = FakeGraph::start();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let pdf = queue_file(&mut store, dir.path(), chat, "carta-primavera.pdf", PDF, "");
    let voice = queue_file(&mut store, dir.path(), chat, "nota.ogg", &opus(), "");
    let (_worker, _events) = worker(dir.path(), &config(&graph));
    eventually("both sent", || {
        status_of(&store, pdf) == Some(Status::Sent) && status_of(&store, voice) == Some(Status::Sent)
    });
    let uploads: Vec<_> = graph.uploads().iter().map(|u| u.body["type"].clone()).collect();
    assert_eq!(uploads, [json!("application/pdf"), json!("audio/ogg")]);
    let messages = graph.messages();
    assert_eq!(messages[0].body["type"], "document");
    assert_eq!(messages[0].body["document"], json!({"id": "MEDIA0", "filename": "carta-primavera.pdf"}));
    assert_eq!(messages[1].body["type"], "audio");
    assert_eq!(messages[1].body["audio"], json!({"id": "MEDIA1", "voice": true}));
}

#[test]
fn a_retry_after_the_upload_sends_with_the_same_media_id() {
    let graph = FakeGraph::start();
    // The upload goes through; the message POST is refused for a moment (service unavailable).
    graph.script([(200, None, json!({"id": "MEDIA-KEPT"})), error(503, 131_016, "Service unavailable")]);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let id = queue_file(&mut store, dir.path(), chat, "ramo.jpg", JPEG, "");
    let (_worker, _events) = worker(dir.path(), &config(&graph));
    eventually("sent after a retry", || status_of(&store, id) == Some(Status::Sent));
    assert_eq!(graph.uploads().len(), 1, "uploaded once");
    let messages = graph.messages();
    assert_eq!(messages.len(), 2);
    assert!(messages.iter().all(|m| m.body["image"]["id"] == "MEDIA-KEPT"));
}

#[test]
fn a_refused_upload_fails_the_message_with_metas_reason_and_it_can_be_resent() {
    let graph = FakeGraph::start();
    graph.script([error(400, 131_053, "Media upload error")]);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let id = queue_file(&mut store, dir.path(), chat, "ramo.jpg", JPEG, "");
    let (_worker, _events) = worker(dir.path(), &config(&graph));
    eventually("failed", || status_of(&store, id) == Some(Status::Failed));
    let row = store.message(id).unwrap().unwrap();
    assert_eq!(row.error_code, Some(131_053));
    assert_eq!(row.error_reason.as_deref(), Some("upload refused: Media upload error"));
    assert!(graph.messages().is_empty(), "nothing is sent without an upload");
    assert!(store.resend(id).unwrap());
    eventually("sent on resend", || status_of(&store, id) == Some(Status::Sent));
    assert_eq!(graph.uploads().len(), 2);
}

#[test]
fn a_reply_carries_the_quoted_id_and_a_reaction_is_type_reaction() {
    let graph = FakeGraph::start();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, chat) = store_with_customer(dir.path());
    let original = dir.path().join("ramo.jpg");
    std::fs::write(&original, JPEG).unwrap();
    let media = wabi::attach::prepare(&original, &dir.path().join("media")).unwrap();
    let photo = store.queue_media(chat, &media, "this one?", Origin::Operator, Some("wamid.IN")).unwrap();
    let reaction = store.queue_reaction(chat, "wamid.IN", "👍", Origin::Operator).unwrap();
    let (_worker, _events) = worker(dir.path(), &config(&graph));
    eventually("both sent", || {
        status_of(&store, photo) == Some(Status::Sent) && status_of(&store, reaction) == Some(Status::Sent)
    });
    let messages = graph.messages();
    assert_eq!(messages[0].body["context"], json!({"message_id": "wamid.IN"}));
    let expected = json!({"messaging_product": "whatsapp", "recipient_type": "individual",
        "to": CUSTOMER, "type": "reaction", "reaction": {"message_id": "wamid.IN", "emoji": "👍"}});
    assert_eq!(messages[1].body, expected);
    // The reacted message shows our reaction; the reaction row points at it.
    let reacted = store.message_by_external_id("wamid.IN").unwrap().unwrap();
    assert_eq!(reacted.reactions.len(), 1);
    assert_eq!(reacted.reactions[0].emoji, "👍");
    let quoted = store.message(photo).unwrap().unwrap().quote.unwrap().message.unwrap();
    assert_eq!((quoted.id, quoted.body.as_str()), (reacted.id, "do you deliver?"));
}
