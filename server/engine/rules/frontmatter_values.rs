//! `frontmatter.invalid` for values that would otherwise be dropped without a word: a `send:`
//! date that does not exist, a `day:` that is not an offset (the schedule and the volume caps
//! skip both), a `channel:` that is a list or a mapping (no channel's limits apply), a key
//! given twice (only the first is read), and a value cut short at a "#" that YAML took for a
//! comment (`subject: Question #2`).

use std::collections::HashMap;

use super::{finding, Analysis, Config, Finding};
use crate::engine::date::parse_day;
use crate::engine::date::Date;
use crate::engine::frontmatter::{Node, NodeKind};
use crate::engine::text_edit::repair::{cut_by_comment, CutByComment};

pub fn check(a: &Analysis, _config: &Config, out: &mut Vec<Finding>) {
    let Some(root) = &a.draft.root else { return };
    duplicate_keys(a.text(), root, out);
    if let Some(channel) = root.get("channel") {
        let what = match channel.kind {
            NodeKind::Scalar { .. } => None,
            NodeKind::Seq(_) => Some("a list"),
            NodeKind::Map(_) => Some("a mapping"),
            NodeKind::Alias => Some("an alias"),
        };
        if let Some(what) = what {
            out.push(finding(
                "frontmatter.invalid",
                channel.range.clone(),
                format!("'channel' names one channel, like 'inmail', not {what}."),
            ));
        }
    }
    for cut in cut_by_comment(&a.draft) {
        out.push(cut_by_comment_finding(a.text(), cut));
    }
    let facts = &a.draft.facts;
    if let Some(send) = facts.send.as_ref().filter(|s| !s.value.is_empty()) {
        if let Some(problem) = Date::problem(&send.value) {
            out.push(finding(
                "frontmatter.invalid",
                send.range.clone(),
                format!("{problem}, so this draft is left out of the schedule and the caps."),
            ));
        }
    }
    if let Some(day) = facts.day.as_ref().filter(|d| !d.value.is_empty()) {
        if parse_day(&day.value).is_none() {
            out.push(finding(
                "frontmatter.invalid",
                day.range.clone(),
                format!(
                    "'{}' is not a day offset: write the days after the sequence's first step, \
                     like 4 or 'day 4' (at most 3650).",
                    day.value
                ),
            ));
        }
    }
}

/// A value YAML cut at a "#" stuck to a word: the rest would be dropped without a word.
fn cut_by_comment_finding(text: &str, cut: CutByComment) -> Finding {
    let (key, dropped) = (&cut.key, &text[cut.dropped.clone()]);
    let mut f = finding(
        "frontmatter.invalid",
        cut.dropped.clone(),
        format!(
            "YAML reads “{dropped}” as a comment, so “{key}” is “{}”. Put the whole value in quotes to keep it.",
            cut.reads
        ),
    );
    f.fixes
        .push(super::frontmatter_keys::quote_value_fix(key, cut.edits));
    f
}

/// A top-level key given again: YAML forbids it, and only the first one is read, so the second
/// is reported with the line of the first.
fn duplicate_keys(text: &str, root: &Node, out: &mut Vec<Finding>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (key, _) in root.entries() {
        let Some(name) = key.as_str() else { continue };
        match first.get(name) {
            None => {
                first.insert(name, key.range.start);
            }
            Some(&at) => out.push(finding(
                "frontmatter.invalid",
                key.range.clone(),
                format!(
                    "Duplicate key '{name}': only the first one, on line {}, is read.",
                    line_number(text, at)
                ),
            )),
        }
    }
}

/// The 1-based line of `offset`, counting LF, CRLF and a lone CR as one break each.
fn line_number(text: &str, offset: usize) -> usize {
    let before = &text.as_bytes()[..offset];
    let breaks = before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')))
        .count();
    breaks + 1
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn a_subject_cut_at_a_hashtag_is_reported_and_quoting_keeps_it() {
        let text =
            "---\nchannel: email\nsubject: Quick question #2 for you\n---\nHi Sarah, a question?";
        let f = findings(text, "frontmatter.invalid");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(covered(text, &f[0]), "#2 for you");
        assert!(
            f[0].message.contains("“subject” is “Quick question”"),
            "{}",
            f[0].message
        );
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(
            fixed.contains("subject: \"Quick question #2 for you\"\n"),
            "{fixed}"
        );
        assert!(findings(&fixed, "frontmatter.invalid").is_empty());
        let comment =
            "---\nchannel: email\nsubject: Quick question # try B\n---\nHi Sarah, a question?";
        assert!(findings(comment, "frontmatter.invalid").is_empty());
    }

    #[test]
    fn a_send_date_that_does_not_exist_is_invalid_on_its_value() {
        let text = "---\nchannel: dm\nsend: 2026-02-30\n---\nHi";
        let f = findings(text, "frontmatter.invalid");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(covered(text, &f[0]), "2026-02-30");
        assert!(f[0].message.contains("February 2026 has 28 days"), "{f:?}");
        for bad in [
            "2026-13-01",
            "2026-04-31",
            "next monday",
            "2026-3-2",
            "9999-01-01",
        ] {
            let text = format!("---\nchannel: dm\nsend: {bad}\n---\nHi");
            let f = findings(&text, "frontmatter.invalid");
            assert_eq!(f.len(), 1, "{bad}: {f:?}");
            assert_eq!(covered(&text, &f[0]), bad);
        }
    }

    #[test]
    fn a_day_offset_that_is_not_a_number_of_days_is_invalid() {
        let text = "---\nchannel: dm\nday: soon\n---\nHi";
        let f = findings(text, "frontmatter.invalid");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(covered(text, &f[0]), "soon");
    }

    #[test]
    fn real_dates_and_offsets_are_silent() {
        for front in [
            "send: 2024-02-29",
            "send: '2026-03-02'",
            "day: 4",
            "day: +4",
            "day: day 8",
            "send:",
            "day: ~",
        ] {
            let text = format!("---\r\nchannel: dm\r\n{front}\r\n---\r\nHi");
            assert!(findings(&text, "frontmatter.invalid").is_empty(), "{front}");
        }
    }

    #[test]
    fn a_channel_that_is_a_list_or_a_mapping_is_invalid_and_the_other_rules_still_run() {
        for (text, value) in [
            (
                "---\nchannel: [a, b]\n---\nFREE!!! Click here now",
                "[a, b]",
            ),
            (
                "---\nchannel: {x: 1}\n---\nFREE!!! Click here now",
                "{x: 1}",
            ),
            ("---\nchannel:\n  - dm\n---\nFREE!!! Click here now", "- dm"),
        ] {
            let f = findings(text, "frontmatter.invalid");
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(covered(text, &f[0]).trim_end(), value);
            assert!(f[0].message.contains("one channel"), "{f:?}");
            let all = crate::engine::analyze(text, &crate::engine::config::Config::default())
                .unwrap()
                .findings;
            assert!(all.iter().any(|f| f.rule.starts_with("spam.")), "{all:?}");
        }
    }

    #[test]
    fn a_duplicate_key_is_an_error_on_the_second_naming_the_first_line() {
        let text = "---\nchannel: dm\nto: Sarah\r\nsend: 2026-03-02\rto: Bob\n---\nHi";
        let f = findings(text, "frontmatter.invalid");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].range.start, text.rfind("to").unwrap());
        assert_eq!(covered(text, &f[0]), "to");
        assert!(f[0].message.contains("line 3"), "{f:?}");
        assert_eq!(f[0].severity, crate::engine::finding::Severity::Error);
    }

    #[test]
    fn distinct_keys_and_repeats_inside_nested_maps_are_silent() {
        let text = "---\nchannel: dm\nvars:\n  a: 1\nsendwell:\n  a: 2\n---\nHi";
        assert!(findings(text, "frontmatter.invalid").is_empty());
    }
}
