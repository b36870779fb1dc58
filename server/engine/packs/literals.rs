//! What every match of a rule's regex starts with, so a search can skip to where one may begin.
//!
//! The prefixes come from the regex parsed case-sensitively; a case-insensitive rule then
//! matches any spelling of them under Unicode simple case folding (the folding `(?i)` uses).
//! The rule set's gate looks for them in one Aho-Corasick pass that compares ASCII letters
//! without case, so for it a prefix is cut at the first non-ASCII character that has other
//! cases ([`gate_form`]), and the two non-ASCII characters that fold to ASCII letters (K, ſ)
//! are looked for on their own ([`ODD_FOLDS`]). A match is never missed: a prefix is a
//! necessary start, never a sufficient one.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
use regex_syntax::ParserBuilder;

/// Non-ASCII characters that case-fold to an ASCII letter: the Kelvin sign (k) and the long s.
pub const ODD_FOLDS: [char; 2] = ['\u{212A}', '\u{17F}'];

/// The strings every match of `source` starts with (as parsed case-sensitively), or `None` when
/// a match may start anywhere (a prefix is empty or the set is unbounded).
pub fn prefixes(source: &str) -> Option<Vec<String>> {
    let hir = ParserBuilder::new()
        .case_insensitive(false)
        .utf8(true)
        .build()
        .parse(source)
        .ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let mut out = Vec::new();
    for lit in seq.literals()? {
        let bytes = lit.as_bytes();
        // The extractor may cut a long literal inside a character.
        let valid = match std::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        };
        if valid.is_empty() {
            return None;
        }
        out.push(valid.to_string());
    }
    if out.is_empty() {
        // A regex that matches nothing: let the rule search, and find nothing, as it would.
        return None;
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The characters `c` matches under `(?i)`: `c` and its simple case folds.
fn folds(c: char) -> Vec<char> {
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class
        .iter()
        .flat_map(|r| r.start()..=r.end())
        .collect::<Vec<char>>()
}

/// Gate needles are at most this long: longer ones are hardly rarer, and many long needles
/// make the searcher's automaton large (and slow to walk).
const GATE_LEN: usize = 8;

/// `prefix` as the gate compares it (ASCII letters without case): cut before the first
/// character an ASCII-only comparison would get wrong, and to [`GATE_LEN`] bytes. A prefix that ends in the space after its
/// first word ("act " of "act now", and "act\t", "act\n"… as the phrase allows any) is cut to
/// the word when that is two letters or more: one needle instead of seven, and hardly less rare.
/// Empty when nothing is left.
pub fn gate_form(prefix: &str, case_sensitive: bool) -> &str {
    let cut = prefix
        .char_indices()
        .find(|&(i, c)| {
            i + c.len_utf8() > GATE_LEN || (!case_sensitive && !c.is_ascii() && folds(c).len() > 1)
        })
        .map_or(prefix.len(), |(i, _)| i);
    let form = &prefix[..cut];
    match form.char_indices().last() {
        Some((i, c)) if c.is_whitespace() && form[..i].chars().count() >= 2 => &form[..i],
        _ => form,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_of_phrases_and_patterns() {
        assert_eq!(
            prefixes(r"(?-u:\b)(?:just )?checking in(?-u:\b)").unwrap(),
            vec!["checking in", "just checking in"]
        );
        assert_eq!(prefixes(r"[😍😘]").unwrap(), vec!["😍", "😘"]);
        // A digit may be any of Unicode's 680: too many to look for, so anywhere.
        assert_eq!(prefixes(r"\b\d+ min"), None);
        // May start anywhere: no prefixes.
        assert_eq!(prefixes(r"\w+ing"), None);
        assert_eq!(prefixes(r"a?"), None);
        assert_eq!(prefixes(r"(unclosed"), None);
    }

    #[test]
    fn the_gate_cuts_before_letters_with_other_cases() {
        assert_eq!(gate_form("café crème", false), "caf");
        assert_eq!(gate_form("café", true), "café");
        assert_eq!(gate_form("don’t 😍", false), "don’t");
        assert_eq!(gate_form("don’t😍", false), "don’t");
        assert_eq!(gate_form("d’😍", false), "d’😍");
        assert_eq!(gate_form("are\u{A0}", false), "are");
        assert_eq!(gate_form("i ", false), "i ");
        assert_eq!(gate_form("the pricing", false), "the pric");
        assert_eq!(gate_form("open to a", false), "open to");
        assert_eq!(gate_form("ab😍", false), "ab😍");
        assert_eq!(gate_form("abcde😍", false), "abcde");
    }
}
