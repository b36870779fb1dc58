//! Code rules read their tunables (thresholds, word lists) from the `[rule.params]` table of their
//! entry in a rule pack, so that changing what a rule looks for is an edit to data, not code.

use regex::Regex;
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

/// A long list of patterns from a pack, matched as one. They are joined into a few regexes of
/// at most `PER_REGEX` alternatives rather than one: a single regex of some seventy
/// alternatives, several with repeated Unicode classes, outgrows the lazy DFA's cache on a long
/// draft and falls back to a slower engine (no-hook's hooks made a keystroke on a 28 KB draft
/// five times slower that way; BENCHMARKS.md, session 15). Each smaller one stays fast.
pub(crate) struct AnyOf(Vec<Regex>);

const PER_REGEX: usize = 20;

impl AnyOf {
    /// Matched without case. Built-in patterns only: a failure names `what` and is a bug in
    /// `rules/*.toml` (the params test compiles every list).
    pub(crate) fn new(patterns: &[String], what: &str) -> AnyOf {
        AnyOf(
            patterns
                .chunks(PER_REGEX)
                .map(|chunk| {
                    Regex::new(&format!(r"(?i)(?:{})", chunk.join("|")))
                        .unwrap_or_else(|e| panic!("{what}: {e}"))
                })
                .collect(),
        )
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.0.iter().any(|r| r.is_match(text))
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

    proptest::proptest! {
        // Each case compiles ninety regexes: a few dozen cases cover the shapes.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Splitting a list into several regexes changes how fast it matches, never what: any
        /// text matches the chunks exactly when it matches the list joined into one.
        #[test]
        fn any_of_matches_what_the_joined_list_matches(
            words in proptest::collection::vec("(you|your|I|we|liked|take|on|pricing|was|sharp|and|both|Stripe|too|Acme|has|just|opened|saw|congrats|post|[a-z]{1,6}|[.,?!])", 0..14)
        ) {
            let patterns: Vec<String> = (0..45)
                .map(|i| match i % 5 {
                    0 => format!(r"\byou (?:\w+ ){{0,{}}}?too\b", i % 4),
                    1 => r"\b(?:liked|loved) your (?:[\w-]+ ){0,2}?take\b".to_string(),
                    2 => r"\byou and I\b|\bwe(?:['’]re| are)? both\b".to_string(),
                    3 => r"\b(?-i:[A-Z][\w&.-]+) (?:has|have) (?:just )?\w+ed\b".to_string(),
                    _ => format!(r"\bcongrat\w*|\bpost{}\b", i),
                })
                .collect();
            let text = words.join(" ");
            let joined = regex::Regex::new(&format!("(?i)(?:{})", patterns.join("|"))).unwrap();
            let any = super::AnyOf::new(&patterns, "test patterns");
            proptest::prop_assert_eq!(any.is_match(&text), joined.is_match(&text), "{}", text);
        }
    }
}
