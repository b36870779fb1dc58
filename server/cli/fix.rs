//! `check --fix` and `check --diff`: a draft's safe fixes (the set `source.fixAll.sendwell`
//! applies in an editor, `engine::fix_all`), applied round after round until none is left.

use crate::engine::analyze;
use crate::engine::config::Config;
use crate::engine::finding::Edit;
use crate::engine::fix_all;

use super::gates::Gates;

/// What `check` does with the fixes it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Report the findings only.
    #[default]
    Report,
    /// Write the safe fixes to the files, then report what remains.
    Fix,
    /// Print the safe fixes as a unified diff and write nothing.
    Diff,
}

/// A draft with its safe fixes applied.
#[derive(Debug, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// The rule of each fix applied, in the order applied (a rule fixed twice is named twice).
    pub rules: Vec<String>,
}

/// Fixes that collide wait for the next round (`fix_all::safe_edits`); a draft needs a round or
/// two. The cap only guards against two fixes that would undo each other for ever.
const MAX_ROUNDS: usize = 8;

/// The draft with every safe fix of the rules `gates` selects, or `None` when `text` is not a
/// draft or nothing is to be fixed. Applying it again to the result changes nothing.
pub fn fix_text(text: &str, config: &Config, gates: &Gates) -> Option<Fixed> {
    let mut current = text.to_string();
    let mut rules = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let Some(analysis) = analyze(&current, config) else {
            break;
        };
        let findings: Vec<_> = analysis
            .findings
            .into_iter()
            .filter(|f| gates.selects(&f.rule))
            .collect();
        let edits = fix_all::safe_edits(&findings);
        let next = fix_all::apply(&current, &edits);
        if edits.is_empty() || next == current {
            break;
        }
        rules.extend(applied_rules(&findings, &edits));
        current = next;
    }
    (current != text).then_some(Fixed {
        text: current,
        rules,
    })
}

/// The rules whose fix `safe_edits` took: a fix counts when each of its edits is among the
/// edits taken (each taken edit counted for one fix only).
fn applied_rules(findings: &[crate::engine::finding::Finding], taken: &[Edit]) -> Vec<String> {
    let mut used = vec![false; taken.len()];
    let mut rules = Vec::new();
    for f in findings {
        for fix in f.fixes.iter().filter(|x| x.safe && x.new_file.is_none()) {
            let found: Option<Vec<usize>> = fix
                .edits
                .iter()
                .map(|e| (0..taken.len()).find(|&i| !used[i] && taken[i] == *e))
                .collect();
            if let Some(found) = found.filter(|f| !f.is_empty()) {
                for i in found {
                    used[i] = true;
                }
                rules.push(f.rule.clone());
            }
        }
    }
    rules
}

/// "2 fixes (frontmatter.unknown-channel, subject.unexpected)": what `--fix` says it did to a
/// file; a rule fixed more than once is named once with its count.
pub fn summary(rules: &[String]) -> String {
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for r in rules {
        match counted.iter_mut().find(|(name, _)| name == r) {
            Some((_, n)) => *n += 1,
            None => counted.push((r, 1)),
        }
    }
    let names: Vec<String> = counted
        .iter()
        .map(|(name, n)| {
            if *n > 1 {
                format!("{name} ×{n}")
            } else {
                name.to_string()
            }
        })
        .collect();
    let n = rules.len();
    format!(
        "{n} fix{} ({})",
        if n == 1 { "" } else { "es" },
        names.join(", ")
    )
}

/// A unified diff of `before` → `after` under `path`'s name, as `diff -u` and `ruff --diff`
/// print it (three lines of context; a missing final line break is marked). Lines keep their own
/// breaks; in a file of lone-CR breaks the diff ends with a line feed, so the next file's header
/// starts a line of its own.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    let mut diff = similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(path, path)
        .to_string();
    if !diff.is_empty() && !diff.ends_with('\n') {
        diff.push('\n');
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_every_safe_finding_and_a_second_run_finds_nothing() {
        let text = "---\r\nchannel: inmial\r\nsubjet: Your talk 👋\r\n---\r\nHi Sarah, a question?";
        let config = Config::default();
        let fixed = fix_text(text, &config, &Gates::default()).expect("fixes");
        assert_eq!(
            fixed.text,
            "---\r\nchannel: inmail\r\nsubject: Your talk 👋\r\n---\r\nHi Sarah, a question?"
        );
        assert_eq!(
            summary(&fixed.rules),
            "2 fixes (frontmatter.unknown-channel, frontmatter.unknown-key)"
        );
        assert_eq!(fix_text(&fixed.text, &config, &Gates::default()), None);
    }

    #[test]
    fn not_a_draft_is_never_fixed() {
        let text = "---\ntitle: Notes\nsubjet: x\n---\nHello";
        assert_eq!(fix_text(text, &Config::default(), &Gates::default()), None);
    }

    #[test]
    fn a_rule_fixed_twice_is_counted() {
        let rules = ["a.b", "c.d", "a.b"].map(String::from);
        assert_eq!(summary(&rules), "3 fixes (a.b ×2, c.d)");
        assert_eq!(summary(&rules[..1]), "1 fix (a.b)");
    }

    #[test]
    fn the_diff_is_unified_with_headers() {
        let d = unified_diff("d.md", "a\nb\n", "a\nc\n");
        assert_eq!(d, "--- d.md\n+++ d.md\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
    }
}
