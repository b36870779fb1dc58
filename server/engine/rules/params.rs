//! Code rules read their tunables (thresholds, word lists) from the `[rule.params]` table of their
//! entry in a rule pack, so that changing what a rule looks for is an edit to data, not code.

use serde::de::DeserializeOwned;

use super::Analysis;
use crate::engine::catalog::BUILTIN;

/// The params of a built-in rule, typed. Built-in packs are part of the binary and a unit test
/// loads every code rule's params, so a failure here is a bug in `rules/*.toml`, never bad input.
pub(crate) fn builtin<T: DeserializeOwned>(rule: &str) -> T {
    let doc = BUILTIN
        .get(rule)
        .unwrap_or_else(|| panic!("{rule} is not in a built-in rule pack"));
    toml::Value::Table(doc.params.clone())
        .try_into()
        .unwrap_or_else(|e| panic!("params of {rule}: {e}"))
}

/// Whether `rule` applies to the draft's channel (its pack entry lists channels, or none for all).
/// With an unknown channel, the rules for every channel still run and those for some channels
/// are skipped; `frontmatter.unknown-channel` names them.
pub(crate) fn applies(a: &Analysis, rule: &str) -> bool {
    let Some(doc) = BUILTIN.get(rule) else {
        return true;
    };
    match &a.channel {
        Some(channel) => doc.channels.is_empty() || doc.channels.iter().any(|c| *c == channel.id),
        None => doc.channels.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::catalog::BUILTIN;

    #[test]
    fn every_code_rule_params_table_loads() {
        // Touch each rule's typed params: a typo in a pack fails here, not in a user's editor.
        let _ = &*super::super::greeting::VOCABULARY;
        assert!(super::super::generic_opener::phrase_count() > 0);
        let r = super::super::recipient::Recipient::of(
            &crate::engine::draft::Draft::parse("---\nchannel: dm\nto: Bob Lee\n---\n")
                .unwrap()
                .facts,
        )
        .unwrap();
        assert!(r.answers_to("Robert"));
        for doc in BUILTIN.rules.iter().filter(|d| d.kind == "code") {
            assert!(BUILTIN.get(&doc.id).is_some());
        }
    }
}
