//! Automation must keep up with a busy evening: deciding 10,000 inbound messages takes under
//! 50 ms in total (the pure rules), and the whole worker pass over a store of them is reported
//! alongside (history reads, rendering and exactly-once inserts included).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, criterion_group, criterion_main};
use wabi::automation::{ChatHistory, Inbound, ManualAway, decide};
use wabi::config::Config;
use wabi::store::{ContactKey, NewMessage, Store};
use wabi::worker::automate::CURSOR_KEY;
use wabi::worker::{Automation, AutomationRunner};

const MESSAGES: usize = 10_000;
const CHATS: usize = 1_000;

const SHOP: &str = r#"
[business]
name = "Lopez Flowers"
[hours]
timezone = "Europe/Berlin"
mon = ["09:00-13:00", "14:00-18:00"]
tue = ["09:00-13:00", "14:00-18:00"]
wed = ["09:00-13:00", "14:00-18:00"]
thu = ["09:00-13:00", "14:00-18:00"]
fri = ["09:00-18:00"]
sat = ["10:00-14:00"]
sun = []
closed_dates = ["2026-12-24", "2026-12-25"]
[away]
enabled = true
message = "We are closed; we open {{hours.next_open}}."
[greeting]
enabled = true
message = "Hello {{first_name|there}}, welcome to {{business.name}}!"
"#;

fn config() -> Config {
    Config::parse(SHOP, Path::new("bench.toml")).unwrap()
}

/// Friday 2026-11-20, 18:00 UTC (19:00 in Berlin, just closed).
fn evening() -> DateTime<Utc> {
    "2026-11-20T18:00:00Z".parse().unwrap()
}

/// 10,000 messages over a week, in 1,000 chats, with every kind of history: new chats, chats
/// quiet for weeks, recent operator replies, earlier away and greeting messages.
fn inputs() -> Vec<(Inbound, ChatHistory)> {
    let start = evening() - TimeDelta::days(7);
    (0..MESSAGES)
        .map(|i| {
            let at = start + TimeDelta::seconds((i * 60) as i64);
            let ago = |minutes: i64| Some(at - TimeDelta::minutes(minutes));
            let history = match i % 5 {
                0 => ChatHistory::default(),
                1 => ChatHistory { previous_message_at: ago(60 * 24 * 20), ..ChatHistory::default() },
                2 => ChatHistory {
                    previous_message_at: ago(2),
                    last_operator_reply_at: ago(3),
                    ..Default::default()
                },
                3 => {
                    ChatHistory { previous_message_at: ago(30), last_away_at: ago(30), ..Default::default() }
                }
                _ => ChatHistory {
                    previous_message_at: ago(10),
                    last_greeting_at: ago(11),
                    ..Default::default()
                },
            };
            let input = Inbound {
                message_id: i as i64,
                chat_id: (i % CHATS) as i64,
                phone: Some(format!("3460000{:04}", i % CHATS)),
                in_contacts: i % 7 == 0,
                at,
            };
            (input, history)
        })
        .collect()
}

/// A store whose worker has started (cursor at 0) holding 10,000 inbound messages of the last
/// ten minutes from 1,000 customers: the backlog of a worker that was down briefly.
fn backlog(dir: &Path) -> Store {
    let mut store = Store::open(&dir.join("bench.db")).unwrap();
    store.set_setting(CURSOR_KEY, Some("0")).unwrap();
    let first = evening().timestamp_millis() - 600_000;
    let batch: Vec<NewMessage> = (0..MESSAGES)
        .map(|i| {
            let from = ContactKey::Phone(format!("3460000{:04}", i % CHATS));
            let mut m = NewMessage::text(from, "Hola, do you have roses?", first + i as i64 * 60);
            m.profile_name = Some("Maria Lopez".into());
            m
        })
        .collect();
    store.insert_messages(&batch).unwrap();
    store
}

fn bench(c: &mut Criterion) {
    let config = config();
    let schedule = config.hours.schedule().unwrap();
    let inputs = inputs();
    c.bench_function("decide 10,000 inbound messages", |b| {
        b.iter(|| {
            inputs.iter().fold(0, |due, (input, history)| {
                let actions = decide(
                    black_box(input),
                    black_box(history),
                    &config.away,
                    &config.greeting,
                    &schedule,
                    &ManualAway::Off,
                    // Two seconds after the message: each one is fresh, so every rule is looked at.
                    input.at + TimeDelta::seconds(2),
                );
                due + actions.len()
            })
        })
    });

    let mut group = c.benchmark_group("runner");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    // Every customer is new and it is closed: a greeting and an away message each.
    bench_pass(
        &mut group,
        "worker pass over 10,000 inbound messages on a temp store",
        &config,
        evening(),
        2 * CHATS,
    );
    // A day later nothing is due (greetings off, away messages stale): what the reads cost.
    let mut quiet = config.clone();
    quiet.greeting.enabled = false;
    bench_pass(
        &mut group,
        "the same pass a day later, nothing due (reads only)",
        &quiet,
        evening() + TimeDelta::days(1),
        0,
    );
    group.finish();
}

/// The worker's pass over a fresh backlog store, run once per sample.
fn bench_pass(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    config: &Config,
    now: DateTime<Utc>,
    expected: usize,
) {
    group.bench_function(name, |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = backlog(dir.path());
                (dir, store, AutomationRunner::new(config).unwrap())
            },
            |(dir, mut store, mut runner)| {
                assert_eq!(runner.run(&mut store, now.timestamp_millis()).unwrap(), expected);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
