//! "Fix all": the safe fixes of a draft's findings, gathered into one set of edits that can be
//! applied together.

use super::finding::{Edit, Finding};

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
    fn a_fix_is_taken_whole_or_not_at_all() {
        let findings = vec![
            finding_with(vec![fix(true, &[(0..2, "A")])]),
            finding_with(vec![fix(true, &[(4..5, "B"), (1..3, "C")])]),
        ];
        let edits = safe_edits(&findings);
        assert_eq!(apply("abcdef", &edits), "Acdef");
    }
}
