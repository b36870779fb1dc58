//! Repairs for front-matter that YAML misreads. The commonest slips are values written without
//! quotes that YAML gives a meaning to: a colon and a space (`subject: RE: your talk`, the start
//! of another key), a first character it reserves (`subject: [Intro] Sarah <> Tom`, a list), or
//! a missing space (`subject:Hello`, one word). The line is rejected, and the writer loses the
//! subject, the channel checks and every fix that edits a key until it is repaired.
//!
//! Another slip is valid YAML that drops words without a sound: `subject: Question #2` reads as
//! "Question", since YAML takes " #2" for a comment.
//!
//! A repair is offered only when the draft parses after it (or fails later on, at another line)
//! and the key then reads back as exactly what was typed.

use std::ops::Range;

use super::keys::apply;
use super::lines::{line_end, lines_in};
use super::quote::double_quoted;
use crate::engine::draft::{Draft, KNOWN_KEYS};
use crate::engine::finding::Edit;
use crate::engine::frontmatter::{find_block, parse_yaml, NodeKind};

/// At most this many lines are tried for a repair (each try parses the front-matter again).
const MAX_TRIES: usize = 4;

/// Why YAML does not read a value as the text it looks like.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slip {
    /// ": " inside it: YAML reads the start of another key.
    Colon,
    /// It starts with a character YAML gives a meaning to (`[`, `{`, `*`, `&`, `!`, `%`, `|`, `>`,
    /// `@`, `` ` ``).
    Indicator(char),
    /// No space after the key's colon (`subject:Hello`): YAML reads the line as one word.
    NoSpace,
}

/// A top-level `key: value` line that YAML misreads, with the edit that repairs it.
#[derive(Debug, PartialEq)]
pub struct MisreadValue {
    pub key: String,
    /// The value as typed, without the spaces around it.
    pub value: Range<usize>,
    pub slip: Slip,
    /// The value put in double quotes, or the missing space put in.
    pub edits: Vec<Edit>,
}

/// The first top-level line, up to the one YAML stopped at, whose repair makes the front-matter
/// parse (or moves the error past that line); `None` when it parses, or no one line's repair
/// does that.
pub fn misread_value(draft: &Draft) -> Option<MisreadValue> {
    let text = draft.text;
    let err = draft.yaml_error.as_ref()?;
    let yaml = draft.block.yaml.clone();
    let last = err.range.end.max(err.range.start).min(yaml.end);
    let candidates: Vec<_> = lines_in(text, yaml.start..last.max(yaml.start))
        .filter(|line| line.indent(text) == 0)
        .filter_map(|line| key_and_value(text, line.start..line.end))
        .collect();
    // Each try parses the front-matter again: only the lines nearest where YAML stopped are
    // tried, so a hostile block of thousands of such lines costs a few parses, not thousands.
    let nearest = candidates.len().saturating_sub(MAX_TRIES);
    candidates[nearest..]
        .iter()
        .find_map(|&(key, ref value, slip)| {
            let value = value.clone();
            let edit = match slip {
                Slip::NoSpace => Edit {
                    range: value.start..value.start,
                    text: " ".into(),
                },
                Slip::Colon | Slip::Indicator(_) => Edit {
                    range: value.clone(),
                    text: double_quoted(&text[value.clone()]),
                },
            };
            repairs(text, key, &value, &edit, err.range.start).then(|| MisreadValue {
                key: key.to_string(),
                value,
                slip,
                edits: vec![edit],
            })
        })
}

/// The key, the value and the slip of a `key: value` line YAML misreads. Quoted values, block
/// scalars (`|`, `>-`) and values followed by a comment (`# note`, which quotes would swallow)
/// are left alone.
fn key_and_value(text: &str, line: Range<usize>) -> Option<(&str, Range<usize>, Slip)> {
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
    let value = rest.trim_matches([' ', '\t']);
    let start = line.start + colon + 1 + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let range = start..start + value.len();
    if value.is_empty() || value.starts_with(['"', '\'']) || has_comment(value) {
        return None;
    }
    if !rest.starts_with([' ', '\t']) {
        return Some((key, range, Slip::NoSpace));
    }
    let block_scalar = value.len() <= 3
        && value.starts_with(['|', '>'])
        && value[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+' | '1'..='9'));
    let first = value.chars().next()?;
    let slip = if "[]{}*&!%|>@`".contains(first) && !block_scalar {
        Slip::Indicator(first)
    } else if value.contains(": ") || value.contains(":\t") || value.ends_with(':') {
        Slip::Colon
    } else {
        return None;
    };
    Some((key, range, slip))
}

/// Whether `value` holds a YAML comment as its writer meant one: " #" then a space or the end.
/// A "#" stuck to a word ("#2") was meant as part of the value.
fn has_comment(value: &str) -> bool {
    value.match_indices(" #").any(|(i, _)| {
        value[i + 2..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
    })
}

/// Whether `edit` repairs the front-matter: it then parses and `key` reads back as the text
/// typed after its colon, or YAML gets past the line it stopped at (another line is broken too).
fn repairs(text: &str, key: &str, value: &Range<usize>, edit: &Edit, stopped_at: usize) -> bool {
    let after = apply(text, std::slice::from_ref(edit));
    let Some(block) = find_block(&after) else {
        return false;
    };
    let grew = edit.text.len() - edit.range.len();
    match parse_yaml(&after[block.yaml.clone()], block.yaml.start) {
        Ok(Some(root)) => root
            .get(key)
            .and_then(|v| v.as_str())
            .is_some_and(|reads| reads == &text[value.clone()]),
        Err(e) => e.range.start > stopped_at + grew,
        Ok(None) => false,
    }
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

/// Only the first this many keys are read for a cut value: each one found parses the draft
/// again, and a front-matter has a handful of keys Sendwell reads.
const MAX_CUT_KEYS: usize = 16;

/// Every top-level plain value cut short this way, with the quotes that keep all of it (offered
/// only when the key then reads back as the whole text).
pub fn cut_by_comment(draft: &Draft) -> Vec<CutByComment> {
    let text = draft.text;
    let Some(root) = &draft.root else {
        return Vec::new();
    };
    root.entries()
        .iter()
        .take(MAX_CUT_KEYS)
        .filter_map(|(key, value)| {
            let NodeKind::Scalar { plain: true, .. } = value.kind else {
                return None;
            };
            // The user's own keys are theirs to write as they like: Sendwell reads none of them.
            let key = key.as_str().filter(|k| KNOWN_KEYS.contains(k))?;
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
        let r = misread_value(&d)?;
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
            // Broken for another reason: an unclosed quote.
            "---\nchannel: email\nto: \"Sarah\n---\nHi",
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
            // A key of the user's own, which Sendwell never reads.
            "---\nchannel: email\nnotes: follow up #2 next week\n---\nHi",
        ] {
            assert!(
                cut_by_comment(&Draft::parse(text).unwrap()).is_empty(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_block_scalar_indicator_is_yamls_own_and_text_after_one_is_a_slip() {
        let slip = |line: &str| key_and_value(line, 0..line.len()).map(|(_, _, slip)| slip);
        for line in [
            "subject: |",
            "subject: >-",
            "subject: |2",
            "subject: \"RE: hi\"",
        ] {
            assert_eq!(slip(line), None, "{line}");
        }
        assert_eq!(
            slip("subject: > quick question"),
            Some(Slip::Indicator('>'))
        );
        assert_eq!(slip("subject:Hello"), Some(Slip::NoSpace));
        assert_eq!(slip("subject: RE: hi # try B"), None);
        assert_eq!(slip("subject: RE: part 2 #2"), Some(Slip::Colon));
    }
}
