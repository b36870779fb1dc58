//! The engine per rule family, so a slowdown points at its family: parsing, rendering, the
//! structural and wording code rules, pack rules by kind, and settling (suppressions, severities,
//! order). `cargo bench --bench families`. Figures go in BENCHMARKS.md.
//!
//! `long-28k-unicode` is the message with curly apostrophes and an emoji per paragraph, as real
//! drafts have: non-ASCII text takes the slower Unicode paths of the regex and segmentation code.

#[allow(dead_code)] // the 1 MB file is measured by the engine bench
mod common;
use common as docs;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use sendwell::engine::config::Config;
use sendwell::engine::draft::Draft;
use sendwell::engine::render::{self, Rendered};
use sendwell::engine::{analyze, families, packs, rules, settle};

fn unicode(text: &str) -> String {
    text.replace('\'', "’").replace(".\n\n", ". 👋\n\n")
}

fn families(c: &mut Criterion) {
    let config = Config::default();
    let inputs = [
        ("note", docs::NOTE.to_string()),
        ("long-28k", docs::LONG.to_string()),
        ("long-28k-unicode", unicode(docs::LONG)),
    ];
    for (name, text) in &inputs {
        let mut g = c.benchmark_group(format!("families/{name}"));
        g.bench_function("parse", |b| b.iter(|| Draft::parse(black_box(text))));
        let a = analyze(text, &config).expect("a draft");
        let body = a.draft.body();
        g.bench_function("render", |b| {
            b.iter(|| {
                let comments = render::comments(text, body.clone());
                let placeholders =
                    render::placeholders(text, body.clone(), &comments, &a.draft.facts);
                Rendered::build(text, body.clone(), &comments, &placeholders)
                    .text
                    .len()
            })
        });
        g.bench_function("code/structure", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                rules::structure(black_box(&a), &config, &mut out);
                out.len()
            })
        });
        g.bench_function("code/wording", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                rules::wording(black_box(&a), &config, None, &mut out);
                out.len()
            })
        });
        for kind in ["phrase", "pattern", "metric", "shouting"] {
            g.bench_function(format!("packs/{kind}"), |b| {
                b.iter(|| {
                    let mut out = Vec::new();
                    packs::run_kinds(black_box(&a), &config, &[kind], &mut out);
                    out.len()
                })
            });
        }
        let mut raw = Vec::new();
        families::run(&a, &config, None, &mut raw);
        // Includes cloning the findings it consumes.
        g.bench_function("settle", |b| {
            b.iter(|| settle(raw.clone(), &a.draft, &a.comments, &config).len())
        });
        g.bench_function("analyze", |b| {
            b.iter(|| analyze(black_box(text), &config).map(|a| a.findings.len()))
        });
        g.finish();
    }
}

criterion_group!(benches, families);
criterion_main!(benches);
