//! Properties every fix must keep, checked on the whole test corpus and on generated drafts:
//! its edits stay in bounds, on character boundaries, without overlapping; applying it removes
//! the finding it is attached to and brings no new error; a created file is a clean draft.
//! "Allow" is checked the same way through the settings it writes, and "fix all" as a whole.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;

use super::config::Config;
use super::finding::{Finding, Fix, Severity};
use super::{analyze, config_edit, fix_all};

/// Rules whose fixes make progress without always resolving the finding in one step.
const PARTIAL_RULES: &[&str] = &["style.wall-of-text"];

fn lint(text: &str, config: &Config) -> Vec<Finding> {
    analyze(text, config).map_or_else(Vec::new, |a| a.findings)
}

fn count(findings: &[Finding], rule: &str) -> usize {
    findings.iter().filter(|f| f.rule == rule).count()
}

fn errors(findings: &[Finding]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        *out.entry(f.rule.clone()).or_default() += 1;
    }
    out
}

/// Errors in `after` beyond those in `before`, rule by rule. A fix may leave a marked spot for
/// the writer (a placeholder it inserted on purpose); that one is not new trouble.
fn new_errors(before: &[Finding], after: &[Finding], fix: &Fix) -> Vec<String> {
    let (b, a) = (errors(before), errors(after));
    let inserts_placeholder = fix
        .edits
        .iter()
        .any(|e| e.text.contains(['{', '[', '<']) || e.text.contains("___"));
    // A longer replacement (a spam word's plainer synonym) can push a full note over its limit;
    // `limit.body` then says so, with its own fixes.
    let lengthens = fix
        .edits
        .iter()
        .map(|e| e.text.len() as isize - e.range.len() as isize)
        .sum::<isize>()
        > 0;
    a.into_iter()
        .filter(|(rule, n)| *n > b.get(rule).copied().unwrap_or(0))
        .filter(|(rule, _)| !(inserts_placeholder && rule == "placeholder.unfilled"))
        .filter(|(rule, _)| !(lengthens && rule == "limit.body"))
        .map(|(rule, _)| rule)
        .collect()
}

fn apply(text: &str, fix: &Fix) -> String {
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    fix_all::apply(text, &edits)
}

/// Checks every fix of every finding of `text`; returns the number checked.
fn check_draft(name: &str, text: &str) -> usize {
    let config = Config::default();
    let before = lint(text, &config);
    let mut checked = 0;
    for f in &before {
        for fix in &f.fixes {
            let mut edits = fix.edits.clone();
            edits.sort_by_key(|e| (e.range.start, e.range.end));
            for (i, e) in edits.iter().enumerate() {
                assert!(
                    e.range.start <= e.range.end && e.range.end <= text.len(),
                    "{name}: {}: edit out of bounds",
                    fix.title
                );
                assert!(
                    text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end),
                    "{name}: {}: edit splits a character",
                    fix.title
                );
                if let Some(next) = edits.get(i + 1) {
                    assert!(
                        e.range.end <= next.range.start && e.range.start != next.range.start,
                        "{name}: {}: edits overlap",
                        fix.title
                    );
                }
            }
            let fixed = apply(text, fix);
            let after = lint(&fixed, &config);
            // Adding an empty key is the first half of a fix; the writer types the value. A split
            // wall of text can leave two paragraphs that are still long: each split is progress,
            // and the rule then speaks about what is left.
            let partial = fix.title.starts_with("Add `") && !fix.title.contains("subject")
                || PARTIAL_RULES.contains(&f.rule.as_str());
            if !partial {
                assert!(
                    count(&after, &f.rule) < count(&before, &f.rule),
                    "{name}: {}: {} is still there\n{fixed}",
                    fix.title,
                    f.rule
                );
            }
            let new = new_errors(&before, &after, fix);
            assert!(
                new.is_empty(),
                "{name}: {}: new errors {new:?}\n{fixed}",
                fix.title
            );
            if let Some(file) = &fix.new_file {
                // What the new draft holds was moved out of this one: together they have no
                // error the original did not have.
                let mut together = after.clone();
                together.extend(lint(&file.text, &config));
                let new = new_errors(&before, &together, fix);
                assert!(
                    new.is_empty(),
                    "{name}: {}: the new draft brings errors {new:?}\n{}",
                    fix.title,
                    file.text
                );
            }
            checked += 1;
        }
        if let Some(word) =
            config_edit::allowable_word(text, f, &config).filter(|w| first_time(&f.rule, w))
        {
            let edit = config_edit::allow_word("", word).unwrap();
            let settings: Config = toml::from_str(&edit.text).expect("settings parse");
            let after = lint(text, &settings);
            assert!(
                count(&after, &f.rule) < count(&before, &f.rule),
                "{name}: allowing {word:?} leaves {}",
                f.rule
            );
            checked += 1;
        }
    }
    let all = fix_all::safe_edits(&before);
    if !all.is_empty() {
        let fixed = fix_all::apply(text, &all);
        let after = lint(&fixed, &config);
        let together = Fix {
            title: "fix all".into(),
            edits: all,
            new_file: None,
            preferred: false,
            safe: true,
            kind: crate::engine::finding::FixKind::Rewrite,
        };
        let new = new_errors(&before, &after, &together);
        assert!(
            new.is_empty(),
            "{name}: fix all added errors {new:?}\n{text:?}\n{fixed:?}"
        );
        checked += 1;
    }
    checked
}

/// Whether this (rule, word) has not been checked yet. Each allow list compiles its own rule
/// packs, so checking every repeat of a word would only cost time.
fn first_time(rule: &str, word: &str) -> bool {
    static SEEN: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    let key = (rule.to_string(), word.to_lowercase());
    if seen.contains(&key) {
        return false;
    }
    seen.push(key);
    true
}

fn corpus_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("corpus folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            corpus_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

#[test]
fn every_fix_in_the_corpus_resolves_its_finding_without_new_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    corpus_files(&root.join("tests/corpus"), &mut files);
    corpus_files(&root.join("examples"), &mut files);
    files.sort();
    let mut checked = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("utf-8 draft");
        // CRLF is covered by the corpus's own CRLF drafts and by the generated ones below.
        checked += check_draft(&path.display().to_string(), &text);
    }
    assert!(checked > 100, "only {checked} fixes checked");
}

/// Body pieces that stress positions and fixes: emoji, CJK, placeholders, hedges, spam words.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Hi {first_name},",
        "Hi [Name],",
        "I loved your talk at {event}.",
        "Your team at {company} ships fast 👋.",
        "我们聊聊吧。",
        "Quick question:",
        "I just wanted to check in.",
        "FREE money!!!",
        "Would you be open to a chat?",
        "Sentence with ümlauts and é.",
        "XX",
        "<!-- note to self -->",
        "Let's book a 30-minute call this week.",
        "🚀🚀🚀",
    ])
}

fn draft() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "note",
            "inmail",
            "message",
            "follow-up",
            "email",
            "inmial",
        ]),
        prop::option::of(prop::sample::select(vec![
            "Sarah Chen",
            "王芳",
            "Dr. Ana Ruiz",
        ])),
        prop::option::of(prop::sample::select(vec!["Northwind", "Acme: Labs"])),
        prop::collection::vec(piece(), 1..40),
        prop::sample::select(vec![" ", "\n", "\r\n"]),
        any::<bool>(),
    )
        .prop_map(|(channel, to, company, pieces, sep, crlf)| {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut s = format!("---{nl}channel: {channel}{nl}");
            if let Some(to) = to {
                s.push_str(&format!("to: {to}{nl}"));
            }
            if let Some(company) = company {
                s.push_str(&format!("company: \"{company}\"{nl}"));
            }
            s.push_str(&format!("---{nl}"));
            s.push_str(&pieces.join(sep));
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_fix_on_generated_drafts_keeps_its_promises(text in draft()) {
        check_draft("generated", &text);
    }
}
