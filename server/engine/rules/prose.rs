//! The message read as prose, once per lint, for the rules about how it is written: words,
//! sentences and paragraphs of the rendered text (what is sent: no comments, placeholders filled),
//! and the way back from a rendered range to the file.
//!
//! Ranges here are byte offsets into `Rendered::text`; [`Prose::source`] maps them to the file.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::engine::render::Rendered;

/// Web and mail addresses: not words, and their dots and question marks end no sentence.
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+").expect("address regex")
});

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "mx", "prof", "st", "vs", "etc", "inc", "ltd", "jr", "sr", "no",
    "approx", "e.g", "i.e", "eg", "ie", "cf", "co", "corp", "dept", "est", "fig", "min", "max",
];

/// The prose, paragraph by paragraph: each paragraph's words, sentences and addresses are its
/// own (in offsets from its start), and the message's are worked out from them when asked, so
/// a lint of a long message that kept its paragraphs copies none of them.
pub struct Prose<'a> {
    rendered: &'a Rendered,
    pub text: &'a str,
    /// Blocks of text between blank lines.
    pub paragraphs: Vec<Range<usize>>,
    /// Each paragraph's words, sentences and addresses, in the order of `paragraphs`.
    parts: Vec<SharedParts>,
    word_count: usize,
}

/// A paragraph's parts as a lint holds them: kept by the memo, or made for this lint.
pub type SharedParts = std::sync::Arc<dyn AsRef<ProseParts> + Send + Sync>;

/// A paragraph's words, sentences and addresses, in offsets from its start: what [`Prose`] is
/// made of, and what a lint keeps per paragraph (see `engine::memo`).
/// Words: runs of letters and digits, with inner apostrophes and hyphens (`I'm`, `co-founder`).
/// Addresses (web and mail): their `?` asks nothing and their dots end no sentence.
#[derive(Debug, Default, PartialEq)]
pub struct ProseParts {
    pub words: Vec<Range<usize>>,
    pub sentences: Vec<Range<usize>>,
    pub addresses: Vec<Range<usize>>,
}

impl AsRef<ProseParts> for ProseParts {
    fn as_ref(&self) -> &ProseParts {
        self
    }
}

impl ProseParts {
    /// Reads one paragraph (no blank line inside it, no space at either end). Nothing of the
    /// text around it counts: words, sentences and addresses never run across a blank line.
    pub fn of(paragraph: &str) -> ProseParts {
        // An address does not take the full stop or bracket that follows it in a sentence.
        let addresses: Vec<_> = ADDRESS
            .find_iter(if may_hold_address(paragraph) {
                paragraph
            } else {
                ""
            })
            .map(|m| {
                let kept = m
                    .as_str()
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
                m.start()..m.start() + kept.len()
            })
            .collect();
        let mut sentences = Vec::new();
        split_sentences(paragraph, 0..paragraph.len(), &addresses, &mut sentences);
        ProseParts {
            words: words(paragraph, &addresses),
            sentences,
            addresses,
        }
    }
}

impl<'a> Prose<'a> {
    #[cfg(test)]
    pub fn new(rendered: &'a Rendered) -> Prose<'a> {
        Prose::read(rendered, |_, paragraph| {
            let parts: SharedParts = std::sync::Arc::new(ProseParts::of(paragraph));
            parts
        })
    }

    /// Reads the text paragraph by paragraph, taking each paragraph's parts from `parts` (given
    /// its range and text; it may have kept them from an earlier lint).
    pub fn read(
        rendered: &'a Rendered,
        mut parts: impl FnMut(Range<usize>, &str) -> SharedParts,
    ) -> Prose<'a> {
        let text = rendered.text.as_str();
        let paragraphs = paragraphs(text);
        let parts: Vec<SharedParts> = (paragraphs.iter())
            .map(|para| parts(para.clone(), &text[para.clone()]))
            .collect();
        let word_count = parts.iter().map(|p| (**p).as_ref().words.len()).sum();
        Prose {
            rendered,
            text,
            paragraphs,
            parts,
            word_count,
        }
    }

    /// The paragraphs with their parts.
    fn each(&self) -> impl DoubleEndedIterator<Item = (&Range<usize>, &ProseParts)> {
        self.paragraphs
            .iter()
            .zip(self.parts.iter().map(|p| (**p).as_ref()))
    }

    /// How many words the message has.
    pub fn word_count(&self) -> usize {
        self.word_count
    }

    /// The message's sentences, in order.
    pub fn sentences(&self) -> impl DoubleEndedIterator<Item = Range<usize>> + '_ {
        self.each()
            .flat_map(|(para, p)| p.sentences.iter().map(move |s| shift(para, s)))
    }

    /// The message's words, in order.
    #[cfg(test)]
    pub fn words(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.each()
            .flat_map(|(para, p)| p.words.iter().map(move |w| shift(para, w)))
    }

    /// The message's web and mail addresses, in order.
    #[cfg(test)]
    pub fn addresses(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.each()
            .flat_map(|(para, p)| p.addresses.iter().map(move |a| shift(para, a)))
    }

    /// The paragraphs that overlap `range`, with their parts.
    fn overlapping(
        &self,
        range: &Range<usize>,
    ) -> impl Iterator<Item = (&Range<usize>, &ProseParts)> {
        let from = self.paragraphs.partition_point(|p| p.end < range.start);
        let end = range.end;
        self.each()
            .skip(from)
            .take_while(move |(p, _)| p.start <= end)
    }

    pub fn word(&self, r: &Range<usize>) -> &'a str {
        &self.text[r.clone()]
    }

    /// The words inside `range`.
    pub fn words_in(&self, range: &Range<usize>) -> Vec<Range<usize>> {
        self.overlapping(range)
            .flat_map(|(para, p)| p.words.iter().map(move |w| shift(para, w)))
            .filter(|w| range.start <= w.start && w.end <= range.end)
            .collect()
    }

    /// The sentence containing rendered offset `at`.
    pub fn sentence_at(&self, at: usize) -> Option<Range<usize>> {
        let i = self.paragraphs.partition_point(|p| p.start <= at);
        let para = self.paragraphs.get(i.checked_sub(1)?)?;
        let p = (*self.parts[i - 1]).as_ref();
        let j = p.sentences.partition_point(|s| para.start + s.start <= at);
        let s = shift(para, p.sentences.get(j.checked_sub(1)?)?);
        (at < s.end).then_some(s)
    }

    /// The file range of a rendered range. A range that starts or ends inside a filled placeholder
    /// takes the whole placeholder token, since no finer spot exists in the file.
    pub fn source(&self, r: Range<usize>) -> Range<usize> {
        let start = self.rendered.source_offset(r.start, false).unwrap_or(0);
        if r.is_empty() {
            return start..start;
        }
        let last = crate::text::floor_char_boundary(self.text, r.end - 1);
        let last_len = self.text[last..].chars().next().map_or(0, char::len_utf8);
        let at = self.rendered.source_offset(last, false).unwrap_or(start);
        let at_end = self.rendered.source_offset(last, true).unwrap_or(start);
        // Equal offsets mean the last character was copied from the file as is; otherwise it came
        // from a fill (a placeholder or a normalized line break) whose whole token is taken.
        let end = if at == at_end { at + last_len } else { at_end };
        start..end.max(start)
    }

    /// Where the message's opening is: its first sentence (without a greeting that is alone on
    /// its line), for findings about the message as a whole.
    pub fn opening(&self) -> Range<usize> {
        match self.sentences().next() {
            Some(first) => {
                let line_end = self.text[first.clone()]
                    .find('\n')
                    .map_or(first.end, |i| first.start + i);
                first.start..line_end
            }
            None => 0..self.text.len(),
        }
    }
}

/// `r`, a range in the paragraph `para`, as a range of the text.
fn shift(para: &Range<usize>, r: &Range<usize>) -> Range<usize> {
    para.start + r.start..para.start + r.end
}

/// Whether `text` has what every [`ADDRESS`] match contains: an `@`, `://` or `www.` in any
/// case (none of those letters has a non-ASCII case variant). Its Unicode `\b` keeps the regex
/// off its DFA on non-ASCII text, where the search took half of the wording rules' time; most
/// messages have no address, and skip it.
fn may_hold_address(text: &str) -> bool {
    // `http` is found by the `://` after it, and `www.` by its full stop: both searches skip
    // along the text instead of stopping at every `h` and `w`.
    let b = text.as_bytes();
    text.contains('@')
        || text.contains("://")
        || text
            .match_indices('.')
            .any(|(i, _)| i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www"))
}

/// The whitespace-separated words of `text` with their punctuation, each with its byte offset
/// (`ProseParts::words` are letters and digits only).
pub fn spaced_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Whether `line` (its indent trimmed) begins a list item: a dash or bullet ("- ", "• "), a
/// number of one or two digits and "." or ")", or a symbol such as an emoji and a space
/// ("✅ Reads resumes", "👉 Try it").
pub fn starts_list_item(line: &str) -> bool {
    let number = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&number) && line[number..].starts_with(['.', ')']) {
        return true;
    }
    let Some(first) = line.chars().next() else {
        return false;
    };
    if matches!(first, '-' | '•' | '–') || line.starts_with("* ") {
        return true; // "**Bold**" opens a sentence, "* item" an item
    }
    // Letters, quotes and brackets open sentences; a symbol outside ASCII opens an item.
    let symbol = !first.is_ascii() && !first.is_alphanumeric() && !"“‘«„”’»".contains(first);
    let rest = line[first.len_utf8()..].trim_start_matches(['\u{fe0f}', '\u{200d}']);
    symbol && rest.starts_with([' ', '\t'])
}

/// The character at byte `i` of `text` (a char boundary) and its length: ASCII without decoding.
pub fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    }
}

/// Words: runs of letters and digits, with an apostrophe or hyphen inside joining two runs.
/// ASCII text is read 64 bytes at a time ([`ascii_words`]); other text a byte at a time, with
/// only its non-ASCII characters decoded.
fn words(text: &str, skip: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = if text.is_ascii() {
        ascii_words(text.as_bytes())
    } else {
        words_by_bytes(text)
    };
    if !skip.is_empty() {
        out.retain(|w| !covered(skip, w));
    }
    out
}

/// The words of ASCII text, from bit masks of 64 bytes each: a byte is in a word when it is a
/// letter or digit, or an apostrophe or hyphen between two of them (the byte loop's rule seen
/// from each byte); words start where such a byte follows one that is not, and end where one
/// that is not follows. Where words start and end is then read off the masks a bit at a time,
/// with no branch per byte (the byte loop mispredicted at either end of most words).
fn ascii_words(b: &[u8]) -> Vec<Range<usize>> {
    static ALNUM: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut c = 0;
        while c < 128 {
            t[c] = (c as u8).is_ascii_alphanumeric() as u8;
            c += 1;
        }
        t
    };
    let mask = |chunk: &[u8], want: &dyn Fn(u8) -> u64| {
        let mut m = 0u64;
        for (k, &c) in chunk.iter().enumerate() {
            m |= want(c) << k;
        }
        m
    };
    let alnum: Vec<u64> = b
        .chunks(64)
        .map(|c| mask(c, &|c| u64::from(ALNUM[c as usize])))
        .collect();
    let joins: Vec<u64> = b
        .chunks(64)
        .map(|c| mask(c, &|c| u64::from(c == b'\'' || c == b'-')))
        .collect();
    let mut out = Vec::with_capacity(b.len() / 6);
    let (mut open, mut prev_in) = (0usize, 0u64);
    for k in 0..alnum.len() {
        let a = alnum[k];
        let before = a << 1 | k.checked_sub(1).map_or(0, |p| alnum[p] >> 63);
        let after = a >> 1 | alnum.get(k + 1).map_or(0, |n| n << 63);
        let inside = a | joins[k] & before & after;
        let was = inside << 1 | prev_in >> 63;
        let mut edges = inside ^ was;
        while edges != 0 {
            let bit = edges.trailing_zeros();
            let at = 64 * k + bit as usize;
            if inside >> bit & 1 == 1 {
                open = at;
            } else {
                out.push(open..at);
            }
            edges &= edges - 1;
        }
        prev_in = inside;
    }
    // A word that runs to the end ends inside the last mask, unless that mask is full.
    if b.len() % 64 == 0 && prev_in >> 63 == 1 {
        out.push(open..b.len());
    }
    out
}

/// [`words`] a byte at a time, before the skip: ASCII without decoding.
fn words_by_bytes(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let alphanumeric_at = |i: usize| {
        if b[i].is_ascii() {
            (b[i].is_ascii_alphanumeric(), 1)
        } else {
            let (c, len) = char_at(text, i);
            (c.is_alphanumeric(), len)
        }
    };
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut i = 0;
    while i < b.len() {
        let (alphanumeric, len) = alphanumeric_at(i);
        if !alphanumeric {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        loop {
            while i < b.len() {
                match alphanumeric_at(i) {
                    (true, len) => i += len,
                    (false, _) => break,
                }
            }
            // Inside a word: I'm, don’t, co-founder.
            if i < b.len() {
                let (c, len) = char_at(text, i);
                if matches!(c, '\'' | '’' | '-') && i + len < b.len() && alphanumeric_at(i + len).0
                {
                    i += len;
                    continue;
                }
            }
            break;
        }
        out.push(start..i);
    }
    out
}

/// Whether one of the sorted, disjoint `ranges` holds all of `r`: only the last one starting at
/// or before `r` can, so this is a binary search rather than a pass over them all.
fn covered(ranges: &[Range<usize>], r: &Range<usize>) -> bool {
    let i = ranges.partition_point(|a| a.start <= r.start);
    i > 0 && r.end <= ranges[i - 1].end
}

fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in crate::text::lines_inclusive(text) {
        let content = line.trim_end_matches('\n');
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        } else {
            start.get_or_insert(pos + (content.len() - content.trim_start().len()));
            end = pos + content.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

fn split_sentences(
    text: &str,
    para: Range<usize>,
    addresses: &[Range<usize>],
    out: &mut Vec<Range<usize>>,
) {
    let bytes = text.as_bytes();
    let mut start = para.start;
    let mut i = para.start;
    while i < para.end {
        // Skip to the next possible stop: ASCII other than `.!?` is no stop, and the other
        // stops all start with a byte of 0xE2 or above (never a continuation byte).
        if !may_stop(bytes[i]) {
            i = next_may_stop(&bytes[..para.end], i);
            continue;
        }
        let (c, len) = char_at(text, i);
        let is_stop = matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？');
        if !is_stop || covered(addresses, &(i..i + 1)) {
            i += len;
            continue;
        }
        let mut end = i + len;
        while end < para.end {
            let (n, len) = char_at(text, end);
            if matches!(
                n,
                '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | '。' | '！' | '？'
            ) {
                end += len;
            } else {
                break;
            }
        }
        // Full-width stops end a sentence with no space after them; others need one.
        let cjk_stop = matches!(c, '。' | '！' | '？');
        let followed_by_space = end >= para.end || (bytes[end] as char).is_ascii_whitespace();
        if (cjk_stop || followed_by_space) && !(c == '.' && is_abbreviation(text, start, i)) {
            push_trimmed(text, start..end, out);
            start = end;
        }
        i = end;
    }
    push_trimmed(text, start..para.end, out);
}

/// Whether a sentence may stop at this byte: `.`, `!`, `?`, or the first byte of `…` and the
/// full-width stops (0xE2 and above).
fn may_stop(b: u8) -> bool {
    b >= 0xE2 || matches!(b, b'.' | b'!' | b'?')
}

/// The first index from `from` on whose byte [`may_stop`], or `b.len()`: eight bytes at a time,
/// each tested for all four at once (any byte, ASCII or not: the tests keep their carries
/// inside each byte).
fn next_may_stop(b: &[u8], from: usize) -> usize {
    use crate::engine::words::bytes8::{equal_any as equal, HIGH, ONES};
    const LOW: u64 = !HIGH;
    let mut i = from;
    while i + 8 <= b.len() {
        let x = u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
        // 0xE2 and above: the high bit, and the low seven bits 0x62 or more.
        let wide = x & HIGH & ((x & LOW) + ONES * 0x1E);
        let stops = equal(x, b'.') | equal(x, b'!') | equal(x, b'?') | wide;
        if stops != 0 {
            return i + stops.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    b[i..]
        .iter()
        .position(|&c| may_stop(c))
        .map_or(b.len(), |k| i + k)
}

/// Whether the full stop at `dot` closes an abbreviation or an initial (`Dr.`, `vs.`, `J.`).
fn is_abbreviation(text: &str, sentence_start: usize, dot: usize) -> bool {
    let before = &text[sentence_start..dot];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    let single_initial =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    single_initial
        || ABBREVIATIONS
            .iter()
            .any(|a| a.eq_ignore_ascii_case(word.trim_end_matches('.')))
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push(r.start + lead..r.start + lead + trimmed.len());
    }
}

/// Lower case without accents, for comparing names and phrases as people read them
/// (`Chloé` and `chloe` are the same name). Letters outside the Latin ranges are kept.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into `out` (cleared first), to reuse one buffer across many words.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    // Runs of ASCII (most of any message) fold byte by byte; only other characters need the
    // table and Unicode lower-casing.
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (plain, tail) = rest.split_at(ascii);
        out.extend(plain.bytes().map(|b| fold_ascii(b) as char));
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.extend(folded_chars(c));
        }
        rest = chars.as_str();
    }
}

/// Whether `s` folds to `folded` (which is already folded), without building the folded string.
/// The reference the pronoun lookup is tested against.
#[cfg(test)]
pub fn folds_to(s: &str, folded: &str) -> bool {
    if s.is_ascii() {
        s.len() == folded.len()
            && s.bytes()
                .zip(folded.bytes())
                .all(|(a, b)| fold_ascii(a) == b)
    } else {
        fold(s) == folded
    }
}

/// One ASCII byte folded: lower case, and a backtick read as an apostrophe.
pub fn fold_ascii(b: u8) -> u8 {
    match b {
        b'`' => b'\'',
        b => b.to_ascii_lowercase(),
    }
}

/// One character folded, without allocating.
pub fn folded_chars(c: char) -> impl Iterator<Item = char> {
    let (plain, lower) = match fold_char(c) {
        Some(plain) => (Some(plain.chars()), None),
        None => (None, Some(c.to_lowercase())),
    };
    plain
        .into_iter()
        .flatten()
        .chain(lower.into_iter().flatten())
}

fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'À'..='Å' | 'ā' | 'Ā' | 'ă' | 'Ă' | 'ą' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' | 'ć' | 'Ć' | 'č' | 'Č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'Ď' | 'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'è'..='ë' | 'È'..='Ë' | 'ē' | 'Ē' | 'ė' | 'Ė' | 'ę' | 'Ę' | 'ě' | 'Ě' => "e",
        'ğ' | 'Ğ' | 'ģ' | 'Ģ' => "g",
        'ì'..='ï' | 'Ì'..='Ï' | 'ī' | 'Ī' | 'į' | 'Į' | 'ı' | 'İ' => "i",
        'ķ' | 'Ķ' => "k",
        'ł' | 'Ł' | 'ľ' | 'Ľ' | 'ļ' | 'Ļ' | 'ĺ' | 'Ĺ' => "l",
        'ñ' | 'Ñ' | 'ń' | 'Ń' | 'ň' | 'Ň' | 'ņ' | 'Ņ' => "n",
        'ò'..='ö' | 'Ò'..='Ö' | 'ø' | 'Ø' | 'ō' | 'Ō' | 'ő' | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' | 'ŕ' | 'Ŕ' => "r",
        'ś' | 'Ś' | 'š' | 'Š' | 'ş' | 'Ş' | 'ș' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'Ť' | 'ţ' | 'Ţ' | 'ț' | 'Ț' => "t",
        'ù'..='ü' | 'Ù'..='Ü' | 'ū' | 'Ū' | 'ů' | 'Ů' | 'ű' | 'Ű' | 'ų' | 'Ų' => "u",
        'ý' | 'Ý' | 'ÿ' | 'Ÿ' => "y",
        'ž' | 'Ž' | 'ź' | 'Ź' | 'ż' | 'Ż' => "z",
        'þ' | 'Þ' => "th",
        '’' | '‘' | 'ʼ' | '`' => "'",
        _ => return None,
    })
}

/// Whether `c` belongs to a script written without spaces between words (Chinese, Japanese,
/// Thai...), where a name is found by containment rather than at word boundaries.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x2FFFF) // CJK extensions B+
}

/// Whether the folded `needle` occurs in the folded `haystack` as a whole word (or, for names in
/// unspaced scripts, anywhere).
pub fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    if needle.chars().any(is_unspaced_script) {
        return haystack.contains(needle);
    }
    let is_word = |c: char| c.is_alphanumeric();
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose_of(body: &str) -> Vec<String> {
        let r = Rendered::build(body, 0..body.len(), &[], &[]);
        let p = Prose::new(&r);
        p.sentences()
            .collect::<Vec<_>>()
            .iter()
            .map(|s| r.text[s.clone()].to_string())
            .collect()
    }

    #[test]
    fn sentences_skip_abbreviations_decimals_and_addresses() {
        assert_eq!(
            prose_of("Hi Dr. Chen, spot vs. contract mix is 1.5x. See https://x.io/a?b=1. Done!"),
            vec![
                "Hi Dr. Chen, spot vs. contract mix is 1.5x.",
                "See https://x.io/a?b=1.",
                "Done!"
            ]
        );
    }

    #[test]
    fn paragraphs_and_soft_line_breaks() {
        let body = "Hi Yuki, one\nline wrapped. Two.\n\n  Next para.\n";
        let r = Rendered::build(body, 0..body.len(), &[], &[]);
        let p = Prose::new(&r);
        let paras: Vec<_> = p.paragraphs.iter().map(|x| &r.text[x.clone()]).collect();
        assert_eq!(
            paras,
            vec!["Hi Yuki, one\nline wrapped. Two.", "Next para."]
        );
        assert_eq!(p.sentences().collect::<Vec<_>>().len(), 3);
    }

    #[test]
    fn words_keep_contractions_and_skip_urls() {
        let body = "I’m co-founder — see www.x.io, mail a@b.co! 王芳";
        let r = Rendered::build(body, 0..body.len(), &[], &[]);
        let p = Prose::new(&r);
        let w: Vec<_> = p
            .words()
            .collect::<Vec<_>>()
            .iter()
            .map(|x| p.word(x))
            .collect();
        assert_eq!(w, vec!["I’m", "co-founder", "see", "mail", "王芳"]);
    }

    #[test]
    fn the_address_guard_lets_every_address_through() {
        for t in ["see HTTPS://x.io", "WWW.x.io", "a@b.co", "Http://a"] {
            assert!(may_hold_address(t), "{t}");
            assert!(ADDRESS.is_match(t), "{t}");
        }
        assert!(!may_hold_address("I’m here 👋, no links. www x"));
    }

    #[test]
    fn folding_and_word_containment() {
        assert_eq!(fold("Chloé Ñúñez’s"), "chloe nunez's");
        assert_eq!(fold("It`S ÆON İ"), "it's aeon i");
        let mixed = "Ça`Va? ΣΑΣ İstanbul 王芳 Ǆ ß";
        let slow: String = mixed.chars().flat_map(folded_chars).collect();
        assert_eq!(fold(mixed), slow);
        assert!(folds_to("Chloé", "chloe") && !folds_to("Chloé", "chlo"));
        assert!(folds_to("Don`T", "don't") && !folds_to("Dont", "don't"));
        assert!(contains_word("hi chloe,", "chloe"));
        assert!(!contains_word("hi chloes", "chloe"));
        assert!(contains_word("王芳，你好", "王芳"));
    }

    /// `words` as it was first written, a char at a time: the byte loop must agree.
    fn words_by_chars(text: &str, skip: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut end = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                start.get_or_insert(i);
                end = i + c.len_utf8();
            } else if matches!(c, '\'' | '’' | '-')
                && start.is_some()
                && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric())
            {
            } else if let Some(s) = start.take() {
                out.push(s..end);
            }
        }
        if let Some(s) = start {
            out.push(s..end);
        }
        out.retain(|w| !covered(skip, w));
        out
    }

    /// `split_sentences` as it was first written, a char at a time.
    fn sentences_by_chars(
        text: &str,
        para: Range<usize>,
        addresses: &[Range<usize>],
    ) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut start = para.start;
        let mut i = para.start;
        while i < para.end {
            let c = text[i..].chars().next().unwrap_or(' ');
            let is_stop = matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？');
            if !is_stop || covered(addresses, &(i..i + 1)) {
                i += c.len_utf8();
                continue;
            }
            let mut end = i + c.len_utf8();
            while end < para.end {
                let n = text[end..].chars().next().unwrap_or(' ');
                if matches!(
                    n,
                    '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | '。' | '！' | '？'
                ) {
                    end += n.len_utf8();
                } else {
                    break;
                }
            }
            let cjk_stop = matches!(c, '。' | '！' | '？');
            let followed_by_space = end >= para.end || (bytes[end] as char).is_ascii_whitespace();
            if (cjk_stop || followed_by_space) && !(c == '.' && is_abbreviation(text, start, i)) {
                push_trimmed(text, start..end, &mut out);
                start = end;
            }
            i = end;
        }
        push_trimmed(text, start..para.end, &mut out);
        out
    }

    #[test]
    fn ascii_masks_end_words_at_every_length() {
        let base = "Word's co-op 12 x- -y 'z ".repeat(12);
        for len in 0..base.len() {
            let text = &base[..len];
            assert_eq!(ascii_words(text.as_bytes()), words_by_bytes(text), "{len}");
        }
    }

    #[test]
    fn the_block_skip_tests_every_byte() {
        for c in 0..=255u8 {
            for at in 0..9 {
                let mut b = vec![b'a'; 9];
                b[at] = c;
                let want = if may_stop(c) { at } else { 9 };
                assert_eq!(next_may_stop(&b, 0), want, "{c:#x} at {at}");
            }
        }
    }

    proptest::proptest! {
        /// The 64-byte masks find the words the byte loop finds, across mask boundaries.
        #[test]
        fn ascii_masks_find_the_byte_loops_words(
            text in "([a-zA-Z0-9'-]{1,9}|[ .,'\n-]{1,3}|[a-z]{60,70}){0,40}"
        ) {
            proptest::prop_assert_eq!(ascii_words(text.as_bytes()), words_by_bytes(&text));
        }

        /// The eight-byte skip finds the first byte a plain search finds.
        #[test]
        fn the_block_skip_finds_the_first_stop(
            text in "([a-z ,-]|[éâ’…。Ω👋\u{E1}\u{7F}\u{0}])*([.!?…]|[a-z .-]){0,40}", from in 0usize..150
        ) {
            let b = text.as_bytes();
            let from = from.min(b.len());
            let plain = b[from..].iter().position(|&c| may_stop(c)).map_or(b.len(), |k| from + k);
            proptest::prop_assert_eq!(next_may_stop(b, from), plain);
        }

        #[test]
        fn byte_loops_read_prose_like_chars(
            text in "([ a-zA-Z0-9@:/.,!?'\"()\n\t-]|[’”…。！？é王👋\u{301}\u{A0}\u{3000}ΣДΩ]|www\\.|http|HTTPS://|Dr\\. |e\\.g\\. ){0,40}"
        ) {
            let r = Rendered::build(&text, 0..text.len(), &[], &[]);
            let p = Prose::new(&r);
            let lower = p.text.to_ascii_lowercase();
            let guard = p.text.contains('@') || lower.contains("://") || lower.contains("www.");
            proptest::prop_assert_eq!(may_hold_address(p.text), guard);
            proptest::prop_assert!(guard || !ADDRESS.is_match(p.text));
            proptest::prop_assert_eq!(&p.words().collect::<Vec<_>>(), &words_by_chars(p.text, &p.addresses().collect::<Vec<_>>()));
            let mut slow = Vec::new();
            for para in &p.paragraphs {
                slow.extend(sentences_by_chars(p.text, para.clone(), &p.addresses().collect::<Vec<_>>()));
            }
            proptest::prop_assert_eq!(&p.sentences().collect::<Vec<_>>(), &slow);
        }

        /// Read paragraph by paragraph, the message has the words and addresses it has when
        /// read whole: none runs across a blank line.
        #[test]
        fn paragraphs_read_apart_make_the_message_read_whole(
            text in "([ a-zA-Z0-9@:/.,!?'\"()\n\t-]|\n\n|\n \n|[’”…。！？é王👋\u{301}\u{A0}\u{3000}ΣДΩ]|www\\.|http|HTTPS://|a@b\\.co|Dr\\. ){0,40}"
        ) {
            let r = Rendered::build(&text, 0..text.len(), &[], &[]);
            let p = Prose::new(&r);
            let whole = ProseParts::of(p.text);
            proptest::prop_assert_eq!(&p.addresses().collect::<Vec<_>>(), &whole.addresses);
            proptest::prop_assert_eq!(&p.words().collect::<Vec<_>>(), &whole.words);
        }
    }

    #[test]
    fn source_ranges_cover_crlf_and_filled_placeholders() {
        let text = "---\nchannel: message\nto: Sarah Chen\n---\nHi {first_name},\r\nthanks.";
        let a = crate::engine::analyze(text, &Default::default()).unwrap();
        let p = Prose::new(&a.rendered);
        assert_eq!(p.text, "Hi Sarah,\nthanks.");
        assert_eq!(&text[p.source(3..8)], "{first_name}");
        assert_eq!(&text[p.source(0..10)], "Hi {first_name},\r\n");
        assert_eq!(&text[p.source(10..17)], "thanks.");
    }

    #[test]
    fn list_items_start_with_a_marker_a_number_or_a_symbol() {
        for item in [
            "- a", "-a", "• a", "* a", "1. a", "12) a", "✅ a", "✔️ a", "👉 a", "➤ a",
        ] {
            assert!(super::starts_list_item(item), "{item}");
        }
        for text in [
            "**Bold** a",
            "“Quote” a",
            "(aside) a",
            "123. a",
            "a. b",
            "✅a",
            "",
            "€5 a",
        ] {
            assert!(!super::starts_list_item(text), "{text}");
        }
    }
}
