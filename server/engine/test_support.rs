//! Helpers for the engine's tests: lint a draft, pick a rule's findings, apply a fix. Kept
//! outside every rule family so each family's tests can use them.

use crate::engine::config::Config;
use crate::engine::finding::{Finding, Fix};

/// Lints `text` with default settings and returns the findings of `rule`.
pub fn findings(text: &str, rule: &str) -> Vec<Finding> {
    crate::engine::analyze(text, &Config::default())
        .expect("a draft")
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// The rules with error or warning findings, for checking that a fix brings no new trouble.
pub fn serious(text: &str) -> Vec<String> {
    use crate::engine::finding::Severity;
    let mut rules: Vec<String> = crate::engine::analyze(text, &Config::default())
        .expect("a draft")
        .findings
        .into_iter()
        .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
        .map(|f| f.rule)
        .collect();
    rules.dedup();
    rules
}

/// The text a finding covers.
pub fn covered<'t>(text: &'t str, f: &Finding) -> &'t str {
    &text[f.range.clone()]
}

/// Applies a fix's edits (back to front) and returns the new text.
pub fn apply(text: &str, fix: &Fix) -> String {
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range, &e.text);
    }
    out
}
