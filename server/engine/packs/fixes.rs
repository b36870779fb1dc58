//! Replacements the generic rule kinds offer: a phrase (or its sentence) rewritten with a better
//! one, in the case its place needs. Removals are `removal.rs`'s. Pure: text in, edits out.

use std::ops::Range;

use serde::Deserialize;

use super::text::{after_greeting, capitalize, decapitalize, sentence_at, starts_sentence};
use crate::engine::finding::{Edit, Fix};

/// What a replacement replaces.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FixScope {
    /// The matched words only.
    #[default]
    Match,
    /// From the match to the end of its sentence ("just checking in on my last message.").
    RestOfSentence,
    /// The whole sentence around the match.
    Sentence,
}

/// Replaces the scope of `hit` with `replacement`, matching the case the position needs.
pub fn replace(
    text: &str,
    region: &Range<usize>,
    hit: Range<usize>,
    scope: FixScope,
    replacement: &str,
    safe: bool,
) -> Fix {
    let sentence = sentence_at(text, region, hit.clone());
    let range = match scope {
        FixScope::Match => hit.clone(),
        FixScope::RestOfSentence => hit.start..sentence.end.max(hit.end),
        FixScope::Sentence => {
            after_greeting(text, &sentence).min(hit.start)..sentence.end.max(hit.end)
        }
    };
    let at_start = starts_sentence(text, region, range.start);
    let original_lower = text[range.clone()]
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    let new_text = if at_start {
        capitalize(replacement)
    } else if original_lower || scope != FixScope::Match {
        decapitalize(replacement)
    } else {
        replacement.to_string()
    };
    let title = match scope {
        FixScope::Match => format!("Replace with “{}”", new_text.trim()),
        _ => format!("Rewrite as “{}”", new_text.trim()),
    };
    Fix {
        title,
        edits: vec![Edit {
            range,
            text: new_text,
        }],
        new_file: None,
        preferred: false,
        safe,
        kind: crate::engine::finding::FixKind::Rewrite,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::test_support::apply;

    #[test]
    fn replacement_follows_case_and_scope() {
        let text = "Hi Sam, just checking in on my last message. Thanks";
        let at = text.find("just").unwrap();
        let fix = replace(
            text,
            &(0..text.len()),
            at..at + 16,
            FixScope::RestOfSentence,
            "I saw [a relevant report] and thought of you.",
            false,
        );
        assert_eq!(
            apply(text, &fix),
            "Hi Sam, i saw [a relevant report] and thought of you. Thanks".replace(", i ", ", I ")
        );
        let text = "Do you have 15 minutes for a call? Thanks";
        let fix = replace(
            text,
            &(0..text.len()),
            12..22,
            FixScope::Sentence,
            "Open to a quick chat?",
            false,
        );
        assert_eq!(apply(text, &fix), "Open to a quick chat? Thanks");
        let text = "Get a Discount.";
        let fix = replace(
            text,
            &(0..text.len()),
            6..14,
            FixScope::Match,
            "lower price",
            true,
        );
        assert_eq!(apply(text, &fix), "Get a lower price.");
        assert!(fix.safe);
    }
}
