//! Pack rules: the cost per keystroke with default and tuned settings (the compiled rule set is
//! cached, so tuned settings must not recompile), on a hit-heavy note, and the one-off compile.
//! `cargo bench --bench packs`. Figures go in BENCHMARKS.md.

#[allow(dead_code)] // this bench measures the note and the message only
mod common;
use common as docs;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use sendwell::engine::analyze;
use sendwell::engine::catalog::BUILTIN;
use sendwell::engine::config::{Config, WordLists};
use sendwell::engine::packs::{self, Pack};

const SPAMMY: &str = "---\nchannel: connection-note\nto: Kevin Walsh\n---\nHi Kevin!! HUGE news: our lead generation service is giving away FREE leads. Act now, spots are limited!! Sorry to bother you, I know you're busy. Just checking in: are you hiring? Can we hop on a call? It's 100% GUARANTEED and risk-free, don't miss it.\n";

const USER_PACK: &str = "[[rule]]\nid = \"team.jargon\"\ntitle = \"Jargon\"\nseverity = \"hint\"\nkind = \"phrase\"\nwhy = \"w\"\nfix = \"f\"\n[rule.params]\nphrases = [\"synergy\", \"move the needle\", \"circle back\", \"low-hanging fruit\"]\n";

fn tuned() -> Config {
    let mut config = Config {
        allow: vec!["Cash App".into()],
        user_packs: vec![Arc::new(Pack::parse("team.toml", USER_PACK))],
        ..Config::default()
    };
    config.words.insert(
        "spam.trigger-word".into(),
        WordLists {
            allow: vec!["free shipping".into()],
            add: vec!["best-in-class".into()],
        },
    );
    config
}

fn bench(c: &mut Criterion) {
    let default = Config::default();
    let tuned = tuned();
    let mut g = c.benchmark_group("packs");
    for (name, text) in [
        ("note", docs::NOTE),
        ("spammy-note", SPAMMY),
        ("long-28k", docs::LONG),
    ] {
        g.bench_function(format!("{name}/default"), |b| {
            b.iter(|| analyze(black_box(text), &default).map(|a| a.findings.len()))
        });
        g.bench_function(format!("{name}/tuned"), |b| {
            b.iter(|| analyze(black_box(text), &tuned).map(|a| a.findings.len()))
        });
    }
    // The pack rules alone, on an analysis made once.
    for (name, text) in [
        ("note", docs::NOTE),
        ("spammy-note", SPAMMY),
        ("long-28k", docs::LONG),
    ] {
        let a = analyze(text, &default).expect("a draft");
        g.bench_function(format!("{name}/pack-rules-only"), |b| {
            b.iter(|| {
                let mut out = Vec::new();
                packs::run(black_box(&a), &default, None, &mut out);
                out.len()
            })
        });
    }
    // The one-off cost a new settings combination pays: compiling every built-in pack rule.
    g.bench_function("compile-builtin-rules", |b| {
        b.iter(|| {
            BUILTIN
                .rules
                .iter()
                .filter(|r| packs::validate(r).is_ok())
                .count()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
