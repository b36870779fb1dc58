//! The labelled corpus: every draft under `tests/corpus/{strong,weak,near-misses}/` names the rules
//! it should trigger in its front-matter (`expect: [rule, ...]`). This test lints each one, prints
//! per-rule precision and recall, and fails when
//! - a strong draft gets a warning or an error (good messages must come through clean), or
//! - any rule's precision or recall falls below `tests/corpus/baseline.toml`.
//!
//! After a deliberate change (a new rule, new drafts), rewrite the baseline and review its diff:
//! `SENDWELL_BLESS=1 cargo test --test corpus`. Rules that do not exist yet have no findings, so
//! they only ever gain.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use sendwell::engine::{analyze, config::Config, finding::Severity};
use serde::{Deserialize, Serialize};

const GROUPS: &[&str] = &["strong", "weak", "near-misses"];

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Counts {
    tp: usize,
    fp: usize,
    #[serde(rename = "fn")]
    fn_: usize,
}

impl Counts {
    fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0).then(|| self.tp as f64 / (self.tp + self.fp) as f64)
    }
    fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0).then(|| self.tp as f64 / (self.tp + self.fn_) as f64)
    }
}

struct Outcome {
    path: String,
    expected: BTreeSet<String>,
    found: BTreeSet<String>,
    serious: Vec<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The `expect:` list of a draft's front-matter, read from its lines so that drafts whose YAML is
/// deliberately broken still say what they expect.
fn expected(text: &str) -> BTreeSet<String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r'));
    let mut out = BTreeSet::new();
    if lines.next() != Some("---") {
        return out;
    }
    let mut in_block_list = false;
    for line in lines {
        if line == "---" {
            break;
        }
        if let Some(rest) = line.strip_prefix("expect:") {
            let rest = rest.trim();
            in_block_list = rest.is_empty();
            for id in rest
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
            {
                let id = id.trim().trim_matches(['"', '\'']);
                if !id.is_empty() {
                    out.insert(id.to_string());
                }
            }
        } else if in_block_list {
            match line.trim().strip_prefix("- ") {
                Some(id) => {
                    out.insert(id.trim().to_string());
                }
                None => in_block_list = false,
            }
        }
    }
    out
}

fn lint_corpus() -> Vec<Outcome> {
    let mut out = Vec::new();
    for group in GROUPS {
        let dir = corpus_dir().join(group);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        paths.sort();
        for path in paths {
            let text = fs::read_to_string(&path).expect("readable draft");
            let findings = analyze(&text, &Config::default())
                .map(|a| a.findings)
                .unwrap_or_default();
            out.push(Outcome {
                path: format!("{group}/{}", path.file_name().unwrap().to_string_lossy()),
                expected: expected(&text),
                found: findings.iter().map(|f| f.rule.clone()).collect(),
                serious: findings
                    .iter()
                    .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
                    .map(|f| format!("{} ({})", f.rule, f.message))
                    .collect(),
            });
        }
    }
    out
}

fn tally(outcomes: &[Outcome]) -> BTreeMap<String, Counts> {
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    for o in outcomes {
        for rule in o.expected.union(&o.found) {
            let c = counts.entry(rule.clone()).or_default();
            match (o.expected.contains(rule), o.found.contains(rule)) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => {}
            }
        }
    }
    counts
}

fn percent(x: Option<f64>) -> String {
    x.map_or("—".to_string(), |x| format!("{:.0}%", x * 100.0))
}

fn report(outcomes: &[Outcome], counts: &BTreeMap<String, Counts>) -> String {
    let mut s = format!(
        "{} drafts\n{:<34} {:>4} {:>4} {:>4} {:>9} {:>7}\n",
        outcomes.len(),
        "rule",
        "tp",
        "fp",
        "fn",
        "precision",
        "recall"
    );
    for (rule, c) in counts {
        s.push_str(&format!(
            "{rule:<34} {:>4} {:>4} {:>4} {:>9} {:>7}\n",
            c.tp,
            c.fp,
            c.fn_,
            percent(c.precision()),
            percent(c.recall())
        ));
    }
    for o in outcomes {
        let extra: Vec<_> = o.found.difference(&o.expected).collect();
        let missed: Vec<_> = o.expected.difference(&o.found).collect();
        if !extra.is_empty() || !missed.is_empty() {
            s.push_str(&format!(
                "  {}: unexpected {extra:?}, missed {missed:?}\n",
                o.path
            ));
        }
    }
    s
}

fn baseline_path() -> PathBuf {
    corpus_dir().join("baseline.toml")
}

fn write_baseline(counts: &BTreeMap<String, Counts>) {
    let mut s = String::from(
        "# Per-rule counts on tests/corpus: true positives, false positives, false negatives.\n\
         # tests/corpus.rs fails when a rule's precision or recall drops below these.\n\
         # Rewrite after a deliberate change, and review the diff:\n\
         #   SENDWELL_BLESS=1 cargo test --test corpus\n",
    );
    for (rule, c) in counts {
        s.push_str(&format!(
            "\n[\"{rule}\"]\ntp = {}\nfp = {}\nfn = {}\n",
            c.tp, c.fp, c.fn_
        ));
    }
    fs::write(baseline_path(), s).expect("write the baseline");
}

/// The rules whose precision or recall is below the baseline's.
fn regressions(
    baseline: &BTreeMap<String, Counts>,
    counts: &BTreeMap<String, Counts>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (rule, was) in baseline {
        let now = counts.get(rule).copied().unwrap_or_default();
        let worse = |before: Option<f64>, after: Option<f64>| match (before, after) {
            (Some(b), Some(a)) => a + 1e-9 < b,
            // A rule that had true positives and now finds nothing has lost all its recall.
            (Some(b), None) => b > 0.0,
            _ => false,
        };
        if worse(was.precision(), now.precision()) {
            out.push(format!(
                "{rule}: precision {} → {}",
                percent(was.precision()),
                percent(now.precision())
            ));
        }
        if worse(was.recall(), now.recall()) {
            out.push(format!(
                "{rule}: recall {} → {}",
                percent(was.recall()),
                percent(now.recall())
            ));
        }
    }
    out
}

#[test]
fn corpus_precision_and_recall_hold() {
    let outcomes = lint_corpus();
    assert!(
        outcomes.len() >= 10,
        "the corpus is missing: {}",
        corpus_dir().display()
    );
    let counts = tally(&outcomes);
    println!("{}", report(&outcomes, &counts));

    let noisy_strong: Vec<_> = outcomes
        .iter()
        .filter(|o| o.path.starts_with("strong/") && !o.serious.is_empty())
        .map(|o| format!("{}: {}", o.path, o.serious.join("; ")))
        .collect();
    assert!(
        noisy_strong.is_empty(),
        "strong drafts must get no warning or error:\n{}",
        noisy_strong.join("\n")
    );

    if std::env::var_os("SENDWELL_BLESS").is_some_and(|v| v == "1") {
        write_baseline(&counts);
        return;
    }
    let text = fs::read_to_string(baseline_path()).unwrap_or_else(|_| {
        panic!("no baseline: run `SENDWELL_BLESS=1 cargo test --test corpus` to write one")
    });
    let baseline: BTreeMap<String, Counts> =
        toml::from_str(&text).expect("tests/corpus/baseline.toml parses");
    let worse = regressions(&baseline, &counts);
    assert!(
        worse.is_empty(),
        "regressions against tests/corpus/baseline.toml:\n{}\n(if deliberate: SENDWELL_BLESS=1 cargo test --test corpus)",
        worse.join("\n")
    );
}

#[test]
fn expect_lists_are_read_inline_and_as_blocks() {
    let inline = expected("\u{feff}---\r\nchannel: dm\r\nexpect: [a.b, \"c.d\"]\r\n---\r\nHi");
    assert_eq!(inline, BTreeSet::from(["a.b".into(), "c.d".into()]));
    let block = expected("---\nexpect:\n  - a.b\n  - c.d\nto: X\n---\n");
    assert_eq!(block, BTreeSet::from(["a.b".into(), "c.d".into()]));
    assert!(expected("---\nexpect: []\n---\n").is_empty());
}

#[test]
fn a_drop_in_precision_or_recall_is_a_regression() {
    let rule = |tp, fp, fn_| BTreeMap::from([("r.x".to_string(), Counts { tp, fp, fn_ })]);
    assert!(regressions(&rule(4, 0, 1), &rule(4, 0, 1)).is_empty());
    assert!(regressions(&rule(4, 1, 1), &rule(5, 0, 0)).is_empty());
    assert_eq!(regressions(&rule(4, 0, 1), &rule(4, 1, 1)).len(), 1);
    assert_eq!(regressions(&rule(4, 0, 1), &rule(3, 0, 2)).len(), 1);
    assert_eq!(regressions(&rule(4, 0, 1), &BTreeMap::new()).len(), 2);
    // A rule that never fired (not built yet) cannot regress.
    assert!(regressions(&rule(0, 0, 3), &BTreeMap::new()).is_empty());
}
