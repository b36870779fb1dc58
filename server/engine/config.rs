//! Settings that change what the engine reports: per-rule severities, the plan, channel limits.
//! Where they come from (files, the editor) is the caller's business; the engine only reads them.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use super::channels::CountMode;
use super::finding::Severity;
use super::user_pack::Pack;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `free` or `premium`: the plan assumed when a draft does not say.
    pub plan: Option<String>,
    /// Per rule ID (`spam.shouting`) or category (`spam`): a severity, or `off`.
    pub rules: BTreeMap<String, String>,
    /// Words and phrases the phrase rules should accept.
    pub allow: Vec<String>,
    /// Per channel ID: limits that replace the built-in ones.
    pub channels: BTreeMap<String, ChannelOverride>,
    /// Per rule ID: words its phrase list should accept (`allow`) or also flag (`add`).
    pub words: BTreeMap<String, WordLists>,
    /// Folders of extra rule packs, relative to the config file.
    pub packs: Vec<String>,
    /// Files larger than this many bytes are reported instead of checked (default 2 MiB).
    pub max_file_bytes: Option<usize>,
    /// Gitignore globs, relative to the config file, of drafts left out of the workspace (the
    /// sequence and volume rules, `sendwell plan`). Read by `crate::workspace::exclude`.
    pub exclude: Vec<String>,
    /// The packs read from those folders, by whoever reads files (the engine does no I/O).
    #[serde(skip)]
    pub user_packs: Vec<Arc<Pack>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct WordLists {
    pub allow: Vec<String>,
    pub add: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ChannelOverride {
    pub limit: Option<usize>,
    pub free_limit: Option<usize>,
    pub soft_limit: Option<usize>,
    pub subject_limit: Option<usize>,
    pub count: Option<CountMode>,
}

impl Config {
    /// The severity a rule reports at, or `None` when it is switched off. A rule's own setting
    /// beats its category's.
    pub fn severity(&self, rule: &str, default: Severity) -> Option<Severity> {
        let category = rule.split('.').next().unwrap_or(rule);
        let setting = self
            .rules
            .get(rule)
            .or_else(|| self.rules.get(category))
            .or_else(|| self.rules.get(&format!("{category}.*")));
        match setting.map(|s| s.trim().to_ascii_lowercase()) {
            None => Some(default),
            Some(s) if s == "off" || s == "false" || s == "none" => None,
            Some(s) => Some(Severity::parse(&s).unwrap_or(default)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_setting_beats_category() {
        let mut cfg = Config::default();
        cfg.rules.insert("spam".into(), "off".into());
        cfg.rules.insert("spam.shouting".into(), "hint".into());
        assert_eq!(cfg.severity("spam.trigger-word", Severity::Warning), None);
        assert_eq!(
            cfg.severity("spam.shouting", Severity::Warning),
            Some(Severity::Hint)
        );
        assert_eq!(
            cfg.severity("limit.body", Severity::Error),
            Some(Severity::Error)
        );
    }
}
