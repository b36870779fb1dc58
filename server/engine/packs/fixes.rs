//! Fixes the generic rule kinds offer: replace a phrase (or its sentence) with a better one, or
//! remove it and tidy the spaces and punctuation it leaves behind. Pure: text in, edits out.

use std::ops::Range;

use serde::Deserialize;

use super::text::{capitalize, decapitalize, sentence_at, starts_sentence};
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
        FixScope::Sentence => sentence.start.min(hit.start)..sentence.end.max(hit.end),
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

/// Removes `hit` and the separator it leaves dangling, so "a FREE, quick audit" becomes
/// "a quick audit" and "Sorry to bother you, I loved your post" becomes "I loved your post".
pub fn remove(text: &str, region: &Range<usize>, hit: Range<usize>, safe: bool) -> Fix {
    let bytes = text.as_bytes();
    let (mut start, mut end) = (hit.start, hit.end);
    let spaces_after = |mut i: usize| {
        while i < region.end && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        i
    };
    let spaces_before = |mut i: usize| {
        while i > region.start && matches!(bytes[i - 1], b' ' | b'\t') {
            i -= 1;
        }
        i
    };
    let at_start = starts_sentence(text, region, start);
    let next = text[end..region.end].chars().next();
    if matches!(next, Some(',' | ';' | ':')) {
        // "hedge, rest" → "rest".
        end = spaces_after(end + 1);
    } else if !at_start && next.is_none_or(|c| matches!(c, '.' | '!' | '?' | '\r' | '\n')) {
        // "rest, hedge." → "rest."
        let before = spaces_before(start);
        if before > region.start && matches!(bytes[before - 1], b',' | b';') {
            start = before - 1;
        } else {
            start = before;
        }
    } else if next.is_some_and(|c| c == ' ' || c == '\t') {
        end = spaces_after(end);
    }
    let mut replacement = String::new();
    if at_start {
        if let Some(c) = text[end..region.end].chars().next() {
            if c.is_lowercase() {
                replacement = capitalize(c.encode_utf8(&mut [0; 4]));
                end += c.len_utf8();
            }
        }
    }
    // Removing everything up to the sentence end leaves the sentence's punctuation alone:
    // "Hi Sam, act now." → "Hi Sam." is fine; "act now." alone becomes ".", so take the dot too.
    if at_start && replacement.is_empty() {
        let rest = &text[end..region.end];
        if rest.starts_with(['.', '!', '?']) {
            end += 1;
            end = spaces_after(end);
        }
    }
    Fix {
        title: format!("Remove “{}”", &text[hit]),
        edits: vec![Edit {
            range: start..end,
            text: replacement,
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

    fn removed(text: &str, word: &str) -> String {
        let at = text.find(word).unwrap();
        apply(
            text,
            &remove(text, &(0..text.len()), at..at + word.len(), false),
        )
    }

    #[test]
    fn removal_tidies_spaces_and_punctuation() {
        assert_eq!(
            removed("Get a FREE audit today.", "FREE"),
            "Get a audit today."
        );
        assert_eq!(
            removed(
                "Sorry to bother you, I loved your post.",
                "Sorry to bother you"
            ),
            "I loved your post."
        );
        assert_eq!(
            removed(
                "I loved it, sorry to bother you. Thanks",
                "sorry to bother you"
            ),
            "I loved it. Thanks"
        );
        assert_eq!(
            removed("Hi Sam. just checking in. Any news?", "just checking in"),
            "Hi Sam. Any news?"
        );
        assert_eq!(
            removed(
                "I just wanted to say your post was great.",
                "I just wanted to say"
            ),
            "Your post was great."
        );
    }

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
