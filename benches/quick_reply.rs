//! Ranking must keep up with typing: 1,000 quick replies for a 3-letter query in well under 1 ms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use wabi::quick_reply::{QuickReply, Ranker, expand, trigger};

const WORDS: &[&str] = &[
    "thanks", "order", "hours", "open", "closed", "delivery", "price", "address", "payment", "refund",
    "photo", "receipt", "tomorrow", "weekend", "shipping", "café", "señora", "gracias", "pedido", "horario",
    "we", "are", "your", "has", "been", "sent", "please", "call", "soon",
];

/// A fixed pseudo-random word picker, so every run ranks the same quick replies.
fn word(seed: &mut u64) -> &'static str {
    *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    WORDS[(*seed >> 33) as usize % WORDS.len()]
}

fn quick_replies(n: usize) -> Vec<QuickReply> {
    let mut seed = 7;
    (0..n)
        .map(|i| {
            let shortcut = format!("{}-{}{i}", word(&mut seed), word(&mut seed));
            let words = 12 + i % 30;
            let text: Vec<&str> = (0..words).map(|_| word(&mut seed)).collect();
            QuickReply {
                id: i as i64,
                shortcut,
                text: format!("Hi {{{{first_name|there}}}}, {}.", text.join(" ")),
                uses: (i % 17) as i64,
                last_used_at: None,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let items = quick_replies(1_000);
    let ranker = Ranker::new();
    for query in ["tnk", "hou", "xqz"] {
        c.bench_function(&format!("rank 1000 quick replies for {query:?}"), |b| {
            b.iter(|| ranker.rank(black_box(&items), black_box(query)))
        });
    }
    c.bench_function("trigger in a 200-char draft", |b| {
        let draft = format!("{} /hou", "word ".repeat(40));
        b.iter(|| trigger(black_box(&draft), black_box(draft.len())))
    });
    c.bench_function("expand a template", |b| {
        let lookup = |key: &str| (key == "first_name").then(|| "Maria".to_string());
        b.iter(|| expand(black_box("Thank you {{first_name|friend}}, see {{hours.today}}"), &lookup))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
