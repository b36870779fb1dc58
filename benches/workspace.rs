//! The workspace index at scale: a generated workspace of 10,000 drafts (2,500 four-touch
//! sequences over twelve weeks). `cargo bench --bench workspace`; figures go in BENCHMARKS.md.
//!
//! - `scan/threads=N`: the server's start-up index: walk, read, extract facts on N threads.
//! - `extract`: facts from in-memory texts only (no I/O), one thread.
//! - `build`: grouping and every cross-file rule over the 10,000 drafts' facts.
//! - `edit`: one keystroke in a draft: re-extract its facts and re-check the groups it touches.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use sendwell::engine::config::Config;
use sendwell::engine::sequence::{DraftFacts, Index, Params};
use sendwell::workspace::exclude::Exclusions;
use sendwell::workspace::{load, walk};

const DRAFTS: usize = 10_000;
const STEPS: usize = 4;

const WORDS: &[&str] = &[
    "safety",
    "stock",
    "supplier",
    "buffer",
    "talk",
    "conference",
    "team",
    "inventory",
    "question",
    "report",
    "forecast",
    "lead",
    "time",
    "warehouse",
    "plan",
    "season",
    "demand",
    "signal",
    "model",
    "review",
    "quarter",
    "pilot",
    "result",
    "case",
    "study",
    "change",
    "process",
    "share",
    "insight",
    "data",
    "how",
    "your",
    "we",
    "found",
    "the",
    "a",
    "of",
    "on",
    "for",
    "with",
];

/// A deterministic pseudo-random sequence (no extra crate for a benchmark's dice).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// The text of step `step` of sequence `seq`: a first note, then messages and follow-ups on a
/// 1, 4, 8, 14 cadence, each with its own 60-word body.
fn draft(seq: usize, step: usize, rng: &mut Lcg) -> String {
    let channel = ["connection-note", "message", "follow-up", "follow-up"][step - 1];
    let when = if step == 1 {
        let day = 2 + seq % 84; // twelve weeks from Monday 2 March 2026
        let (month, day) = match day {
            d if d <= 31 => (3, d),
            d if d <= 61 => (4, d - 31),
            d => (5, d - 61),
        };
        format!("send: 2026-{month:02}-{day:02}")
    } else {
        format!("day: {}", [0, 0, 3, 7, 13][step])
    };
    let body: Vec<&str> = (0..60).map(|_| WORDS[rng.next(WORDS.len())]).collect();
    format!(
        "---\nchannel: {channel}\nto: Person {seq}\ncompany: Company {}\nsequence: seq-{seq}\nstep: {step}\n{when}\n---\nHi Person {seq}, {}.\n",
        seq % 97,
        body.join(" ")
    )
}

/// Writes the workspace once into `target/bench-workspace/` and returns its folder.
fn workspace() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-workspace");
    let marker = root.join(format!(".complete-{DRAFTS}"));
    if marker.exists() {
        return root;
    }
    let _ = std::fs::remove_dir_all(&root);
    let mut rng = Lcg(42);
    for seq in 0..DRAFTS / STEPS {
        let dir = root.join(format!("team-{:02}", seq % 50));
        std::fs::create_dir_all(&dir).unwrap();
        for step in 1..=STEPS {
            std::fs::write(
                dir.join(format!("seq-{seq:04}-step-{step}.md")),
                draft(seq, step, &mut rng),
            )
            .unwrap();
        }
    }
    std::fs::write(marker, "").unwrap();
    root
}

fn bench(c: &mut Criterion) {
    let root = workspace();
    let files = walk::draft_files(&root, &Exclusions::default()).files;
    assert_eq!(files.len(), DRAFTS);
    let texts: Vec<(PathBuf, String)> = files
        .iter()
        .map(|p| (p.clone(), std::fs::read_to_string(p).unwrap()))
        .collect();
    let k = Params::builtin().shingle_words;
    let facts: Vec<DraftFacts> = texts
        .iter()
        .filter_map(|(p, t)| DraftFacts::extract(p.clone(), t, k))
        .collect();
    assert_eq!(facts.len(), DRAFTS);

    let mut g = c.benchmark_group("workspace-10k");
    g.sample_size(10);
    for threads in [1, 2] {
        g.bench_function(format!("scan/threads={threads}"), |b| {
            b.iter(|| {
                let files = walk::draft_files(black_box(&root), &Exclusions::default()).files;
                let (facts, _) = load::facts_with_threads(&files, k, threads);
                Index::build(Params::builtin(), Config::default(), facts).len()
            })
        });
    }
    g.bench_function("extract", |b| {
        b.iter(|| {
            texts
                .iter()
                .filter_map(|(p, t)| DraftFacts::extract(p.clone(), black_box(t), k))
                .count()
        })
    });
    g.bench_function("build", |b| {
        b.iter_batched(
            || facts.clone(),
            |facts| Index::build(Params::builtin(), Config::default(), facts).len(),
            BatchSize::LargeInput,
        )
    });
    g.finish();

    // One keystroke: the first step of a sequence moves a day, which moves its follow-ups, the
    // week's invitation count (hundreds of notes) and the recipient's window.
    let mut index = Index::build(Params::builtin(), Config::default(), facts.clone());
    let (path, text) = &texts[0];
    let edited = [
        text.clone(),
        text.replace("send: 2026-03-02", "send: 2026-03-03"),
    ];
    assert_ne!(edited[0], edited[1]);
    let mut flip = 0;
    let mut g = c.benchmark_group("workspace-10k-edit");
    g.bench_function("edit", |b| {
        b.iter(|| {
            flip ^= 1;
            let f = DraftFacts::extract(path.clone(), black_box(&edited[flip]), k);
            index.set(path, f).len()
        })
    });
    g.finish();
    let findings: usize = index
        .paths_with_findings()
        .map(|p| index.findings(p).len())
        .sum();
    eprintln!("workspace: {DRAFTS} drafts, {findings} cross-file findings");
}

criterion_group!(benches, bench);
criterion_main!(benches);
