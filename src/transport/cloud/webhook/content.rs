//! What one webhook message carries: its kind, a readable body, and the media, context, reaction
//! or amendment that come with it. Every message type gets a body a person can read in the inbox,
//! including the ones wabi cannot act on.

use serde_json::Value;

use super::{Amend, Context, Media, Reaction, flag, list, text};
use crate::model::Kind;

/// The parts of an [`super::InboundMessage`] that depend on the message type.
pub(super) struct Content {
    pub kind: Kind,
    pub body: String,
    pub media: Option<Media>,
    pub context: Option<Context>,
    pub reaction: Option<Reaction>,
    pub amends: Option<Amend>,
}

impl Content {
    fn new(kind: Kind, body: impl Into<String>) -> Content {
        Content { kind, body: body.into(), media: None, context: None, reaction: None, amends: None }
    }
}

/// The content of webhook message `msg`. `change_errors` are the errors Meta attached to the
/// whole change, which explain messages it could not deliver in full.
pub(super) fn of(msg: &Value, change_errors: &[Value]) -> Content {
    let original_id = |key: &str| msg.pointer(key).and_then(Value::as_str).map(String::from);
    match text(msg, "type") {
        Some("revoke") => Content {
            amends: original_id("/revoke/original_message_id").map(|id| Amend::Deleted { original_id: id }),
            context: context(msg),
            ..Content::new(Kind::System, "[message deleted]")
        },
        Some("edit") => {
            // The new content sits in edit.message, without its own id, sender or timestamp.
            let inner = msg.pointer("/edit/message").unwrap_or(&Value::Null);
            Content {
                amends: original_id("/edit/original_message_id").map(|id| Amend::Edited { original_id: id }),
                context: context(msg).or_else(|| context(inner)),
                ..body_of(inner, change_errors)
            }
        }
        _ => Content { context: context(msg), ..body_of(msg, change_errors) },
    }
}

fn body_of(msg: &Value, change_errors: &[Value]) -> Content {
    let ty = text(msg, "type").unwrap_or("");
    let part = msg.get(ty).unwrap_or(&Value::Null);
    let part_text = |key: &str| text(part, key).unwrap_or_default();
    match ty {
        "text" => Content::new(Kind::Text, part_text("body")),
        "image" | "video" | "audio" | "document" | "sticker" => media(ty, part),
        "location" => Content::new(Kind::Location, location(part)),
        "contacts" => Content::new(Kind::Contacts, contacts(part)),
        "interactive" => match interactive(part) {
            Some(body) => Content::new(Kind::Interactive, body),
            None => unsupported(msg, change_errors),
        },
        "button" => Content::new(
            Kind::Interactive,
            text(part, "text").or(text(part, "payload")).unwrap_or("[button]"),
        ),
        "order" => Content::new(Kind::Interactive, order(part)),
        "system" => Content::new(Kind::System, text(part, "body").unwrap_or("[system message]")),
        "reaction" => reaction(part),
        _ => unsupported(msg, change_errors),
    }
}

fn media(ty: &str, part: &Value) -> Content {
    let owned = |key: &str| text(part, key).map(String::from);
    let voice = flag(part, "voice");
    let (kind, placeholder) = match ty {
        "image" => (Kind::Image, "[image]"),
        "video" => (Kind::Video, "[video]"),
        "audio" if voice => (Kind::Audio, "[voice message]"),
        "audio" => (Kind::Audio, "[audio]"),
        "sticker" => (Kind::Sticker, "[sticker]"),
        _ => (Kind::Document, "[document]"),
    };
    let caption = owned("caption").filter(|c| !c.is_empty());
    let filename = owned("filename").filter(|f| !f.is_empty());
    let body = caption.clone().or_else(|| filename.clone()).unwrap_or_else(|| placeholder.to_string());
    // The id goes into a Graph API url: anything but an id's characters is refused (the message
    // is kept, without an attachment to download).
    let id = owned("id").filter(|id| {
        let plain = crate::transport::cloud::graph::is_object_id(id);
        if !plain {
            tracing::warn!("webhook {ty} media id {id:?} refused: not letters, digits, _ or -");
        }
        plain
    });
    let media = id.map(|id| Media {
        id,
        mime_type: owned("mime_type"),
        filename,
        caption,
        sha256: owned("sha256"),
        url: owned("url"),
        voice,
    });
    Content { media, ..Content::new(kind, body) }
}

/// `📍 name, address (lat, lon)`, leaving out whatever the customer did not share.
fn location(part: &Value) -> String {
    let mut body = String::from("📍");
    let place: Vec<&str> =
        ["name", "address"].iter().filter_map(|k| text(part, k)).filter(|s| !s.is_empty()).collect();
    if !place.is_empty() {
        body.push(' ');
        body.push_str(&place.join(", "));
    }
    let coordinate = |key: &str| part.get(key).and_then(Value::as_f64);
    if let (Some(lat), Some(lon)) = (coordinate("latitude"), coordinate("longitude")) {
        body.push_str(&format!(" ({lat}, {lon})"));
    }
    if body == "📍" { "📍 location".to_string() } else { body }
}

/// One `👤 name +phone…` line per shared contact card.
fn contacts(cards: &Value) -> String {
    let lines: Vec<String> =
        cards.as_array().map_or(&[][..], Vec::as_slice).iter().map(contact_card).collect();
    if lines.is_empty() { "👤 contact".to_string() } else { lines.join("\n") }
}

fn contact_card(card: &Value) -> String {
    let name_part = |key: &str| card.get("name").and_then(|n| text(n, key)).filter(|s| !s.is_empty());
    let name = name_part("formatted_name").map(String::from).or_else(|| {
        let parts: Vec<&str> =
            [name_part("first_name"), name_part("last_name")].into_iter().flatten().collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    let phones = list(card, "phones").iter().filter_map(|p| text(p, "phone")).map(String::from);
    let parts: Vec<String> = name.into_iter().chain(phones).collect();
    if parts.is_empty() { "👤 contact".to_string() } else { format!("👤 {}", parts.join(" ")) }
}

/// The title of the button or list row the customer chose; `None` for interactive types wabi
/// does not know, which then read as unsupported.
fn interactive(part: &Value) -> Option<String> {
    let title = |key: &str| part.get(key).and_then(|r| text(r, "title")).map(String::from);
    match text(part, "type")? {
        "button_reply" => title("button_reply"),
        "list_reply" => title("list_reply"),
        "nfm_reply" => {
            let reply = part.get("nfm_reply").unwrap_or(&Value::Null);
            Some(text(reply, "body").or(text(reply, "name")).unwrap_or("[form reply]").to_string())
        }
        _ => None,
    }
}

/// `🛒 order: 7 items (3× HAMBURGER, …), 180 ILS`, then the customer's note if any.
fn order(part: &Value) -> String {
    let items = list(part, "product_items");
    let number = |item: &Value, key: &str| item.get(key).and_then(Value::as_f64).unwrap_or(0.0);
    let quantity = |item: &Value| item.get("quantity").and_then(Value::as_u64).unwrap_or(0);
    let count: u64 = items.iter().map(quantity).fold(0, u64::saturating_add);
    let lines: Vec<String> = items
        .iter()
        .map(|i| format!("{}× {}", quantity(i), text(i, "product_retailer_id").unwrap_or("?")))
        .collect();
    let noun = if count == 1 { "item" } else { "items" };
    let mut body = format!("🛒 order: {count} {noun}");
    if !lines.is_empty() {
        body.push_str(&format!(" ({})", lines.join(", ")));
    }
    let currency = items.first().and_then(|i| text(i, "currency"));
    if let Some(currency) = currency.filter(|c| items.iter().all(|i| text(i, "currency") == Some(c))) {
        let total: f64 = items.iter().map(|i| number(i, "quantity") * number(i, "item_price")).sum();
        body.push_str(&format!(", {} {currency}", (total * 100.0).round() / 100.0));
    }
    if let Some(note) = text(part, "text").filter(|t| !t.trim().is_empty()) {
        body.push('\n');
        body.push_str(note);
    }
    body
}

fn reaction(part: &Value) -> Content {
    let emoji = text(part, "emoji").unwrap_or_default().to_string();
    let body = if emoji.is_empty() { "[reaction removed]".to_string() } else { emoji.clone() };
    let reaction = text(part, "message_id").map(|id| Reaction { message_id: id.to_string(), emoji });
    Content { reaction, ..Content::new(Kind::Reaction, body) }
}

/// `[unsupported message: <what>]`, naming the type when Meta tells it, else its error title.
fn unsupported(msg: &Value, change_errors: &[Value]) -> Content {
    let ty = text(msg, "type").filter(|t| !t.is_empty() && *t != "unsupported");
    let error_title = list(msg, "errors")
        .iter()
        .chain(change_errors)
        .find_map(|e| text(e, "title").or_else(|| text(e, "message")));
    let what = msg
        .pointer("/unsupported/type")
        .and_then(Value::as_str)
        .or(ty)
        .or(error_title)
        .unwrap_or("unknown type");
    Content::new(Kind::Unsupported, format!("[unsupported message: {what}]"))
}

fn context(msg: &Value) -> Option<Context> {
    let c = msg.get("context")?.as_object()?;
    Some(Context {
        reply_to: c.get("id").and_then(Value::as_str).map(String::from),
        forwarded: c.get("forwarded").and_then(Value::as_bool).unwrap_or(false),
        frequently_forwarded: c.get("frequently_forwarded").and_then(Value::as_bool).unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(msg: Value) -> String {
        of(&msg, &[]).body
    }

    #[test]
    fn location_reads_name_address_and_coordinates() {
        let chosen = json!({"type": "location", "location": {
            "latitude": 1.5, "longitude": -2.25, "name": "Shop", "address": "1 Main St"
        }});
        assert_eq!(body(chosen), "📍 Shop, 1 Main St (1.5, -2.25)");
        let bare = json!({"type": "location", "location": {"latitude": 1.5, "longitude": 2.0}});
        assert_eq!(body(bare), "📍 (1.5, 2)");
        assert_eq!(body(json!({"type": "location"})), "📍 location");
    }

    #[test]
    fn contact_cards_read_one_line_each() {
        let msg = json!({"type": "contacts", "contacts": [
            {"name": {"first_name": "Ann", "last_name": "Lee"},
             "phones": [{"phone": "+1 555"}, {"phone": "+1 666"}]},
            {"name": {"formatted_name": "Bob"}},
            {}
        ]});
        assert_eq!(body(msg), "👤 Ann Lee +1 555 +1 666\n👤 Bob\n👤 contact");
    }

    #[test]
    fn order_counts_items_and_totals_one_currency_only() {
        let msg = json!({"type": "order", "order": {"text": "no onions", "product_items": [
            {"product_retailer_id": "TEA", "quantity": 2, "item_price": 2.5, "currency": "EUR"},
            {"product_retailer_id": "CAKE", "quantity": 1, "item_price": 4, "currency": "EUR"}
        ]}});
        assert_eq!(body(msg), "🛒 order: 3 items (2× TEA, 1× CAKE), 9 EUR\nno onions");
        let mixed = json!({"type": "order", "order": {"product_items": [
            {"product_retailer_id": "A", "quantity": 1, "item_price": 1, "currency": "EUR"},
            {"product_retailer_id": "B", "quantity": 1, "item_price": 1, "currency": "USD"}
        ]}});
        assert_eq!(body(mixed), "🛒 order: 2 items (1× A, 1× B)");
        assert_eq!(body(json!({"type": "order"})), "🛒 order: 0 items");
    }

    #[test]
    fn unknown_interactive_reads_as_unsupported() {
        let c = of(&json!({"type": "interactive", "interactive": {"type": "call_permission_reply"}}), &[]);
        assert_eq!((c.kind, c.body.as_str()), (Kind::Unsupported, "[unsupported message: interactive]"));
    }

    #[test]
    fn unsupported_names_the_error_when_the_type_is_not_given() {
        let errors = [json!({"code": 131051, "title": "Message type unknown"})];
        let c = of(&json!({"type": "unsupported"}), &errors);
        assert_eq!(c.body, "[unsupported message: Message type unknown]");
        assert_eq!(of(&json!({}), &[]).body, "[unsupported message: unknown type]");
    }

    #[test]
    fn document_without_caption_reads_as_its_filename() {
        let c = of(&json!({"type": "document", "document": {"id": "9", "filename": "menu.pdf"}}), &[]);
        assert_eq!((c.kind, c.body.as_str()), (Kind::Document, "menu.pdf"));
        assert_eq!(c.media.map(|m| m.filename), Some(Some("menu.pdf".to_string())));
    }

    #[test]
    fn media_without_id_keeps_its_kind_but_has_nothing_to_download() {
        let c = of(&json!({"type": "video", "video": {"caption": "look"}}), &[]);
        assert_eq!((c.kind, c.body.as_str(), c.media), (Kind::Video, "look", None));
    }

    #[test]
    fn edit_without_new_content_is_still_an_edit() {
        let c = of(&json!({"type": "edit", "edit": {"original_message_id": "wamid.A"}}), &[]);
        assert_eq!(c.amends, Some(Amend::Edited { original_id: "wamid.A".to_string() }));
        assert_eq!(c.kind, Kind::Unsupported);
    }
}
