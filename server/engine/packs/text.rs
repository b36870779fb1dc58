//! Where pack rules look, and the sentence arithmetic their fixes need.
//!
//! Pack rules read the body only: never the front-matter, never HTML comments (notes to self), and
//! never URLs or email addresses, whose words are not prose ("example.com/free-trial").

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::engine::Analysis;

/// Web addresses: a literal start (`http`, `www.`) keeps this search fast.
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:https?://|www\.)[^\s<>()]+").expect("url regex"));

/// The parts of `within` (the body, or a part of it) that are prose: minus comments, URLs and
/// email addresses.
pub fn prose_regions(a: &Analysis, within: Range<usize>) -> Vec<Range<usize>> {
    let text = a.text();
    let mut out = Vec::new();
    for part in gaps(within, &a.comments) {
        let s = &text[part.clone()];
        let mut skip: Vec<Range<usize>> = URL
            .find_iter(s)
            .map(|m| m.range())
            .chain(emails(s))
            .map(|r| part.start + r.start..part.start + r.end)
            .collect();
        skip.sort_by_key(|r| r.start);
        out.extend(gaps(part, &skip));
    }
    out.retain(|r| !r.is_empty());
    out
}

/// The body's paragraphs: runs of lines that are not blank, split at blank lines outside
/// comments (a comment with a blank line in it stays in one paragraph). Each starts at the
/// start of a line and ends before the line break of its last line. Phrases, URLs and addresses
/// never run across a blank line, so pack rules can read a paragraph at a time.
pub fn paragraphs(body: Range<usize>, text: &str, comments: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut end = body.start;
    let mut line_start = body.start;
    let mut comment = 0;
    for line in crate::text::lines_inclusive(&text[body.clone()]) {
        let content = line.trim_end_matches(['\n', '\r']);
        while comment < comments.len() && comments[comment].end <= line_start {
            comment += 1;
        }
        let in_comment = comments
            .get(comment)
            .is_some_and(|c| c.start < line_start && line_start < c.end);
        if content.trim().is_empty() && !in_comment {
            if let Some(start) = open.take() {
                out.push(start..end);
            }
        } else {
            open.get_or_insert(line_start);
            end = line_start + content.len();
        }
        line_start += line.len();
    }
    if let Some(start) = open {
        out.push(start..end);
    }
    out
}

/// Email addresses in `s`, found from their `@`.
fn emails(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let domain = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-');
    let mut out = Vec::new();
    for (at, _) in s.match_indices('@') {
        let mut start = at;
        while start > 0 && local(b[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < b.len() && domain(b[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
            end -= 1;
        }
        if start < at && s[at + 1..end].contains('.') {
            out.push(start..end);
        }
    }
    out
}

/// `range` minus the sorted, non-overlapping `skip` ranges.
pub fn gaps(range: Range<usize>, skip: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = range.start;
    for s in skip {
        if s.end <= pos || s.start >= range.end {
            continue;
        }
        if s.start > pos {
            out.push(pos..s.start);
        }
        pos = pos.max(s.end);
    }
    if pos < range.end {
        out.push(pos..range.end);
    }
    out
}

/// Byte ranges in the body where the recipient's name, company or role is written: words there
/// are names ("Cash App", "IKEA"), not the writer's choice of words.
pub fn fact_mentions(a: &Analysis, within: Range<usize>) -> Vec<Range<usize>> {
    let text = a.text();
    let body = within;
    let facts = &a.draft.facts;
    let mut out = Vec::new();
    let values = [&facts.company, &facts.to, &facts.role];
    for value in values.into_iter().flatten() {
        let needle = value.value.trim();
        if needle.len() < 2 {
            continue;
        }
        out.extend(
            mentions(&text[body.clone()], needle)
                .into_iter()
                .map(|r| body.start + r.start..body.start + r.end),
        );
    }
    out.sort_by_key(|r| r.start);
    out
}

/// Where `needle` is written in `hay`, ASCII letters in any case, left to right without overlaps.
/// Each value is searched on its own: the mentions of different values may overlap.
fn mentions(hay: &str, needle: &str) -> Vec<Range<usize>> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = 0;
    while at + n.len() <= h.len() {
        let Some(start) = next_start(h, at, n) else {
            break;
        };
        // A lead byte never equals a continuation byte: matches start on character boundaries.
        if h[start..start + n.len()].eq_ignore_ascii_case(n) {
            out.push(start..start + n.len());
            at = start + n.len();
        } else {
            at = start + 1;
        }
    }
    out
}

/// The first place from `from` where `needle` (not empty, and fitting in `h` from `from`) may
/// start: its first byte and the one after it, ASCII letters in either case. Eight places are
/// tested at once (most sentences have an `s`, few an `sa`); the last few one by one.
fn next_start(h: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    use crate::engine::words::bytes8::equal_any;
    let either =
        |x: u64, c: u8| equal_any(x, c.to_ascii_lowercase()) | equal_any(x, c.to_ascii_uppercase());
    let last = h.len() - needle.len();
    let word = |i: usize| u64::from_le_bytes(h[i..i + 8].try_into().unwrap_or([0; 8]));
    let mut i = from;
    // Eight places from `i` on, and the byte after each.
    while i + 7 <= last && i + 9 <= h.len() {
        let mut places = either(word(i), needle[0]);
        if let Some(&second) = needle.get(1) {
            places &= either(word(i + 1), second);
        }
        if places != 0 {
            return Some(i + places.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    (i..=last).find(|&k| {
        h[k].eq_ignore_ascii_case(&needle[0])
            && needle
                .get(1)
                .is_none_or(|second| h[k + 1].eq_ignore_ascii_case(second))
    })
}

/// Sorted ranges merged where they overlap, so that at most one can overlap any range.
/// Ranges that only touch stay apart: an empty range between them overlaps neither.
pub fn disjoint(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Whether `range` overlaps one of the sorted, disjoint `ranges` (as `a.start < b.end &&
/// b.start < a.end`).
pub fn overlaps_any(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    let i = ranges.partition_point(|r| r.end <= range.start);
    ranges
        .get(i)
        .is_some_and(|r| r.start < range.end && range.start < r.end)
}

/// The sentence around `at`, within `region`: from after the previous `.`, `!`, `?` or line
/// break to the end of the sentence (its closing punctuation included), trimmed.
pub fn sentence_at(text: &str, region: &Range<usize>, at: Range<usize>) -> Range<usize> {
    let before = &text[region.start..at.start];
    let mut start = region.start;
    for (i, c) in before.char_indices().rev() {
        if c == '\n' || c == '\r' {
            start = region.start + i + 1;
            break;
        }
        if matches!(c, '.' | '!' | '?' | '…')
            || ends_with_emoji(&text[region.start..region.end], i, c)
        {
            let next = before[i + c.len_utf8()..].chars().next();
            if next.is_none_or(char::is_whitespace) {
                start = region.start + i + c.len_utf8();
                break;
            }
        }
    }
    let after = &text[at.end..region.end];
    let mut end = region.end;
    let mut chars = after.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' || c == '\r' {
            end = at.end + i;
            break;
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            // Take a run of closing punctuation ("?!", "...").
            let mut stop = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if matches!(d, '.' | '!' | '?' | '…' | '"' | '”' | ')') {
                    stop = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if after[stop..].chars().next().is_none_or(char::is_whitespace) {
                end = at.end + stop;
                break;
            }
        }
        if ends_with_emoji(after, i, c) {
            end = at.end + i + c.len_utf8();
            break;
        }
    }
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    start + lead..(end - trail).max(start + lead)
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF)
}

/// Whether the character `c` at `i` in `s` is an emoji that ends a sentence in place of a full
/// stop: a space and a capital follow it ("Bumping this up 🙂 Any thoughts?"). Before a small
/// letter ("Ciao Marco 👋 we help…") the sentence goes on.
fn ends_with_emoji(s: &str, i: usize, c: char) -> bool {
    if !is_emoji(c) {
        return false;
    }
    let rest = &s[i + c.len_utf8()..];
    let rest = rest.trim_start_matches(['\u{FE0F}', '\u{200D}']);
    let after = rest.trim_start_matches([' ', '\t']);
    after.len() < rest.len() && after.chars().next().is_some_and(char::is_uppercase)
}

static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b[^,.!?:;\r\n]{0,40}[,!:;—–][ \t]*")
        .expect("greeting regex")
});

/// Where `sentence` starts once a greeting that opens it ("Hi Sarah, ") is left out: a fix that
/// rewrites or removes the sentence keeps the greeting.
pub fn after_greeting(text: &str, sentence: &Range<usize>) -> usize {
    GREETING
        .find(&text[sentence.clone()])
        .map_or(sentence.start, |m| sentence.start + m.end())
}

/// Whether `at` begins a sentence: only spaces, opening quotes or nothing since the last
/// sentence end or line break in `region`.
pub fn starts_sentence(text: &str, region: &Range<usize>, at: usize) -> bool {
    for c in text[region.start..at].chars().rev() {
        match c {
            ' ' | '\t' | '"' | '“' | '(' => continue,
            '\n' | '\r' | '.' | '!' | '?' | '…' => return true,
            // An emoji before a capital ends a sentence (see `ends_with_emoji`).
            c if is_emoji(c) => return text[at..].chars().next().is_some_and(char::is_uppercase),
            _ => return false,
        }
    }
    true
}

/// `s` with its first letter upper-cased.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `s` with its first letter lower-cased, unless it is "I" or "I'm" and the like.
pub fn decapitalize(s: &str) -> String {
    let first_word = s.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    if first_word == "I" || first_word.chars().skip(1).any(char::is_uppercase) {
        return s.to_string();
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_bounds_stop_at_punctuation_and_line_breaks() {
        let t = "Hi Sam,\nI saw it. Any update?! Thanks";
        let r = 0..t.len();
        let at = t.find("update").unwrap();
        assert_eq!(&t[sentence_at(t, &r, at..at + 6)], "Any update?!");
        let at = t.find("saw").unwrap();
        assert_eq!(&t[sentence_at(t, &r, at..at + 3)], "I saw it.");
        assert!(starts_sentence(t, &r, t.find("Any").unwrap()));
        assert!(!starts_sentence(t, &r, t.find("saw").unwrap()));
        // A decimal point does not end a sentence.
        let t = "It grew 2.5x last year.";
        assert_eq!(&t[sentence_at(t, &(0..t.len()), 8..11)], t);
        // Found by QA: an emoji before a capital ends a sentence ("Bumping this 🙂 Any
        // thoughts?" lost its question to the lazy follow-up rewrite); before a small letter it
        // does not.
        let t = "Bumping this to the top 🙂 Any thoughts?";
        let r = 0..t.len();
        assert_eq!(&t[sentence_at(t, &r, 0..7)], "Bumping this to the top 🙂");
        let at = t.find("Any").unwrap();
        assert_eq!(&t[sentence_at(t, &r, at..at + 3)], "Any thoughts?");
        let t = "Ciao Marco 👋 we help bars. Bye";
        assert_eq!(
            &t[sentence_at(t, &(0..t.len()), 0..4)],
            "Ciao Marco 👋 we help bars."
        );
    }

    #[test]
    fn overlap_tests_match_a_scan_of_every_range() {
        let ranges = vec![10..14, 2..5, 3..8, 14..20, 30..31];
        let merged = disjoint(ranges.clone());
        assert_eq!(merged, vec![2..8, 10..14, 14..20, 30..31]);
        for start in 0..33 {
            for end in start..33 {
                let r = start..end;
                let scan = ranges.iter().any(|x| x.start < r.end && r.start < x.end);
                assert_eq!(overlaps_any(&merged, &r), scan, "{r:?}");
            }
        }
    }

    #[test]
    fn gaps_skip_ranges() {
        assert_eq!(gaps(0..10, &[2..4, 6..7]), vec![0..2, 4..6, 7..10]);
        assert_eq!(gaps(5..10, &[0..6]), vec![6..10]);
    }

    #[test]
    fn case_helpers() {
        assert_eq!(capitalize("éclair"), "Éclair");
        assert_eq!(decapitalize("I saw"), "I saw");
        assert_eq!(decapitalize("Open to"), "open to");
        assert_eq!(decapitalize("ROI first"), "ROI first");
    }

    /// The search as it was: a lower-cased copy and `str::find`.
    fn mentions_by_lowering(hay: &str, needle: &str) -> Vec<Range<usize>> {
        let lower = hay.to_ascii_lowercase();
        let needle = needle.to_ascii_lowercase();
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(i) = lower[from..].find(&needle) {
            out.push(from + i..from + i + needle.len());
            from += i + needle.len();
        }
        out
    }

    #[test]
    fn mentions_are_found_as_by_lowering_at_every_length() {
        let hay = "xsarah Sarah SARAH chen sa saRAH sSarahh é Éa ée s".repeat(3);
        for len in (0..=hay.len()).filter(|&l| hay.is_char_boundary(l)) {
            for needle in ["Sarah", "s", "sa", "é", "Éa", "h c"] {
                let h = &hay[..len];
                assert_eq!(
                    mentions(h, needle),
                    mentions_by_lowering(h, needle),
                    "{len} {needle}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn mentions_are_found_as_by_lowering(
            hay in "(?s)([aAbB ]|ab|AB|İ|é|É|\\PC){0,40}",
            needle in "([aAbB ]|ab|é|É|\\PC){2,4}",
        ) {
            proptest::prop_assert_eq!(mentions(&hay, &needle), mentions_by_lowering(&hay, &needle));
        }
    }
}
