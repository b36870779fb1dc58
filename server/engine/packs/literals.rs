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
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};
use regex_syntax::ParserBuilder;

/// Non-ASCII characters that case-fold to an ASCII letter: the Kelvin sign (k) and the long s.
pub const ODD_FOLDS: [char; 2] = ['\u{212A}', '\u{17F}'];

/// Where a rule's matches can start, for the gate.
#[derive(Debug, Clone, PartialEq)]
pub struct Prefixes {
    /// Every match that holds none of the `wide` characters starts with one of these.
    pub strings: Vec<String>,
    /// Non-ASCII characters (sorted, disjoint ranges, with their case folds) that the regex's
    /// classes were narrowed to ASCII without: a text that has one may match anywhere. Empty
    /// when the prefixes hold for every match.
    pub wide: Vec<(char, char)>,
}

/// Where the matches of `source` can start (as parsed case-sensitively), or `None` when a match
/// may start anywhere (a prefix is empty or the set is unbounded).
///
/// A regex whose prefixes run through a large class (`\d` is 680 characters, `\s` 25) has no
/// finite set of them; its classes are then narrowed to their ASCII characters ([`narrowed`]) and
/// the prefixes are those of what is left, which hold for every match without a wide character.
pub fn prefixes(source: &str) -> Option<Prefixes> {
    let hir = ParserBuilder::new()
        .case_insensitive(false)
        .utf8(true)
        .build()
        .parse(source)
        .ok()?;
    if let Some(strings) = literal_prefixes(&hir) {
        return Some(Prefixes {
            strings,
            wide: Vec::new(),
        });
    }
    let mut wide = ClassUnicode::empty();
    let ascii = narrowed(&hir, &mut wide);
    let strings = literal_prefixes(&ascii)?;
    // Under `(?i)` a wide character's other cases match too. One that folds to ASCII would
    // be looked for among ASCII text: give up on those (none of the built-in rules has one).
    wide.case_fold_simple();
    if wide.ranges().first().is_some_and(|r| r.start().is_ascii()) {
        return None;
    }
    Some(Prefixes {
        strings,
        wide: wide.iter().map(|r| (r.start(), r.end())).collect(),
    })
}

/// Where a match of any of `sources` (the alternatives of one regex) can start: the union of
/// each one's [`prefixes`], or `None` when one of them may start anywhere (or there are none).
/// Taken one alternative at a time because the extractor gives up on a long alternation (past
/// a few hundred literals in all) that it would bound alternative by alternative.
pub fn prefixes_of_any<'a>(sources: impl IntoIterator<Item = &'a str>) -> Option<Prefixes> {
    let mut strings = Vec::new();
    let mut wide = ClassUnicode::empty();
    for source in sources {
        let p = prefixes(source)?;
        strings.extend(p.strings);
        wide.union(&ClassUnicode::new(
            p.wide.iter().map(|&(a, b)| ClassUnicodeRange::new(a, b)),
        ));
    }
    if strings.is_empty() {
        return None;
    }
    strings.sort();
    strings.dedup();
    Some(Prefixes {
        strings,
        wide: wide.iter().map(|r| (r.start(), r.end())).collect(),
    })
}

/// `hir` with each Unicode class cut to its ASCII characters; the characters cut go to `wide`.
/// A match of `hir` in which no class matched a wide character is a match of the result.
fn narrowed(hir: &Hir, wide: &mut ClassUnicode) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let ascii = ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7F')]);
            let mut cut = class.clone();
            cut.difference(&ascii);
            wide.union(&cut);
            let mut kept = class.clone();
            kept.intersect(&ascii);
            Hir::class(Class::Unicode(kept))
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(narrowed(&rep.sub, wide)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(narrowed(&cap.sub, wide)),
            ..cap.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|h| narrowed(h, wide)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|h| narrowed(h, wide)).collect())
        }
        _ => hir.clone(),
    }
}

/// The literal prefixes of `hir`, or `None` when there is no finite, non-empty set of them.
fn literal_prefixes(hir: &Hir) -> Option<Vec<String>> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
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

    fn strings(source: &str) -> Option<Vec<String>> {
        prefixes(source).map(|p| {
            assert!(p.wide.is_empty(), "{source}");
            p.strings
        })
    }

    #[test]
    fn prefixes_of_phrases_and_patterns() {
        assert_eq!(
            strings(r"(?-u:\b)(?:just )?checking in(?-u:\b)").unwrap(),
            vec!["checking in", "just checking in"]
        );
        assert_eq!(strings(r"[😍😘]").unwrap(), vec!["😍", "😘"]);
        // May start anywhere: no prefixes.
        assert_eq!(prefixes(r"\w+ing"), None);
        assert_eq!(prefixes(r"a?"), None);
        assert_eq!(prefixes(r"(unclosed"), None);
        assert_eq!(strings(r"[é]").unwrap(), vec!["é"]);
    }

    #[test]
    fn wide_classes_are_narrowed_to_ascii_and_named() {
        // A digit may be any of Unicode's 680: the ASCII ones are prefixes, the others wide.
        let p = prefixes(r"\b(?:\d+|ten) min").unwrap();
        let digits: Vec<String> = (0..10).map(|d| d.to_string()).collect();
        assert_eq!(p.strings, [digits, vec!["ten min".into()]].concat());
        let wide = |c: char| p.wide.iter().any(|&(a, b)| a <= c && c <= b);
        assert!(wide('٣') && wide('９') && !wide('3') && !wide('é'));
        assert!(p.wide.windows(2).all(|w| w[0].1 < w[1].0));
        // A class with no ASCII character leaves its branch to the wide characters.
        let p = prefixes(r"(?:[٠-٩]|\s)+x|yes").unwrap();
        assert_eq!(
            p.strings,
            vec!["\t", "\n", "\u{b}", "\u{c}", "\r", " ", "yes"]
        );
        assert!(p.wide.iter().any(|&(a, b)| a <= '\u{A0}' && '\u{A0}' <= b));
        // Other cases of wide characters are wide too; one that folds to ASCII gives up.
        let p = prefixes(r"[\dǅ]x").unwrap();
        assert!(p.wide.iter().any(|&(a, b)| a <= 'Ǆ' && 'Ǆ' <= b));
        assert_eq!(prefixes(r"[\d\x{212A}]+"), None);
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
