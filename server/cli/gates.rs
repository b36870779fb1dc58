//! What the command line decides for a CI run: which severity fails it (`--error-on warning`,
//! or `--deny warnings`), and which rules report at all (`--select`, `--ignore`). Rule names
//! mean what they mean in `sendwell.toml`'s `[rules]`: a rule ID (`spam.shouting`) or a category
//! (`spam`, also written `spam.` or `spam.*`), and a rule's own name beats its category's.

use crate::config_file::RuleNames;
use crate::engine::config::Config;
use crate::engine::finding::Severity;

use super::check::{FileError, Summary};

#[derive(clap::Args, Debug, Default)]
pub struct GateArgs {
    /// Exit 1 when a finding has this severity or a worse one: error (the default), warning,
    /// info or hint. `--deny warnings` says the same as `--error-on warning`.
    #[arg(long, visible_alias = "deny", value_name = "SEVERITY", value_parser = parse_gate)]
    error_on: Option<Severity>,
    /// Report only these rules: IDs or categories (`spam`, `spam.`), repeated or comma-separated.
    /// A rule `sendwell.toml` switches off stays off.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    select: Vec<String>,
    /// Do not report these rules: IDs or categories, repeated or comma-separated.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    ignore: Vec<String>,
}

/// `warning` or `warnings`: people write `--deny warnings` as they do for rustc and clippy.
fn parse_gate(s: &str) -> Result<Severity, String> {
    let lower = s.trim().to_ascii_lowercase();
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    Severity::parse(singular).ok_or_else(|| {
        format!("'{s}' is not a severity: use error, warning, info or hint (or their plurals)")
    })
}

impl GateArgs {
    pub fn gates(&self) -> Gates {
        Gates {
            fail_at: self.error_on.unwrap_or(Severity::Error),
            select: self.select.iter().map(|s| RuleName::new(s)).collect(),
            ignore: self.ignore.iter().map(|s| RuleName::new(s)).collect(),
        }
    }
}

/// The gate and the rule selection of one run.
#[derive(Debug, Clone)]
pub struct Gates {
    fail_at: Severity,
    select: Vec<RuleName>,
    ignore: Vec<RuleName>,
}

impl Default for Gates {
    fn default() -> Self {
        Gates {
            fail_at: Severity::Error,
            select: vec![],
            ignore: vec![],
        }
    }
}

/// A name as the user wrote it, and the rule ID or category it stands for.
#[derive(Debug, Clone)]
struct RuleName {
    written: String,
    name: String,
}

impl RuleName {
    fn new(written: &str) -> RuleName {
        let trimmed = written.trim();
        let name = trimmed.trim_end_matches(".*").trim_end_matches('.');
        RuleName {
            written: trimmed.to_string(),
            name: name.to_string(),
        }
    }
}

impl Gates {
    /// Whether findings of `rule` are reported. The most specific name decides: the rule's own
    /// ID, else its category; with neither named, a rule reports unless `--select` was given.
    /// Naming the same thing in both, `--ignore` wins.
    pub fn selects(&self, rule: &str) -> bool {
        let category = rule.split('.').next().unwrap_or(rule);
        for name in [rule, category] {
            let named = |list: &[RuleName]| list.iter().any(|n| n.name == name);
            if named(&self.ignore) {
                return false;
            }
            if named(&self.select) {
                return true;
            }
        }
        self.select.is_empty()
    }

    /// Whether the run fails: a finding at the gate's severity or worse was reported.
    pub fn fails(&self, s: &Summary) -> bool {
        [
            (Severity::Error, s.errors),
            (Severity::Warning, s.warnings),
            (Severity::Info, s.infos),
            (Severity::Hint, s.hints),
        ]
        .into_iter()
        .any(|(severity, n)| severity <= self.fail_at && n > 0)
    }

    /// `--select` and `--ignore` names that no rule has (built-in or in `config`'s packs): a
    /// typo there would silently select nothing, or ignore nothing.
    pub fn unknown_rules(&self, config: &Config) -> Vec<FileError> {
        let names = RuleNames::of(config);
        let known = |name: &str| names.knows(name);
        let flagged = |flag: &str, list: &[RuleName]| -> Vec<FileError> {
            list.iter()
                .filter(|n| !known(&n.name))
                .map(|n| FileError {
                    path: flag.to_string(),
                    message: unknown_message(&n.written, &names),
                })
                .collect()
        };
        let mut errors = flagged("--select", &self.select);
        errors.extend(flagged("--ignore", &self.ignore));
        errors
    }
}

fn unknown_message(written: &str, names: &RuleNames) -> String {
    let close = names.close_to(written);
    if close.is_empty() {
        format!("no rule or category '{written}' ('sendwell rules' lists them)")
    } else {
        format!(
            "no rule or category '{written}'; did you mean {}?",
            close.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gates(select: &[&str], ignore: &[&str]) -> Gates {
        GateArgs {
            error_on: None,
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
        }
        .gates()
    }

    #[test]
    fn categories_are_written_three_ways() {
        for written in ["spam", "spam.", "spam.*"] {
            let g = gates(&[], &[written]);
            assert!(!g.selects("spam.shouting"), "{written}");
            assert!(g.selects("style.hedging"), "{written}");
            assert!(
                g.selects("spammy.thing"),
                "{written}: a category, not a text prefix"
            );
        }
    }

    #[test]
    fn select_keeps_only_what_it_names() {
        let g = gates(&["spam", "style.hedging"], &[]);
        assert!(g.selects("spam.shouting"));
        assert!(g.selects("style.hedging"));
        assert!(!g.selects("style.passive"));
        assert!(!g.selects("limit.body"));
    }

    #[test]
    fn the_rule_own_name_beats_its_category() {
        let g = gates(&["spam"], &["spam.shouting"]);
        assert!(!g.selects("spam.shouting"));
        assert!(g.selects("spam.trigger-word"));
        let g = gates(&["spam.shouting"], &["spam"]);
        assert!(g.selects("spam.shouting"));
        assert!(!g.selects("spam.trigger-word"));
        assert!(!gates(&["spam"], &["spam"]).selects("spam.shouting"));
    }

    #[test]
    fn the_gate_fails_at_its_severity_and_worse() {
        let warning_only = Summary {
            warnings: 1,
            ..Default::default()
        };
        assert!(!Gates::default().fails(&warning_only));
        let deny = |s: &str| Gates {
            fail_at: parse_gate(s).unwrap(),
            ..Default::default()
        };
        assert!(deny("warnings").fails(&warning_only));
        assert!(deny("info").fails(&warning_only));
        assert!(!deny("error").fails(&warning_only));
        let hint_only = Summary {
            hints: 2,
            ..Default::default()
        };
        assert!(!deny("info").fails(&hint_only));
        assert!(deny("hints").fails(&hint_only));
        assert!(parse_gate("loud").is_err());
    }

    #[test]
    fn unknown_names_are_reported_with_a_suggestion() {
        let g = gates(&["spma.shouting", "spam."], &["nonsense"]);
        let errors = g.unknown_rules(&Config::default());
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 2, "{messages:?}");
        assert_eq!(errors[0].path, "--select");
        assert!(errors[0].message.contains("did you mean spam.shouting"));
        assert_eq!(errors[1].path, "--ignore");
    }
}
