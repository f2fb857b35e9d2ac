//! Store benchmarks (issue 2): inbound inserts through the store API, and the `wabi chats --json`
//! work over 10,000 chats.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use wabi::model::{Direction, Kind};
use wabi::store::{ChatFilter, ChatView, ContactKey, HistoryChat, HistoryMessage, NewMessage, Store};

const NOW: i64 = 1_768_478_400_000;

fn batch(start: usize, n: usize) -> Vec<NewMessage> {
    (start..start + n)
        .map(|i| {
            let mut m = NewMessage::text(
                ContactKey::Phone(format!("{}", 491_500_000_000_u64 + (i % 5_000) as u64)),
                format!("Hola, quería encargar {i} rosas rojas para mañana por la tarde, gracias"),
                NOW + i as i64,
            );
            m.external_id = Some(format!("wamid.bench.{i}"));
            m
        })
        .collect()
}

fn inserts(c: &mut Criterion) {
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("insert 10k inbound messages in one batch (on disk)", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(&dir.path().join("b.db")).unwrap();
                (dir, store, batch(0, 10_000))
            },
            |(_dir, mut store, msgs)| black_box(store.insert_messages(&msgs).unwrap()),
            BatchSize::PerIteration,
        );
    });
    group.bench_function("insert 10k messages of one chat through the batch API (on disk)", |b| {
        let bodies: Vec<String> =
            (0..10_000).map(|i| format!("Hola, quería encargar {i} rosas rojas para mañana por la tarde, gracias")).collect();
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(&dir.path().join("b.db")).unwrap();
                (dir, store)
            },
            |(_dir, mut store)| {
                let rows: Vec<HistoryMessage<'_>> = bodies
                    .iter()
                    .enumerate()
                    .map(|(i, body)| HistoryMessage {
                        external_id: format!("wamid.bulk.{i}"),
                        direction: Direction::In,
                        kind: Kind::Text,
                        body,
                        at: NOW + i as i64,
                        status: None,
                        media_filename: None,
                        media_path: None,
                    })
                    .collect();
                let chat = HistoryChat { key: ContactKey::Phone("491500000001".into()), name: None };
                black_box(store.import_history(&chat, &rows, &mut |_| {}).unwrap())
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn chats_json(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.db");
    let mut store = Store::open(&path).unwrap();
    wabi::demo::generate(&mut store, 10_000, 100_000, NOW, 1).unwrap();
    let all = ChatFilter { view: ChatView::All, labels: vec![] };
    c.bench_function("chats --json work over 10,000 chats (query + JSON)", |b| {
        b.iter(|| {
            let rows = store.chats(&all, 0, usize::MAX).unwrap();
            let json: Vec<_> = rows
                .iter()
                .map(|r| serde_json::json!({"id": r.id, "phone": r.phone, "name": r.name, "labels": r.labels, "unread": r.unread}))
                .collect();
            black_box(serde_json::to_string(&json).unwrap())
        })
    });
}

criterion_group!(benches, inserts, chats_json);
criterion_main!(benches);
