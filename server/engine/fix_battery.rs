//! The fix battery: every fix the engine offers, applied to every draft of the test corpus (with
//! `tests/corpus/fixes/`, drafts written for it) and the examples, and "fix all" on each draft.
//! A careful writer would accept each result:
//! (a) the fix's own finding is gone from its place, and no new error appears;
//! (b) the prose is no worse (`text_edit::prose_damage`: no `Hi ,`, doubled spaces, space before
//!     punctuation, sentence ending on a function word, repeated word, unbalanced quotes...);
//! (c) no question is gone unless the finding was about it;
//! (d) nothing outside the fix's edits changed, and the front-matter still parses
//!     (`text_edit::damage`).
//! "Fix all" also keeps acronyms and the recipient's names, and a second run changes nothing.
//! `cargo test --lib fix_battery -- --nocapture` prints the figures.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::config::Config;
use super::finding::{Edit, Finding, Fix, FixKind};
use super::fix_props::{corpus_files, lint, new_errors, PARTIAL_RULES};
use super::frontmatter::find_block;
use super::text_edit::damage::damage;
use super::text_edit::prose_damage::prose_damage;
use super::{analyze, catalog, fix_all};

/// Every draft the battery runs on: (name, text), sorted by path.
pub(crate) fn drafts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = Vec::new();
    corpus_files(&root.join("tests/corpus"), &mut files);
    corpus_files(&root.join("examples"), &mut files);
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.strip_prefix(root).unwrap_or(p).display().to_string();
            (name, std::fs::read_to_string(p).expect("utf-8 draft"))
        })
        .collect()
}

/// What the battery counted, and what went wrong.
#[derive(Default)]
pub(crate) struct Tally {
    pub drafts: usize,
    pub findings: usize,
    pub fixes: usize,
    pub fix_alls: usize,
    pub failures: Vec<String>,
    pub damaged: usize,
    pub preferred_suppressions: usize,
}

fn body(text: &str) -> &str {
    find_block(text).map_or(text, |b| &text[b.body_start.min(text.len())..])
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    fix_all::apply(text, &edits)
}

/// Where `at` in the old text lies in the new one, after `edits` (sorted, non-overlapping); a
/// place inside an edit's range lies at its new text's start (or its end, for an `end`).
fn map(at: usize, edits: &[Edit], end: bool) -> usize {
    let mut shift: isize = 0;
    for e in edits {
        if e.range.end <= at && !(e.range.start == at && !end) {
            shift += e.text.len() as isize - e.range.len() as isize;
        } else if e.range.start < at {
            let inside = e.range.start as isize + shift;
            return if end {
                (inside + e.text.len() as isize) as usize
            } else {
                inside as usize
            };
        }
    }
    (at as isize + shift).max(0) as usize
}

/// The questions of a body: each sentence that ends with `?`, with its range.
fn questions(body: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in body.char_indices() {
        if matches!(c, '.' | '!' | '\n' | '\r') {
            start = i + c.len_utf8();
        } else if c == '?' {
            let s = body[start..i + 1].trim();
            if s.chars().any(char::is_alphabetic) {
                out.push((
                    start..i + 1,
                    s.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase(),
                ));
            }
            start = i + 1;
        }
    }
    out
}

/// (c): a question of `before` that `after` (with `moved`, a file the fix creates) no longer
/// has, other than one that holds `about` (the finding).
fn lost_question(
    before: &str,
    after: &str,
    moved: Option<&str>,
    about: Option<&Range<usize>>,
) -> Option<String> {
    let offset = before.len() - body(before).len();
    let kept = format!("{} {}", body(after), moved.map_or("", body))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    questions(body(before))
        .into_iter()
        .filter(|(_, q)| !kept.contains(q.as_str()))
        // A finding is about a question when it lies inside it (a heavy ask, "Any update?"); a
        // finding about the whole message (its length) is not about any one question.
        .find(|(r, _)| {
            about.is_none_or(|a| !(offset + r.start <= a.start && a.end <= offset + r.end))
        })
        .map(|(_, q)| q)
}

/// The harm applying `edits` to `text` does, if any: (b), (c) and (d).
fn harm(
    text: &str,
    edits: &[Edit],
    moved: Option<&str>,
    about: Option<&Range<usize>>,
) -> Option<String> {
    if let Some(h) = damage(text, edits) {
        return Some(h);
    }
    let fixed = apply(text, edits);
    if let Some(h) = prose_damage(body(text), body(&fixed)) {
        return Some(h);
    }
    lost_question(text, &fixed, moved, about).map(|q| format!("the question “{q}” is gone"))
}

/// Fixes that are the first half of a change the writer completes (an empty key to type in), or
/// that make progress on a finding about a whole paragraph.
fn partial(f: &Finding, fix: &Fix) -> bool {
    fix.title.starts_with("Add “") && !fix.title.contains("subject")
        || PARTIAL_RULES.contains(&f.rule.as_str())
}

/// (a): whether `f` is still there, at its place, after `fix`.
fn still_there(f: &Finding, fix: &Fix, before: &[Finding], after: &[Finding]) -> bool {
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let place = map(f.range.start, &edits, false)..map(f.range.end, &edits, true);
    // A removal can bring the next hit of the rule to the same place ("Act now, spots are
    // limited" → "Spots are limited"): the finding is gone when the rule has fewer.
    let rule_count = |list: &[Finding]| list.iter().filter(|g| g.rule == f.rule).count();
    rule_count(after) >= rule_count(before)
        && after.iter().any(|g| {
            g.rule == f.rule
                && (g.range.start < place.end && place.start < g.range.end
                    || g.range == place
                    || (place.is_empty()
                        && g.range.start < place.start
                        && place.start < g.range.end))
        })
}

fn check_fix(name: &str, text: &str, before: &[Finding], f: &Finding, fix: &Fix, t: &mut Tally) {
    let config = Config::default();
    t.fixes += 1;
    if fix.preferred && fix.kind == FixKind::Suppression {
        t.preferred_suppressions += 1;
        t.failures.push(format!(
            "{name}: {}: “{}” is a preferred suppression",
            f.rule, fix.title
        ));
    }
    let moved = fix.new_file.as_ref().map(|n| n.text.as_str());
    if let Some(h) = harm(text, &fix.edits, moved, Some(&f.range)) {
        t.damaged += 1;
        let fixed = apply(text, &fix.edits);
        t.failures.push(format!(
            "{name}: {}: “{}”: {h}\n    before: {:?}\n    after:  {:?}",
            f.rule,
            fix.title,
            body(text).trim(),
            body(&fixed).trim()
        ));
        return;
    }
    let fixed = apply(text, &fix.edits);
    if let Some(dump) = std::env::var_os("SENDWELL_BATTERY_DUMP") {
        // For a reader's review of what each fix does: `SENDWELL_BATTERY_DUMP=fixes.txt`.
        use std::io::Write;
        if let Ok(mut out) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dump)
        {
            let _ = writeln!(
                out,
                "{name}: {}: {}\n  - {:?}\n  + {:?}",
                f.rule,
                fix.title,
                body(text).trim(),
                body(&fixed).trim()
            );
        }
    }
    let after = lint(&fixed, &config);
    if !partial(f, fix) && still_there(f, fix, before, &after) {
        t.failures.push(format!(
            "{name}: {}: “{}” leaves its finding\n    after: {:?}",
            f.rule,
            fix.title,
            body(&fixed).trim()
        ));
    }
    let new = new_errors(before, &after, fix);
    if !new.is_empty() {
        t.failures.push(format!(
            "{name}: {}: “{}” brings new errors {new:?}",
            f.rule, fix.title
        ));
    }
}

/// Words in capitals that are not listed as shouting (acronyms: HIMSS, SXSW, IBM), and the
/// recipient's names from the front-matter, each with how often the body has it.
fn kept_words(text: &str) -> Vec<(String, usize)> {
    let shout_words: Vec<String> = catalog::BUILTIN
        .get("spam.shouting")
        .and_then(|d| d.params.get("shout_words"))
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let b = body(text);
    // Template tokens are blanks, not words: filling one is the point.
    let blanks = regex::Regex::new(r"\{[^}]*\}|\[[^\]]*\]|<[^>]*>|\bXX+\b|_{3,}").expect("blanks");
    let prose = blanks.replace_all(b, " ");
    let mut words: Vec<String> = prose
        .split(|c: char| !c.is_alphanumeric() && c != '&')
        .filter(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
                && !shout_words.iter().any(|s| s == w)
        })
        .map(String::from)
        .collect();
    // Names: capitalized words that do not start a sentence ("Hi Inga," → never "Hi Ingrid,").
    let mut after_stop = true;
    for w in prose.split_inclusive(|c: char| c.is_whitespace()) {
        let word = w.trim().trim_matches(|c: char| !c.is_alphanumeric());
        let capitalized = word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).any(char::is_lowercase);
        if capitalized && !after_stop {
            words.push(word.to_string());
        }
        let t = w.trim_end();
        after_stop = t.is_empty() || t.ends_with(['.', '!', '?', ':', '\n']) || w.ends_with('\n');
    }
    if let Some(d) = super::draft::Draft::parse(text) {
        let facts = &d.facts;
        for v in [&facts.to, &facts.company].into_iter().flatten() {
            words.extend(v.value.split_whitespace().map(String::from));
        }
        words.extend(facts.first_name.iter().cloned());
    }
    words.sort();
    words.dedup();
    words
        .into_iter()
        .filter(|w| w.chars().count() >= 2)
        .map(|w| {
            let n = count_word(b, &w);
            (w, n)
        })
        .collect()
}

fn count_word(hay: &str, word: &str) -> usize {
    hay.match_indices(word)
        .filter(|(i, _)| {
            let before = hay[..*i].chars().next_back();
            let after = hay[i + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .count()
}

fn check_fix_all(name: &str, text: &str, before: &[Finding], t: &mut Tally) {
    let config = Config::default();
    let all: Vec<Edit> = fix_all::fix_all(text, &config);
    if all.is_empty() {
        return;
    }
    t.fix_alls += 1;
    if let Some(h) = harm(text, &all, None, None) {
        t.damaged += 1;
        t.failures.push(format!(
            "{name}: fix all: {h}\n    before: {:?}\n    after:  {:?}",
            body(text).trim(),
            body(&apply(text, &all)).trim()
        ));
        return;
    }
    let fixed = apply(text, &all);
    for (word, n) in kept_words(text) {
        let now = count_word(body(&fixed), &word);
        if now < n {
            t.failures
                .push(format!("{name}: fix all changed “{word}” ({n} → {now})"));
        }
    }
    let after = lint(&fixed, &config);
    let together = Fix {
        title: "fix all".into(),
        edits: all,
        new_file: None,
        preferred: false,
        safe: true,
        kind: FixKind::Rewrite,
    };
    let new = new_errors(before, &after, &together);
    if !new.is_empty() {
        t.failures
            .push(format!("{name}: fix all brings new errors {new:?}"));
    }
    let again: Vec<Edit> = fix_all::fix_all(&fixed, &config);
    if !again.is_empty() {
        t.failures.push(format!(
            "{name}: fix all is not idempotent: a second run changes {:?}",
            body(&apply(&fixed, &again)).trim()
        ));
    }
}

/// Runs the battery over `drafts`.
pub(crate) fn run(drafts: &[(String, String)]) -> Tally {
    let mut t = Tally::default();
    for (name, text) in drafts {
        t.drafts += 1;
        let before = lint(text, &Config::default());
        t.findings += before.len();
        for f in &before {
            for fix in &f.fixes {
                check_fix(name, text, &before, f, fix, &mut t);
            }
        }
        check_fix_all(name, text, &before, &mut t);
    }
    t
}

#[test]
fn every_fix_on_every_draft_keeps_the_sentence_whole() {
    let drafts = drafts();
    let written = drafts
        .iter()
        .filter(|(n, _)| n.starts_with("tests/corpus/fixes/"))
        .count();
    let t = run(&drafts);
    println!(
        "fix battery: {} drafts, {} findings, {} fixes applied, {} fix-alls, {} damaged, {} preferred suppressions, {} failures",
        t.drafts,
        t.findings,
        t.fixes,
        t.fix_alls,
        t.damaged,
        t.preferred_suppressions,
        t.failures.len()
    );
    for f in t.failures.iter().take(60) {
        println!("  {f}");
    }
    assert!(
        written >= 100,
        "only {written} drafts in tests/corpus/fixes"
    );
    assert!(t.fixes > 300, "only {} fixes applied", t.fixes);
    assert_eq!(t.damaged, 0, "damaged fixes (see above)");
    assert_eq!(t.preferred_suppressions, 0);
    assert!(
        t.failures.is_empty(),
        "{} failures (see above)",
        t.failures.len()
    );
}

#[test]
fn the_battery_catches_each_kind_of_broken_fix() {
    // The checks themselves must be able to fail: each broken fix here is one the issue saw.
    let text = "---\nchannel: message\nto: Sam Lee\n---\nHi {first_name}, we help clinics. Guaranteed results or your money back! Would you be open to a chat?";
    let at = |s: &str| {
        let i = text.find(s).unwrap();
        i..i + s.len()
    };
    let broken = [
        (at("{first_name}"), ""),
        (at("money back"), ""),
        (at(" Would you be open to a chat?"), ""),
        (at("help"), "help  the"),
    ];
    for (range, new) in broken {
        let edit = Edit {
            range: range.clone(),
            text: new.into(),
        };
        assert!(
            harm(text, &[edit], None, Some(&at("Guaranteed"))).is_some(),
            "{range:?} → {new:?} passed"
        );
    }
}

/// The fixes issue #13 saw break a message, through the whole lint: each is now whole, or not
/// offered.
#[test]
fn the_issues_broken_fixes_are_whole_now() {
    let config = Config::default();
    let head = "---\nchannel: message\nto: Sam Lee\n---\n";
    // (body, rule, fix title prefix, the body after it; None: no such fix is offered)
    let cases: &[(&str, &str, &str, Option<&str>)] = &[
        (
            "Hi Sam, we ship fast. Guaranteed results or your money back! Want a look?",
            "spam.trigger-word",
            "Remove “or your money back”",
            Some("Hi Sam, we ship fast. Guaranteed results! Want a look?"),
        ),
        (
            "Hi Sam, we built a tool that will double your revenue. Want a look?",
            "spam.trigger-word",
            "Remove",
            // "Hi Sam, want a look?" asks about nothing: the sentence a bare ask leans on, and
            // that opens the message, is not removed whole.
            None,
        ),
        (
            "Hi Sam, seats are going, so act now! Want one?",
            "spam.trigger-word",
            "Remove",
            Some("Hi Sam, seats are going! Want one?"),
        ),
        (
            "Hi Sam, we can send a sample with no risk. Want one?",
            "spam.trigger-word",
            "Remove",
            Some("Hi Sam, we can send a sample. Want one?"),
        ),
        (
            "Hi Sam, results are guaranteed. Want a look?",
            "spam.trigger-word",
            "Replace with “expected”",
            None,
        ),
        (
            "Hi Sam, I noticed <COMPANY> is growing. Want a look?",
            "placeholder.unfilled",
            "Remove",
            None,
        ),
    ];
    for (body, rule, title, want) in cases {
        let text = format!("{head}{body}");
        let a = analyze(&text, &config).expect("a draft");
        let fix = a
            .findings
            .iter()
            .filter(|f| f.rule == *rule)
            .flat_map(|f| &f.fixes)
            .find(|x| x.title.starts_with(title));
        let got = fix.map(|x| apply(&text, &x.edits)[head.len()..].to_string());
        assert_eq!(got.as_deref(), *want, "{body}");
    }
    let greeting = "---\nchannel: note\n---\nHi {first_name}, loved your talk. Glad to connect.";
    let a = analyze(greeting, &config).expect("a draft");
    let titles: Vec<&str> = a.findings[0]
        .fixes
        .iter()
        .map(|x| x.title.as_str())
        .collect();
    assert!(titles[0].starts_with("Add “to:”"), "{titles:?}");
    let remove = a.findings[0]
        .fixes
        .iter()
        .find(|x| x.title.starts_with("Remove"))
        .unwrap();
    assert!(apply(greeting, &remove.edits).ends_with("\nHi, loved your talk. Glad to connect."));
    let follow = "---\nchannel: follow-up\nto: Sam Lee\nstep: 2\n---\nHi Sam, as per my last message, I'm touching base to see if you read it. Thanks!";
    let a = analyze(follow, &config).expect("a draft");
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "etiquette.lazy-follow-up")
        .unwrap();
    assert_eq!(
        body(&apply(follow, &f.fixes[0].edits)),
        "Hi Sam, I came across [something useful for them] and thought of you. Thanks!"
    );
}
