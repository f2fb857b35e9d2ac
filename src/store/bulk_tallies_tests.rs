//! Compiled only under #[cfg(test)], from its parent module.
use crate::model::{Direction, Kind, Origin, Status};
use crate::store::{ContactKey, HistoryChat, HistoryMessage, Store};

/// A pseudo-random history of `n` rows: runs of the customer's messages, the business's
/// answers (some earlier than the question, as clocks of two phones disagree), system lines,
/// over several days.
fn history(n: usize, seed: u64, from: i64) -> Vec<(String, Direction, Kind, i64)> {
    let mut s = seed;
    let mut at = from;
    (0..n)
        .map(|i| {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let step = i64::try_from(s >> 44).unwrap_or(0) * 40; // up to about 8 days apart
            at += if s & 0x700 == 0 { -60_000 } else { step };
            let (direction, kind) = match s >> 61 {
                0..=2 => (Direction::In, Kind::Text),
                3..=5 => (Direction::Out, Kind::Text),
                6 => (Direction::In, Kind::System),
                _ => (Direction::Out, Kind::Image),
            };
            (format!("x:{seed}:{i}"), direction, kind, at)
        })
        .collect()
}

fn rows(h: &[(String, Direction, Kind, i64)]) -> Vec<HistoryMessage<'_>> {
    h.iter()
        .map(|(id, direction, kind, at)| HistoryMessage {
            external_id: id.clone(),
            direction: *direction,
            kind: *kind,
            body: "text",
            at: *at,
            status: (*direction == Direction::Out).then_some(Status::Sent),
            media_filename: None,
            media_path: None,
        })
        .collect()
}

fn chat(phone: &str) -> HistoryChat {
    HistoryChat { key: ContactKey::Phone(phone.into()), name: None }
}

/// The same rows, one INSERT each, through the per-row trigger (as the sqlite3 shell would).
fn insert_through_the_trigger(store: &mut Store, phone: &str, h: &[(String, Direction, Kind, i64)]) {
    let chat_id = store.import_history(&chat(phone), &[], &mut |_| {}).unwrap().chat_id;
    let status_of = |d: Direction| (d == Direction::Out).then_some(Status::Sent.as_str());
    for (id, direction, kind, at) in h {
        store
            .conn()
            .execute(
                "INSERT INTO messages (chat_id, origin, created_at, external_id, direction, kind, body, at,
                     status, status_at) VALUES (?1, ?2, 0, ?3, ?4, ?5, 'text', ?6, ?7, ?6)
                 ON CONFLICT (external_id) DO NOTHING",
                rusqlite::params![
                    chat_id,
                    Origin::Import.as_str(),
                    id,
                    direction.as_str(),
                    kind.as_str(),
                    at,
                    status_of(*direction)
                ],
            )
            .unwrap();
    }
}

type Stats = (Vec<Vec<i64>>, Vec<(i64, i64, String, i64)>, Vec<(i64, Option<String>, Option<i64>)>);

fn stats(store: &Store) -> Stats {
    let conn = store.conn();
    let mut t = conn
        .prepare("SELECT day, chat_id, received, sent, away_sent, greeting_sent, delivered, read, failed FROM tallies ORDER BY day, chat_id")
        .unwrap();
    let tallies = t
        .query_map([], |r| {
            let day: String = r.get(0)?;
            let mut v = vec![day.replace('-', "").parse::<i64>().unwrap_or(0)];
            for i in 1..9 {
                v.push(r.get(i)?);
            }
            Ok(v)
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut r = conn
        .prepare("SELECT message_id, chat_id, day, seconds FROM response_times ORDER BY message_id")
        .unwrap();
    let responses = r
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut c = conn.prepare("SELECT id, first_day, awaiting_since FROM chats ORDER BY id").unwrap();
    let chats = c
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    (tallies, responses, chats)
}

#[test]
fn set_wise_tallies_equal_the_per_row_triggers_and_verify_clean() {
    let day = 86_400_000;
    let a = history(3_000, 1, 1_700_000_000_000);
    // The second export of chat a overlaps the first (duplicates) and goes on.
    let a_longer: Vec<_> =
        a[1_000..].iter().cloned().chain(history(500, 2, 1_700_000_000_000 + 400 * day)).collect();
    let b = history(800, 3, 1_690_000_000_000);
    let c = history(300, 4, 1_710_000_000_000);

    let mut bulk = Store::open_in_memory().unwrap();
    let mut rowwise = Store::open_in_memory().unwrap();
    for store in [&mut bulk, &mut rowwise] {
        store.set_business_zone("Europe/Madrid".parse().unwrap()).unwrap();
    }
    bulk.import_history(&chat("1"), &rows(&a), &mut |_| {}).unwrap();
    bulk.import_history(&chat("1"), &rows(&a_longer), &mut |_| {}).unwrap();
    let (rb, rc) = (rows(&b), rows(&c));
    bulk.import_histories(&[(&chat("2"), &rb), (&chat("3"), &rc)]).unwrap();

    insert_through_the_trigger(&mut rowwise, "1", &a);
    insert_through_the_trigger(&mut rowwise, "1", &a_longer);
    insert_through_the_trigger(&mut rowwise, "2", &b);
    insert_through_the_trigger(&mut rowwise, "3", &c);

    let (got, want) = (stats(&bulk), stats(&rowwise));
    assert!(!want.1.is_empty() && want.2.iter().all(|c| c.1.is_some()));
    assert_eq!(got.0, want.0, "tallies");
    assert_eq!(got.1, want.1, "first responses");
    assert_eq!(got.2, want.2, "first days and waiting customers");
    assert_eq!(bulk.verify_tallies().unwrap(), Vec::<String>::new());
    let flags: i64 = bulk.conn().query_row("SELECT count(*) FROM bulk_tallies", [], |r| r.get(0)).unwrap();
    assert_eq!(flags, 0, "the trigger is back on after the import");
    let trigger: i64 = bulk
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'tally_insert'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trigger, 1, "the trigger is back after the import");
}
