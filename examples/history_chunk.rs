//! Speed figure for the phone's history sync: a 5,000-message `history` chunk (50 customers,
//! 100 messages each, both directions, a few media placeholders) into a store on disk that
//! already holds the generated demo store's messages.
//!
//! cargo run --release --example history_chunk -- [--base 100000] [--runs 10]
//!
//! 1. In process: parse the signed body's JSON, turn it into store changes and commit it (the
//!    webhook writer's work), `--runs` times with fresh wamids; prints each step's median.
//!    For comparison, the same 5,000 rows through `wabi import`'s store call
//!    (`Store::import_histories`, one transaction), in the same store under the same load.
//! 2. Through the real webhook server on 127.0.0.1: the chunk is POSTed while another thread keeps
//!    POSTing one-message webhooks; prints the chunk's time to 200 and the small POSTs' latencies
//!    while it was in flight. Traffic only goes to the loopback address the server bound.

use std::time::{Duration, Instant};

use wabi::store::Store;
use wabi::transport::cloud::signature::sign;
use wabi::transport::cloud::{Secret, WebhookSecrets, WebhookServer, inbound, webhook};

const SECRET: &str = "history-bench-secret";
const MESSAGES: usize = 5_000;
const THREADS: usize = 50;

fn chunk(run: usize) -> Vec<u8> {
    let threads: Vec<serde_json::Value> = (0..THREADS)
        .map(|t| {
            let customer = format!("3461{run:03}{t:05}");
            let messages: Vec<serde_json::Value> = (0..MESSAGES / THREADS)
                .map(|i| {
                    let id = format!("wamid.hist.{run}.{t}.{i}");
                    let ts = (1_735_000_000 + t * 10_000 + i * 60).to_string();
                    if i % 25 == 24 {
                        return serde_json::json!({"from": customer, "id": id, "timestamp": ts,
                            "type": "media_placeholder", "history_context": {"status": "READ"}});
                    }
                    let text = format!("message {i} of thread {t}: do you have red roses for Saturday?");
                    if i % 2 == 0 {
                        serde_json::json!({"from": customer, "id": id, "timestamp": ts, "type": "text",
                            "text": {"body": text}, "history_context": {"status": "READ"}})
                    } else {
                        serde_json::json!({"from": "15550783881", "to": customer, "id": id, "timestamp": ts,
                            "type": "text", "text": {"body": text}, "history_context": {"status": "DELIVERED"}})
                    }
                })
                .collect();
            serde_json::json!({"id": customer, "messages": messages})
        })
        .collect();
    let body = serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{
        "field": "history", "value": {"messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "PNID"},
        "history": [{"metadata": {"phase": 1, "chunk_order": run, "progress": 50}, "threads": threads}]}}]}]});
    serde_json::to_vec(&body).unwrap_or_default()
}

fn small(n: usize) -> Vec<u8> {
    format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"WABA","changes":[{{"field":"messages","value":{{"metadata":{{"phone_number_id":"PNID"}},"messages":[{{"from":"3460{n:08}","id":"wamid.small.{n}","timestamp":"1735000000","type":"text","text":{{"body":"live message {n}"}}}}]}}}}]}}]}}"#
    )
    .into_bytes()
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (base, runs) = (arg("--base", 100_000), arg("--runs", 10).max(1));
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("wabi.db");
    let mut store = Store::open(&path)?;
    wabi::demo::generate(&mut store, 1_000, base, wabi::store::now_ms(), 1)?;
    let (mut parse, mut commit) = (Vec::new(), Vec::new());
    let bytes = chunk(0).len();
    for run in 0..runs {
        let body = chunk(run + 1);
        let started = Instant::now();
        let events = webhook::parse(&body)?;
        let (changes, _) = inbound::changes(events, wabi::store::now_ms());
        parse.push(started.elapsed());
        let started = Instant::now();
        let summary = store.apply_webhook(&[&changes])?;
        commit.push(started.elapsed());
        assert_eq!(summary.inserted, MESSAGES, "every message of the chunk is new");
    }
    let mut import = Vec::new();
    for run in 0..runs {
        let bodies: Vec<String> =
            (0..MESSAGES).map(|i| format!("imported message {i} of run {run}")).collect();
        let chats: Vec<wabi::store::HistoryChat> = (0..THREADS)
            .map(|t| wabi::store::HistoryChat {
                key: wabi::store::ContactKey::Phone(format!("3462{run:03}{t:05}")),
                name: None,
            })
            .collect();
        let rows: Vec<wabi::store::HistoryMessage<'_>> = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| wabi::store::HistoryMessage {
                external_id: format!("import:{run}:{i}"),
                direction: if i % 2 == 0 { wabi::model::Direction::In } else { wabi::model::Direction::Out },
                kind: wabi::model::Kind::Text,
                body,
                at: 1_735_000_000_000 + i as i64 * 60_000,
                status: None,
                media_filename: None,
                media_path: None,
            })
            .collect();
        let per_chat: Vec<(&wabi::store::HistoryChat, &[wabi::store::HistoryMessage<'_>])> =
            chats.iter().zip(rows.chunks(MESSAGES / THREADS)).collect();
        let started = Instant::now();
        store.import_histories(&per_chat)?;
        import.push(started.elapsed());
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "{MESSAGES}-message chunk ({:.1} MB) into a store of {base} messages, {runs} runs: \
         parse {:.1} ms, commit {:.1} ms (median); commit min {:.1} ms, max {:.1} ms; \
         the same rows through import's store call: median {:.1} ms, min {:.1} ms (load average {})",
        bytes as f64 / 1e6,
        ms(median(&mut parse)),
        ms(median(&mut commit)),
        ms(commit.iter().min().copied().unwrap_or_default()),
        ms(commit.iter().max().copied().unwrap_or_default()),
        ms(median(&mut import)),
        ms(import.iter().min().copied().unwrap_or_default()),
        load.split_whitespace().next().unwrap_or("?"),
    );
    drop(store);

    let secrets = WebhookSecrets { app_secret: Secret::new(SECRET), verify_token: Secret::new("v") };
    let server = WebhookServer::start("127.0.0.1:0", "/webhook", secrets, Store::open(&path)?)?;
    let url = format!("http://{}/webhook", server.addr());
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let post = move |agent: &ureq::Agent, url: &str, body: &[u8]| -> Result<(u16, Duration), ureq::Error> {
        let started = Instant::now();
        let status = agent
            .post(url)
            .header("X-Hub-Signature-256", &sign(SECRET.as_bytes(), body))
            .send(body)?
            .status();
        Ok((status.as_u16(), started.elapsed()))
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let background = {
        let (stop, url, agent) = (stop.clone(), url.clone(), agent.clone());
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                if let Ok((200, took)) = post(&agent, &url, &small(n)) {
                    seen.push(took);
                }
            }
            seen
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    let body = chunk(runs + 1);
    let (status, took) = post(&agent, &url, &body)?;
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut small_posts = background.join().unwrap_or_default();
    let count = small_posts.len();
    let p50 = median(&mut small_posts);
    let max = small_posts.last().copied().unwrap_or_default();
    println!(
        "through the server: chunk answered {status} in {:.1} ms (read, verify, parse, commit); \
         meanwhile {count} one-message POSTs answered 200, p50 {:.1} ms, max {:.1} ms",
        ms(took),
        ms(p50),
        ms(max)
    );
    server.stop();
    Ok(())
}
