//! Properties every fix must keep, checked on the whole test corpus and on generated drafts:
//! its edits stay in bounds, on character boundaries, without overlapping; applying it removes
//! the finding it is attached to and brings no new error; a created file is a clean draft.
//! "Allow" is checked the same way through the settings it writes, and "fix all" as a whole.
//! Every fix and "fix all" also leave the front-matter parsing with its other keys as they were
//! and the body untouched outside their own edits (`text_edit::damage`), in every front-matter
//! style: block with LF, CRLF or lone-CR line breaks, flow, and block scalars.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;

use super::config::Config;
use super::finding::{Finding, Fix, Severity};
use super::text_edit::damage::damage;
use super::{analyze, config_edit, fix_all};

/// Rules whose fixes make progress without always resolving the finding in one step.
pub(super) const PARTIAL_RULES: &[&str] = &["style.wall-of-text"];

pub(super) fn lint(text: &str, config: &Config) -> Vec<Finding> {
    analyze(text, config).map_or_else(Vec::new, |a| a.findings)
}

pub(super) fn count(findings: &[Finding], rule: &str) -> usize {
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
pub(super) fn new_errors(before: &[Finding], after: &[Finding], fix: &Fix) -> Vec<String> {
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
            if let Some(harm) = damage(text, &fix.edits) {
                panic!("{name}: {}: {harm}\n{text:?}", fix.title);
            }
            let fixed = apply(text, fix);
            let after = lint(&fixed, &config);
            // Adding an empty key is the first half of a fix; the writer types the value. A split
            // wall of text can leave two paragraphs that are still long: each split is progress,
            // and the rule then speaks about what is left.
            let partial = fix.title.starts_with("Add “") && !fix.title.contains("subject")
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
        if let Some(harm) = damage(text, &all) {
            panic!("{name}: fix all: {harm}\n{text:?}");
        }
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

pub(super) fn corpus_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
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
        prop::option::of(prop::sample::select(vec!["Hello there", "Re: your talk"])),
        prop::collection::vec(piece(), 1..40),
        prop::sample::select(vec![" ", "\n", "\r\n"]),
        prop::sample::select(STYLES.to_vec()),
    )
        .prop_map(|(channel, to, company, subject, pieces, sep, style)| {
            let mut keys = vec![("channel", channel)];
            keys.extend(to.map(|v| ("to", v)));
            keys.extend(company.map(|v| ("company", v)));
            keys.extend(subject.map(|v| ("subject", v)));
            let body = pieces.join(sep);
            style.draft(&keys, &[], &body)
        })
}

/// The ways a front-matter is written that every fix must handle.
#[derive(Clone, Copy, Debug)]
enum Style {
    Block(&'static str),
    Flow,
    /// Block style with LF, and the subject (or else a `notes:` key) as a `|` block scalar.
    BlockScalar,
}

const STYLES: [Style; 5] = [
    Style::Block("\n"),
    Style::Block("\r\n"),
    Style::Block("\r"),
    Style::Flow,
    Style::BlockScalar,
];

impl Style {
    /// A draft with `keys` (values quoted), `disabled` rules under `sendwell: disable:` and
    /// `body`, its line breaks made the style's.
    fn draft(self, keys: &[(&str, &str)], disabled: &[&str], body: &str) -> String {
        let quoted = |v: &str| super::text_edit::quote::double_quoted(v);
        let nl = match self {
            Style::Block(nl) => nl,
            _ => "\n",
        };
        let mut fm = String::new();
        match self {
            Style::Flow => {
                let mut pairs: Vec<String> = keys
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", quoted(v)))
                    .collect();
                if !disabled.is_empty() {
                    pairs.push(format!("sendwell: {{disable: [{}]}}", disabled.join(", ")));
                }
                fm = format!("{{{}}}\n", pairs.join(", "));
            }
            _ => {
                let block_scalar_key = match self {
                    Style::BlockScalar if keys.iter().any(|(k, _)| *k == "subject") => "subject",
                    Style::BlockScalar => "notes",
                    _ => "",
                };
                if block_scalar_key == "notes" {
                    fm.push_str("notes: |\n  private\n\n  notes\n");
                }
                for (k, v) in keys {
                    if *k == block_scalar_key {
                        fm.push_str(&format!("{k}: |\n  {v}\n  second line\n"));
                    } else {
                        fm.push_str(&format!("{k}: {}\n", quoted(v)));
                    }
                }
                if !disabled.is_empty() {
                    fm.push_str("sendwell:\n  disable:\n");
                    for rule in disabled {
                        fm.push_str(&format!("    - {rule}\n"));
                    }
                }
            }
        }
        format!("---\n{fm}---\n{body}").replace('\n', nl)
    }
}

/// Drafts whose findings offer every kind of front-matter fix: remove or add the subject,
/// add `to:` or a `vars:` entry, switch channel, move into a follow-up, disable a rule.
fn fix_rich_drafts(style: Style) -> Vec<String> {
    let long = "Sentence number one here. ".repeat(14);
    vec![
        style.draft(
            &[
                ("to", "Sarah Chen"),
                ("channel", "note"),
                ("subject", "Hello there"),
            ],
            &[],
            "Hi Sarah, FREE money!!! I loved {pain point} at your talk.",
        ),
        style.draft(
            &[("channel", "inmail"), ("company", "Northwind")],
            &["length.long"],
            "Hi {first_name}, I just wanted to check in. Would you be open to a chat?",
        ),
        style.draft(
            &[("channel", "note"), ("to", "Sarah Chen")],
            &["spam.words"],
            &format!("Hi Sarah, {long}"),
        ),
        style.draft(
            &[
                ("channel", "inmial"),
                ("subject", "Hello there"),
                ("to", "Ana Ruiz"),
            ],
            &[],
            "Hello, to whom it may concern. FREE!!!",
        ),
    ]
}

#[test]
fn every_fix_keeps_the_front_matter_and_body_in_every_style() {
    let mut titles_by_style = Vec::new();
    for style in STYLES {
        let mut titles = Vec::new();
        for text in fix_rich_drafts(style) {
            check_draft(&format!("{style:?}"), &text);
            let a = analyze(&text, &Config::default()).expect("a draft");
            titles.extend(
                a.findings
                    .iter()
                    .flat_map(|f| &f.fixes)
                    .map(|x| x.title.clone()),
            );
        }
        titles.sort();
        titles.dedup();
        titles_by_style.push((style, titles));
    }
    // Being safe must not mean offering nothing: every style is offered what block/LF is
    // (block scalars write other drafts, so they are compared only for front-matter fixes).
    let (_, block) = &titles_by_style[0];
    assert!(block.iter().any(|t| t == "Remove the subject"), "{block:?}");
    for (style, titles) in &titles_by_style[1..] {
        let front_matter_fixes = |t: &&String| {
            [
                "Remove the subject",
                "Disable ",
                "Add ",
                "Switch to ",
                "Move the rest",
            ]
            .iter()
            .any(|p| t.starts_with(p))
        };
        let want: Vec<&String> = block.iter().filter(front_matter_fixes).collect();
        let got: Vec<&String> = titles.iter().filter(front_matter_fixes).collect();
        assert_eq!(got, want, "{style:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_fix_on_generated_drafts_keeps_its_promises(text in draft()) {
        check_draft("generated", &text);
    }
}

/// The fix titled `title` (by prefix) among `text`'s findings of `rule`, applied.
fn apply_titled(text: &str, rule: &str, title: &str) -> String {
    let a = analyze(text, &Config::default()).expect("a draft");
    let fix = a
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .flat_map(|f| &f.fixes)
        .find(|x| x.title.starts_with(title))
        .unwrap_or_else(|| panic!("no {title:?} for {rule} in {text:?}"));
    assert_eq!(damage(text, &fix.edits), None, "{title} on {text:?}");
    apply(text, fix)
}

#[test]
fn remove_the_subject_with_lone_cr_breaks_keeps_the_document() {
    let cr = "---\rchannel: note\rsubject: Hello\rto: Sarah Chen\r---\rHi Sarah";
    assert_eq!(
        apply_titled(cr, "subject.unexpected", "Remove the subject"),
        "---\rchannel: note\rto: Sarah Chen\r---\rHi Sarah"
    );
}

#[test]
fn remove_the_subject_from_flow_front_matter_keeps_the_other_keys() {
    let flow = "---\n{channel: note, subject: Hi, to: Sarah Chen}\n---\nHi Sarah";
    assert_eq!(
        apply_titled(flow, "subject.unexpected", "Remove the subject"),
        "---\n{channel: note, to: Sarah Chen}\n---\nHi Sarah"
    );
}

#[test]
fn remove_a_block_scalar_subject_takes_all_its_lines() {
    let scalar = "---\nchannel: note\nto: Sarah Chen\nsubject: |\n  Hello there\n  second line\n---\nHi Sarah";
    assert_eq!(
        apply_titled(scalar, "subject.unexpected", "Remove the subject"),
        "---\nchannel: note\nto: Sarah Chen\n---\nHi Sarah"
    );
}

#[test]
fn a_key_added_to_flow_front_matter_goes_inside_the_braces() {
    let flow = "---\n{channel: inmail, to: Sarah Chen}\n---\nHi Sarah, a question?";
    assert_eq!(
        apply_titled(flow, "subject.missing", "Add “subject"),
        "---\n{channel: inmail, to: Sarah Chen, subject: Quick question}\n---\nHi Sarah, a question?"
    );
}

#[test]
fn disable_on_a_lone_cr_block_list_stays_in_the_front_matter() {
    let cr = "---\rchannel: note\rto: Sarah Chen\rsendwell:\r  disable:\r    - length.long\r---\rHi Sarah, FREE!!!";
    assert_eq!(
        apply_titled(cr, "spam.shouting", "Disable spam.shouting"),
        "---\rchannel: note\rto: Sarah Chen\rsendwell:\r  disable:\r    - length.long\r    - spam.shouting\r---\rHi Sarah, FREE!!!"
    );
}
