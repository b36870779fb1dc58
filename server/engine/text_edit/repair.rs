//! Repairs for front-matter that does not parse. The commonest cause is a value with a colon
//! and a space in it, written without quotes: `subject: RE: your talk`. YAML reads the second
//! colon as the start of another key and rejects the line, and the writer loses the subject,
//! the channel checks and every fix that edits a key until it is quoted.
//!
//! The other is valid YAML that drops words without a sound: `subject: Question #2` reads as
//! "Question", since YAML takes " #2" for a comment.
//!
//! A repair is offered only when the draft parses after it (or fails later on, at another line)
//! and the key then reads back as exactly what was typed.

use std::ops::Range;

use super::keys::apply;
use super::lines::{line_end, lines_in};
use super::quote::double_quoted;
use crate::engine::draft::Draft;
use crate::engine::finding::Edit;
use crate::engine::frontmatter::{find_block, parse_yaml, NodeKind};

/// A top-level `key: value` line whose unquoted value holds a colon that YAML takes for a key.
#[derive(Debug, PartialEq)]
pub struct ColonInValue {
    pub key: String,
    /// The value as typed, without the spaces around it.
    pub value: Range<usize>,
    /// The value put in double quotes.
    pub edits: Vec<Edit>,
}

/// The first line, up to the one YAML stopped at, whose value needs quotes; `None` when the
/// front-matter parses, no such line is there, or quoting it does not repair the line.
pub fn colon_in_value(draft: &Draft) -> Option<ColonInValue> {
    let text = draft.text;
    let err = draft.yaml_error.as_ref()?;
    let yaml = draft.block.yaml.clone();
    let last = err.range.end.max(err.range.start).min(yaml.end);
    lines_in(text, yaml.start..last.max(yaml.start))
        .filter(|line| line.indent(text) == 0)
        .find_map(|line| {
            let (key, value) = key_and_value(text, line.start..line.end)?;
            quote_if_it_repairs(text, key, value, line.start)
        })
}

/// The key and the value range of `key: value` on a line, when the value is plain (no quotes,
/// no flow or block indicator) and holds ": " or ends with ":".
fn key_and_value(text: &str, line: Range<usize>) -> Option<(&str, Range<usize>)> {
    let s = &text[line.clone()];
    let colon = s.find(':')?;
    let key = &s[..colon];
    if key.is_empty()
        || !key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let rest = &s[colon + 1..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let value = rest.trim_matches([' ', '\t']);
    let starts_plain = !value.starts_with(|c: char| "\"'[]{}|>&*!%@`#".contains(c));
    let takes_a_key = value.contains(": ") || value.contains(":\t") || value.ends_with(':');
    // A comment after the value is the writer's own; it would end up inside the quotes.
    if value.is_empty() || !starts_plain || !takes_a_key || value.contains(" #") {
        return None;
    }
    let start = line.start + colon + 1 + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    Some((key, start..start + value.len()))
}

fn quote_if_it_repairs(
    text: &str,
    key: &str,
    value: Range<usize>,
    line_start: usize,
) -> Option<ColonInValue> {
    let typed = &text[value.clone()];
    let edits = vec![Edit {
        range: value.clone(),
        text: double_quoted(typed),
    }];
    let after = apply(text, &edits);
    let block = find_block(&after)?;
    match parse_yaml(&after[block.yaml.clone()], block.yaml.start) {
        Ok(Some(root)) => {
            let reads = root.get(key)?.as_str()?;
            (reads == typed).then_some(())?;
        }
        // Another line is broken too: this one is repaired when YAML gets past it.
        Err(e) if e.range.start > line_start + (edits[0].text.len() - typed.len()) => {}
        _ => return None,
    }
    Some(ColonInValue {
        key: key.to_string(),
        value,
        edits,
    })
}

/// A plain value cut short by what YAML reads as a comment: `subject: Quick question #2` is read
/// as "Quick question". A comment is written `# note`, after a space; a `#` with a word stuck
/// to it ("#2", "#hiring") was meant as part of the value.
#[derive(Debug, PartialEq)]
pub struct CutByComment {
    pub key: String,
    /// What YAML reads.
    pub reads: String,
    /// The part it drops, from the `#` to the end of the line (without trailing spaces).
    pub dropped: Range<usize>,
    /// The whole line's value put in double quotes.
    pub edits: Vec<Edit>,
}

/// Every top-level plain value cut short this way, with the quotes that keep all of it (offered
/// only when the key then reads back as the whole text).
pub fn cut_by_comment(draft: &Draft) -> Vec<CutByComment> {
    let text = draft.text;
    let Some(root) = &draft.root else {
        return Vec::new();
    };
    root.entries()
        .iter()
        .filter_map(|(key, value)| {
            let NodeKind::Scalar { plain: true, .. } = value.kind else {
                return None;
            };
            let key = key.as_str()?;
            let reads = value.as_str()?;
            let end = line_end(text, value.range.end);
            let after = &text[value.range.end..end];
            let hash =
                value.range.end + (after.len() - after.trim_start_matches([' ', '\t']).len());
            let rest = text[hash..end].trim_end_matches([' ', '\t']);
            let stuck = rest
                .strip_prefix('#')?
                .starts_with(|c: char| !c.is_whitespace());
            if !stuck || hash == value.range.end {
                return None;
            }
            let whole = value.range.start..hash + rest.len();
            let typed = &text[whole.clone()];
            let edits = vec![Edit {
                range: whole,
                text: double_quoted(typed),
            }];
            let after = apply(text, &edits);
            let fixed = Draft::parse(&after)?;
            (fixed.root?.get(key)?.as_str()? == typed).then_some(())?;
            Some(CutByComment {
                key: key.to_string(),
                reads: reads.to_string(),
                dropped: hash..hash + rest.len(),
                edits,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(text: &str) -> Option<(String, String)> {
        let d = Draft::parse(text)?;
        let r = colon_in_value(&d)?;
        Some((r.key, apply(text, &r.edits)))
    }

    #[test]
    fn a_value_with_a_colon_is_quoted_and_reads_back_as_typed() {
        let (key, fixed) = repair("---\nchannel: email\nsubject: RE: your talk\n---\nHi").unwrap();
        assert_eq!(key, "subject");
        assert_eq!(
            fixed,
            "---\nchannel: email\nsubject: \"RE: your talk\"\n---\nHi"
        );
        let d = Draft::parse(&fixed).unwrap();
        assert!(d.yaml_error.is_none());
        assert_eq!(d.facts.subject.unwrap().value, "RE: your talk");
    }

    #[test]
    fn quotes_and_backslashes_inside_are_escaped_and_crlf_is_kept() {
        let text = "---\r\nchannel: email\r\nsubject: Q3: the \"big\" C:\\ plan  \r\n---\r\nHi";
        let (_, fixed) = repair(text).unwrap();
        assert_eq!(
            fixed,
            "---\r\nchannel: email\r\nsubject: \"Q3: the \\\"big\\\" C:\\\\ plan\"  \r\n---\r\nHi"
        );
        let d = Draft::parse(&fixed).unwrap();
        assert_eq!(d.facts.subject.unwrap().value, "Q3: the \"big\" C:\\ plan");
    }

    #[test]
    fn only_plain_values_that_break_are_touched() {
        for text in [
            // Parses: nothing to repair.
            "---\nchannel: email\nsubject: \"RE: your talk\"\n---\nHi",
            "---\nchannel: email\nsubject: Ratio 3:1\n---\nHi",
            // Broken for another reason.
            "---\nchannel: email\nto: [Sarah\n---\nHi",
            // A comment after the value would be swallowed by the quotes.
            "---\nchannel: email\nsubject: a: b # note\n---\nHi",
        ] {
            assert_eq!(repair(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_first_broken_line_is_repaired_when_yaml_gets_past_it() {
        let text = "---\nchannel: email\nsubject: RE: hi\nto: Dr: Who\n---\nHi";
        let (key, fixed) = repair(text).unwrap();
        assert_eq!(key, "subject");
        let (key, fixed) = repair(&fixed).unwrap();
        assert_eq!(key, "to");
        assert!(Draft::parse(&fixed).unwrap().yaml_error.is_none());
    }

    #[test]
    fn a_hash_stuck_to_a_word_is_kept_in_quotes_and_a_real_comment_is_left_alone() {
        let text = "---\nchannel: email\nsubject: Quick question #2 for you  \nto: Sarah # the CTO\n---\nHi";
        let d = Draft::parse(text).unwrap();
        let cut = cut_by_comment(&d);
        assert_eq!(cut.len(), 1, "{cut:?}");
        assert_eq!(cut[0].key, "subject");
        assert_eq!(cut[0].reads, "Quick question");
        assert_eq!(&text[cut[0].dropped.clone()], "#2 for you");
        let fixed = apply(text, &cut[0].edits);
        assert_eq!(
            fixed,
            "---\nchannel: email\nsubject: \"Quick question #2 for you\"  \nto: Sarah # the CTO\n---\nHi"
        );
        let d = Draft::parse(&fixed).unwrap();
        assert_eq!(
            d.facts.subject.as_ref().unwrap().value,
            "Quick question #2 for you"
        );
        assert!(cut_by_comment(&d).is_empty());
        // Quoted values, a "#" inside a word, and a comment line are not cut.
        for text in [
            "---\nchannel: email\nsubject: \"Question #2\"\n---\nHi",
            "---\nchannel: email\nsubject: C#2 question\n---\nHi",
            "---\nchannel: email\n#draft-2\nsubject: Question\n---\nHi",
        ] {
            assert!(
                cut_by_comment(&Draft::parse(text).unwrap()).is_empty(),
                "{text:?}"
            );
        }
    }
}
