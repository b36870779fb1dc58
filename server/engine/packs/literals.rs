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
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Literal, Repetition,
};
use regex_syntax::ParserBuilder;
use std::ops::Range;

/// Non-ASCII characters that case-fold to an ASCII letter: the Kelvin sign (k) and the long s.
pub const ODD_FOLDS: [char; 2] = ['\u{212A}', '\u{17F}'];

/// Where a rule's matches can start, for the gate.
#[derive(Debug, Clone, PartialEq)]
pub struct Prefixes {
    /// Every match that holds none of the `wide` characters starts with one of these, or with
    /// one of a [`Guarded`] group's.
    pub strings: Vec<String>,
    /// Prefixes too common to open a rule on their own ("our ", "i "), each group with words
    /// one of which its matches must hold ("platform", "product").
    pub guarded: Vec<Guarded>,
    /// Non-ASCII characters (sorted, disjoint ranges, with their case folds) that the regex's
    /// classes were narrowed to ASCII without: a text that has one may match anywhere. Empty
    /// when the prefixes hold for every match.
    pub wide: Vec<(char, char)>,
}

/// Where the matches of one regex `source` can start: [`prefixes_of`] it, for tests (the
/// lexicons take each alternative with [`prefixes_of_any`]).
#[cfg(test)]
pub fn prefixes(source: &str) -> Option<Prefixes> {
    let (hir, wide) = as_the_gate_reads(source)?;
    prefixes_of(&hir, wide)
}

/// `source` parsed case-sensitively, with its runs of spaces made one ([`spaces_collapsed`]),
/// and the non-ASCII characters that collapsing left out.
fn as_the_gate_reads(source: &str) -> Option<(Hir, ClassUnicode)> {
    let hir = ParserBuilder::new()
        .case_insensitive(false)
        .utf8(true)
        .build()
        .parse(source)
        .ok()?;
    let mut wide = ClassUnicode::empty();
    let hir = spaces_collapsed(&hir, &mut wide);
    Some((hir, wide))
}

/// Where the matches of `hir` (a regex [`as_the_gate_reads`] it) can start, or `None` when a
/// match may start anywhere (a prefix is empty or the set is unbounded).
///
/// A regex whose prefixes run through a large class (`\d` is 680 characters, `\s` 25) has no
/// finite set of them; its classes are then narrowed to their ASCII characters ([`narrowed`]) and
/// the prefixes are those of what is left, which hold for every match without a wide character.
fn prefixes_of(hir: &Hir, mut wide: ClassUnicode) -> Option<Prefixes> {
    if let Some(strings) = literal_prefixes(hir) {
        return Some(with_wide(strings, wide));
    }
    let ascii = narrowed(hir, &mut wide);
    let strings = literal_prefixes(&ascii)?;
    // Under `(?i)` a wide character's other cases match too. One that folds to ASCII would
    // be looked for among ASCII text: give up on those (none of the built-in rules has one).
    wide.case_fold_simple();
    if wide.ranges().first().is_some_and(|r| r.start().is_ascii()) {
        return None;
    }
    Some(with_wide(strings, wide))
}

fn with_wide(strings: Vec<String>, wide: ClassUnicode) -> Prefixes {
    Prefixes {
        strings,
        guarded: Vec::new(),
        wide: wide.iter().map(|r| (r.start(), r.end())).collect(),
    }
}

/// Prefixes that may start a match only where the text holds one of `needs`.
#[derive(Debug, Clone, PartialEq)]
pub struct Guarded {
    pub strings: Vec<String>,
    /// Every match (without a wide character) ends with one of these.
    pub needs: Vec<String>,
}

/// A gate needle shorter than this is a common word ("the ", "i ", "our "): it opens its rule
/// in nearly every draft, so it is kept for alternatives with nothing better to go by.
const WEAK_LEN: usize = 5;

/// What every match of `hir` (read [`as_the_gate_reads`]) ends with, when each of these makes
/// a strong gate needle (a rare word, not a common one): a match's start is worth trying only
/// where one is in the text. `None` when the suffixes are unbounded or any is weak.
fn strong_suffixes(hir: &Hir) -> Option<Vec<String>> {
    let seq = Extractor::new().kind(ExtractKind::Suffix).extract(hir);
    let mut needs = Vec::new();
    for lit in seq.literals()? {
        let needle = std::str::from_utf8(lit.as_bytes()).ok()?;
        if gate_form(needle, false).len() < WEAK_LEN {
            return None;
        }
        needs.push(needle.to_string());
    }
    (!needs.is_empty()).then_some(needs)
}

/// The gate reads each run of ASCII space characters (tabs, line breaks, spaces) as one space
/// ([`SpaceFolded`]): `hir` with each part that matches only such runs made one space (or an
/// optional one, if it may match nothing), and the non-ASCII characters of their classes (the
/// other spaces of `\s`) added to `wide`. Without this, a phrase's word gap (a space, or a line
/// break between spaces) gives each prefix eight spellings, and the extractor, out of room,
/// stops after the first word: "i " for "i just wanted to".
fn spaces_collapsed(hir: &Hir, wide: &mut ClassUnicode) -> Hir {
    let space = || Hir::literal(*b" ");
    if *hir.kind() != HirKind::Empty {
        if let Some(may_be_empty) = spaces_only(hir) {
            add_wide(hir, wide);
            if !may_be_empty {
                return space();
            }
            return Hir::repetition(Repetition {
                min: 0,
                max: Some(1),
                greedy: true,
                sub: Box::new(space()),
            });
        }
    }
    with_children(hir, |h| spaces_collapsed(h, wide))
}

/// `hir` rebuilt with `f` applied to each of its children; a leaf as it is.
fn with_children(hir: &Hir, mut f: impl FnMut(&Hir) -> Hir) -> Hir {
    match hir.kind() {
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(f(&rep.sub)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(f(&cap.sub)),
            ..cap.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(f).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(f).collect()),
        _ => hir.clone(),
    }
}

/// `Some(may_be_empty)` when every string `hir` matches is ASCII spaces, as far as the gate
/// reads: classes by their ASCII characters.
fn spaces_only(hir: &Hir) -> Option<bool> {
    match hir.kind() {
        HirKind::Empty => Some(true),
        HirKind::Literal(Literal(bytes)) => {
            bytes.iter().all(|&b| is_gate_space(b)).then_some(false)
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut ascii = class.clone();
            ascii.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7F')]));
            let spaces = ascii.iter().next().is_some()
                && ascii
                    .iter()
                    .all(|r| (r.start()..=r.end()).all(|c| is_gate_space(c as u8)));
            spaces.then_some(false)
        }
        HirKind::Repetition(rep) => spaces_only(&rep.sub).map(|e| e || rep.min == 0),
        HirKind::Capture(cap) => spaces_only(&cap.sub),
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(true, |all, h| spaces_only(h).map(|e| all && e)),
        HirKind::Alternation(subs) => subs
            .iter()
            .try_fold(false, |any, h| spaces_only(h).map(|e| any || e)),
        _ => None,
    }
}

/// Adds the non-ASCII characters of `hir`'s classes to `wide`.
fn add_wide(hir: &Hir, wide: &mut ClassUnicode) {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut cut = class.clone();
            cut.difference(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7F')]));
            wide.union(&cut);
        }
        HirKind::Repetition(rep) => add_wide(&rep.sub, wide),
        HirKind::Capture(cap) => add_wide(&cap.sub, wide),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().for_each(|h| add_wide(h, wide))
        }
        _ => {}
    }
}

/// Whether the gate reads `b` as a space: one of the ASCII spaces `\s` matches.
pub fn is_gate_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0B
}

/// What the gate searches: `text` with each run of ASCII space characters (tabs, line breaks,
/// spaces) one space.
pub struct SpaceFolded {
    pub bytes: Vec<u8>,
    /// Where bytes were dropped: (index in `bytes` of the first byte after the run, how many
    /// were dropped up to there), in order. Most prose drops none or a few.
    dropped: Vec<(usize, usize)>,
    /// The text's length.
    len: usize,
}

impl SpaceFolded {
    pub fn new(text: &str) -> SpaceFolded {
        let source = text.as_bytes();
        // A copy, then changed in place: most bytes are not spaces and stay where they are.
        let mut bytes = source.to_vec();
        let mut dropped: Vec<(usize, usize)> = Vec::new();
        let mut w = 0;
        for r in 0..source.len() {
            let b = source[r];
            if b > b' ' || !is_gate_space(b) {
                bytes[w] = b;
            } else if r == 0 || !is_gate_space(source[r - 1]) {
                bytes[w] = b' ';
            } else {
                match dropped.last_mut() {
                    Some((at, n)) if *at == w => *n += 1,
                    _ => {
                        let n = dropped.last().map_or(0, |&(_, n)| n);
                        dropped.push((w, n + 1));
                    }
                }
                continue;
            }
            w += 1;
        }
        bytes.truncate(w);
        SpaceFolded {
            bytes,
            dropped,
            len: source.len(),
        }
    }

    /// Where the folded byte at `i` is in the text.
    fn source_of(&self, i: usize) -> usize {
        let k = self.dropped.partition_point(|&(at, _)| at <= i);
        i + k.checked_sub(1).map_or(0, |k| self.dropped[k].1)
    }

    /// The places in the text a match found at folded byte `i` may start: the whole run of
    /// spaces there if it is one.
    pub fn places(&self, i: usize) -> Range<usize> {
        let start = self.source_of(i);
        if self.bytes[i] != b' ' {
            return start..start + 1;
        }
        // A run of spaces ends where the next folded byte is, or with the text.
        let end = if i + 1 < self.bytes.len() {
            self.source_of(i + 1)
        } else {
            self.len
        };
        start..end
    }
}

/// Where a match of any of `sources` (the alternatives of one regex) can start: the union of
/// each one's [`prefixes_of`], or `None` when one of them may start anywhere (or there are none).
/// Taken one alternative at a time because the extractor gives up on a long alternation (past
/// a few hundred literals in all) that it would bound alternative by alternative.
pub fn prefixes_of_any<'a>(sources: impl IntoIterator<Item = &'a str>) -> Option<Prefixes> {
    let mut strings = Vec::new();
    let mut guarded = Vec::new();
    let mut wide = ClassUnicode::empty();
    for source in sources {
        let (hir, source_wide) = as_the_gate_reads(source)?;
        let p = prefixes_of(&hir, source_wide)?;
        wide.union(&ClassUnicode::new(
            p.wide.iter().map(|&(a, b)| ClassUnicodeRange::new(a, b)),
        ));
        let weak = p
            .strings
            .iter()
            .any(|s| gate_form(s, false).len() < WEAK_LEN);
        match weak.then(|| strong_suffixes(&hir)).flatten() {
            Some(needs) => guarded.push(Guarded {
                strings: p.strings,
                needs,
            }),
            None => strings.extend(p.strings),
        }
    }
    if strings.is_empty() && guarded.is_empty() {
        return None;
    }
    strings.sort();
    strings.dedup();
    Some(Prefixes {
        strings,
        guarded,
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
        _ => with_children(hir, |h| narrowed(h, wide)),
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

/// `prefix` as the gate compares it (ASCII letters without case, a run of ASCII spaces one space):
/// cut before the first character an ASCII-only comparison would get wrong, and to
/// [`GATE_LEN`] bytes. Empty when nothing is left.
pub fn gate_form(prefix: &str, case_sensitive: bool) -> String {
    let cut = prefix
        .char_indices()
        .find(|&(i, c)| {
            i + c.len_utf8() > GATE_LEN || (!case_sensitive && !c.is_ascii() && folds(c).len() > 1)
        })
        .map_or(prefix.len(), |(i, _)| i);
    let mut form = String::with_capacity(cut);
    for c in prefix[..cut].chars() {
        if c.is_ascii() && is_gate_space(c as u8) {
            if !form.ends_with(' ') {
                form.push(' ');
            }
        } else {
            form.push(c);
        }
    }
    form
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
        // A run of ASCII spaces is one space to the gate.
        assert_eq!(p.strings, vec![" x", "yes"]);
        assert!(p.wide.iter().any(|&(a, b)| a <= '\u{A0}' && '\u{A0}' <= b));
        // Other cases of wide characters are wide too; one that folds to ASCII gives up.
        let p = prefixes(r"[\dǅ]x").unwrap();
        assert!(p.wide.iter().any(|&(a, b)| a <= 'Ǆ' && 'Ǆ' <= b));
        assert_eq!(prefixes(r"[\d\x{212A}]+"), None);
    }

    #[test]
    fn folded_spaces_map_back_to_their_runs() {
        let text = "a \t b\n\nc  ";
        let f = SpaceFolded::new(text);
        assert_eq!(f.bytes, b"a b c ");
        let places: Vec<_> = (0..f.bytes.len()).map(|i| f.places(i)).collect();
        assert_eq!(places, vec![0..1, 1..4, 4..5, 5..7, 7..8, 8..10]);
        let f = SpaceFolded::new("\n\nx");
        assert_eq!(
            (f.bytes.as_slice(), f.places(0), f.places(1)),
            (&b" x"[..], 0..2, 2..3)
        );
    }

    #[test]
    fn common_words_are_guarded_by_what_a_match_must_end_with() {
        let p = prefixes_of_any([
            r"\bour (?:[\w-]+ ){0,3}(?:product|platform)s?\b",
            r"\bact\s+now\b",
            r"\bthe (?:\w+ )?(?:a|b)\b",
        ])
        .unwrap();
        // "the " has no strong word to go by: it opens the rule on its own.
        assert_eq!(p.strings, vec!["act now", "the "]);
        assert_eq!(p.guarded.len(), 1);
        assert_eq!(p.guarded[0].strings, vec!["our "]);
        let mut needs = p.guarded[0].needs.clone();
        needs.sort();
        assert_eq!(
            needs,
            [" platform", " platforms", " product", " products"]
                .iter()
                .chain(&[
                    "our platform",
                    "our platforms",
                    "our product",
                    "our products"
                ])
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_gate_cuts_before_letters_with_other_cases() {
        assert_eq!(gate_form("café crème", false), "caf");
        assert_eq!(gate_form("café", true), "café");
        assert_eq!(gate_form("don’t 😍", false), "don’t ");
        assert_eq!(gate_form("don’t😍", false), "don’t");
        assert_eq!(gate_form("d’😍", false), "d’😍");
        assert_eq!(gate_form("are\u{A0}", false), "are\u{A0}");
        assert_eq!(
            gate_form("are\t\r\n", false),
            "are ",
            "a run of spaces is one"
        );
        assert_eq!(gate_form("i ", false), "i ");
        assert_eq!(gate_form("the pricing", false), "the pric");
        assert_eq!(gate_form("open to a", false), "open to ");
        assert_eq!(gate_form("ab😍", false), "ab😍");
        assert_eq!(gate_form("abcde😍", false), "abcde");
    }
}
