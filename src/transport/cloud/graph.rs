//! The Graph API sender's requests, as data: where to POST, what JSON to send, how long to wait
//! before retrying. The HTTP client around it only moves bytes; every decision is here, tested
//! without a network. Responses are read in [`response`].

mod response;

use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::store::OutboundTemplate;

pub use response::{SendResult, error_reason, parse_send_response, parse_upload_response, retry_after};

/// Longest wait between two attempts: a message is retried at least every 15 minutes.
const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// `{graph_url}/{api_version}/{phone_number_id}/messages`, where text messages, templates and
/// read receipts are POSTed. A trailing `/` on `graph_url` is ignored.
pub fn messages_url(graph_url: &str, api_version: &str, phone_number_id: &str) -> String {
    format!("{}/messages", graph_object_url(graph_url, api_version, phone_number_id))
}

/// `{graph_url}/{api_version}/{media_id}`: GET it (with the token) to learn a media file's
/// download url; see [`media_url_from`].
pub fn media_info_url(graph_url: &str, api_version: &str, media_id: &str) -> String {
    graph_object_url(graph_url, api_version, media_id)
}

/// Whether `id` is a Graph API object id (media and phone number ids): 1 to 128 ASCII letters,
/// digits, `_` or `-`. Anything else (`../`, `?`, `#`, `%`) would change the request it is put
/// into, with the access token attached, so it is never put into a url.
pub fn is_object_id(id: &str) -> bool {
    (1..=128).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn graph_object_url(graph_url: &str, api_version: &str, object_id: &str) -> String {
    format!("{}/{api_version}/{object_id}", graph_url.trim_end_matches('/'))
}

/// A free-form text message, without link previews, quoting `reply_to` (a wamid) when given.
///
/// `to` is a phone number (digits, optionally with a leading `+`), sent as `"to"`; anything else
/// is taken for a business-scoped user id (`US.1349…`) and sent as `"recipient"`, which is how the
/// Cloud API addresses customers who share no phone number.
pub fn text_body(to: &str, text: &str, reply_to: Option<&str>) -> Value {
    let mut body = envelope(to, "text");
    body.insert("text".into(), json!({ "body": text, "preview_url": false }));
    if let Some(id) = reply_to {
        body.insert("context".into(), json!({ "message_id": id }));
    }
    Value::Object(body)
}

/// `{graph_url}/{api_version}/{phone_number_id}/media`, where attachments are uploaded.
pub fn media_upload_url(graph_url: &str, api_version: &str, phone_number_id: &str) -> String {
    format!("{}/media", graph_object_url(graph_url, api_version, phone_number_id))
}

/// An uploaded attachment: `kind` is image, video, audio, document or sticker, `media_id` what the
/// upload returned. The caption goes only where WhatsApp shows one (image, video, document), the
/// file name only with a document, `"voice": true` only with audio (an ogg/opus voice note).
pub fn media_body(to: &str, media: &MediaMessage<'_>, reply_to: Option<&str>) -> Value {
    let kind = media.kind.as_str();
    let mut part = Map::new();
    part.insert("id".into(), media.media_id.into());
    if !media.caption.is_empty() && crate::attach::takes_caption(media.kind) {
        part.insert("caption".into(), media.caption.into());
    }
    if let (crate::model::Kind::Document, Some(name)) = (media.kind, media.filename) {
        part.insert("filename".into(), name.into());
    }
    if media.voice {
        part.insert("voice".into(), true.into());
    }
    let mut body = envelope(to, kind);
    body.insert(kind.into(), Value::Object(part));
    if let Some(id) = reply_to {
        body.insert("context".into(), json!({ "message_id": id }));
    }
    Value::Object(body)
}

/// What [`media_body`] sends.
#[derive(Debug, Clone, Copy)]
pub struct MediaMessage<'a> {
    pub kind: crate::model::Kind,
    pub media_id: &'a str,
    pub caption: &'a str,
    pub filename: Option<&'a str>,
    pub voice: bool,
}

/// Our reaction `emoji` to message `message_id` (a wamid); an empty emoji removes it.
pub fn reaction_body(to: &str, message_id: &str, emoji: &str) -> Value {
    let mut body = envelope(to, "reaction");
    body.insert("reaction".into(), json!({ "message_id": message_id, "emoji": emoji }));
    Value::Object(body)
}

/// An approved template `name` in `language` (e.g. `en_US`), its body's `{{1}}`, `{{2}}`… filled
/// with `params` in order (named ones with `parameter_name`), a media header by link and URL
/// buttons' values when it has them. With nothing to fill the template is sent without components.
pub fn template_body(to: &str, t: &OutboundTemplate) -> Value {
    let mut template = Map::new();
    template.insert("name".into(), t.name.as_str().into());
    template.insert("language".into(), json!({ "code": t.language }));
    let mut components = Vec::new();
    if let Some(h) = &t.header {
        let format = h.format.to_ascii_lowercase();
        let mut parameter = Map::new();
        parameter.insert("type".into(), format.as_str().into());
        parameter.insert(format, json!({ "link": h.link }));
        components.push(json!({ "type": "header", "parameters": [parameter] }));
    }
    if !t.params.is_empty() {
        let parameters: Vec<Value> = t
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| match t.param_names.get(i) {
                Some(name) => json!({ "type": "text", "parameter_name": name, "text": p }),
                None => json!({ "type": "text", "text": p }),
            })
            .collect();
        components.push(json!({ "type": "body", "parameters": parameters }));
    }
    for (index, value) in &t.buttons {
        components.push(json!({ "type": "button", "sub_type": "url", "index": index.to_string(),
            "parameters": [{ "type": "text", "text": value }] }));
    }
    if !components.is_empty() {
        template.insert("components".into(), Value::Array(components));
    }
    let mut body = envelope(to, "template");
    body.insert("template".into(), Value::Object(template));
    Value::Object(body)
}

/// Marks inbound message `message_id` (and those before it) read on the customer's phone.
pub fn mark_read_body(message_id: &str) -> Value {
    json!({ "messaging_product": "whatsapp", "status": "read", "message_id": message_id })
}

/// [`mark_read_body`] that also shows the customer a typing indicator (for up to 25 s, or until
/// the reply arrives).
pub fn typing_body(message_id: &str) -> Value {
    json!({ "messaging_product": "whatsapp", "status": "read", "message_id": message_id,
            "typing_indicator": { "type": "text" } })
}

fn envelope(to: &str, kind: &str) -> Map<String, Value> {
    let digits = to.strip_prefix('+').unwrap_or(to);
    let is_phone = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let mut body = Map::new();
    body.insert("messaging_product".into(), "whatsapp".into());
    body.insert("recipient_type".into(), "individual".into());
    body.insert(if is_phone { "to" } else { "recipient" }.into(), to.into());
    body.insert("type".into(), kind.into());
    body
}

/// How long to wait before the next attempt after `attempt` failed ones: 1 s, 4 s, 16 s, 64 s…
/// (Meta's advice for rate limits), never more than 15 minutes. `0` is treated as `1`.
pub fn backoff(attempt: u32) -> Duration {
    let exponent = attempt.saturating_sub(1);
    let secs = 4u64.checked_pow(exponent).unwrap_or(u64::MAX);
    Duration::from_secs(secs).min(MAX_BACKOFF)
}

/// The download url and mime type from a GET /{media-id} response, or `None` when it has no url.
/// A missing mime type reads as `application/octet-stream`.
pub fn media_url_from(body: &[u8]) -> Option<(String, String)> {
    let info: Value = serde_json::from_slice(body).ok()?;
    let url = info.get("url")?.as_str().filter(|u| !u.is_empty())?;
    let mime = info.get("mime_type").and_then(Value::as_str).unwrap_or("application/octet-stream");
    Some((url.to_string(), mime.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_url_joins_parts_and_ignores_trailing_slash() {
        let expected = "http://127.0.0.1:9/v25.0/123/messages";
        assert_eq!(messages_url("http://127.0.0.1:9", "v25.0", "123"), expected);
        assert_eq!(messages_url("http://127.0.0.1:9/", "v25.0", "123"), expected);
        assert_eq!(
            media_info_url("https://graph.facebook.com/", "v25.0", "MEDIA"),
            "https://graph.facebook.com/v25.0/MEDIA"
        );
    }

    #[test]
    fn object_ids_are_plain_letters_digits_underscores_and_dashes() {
        for good in ["1234567890", "MEDIA", "a_b-C9", &"7".repeat(128)] {
            assert!(is_object_id(good), "{good:?}");
        }
        for bad in ["", "../me", "1?fields=x", "1#x", "1%2F", "1/2", "a b", "é", &"7".repeat(129)] {
            assert!(!is_object_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn text_body_is_exactly_what_meta_documents() {
        let expected = json!({
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "34600111222",
            "type": "text", "text": { "body": "Hola", "preview_url": false }
        });
        assert_eq!(text_body("34600111222", "Hola", None), expected);
    }

    #[test]
    fn reply_carries_the_quoted_message_id() {
        let expected = json!({
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "+34600111222",
            "type": "text", "text": { "body": "Yes", "preview_url": false },
            "context": { "message_id": "wamid.IN" }
        });
        assert_eq!(text_body("+34600111222", "Yes", Some("wamid.IN")), expected);
    }

    #[test]
    fn customer_known_by_user_id_is_addressed_as_recipient() {
        let body = text_body("US.13491208655302741918", "hi", None);
        assert_eq!(body.get("recipient"), Some(&json!("US.13491208655302741918")));
        assert_eq!(body.get("to"), None);
        assert_eq!(text_body("", "hi", None).get("to"), None);
    }

    #[test]
    fn template_body_fills_body_parameters_in_order() {
        let params = vec!["Ana".to_string(), "10:30".to_string()];
        let expected = json!({
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1555",
            "type": "template",
            "template": {
                "name": "appointment", "language": { "code": "en_US" },
                "components": [{ "type": "body", "parameters": [
                    { "type": "text", "text": "Ana" }, { "type": "text", "text": "10:30" }
                ]}]
            }
        });
        let t = OutboundTemplate {
            name: "appointment".into(),
            language: "en_US".into(),
            params,
            ..Default::default()
        };
        assert_eq!(template_body("1555", &t), expected);
    }

    #[test]
    fn template_without_params_has_no_components() {
        let expected = json!({
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1555",
            "type": "template", "template": { "name": "hello_world", "language": { "code": "en" } }
        });
        let t = OutboundTemplate { name: "hello_world".into(), language: "en".into(), ..Default::default() };
        assert_eq!(template_body("1555", &t), expected);
    }

    #[test]
    fn template_body_carries_header_link_named_parameters_and_url_buttons() {
        let t = OutboundTemplate {
            name: "order_ready".into(),
            language: "es".into(),
            params: vec!["Pedro".into()],
            param_names: vec!["first_name".into()],
            text: Some("Hola Pedro".into()),
            header: Some(Box::new(crate::store::HeaderMedia {
                format: "image".into(),
                link: "https://x/y.jpg".into(),
            })),
            buttons: vec![(1, "ORDER42".into())],
        };
        let expected = json!({
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1555",
            "type": "template",
            "template": { "name": "order_ready", "language": { "code": "es" }, "components": [
                { "type": "header", "parameters": [{ "type": "image", "image": { "link": "https://x/y.jpg" } }] },
                { "type": "body", "parameters": [
                    { "type": "text", "parameter_name": "first_name", "text": "Pedro" }] },
                { "type": "button", "sub_type": "url", "index": "1",
                  "parameters": [{ "type": "text", "text": "ORDER42" }] }
            ]}
        });
        assert_eq!(template_body("1555", &t), expected);
    }

    #[test]
    fn media_bodies_are_what_meta_documents() {
        use crate::model::Kind;
        let image = MediaMessage {
            kind: Kind::Image,
            media_id: "M1",
            caption: "Bouquet",
            filename: None,
            voice: false,
        };
        let expected = json!({
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1555",
            "type": "image", "image": { "id": "M1", "caption": "Bouquet" },
            "context": { "message_id": "wamid.Q" }
        });
        assert_eq!(media_body("1555", &image, Some("wamid.Q")), expected);
        let pdf = MediaMessage { kind: Kind::Document, filename: Some("menu.pdf"), caption: "", ..image };
        assert_eq!(media_body("1555", &pdf, None)["document"], json!({ "id": "M1", "filename": "menu.pdf" }));
        let voice = MediaMessage { kind: Kind::Audio, voice: true, caption: "ignored", ..image };
        assert_eq!(media_body("1555", &voice, None)["audio"], json!({ "id": "M1", "voice": true }));
    }

    #[test]
    fn reaction_body_names_the_message_and_the_emoji() {
        let expected = json!({
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1555",
            "type": "reaction", "reaction": { "message_id": "wamid.IN", "emoji": "👍" }
        });
        assert_eq!(reaction_body("1555", "wamid.IN", "👍"), expected);
        assert_eq!(media_upload_url("http://h/", "v25.0", "PNID"), "http://h/v25.0/PNID/media");
    }

    #[test]
    fn mark_read_body_names_the_message() {
        let expected = json!({ "messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN" });
        assert_eq!(mark_read_body("wamid.IN"), expected);
    }

    #[test]
    fn backoff_quadruples_from_one_second_and_caps_at_fifteen_minutes() {
        let secs: Vec<u64> = (0..=7).map(|a| backoff(a).as_secs()).collect();
        assert_eq!(secs, [1, 1, 4, 16, 64, 256, 900, 900]);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }

    #[test]
    fn media_url_is_read_from_the_media_info_response() {
        let body = br#"{"messaging_product":"whatsapp","url":"https://lookaside.fbsbx.com/x?mid=1",
            "mime_type":"image/jpeg","sha256":"abc","file_size":"303833","id":"1"}"#;
        let expected = ("https://lookaside.fbsbx.com/x?mid=1".to_string(), "image/jpeg".to_string());
        assert_eq!(media_url_from(body), Some(expected));
        let no_mime = media_url_from(br#"{"url":"https://x"}"#).map(|(_, mime)| mime);
        assert_eq!(no_mime.as_deref(), Some("application/octet-stream"));
        for bad in [&b""[..], b"[]", br#"{"url":""}"#, br#"{"url":5}"#, br#"{"error":{"code":100}}"#] {
            assert_eq!(media_url_from(bad), None);
        }
    }
}
