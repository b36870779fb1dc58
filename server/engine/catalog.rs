//! The rule catalog: every rule's stable ID, title, default severity, channels and the text that
//! explains it (why it matters, how to fix it, a bad and a good example). The text lives in the
//! rule packs under `rules/` and feeds `sendwell explain`, `sendwell rules`, hover cards and
//! `docs/rules.md`, so there is one place to edit it.

use std::sync::LazyLock;

use serde::Deserialize;

use super::finding::Severity;

/// The rule packs compiled into the binary, by file name.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("core.toml", include_str!("../../rules/core.toml")),
    ("spam.toml", include_str!("../../rules/spam.toml")),
    ("etiquette.toml", include_str!("../../rules/etiquette.toml")),
    ("style.toml", include_str!("../../rules/style.toml")),
    ("sequence.toml", include_str!("../../rules/sequence.toml")),
    (
        "personalization.toml",
        include_str!("../../rules/personalization.toml"),
    ),
    ("quality.toml", include_str!("../../rules/quality.toml")),
];

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    /// Channel IDs the rule applies to; empty means all.
    #[serde(default)]
    pub channels: Vec<String>,
    /// The diagnostic's text; pack rules fill `{match}`, `{category}`, `{value}`, `{max}`, `{min}`.
    #[serde(default)]
    pub message: Option<String>,
    pub why: String,
    pub fix: String,
    #[serde(default)]
    pub bad: Option<String>,
    #[serde(default)]
    pub good: Option<String>,
    /// Where the figure in `why` comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// How the rule is checked: `code` (a module in `server/engine/rules/`), or a generic kind
    /// that needs no code (`phrase`, `pattern`, `metric`).
    #[serde(default = "code_kind")]
    pub kind: String,
    /// The kind's data: word lists, patterns, thresholds. Code rules read their tunables here too.
    #[serde(default)]
    pub params: toml::Table,
    /// When a finding rests on thin evidence and reports below `severity` (see [`Mild`]).
    #[serde(default)]
    pub mild: Option<Mild>,
}

/// How sure a rule is of one finding. A warning should be one a user can believe without
/// checking; a finding resting on a single weak sign (one spam phrase in a warm message, a nudge
/// in a follow-up that brings news) still shows, one level down. Any condition that holds makes
/// the finding mild; a severity the user sets for the rule replaces both levels.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mild {
    /// What a mild finding reports at.
    pub severity: Severity,
    /// Mild when it is the only finding of its category (`spam` for `spam.shouting`) in the
    /// message and it is in the body: spam filters and readers react to signs adding up, and a
    /// subject line is read first.
    #[serde(default)]
    pub alone: bool,
    /// Mild when the message has at least this many words outside the sentences the rule hits:
    /// the rest of the message brings something.
    #[serde(default)]
    pub beside_words: Option<usize>,
    /// Mild when the message also says something only this recipient could receive (their post,
    /// a mutual contact, a congratulation: `personalization.no-hook`'s patterns; their company's
    /// name alone is not enough): it is personal already.
    #[serde(default)]
    pub with_hook: bool,
    /// Mild when the reported text matches this regular expression (read without case): the
    /// rule's weaker wordings.
    #[serde(default)]
    pub matching: Option<String>,
    /// What `matching` matches, in words for the docs ("it only says one is looking").
    #[serde(default)]
    pub matching_label: Option<String>,
}

impl Mild {
    /// When it applies, in words for `explain` and the rules reference ("when it is the message's
    /// only hit").
    pub fn describe(&self) -> String {
        let mut when = Vec::new();
        if self.alone {
            when.push(
                "it is the only sign of its category in the message, in the body".to_string(),
            );
        }
        if let Some(n) = self.beside_words {
            when.push(format!(
                "the message has {n} or more words besides the sentences it hits"
            ));
        }
        if self.with_hook {
            when.push("the message also says something about the recipient".to_string());
        }
        if let Some(re) = &self.matching {
            when.push(match &self.matching_label {
                Some(label) => label.clone(),
                None => format!("the text matches “{re}”"),
            });
        }
        format!(
            "{} when {}",
            self.severity.as_str(),
            when.join(", or when ")
        )
    }
}

fn code_kind() -> String {
    "code".to_string()
}

#[derive(Deserialize)]
struct PackFile {
    #[serde(default)]
    rule: Vec<RuleDoc>,
}

pub struct Catalog {
    pub rules: Vec<RuleDoc>,
}

pub static BUILTIN: LazyLock<Catalog> = LazyLock::new(|| {
    let mut rules = Vec::new();
    for (name, text) in BUILTIN_PACKS {
        let pack: PackFile = toml::from_str(text).unwrap_or_else(|e| panic!("rules/{name}: {e}"));
        rules.extend(pack.rule);
    }
    Catalog { rules }
});

impl Catalog {
    pub fn get(&self, id: &str) -> Option<&RuleDoc> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// The default severity of a built-in rule.
pub fn default_severity(id: &str) -> Severity {
    BUILTIN.get(id).map_or(Severity::Warning, |r| r.severity)
}

impl RuleDoc {
    /// The rule explained in Markdown, for hover cards and `sendwell explain`.
    pub fn markdown(&self) -> String {
        let mut md = format!(
            "**{}** `{}`\n\n{}\n\n**How to fix:** {}\n",
            self.title,
            self.id,
            self.why.trim(),
            self.fix.trim()
        );
        if let Some(source) = &self.source {
            md.push_str(&format!("\n*Source:* {}\n", source.trim()));
        }
        md.push_str(&format!(
            "\n*Disable in this draft:* front-matter `sendwell: {{ disable: [{}] }}`, or `<!-- sendwell-disable-next-line {} -->`\n",
            self.id, self.id
        ));
        md
    }

    /// The default severity, and the lower one a mild finding reports at: "warning (info when
    /// it is the message's only hit, in the body)".
    pub fn severity_label(&self) -> String {
        match &self.mild {
            Some(mild) => format!("{} ({})", self.severity.as_str(), mild.describe()),
            None => self.severity.as_str().to_string(),
        }
    }

    pub fn channels_label(&self) -> String {
        if self.channels.is_empty() {
            "all".to_string()
        } else {
            self.channels.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_is_documented_once() {
        let mut ids: Vec<_> = BUILTIN.rules.iter().map(|r| r.id.as_str()).collect();
        let before = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate rule IDs");
        for r in &BUILTIN.rules {
            assert!(r.id.contains('.'), "{} is not category.name", r.id);
            assert!(
                !r.why.trim().is_empty() && !r.fix.trim().is_empty(),
                "{} lacks text",
                r.id
            );
        }
    }

    #[test]
    fn channels_named_by_rules_exist() {
        for r in &BUILTIN.rules {
            for c in &r.channels {
                assert!(
                    super::super::channels::lookup(c).is_some(),
                    "{}: unknown channel {c}",
                    r.id
                );
            }
        }
    }
}
