//! Engine speed on the shared documents: `cargo bench --bench engine`. Figures go in BENCHMARKS.md.

mod common;
use common as docs;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sendwell::engine::config::Config;
use sendwell::engine::draft::Draft;
use sendwell::engine::memo::Memo;
use sendwell::engine::{analyze, analyze_with, diagnose_with};
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
        // What the server does per keystroke: the document's memo holds the paragraphs of the
        // last lint, and one character was typed in the middle paragraph (each iteration
        // alternates between the text with and without it, so each re-reads one paragraph).
        // Publishing lints without fixes (`diagnose_with`); a code action, which editors ask
        // for as the cursor moves, lints with them (`analyze_with`).
        let typed = type_in_the_middle(&text);
        let memo = Memo::new();
        let mut flip = false;
        g.bench_function("keystroke", |b| {
            b.iter(|| {
                flip = !flip;
                let t = if flip { &typed } else { &text };
                diagnose_with(black_box(t), &config, &memo).map(|a| a.findings.len())
            })
        });
        let memo = Memo::new();
        g.bench_function("code-action", |b| {
            b.iter(|| {
                flip = !flip;
                let t = if flip { &typed } else { &text };
                analyze_with(black_box(t), &config, &memo).map(|a| a.findings.len())
            })
        });
        g.finish();
    }
}

/// `text` with one letter typed at the end of its middle line of text (where lspbench types).
fn type_in_the_middle(text: &str) -> String {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let content: Vec<&(usize, &str)> = lines.iter().filter(|(_, l)| !l.trim().is_empty()).collect();
    let (start, line) = content[content.len() / 2];
    let at = start + line.trim_end().len();
    let mut out = text.to_string();
    out.insert(at, 'x');
    out
}

criterion_group!(benches, engine);
criterion_main!(benches);
