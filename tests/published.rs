//! Judgement on published messages (issue #14): lints every message of the labelled corpus in
//! `tests/corpus/published/` (written by other people, labelled before Sendwell ever ran on it; see
//! its README) and compares the rule IDs found with each message's `labels`. For each split (dev,
//! test) it prints TP, FP, FN, precision, recall and F1 per category and per rule, the micro
//! totals, and the warnings or errors on messages their source praises:
//! `cargo test --test published -- --nocapture`.
//!
//! It fails when micro precision, micro recall or the false alarms on praised messages get worse
//! than `tests/corpus/published/floor.toml`. The targets are printed beside the figures but
//! not asserted until the rules are tuned. After a deliberate change, rewrite the floor and review
//! its diff: `SENDWELL_BLESS=1 cargo test --test published`. Tune on dev only: the test split's
//! misses are not printed, on purpose.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use sendwell::engine::{analyze, catalog, config::Config, finding::Severity};
use serde::{Deserialize, Serialize};

/// Categories the corpus never labels (README, "Out of scope"): their findings are not counted.
const UNLABELLED_CATEGORIES: &[&str] = &[
    "frontmatter",
    "sequence",
    "volume",
    "timing",
    "file",
    "subject",
];

const FLOOR_FILE: &str = "floor.toml";

/// The corpus's rounds of messages, by id (README, "Rounds"): the second and third were
/// collected, labelled and added after the rules had been tuned on the first.
const ROUNDS: &[(&str, std::ops::RangeInclusive<u32>)] = &[
    ("the first round", 1..=299),
    ("the second round", 300..=599),
    ("the third round", 600..=999),
    ("the fourth round", 1000..=1199),
    ("the fifth round", 1200..=1399),
    ("the sixth round", 1400..=1999),
    ("the seventh round", 2000..=2199),
    ("the eighth round", 2200..=2399),
    ("the ninth round", 2400..=2599),
    ("the tenth round", 2600..=2799),
    ("the eleventh round", 2800..=2999),
    ("the twelfth round", 3000..=3199),
    ("the thirteenth round", 3200..=3399),
];

fn id_number(id: &str) -> Option<u32> {
    id.strip_prefix('p')?.parse().ok()
}

/// Issue #14's targets on the test split, printed beside the figures (not asserted yet).
const TARGET_PRECISION: f64 = 0.90;
const TARGET_RECALL: f64 = 0.80;
const TARGET_CATEGORY_F1: f64 = 0.70;
const TARGET_PRAISED_WARNINGS: usize = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
enum Split {
    Dev,
    Test,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Verdict {
    Praised,
    Criticised,
    None,
}

/// The fields of a corpus entry the scorer reads (the others are for people).
#[derive(Debug, Deserialize)]
struct Entry {
    id: String,
    channel: String,
    verdict: Verdict,
    first_touch: bool,
    subject: Option<String>,
    to: Option<String>,
    text: String,
    labels: BTreeSet<String>,
    split: Split,
}

#[derive(Deserialize)]
struct CorpusFile {
    message: Vec<Entry>,
}

/// One message as linted: what it should get and what it got.
struct Outcome {
    id: String,
    split: Split,
    praised: bool,
    labels: BTreeSet<String>,
    found: BTreeSet<String>,
    /// The found rules that reported a warning or an error.
    serious: BTreeSet<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
    fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0).then(|| self.tp as f64 / (self.tp + self.fp) as f64)
    }
    fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0).then(|| self.tp as f64 / (self.tp + self.fn_) as f64)
    }
    /// The harmonic mean of precision and recall, which is 2·TP / (2·TP + FP + FN).
    fn f1(&self) -> Option<f64> {
        let weighed = 2 * self.tp + self.fp + self.fn_;
        (weighed > 0).then(|| (2 * self.tp) as f64 / weighed as f64)
    }
}

/// A split's figures that must not get worse (`floor.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Deserialize, Serialize)]
struct Floor {
    precision: f64,
    recall: f64,
    praised_false_alarms: usize,
}

fn published_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/published")
}

fn category(rule: &str) -> &str {
    rule.split_once('.').map_or(rule, |(category, _)| category)
}

fn is_counted(rule: &str) -> bool {
    !UNLABELLED_CATEGORIES.contains(&category(rule))
}

/// Parses one corpus file and checks that every label names a rule Sendwell has and the corpus
/// counts, so a typo cannot pass as a rule that never fires.
fn parse_entries(file_name: &str, text: &str) -> Result<Vec<Entry>, String> {
    let file: CorpusFile = toml::from_str(text).map_err(|e| format!("{file_name}: {e}"))?;
    for entry in &file.message {
        for label in &entry.labels {
            if catalog::BUILTIN.get(label).is_none() {
                return Err(format!(
                    "{file_name}, {}: unknown rule id '{label}'",
                    entry.id
                ));
            }
            if !is_counted(label) {
                return Err(format!(
                    "{file_name}, {}: '{label}' is out of scope for this corpus (see its README)",
                    entry.id
                ));
            }
        }
    }
    Ok(file.message)
}

fn load_corpus() -> Vec<Entry> {
    let mut paths: Vec<_> = fs::read_dir(published_dir())
        .expect("tests/corpus/published is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && !p.ends_with(FLOOR_FILE))
        .collect();
    paths.sort();
    let mut entries = Vec::new();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).expect("readable corpus file");
        entries.extend(parse_entries(&name, &text).unwrap_or_else(|e| panic!("{e}")));
    }
    entries
}

/// The draft the README describes: `channel:`, `subject:` and `to:` when the entry has them,
/// `met: true` when it is not a first touch, then the text as published. Values are JSON strings, which YAML reads as double-quoted scalars, so
/// a subject starting with `{{` or `[` stays a string.
fn draft_of(entry: &Entry) -> String {
    let quoted = |value: &str| serde_json::to_string(value).expect("a string serialises");
    let mut draft = format!("---\nchannel: {}\n", entry.channel);
    if let Some(subject) = &entry.subject {
        draft.push_str(&format!("subject: {}\n", quoted(subject)));
    }
    if let Some(to) = &entry.to {
        draft.push_str(&format!("to: {}\n", quoted(to)));
    }
    // Not a first touch (a follow-up, a reply, after a meeting): the front-matter says so the
    // way a writer would, with `met:` (issue #14 item 7). Follow-ups say it by their channel.
    if !entry.first_touch && entry.channel != "follow-up" {
        draft.push_str("met: true\n");
    }
    draft.push_str("---\n");
    draft.push_str(&entry.text);
    draft
}

fn lint(entry: &Entry) -> Outcome {
    let draft = draft_of(entry);
    let analysis = analyze(&draft, &Config::default())
        .unwrap_or_else(|| panic!("{}: the engine did not read it as a draft", entry.id));
    let counted = || analysis.findings.iter().filter(|f| is_counted(&f.rule));
    Outcome {
        id: entry.id.clone(),
        split: entry.split,
        praised: entry.verdict == Verdict::Praised,
        labels: entry.labels.clone(),
        found: counted().map(|f| f.rule.clone()).collect(),
        serious: counted()
            .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
            .map(|f| f.rule.clone())
            .collect(),
    }
}

fn counts_per_rule(outcomes: &[&Outcome]) -> BTreeMap<String, Counts> {
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    for o in outcomes {
        for rule in o.labels.union(&o.found) {
            let c = counts.entry(rule.clone()).or_default();
            match (o.labels.contains(rule), o.found.contains(rule)) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => {}
            }
        }
    }
    counts
}

fn counts_per_category(per_rule: &BTreeMap<String, Counts>) -> BTreeMap<String, Counts> {
    let mut out: BTreeMap<String, Counts> = BTreeMap::new();
    for (rule, c) in per_rule {
        out.entry(category(rule).to_string()).or_default().add(*c);
    }
    out
}

fn micro(per_rule: &BTreeMap<String, Counts>) -> Counts {
    let mut total = Counts::default();
    per_rule.values().for_each(|c| total.add(*c));
    total
}

/// Warnings and errors on praised messages, as `(message id, rule, labelled)`.
fn praised_warnings(outcomes: &[&Outcome]) -> Vec<(String, String, bool)> {
    outcomes
        .iter()
        .filter(|o| o.praised)
        .flat_map(|o| {
            o.serious
                .iter()
                .map(|rule| (o.id.clone(), rule.clone(), o.labels.contains(rule)))
        })
        .collect()
}

/// Praised-message warnings and errors that no label asked for: the false alarms.
fn praised_false_alarms(outcomes: &[&Outcome]) -> usize {
    praised_warnings(outcomes)
        .iter()
        .filter(|(_, _, labelled)| !labelled)
        .count()
}

fn floor_of(outcomes: &[&Outcome]) -> Floor {
    let total = micro(&counts_per_rule(outcomes));
    Floor {
        precision: total.precision().unwrap_or(0.0),
        recall: total.recall().unwrap_or(0.0),
        praised_false_alarms: praised_false_alarms(outcomes),
    }
}

fn figure(x: Option<f64>) -> String {
    x.map_or("—".to_string(), |x| format!("{x:.2}"))
}

fn table_row(name: &str, c: &Counts) -> String {
    format!(
        "| {name} | {} | {} | {} | {} | {} | {} |\n",
        c.tp,
        c.fp,
        c.fn_,
        figure(c.precision()),
        figure(c.recall()),
        figure(c.f1())
    )
}

/// The split's table, in Markdown so it can be pasted into BENCHMARKS.md. Dev also lists each
/// message's misses and praised warnings, for tuning; test never does (only its totals).
fn report(split: Split, outcomes: &[&Outcome]) -> String {
    let per_rule = counts_per_rule(outcomes);
    let total = micro(&per_rule);
    let praised = outcomes.iter().filter(|o| o.praised).count();
    let mut s = format!(
        "### {split:?} split: {} messages, {praised} praised\n\n\
         | category / rule | TP | FP | FN | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|\n",
        outcomes.len()
    );
    for (name, c) in counts_per_category(&per_rule) {
        s.push_str(&table_row(&format!("**{name}**"), &c));
        for (rule, c) in per_rule.iter().filter(|(r, _)| category(r) == name) {
            s.push_str(&table_row(rule, c));
        }
    }
    s.push_str(&table_row("**micro**", &total));
    s.push_str(&format!(
        "\ntarget (issue #14, on test; not asserted yet): micro precision ≥ {TARGET_PRECISION:.2}, \
         recall ≥ {TARGET_RECALL:.2}, F1 ≥ {TARGET_CATEGORY_F1:.2} in every category, \
         at most {TARGET_PRAISED_WARNINGS} warning or error on praised messages\n"
    ));
    let warnings = praised_warnings(outcomes);
    s.push_str(&format!(
        "\nwarnings or errors on praised messages: {} ({} not labelled: false alarms)\n",
        warnings.len(),
        praised_false_alarms(outcomes)
    ));
    if split != Split::Dev {
        // Which test messages got which warnings is a per-message miss list too: not printed.
        return s;
    }
    let mut per_message: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (id, rule, labelled) in &warnings {
        let note = if *labelled { "" } else { " (false alarm)" };
        per_message
            .entry(id)
            .or_default()
            .push(format!("{rule}{note}"));
    }
    for (id, rules) in per_message {
        s.push_str(&format!("- {id}: {}\n", rules.join(", ")));
    }
    s.push_str("\ndev misses:\n");
    for o in outcomes {
        let extra: Vec<_> = o.found.difference(&o.labels).collect();
        let missed: Vec<_> = o.labels.difference(&o.found).collect();
        if !extra.is_empty() || !missed.is_empty() {
            s.push_str(&format!(
                "- {}: unexpected {extra:?}, missed {missed:?}\n",
                o.id
            ));
        }
    }
    s
}

/// Rounds down, so a floor just written from a figure never sits above it.
fn truncated(x: f64) -> f64 {
    (x * 1e4).floor() / 1e4
}

fn write_floor(floors: &BTreeMap<Split, Floor>) {
    let mut s = String::from(
        "# Micro precision and recall, and warnings or errors on praised messages that no label asked\n\
         # for, per split of the published corpus. tests/published.rs fails when a figure gets worse.\n\
         # Issue #14's targets (test: precision >= 0.90, recall >= 0.80) are printed by the scorer\n\
         # but not asserted here yet: the rules are tuned in a later session.\n\
         # Rewrite after a deliberate change, and review the diff:\n\
         #   SENDWELL_BLESS=1 cargo test --test published\n",
    );
    for (split, floor) in floors {
        let floor = Floor {
            precision: truncated(floor.precision),
            recall: truncated(floor.recall),
            ..*floor
        };
        let table = toml::to_string(&floor).expect("the floor serialises");
        s.push_str(&format!(
            "\n[{}]\n{table}",
            format!("{split:?}").to_lowercase()
        ));
    }
    fs::write(published_dir().join(FLOOR_FILE), s).expect("write the floor");
}

/// The figures that got worse than the floor's.
fn below_floor(floor: &Floor, now: &Floor) -> Vec<String> {
    let mut out = Vec::new();
    if now.precision + 1e-9 < floor.precision {
        out.push(format!(
            "micro precision {:.4} → {:.4}",
            floor.precision, now.precision
        ));
    }
    if now.recall + 1e-9 < floor.recall {
        out.push(format!(
            "micro recall {:.4} → {:.4}",
            floor.recall, now.recall
        ));
    }
    if now.praised_false_alarms > floor.praised_false_alarms {
        out.push(format!(
            "false alarms on praised messages {} → {}",
            floor.praised_false_alarms, now.praised_false_alarms
        ));
    }
    out
}

#[test]
fn published_messages_hold_the_floor() {
    let entries = load_corpus();
    assert!(
        entries.len() >= 200,
        "the published corpus is missing or short: {}",
        entries.len()
    );
    let outcomes: Vec<Outcome> = entries.iter().map(lint).collect();

    let mut floors = BTreeMap::new();
    for split in [Split::Dev, Split::Test] {
        let in_split: Vec<&Outcome> = outcomes.iter().filter(|o| o.split == split).collect();
        println!("{}", report(split, &in_split));
        floors.insert(split, floor_of(&in_split));
    }
    // The test messages of each round, scored apart: the later rounds' misses were never read,
    // so they say best how the rules meet new messages (README, "Rounds").
    for (round, ids) in ROUNDS {
        let fresh: Vec<&Outcome> = outcomes
            .iter()
            .filter(|o| {
                o.split == Split::Test && id_number(&o.id).is_some_and(|n| ids.contains(&n))
            })
            .collect();
        println!(
            "Of which {round} (ids p{}–p{}):\n\n{}",
            ids.start(),
            ids.end(),
            report(Split::Test, &fresh)
        );
    }

    if std::env::var_os("SENDWELL_BLESS").is_some_and(|v| v == "1") {
        write_floor(&floors);
        return;
    }
    let text = fs::read_to_string(published_dir().join(FLOOR_FILE)).unwrap_or_else(|_| {
        panic!("no floor: run `SENDWELL_BLESS=1 cargo test --test published` to write one")
    });
    let recorded: BTreeMap<Split, Floor> =
        toml::from_str(&text).expect("tests/corpus/published/floor.toml parses");
    let mut worse = Vec::new();
    for (split, floor) in &recorded {
        for problem in below_floor(floor, &floors[split]) {
            worse.push(format!("{split:?}: {problem}"));
        }
    }
    assert!(
        worse.is_empty(),
        "worse than tests/corpus/published/floor.toml:\n{}\n(if deliberate: SENDWELL_BLESS=1 cargo test --test published)",
        worse.join("\n")
    );
}

fn outcome(id: &str, praised: bool, labels: &[&str], found: &[&str], serious: &[&str]) -> Outcome {
    let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect();
    Outcome {
        id: id.to_string(),
        split: Split::Dev,
        praised,
        labels: set(labels),
        found: set(found),
        serious: set(serious),
    }
}

#[test]
fn metrics_add_up_on_a_hand_made_set() {
    let outcomes = [
        outcome("m1", false, &["a.x", "b.y"], &["a.x", "c.z"], &[]),
        outcome("m2", true, &["a.x"], &["a.x", "a.w"], &["a.x", "a.w"]),
        outcome("m3", true, &[], &[], &[]),
    ];
    let outcomes: Vec<&Outcome> = outcomes.iter().collect();
    let per_rule = counts_per_rule(&outcomes);
    assert_eq!(
        per_rule["a.x"],
        Counts {
            tp: 2,
            fp: 0,
            fn_: 0
        }
    );
    assert_eq!(
        per_rule["a.w"],
        Counts {
            tp: 0,
            fp: 1,
            fn_: 0
        }
    );
    assert_eq!(
        per_rule["b.y"],
        Counts {
            tp: 0,
            fp: 0,
            fn_: 1
        }
    );
    assert_eq!(
        per_rule["c.z"],
        Counts {
            tp: 0,
            fp: 1,
            fn_: 0
        }
    );

    let per_category = counts_per_category(&per_rule);
    let a = per_category["a"];
    assert_eq!(
        a,
        Counts {
            tp: 2,
            fp: 1,
            fn_: 0
        }
    );
    assert!((a.precision().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(a.recall(), Some(1.0));
    assert!((a.f1().unwrap() - 0.8).abs() < 1e-9);
    assert_eq!(per_category["b"].precision(), None);
    assert_eq!(per_category["b"].f1(), Some(0.0));
    assert_eq!(per_category["c"].recall(), None);

    let total = micro(&per_rule);
    assert_eq!(
        total,
        Counts {
            tp: 2,
            fp: 2,
            fn_: 1
        }
    );
    assert_eq!(total.precision(), Some(0.5));
    assert!((total.recall().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert!((total.f1().unwrap() - 4.0 / 7.0).abs() < 1e-9);

    // Of the two warnings on the praised message, only the unlabelled one is a false alarm.
    assert_eq!(praised_warnings(&outcomes).len(), 2);
    assert_eq!(praised_false_alarms(&outcomes), 1);
}

#[test]
fn an_unknown_label_fails_loudly() {
    let corpus = |label: &str| {
        format!(
            "[[message]]\nid = \"p999\"\nchannel = \"message\"\nverdict = \"none\"\nfirst_touch = true\n\
             text = \"Hi\"\nlabels = [\"{label}\"]\nsplit = \"dev\"\n"
        )
    };
    assert!(parse_entries("x.toml", &corpus("style.hedging")).is_ok());
    let err = parse_entries("x.toml", &corpus("style.hedgeing")).unwrap_err();
    assert!(
        err.contains("p999") && err.contains("'style.hedgeing'"),
        "{err}"
    );
    let err = parse_entries("x.toml", &corpus("subject.missing")).unwrap_err();
    assert!(err.contains("out of scope"), "{err}");
}

#[test]
fn the_draft_carries_channel_subject_and_to_as_published() {
    let entry = Entry {
        id: "p999".into(),
        channel: "email".into(),
        verdict: Verdict::None,
        first_touch: true,
        subject: Some("{{Company}}'s \"pipeline\" leak".into()),
        to: Some("Maria".into()),
        text: "Hi Maria,\nA note.".into(),
        labels: BTreeSet::new(),
        split: Split::Test,
    };
    let draft = draft_of(&entry);
    let analysis = analyze(&draft, &Config::default()).expect("a draft");
    let facts = &analysis.draft.facts;
    assert_eq!(facts.channel.as_ref().unwrap().value, "email");
    assert_eq!(
        facts.subject.as_ref().unwrap().value,
        "{{Company}}'s \"pipeline\" leak"
    );
    assert_eq!(facts.to.as_ref().unwrap().value, "Maria");
    assert!(draft.ends_with("---\nHi Maria,\nA note."));
}

#[test]
fn a_worse_figure_falls_below_the_floor() {
    let floor = Floor {
        precision: 0.7,
        recall: 0.6,
        praised_false_alarms: 3,
    };
    assert!(below_floor(&floor, &floor).is_empty());
    let better = Floor {
        precision: 0.8,
        recall: 0.65,
        praised_false_alarms: 1,
    };
    assert!(below_floor(&floor, &better).is_empty());
    assert_eq!(
        below_floor(
            &floor,
            &Floor {
                precision: 0.69,
                ..floor
            }
        )
        .len(),
        1
    );
    assert_eq!(
        below_floor(
            &floor,
            &Floor {
                recall: 0.59,
                ..floor
            }
        )
        .len(),
        1
    );
    assert_eq!(
        below_floor(
            &floor,
            &Floor {
                praised_false_alarms: 4,
                ..floor
            }
        )
        .len(),
        1
    );
}
