//! The webhook parser: random bytes and JSON, and Meta's envelope with any field of any type; only
//! usable senders, plain media ids and plausible times may reach the store, which must take them.

use proptest::prelude::*;
use serde_json::{Value, json};
use wabi::store::{ContactKey, WebhookChange};
use wabi::transport::cloud::{graph, inbound, webhook};

use crate::{STORE, runs};

/// Any JSON value, nested a little.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        prop::sample::select(vec!["34600111222", "1", "", "US.42", "wamid.X", "../x?y", "1700000000"])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A field's value: usually the right shape, sometimes anything at all.
fn field(good: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    prop_oneof![4 => good, 1 => any_json()].boxed()
}

fn webhook_message() -> impl Strategy<Value = Value> {
    let kind = prop::sample::select(vec![
        "text",
        "image",
        "audio",
        "video",
        "document",
        "sticker",
        "location",
        "contacts",
        "interactive",
        "button",
        "order",
        "system",
        "reaction",
        "edit",
        "revoke",
        "unsupported",
        "nope",
    ]);
    let phone = prop_oneof![
        prop::sample::select(vec!["34600111222", "34600111333"]).prop_map(Value::from),
        "[0-9]{0,25}".prop_map(Value::from),
        Just(Value::from("9".repeat(10_000))),
        "\\+?[0-9 ()-]{0,20}".prop_map(Value::from),
    ];
    let time = prop_oneof![
        (0i64..5_000_000_000).prop_map(|t| Value::from(t.to_string())),
        any::<i64>().prop_map(Value::from),
    ];
    let media_id = prop_oneof!["[A-Za-z0-9_-]{1,20}", "\\PC{0,20}", Just("../../me?x=#".to_string())];
    // A few ids, so that edits, deletions and reactions find the messages they name.
    let wamid = || prop::sample::select(vec!["wamid.A", "wamid.B", "wamid.C"]);
    let part =
        (field(media_id.prop_map(Value::from)), any_json(), any_json(), any::<bool>(), wamid(), wamid())
            .prop_map(|(id, caption, body, voice, target, original)| {
                json!({"id": id, "caption": caption, "body": body, "voice": voice, "mime_type": "image/jpeg",
                   "message_id": target, "emoji": "👍", "original_message_id": original,
                   "message": {"type": "text", "text": {"body": "new"}}, "text": "t", "payload": "p"})
            });
    (kind, field(phone), field("US\\.[0-9]{1,6}|\\PC{0,10}".prop_map(Value::from)), field(time), part, any_json(), wamid())
        .prop_map(|(kind, from, user_id, time, part, context, id)| {
            json!({"from": from, "from_user_id": user_id, "id": id, "timestamp": time,
                   "type": kind, kind: part.clone(), "edit": part.clone(), "revoke": part, "context": context})
        })
}

fn webhook_body() -> impl Strategy<Value = Value> {
    let status = (field("wamid\\.[a-z]{1,4}".prop_map(Value::from)), any_json(), any_json()).prop_map(
        |(id, status, errors)| json!({"id": id, "status": status, "timestamp": "1700000000", "errors": errors}),
    );
    let value = (
        prop::collection::vec(webhook_message(), 0..4),
        prop::collection::vec(status, 0..3),
        prop::collection::vec(any_json(), 0..2),
    )
        .prop_map(|(messages, statuses, contacts)| {
            json!({"metadata": {"phone_number_id": "PNID"}, "messages": messages,
                   "statuses": statuses, "contacts": contacts})
        });
    prop::collection::vec(field(value), 0..3).prop_map(|values| {
        let changes: Vec<Value> =
            values.into_iter().map(|v| json!({"field": "messages", "value": v})).collect();
        json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": changes}]})
    })
}

/// When the fuzzed POSTs arrive: 2026-11-21.
const ARRIVAL: i64 = 1_795_000_000_000;

/// Parses a POST body and checks what reaches the store: a usable sender, a plain media id, a
/// plausible time; and that the store takes it (an error would be a 500, redelivered forever).
fn receive(body: &[u8]) {
    let Ok(events) = webhook::parse(body) else {
        return;
    };
    let (changes, _) = inbound::changes(events, ARRIVAL);
    STORE.with_borrow_mut(|store| {
        let store = store.as_mut().expect("an in-memory store");
        if let Err(e) = store.apply_webhook(&[changes.as_slice()]) {
            panic!("the store refused a POST the parser accepted: {e}\n{changes:?}");
        }
    });
    for change in changes {
        let at = match &change {
            WebhookChange::Inbound(c) => {
                match &c.message.from {
                    ContactKey::Phone(p) => {
                        assert!((5..=20).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()), "{p:?}")
                    }
                    ContactKey::UserId(u) => assert!(wabi::phone::is_user_id(u), "{u:?}"),
                }
                if let Some(id) = &c.message.media_id {
                    assert!(graph::is_object_id(id), "{id:?}");
                }
                c.message.at
            }
            WebhookChange::Status(s) => s.at,
            // Template statuses and opt-outs carry no message time.
            WebhookChange::Echo(c) => c.message.at,
            WebhookChange::Account(_) | WebhookChange::History(_) | WebhookChange::Contact(_) => continue,
        };
        assert!((1_230_768_000_000..=ARRIVAL + 86_400_000).contains(&at), "time {at}");
    }
}

proptest! {
    #![proptest_config(runs(2000))]

    #[test]
    fn webhook_parser_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        receive(&bytes);
    }

    #[test]
    fn webhook_parser_survives_any_json(value in any_json()) {
        receive(value.to_string().as_bytes());
    }

    #[test]
    fn webhook_parser_survives_envelopes_with_fields_of_any_type(body in webhook_body()) {
        receive(body.to_string().as_bytes());
    }
}
