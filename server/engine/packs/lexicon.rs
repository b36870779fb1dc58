//! A list of phrases or regular expressions compiled into one regex, so a rule scans a draft
//! once however many entries it has, and every entry is told apart by its own capture group.
//!
//! Phrases match as whole words, ignore case, and tolerate curly apostrophes, hyphen-or-space
//! and runs of spaces or line breaks between words. Exceptions (`unless`) are phrases or patterns
//! around a hit that silence it: "free" inside "are you free" or "feel free to".

use std::ops::Range;
use std::sync::OnceLock;

use std::collections::HashMap;

use regex::RegexBuilder;
use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, PatternID};

use super::literals;
use super::seek::Seeker;

/// One phrase or pattern of a rule.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The phrase or pattern as the pack wrote it.
    pub source: String,
    pub category: Option<String>,
    pub replacements: Vec<String>,
}

#[derive(Debug)]
pub struct Lexicon {
    /// The entries' regexes as one alternation, a named group each.
    combined: String,
    /// The exceptions' regexes as one alternation.
    unless_source: Option<String>,
    case_sensitive: bool,
    /// Compiled on first use when built with [`Compile::OnFirstUse`]: most rules never match a
    /// given draft (the rule set's prefilter rules them out), so a run of `sendwell check` need
    /// not pay for compiling them all. `None` if they do not compile.
    matchers: OnceLock<Option<Matchers>>,
    /// What every match starts with ([`literals::prefixes_of_any`]), for the rule set's gate; `None`
    /// if a match may start anywhere.
    pub prefixes: Option<literals::Prefixes>,
    /// The same for the exceptions.
    pub unless_prefixes: Option<literals::Prefixes>,
    entries: Vec<Entry>,
    /// Phrase kind: each phrase's [`squeeze`]d text → its entry, which names the entry of a hit
    /// without running the capture engine.
    by_text: HashMap<String, usize>,
    /// Phrases must not be glued to a neighbouring word ("carefree", "risk-free", "freebie").
    whole_words: bool,
}

#[derive(Debug)]
struct Matchers {
    regex: Regex,
    /// The capture group of each entry, by entry index.
    groups: Vec<usize>,
    unless: Option<Regex>,
}

/// When a lexicon compiles its regexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compile {
    /// At once, reporting any error: for checking a pack.
    Now,
    /// At the first search: for rules already known to compile (the built-in packs).
    OnFirstUse,
}

/// A match of one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub range: Range<usize>,
    pub entry: usize,
}

/// Regex size limit per compiled lexicon: generous for a few thousand phrases, but a bound.
const SIZE_LIMIT: usize = 8 << 20;
/// The lazy DFA's cache. With the default (2 MB) a hundred case-insensitive phrases do not fit,
/// and the regex falls back to an NFA simulation 10–20× slower on every keystroke.
const DFA_SIZE_LIMIT: usize = 16 << 20;

/// Spaces between the words of a phrase: the ones people type or paste (a small class keeps the
/// automaton small; Unicode `\s` is much larger and appears between every pair of words).
const GAP: &str = r"[ \t\r\n\x{A0}\x{2009}\x{202F}]+";

impl Lexicon {
    /// Phrases, matched as whole words. Longer phrases win over the shorter ones inside them.
    /// `forms` are regular expressions beside them, tried after the phrases and held to whole
    /// words as they are.
    pub fn phrases(
        mut entries: Vec<Entry>,
        forms: Vec<Entry>,
        unless: &[String],
        case_sensitive: bool,
        when: Compile,
    ) -> Result<Lexicon, String> {
        entries.retain(|e| !e.source.trim().is_empty());
        entries.sort_by_key(|e| std::cmp::Reverse(e.source.trim().chars().count()));
        let mut sources: Vec<String> = entries.iter().map(|e| phrase_regex(&e.source)).collect();
        sources.extend(forms.iter().map(|f| pattern_source(&f.source)));
        let written: Vec<String> = forms.iter().map(|f| f.source.clone()).collect();
        entries.extend(forms);
        let unless: Vec<String> = unless
            .iter()
            .filter(|u| !u.trim().is_empty())
            .map(|u| bounded(&phrase_regex(u), u))
            .collect();
        // Like the pattern kind's: compiled when `when` says, and a form at fault is named only
        // on the error path.
        Self::build(entries, sources, &unless, case_sensitive, true, when)
            .map_err(|combined| first_invalid(&written, "").unwrap_or(combined))
    }

    /// Regular expressions, as written. `unless` entries are regular expressions too.
    pub fn patterns(
        entries: Vec<Entry>,
        unless: &[String],
        extra_unless_phrases: &[String],
        case_sensitive: bool,
        when: Compile,
    ) -> Result<Lexicon, String> {
        let mut unless_sources: Vec<String> = unless.iter().map(|u| pattern_source(u)).collect();
        // A pattern's hit can end inside a word ("your phone number" in "your phone numbers"):
        // an allowed phrase must still cover it, so it needs a word boundary only at its start.
        unless_sources.extend(
            extra_unless_phrases
                .iter()
                .filter(|u| !u.trim().is_empty())
                .map(|u| bounded_at_start(&phrase_regex(u), u)),
        );
        let sources: Vec<String> = entries.iter().map(|e| pattern_source(&e.source)).collect();
        let patterns: Vec<String> = entries.iter().map(|e| e.source.clone()).collect();
        Self::build(
            entries,
            sources,
            &unless_sources,
            case_sensitive,
            false,
            when,
        )
        .map_err(|combined| {
            // Compile entries one by one only on this error path, to name the one at fault.
            first_invalid(&patterns, "")
                .or_else(|| first_invalid(unless, " in “unless”"))
                .unwrap_or(combined)
        })
    }

    fn build(
        entries: Vec<Entry>,
        sources: Vec<String>,
        unless: &[String],
        case_sensitive: bool,
        whole_words: bool,
        when: Compile,
    ) -> Result<Lexicon, String> {
        if entries.is_empty() {
            return Err("no phrases or patterns to match".into());
        }
        let combined = sources
            .iter()
            .enumerate()
            .map(|(i, s)| format!("(?P<sendwell_e{i}>{s})"))
            .collect::<Vec<_>>()
            .join("|");
        let mut by_text = HashMap::new();
        if whole_words && !case_sensitive {
            for (i, e) in entries.iter().enumerate() {
                by_text.entry(squeeze(&e.source)).or_insert(i);
            }
        }
        let unless_source = (!unless.is_empty()).then(|| {
            unless
                .iter()
                .map(|u| format!("(?:{u})"))
                .collect::<Vec<_>>()
                .join("|")
        });
        let lexicon = Lexicon {
            // Each alternative's prefixes, put together: the joined regex of a long list has
            // more prefixes than the extractor counts, and would be searched everywhere.
            prefixes: literals::prefixes_of_any(sources.iter().map(String::as_str)),
            unless_prefixes: literals::prefixes_of_any(unless.iter().map(String::as_str)),
            combined,
            unless_source,
            case_sensitive,
            matchers: OnceLock::new(),
            entries,
            whole_words,
            by_text,
        };
        if when == Compile::Now {
            let matchers = lexicon.compile()?;
            let _ = lexicon.matchers.set(Some(matchers));
        }
        Ok(lexicon)
    }

    fn compile(&self) -> Result<Matchers, String> {
        let regex = compile(&self.combined, self.case_sensitive)?;
        let groups = (0..self.entries.len())
            .map(|i| {
                let want = format!("sendwell_e{i}");
                regex
                    .group_info()
                    .to_index(PatternID::ZERO, &want)
                    .unwrap_or(0)
            })
            .collect();
        let unless = match &self.unless_source {
            Some(joined) => Some(compile(joined, self.case_sensitive)?),
            None => None,
        };
        Ok(Matchers {
            regex,
            groups,
            unless,
        })
    }

    fn matchers(&self) -> Option<&Matchers> {
        self.matchers.get_or_init(|| self.compile().ok()).as_ref()
    }

    pub fn case_sensitive(&self) -> bool {
        self.case_sensitive
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// The hits in `region` of `text`, in order, minus those an exception covers. `starts` and
    /// `unless_starts` are where the entries' and the exceptions' matches may start, if known
    /// (the rule set's gate): only those places are tried.
    pub fn find(
        &self,
        text: &str,
        region: Range<usize>,
        starts: Option<&[usize]>,
        unless_starts: Option<&[usize]>,
        out: &mut Vec<Hit>,
    ) {
        let Some(m) = self.matchers() else { return };
        let hay = &text[..region.end];
        // A phrase glued to the word before it is never a hit (see `is_whole_word`): its
        // place need not be tried.
        let free: Vec<usize>;
        let starts = match starts {
            Some(s) if self.whole_words => {
                free = s
                    .iter()
                    .copied()
                    .filter(|&c| c < hay.len() && !glued_before(hay, c))
                    .collect();
                Some(free.as_slice())
            }
            other => other,
        };
        // Exceptions are looked for only once there is a hit, and only as far as the hit:
        // most drafts have none.
        let mut exceptions = m
            .unless
            .as_ref()
            .map(|re| Exceptions::new(re, hay, region.start, unless_starts));
        let mut seeker = Seeker::new(&m.regex, hay, region.start, starts);
        let mut at = region.start;
        while at < region.end {
            // A plain search runs on the regex's DFA; capture groups (to tell which entry
            // matched) are resolved only on the few spans that match.
            let Some(hit) = seeker.find(at) else {
                break;
            };
            if hit.is_empty() || (self.whole_words && !is_whole_word(hay, hit.range())) {
                at = next_char(hay, hit.start());
                continue;
            }
            at = hit.end();
            if exceptions.as_mut().is_some_and(|x| x.cover(hit.range())) {
                continue;
            }
            out.push(Hit {
                range: hit.range(),
                entry: self.entry_of(m, hay, hit.range()),
            });
        }
    }

    /// Which entry matched `span` (a match found by the combined regex).
    fn entry_of(&self, m: &Matchers, hay: &str, span: Range<usize>) -> usize {
        if let Some(&i) = self.by_text.get(&squeeze(&hay[span.clone()])) {
            return i;
        }
        // As `Regex::captures_at`: the leftmost match from `span.start`, first in a haystack
        // that ends with the span, then in the whole one.
        let mut caps = m.regex.create_captures();
        let mut same = |hay: &str| {
            m.regex
                .search_captures(&Input::new(hay).range(span.start..), &mut caps);
            (caps.get_match().map(|m| m.range()) == Some(span.clone())).then(|| {
                m.groups
                    .iter()
                    .position(|&g| g != 0 && caps.get_group(g).is_some())
                    .unwrap_or(0)
            })
        };
        same(&hay[..span.end]).or_else(|| same(hay)).unwrap_or(0)
    }
}

/// The first of `list` (pack patterns as written) that is not a valid regex, named with its
/// error; `what` says where it was listed.
fn first_invalid(list: &[String], what: &str) -> Option<String> {
    list.iter().find_map(|s| {
        RegexBuilder::new(&pattern_source(s))
            .build()
            .err()
            .map(|e| format!("invalid regex “{s}”{what}: {}", first_line(&e)))
    })
}

/// Builds a regex with the limits pack rules use, configured as `regex::RegexBuilder` configures
/// one; the regex crate's engine itself, used directly for the anchored searches [`Seeker`] makes.
fn compile(source: &str, case_sensitive: bool) -> Result<Regex, String> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(SIZE_LIMIT))
                .hybrid_cache_capacity(DFA_SIZE_LIMIT)
                .match_kind(MatchKind::LeftmostFirst)
                .utf8_empty(true),
        )
        .syntax(
            syntax::Config::new()
                .case_insensitive(!case_sensitive)
                .utf8(true),
        )
        .build(source)
        .map_err(|meta_error| {
            // Report the error exactly as the regex crate words it (same parser, same limits).
            match RegexBuilder::new(source)
                .case_insensitive(!case_sensitive)
                .size_limit(SIZE_LIMIT)
                .dfa_size_limit(DFA_SIZE_LIMIT)
                .build()
            {
                Err(e) => first_line(&e),
                Ok(_) => meta_error.to_string(),
            }
        })
}

fn first_line(e: &regex::Error) -> String {
    // The regex crate's messages are multi-line with a caret diagram; the last line says what.
    let s = e.to_string();
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid regex")
        .trim_start_matches("error: ")
        .to_string()
}

/// The exceptions of a region, found in order as far as the hits need: the non-empty matches
/// of the `unless` regex from each place one starts (they may overlap: "are you free" and
/// "free time").
struct Exceptions<'a> {
    seeker: Seeker<'a>,
    hay: &'a str,
    found: Vec<Range<usize>>,
    /// Where to look for the next one.
    at: usize,
}

impl<'a> Exceptions<'a> {
    fn new(re: &'a Regex, hay: &'a str, from: usize, starts: Option<&'a [usize]>) -> Self {
        Exceptions {
            seeker: Seeker::new(re, hay, from, starts),
            hay,
            found: Vec::new(),
            at: from,
        }
    }

    /// Whether an exception covers `hit`. Hits come in order, so the exceptions that start at
    /// or before it are all found once one starting after it is.
    fn cover(&mut self, hit: Range<usize>) -> bool {
        while self.at < self.hay.len() && self.found.last().is_none_or(|x| x.start <= hit.start) {
            let Some(m) = self.seeker.find(self.at) else {
                self.at = self.hay.len();
                break;
            };
            if !m.is_empty() {
                self.found.push(m.range());
            }
            // Look again just after the start: exceptions may overlap.
            self.at = next_char(self.hay, m.start());
        }
        self.found
            .iter()
            .any(|x| x.start <= hit.start && hit.end <= x.end)
    }
}

fn next_char(s: &str, i: usize) -> usize {
    s[i..].chars().next().map_or(s.len(), |c| i + c.len_utf8())
}

/// A phrase or a hit on it reduced to what phrase matching ignores: case, spaces, hyphens and
/// the kind of apostrophe ("Don’t  miss" and "don't miss" are the same).
fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '‑'))
        .map(|c| {
            if matches!(c, '’' | '‘' | 'ʼ') {
                '\''
            } else {
                c
            }
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A phrase as a regex: literal characters, any apostrophe for an apostrophe, a hyphen or space
/// (or nothing) for a hyphen, any run of whitespace between words.
pub fn phrase_regex(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .map(|word| {
            let mut out = String::new();
            for c in word.chars() {
                match c {
                    '\'' | '’' | '‘' | 'ʼ' => out.push_str("['’‘ʼ]"),
                    '-' | '‐' | '‑' => out.push_str(&format!("(?:[-‐‑]|{GAP})?")),
                    c => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(GAP)
}

/// A pack pattern as compiled: a space matches any spacing between words, as in a phrase (a
/// message wrapped by an email client or a paste puts a line break where the pattern has a
/// space: "30-minute\ncall"), and `\b` is a word boundary in ASCII terms. A space inside a
/// character class or after a backslash is kept as written.
fn pattern_source(source: &str) -> String {
    ascii_boundaries(&spaces_as_gaps(source))
}

fn spaces_as_gaps(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    // How deep in character classes (they nest: `[a-z&&[^x]]`).
    let mut class_depth = 0usize;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '[' => {
                class_depth += 1;
                out.push(c);
                // A `]` right after the opening bracket (or `[^`) is a literal, not the close.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            ' ' if class_depth == 0 => {
                // Several spaces in a row are one gap.
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
                out.push_str(PATTERN_GAP);
            }
            c => out.push(c),
        }
    }
    out
}

/// What a space in a pattern matches: spaces, tabs and one line break in a wrapped line. ASCII
/// bytes only, unlike a phrase's [`GAP`]: every space of every pattern becomes this class, and
/// multi-byte spaces in it made the lazy DFA of a big pattern set slow on every keystroke.
const PATTERN_GAP: &str = r"(?:[ \t]*\r?\n[ \t]*|[ \t]+)";

/// Word boundaries in ASCII terms. Unicode `\b` keeps the regex engine off its fast DFA paths
/// on any non-ASCII text (an emoji is enough), which costs 10–50× on every keystroke; phrases
/// check whole words themselves, and patterns lose only boundaries next to non-ASCII letters.
fn ascii_boundaries(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push_str("(?-u:\\b)"),
            Some(n) => {
                out.push('\\');
                out.push(n);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `\b` on the sides of a phrase that begin or end with a word character.
fn bounded(source: &str, phrase: &str) -> String {
    let p = phrase.trim();
    let lead = if p.starts_with(|c: char| c.is_alphanumeric()) {
        r"(?-u:\b)"
    } else {
        ""
    };
    let trail = if p.ends_with(|c: char| c.is_alphanumeric()) {
        r"(?-u:\b)"
    } else {
        ""
    };
    format!("{lead}(?:{source}){trail}")
}

/// `\b` before a phrase that begins with a word character.
fn bounded_at_start(source: &str, phrase: &str) -> String {
    let lead = if phrase.trim().starts_with(|c: char| c.is_alphanumeric()) {
        r"(?-u:\b)"
    } else {
        ""
    };
    format!("{lead}(?:{source})")
}

/// Whether a match at `at` that begins with a letter or digit would be glued to the word before
/// it, which [`is_whole_word`] rejects whatever the match.
fn glued_before(s: &str, at: usize) -> bool {
    let word = |c: char| c.is_alphanumeric();
    let glue = |c: char| matches!(c, '-' | '‐' | '‑' | '\'' | '’');
    if !s[at..].starts_with(word) {
        return false;
    }
    let mut before = s[..at].chars().rev();
    match before.next() {
        Some(c) if word(c) => true,
        Some(c) if glue(c) => before.next().is_some_and(word),
        _ => false,
    }
}

/// Whether `range` of `s` stands on its own: not glued to a letter or digit, nor joined to a
/// word by a hyphen or apostrophe, on a side where the match itself is a word character.
fn is_whole_word(s: &str, range: Range<usize>) -> bool {
    let m = &s[range.clone()];
    let word = |c: char| c.is_alphanumeric();
    let glue = |c: char| matches!(c, '-' | '‐' | '‑' | '\'' | '’');
    if m.starts_with(word) {
        let mut before = s[..range.start].chars().rev();
        match before.next() {
            Some(c) if word(c) => return false,
            Some(c) if glue(c) && before.next().is_some_and(word) => return false,
            _ => {}
        }
    }
    if m.ends_with(word) {
        let mut after = s[range.end..].chars();
        match after.next() {
            Some(c) if word(c) => return false,
            Some(c) if glue(c) && after.next().is_some_and(word) => return false,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entries(list: &[&str]) -> Vec<Entry> {
        list.iter()
            .map(|s| Entry {
                source: s.to_string(),
                category: None,
                replacements: vec![],
            })
            .collect()
    }

    fn hits<'t>(lex: &Lexicon, text: &'t str) -> Vec<&'t str> {
        let mut out = Vec::new();
        lex.find(text, 0..text.len(), None, None, &mut out);
        out.iter().map(|h| &text[h.range.clone()]).collect()
    }

    #[test]
    fn a_space_in_a_pattern_matches_any_spacing_but_not_in_a_class() {
        use super::spaces_as_gaps;
        let re = |p: &str| regex::Regex::new(&spaces_as_gaps(p)).unwrap();
        assert!(re("learn about opportunities").is_match("learn about \nopportunities"));
        assert!(re("learn about opportunities").is_match("learn  about\topportunities"));
        assert!(!re("learn about opportunities").is_match("learn aboutopportunities"));
        // Optional words keep working: the quantifier applies to the whole gap.
        assert!(re("a (?:quick )?call").is_match("a quick\ncall"));
        assert!(re("a (?:quick )?call").is_match("a call"));
        assert!(re("x ?y").is_match("xy"));
        // Classes and escapes are left alone.
        assert!(!re("a[ ]b").is_match("a\nb"));
        assert!(re("a[ ]b").is_match("a b"));
        assert!(!re("a[^] ]b").is_match("a b"));
        assert!(!re(r"a\ b").is_match("a\nb"));
        assert!(!re("[a-z&&[^ ]] x").is_match(" x"));
    }

    #[test]
    fn phrases_match_whole_words_in_any_case_and_spacing() {
        let lex = Lexicon::phrases(
            entries(&["free", "act now", "don't miss"]),
            Vec::new(),
            &[],
            false,
            Compile::Now,
        )
        .unwrap();
        assert_eq!(
            hits(
                &lex,
                "FREE gift, ACT  \n NOW, Don’t miss. carefree freebie risk-free free-form"
            ),
            vec!["FREE", "ACT  \n NOW", "Don’t miss"]
        );
    }

    #[test]
    fn longer_phrases_win_and_hyphens_are_optional() {
        let lex = Lexicon::phrases(
            entries(&["free", "risk-free"]),
            Vec::new(),
            &[],
            false,
            Compile::Now,
        )
        .unwrap();
        let text = "risk free, risk-free, riskfree";
        let mut out = Vec::new();
        lex.find(text, 0..text.len(), None, None, &mut out);
        let got: Vec<_> = out
            .iter()
            .map(|h| (&text[h.range.clone()], h.entry))
            .collect();
        assert_eq!(
            got,
            vec![("risk free", 0), ("risk-free", 0), ("riskfree", 0)]
        );
        assert_eq!(lex.entry(0).source, "risk-free");
    }

    #[test]
    fn exceptions_silence_hits_inside_them() {
        let lex = Lexicon::phrases(
            entries(&["free"]),
            Vec::new(),
            &[
                "are you free".into(),
                "feel free".into(),
                "free time".into(),
            ],
            false,
            Compile::Now,
        )
        .unwrap();
        assert_eq!(
            hits(
                &lex,
                "Are you free Thursday? Feel free to. In my free time. Get it free."
            ),
            vec!["free"]
        );
    }

    #[test]
    fn symbols_in_phrases_match() {
        let lex =
            Lexicon::phrases(entries(&["100%"]), Vec::new(), &[], false, Compile::Now).unwrap();
        assert_eq!(
            hits(&lex, "100% sure, 1100% no, (100%)"),
            vec!["100%", "100%"]
        );
    }

    #[test]
    fn regions_bound_the_search() {
        let lex =
            Lexicon::phrases(entries(&["act now"]), Vec::new(), &[], false, Compile::Now).unwrap();
        let text = "act now act now";
        let mut out = Vec::new();
        lex.find(text, 4..text.len(), None, None, &mut out);
        assert_eq!(
            out,
            vec![Hit {
                range: 8..15,
                entry: 0
            }]
        );
    }

    #[test]
    fn patterns_report_bad_regexes() {
        let err =
            Lexicon::patterns(entries(&["(unclosed"]), &[], &[], false, Compile::Now).unwrap_err();
        assert!(err.contains("(unclosed"), "{err}");
        let lex = Lexicon::patterns(
            entries(&[r"\bhop on a (?:quick )?call\b"]),
            &[],
            &[],
            false,
            Compile::Now,
        )
        .unwrap();
        assert_eq!(
            hits(&lex, "Can we hop on a quick call?"),
            vec!["hop on a quick call"]
        );
    }

    #[test]
    fn patterns_with_their_own_groups_still_name_the_entry() {
        let lex =
            Lexicon::patterns(entries(&["(a)(b)", "(c)"]), &[], &[], false, Compile::Now).unwrap();
        let text = "xx c ab";
        let mut out = Vec::new();
        lex.find(text, 0..text.len(), None, None, &mut out);
        assert_eq!(out.iter().map(|h| h.entry).collect::<Vec<_>>(), vec![1, 0]);
    }

    /// The search as it was before the gate: the regex crate's `Regex`, searched from every
    /// position, exceptions all found at the first hit.
    fn plain_find(lex: &Lexicon, text: &str, region: Range<usize>) -> Vec<Hit> {
        let build = |source: &str| {
            RegexBuilder::new(source)
                .case_insensitive(!lex.case_sensitive)
                .size_limit(SIZE_LIMIT)
                .dfa_size_limit(DFA_SIZE_LIMIT)
                .build()
                .unwrap()
        };
        let re = build(&lex.combined);
        let unless = lex.unless_source.as_deref().map(build);
        let hay = &text[..region.end];
        let mut exceptions: Option<Vec<Range<usize>>> = None;
        let mut out = Vec::new();
        let mut at = region.start;
        while at < region.end {
            let Some(hit) = re.find_at(hay, at) else {
                break;
            };
            if hit.is_empty() || (lex.whole_words && !is_whole_word(hay, hit.range())) {
                at = next_char(hay, hit.start());
                continue;
            }
            at = hit.end();
            let exceptions = exceptions.get_or_insert_with(|| {
                let mut found = Vec::new();
                let Some(u) = &unless else { return found };
                let mut at = region.start;
                while at < hay.len() {
                    let Some(m) = u.find_at(hay, at) else { break };
                    if !m.is_empty() {
                        found.push(m.range());
                    }
                    at = next_char(hay, m.start());
                }
                found
            });
            if exceptions
                .iter()
                .any(|x| x.start <= hit.start() && hit.end() <= x.end)
            {
                continue;
            }
            let span = hit.range();
            let entry = lex
                .by_text
                .get(&squeeze(&hay[span.clone()]))
                .copied()
                .unwrap_or_else(|| {
                    let names: Vec<Option<&str>> = re.capture_names().collect();
                    let groups: Vec<usize> = (0..lex.entries.len())
                        .map(|i| {
                            let want = format!("sendwell_e{i}");
                            names
                                .iter()
                                .position(|n| *n == Some(want.as_str()))
                                .unwrap_or(0)
                        })
                        .collect();
                    let same = |caps: regex::Captures| {
                        (caps.get(0).map(|m| m.range()) == Some(span.clone())).then(|| {
                            groups
                                .iter()
                                .position(|&g| g != 0 && caps.get(g).is_some())
                                .unwrap_or(0)
                        })
                    };
                    re.captures_at(&hay[..span.end], span.start)
                        .and_then(same)
                        .or_else(|| re.captures_at(hay, span.start).and_then(same))
                        .unwrap_or(0)
                });
            out.push(Hit { range: span, entry });
        }
        out
    }

    /// The search as the rule set runs it: from the places the gate finds.
    fn gated_find(lex: &Lexicon, text: &str, region: Range<usize>) -> Vec<Hit> {
        use super::super::gate::{Gate, Member};
        let gate = Gate::new(&[
            Member {
                prefixes: lex.prefixes.as_ref(),
                case_sensitive: lex.case_sensitive,
            },
            Member {
                prefixes: lex.unless_prefixes.as_ref(),
                case_sensitive: lex.case_sensitive,
            },
        ]);
        let open = gate.open(text, std::slice::from_ref(&region));
        let mut out = Vec::new();
        if open.is_shut(0) {
            return out;
        }
        lex.find(text, region, open.starts(0), open.starts(1), &mut out);
        out
    }

    fn lexicons() -> Vec<Lexicon> {
        let phrases = entries(&[
            "free",
            "for free",
            "risk-free",
            "don't miss",
            "act now",
            "ok",
            "kiss",
            "café",
            "100%",
            "$$$",
            "i just wanted to",
            "sorry to bother you",
            "Straße",
            "ﬁne",
        ]);
        let unless: Vec<String> = ["are you free", "free time", "feel free", "ok then"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let patterns = entries(&[
            r"\b(?:\d{1,3}|fifteen)[- ]?min(?:ute)?s? call\b",
            r"\b(?:your|ur)\s+(?:personal\s+)?(?:phone|cell)\b",
            r"\bjust (?:wanted to )?follow(?:ing)? up\b",
            r"[😍😘]",
            r"\bsk[iy]\b",
            r"\bany updates?\s*[?.!]",
            // Guarded: "our " opens only where "platform" or "product" is.
            r"\bour (?:[\w-]+ ){0,3}(?:product|platform)s?\b",
            r"\bI\s+(?:built|made) an? (?:[\w-]+\s+){0,2}(?:tool|app)\b",
        ]);
        let pattern_unless = vec![r"\bopen to an? (?:quick )?\d+ min".to_string()];
        vec![
            Lexicon::phrases(phrases.clone(), Vec::new(), &unless, false, Compile::Now).unwrap(),
            Lexicon::phrases(phrases, Vec::new(), &unless, true, Compile::Now).unwrap(),
            Lexicon::patterns(
                patterns.clone(),
                &pattern_unless,
                &unless,
                false,
                Compile::Now,
            )
            .unwrap(),
            Lexicon::patterns(patterns, &[], &[], true, Compile::Now).unwrap(),
        ]
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            2 => "\\PC{0,6}",
            2 => "[a-zA-Z0-9 ,.?!'-]{0,8}",
            3 => prop::sample::select(vec![
                "free", "FREE", "Free time", "are you", " free", "feel", "for", "risk",
                "-", "\u{2011}", "don", "'", "’", "t miss", "act", "now", " ", "  ", "\t", "\n",
                "\u{A0}", "\u{2009}", "ok", "O\u{212A}", "\u{212A}iss", "\u{17F}orry", "kiß",
                "CAFÉ", "café", "100%", "$$$", "I just wanted to", "sorry to bother you",
                "STRASSE", "straße", "ﬁne", "FINE", "your", "ur", "phone", "cell", "personal",
                "15", "٣", "fifteen", "-min", " minute", " call", "just", "following up",
                "wanted to ", "😍", "😘", "sky", "SKI", "any update", "?", "open to a ",
                "quick ", "10 min", "our ", "OUR", "product", "platforms", "I ", "I\n",
                "built", " a ", "an ", "new ", "tool", "APP", "\u{2003}",
            ])
            .prop_map(String::from),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn gated_search_finds_exactly_what_a_plain_regex_search_finds(
            text in prop::collection::vec(piece(), 0..30).prop_map(|v| v.concat()),
            cut in (0usize..64, 0usize..64),
        ) {
            let region = crate::engine::packs::region_in(&text, cut);
            for lex in lexicons() {
                let want = plain_find(&lex, &text, region.clone());
                prop_assert_eq!(gated_find(&lex, &text, region.clone()), want.clone());
                let mut all = Vec::new();
                lex.find(&text, region.clone(), None, None, &mut all);
                prop_assert_eq!(all, want);
            }
        }
    }

    #[test]
    fn gated_search_handles_odd_folds_and_exceptions() {
        let lex = &lexicons()[0];
        for text in [
            "O\u{212A} then, \u{212A}iss. Are you free? Free gift for  free!",
            "risk\u{2011}free don’t miss CAFÉ ﬁne FINE $$$ 100% x100%",
        ] {
            let got = gated_find(lex, text, 0..text.len());
            assert!(!got.is_empty(), "{text}");
            assert_eq!(got, plain_find(lex, text, 0..text.len()), "{text}");
        }
    }
}
