//! Load figure for the webhook server: signed POSTs from several threads over keep-alive
//! connections to the real server on 127.0.0.1, for a bounded time; then checks that every
//! acknowledged message is in the store.
//!
//! cargo run --release --example webhook_load -- [--threads 8] [--seconds 10] [--rate 5000]
//!
//! `--rate` paces the senders to that many POSTs/s in total (0: as fast as they can). Traffic
//! only ever goes to the loopback address the server was bound to.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use wabi::store::Store;
use wabi::transport::cloud::signature::sign;
use wabi::transport::cloud::{Secret, WebhookSecrets, WebhookServer};

const SECRET: &str = "load-test-secret";

struct Options {
    threads: usize,
    seconds: u64,
    rate: u64,
}

fn options() -> Result<Options, String> {
    let mut o = Options { threads: 8, seconds: 10, rate: 0 };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).ok_or(format!("{} needs a value", pair[0]))?;
        let number: u64 = value.parse().map_err(|_| format!("{value:?} is not a number"))?;
        match pair[0].as_str() {
            "--threads" => o.threads = usize::try_from(number.clamp(1, 64)).unwrap_or(8),
            "--seconds" => o.seconds = number.clamp(1, 120),
            "--rate" => o.rate = number,
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(o)
}

/// What one sender thread saw: latencies (µs) of acknowledged POSTs, and failures.
struct Tally {
    latencies: Vec<u32>,
    failures: u64,
}

fn body(thread: usize, n: u64) -> Vec<u8> {
    let phone = 34_600_000_000u64 + (n % 1000) * 100 + thread as u64;
    format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"WABA","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550000000","phone_number_id":"PNID"}},"contacts":[{{"profile":{{"name":"Load {thread}"}},"wa_id":"{phone}"}}],"messages":[{{"from":"{phone}","id":"wamid.load.{thread}.{n}","timestamp":"1700000000","type":"text","text":{{"body":"load test message {n} from sender {thread}"}}}}]}}}}]}}]}}"#
    )
    .into_bytes()
}

/// A minimal HTTP/1.1 keep-alive client (like wrk's): the load generator shares the machine with
/// the server, so it should cost as little as it can.
struct Connection {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Connection {
    fn open(addr: SocketAddr) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        Ok(Connection { reader: BufReader::new(stream.try_clone()?), writer: stream })
    }

    /// POSTs a signed body; returns the HTTP status.
    fn post(&mut self, body: &[u8], signature: &str) -> std::io::Result<u16> {
        let head = format!(
            "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             X-Hub-Signature-256: {signature}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let mut request = head.into_bytes();
        request.extend_from_slice(body);
        self.writer.write_all(&request)?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut rest = vec![0; length];
        self.reader.read_exact(&mut rest)?;
        Ok(status)
    }
}

fn sender(addr: SocketAddr, thread: usize, deadline: Instant, pace: Option<Duration>) -> Tally {
    let mut tally = Tally { latencies: Vec::new(), failures: 0 };
    let mut connection = None;
    let start = Instant::now();
    let mut n = 0u64;
    while Instant::now() < deadline {
        if let Some(pace) = pace {
            let due = start + pace * u32::try_from(n).unwrap_or(u32::MAX);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
        }
        let body = body(thread, n);
        let signature = sign(SECRET.as_bytes(), &body);
        let sent = Instant::now();
        let status = match connection.take() {
            Some(c) => Ok(c),
            None => Connection::open(addr),
        }
        .and_then(|mut c| {
            let status = c.post(&body, &signature)?;
            connection = Some(c);
            Ok(status)
        });
        match status {
            Ok(200) => tally.latencies.push(u32::try_from(sent.elapsed().as_micros()).unwrap_or(u32::MAX)),
            _ => tally.failures += 1,
        }
        n += 1;
    }
    tally
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i.min(sorted.len() - 1)]) / 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let o = options()?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("load.db");
    let secrets = WebhookSecrets { app_secret: Secret::new(SECRET), verify_token: Secret::new("unused") };
    let server = WebhookServer::start("127.0.0.1:0", "/webhook", secrets, Store::open(&db)?)?;
    let addr = server.addr();
    let pace = (o.rate > 0).then(|| Duration::from_secs_f64(o.threads as f64 / o.rate as f64));
    let deadline = Instant::now() + Duration::from_secs(o.seconds);
    let began = Instant::now();
    let threads: Vec<_> =
        (0..o.threads).map(|t| std::thread::spawn(move || sender(addr, t, deadline, pace))).collect();
    let mut latencies = Vec::new();
    let mut failures = 0;
    for t in threads {
        let tally = t.join().map_err(|_| "a sender thread panicked")?;
        latencies.extend(tally.latencies);
        failures += tally.failures;
    }
    let elapsed = began.elapsed().as_secs_f64();
    server.stop();
    latencies.sort_unstable();
    let stored: i64 = Store::open(&db)?.conn().query_row(
        "SELECT count(*) FROM messages WHERE external_id LIKE 'wamid.load.%'",
        [],
        |r| r.get(0),
    )?;
    let acked = latencies.len();
    println!(
        "{acked} signed POSTs acknowledged in {elapsed:.1} s by {} threads: {:.0} POSTs/s",
        o.threads,
        acked as f64 / elapsed
    );
    println!(
        "latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {failures} failed",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    println!("stored {stored} of {acked} acknowledged messages");
    if i64::try_from(acked)? != stored {
        return Err("acknowledged messages are missing from the store".into());
    }
    Ok(())
}
