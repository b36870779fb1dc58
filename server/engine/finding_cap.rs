//! At most [`MAX_FINDINGS`] findings per file. A pasted wall of `FREE!!! ` otherwise gives
//! hundreds of thousands: seconds per keystroke, a publish of a hundred megabytes, and a list no
//! one reads. The findings kept are the first by position, and one more says how many were left
//! out and which rule fired most, so the writer knows what to switch off or fix first.

use super::config::Config;
use super::finding::{Finding, Severity};

pub const MAX_FINDINGS: usize = 1000;
pub const RULE: &str = "file.too-many-findings";

/// Keeps the first [`MAX_FINDINGS`] of `findings` (sorted by position) and, when any are left
/// out, adds one finding that counts them, on the first one left out.
pub fn cap(mut findings: Vec<Finding>, config: &Config) -> Vec<Finding> {
    if findings.len() <= MAX_FINDINGS {
        return findings;
    }
    let dropped = findings.split_off(MAX_FINDINGS);
    let Some(severity) = config.severity(RULE, Severity::Info) else {
        return findings;
    };
    let (rule, count) = most_frequent(&dropped);
    let message = format!(
        "{} more findings are not shown (only the first {} are). Most are '{rule}' ({}); fix those or turn that rule off to see the rest.",
        thousands(dropped.len()),
        thousands(MAX_FINDINGS),
        thousands(count),
    );
    let at = dropped[0].range.clone();
    findings.push(Finding::new(RULE, severity, at, message));
    findings
}

fn most_frequent(findings: &[Finding]) -> (&str, usize) {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for f in findings {
        *counts.entry(f.rule.as_str()).or_default() += 1;
    }
    // Ties go to the rule named first alphabetically, so the message is the same every run.
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .unwrap_or(("", 0))
}

/// 450000 → "450,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn many(n: usize, rule: &str) -> Vec<Finding> {
        (0..n)
            .map(|i| Finding::new(rule, Severity::Warning, i * 2..i * 2 + 1, "x"))
            .collect()
    }

    #[test]
    fn at_the_cap_nothing_changes() {
        let f = cap(many(MAX_FINDINGS, "spam.shouting"), &Config::default());
        assert_eq!(f.len(), MAX_FINDINGS);
        assert!(f.iter().all(|f| f.rule == "spam.shouting"));
    }

    #[test]
    fn over_the_cap_one_finding_counts_the_rest() {
        let mut all = many(MAX_FINDINGS + 1500, "spam.trigger-word");
        all[MAX_FINDINGS + 10].rule = "spam.shouting".into();
        let f = cap(all, &Config::default());
        assert_eq!(f.len(), MAX_FINDINGS + 1);
        let last = f.last().unwrap();
        assert_eq!(last.rule, RULE);
        assert_eq!(last.severity, Severity::Info);
        assert_eq!(last.range, MAX_FINDINGS * 2..MAX_FINDINGS * 2 + 1);
        assert_eq!(
            last.message,
            "1,500 more findings are not shown (only the first 1,000 are). Most are 'spam.trigger-word' (1,499); fix those or turn that rule off to see the rest."
        );
    }

    #[test]
    fn counts_read_with_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(449_000), "449,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
