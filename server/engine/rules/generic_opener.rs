//! `personalization.generic-opener`: stock openers ("I came across your profile", "I hope this
//! message finds you well") that tell the reader nothing about why they, of all people, got it.
//! The phrases are data; straight and curly apostrophes and any spacing match alike.
//!
//! The fix replaces the sentence with one built from the front-matter (role, company) and leaves
//! the hook, which only the writer knows, as a `[square bracket]` marker. The marker is a
//! placeholder on purpose: `placeholder.unfilled` reports it as an error until it is filled in, so
//! a half-done opener can never be sent by accident. That is why the fix is not marked safe.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::message::Message;
use super::prose::char_at;
use super::{finding, params, Edit, Finding, Fix};
use crate::engine::words::bytes8;

pub const ID: &str = "personalization.generic-opener";

#[derive(Deserialize)]
struct Params {
    phrases: Vec<String>,
    /// Longer phrases starting with a stock one that make it specific ("I found your profile
    /// through the alumni network"): the stock phrase is not reported there.
    #[serde(default)]
    unless: Vec<String>,
    /// Regular expressions (without case) for the openers a list cannot spell out; a group
    /// named `said` narrows what is reported.
    #[serde(default)]
    patterns: Vec<String>,
    /// Openers to offer instead, by what the front-matter gives: `{role}` and `{company}` are
    /// filled in, and the `[...]` marker is left for the writer.
    opener_role_company: String,
    opener_company: String,
    opener_role: String,
    opener_plain: String,
    /// The greeting put in place of a salutation ("To whom it may concern") when there is no
    /// `to:` to take a name from.
    greeting_without_name: String,
}

static PARAMS: LazyLock<Params> = LazyLock::new(|| params::builtin(ID));

static PHRASES: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = PARAMS.phrases.iter().map(|p| phrase_pattern(p)).collect();
    Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|"))).expect("opener phrases")
});

/// The phrases as a trie, for a search several times quicker than the regex's on long text
/// (whose prefilter stops at every "I"). It finds exactly the regex's matches: it compares
/// characters as `(?i)` does (ASCII letters in either case, and the Kelvin sign and long s,
/// which fold to `k` and `s`), takes any apostrophe for `'` and any run of whitespace for a
/// space, checks the same Unicode word boundaries, and at each start prefers the phrase listed
/// first. `None` when a phrase holds a character it does not compare like the regex; the regex
/// is used then.
static TRIE: LazyLock<Option<Trie>> = LazyLock::new(|| Trie::new(&PARAMS.phrases));

struct Trie {
    nodes: Vec<Node>,
    /// ASCII bytes that can start a phrase.
    starts: [bool; 128],
    /// Bit `256 * first + second`: whether an ASCII byte `first` followed by the byte `second`
    /// passes `starts` and [`Trie::second_may_follow`], as a table.
    pairs: Vec<u64>,
    /// Each byte's [`START`] and [`WORD`] bits, for the scan.
    class: [u8; 256],
    /// The ASCII start bytes for the eight-byte tests: letters (lower case, tested on lower-cased
    /// bytes, so either case passes) and the others.
    start_letters: Vec<u8>,
    start_others: Vec<u8>,
}

#[derive(Default)]
struct Node {
    edges: Vec<(char, usize)>,
    /// The first listed phrase that ends here.
    phrase: Option<usize>,
}

impl Trie {
    fn new(phrases: &[String]) -> Option<Trie> {
        let mut t = Trie {
            nodes: vec![Node::default()],
            starts: [false; 128],
            pairs: vec![0; 128 * 256 / 64],
            class: [0; 256],
            start_letters: Vec::new(),
            start_others: Vec::new(),
        };
        for (index, phrase) in phrases.iter().enumerate() {
            let mut node = 0;
            for (n, word) in phrase.split_whitespace().enumerate() {
                if n > 0 {
                    node = t.child(node, ' ');
                }
                for c in word.chars() {
                    let key = match c {
                        '\'' | '’' | '‘' | 'ʼ' => '\'',
                        c if c.is_ascii_alphanumeric() || c.is_ascii_punctuation() => {
                            c.to_ascii_lowercase()
                        }
                        _ => return None,
                    };
                    node = t.child(node, key);
                }
            }
            if node == 0 {
                return None;
            }
            t.nodes[node].phrase.get_or_insert(index);
        }
        for &(key, _) in &t.nodes[0].edges {
            t.starts[key as usize] = true;
            t.starts[key.to_ascii_uppercase() as usize] = true;
        }
        for c in 0..=255u8 {
            let start = if c.is_ascii() {
                t.starts[c as usize]
            } else {
                c >= 0xC0
            };
            t.class[c as usize] =
                if start { START } else { 0 } | if is_ascii_word(c) { WORD } else { 0 };
        }
        for c in 0..128u8 {
            let both_cases = t.starts[c.to_ascii_lowercase() as usize]
                && t.starts[c.to_ascii_uppercase() as usize];
            if c.is_ascii_lowercase() && both_cases {
                t.start_letters.push(c);
            } else if t.starts[c as usize] && !(c.is_ascii_uppercase() && both_cases) {
                t.start_others.push(c);
            }
        }
        for first in 0..128u8 {
            for second in 0..=255u8 {
                if t.starts[first as usize] && t.second_may_follow(&[first, second], 0) {
                    let bit = 256 * first as usize + second as usize;
                    t.pairs[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        Some(t)
    }

    fn child(&mut self, node: usize, key: char) -> usize {
        if let Some(&(_, next)) = self.nodes[node].edges.iter().find(|(k, _)| *k == key) {
            return next;
        }
        self.nodes.push(Node::default());
        let next = self.nodes.len() - 1;
        self.nodes[node].edges.push((key, next));
        next
    }

    fn next(&self, node: usize, key: char) -> Option<usize> {
        let edges = &self.nodes[node].edges;
        edges.iter().find(|(k, _)| *k == key).map(|&(_, n)| n)
    }

    /// The matches in `text`, leftmost first and not overlapping, as the regex's `find_iter`.
    ///
    /// The places to try are found 64 bytes at a time, as a bit mask built without a branch
    /// per byte: a byte that may start a phrase (an ASCII start, or the lead byte of another
    /// character), unless it and the byte before it are both ASCII word characters (no `\b`
    /// between them). Each place is then checked with the byte after it (`pairs`) before
    /// [`Trie::try_at`]'s own checks; most places fail there.
    fn find_iter(&self, text: &str) -> Vec<Range<usize>> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        // No match starts before the end of the last one.
        let mut from = 0;
        // Whether the byte before the block is an ASCII word character.
        let mut prev_word = false;
        for (n, chunk) in b.chunks(64).enumerate() {
            let (start, word) = self.masks(chunk);
            let joined = word & (word << 1 | u64::from(prev_word));
            prev_word = word >> 63 == 1;
            let mut places = start & !joined;
            while places != 0 {
                let i = 64 * n + places.trailing_zeros() as usize;
                places &= places - 1;
                if i < from || !self.pair_at(b, i) {
                    continue;
                }
                if let Some(end) = self.try_at(text, i) {
                    out.push(i..end);
                    from = end;
                }
            }
        }
        out
    }

    /// The bytes of `chunk` (at most 64) that may start a phrase, and those that are ASCII word
    /// characters, as bit masks. Eight ASCII bytes are tested at once; eight with another among
    /// them are looked up one by one in `class`.
    fn masks(&self, chunk: &[u8]) -> (u64, u64) {
        let (mut start, mut word) = (0u64, 0u64);
        for (w, bytes) in chunk.chunks(8).enumerate() {
            let mut block = [0u8; 8];
            block[..bytes.len()].copy_from_slice(bytes);
            let x = u64::from_le_bytes(block);
            let (s, c) = if x & bytes8::HIGH == 0 {
                let y = x | (bytes8::ONES * 0x20);
                let letters = self
                    .start_letters
                    .iter()
                    .fold(0, |m, &c| m | bytes8::equal(y, c));
                let others = self
                    .start_others
                    .iter()
                    .fold(0, |m, &c| m | bytes8::equal(x, c));
                let word = bytes8::within(y, b'a', b'z')
                    | bytes8::within(x, b'0', b'9')
                    | bytes8::equal(x, b'_');
                (bytes8::gather(letters | others), bytes8::gather(word))
            } else {
                bytes.iter().enumerate().fold((0, 0), |(s, c), (k, &b)| {
                    let class = self.class[b as usize];
                    (
                        s | u64::from(class & START != 0) << k,
                        c | u64::from(class & WORD != 0) << k,
                    )
                })
            };
            // Padding past the end of a short chunk is NUL, which neither test passes.
            start |= s << (8 * w);
            word |= c << (8 * w);
        }
        (start, word)
    }

    /// Whether the byte at `i` and the one after it may start a phrase, when both are known
    /// (an ASCII byte not at the end); else yes.
    fn pair_at(&self, b: &[u8], i: usize) -> bool {
        match (b[i], b.get(i + 1)) {
            (c, Some(&next)) if c.is_ascii() => {
                let bit = 256 * c as usize + next as usize;
                self.pairs[bit / 64] >> (bit % 64) & 1 == 1
            }
            _ => true,
        }
    }

    /// Whether a phrase may start at byte `i`: its first character starts one (by byte, or for a
    /// lead byte the character it begins, which may fold to a key: the Kelvin sign, the long s),
    /// its second may follow, and a word starts there.
    fn may_start_at(&self, text: &str, i: usize) -> bool {
        let b = text.as_bytes();
        let c = b[i];
        let may_start = if c.is_ascii() {
            self.starts[c as usize]
        } else {
            c >= 0xC0 && self.next(0, key(char_at(text, i).0)).is_some()
        };
        may_start && self.second_may_follow(b, i) && boundary(text, i)
    }

    /// The end of the match starting at `i`, by the checks `find_iter` makes at each place.
    fn try_at(&self, text: &str, i: usize) -> Option<usize> {
        if self.may_start_at(text, i) {
            self.match_at(text, i)
        } else {
            None
        }
    }

    /// Whether a phrase can go on from an ASCII first character at `i` with the character after
    /// it; most words that start like a phrase ("it", "the", "and") fail there, before the
    /// boundary check and the walk. Answers yes whenever it cannot tell: a non-ASCII character,
    /// or a phrase that could end after one character.
    fn second_may_follow(&self, b: &[u8], i: usize) -> bool {
        let Some(first) = b[i]
            .is_ascii()
            .then(|| self.next(0, (b[i] as char).to_ascii_lowercase()))
            .flatten()
        else {
            return true;
        };
        if self.nodes[first].phrase.is_some() {
            return true;
        }
        match b.get(i + 1) {
            None => false,
            Some(&c) if c.is_ascii() => {
                let c = c as char;
                let k = if c.is_whitespace() { ' ' } else { key(c) };
                self.next(first, k).is_some()
            }
            Some(_) => true,
        }
    }

    /// Where the first listed phrase that matches at `start` (ending at a word boundary) ends.
    fn match_at(&self, text: &str, start: usize) -> Option<usize> {
        let (mut node, mut at) = (0, start);
        let mut best: Option<(usize, usize)> = None;
        loop {
            if let Some(phrase) = self.nodes[node].phrase {
                if best.is_none_or(|(first, _)| phrase < first) && boundary(text, at) {
                    best = Some((phrase, at));
                }
            }
            if at >= text.len() {
                break;
            }
            let (c, len) = char_at(text, at);
            let (key, len) = if c.is_whitespace() {
                let run = text[at..]
                    .char_indices()
                    .find(|(_, c)| !c.is_whitespace())
                    .map_or(text.len() - at, |(k, _)| k);
                (' ', run)
            } else {
                (key(c), len)
            };
            match self.next(node, key) {
                Some(next) => (node, at) = (next, at + len),
                None => break,
            }
        }
        best.map(|(_, end)| end)
    }
}

#[cfg(test)]
impl Trie {
    /// `find_iter` as it was before the pair table: a branch on each byte, and a skip over
    /// runs of word characters. The reference the table scan is tested against.
    fn find_iter_by_bytes(&self, text: &str) -> Vec<Range<usize>> {
        let b = text.as_bytes();
        let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if self.may_start_at(text, i) {
                if let Some(end) = self.match_at(text, i) {
                    out.push(i..end);
                    i = end;
                    continue;
                }
            }
            i += 1;
            // No match starts inside a run of ASCII word characters: there is no `\b` there.
            if word_byte(c) {
                while i < b.len() && word_byte(b[i]) {
                    i += 1;
                }
            }
        }
        out
    }
}

/// A character as the trie keys it: ASCII lower case, `k` and `s` for the Kelvin sign and the
/// long s (their `(?i)` equivalents), `'` for any apostrophe.
fn key(c: char) -> char {
    match c {
        '\u{212A}' => 'k',
        '\u{17F}' => 's',
        '\'' | '’' | '‘' | 'ʼ' => '\'',
        c => c.to_ascii_lowercase(),
    }
}

/// [`Trie::class`] bits: a byte that may start a phrase, an ASCII word character.
const START: u8 = 1;
const WORD: u8 = 2;

/// An ASCII word character as `\b` sees it.
fn is_ascii_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Whether `at` is a Unicode word boundary (`\b`) in `text`.
fn boundary(text: &str, at: usize) -> bool {
    let is_word = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '_'
        } else {
            // The regex's own Unicode `\w`.
            regex_syntax::is_word_character(c)
        }
    };
    let before = text[..at].chars().next_back().is_some_and(is_word);
    let after = text[at..].chars().next().is_some_and(is_word);
    before != after
}

static FORMS: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = PARAMS.patterns.iter().map(|p| format!("(?:{p})")).collect();
    Regex::new(&format!(r"(?i){}", alternatives.join("|"))).expect("opener patterns")
});

/// The openers in `text`, in order: the phrases (by the trie when it holds every phrase, else
/// by the regex) and the patterns.
fn openers(text: &str) -> Vec<Range<usize>> {
    let mut found = match &*TRIE {
        Some(trie) => trie.find_iter(text),
        None => PHRASES.find_iter(text).map(|m| m.range()).collect(),
    };
    if !PARAMS.patterns.is_empty() {
        found.extend(
            FORMS
                .captures_iter(text)
                .filter_map(|c| c.name("said").or_else(|| c.get(0)).map(|m| m.range())),
        );
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    }
    found
}

#[cfg(test)]
pub(crate) fn phrase_count() -> usize {
    PHRASES.captures_len() + PARAMS.phrases.len()
}

/// A phrase as a pattern: any apostrophe for `'`, any run of spaces or line breaks for a space.
pub(crate) fn phrase_pattern(phrase: &str) -> String {
    let mut out = String::new();
    for word in phrase.split_whitespace() {
        if !out.is_empty() {
            out.push_str(r"\s+");
        }
        for c in word.chars() {
            if matches!(c, '\'' | '’' | '‘' | 'ʼ') {
                out.push_str("['’‘ʼ]");
            } else {
                out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
            }
        }
    }
    out
}

/// Whether `rest` (the text from a hit on) starts with one of the `unless` phrases.
fn made_specific(rest: &str, hit_len: usize) -> bool {
    PARAMS.unless.iter().any(|u| {
        rest.get(..u.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(u))
    }) || found_somewhere_named(rest.get(hit_len..).unwrap_or(""))
}

/// Whether what follows a profile opener names where it was found, a place of theirs that is
/// not the platform everyone is on: "I found your profile on BrightCrowd", "… in the Ohio State
/// alumni group", but not "… on LinkedIn".
fn found_somewhere_named(after: &str) -> bool {
    const EVERYONE_IS_ON: &[&str] = &[
        "LinkedIn",
        "Google",
        "Twitter",
        "X",
        "Facebook",
        "Instagram",
        "Sales",
        "Navigator",
    ];
    let mut words = after.split_whitespace();
    if !matches!(
        words.next(),
        Some("on" | "through" | "via" | "in" | "at" | "from")
    ) {
        return false;
    }
    let mut next = words.next();
    if matches!(next, Some("the" | "a" | "an")) {
        next = words.next();
    }
    next.map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
        .is_some_and(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && !EVERYONE_IS_ON.contains(&w)
        })
}

pub fn check(m: &Message, out: &mut Vec<Finding>) {
    // Pleasantries and introductions are fine between people who have talked.
    if !params::applies(m.a, ID) || !m.a.is_first_touch() {
        return;
    }
    let p = &m.prose;
    let found =
        (m.readings(|k| &k.openers, |text, _| openers(text))).flat_map(|(para, _, found)| {
            found
                .iter()
                .map(|h| para.start + h.start..para.start + h.end)
        });
    for hit in joined(found, p.text) {
        if !is_stock(p.text, &hit) {
            continue;
        }
        let said = &p.text[hit.clone()];
        let mut f = finding(
            ID,
            p.source(hit.clone()),
            format!("“{said}” is a stock opener: say what made you write to them instead."),
        );
        if let Some(fix) = fix(m, hit) {
            f.fixes.push(fix);
        }
        out.push(f);
    }
    subject_openers(m, out);
}

/// Whether a hit in `text` is the stock line itself: not part of a longer word ("reach
/// out-of-band" is not "reach out"), and not made specific by what follows it.
fn is_stock(text: &str, hit: &Range<usize>) -> bool {
    !text[hit.end..].starts_with('-')
        && !made_specific(&text[hit.start..], hit.len())
        && !names_a_piece(&text[hit.end..])
}

/// Whether the word after a site or blog opener names a piece of theirs: "I have seen your blog
/// post on retries" is about something they wrote, "I have seen your blog" is not.
fn names_a_piece(after: &str) -> bool {
    const PIECES: &[&str] = &[
        "post", "posts", "article", "articles", "entry", "piece", "episode", "video", "series",
    ];
    after.starts_with(' ')
        && after
            .split_whitespace()
            .next()
            .is_some_and(|w| PIECES.contains(&w.trim_end_matches(|c: char| !c.is_alphanumeric())))
}

/// Stock phrases that touch or overlap ("always looking to connect with" + "like-minded
/// professionals", "I came across your profile" + "came across your profile") are one stock
/// line: one finding. `found` is in order of start.
fn joined(found: impl Iterator<Item = Range<usize>>, text: &str) -> Vec<Range<usize>> {
    let mut hits: Vec<Range<usize>> = Vec::new();
    for hit in found {
        match hits.last_mut() {
            Some(last)
                if hit.start <= last.end + 1
                    && text[last.end..hit.start.max(last.end)].trim().is_empty() =>
            {
                last.end = last.end.max(hit.end);
            }
            _ => hits.push(hit),
        }
    }
    hits
}

/// A stock line in the subject ("Hope this finds you well", "I came across your profile") is the
/// first thing they read. Reported where it is written in the front-matter, with no rewrite:
/// front-matter edits belong to the safe edit layer, and the subject is for the writer to retitle.
fn subject_openers(m: &Message, out: &mut Vec<Finding>) {
    let Some(subject) = m.a.subject_text() else {
        return;
    };
    let line = &m.a.text()[subject.clone()];
    for hit in joined(openers(line).into_iter(), line) {
        if !is_stock(line, &hit) {
            continue;
        }
        out.push(finding(
            ID,
            subject.start + hit.start..subject.start + hit.end,
            format!(
                "In the subject: “{}” is a stock opener: say what the message is about instead.",
                &line[hit]
            ),
        ));
    }
}

fn fix(m: &Message, hit: Range<usize>) -> Option<Fix> {
    let p = &m.prose;
    let facts = &m.a.draft.facts;
    // A salutation in place of a greeting: greet them by name instead.
    if let Some(g) = m
        .greeting
        .as_ref()
        .filter(|g| g.salutation && g.range == hit)
    {
        let text = match &m.recipient {
            Some(r) => format!("Hi {}", r.first),
            None => PARAMS.greeting_without_name.clone(),
        };
        return Some(Fix {
            title: format!("Replace with “{text}”"),
            edits: vec![Edit {
                range: p.source(g.range.clone()),
                text,
            }],
            new_file: None,
            preferred: true,
            safe: false,
            kind: crate::engine::finding::FixKind::Rewrite,
        });
    }
    // A stock line that runs past its sentence's end has no one sentence to rewrite.
    let sentence = p.sentence_at(hit.start).filter(|s| hit.end <= s.end)?;
    // "Hi Priya, I came across your profile...": keep the greeting, replace what follows it.
    let greeting_end = m
        .greeting
        .as_ref()
        .map(|g| g.end)
        .filter(|&e| sentence.start < e && e <= hit.start);
    let start = greeting_end.unwrap_or(sentence.start);
    // "I wanted to reach out because I read your piece on…": the sentence already says what
    // made them write. A scaffold in its place would throw that away; the opener goes instead.
    if let Some(fix) = drop_before_reason(m, start, &hit, &sentence) {
        return Some(fix);
    }
    let template = match (&facts.role, &facts.company) {
        (Some(_), Some(_)) => &PARAMS.opener_role_company,
        (None, Some(_)) => &PARAMS.opener_company,
        (Some(_), None) => &PARAMS.opener_role,
        (None, None) => &PARAMS.opener_plain,
    };
    let value = |s: &Option<crate::engine::draft::Spanned<String>>| {
        s.as_ref().map_or(String::new(), |s| s.value.clone())
    };
    let mut opener = template
        .replace("{role}", &value(&facts.role))
        .replace("{company}", &value(&facts.company));
    if greeting_end.is_some() && p.text[..start].trim_end().ends_with(',') {
        opener = lowercase_first(&opener);
    }
    Some(Fix {
        title: "Replace with an opener about them (fill in the [marker])".into(),
        edits: vec![Edit {
            range: p.source(start..sentence.end),
            text: opener,
        }],
        new_file: None,
        preferred: true,
        safe: false,
        kind: crate::engine::finding::FixKind::Rewrite,
    })
}

/// Words that join a stock opener to the writer's own reason ("… because I read your post").
const REASON_JOINS: &[&str] = &["because", "since", "as"];

/// The opener and its "because" removed, when the stock opener starts the sentence (after any
/// greeting) and a reason of a few words follows it: "Hi Dan, I wanted to reach out because I
/// read your piece." → "Hi Dan, I read your piece."
fn drop_before_reason(
    m: &Message,
    start: usize,
    hit: &Range<usize>,
    sentence: &Range<usize>,
) -> Option<Fix> {
    let p = &m.prose;
    if !p.text[start..hit.start].trim().is_empty() {
        return None;
    }
    let rest = &p.text[hit.end..sentence.end];
    let trimmed = rest.trim_start();
    let join = trimmed.split_whitespace().next()?;
    if !REASON_JOINS.iter().any(|j| j.eq_ignore_ascii_case(join)) {
        return None;
    }
    let reason = trimmed[join.len()..].trim_start();
    // Only a reason about them answers the finding ("because we help credit unions…" does not).
    let about_them = reason
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .any(|w| {
            matches!(
                w.to_lowercase().replace('’', "'").as_str(),
                "you" | "your" | "you're" | "you've" | "yours"
            )
        });
    if reason.split_whitespace().count() < 4 || !about_them {
        return None;
    }
    let end = hit.end + (rest.len() - reason.len());
    let first = reason.chars().next()?;
    let after_comma = p.text[..start].trim_end().ends_with(',');
    let text: String = if after_comma || first == 'I' {
        first.to_string()
    } else {
        first.to_uppercase().collect()
    };
    let taken = p.text[hit.start..end].trim_end();
    Some(Fix {
        title: format!("Remove “{taken}”"),
        edits: vec![Edit {
            range: p.source(hit.start..end + first.len_utf8()),
            text,
        }],
        new_file: None,
        preferred: true,
        safe: false,
        kind: crate::engine::finding::FixKind::Rewrite,
    })
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        // A marker keeps its case: "[What stood out] caught my eye."
        Some(c) if c != '[' => c.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::ID;

    /// A listed phrase as someone might type it, from `seed`'s bits: each letter in either case
    /// (or as the Kelvin sign or long s), any apostrophe, any whitespace run, sometimes cut
    /// short or run into more letters.
    fn typed(phrase: &str, seed: u64) -> String {
        let mut bits = seed;
        let mut take = |n: u64| {
            let v = bits % n;
            bits = bits.rotate_right(3) ^ 0x9E37_79B9_7F4A_7C15;
            v
        };
        let mut out = String::new();
        for c in phrase.chars() {
            match c {
                ' ' => {
                    out.push_str(["  ", "\n", "\u{3000}", " ", "\t", "\u{A0}"][take(6) as usize])
                }
                '\'' => out.push(['\'', '’', '‘', 'ʼ', '`'][take(5) as usize]),
                'k' | 'K' if take(3) == 0 => out.push('\u{212A}'),
                's' | 'S' if take(3) == 0 => out.push('\u{17F}'),
                c if take(2) == 0 => out.push(c.to_ascii_uppercase()),
                c => out.push(c.to_ascii_lowercase()),
            }
        }
        match take(8) {
            0 => out.truncate(crate::text::floor_char_boundary(&out, out.len() / 2)),
            1 => out.push_str("ness"),
            2 => out.push('-'),
            3 => out.push('\u{301}'),
            _ => {}
        }
        out
    }

    proptest::proptest! {
        /// The trie finds what the regex finds, in typed phrases among other words.
        #[test]
        fn the_trie_finds_the_regex_matches(
            parts in proptest::collection::vec(
                (0usize..64, proptest::num::u64::ANY, "[ a-zA-Z_0-9é.,'’\u{301}\u{200D}İı-]{0,6}"),
                1..6,
            )
        ) {
            let phrases = &super::PARAMS.phrases;
            let mut text = String::new();
            for (pick, seed, noise) in &parts {
                text.push_str(noise);
                if let Some(p) = phrases.get(*pick) {
                    text.push_str(&typed(p, *seed));
                }
            }
            let trie = super::TRIE.as_ref().expect("the built-in phrases fit the trie");
            let by_regex: Vec<_> = super::PHRASES.find_iter(&text).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(trie.find_iter(&text), by_regex);
        }

        /// The pair-table scan finds what the byte-by-byte scan it replaced finds, in text
        /// dense with phrase starts, word joins and non-ASCII characters.
        #[test]
        fn the_table_scan_finds_what_the_byte_scan_found(
            text in "([ a-zA-Z_0-9.,'’\n-]|[éİıſK\u{212A}\u{301}\u{A0}\u{3000}👋]|I |i'|to |hope |add |I came across your profile|hope this finds you well|To whom it may concern){0,30}"
        ) {
            let trie = super::TRIE.as_ref().expect("the built-in phrases fit the trie");
            proptest::prop_assert_eq!(trie.find_iter(&text), trie.find_iter_by_bytes(&text));
        }
    }

    #[test]
    fn stock_network_lines_fire_once_on_a_first_touch_only() {
        let head = "---\nchannel: connection-note\nto: Sam Lee\n---\n";
        for line in [
            "I'm always keen to grow my network with great people.",
            "LinkedIn thinks we may know each other.",
            "I see you're on LinkedIn too.",
            "Dear Valued Professional, I'd like to connect.",
            "Hope you're doing well! Loved your talk.",
            "I'm always looking to connect with like-minded professionals.",
            "I'm reaching out because I saw your team is growing.",
            "I trust this email finds you well.",
            "I found your contact information on the website.",
            "LinkedIn suggests we may know each other.",
            "I was just taking a look at your LinkedIn profile.",
            "I'm expanding my network in fintech.",
            "Building connections in this space.",
            "Hope you are doing good. Quick question.",
            "We came across your website and liked it.",
            "I stumbled upon your blog last night.",
            "I'm reaching out from Acme about payroll.",
            "I'm emailing you because we launched a tool.",
            "Hope you are well. I came across your GitHub profile while browsing.",
            "I came across {{company}} and was impressed by your work.",
            "We are connected on LinkedIn for a while now.",
            "I have seen your blog at example.com.",
            "While surfing, I've run into your site.",
            "I saw your beautiful collection on Instagram.",
            "Hope you are doing great! Quick question.",
            "I was impressed by your profile.",
            "Hope all is good on your end.",
            "I'm contacting you because we launched a tool.",
            "I found you on LinkedIn.",
            "I'm always excited to connect with founders.",
            "I was scrolling through your Instagram and had to write.",
            "I came across (https://example.org/) and would like to ask a question.",
        ] {
            let text = format!("{head}Hi Sam, {line}");
            let f = findings(&text, super::ID);
            assert_eq!(f.len(), 1, "{line}: {f:?}");
            let later =
                format!("---\nchannel: message\nto: Sam Lee\nmet: true\n---\nHi Sam, {line}");
            assert!(findings(&later, super::ID).is_empty(), "{line}");
        }
        let good =
            format!("{head}Hi Sam, your talk on retries at KubeCon was great. Open to connect?");
        assert!(findings(&good, super::ID).is_empty());
        // What they made, found and named, is a hook, not a stock line.
        for line in [
            "I have seen your blog post on retries: the backoff chart is great.",
            "I saw your collection post on Instagram about dye lots.",
            "I was impressed by your profile piece in Wired on retries.",
            "I found you on the KubeCon speaker list.",
            "I was scrolling through your thread on retries and the chart stuck with me.",
            "I came across https://sam.dev/retries, your post on backoff.",
        ] {
            let text = format!("{head}Hi Sam, {line}");
            assert!(findings(&text, super::ID).is_empty(), "{line}");
        }
    }

    #[test]
    fn a_stock_line_in_the_subject_is_reported_where_it_is_written() {
        let text = "---\nchannel: email\nto: Sam Lee\nsubject: '🚀 I came across your profile'\n---\nHi Sam, your RustConf talk was great. How did you pick Tokio?";
        let f = findings(text, super::ID);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(&text[f[0].range.clone()], "I came across your profile");
        assert!(
            f[0].message.starts_with("In the subject:"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].fixes
                .iter()
                .all(|x| x.kind == crate::engine::finding::FixKind::Suppression),
            "the subject is for the writer to retitle: {:?}",
            f[0].fixes
        );
        // After a meeting, and on a subject that says what the message is about: silent.
        let met = text.replace("to: Sam Lee\n", "to: Sam Lee\nmet: true\n");
        assert!(findings(&met, super::ID).is_empty());
        let plain = text.replace("I came across your profile", "Tokio at RustConf");
        assert!(findings(&plain, super::ID).is_empty());
    }

    #[test]
    fn the_platform_the_network_and_the_follow_as_reasons_are_stock_openers() {
        let head = "---\nchannel: message\nto: Sam Lee\n---\n";
        for (line, said) in [
            (
                "LinkedIn suggested you as a marketing leader.",
                "LinkedIn suggested you",
            ),
            (
                "I'm building out my network of marketers.",
                "building out my network",
            ),
            (
                "Your LinkedIn profile caught my attention.",
                "Your LinkedIn profile caught my attention",
            ),
            ("Thanks for the re-follow!", "Thanks for the re-follow"),
            ("I'm so glad we've connected.", "so glad we've connected"),
            (
                "I hope all is going well with you.",
                "I hope all is going well",
            ),
            (
                "I wanted to take the opportunity and introduce myself.",
                "introduce myself",
            ),
            (
                "I have gone through your site and like it.",
                "have gone through your site",
            ),
            (
                "I hope you are having a great day!",
                "hope you are having a great day",
            ),
            (
                "I'm impressed by what you're building.",
                "impressed by what you're building",
            ),
            (
                "While looking through resumes, yours caught my eye.",
                "yours caught my eye",
            ),
            (
                "I hope you're having a productive Tuesday.",
                "hope you're having a productive Tuesday",
            ),
            (
                "I am writing this to express my sincere interest.",
                "writing this to express my sincere interest",
            ),
        ] {
            let text = format!("{head}Hi Sam, {line}");
            let f = findings(&text, super::ID);
            assert_eq!(f.len(), 1, "{line}: {f:?}");
            assert_eq!(&text[f[0].range.clone()], said);
            // After a meeting the same line is a pleasantry between people who know each other.
            let later = text.replace("to: Sam Lee\n", "to: Sam Lee\nmet: true\n");
            assert!(findings(&later, super::ID).is_empty(), "{line}");
        }
        // Their network and their follow-up on a thread are about them.
        let good = format!("{head}Hi Sam, your network map of Leeds founders was great. Thanks for the follow-up on the thread.");
        assert!(findings(&good, super::ID).is_empty());
    }

    #[test]
    fn pleasantries_in_the_shapes_people_vary_them_are_stock_openers() {
        let head = "---\nchannel: inmail\nto: Sam Lee\n---\n";
        for (line, said) in [
            (
                "I hope this e-mail reaches you in good spirits.",
                "I hope this e-mail reaches you in good spirits",
            ),
            ("I trust you are doing well.", "I trust you are doing well"),
            (
                "I happened upon your LinkedIn page today.",
                "happened upon your LinkedIn page",
            ),
            (
                "I hope you're keeping well in these crazy times.",
                "hope you're keeping well",
            ),
            (
                "Hope your week is off to a great start.",
                "Hope your week is off to a great start",
            ),
            (
                "I noticed we're both in the same industry.",
                "we're both in the same industry",
            ),
            (
                "It would be great to connect with you.",
                "great to connect with you",
            ),
            (
                "Let me introduce our company, Acme.",
                "Let me introduce our company",
            ),
        ] {
            let text = format!("{head}Hi Sam, {line}");
            let f = findings(&text, super::ID);
            assert_eq!(f.len(), 1, "{line}: {f:?}");
            assert_eq!(&text[f[0].range.clone()], said);
        }
        // A hope about their work is not a pleasantry.
        let text = format!("{head}Hi Sam, I hope your launch in Leeds goes well. Loved the demo.");
        assert!(findings(&text, super::ID).is_empty());
    }

    #[test]
    fn the_block_scan_finds_what_the_byte_scan_found_at_every_length() {
        let trie = super::TRIE.as_ref().unwrap();
        let base = "xI came across your profile, hope this finds you well;_To whom it may \
                    concern ’I’d like to add you to my professional network\u{212A} i'd"
            .repeat(3);
        for len in (0..=base.len()).filter(|&l| base.is_char_boundary(l)) {
            let text = &base[..len];
            assert_eq!(trie.find_iter(text), trie.find_iter_by_bytes(text), "{len}");
        }
    }

    #[test]
    fn the_trie_and_the_regex_agree_on_plain_cases() {
        let trie = super::TRIE.as_ref().unwrap();
        for text in [
            "Hi, I hope this message finds you well. I came across your profile.",
            "hope this\n finds you wellness, I’D LIKE TO ADD YOU TO MY PROFE\u{17F}\u{17F}IONAL NETWOR\u{212A}",
            "xI came across your profile and _I came across your profile_ and éI hope this finds you well",
        ] {
            let by_regex: Vec<_> = super::PHRASES.find_iter(text).map(|m| m.range()).collect();
            assert!(!by_regex.is_empty());
            assert_eq!(trie.find_iter(text), by_regex, "{text}");
        }
    }

    const PRIYA: &str = "---\nchannel: connection-note\nto: Priya Sharma\ncompany: Razorpay\nrole: Product Manager\n---\n";

    #[test]
    fn a_stock_opener_fires_and_the_fix_leaves_a_marked_hook() {
        let text = format!("{PRIYA}Hi Priya, I came across your profile and was impressed by your background. I'd love to connect!");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        let start = text.find("I came").unwrap();
        assert_eq!(
            f[0].range,
            start..start + "I came across your profile".len()
        );
        let fixed = apply(&text, &f[0].fixes[0]);
        assert!(fixed.ends_with("Hi Priya, your work as Product Manager at Razorpay caught my eye, especially [what stood out]. I'd love to connect!"), "{fixed}");
        assert!(findings(&fixed, ID).is_empty());
        // The marker is a placeholder on purpose, and is the only new trouble.
        let unfilled = findings(&fixed, "placeholder.unfilled");
        assert_eq!(unfilled.len(), 1);
        assert_eq!(covered(&fixed, &unfilled[0]), "[what stood out]");
        assert_eq!(serious(&fixed), vec!["placeholder.unfilled".to_string()]);
        let filled = fixed.replace("[what stood out]", "your post on UPI autopay");
        assert_eq!(serious(&filled), Vec::<String>::new());
    }

    #[test]
    fn an_opener_before_its_own_reason_goes_and_the_reason_stays() {
        // Found by QA: the scaffold replaced a sentence that already named their piece.
        let text = format!("{PRIYA}Hi Priya, I wanted to reach out because I read your piece on UPI autopay. Connect?");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].fixes[0].title,
            "Remove “I wanted to reach out because”"
        );
        let fixed = apply(&text, &f[0].fixes[0]);
        assert!(
            fixed.ends_with("Hi Priya, I read your piece on UPI autopay. Connect?"),
            "{fixed}"
        );
        assert!(findings(&fixed, ID).is_empty(), "{fixed}");
        let text = format!(
            "{PRIYA}I wanted to reach out because your piece on UPI autopay was great. Connect?"
        );
        let fixed = apply(&text, &findings(&text, ID)[0].fixes[0]);
        assert!(
            fixed.ends_with("\nYour piece on UPI autopay was great. Connect?"),
            "{fixed}"
        );
        // A reason about the writer is no hook: the scaffold, as before.
        let text =
            format!("{PRIYA}I wanted to reach out because we help banks with payments. Connect?");
        let f = findings(&text, ID);
        assert!(
            f[0].fixes[0].title.starts_with("Replace with an opener"),
            "{:?}",
            f[0].fixes
        );
    }

    #[test]
    fn blank_lines_before_the_body_keep_ranges_exact() {
        let text = format!("{PRIYA}\n\n  Hi Priya, I came across your profile. Connect?");
        let f = findings(&text, ID);
        assert_eq!(covered(&text, &f[0]), "I came across your profile");
    }

    #[test]
    fn curly_apostrophes_case_and_line_breaks_match() {
        let text =
            format!("{PRIYA}Hi, I’d like to add you to my professional network on LinkedIn.");
        let f = findings(&text, ID);
        assert_eq!(
            covered(&text, &f[0]),
            "I’d like to add you to my professional network"
        );
        let text = "---\nchannel: email\nto: Olivia Turner\nsubject: Repairs\n---\nHi Olivia,\r\n\r\ni HOPE this message\r\nfinds you well. How do you pick items?";
        let f = findings(text, ID);
        assert_eq!(
            covered(text, &f[0]),
            "i HOPE this message\r\nfinds you well"
        );
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(
            fixed.contains("\r\n\r\n[What stood out about their work] caught my eye. How do"),
            "{fixed:?}"
        );
    }

    #[test]
    fn a_salutation_is_replaced_by_a_greeting() {
        let text = "---\nchannel: email\nto: Sarah Chen\nsubject: Hi\n---\nTo whom it may concern,\n\nYour post on retries was great. Can I ask one thing?";
        let f = findings(text, ID);
        assert_eq!(covered(text, &f[0]), "To whom it may concern");
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(fixed.contains("---\nHi Sarah,\n\nYour post"));
        assert!(findings(&fixed, ID).is_empty());
        assert_eq!(serious(&fixed), Vec::<String>::new());
    }

    #[test]
    fn silent_near_misses() {
        for body in [
            "Hi Mark, Jane Smith suggested I reach out. Hope to connect.",
            "Hi Dana, hope your week is going well. How is the team?",
            "Hi Priya, I came across your post on UPI autopay. Great read!",
            "Hi Priya, <!-- I came across your profile --> loved your UPI post.",
            "Hi Priya, I wanted to reach out-of-band ideas? No: loved your post.",
            "Hi Priya, I found your profile through the Ohio State alumni network.",
            "Hi Priya, I found your profile on BrightCrowd, and we're both Michigan grads.",
            "Hi Priya, I came across your profile in the Rust Belt Founders group.",
        ] {
            let text = format!("{PRIYA}{body}");
            assert!(findings(&text, ID).is_empty(), "{body}");
        }
        // Where everyone is found says nothing.
        for body in [
            "Hi Priya, I found your profile on LinkedIn and wanted to connect.",
            "Hi Priya, I came across your profile in my feed.",
        ] {
            let text = format!("{PRIYA}{body}");
            assert_eq!(findings(&text, ID).len(), 1, "{body}");
        }
    }
}
