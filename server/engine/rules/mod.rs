//! The rules implemented in code. Each module checks one thing and is documented by its entry in
//! a rule pack under `rules/` (title, why, how to fix), which is where users read about it.
//!
//! To add a rule: give it an entry in a pack, write `fn check(&Analysis, &Config, &mut Vec<Finding>)`
//! in a module here, and call it from [`structure`] (or [`wording`], for a rule on the wording).

mod certainty;
mod empty_body;
mod follow_up_text;
mod frontmatter_keys;
mod frontmatter_values;
mod generic_opener;
mod greeting;
mod language;
mod limit_fixes;
mod limits;
mod message;
mod name_mismatch;
mod no_ask;
mod no_hook;
mod no_name;
mod paragraph;
mod params;
mod placeholder_fixes;
mod placeholders;
mod prose;
mod readability;
mod recipient;
mod self_centered;
mod sender_subject;
mod shorten;
mod subject;
mod subject_fixes;
mod wall_of_text;

use super::catalog::default_severity;
use super::config::Config;
use super::finding::{Edit, Finding, Fix};
use super::memo::Table;
use super::text_edit::push_item;
use super::Analysis;

pub use paragraph::WordingParagraph;

/// Offers "Disable RULE in this draft" on every finding.
pub(crate) fn offer_disable(a: &Analysis, out: &mut [Finding]) {
    // One fix per rule, copied to each of its findings: a long draft can have thousands.
    let mut disable: std::collections::HashMap<String, Option<Fix>> = Default::default();
    for f in out.iter_mut() {
        if !disable.contains_key(&f.rule) {
            disable.insert(f.rule.clone(), disable_in_draft(a, &f.rule));
        }
        if let Some(Some(fix)) = disable.get(&f.rule) {
            f.fixes.push(fix.clone());
        }
    }
}

/// The rules about the draft's shape: front-matter keys, limits, subject, placeholders.
/// Public, like [`wording`], so benchmarks can time each family of rules.
pub fn structure(a: &Analysis, config: &Config, out: &mut Vec<Finding>) {
    frontmatter_keys::check(a, config, out);
    frontmatter_values::check(a, config, out);
    if a.channel.is_some() {
        limits::check(a, config, out);
        subject::check(a, config, out);
    }
    placeholders::check(a, config, out);
    empty_body::check(a, out);
}

/// The rules that read the message's wording share one reading of it. Paragraphs that `table`
/// holds from an earlier lint are not read again.
/// Then each finding on thin evidence (see [`certainty`]) is lowered to its rule's mild severity.
pub fn wording(
    a: &Analysis,
    config: &Config,
    table: Option<&mut Table<WordingParagraph>>,
    out: &mut Vec<Finding>,
) {
    if empty_body::is_empty(a) {
        return; // `body.empty` says it; "no question", "no name" on nothing would be noise
    }
    let m = message::Message::new(a, table);
    no_name::check(&m, out);
    name_mismatch::check(&m, out);
    generic_opener::check(&m, out);
    no_hook::check(&m, out);
    self_centered::check(&m, out);
    no_ask::check(&m, out);
    wall_of_text::check(&m, out);
    readability::check(&m, out);
    certainty::grade(&m, config, out);
}

/// A finding of a built-in rule at its default severity.
pub(crate) fn finding(
    rule: &str,
    range: std::ops::Range<usize>,
    message: impl Into<String>,
) -> Finding {
    Finding::new(rule, default_severity(rule), range, message)
}

/// "Disable RULE in this draft": adds the rule to the front-matter's `sendwell.disable` list.
fn disable_in_draft(a: &Analysis, rule: &str) -> Option<Fix> {
    Some(Fix {
        title: format!("Disable {rule} in this draft"),
        edits: push_item(&a.draft, &["sendwell", "disable"], rule)?,
        new_file: None,
        preferred: false,
        safe: false,
        kind: crate::engine::finding::FixKind::Suppression,
    })
}

/// Where the rules' tests have always found their helpers.
#[cfg(test)]
pub(crate) use super::test_support;

#[cfg(test)]
mod tests {
    use super::test_support::*;

    /// Applies the "Disable subject.missing in this draft" fix and checks it silences the rule.
    fn disable_subject_missing(text: &str) -> String {
        let f = &findings(text, "subject.missing")[0];
        let fix = f
            .fixes
            .iter()
            .find(|x| x.title.starts_with("Disable"))
            .unwrap();
        let fixed = apply(text, fix);
        assert!(findings(&fixed, "subject.missing").is_empty(), "{fixed:?}");
        fixed
    }

    #[test]
    fn disable_fix_adds_a_sendwell_block_and_silences_the_rule() {
        let fixed = disable_subject_missing(
            "---\nchannel: inmail\nto: Sarah Chen\n---\nHi Sarah, a question about your post?",
        );
        assert!(
            fixed.contains("sendwell:\n  disable: [subject.missing]\n---"),
            "{fixed}"
        );
    }

    #[test]
    fn disable_fix_extends_an_existing_list() {
        let fixed = disable_subject_missing(
            "---\nchannel: inmail\nsendwell: { disable: [length.long] }\n---\nHi?",
        );
        assert!(fixed.contains("[length.long, subject.missing]"), "{fixed}");
    }

    #[test]
    fn disable_fix_extends_a_block_list() {
        let fixed = disable_subject_missing(
            "---\r\nchannel: inmail\r\nsendwell:\r\n  disable:\r\n    - length.long\r\n---\r\nHi?",
        );
        assert!(
            fixed.contains("    - length.long\r\n    - subject.missing\r\n---"),
            "{fixed:?}"
        );
    }
}
