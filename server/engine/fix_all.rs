//! "Fix all": the safe fixes of a draft's findings, gathered into one set of edits that can be
//! applied together.

use super::config::Config;
use super::finding::{Edit, Finding};

/// How many rounds [`fix_all`] runs at most. A round takes every safe fix that does not collide
/// with another; the few that do (two fixes on one word) go in the next one.
const ROUNDS: usize = 4;

/// "Fix all" as one edit of `text`: the safe fixes, round after round until a lint offers none,
/// so that running it again changes nothing. `None` when there is nothing to fix.
pub fn fix_all(text: &str, config: &Config) -> Vec<Edit> {
    match super::analyze(text, config) {
        Some(a) => fix_all_from(text, &a.findings, config),
        None => Vec::new(),
    }
}

/// [`fix_all`] for a text whose findings are at hand (a code action's analysis): the first round
/// reads them, and each later round lints once, so a draft fixed in one round costs one lint.
pub fn fix_all_from(text: &str, findings: &[Finding], config: &Config) -> Vec<Edit> {
    let first = safe_edits(findings);
    let mut edits = first.clone();
    let mut fixed = text.to_string();
    let mut rounds = 0;
    while rounds < ROUNDS && !edits.is_empty() {
        fixed = apply(&fixed, &edits);
        rounds += 1;
        edits = match super::analyze(&fixed, config) {
            Some(a) => safe_edits(&a.findings),
            None => Vec::new(),
        };
    }
    if rounds <= 1 {
        // One round did it: its own edits, each where its fix put it.
        return first;
    }
    // One edit for the front-matter and one for the body: an edit across the closing fence
    // would be refused by the damage check, and clients show two small edits better.
    let fence = |t: &str| super::frontmatter::find_block(t).map(|b| b.body_start.min(t.len()));
    match (fence(text), fence(&fixed)) {
        (Some(old), Some(new)) => {
            let mut out: Vec<Edit> = changed_span(&text[..old], &fixed[..new])
                .into_iter()
                .collect();
            out.extend(changed_span(&text[old..], &fixed[new..]).map(|e| Edit {
                range: e.range.start + old..e.range.end + old,
                text: e.text,
            }));
            out
        }
        _ => changed_span(text, &fixed).into_iter().collect(),
    }
}

/// The one edit that turns `old` into `new`: the span between their common start and end.
fn changed_span(old: &str, new: &str) -> Option<Edit> {
    (old != new).then(|| Edit::between(old, new))
}

/// The edits of every fix marked `safe`, in document order. A fix is taken whole or not at all,
/// and one that would collide with an edit already taken is left for the next round (the writer
/// runs "fix all" again, or picks it by hand). Fixes that create files are never applied blind.
pub fn safe_edits(findings: &[Finding]) -> Vec<Edit> {
    let mut taken: Vec<Edit> = Vec::new();
    for fix in findings
        .iter()
        .flat_map(|f| f.fixes.iter())
        .filter(|x| x.safe && x.new_file.is_none())
    {
        let clashes = fix.edits.iter().enumerate().any(|(i, e)| {
            taken.iter().any(|t| collide(t, e))
                || fix.edits[..i].iter().any(|other| collide(other, e))
        });
        if !clashes {
            taken.extend(fix.edits.iter().cloned());
        }
    }
    taken.sort_by_key(|e| (e.range.start, e.range.end));
    taken
}

/// Two edits collide when their ranges share text, or when both start at the same point (two
/// insertions there have no defined order across fixes).
fn collide(a: &Edit, b: &Edit) -> bool {
    (a.range.start < b.range.end && b.range.start < a.range.end) || a.range.start == b.range.start
}

/// Applies sorted, non-colliding edits to `text`.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.range.start.max(pos)]);
        out.push_str(&e.text);
        pos = pos.max(e.range.end);
    }
    out.push_str(&text[pos.min(text.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::finding::{Fix, Severity};

    fn finding_with(fixes: Vec<Fix>) -> Finding {
        let mut f = Finding::new("x.y", Severity::Warning, 0..1, "m");
        f.fixes = fixes;
        f
    }

    fn fix(safe: bool, edits: &[(std::ops::Range<usize>, &str)]) -> Fix {
        Fix {
            title: "t".into(),
            edits: edits
                .iter()
                .map(|(r, t)| Edit {
                    range: r.clone(),
                    text: t.to_string(),
                })
                .collect(),
            new_file: None,
            preferred: false,
            safe,
            kind: crate::engine::finding::FixKind::Rewrite,
        }
    }

    #[test]
    fn only_safe_fixes_are_taken_and_colliding_ones_wait() {
        let findings = vec![
            finding_with(vec![
                fix(true, &[(6..11, "World")]),
                fix(true, &[(0..5, "X")]),
            ]),
            finding_with(vec![fix(false, &[(0..1, "h")])]),
            finding_with(vec![fix(true, &[(8..9, "!")])]), // inside 6..11: waits
            finding_with(vec![fix(true, &[(11..11, "!")])]), // touches the end: fine
            finding_with(vec![fix(true, &[(11..11, "?")])]), // same point as the last: waits
        ];
        let edits = safe_edits(&findings);
        let ranges: Vec<_> = edits.iter().map(|e| e.range.clone()).collect();
        assert_eq!(ranges, vec![0..5, 6..11, 11..11]);
        assert_eq!(apply("hello world", &edits), "X World!");
    }

    #[test]
    fn the_changed_span_is_one_edit_on_character_boundaries() {
        for (old, new) in [
            ("héllo wörld", "héllo world"),
            ("aé", "aè"),
            ("abc", "abXbc"),
            ("x", ""),
        ] {
            let e = changed_span(old, new).unwrap();
            assert_eq!(apply(old, &[e]), new);
        }
        assert_eq!(changed_span("same", "same"), None);
    }

    #[test]
    fn fix_all_runs_until_nothing_is_left_and_a_second_run_changes_nothing() {
        let config = Config::default();
        // Two safe fixes on one place ("!!!" is one finding; the two runs meet at one point).
        let text = "---\nchannel: note\nto: Sam Lee\n---\nHi Sam, this is HUGE!!! Thanks!!";
        let edits = fix_all(text, &config);
        assert!(!edits.is_empty());
        let fixed = apply(text, &edits);
        assert_eq!(fix_all(&fixed, &config), vec![], "{fixed}");
        assert!(fixed.ends_with("Hi Sam, this is huge! Thanks!"), "{fixed}");
    }

    #[test]
    fn a_fix_is_taken_whole_or_not_at_all() {
        let findings = vec![
            finding_with(vec![fix(true, &[(0..2, "A")])]),
            finding_with(vec![fix(true, &[(4..5, "B"), (1..3, "C")])]),
        ];
        let edits = safe_edits(&findings);
        assert_eq!(apply("abcdef", &edits), "Acdef");
    }
}
