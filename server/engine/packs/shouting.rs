//! `kind = "shouting"`: words in capitals and runs of `!!` or `??`.
//!
//! Capitals are not always shouting: acronyms (ROI, SaaS, B2B), the recipient's company (IKEA)
//! and template tokens (XX) are how those words are written. So a word counts as shouting when it
//! is long (most acronyms are short), or a short word the pack lists (FREE, NOW, HUGE), or part
//! of a run of capitalised words ("ACT NOW", "CLICK HERE").

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::text::{capitalize, starts_sentence};
use super::Ctx;
use crate::engine::finding::{Edit, Fix};

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}](?:[\p{L}\p{N}&'’-]*[\p{L}\p{N}])?").expect("word"));
static PUNCT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[!?！？]*(?:[!！]{2}|[?？]{2})[!?！？]*").expect("punct"));

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Words written in capitals that are not shouting (acronyms), compared exactly.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Capitalised words at least this many letters long are shouting.
    #[serde(default = "default_min_letters")]
    pub min_letters: usize,
    /// Shorter words that shout anyway.
    #[serde(default)]
    pub shout_words: Vec<String>,
    /// Whether runs of `!!` and `??` are reported too.
    #[serde(default = "yes")]
    pub punctuation: bool,
    /// Fixes safe to apply without a look: `case`, `punctuation`.
    #[serde(default)]
    pub safe: Vec<String>,
}

fn default_min_letters() -> usize {
    5
}
fn yes() -> bool {
    true
}

#[derive(Debug)]
pub struct Shouting {
    params: Params,
}

/// A finding-to-be: where, what it says, and its fix (none where lower case may be wrong).
pub struct Shout {
    pub range: Range<usize>,
    pub fix: Option<Fix>,
}

/// Words after which a lone capitalised word stands where a name goes ("at HIMSS", "some COBOL
/// workloads", "on CUBESAT thermal control"): it may be an acronym or a name the pack does not
/// know, so lower case ("himss") is no fix a careful writer would take.
const NAME_SLOT: &[&str] = &[
    "a", "an", "the", "some", "any", "at", "on", "in", "of", "from", "for", "with", "by", "via",
    "to", "into", "our", "your", "their", "my", "his", "her", "its", "this", "that", "these",
    "those", "using", "use", "uses",
];

impl Shouting {
    pub fn new(mut params: Params, extra_allow: &[String]) -> Shouting {
        params.allow.extend(extra_allow.iter().cloned());
        params.shout_words = params
            .shout_words
            .iter()
            .map(|w| w.to_uppercase())
            .collect();
        Shouting { params }
    }

    pub fn find(&self, ctx: &Ctx, out: &mut Vec<Shout>) {
        let text = ctx.text;
        for region in ctx.prose() {
            self.words(ctx, region, out);
            if self.params.punctuation {
                for m in PUNCT.find_iter(&text[region.clone()]) {
                    let range = region.start + m.start()..region.start + m.end();
                    let first = m.as_str().chars().next().unwrap_or('!');
                    let one = first.to_string();
                    out.push(Shout {
                        range: range.clone(),
                        fix: Some(Fix {
                            title: format!("Change “{}” to “{one}”", m.as_str()),
                            edits: vec![Edit { range, text: one }],
                            new_file: None,
                            preferred: true,
                            safe: self.is_safe("punctuation"),
                            kind: crate::engine::finding::FixKind::Rewrite,
                        }),
                    });
                }
            }
        }
        out.sort_by_key(|s| s.range.start);
    }

    fn words(&self, ctx: &Ctx, region: &Range<usize>, out: &mut Vec<Shout>) {
        let text = ctx.text;
        // A run of capitalised words separated only by spaces; allowed acronyms may sit inside
        // one ("BOOST YOUR ROI NOW") but do not start or end it. `bool`: an acronym.
        let mut run: Vec<(Range<usize>, bool)> = Vec::new();
        let flush = |run: &mut Vec<(Range<usize>, bool)>, out: &mut Vec<Shout>| {
            while run.last().is_some_and(|w| w.1) {
                run.pop();
            }
            let words = run.iter().filter(|w| !w.1).count();
            let shouts = words >= 2 || run.iter().any(|w| self.shouts(&text[w.0.clone()]));
            if shouts && !Self::is_heading(text, run) {
                let range = run[0].0.start..run[run.len() - 1].0.end;
                out.push(self.shout(ctx, region, range));
            }
            run.clear();
        };
        for range in candidate_words(text, region) {
            let word = &text[range.clone()];
            if !is_capitalised(word)
                || ctx.is_name_or_token(&range)
                || in_template_slot(text, &range)
                || self.reads_as_a_name(ctx, &range)
            {
                flush(&mut run, out);
                continue;
            }
            let acronym = self.is_allowed(word);
            let joined = run
                .last()
                .is_some_and(|prev| text[prev.0.end..range.start].chars().all(|c| c == ' '));
            if !joined {
                flush(&mut run, out);
            }
            if acronym && run.is_empty() {
                continue;
            }
            run.push((range, acronym));
        }
        flush(&mut run, out);
    }

    /// A word in capitals that is a name, not a raised voice: one without a vowel (SXSW, HBR),
    /// one right after "at", "from", "of"… (at HIMSS, members of NYEBN, in DUMBO), one beside a
    /// word in title case inside a sentence (a title: "Block Hankel Tensor ARIMA for…"), or one
    /// in quotes (reply "YES"), or a code with a short hyphenated part (CARE-PD), unless the pack
    /// lists it as a shout (for FREE).
    fn reads_as_a_name(&self, ctx: &Ctx, range: &Range<usize>) -> bool {
        let text = ctx.text;
        let word = &text[range.clone()];
        // A word in quotes is a literal to type back, whatever it is.
        if quoted(text, range) {
            return true;
        }
        if self.params.shout_words.iter().any(|w| w == word) {
            return false;
        }
        // A code joined by a hyphen to a short part (CARE-PD, ISO-IEC, RT-PCR) names a study,
        // a standard or a test; a shout joins whole words (MUST-SEE).
        if word.contains('-') && word.split('-').any(|part| (1..=3).contains(&part.len())) {
            return true;
        }
        let vowels = word.chars().any(|c| "AEIOUY".contains(c));
        let before = text[..range.start].trim_end_matches([' ', '\t']);
        let previous = before
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        !vowels
            || NAME_BEFORE.contains(&previous.as_str())
            || beside_title_case(text, range)
            || written_again(ctx, range)
            || before_year_or_suffix(text, range)
    }

    /// Whether the run is a section heading: alone on its line (a colon may close it), with
    /// text on the next line. "PROJECT SUMMARY" over a paragraph lays a long email out; it
    /// raises no voice. (A heading that sells, "FREE TRIAL", is still the trigger-word rule's.)
    fn is_heading(text: &str, run: &[(Range<usize>, bool)]) -> bool {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return false;
        };
        // Only the spaces next to the run are read, so a long line of capitals stays linear.
        let spaces = [' ', '\t'];
        let before = text[..first.0.start].trim_end_matches(spaces);
        let starts_line = before.is_empty() || before.ends_with('\n');
        let after = text[last.0.end..].trim_start_matches(spaces);
        let after = after.strip_prefix(':').unwrap_or(after);
        let after = after.trim_start_matches(spaces);
        let Some(next) = after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix('\n'))
        else {
            return false; // more text on its line, or the end of the draft
        };
        let next = next.trim_start_matches(spaces);
        starts_line && !next.is_empty() && !next.starts_with(['\r', '\n'])
    }

    fn is_allowed(&self, word: &str) -> bool {
        let stem = word
            .strip_suffix("'S")
            .or_else(|| word.strip_suffix("’S"))
            .unwrap_or(word);
        self.params.allow.iter().any(|a| a == word || a == stem)
    }

    fn shouts(&self, word: &str) -> bool {
        !is_filler(word)
            && (word.chars().filter(|c| c.is_alphabetic()).count() >= self.params.min_letters
                || self.params.shout_words.iter().any(|w| w == word))
    }

    fn shout(&self, ctx: &Ctx, region: &Range<usize>, range: Range<usize>) -> Shout {
        let original = &ctx.text[range.clone()];
        let mut lower = String::with_capacity(original.len());
        let mut pos = 0;
        // Lower-casing a word the pack does not list as shouting may turn an acronym or a name
        // the pack does not know (HIMSS, SXSW) into a word: offered, but never applied unseen.
        let mut only_listed = true;
        for m in WORD.find_iter(original) {
            lower.push_str(&original[pos..m.start()]);
            if !self.is_allowed(m.as_str())
                && !self.params.shout_words.iter().any(|w| w == m.as_str())
            {
                only_listed = false;
            }
            if self.is_allowed(m.as_str()) {
                lower.push_str(m.as_str());
            } else {
                lower.push_str(&m.as_str().to_lowercase());
            }
            pos = m.end();
        }
        lower.push_str(&original[pos..]);
        let fixed = if starts_sentence(ctx.text, region, range.start) {
            capitalize(&lower)
        } else {
            lower
        };
        let lone_unlisted = !only_listed && WORD.find_iter(original).count() == 1;
        let before = ctx.text[region.start..range.start].trim_end();
        let prev = before
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .next()
            .unwrap_or("")
            .to_lowercase();
        if lone_unlisted && NAME_SLOT.contains(&prev.as_str()) {
            return Shout { range, fix: None };
        }
        Shout {
            range: range.clone(),
            fix: Some(Fix {
                title: format!("Change to “{fixed}”"),
                edits: vec![Edit { range, text: fixed }],
                new_file: None,
                preferred: true,
                safe: self.is_safe("case") && only_listed,
                kind: crate::engine::finding::FixKind::Rewrite,
            }),
        }
    }

    fn is_safe(&self, fix: &str) -> bool {
        self.params.safe.iter().any(|s| s == fix)
    }
}

/// Words after which a word in capitals is a name: an event, a company, an organisation.
const NAME_BEFORE: &[&str] = &[
    "at",
    "from",
    "with",
    "joined",
    "joining",
    "attending",
    "via",
    "by",
    "of",
    "in",
    // What the writer runs, founded or organises is a name: "We run TUTORLAB", "organising
    // STEMTECH".
    "run",
    "runs",
    "running",
    "founded",
    "organising",
    "organizing",
    "organise",
    "organize",
    "hosting",
    "called",
    "named",
];

/// Whether the word is followed, inside its run of capitals or right after it, by a year or an
/// edition ("STEMTECH 2026", "OLS '27") or a company's legal ending ("ACME CORP", "BOLT LTD"):
/// what is named that way is an event or a company. A shout is followed by neither.
fn before_year_or_suffix(text: &str, range: &Range<usize>) -> bool {
    let rest = &text[range.end..];
    let words = rest
        .split(|c: char| c == ' ' || c == '\t')
        .filter(|w| !w.is_empty());
    // Skip the other words in capitals of the same run ("ACME WIDGETS CORP").
    for word in words.take(4) {
        let word = word.trim_end_matches([',', '.', ';', ':', ')', '!', '?']);
        let year = word.len() == 4
            && word.bytes().all(|b| b.is_ascii_digit())
            && (word.starts_with("19") || word.starts_with("20"));
        // "'27" or "’27" (the typographic apostrophe is three bytes).
        let short_year = word
            .strip_prefix(['\'', '’'])
            .is_some_and(|y| y.len() == 2 && y.bytes().all(|b| b.is_ascii_digit()));
        if year || short_year || COMPANY_ENDINGS.contains(&word) {
            return true;
        }
        if !is_capitalised(word) {
            return false;
        }
    }
    false
}

/// Legal endings of a company's name, as written in capitals.
const COMPANY_ENDINGS: &[&str] = &[
    "CORP", "INC", "LLC", "LTD", "PLC", "GMBH", "AG", "SA", "BV", "CO", "LLP", "PTY",
];

/// Whether the same word in the same capitals stands elsewhere in the message ("uses MEDDIC
/// … auto-populates MEDDIC"): a writer repeats a name or an acronym the way it is spelt, while a
/// shout is a one-off. Listed shout words (FREE) never get here. When the answer comes from
/// outside the part being read, the part's findings depend on other text: the word is noted
/// ([`Ctx::note_outside`]), so a kept paragraph is read again if that answer changes.
fn written_again(ctx: &Ctx, range: &Range<usize>) -> bool {
    let text = ctx.text;
    let word = &text[range.clone()];
    let part = ctx.part();
    let inside = places_of(text, word, part.clone()).any(|at| at != range.start);
    inside || ctx.note_outside(word, written_outside(text, part, word))
}

/// Whether `word` stands as a whole word in `text` outside `part`.
fn written_outside(text: &str, part: &Range<usize>, word: &str) -> bool {
    places_of(text, word, 0..part.start)
        .chain(places_of(text, word, part.end..text.len()))
        .next()
        .is_some()
}

/// Where `word` stands as a whole word in `text[within]`.
pub fn places_of<'t>(
    text: &'t str,
    word: &'t str,
    within: Range<usize>,
) -> impl Iterator<Item = usize> + 't {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '-' || c == '&';
    let base = within.start;
    text[within]
        .match_indices(word)
        .map(move |(at, _)| base + at)
        .filter(move |&at| {
            !text[..at].chars().next_back().is_some_and(is_word_char)
                && !text[at + word.len()..]
                    .chars()
                    .next()
                    .is_some_and(is_word_char)
        })
}

/// Whether the word stands alone in quotes: `reply "YES"`, `‘NO’`.
fn quoted(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    matches!(
        (before, after),
        (Some('"'), Some('"'))
            | (Some('“'), Some('”'))
            | (Some('\''), Some('\''))
            | (Some('‘'), Some('’'))
    )
}

/// Whether a word in title case ("Tensor", "Forecasting") sits right before or after the word,
/// with only a space between, and not at a sentence's start: the capitals are part of a name or
/// title.
fn beside_title_case(text: &str, range: &Range<usize>) -> bool {
    let title_case = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.clone().any(char::is_lowercase)
            && chars.all(|c| c.is_alphabetic() || c == '-')
    };
    let before = text[..range.start].strip_suffix(' ').map(|b| {
        let start = b
            .char_indices()
            .rfind(|(_, c)| !(c.is_alphanumeric() || *c == '-'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        (&b[start..], b[..start].trim_end())
    });
    let prev_in_sentence = before.is_some_and(|(word, rest)| {
        title_case(word) && !rest.is_empty() && !rest.ends_with(['.', '!', '?', ':', '\n'])
    });
    let next = text[range.end..].strip_prefix(' ').map(|a| {
        let end = a
            .find(|c: char| !(c.is_alphanumeric() || c == '-'))
            .unwrap_or(a.len());
        &a[..end]
    });
    prev_in_sentence || next.is_some_and(title_case)
}

/// A template's filler written as one letter again and again ("YYYYYYY", "ZZZZ"): a blank to
/// fill in, not a shout. (`placeholder.unfilled` reports only the "XX" form of it, from
/// `render`'s token list.)
fn is_filler(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    letters
        .next()
        .is_some_and(|first| letters.all(|c| c == first))
}

/// Whether `range` is inside a template slot's brackets (`[PERSONALIZE: one line]`): an
/// instruction to the writer, never sent as written (placeholder.unfilled reports the slot).
fn in_template_slot(text: &str, range: &Range<usize>) -> bool {
    let line_start = text[..range.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..range.start];
    match before.rfind(['[', '{', '<']) {
        Some(open) => !before[open..].contains([']', '}', '>']),
        None => false,
    }
}

/// All letters upper case, at least two of them, and no digits (model names, codes: GPT4, Q3).
fn is_capitalised(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && !word.chars().any(|c| c.is_lowercase() || c.is_numeric())
        && word.chars().any(char::is_uppercase)
}

/// Each two capitals in a row in `region`, as the range from the first's start to the second's
/// end, in order.
fn capital_pairs(text: &str, region: &Range<usize>) -> Vec<Range<usize>> {
    let mut pairs = Vec::new();
    // Where the previous character starts, if it is upper case.
    let mut prev_upper: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut i = region.start;
    while i < region.end {
        let b = bytes[i];
        let (up, len) = if b < 0x80 {
            if !b.is_ascii_uppercase() {
                // Most of prose: skip to the next capital or non-ASCII byte.
                prev_upper = None;
                i += 1 + bytes[i + 1..region.end]
                    .iter()
                    .position(|&b| b.is_ascii_uppercase() || b >= 0x80)
                    .unwrap_or(region.end - i - 1);
                continue;
            }
            (true, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_uppercase(), c.len_utf8())
        };
        if up {
            if let Some(p) = prev_upper {
                pairs.push(p..i + len);
            }
            prev_upper = Some(i);
        } else {
            prev_upper = None;
        }
        i += len;
    }
    pairs
}

/// The words of `region` that have two capital letters in a row, in order, each once. Two
/// capitals in a row are the cheap signal that a word may be written in capitals; most prose
/// has few, so only the words around them are looked at.
fn candidate_words(text: &str, region: &Range<usize>) -> Vec<Range<usize>> {
    let inner = |c: char| c.is_alphanumeric() || matches!(c, '&' | '\'' | '’' | '-');
    let pairs = capital_pairs(text, region);
    let mut out: Vec<Range<usize>> = Vec::new();
    for pair in pairs {
        let (mut start, mut end) = (pair.start, pair.end);
        if out.last().is_some_and(|w| start < w.end) {
            continue;
        }
        while let Some(c) = text[region.start..start]
            .chars()
            .next_back()
            .filter(|&c| inner(c))
        {
            start -= c.len_utf8();
        }
        while let Some(c) = text[end..region.end].chars().next().filter(|&c| inner(c)) {
            end += c.len_utf8();
        }
        // A word starts and ends with a letter or digit ("-FREE-" is the word FREE).
        while let Some(c) = text[start..end]
            .chars()
            .next()
            .filter(|c| !c.is_alphanumeric())
        {
            start += c.len_utf8();
        }
        while let Some(c) = text[start..end]
            .chars()
            .next_back()
            .filter(|c| !c.is_alphanumeric())
        {
            end -= c.len_utf8();
        }
        out.push(start..end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The scan as it was, a character at a time: the pairs of capitals.
    fn pairs_by_chars(text: &str, region: &Range<usize>) -> Vec<Range<usize>> {
        let upper = |c: char| c.is_ascii_uppercase() || (!c.is_ascii() && c.is_uppercase());
        let mut pairs = Vec::new();
        let mut prev: Option<(usize, bool)> = None;
        for (i, c) in text[region.clone()].char_indices() {
            let up = upper(c);
            if let Some((p, true)) = prev {
                if up {
                    pairs.push(region.start + p..region.start + i + c.len_utf8());
                }
            }
            prev = Some((i, up));
        }
        pairs
    }

    proptest! {
        #[test]
        fn capitals_are_found_as_a_character_scan_finds_them(
            text in "([a-zA-Z ,.'’&-]|AB|ÉCOLE|ǅ|İ|ß|👋|\\PC){0,40}",
            cut in (0usize..50, 0usize..50),
        ) {
            let region = crate::engine::packs::region_in(&text, cut);
            prop_assert_eq!(capital_pairs(&text, &region), pairs_by_chars(&text, &region));
        }
    }
}
