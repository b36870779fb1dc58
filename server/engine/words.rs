//! Words as Unicode word segmentation (UAX #29) finds them. ASCII text, the common case, is
//! split by a byte loop that follows the segmenter's ASCII rules and finds the same words
//! several times quicker than its iterator (which yields every space and mark as a segment).
//! Text with some non-ASCII characters (curly apostrophes, an emoji) is cut into stretches at
//! places where segmentation starts afresh, and only the stretches around non-ASCII characters
//! go to the segmenter. The sequence shingles read words this way, and so does the reading grade
//! of non-ASCII text; the grade of ASCII text counts the same words from bit masks
//! (`metrics::masked_reading`, tested against this loop).

pub mod bytes8;

use unicode_segmentation::UnicodeSegmentation;

/// How many words `s` has.
pub fn word_count(s: &str) -> usize {
    let mut n = 0;
    each(s, |_, _| n += 1);
    n
}

/// Calls `take(offset, word)` for each of `text`'s words, exactly as `unicode_word_indices`.
pub fn each<'s>(text: &'s str, mut take: impl FnMut(usize, &'s str)) {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(k) = b[from..].iter().position(|c| !c.is_ascii()) {
        let wide = from + k;
        let start = (from..=wide)
            .rev()
            .find(|&p| fresh_start(b, p, from))
            .unwrap_or(from);
        let end = (wide + 1..=b.len())
            .find(|&p| fresh_start(b, p, from))
            .unwrap_or(b.len());
        ascii(text, from..start, &mut take);
        text[start..end]
            .unicode_word_indices()
            .for_each(|(at, word)| take(start + at, word));
        from = end;
    }
    ascii(text, from..b.len(), &mut take);
}

/// Whether segmentation at byte `p` neither depends on what comes before nor carries on from
/// it, so the text can be cut there: at `first` (already such a place) and the ends; after a
/// line break, which always ends a segment and starts the next as the text's start does; and
/// after a space or tab before an ASCII character other than a space (a space joins a following
/// space or mark, and none of the rules that look back or ahead sees through a space or tab).
fn fresh_start(b: &[u8], p: usize, first: usize) -> bool {
    if p == first || p == b.len() {
        return true;
    }
    let next = b[p];
    next.is_ascii()
        && match b[p - 1] {
            b'\n' => true,
            b'\r' => next != b'\n',
            b' ' | b'\t' => next != b' ',
            _ => false,
        }
}

/// The words of the ASCII stretch `range` of `text`. A word is a run of letters, digits and
/// `_`, in which a letter may be joined to a letter by `'`, `.` or `:` ("don't", "e.g"), and a
/// digit to a digit by `'`, `.`, `,` or `;` ("3.5", "10,000"); runs of `_` alone are not words.
fn ascii<'s>(text: &'s str, range: std::ops::Range<usize>, take: &mut impl FnMut(usize, &'s str)) {
    static WORD_BYTE: [bool; 256] = {
        let mut t = [false; 256];
        let mut c = 0;
        while c < 256 {
            t[c] = (c as u8).is_ascii_alphanumeric() || c as u8 == b'_';
            c += 1;
        }
        t
    };
    let b = &text.as_bytes()[..range.end];
    let word_byte = |c: u8| WORD_BYTE[c as usize];
    let mut i = range.start;
    while i < b.len() {
        if !word_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        loop {
            if i < b.len() && word_byte(b[i]) {
                i += 1;
                continue;
            }
            if joined_at(b, i) {
                i += 2;
            } else {
                break;
            }
        }
        if b[start] != b'_' || b[start..i].iter().any(u8::is_ascii_alphanumeric) {
            take(start, &text[start..i]);
        }
    }
}

/// Whether the byte at `i` joins the word before it to the one after it: `'`, `.` or `:`
/// between letters ("don't", "e.g"), `'`, `.`, `,` or `;` between digits ("3.5", "10,000").
pub(crate) fn joined_at(b: &[u8], i: usize) -> bool {
    let (Some(&prev), Some(&mid), Some(&next)) =
        (i.checked_sub(1).map(|p| &b[p]), b.get(i), b.get(i + 1))
    else {
        return false;
    };
    let letters = prev.is_ascii_alphabetic()
        && next.is_ascii_alphabetic()
        && matches!(mid, b'\'' | b'.' | b':');
    let digits =
        prev.is_ascii_digit() && next.is_ascii_digit() && matches!(mid, b'\'' | b'.' | b',' | b';');
    letters || digits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        let mut ours = Vec::new();
        each(s, |_, w| ours.push(w));
        ours
    }

    #[test]
    fn ascii_words_are_the_segmenters_words() {
        let samples = [
            "Hi Sam, it's 3.14 or 1,000; e.g. a:b a.1 1.a __x _ x_ don't 'quoted' end.",
            "a..b 1..2 a' 'a 1;2;3 a;b x-y \r\n\t  __ 9_ _9 a.b.c. U.S.A",
        ];
        for s in samples {
            let theirs: Vec<&str> = s.unicode_words().collect();
            assert_eq!(words(s), theirs, "{s}");
        }
    }

    #[test]
    fn ascii_words_join_across_apostrophes_points_and_commas_like_unicode() {
        let text = "don't e.g. 3.5 10,000 a:b _x __ 1a a1 x'1 1'x it's. end";
        assert_eq!(
            words(text),
            [
                "don't", "e.g", "3.5", "10,000", "a:b", "_x", "1a", "a1", "x", "1", "1", "x",
                "it's", "end"
            ]
        );
    }

    fn indexed(text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        each(text, |at, w| out.push((at, w.to_string())));
        out
    }

    fn unicode_indexed(text: &str) -> Vec<(usize, String)> {
        text.unicode_word_indices()
            .map(|(at, w)| (at, w.to_string()))
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn ascii_words_match_the_segmenter(s in "[ a-zA-Z0-9_.,;:'\"\r\n\t-]{0,40}") {
            let theirs: Vec<&str> = s.unicode_words().collect();
            proptest::prop_assert_eq!(words(&s), theirs);
        }

        /// Text with non-ASCII characters, including the ones that bend the rules at a cut:
        /// marks and joiners after a space, wide spaces, flags, Hebrew, Katakana, emoji.
        #[test]
        fn mixed_words_are_unicode_words(
            text in "([ a-cA-C0-2_:.,;'\"\n\r\t!-]|[’‘é👋🇫🇷\u{301}\u{93E}\u{200D}\u{200B}\u{00A0}\u{3000}\u{2028}\u{85}\u{5D0}\u{5F3}\u{5F4}\u{30A2}\u{FF0E}\u{2019}\u{2024}王\u{1F3FB}\u{2764}\u{FE0F}]){0,40}"
        ) {
            proptest::prop_assert_eq!(indexed(&text), unicode_indexed(&text));
        }

        /// Offsets too, which the shingles keep as word ranges.
        #[test]
        fn ascii_words_are_unicode_words(text in "[a-cA-C0-2_:.,;' \"\n\r!-]{0,40}") {
            proptest::prop_assert_eq!(indexed(&text), unicode_indexed(&text));
        }
    }
}
