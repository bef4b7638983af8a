//! What scrubbing costs: it runs on every log line and every error text, with
//! the process's tokens remembered (three: two accounts' API tokens and a
//! widget token).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use deskbell_transport::Scrubber;
use std::hint::black_box;

const TOKENS: [&str; 3] = [
    "b3f9a1c7e2d84f60a5b1c9e7d3f2a8b4",
    "Xq7/Tk+9f2a7c41=b8e3d5066a1fZ",
    "w-5e8c1d9b7a3f2e6d4c0b8a9f1e7d3c5b",
];

fn bench(c: &mut Criterion) {
    let mut scrubber = Scrubber::new();
    for token in TOKENS {
        scrubber.add(token);
    }
    // A typical line: no token in it, an ellipsis (a cut edge) in it.
    let clean = "[2026-12-02][05:33:53][WARN][deskbell_desk::poller] poll failed account=Support \
                 error=the server answered with text/html instead of JSON (HTTP 502): \
                 <html><head><title>502 Bad Gateway</title></head><body>…";
    let echo = format!(
        "not authorized: Wrong token {} (sent as ?token=Xq7%2FTk%2B9f2a7c41%3Db8e3d5066a1fZ, \
         request {{\"Authentication\":\"Xq7\\/Tk+9f2a7c41=b8e3d5066a1fZ\"}}) {}…",
        TOKENS[1],
        &TOKENS[0][..20]
    );
    let mut group = c.benchmark_group("scrub");
    for (name, text) in [("clean line", clean.to_owned()), ("four echoes", echo)] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{name}, {} bytes", text.len()), |b| {
            b.iter(|| scrubber.scrub(black_box(&text)).len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
