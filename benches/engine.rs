//! Engine speed on the shared documents: `cargo bench --bench engine`. Figures go in BENCHMARKS.md.

mod common;
use common as docs;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sendwell::engine::analyze;
use sendwell::engine::config::Config;
use sendwell::engine::draft::Draft;
use sendwell::lsp::convert::{self, Positions};
use sendwell::text::Encoding;

fn inputs() -> Vec<(&'static str, String)> {
    vec![
        ("note", docs::NOTE.to_string()),
        ("long-28k", docs::LONG.to_string()),
        ("huge-1mb", docs::huge()),
    ]
}

fn engine(c: &mut Criterion) {
    let config = Config::default();
    for (name, text) in inputs() {
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 100_000 {
            g.sample_size(20);
        }
        g.bench_function("parse", |b| b.iter(|| Draft::parse(black_box(&text))));
        g.bench_function("analyze", |b| {
            b.iter(|| analyze(black_box(&text), &config).map(|a| a.findings.len()))
        });
        // What the server does per keystroke after the edit: analyze, then positions for every
        // finding in UTF-16.
        g.bench_function("analyze+diagnostics", |b| {
            b.iter(|| {
                let a = analyze(black_box(&text), &config)?;
                let pos = Positions::new(&text, Encoding::Utf16);
                Some(
                    a.findings
                        .iter()
                        .map(|f| convert::diagnostic(f, &pos))
                        .count(),
                )
            })
        });
        g.finish();
    }
}

criterion_group!(benches, engine);
criterion_main!(benches);
