//! Reading figures for the rendered message: words, reading time, reading grade. Shared by the
//! counters, the channel hover and any rule that judges readability, so they all agree.

use super::words::bytes8::{equal, gather, within, ONES};

/// Where the draft stands against its channel.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Stats {
    pub channel: Option<String>,
    pub used: usize,
    pub limit: Option<usize>,
    pub soft_limit: Option<usize>,
    pub unit: &'static str,
    pub words: usize,
    pub subject_used: Option<usize>,
    pub subject_limit: Option<usize>,
    /// Seconds to read, and the Flesch–Kincaid grade (see [`reading_grade`]).
    pub reading_seconds: usize,
    pub grade: Option<u32>,
}

/// The live counter shown next to the front-matter: `body 247/300 · 46 words`, or with a
/// subject limit `subject 31/200 · body 412/1900`. Short, since editors cut inlay hints (VS Code
/// at 43 characters); clicking it shows every figure (reading time, grade).
pub fn counter_label(stats: &Stats) -> String {
    let body = match stats.limit {
        Some(limit) => format!("body {}/{limit}", stats.used),
        None => format!("body {} characters", stats.used),
    };
    match stats.subject_limit {
        Some(limit) => format!(
            "subject {}/{limit} · {body}",
            stats.subject_used.unwrap_or(0)
        ),
        None => match stats.words {
            1 => format!("{body} · 1 word"),
            n => format!("{body} · {n} words"),
        },
    }
}

/// Silent reading speed for short, practical text (Brysbaert 2019: about 238 words a minute for
/// English non-fiction). A message is read at a glance, so the figure only needs to be honest.
pub const WORDS_PER_MINUTE: usize = 238;

/// Seconds a reader takes for `words` words, at least one second for a non-empty message.
pub fn reading_seconds(words: usize) -> usize {
    if words == 0 {
        0
    } else {
        (words * 60).div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

/// The reading time as people say it: "12 s", "1 min 5 s".
pub fn reading_time_label(words: usize) -> String {
    let s = reading_seconds(words);
    if s < 60 {
        format!("{s} s")
    } else if s % 60 == 0 {
        format!("{} min", s / 60)
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

/// The Flesch–Kincaid grade level of `text` (US school grade; 6–8 reads easily), rounded and
/// never below 0. `None` for text without words. Syllables are estimated from vowel groups,
/// which is how the formula is used in practice; words without Latin letters count one syllable
/// each, so CJK text gets a neutral rather than an absurd figure.
pub fn reading_grade(text: &str) -> Option<u32> {
    Reading::of(text).grade()
}

/// What the grade is computed from, so a rule that grades the whole text and each sentence can
/// add the sentences' figures up instead of reading the text twice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    pub words: usize,
    pub syllables: usize,
    pub sentences: usize,
}

impl Reading {
    /// The figures of two texts read one after the other.
    pub fn plus(&self, other: &Reading) -> Reading {
        Reading {
            words: self.words + other.words,
            syllables: self.syllables + other.syllables,
            sentences: self.sentences + other.sentences,
        }
    }

    pub fn of(text: &str) -> Reading {
        if text.is_ascii() {
            let b = text.as_bytes();
            // `_` joins words without being a letter or digit: the byte loop handles it.
            return if b.contains(&b'_') {
                ascii_reading(b)
            } else {
                masked_reading(b)
            };
        }
        let (mut words, mut syllables) = (0usize, 0usize);
        super::words::each(text, |_, word| {
            words += 1;
            syllables += self::syllables(word);
        });
        Reading {
            words,
            syllables,
            sentences: sentence_count(text),
        }
    }

    pub fn grade(&self) -> Option<u32> {
        if self.words == 0 {
            return None;
        }
        let w = self.words as f64;
        let sentences = self.sentences.max(1) as f64;
        let grade = 0.39 * (w / sentences) + 11.8 * (self.syllables as f64 / w) - 15.59;
        Some(grade.round().max(0.0) as u32)
    }
}

/// Sentences: runs of text ended by `.`, `!`, `?` or `…` (repeats count once), or by a blank line.
/// ASCII characters, most of any message, are read as bytes without a branch per byte; only the
/// others are decoded.
fn sentence_count(text: &str) -> usize {
    let b = text.as_bytes();
    // `ended`: this character ends the sentence under way (if any); `in_sentence`: a letter or
    // digit has come since the last end; `prev_newline`: a line break, then only spaces.
    let (mut count, mut in_sentence, mut prev_newline) = (0usize, false, false);
    let mut i = 0;
    while i < b.len() {
        let class = if b[i].is_ascii() {
            let class = ASCII_CLASS[b[i] as usize];
            i += 1;
            class
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            if matches!(c, '…' | '。' | '！' | '？') {
                STOP
            } else if c.is_alphanumeric() {
                ALNUM
            } else if c.is_whitespace() {
                SPACE
            } else {
                OTHER
            }
        };
        let is = |k: u8| class == k;
        let ended = in_sentence && (is(STOP) || is(NEWLINE) && prev_newline);
        count += usize::from(ended);
        in_sentence = in_sentence && !ended || is(ALNUM);
        prev_newline = is(NEWLINE) || prev_newline && is(SPACE);
    }
    count + usize::from(in_sentence)
}

/// What a character is to [`sentence_count`]. A space is `char::is_whitespace` other than `\n`
/// (so the vertical tab too, which `u8::is_ascii_whitespace` leaves out).
const OTHER: u8 = 0;
const STOP: u8 = 1;
const NEWLINE: u8 = 2;
const SPACE: u8 = 3;
const ALNUM: u8 = 4;

static ASCII_CLASS: [u8; 128] = {
    let mut t = [OTHER; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = match b {
            b'.' | b'!' | b'?' => STOP,
            b'\n' => NEWLINE,
            b' ' | b'\t' | b'\x0B' | b'\x0C' | b'\r' => SPACE,
            _ if b.is_ascii_alphanumeric() => ALNUM,
            _ => OTHER,
        };
        c += 1;
    }
    t
};

/// [`Reading::of`] an ASCII text in one pass: the words `words::each` finds (by its ASCII
/// loop's rules), their [`ascii_vowel_groups`], and [`sentence_count`], which reads the bytes
/// between words one at a time and each word at once. In a word every byte is a letter, digit or
/// `_` but for the `'`, `.`, `:`, `,` or `;` that joins two letters or digits, so to
/// `sentence_count` a word is: no line break or space, a sentence end at each joining `.` (a
/// letter or digit comes before it), and a letter or digit at its end when it has one.
fn ascii_reading(b: &[u8]) -> Reading {
    let (mut words, mut syllables, mut sentences) = (0usize, 0usize, 0usize);
    let (mut in_sentence, mut prev_newline) = (false, false);
    let mut i = 0;
    while i < b.len() {
        if BYTE[b[i] as usize] & WORD == 0 {
            // As `sentence_count`, a byte at a time.
            let class = ASCII_CLASS[b[i] as usize];
            let is = |k: u8| class == k;
            let ended = in_sentence && (is(STOP) || is(NEWLINE) && prev_newline);
            sentences += usize::from(ended);
            in_sentence = in_sentence && !ended;
            prev_newline = is(NEWLINE) || prev_newline && is(SPACE);
            i += 1;
            continue;
        }
        // A word, as `words::ascii` reads it, with its vowel groups counted on the way (as
        // `ascii_vowel_groups` does): the bytes between two joined runs are no vowels.
        let start = i;
        let (mut points, mut groups, mut prev_vowel, mut latin) = (0usize, 0usize, false, false);
        loop {
            while i < b.len() && BYTE[b[i] as usize] & WORD != 0 {
                let class = BYTE[b[i] as usize];
                let vowel = class & VOWEL != 0;
                groups += usize::from(vowel & !prev_vowel);
                prev_vowel = vowel;
                latin |= class & LETTER != 0;
                i += 1;
            }
            if super::words::joined_at(b, i) {
                points += usize::from(b[i] == b'.');
                prev_vowel = false;
                i += 1;
            } else {
                break;
            }
        }
        let word = &b[start..i];
        prev_newline = false;
        // Each joining full stop ends the sentence its letter or digit before it was in.
        sentences += points;
        if b[start] != b'_' || word.iter().any(u8::is_ascii_alphanumeric) {
            words += 1;
            let silent_e = match word {
                [_, .., before_last, last] => {
                    last.to_ascii_lowercase() == b'e'
                        && BYTE[*before_last as usize] & VOWEL == 0
                        && before_last.to_ascii_lowercase() != b'l'
                }
                _ => false,
            };
            syllables += if latin {
                (groups - usize::from(silent_e)).max(1)
            } else {
                1
            };
            in_sentence = true;
        }
    }
    Reading {
        words,
        syllables,
        sentences: sentences + usize::from(in_sentence),
    }
}

/// [`ascii_reading`] of ASCII text without `_`, 64 bytes at a time: each kind of byte the
/// reading asks about becomes a bit mask (eight bytes at a time, [`Masks::of`]), and words,
/// vowel groups and sentence ends are counted from the masks with shifts, additions and
/// population counts, with no branch on the text (the byte loop mispredicted at most word
/// ends). Without `_`, a word is a run of letters and digits joined as `words::each` joins them.
fn masked_reading(b: &[u8]) -> Reading {
    let chunk = |k: usize| -> Masks {
        match b.get(64 * k..) {
            Some(rest) if !rest.is_empty() => {
                let mut block = [0u8; 64];
                let n = rest.len().min(64);
                block[..n].copy_from_slice(&rest[..n]);
                Masks::of(&block)
            }
            _ => Masks::default(),
        }
    };
    // Bit i of the result: bit i - 1 (from the chunk before) or bit i + 1 (the chunk after).
    let before = |x: u64, prev: u64| x << 1 | prev >> 63;
    let after = |x: u64, next: u64| x >> 1 | next << 63;
    let (mut words, mut marks, mut marked_words, mut ends) = (0u64, 0u64, 0u64, 0u64);
    let (mut prev, mut prev_in) = (Masks::default(), 0u64);
    let (mut word_carry, mut newline_carry, mut alnum_carry) = (false, false, false);
    let mut here = chunk(0);
    for k in 0..b.len().div_ceil(64) {
        let next = chunk(k + 1);
        let m = &here;
        let alnum = m.letter | m.digit;
        // In a word: a letter or digit, or a joiner between two letters or two digits.
        let inside = alnum
            | m.joins_letters & before(m.letter, prev.letter) & after(m.letter, next.letter)
            | m.joins_digits & before(m.digit, prev.digit) & after(m.digit, next.digit);
        let next_first = (next.letter
            | next.digit
            | next.joins_letters & m.letter >> 63 & next.letter >> 1
            | next.joins_digits & m.digit >> 63 & next.digit >> 1)
            & 1;
        let inside_before = before(inside, prev_in);
        let inside_before_2 = inside << 2 | prev_in >> 62;
        let inside_after = after(inside, next_first);
        words += u64::from((inside & !inside_before).count_ones());
        // Vowel groups, without the silent `e` that ends a word of three bytes or more after
        // a byte that is neither a vowel nor an `l`.
        let vowel_before = before(m.vowel, prev.vowel);
        let groups = m.vowel & !vowel_before;
        let silent = m.e
            & !inside_after
            & inside_before
            & inside_before_2
            & !vowel_before
            & !before(m.l, prev.l);
        let kept = groups & !silent;
        marks += u64::from(kept.count_ones());
        // Words with a kept group: adding the groups to the words' bits carries out of each
        // such word to the bit after it (and out of the chunk into the next).
        let (sum, c1) = inside.overflowing_add(kept);
        let (sum, c2) = sum.overflowing_add(u64::from(word_carry));
        marked_words += u64::from((sum & !inside).count_ones());
        word_carry = c1 | c2;
        // Sentence ends, as `sentence_count`: a stop, or a line break after a line break and
        // spaces, that comes after a letter or digit since the last of them. A line break
        // carries through the spaces after it to the next other byte; a letter or digit
        // carries through the bytes that are neither to the next that is.
        let (sum, c1) = m.space.overflowing_add(before(m.newline, prev.newline));
        let (sum, c2) = sum.overflowing_add(u64::from(newline_carry));
        newline_carry = c1 | c2;
        let end = m.stop | m.newline & sum & !m.space;
        let gaps = !(alnum | end);
        let (sum, c1) = gaps.overflowing_add(before(alnum, prev.letter | prev.digit));
        let (sum, c2) = sum.overflowing_add(u64::from(alnum_carry));
        alnum_carry = c1 | c2;
        ends += u64::from((sum & !gaps & end).count_ones());
        prev = here;
        prev_in = inside;
        here = next;
    }
    marked_words += u64::from(word_carry);
    let in_sentence = alnum_carry || (prev.letter | prev.digit) >> 63 == 1;
    Reading {
        words: words as usize,
        // A word without a kept group counts one syllable.
        syllables: (marks + words - marked_words) as usize,
        sentences: ends as usize + usize::from(in_sentence),
    }
}

/// Where each kind of byte [`masked_reading`] asks about is in a block of 64 ASCII bytes: bit
/// `i` of a mask is byte `i`.
#[derive(Clone, Copy, Default)]
struct Masks {
    letter: u64,
    digit: u64,
    /// `aeiouy` in either case.
    vowel: u64,
    e: u64,
    l: u64,
    /// `'`, `.` and `:`, which join two letters; `'`, `.`, `,` and `;`, which join two digits.
    joins_letters: u64,
    joins_digits: u64,
    /// `.`, `!` and `?`.
    stop: u64,
    newline: u64,
    /// A space other than `\n`, as `sentence_count`'s `SPACE`.
    space: u64,
}

impl Masks {
    /// Eight bytes at a time: each test sets the high bit of each byte that passes, and
    /// [`gather`] makes the eight high bits eight bits of the mask.
    fn of(block: &[u8; 64]) -> Masks {
        let mut m = Masks::default();
        for (w, bytes) in block.chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(bytes.try_into().unwrap_or([0; 8]));
            // Lower case for letters (other bytes move, but never onto a letter).
            let y = x | (ONES * 0x20);
            let put = |mask: &mut u64, high: u64| *mask |= gather(high) << (8 * w);
            let (apostrophe, point) = (equal(x, b'\''), equal(x, b'.'));
            let e = equal(y, b'e');
            let newline = equal(x, b'\n');
            put(&mut m.letter, within(y, b'a', b'z'));
            put(&mut m.digit, within(x, b'0', b'9'));
            let vowel = equal(y, b'a')
                | e
                | equal(y, b'i')
                | equal(y, b'o')
                | equal(y, b'u')
                | equal(y, b'y');
            put(&mut m.vowel, vowel);
            put(&mut m.e, e);
            put(&mut m.l, equal(y, b'l'));
            put(&mut m.joins_letters, apostrophe | point | equal(x, b':'));
            put(
                &mut m.joins_digits,
                apostrophe | point | equal(x, b',') | equal(x, b';'),
            );
            put(&mut m.stop, point | equal(x, b'!') | equal(x, b'?'));
            put(&mut m.newline, newline);
            put(
                &mut m.space,
                within(x, b'\t', b'\r') & !newline | equal(x, b' '),
            );
        }
        m
    }
}

/// What a byte is to [`ascii_reading`]: a word byte (letter, digit, `_`), a letter, a vowel.
const WORD: u8 = 1;
const LETTER: u8 = 2;
const VOWEL: u8 = 4;

static BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() || b == b'_' {
            t[c] |= WORD;
        }
        if b.is_ascii_alphabetic() {
            t[c] |= LETTER;
        }
        if matches!(
            b.to_ascii_lowercase(),
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
        ) {
            t[c] |= VOWEL;
        }
        c += 1;
    }
    t
};

/// Vowel groups in an English word, with a silent final `e` dropped; at least one.
fn syllables(word: &str) -> usize {
    if word.is_ascii() {
        ascii_vowel_groups(word.as_bytes())
    } else {
        // Lower-casing one character at a time differs from `str::to_lowercase` only in the
        // final sigma, which is neither a vowel nor an `e` or `l`.
        vowel_groups(word.chars().flat_map(char::to_lowercase))
    }
}

/// [`vowel_groups`] of an ASCII word, with a table in place of lower-casing and matching.
fn ascii_vowel_groups(word: &[u8]) -> usize {
    const fn vowels() -> [bool; 256] {
        let mut t = [false; 256];
        let all = b"aeiouyAEIOUY";
        let mut i = 0;
        while i < all.len() {
            t[all[i] as usize] = true;
            i += 1;
        }
        t
    }
    static VOWEL: [bool; 256] = vowels();
    let (mut groups, mut prev, mut latin) = (0usize, false, false);
    for &b in word {
        let v = VOWEL[b as usize];
        groups += usize::from(v & !prev);
        prev = v;
        latin |= b.is_ascii_alphabetic();
    }
    if !latin {
        return 1;
    }
    if let [.., before_last, last] = word {
        let silent_e = word.len() > 2
            && last.to_ascii_lowercase() == b'e'
            && !VOWEL[*before_last as usize]
            && before_last.to_ascii_lowercase() != b'l';
        groups -= usize::from(silent_e);
    }
    groups.max(1)
}

fn vowel_groups(lower: impl Iterator<Item = char>) -> usize {
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let (mut groups, mut prev, mut latin, mut n) = (0usize, false, false, 0usize);
    // The last two characters, for the silent `e`.
    let (mut last, mut before_last) = (' ', ' ');
    for c in lower {
        latin |= c.is_ascii_alphabetic();
        let v = is_vowel(c);
        if v && !prev {
            groups += 1;
        }
        prev = v;
        before_last = last;
        last = c;
        n += 1;
    }
    if !latin {
        return 1;
    }
    if n > 2 && last == 'e' && !is_vowel(before_last) && before_last != 'l' {
        groups -= 1;
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(text: &str) -> Stats {
        crate::engine::analyze(text, &crate::engine::config::Config::default())
            .unwrap()
            .stats(&Default::default())
    }

    #[test]
    fn counter_reads_like_the_status_bar() {
        let note = stats(
            "---\nchannel: note\nto: Sarah Chen\n---\nHi {first_name} 👋, loved your talk. Coffee?",
        );
        assert_eq!(counter_label(&note), "body 37/300 · 6 words");
        let inmail = stats("---\nchannel: inmail\nsubject: Your talk\n---\nHi");
        assert_eq!(counter_label(&inmail), "subject 9/200 · body 2/1900");
        let email = stats("---\nchannel: email\n---\n");
        assert_eq!(counter_label(&email), "body 0 characters · 0 words");
        // The longest a label gets fits VS Code's 43-character inlay hint.
        let full = Stats {
            used: 19_999,
            limit: Some(19_000),
            subject_used: Some(9_999),
            subject_limit: Some(9_000),
            ..inmail
        };
        assert!(
            counter_label(&full).chars().count() <= 43,
            "{}",
            counter_label(&full)
        );
    }

    #[test]
    fn syllables_follow_vowel_groups() {
        assert_eq!(syllables("cat"), 1);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("reading"), 2);
        assert_eq!(syllables("你好"), 1);
        assert_eq!(syllables("Éclaire"), 1);
        assert_eq!(syllables("ÉCLAIRAGE"), 2);
        assert_eq!(syllables("CAFÉ"), 1);
        assert_eq!(syllables("the"), 1);
    }

    #[test]
    fn simple_text_grades_low_and_dense_text_high() {
        let easy = "Hi Sarah. I saw your talk. It was great. Can we chat?";
        let hard = "Our comprehensive organizational transformation methodology operationalizes \
                    cross-functional interdependencies, facilitating unprecedented scalability.";
        assert_eq!(reading_grade(easy), Some(0));
        assert!(
            reading_grade(hard).unwrap() >= 16,
            "{:?}",
            reading_grade(hard)
        );
        assert_eq!(reading_grade("   "), None);
    }

    #[test]
    fn reading_time_rounds_up_to_whole_seconds() {
        assert_eq!(reading_seconds(0), 0);
        assert_eq!(reading_seconds(1), 1);
        assert_eq!(reading_seconds(46), 12);
        assert_eq!(reading_time_label(238), "1 min");
        assert_eq!(reading_time_label(300), "1 min 16 s");
    }

    /// `sentence_count` as it was first written, a char at a time: the byte loop must agree.
    fn sentence_count_by_chars(text: &str) -> usize {
        let mut count = 0;
        let mut in_sentence = false;
        let mut prev_newline = false;
        for c in text.chars() {
            match c {
                '.' | '!' | '?' | '…' | '。' | '！' | '？' => {
                    if in_sentence {
                        count += 1;
                        in_sentence = false;
                    }
                }
                '\n' => {
                    if prev_newline && in_sentence {
                        count += 1;
                        in_sentence = false;
                    }
                    prev_newline = true;
                    continue;
                }
                c if c.is_alphanumeric() => in_sentence = true,
                _ => {}
            }
            if !c.is_whitespace() {
                prev_newline = false;
            }
        }
        count + usize::from(in_sentence)
    }

    /// `Reading::of` as it was first written: Unicode words of the whole text, chars for the
    /// sentences.
    fn reading_by_chars(text: &str) -> Reading {
        use unicode_segmentation::UnicodeSegmentation;
        let words: Vec<&str> = text.unicode_words().collect();
        Reading {
            words: words.len(),
            syllables: words.iter().map(|w| syllables(w)).sum(),
            sentences: sentence_count_by_chars(text),
        }
    }

    /// `Reading::of` an ASCII text as it was before the one-pass reading: the words of
    /// `words::each`, their vowel groups, and `sentence_count`.
    fn ascii_reading_by_passes(text: &str) -> Reading {
        let (mut words, mut syllables) = (0usize, 0usize);
        crate::engine::words::each(text, |_, word| {
            words += 1;
            syllables += ascii_vowel_groups(word.as_bytes());
        });
        Reading {
            words,
            syllables,
            sentences: sentence_count(text),
        }
    }

    #[test]
    fn masked_reading_at_every_length() {
        let base =
            "The e.g. 3.5 ale? Be 10,000 bee!\n \nLE x a:b don't. rhythm\n\nA tree ".repeat(4);
        for len in 0..base.len() {
            let text = &base[..len];
            assert_eq!(
                masked_reading(text.as_bytes()),
                ascii_reading(text.as_bytes()),
                "{len}"
            );
        }
    }

    #[test]
    fn one_pass_reading_of_joined_and_odd_words() {
        for text in [
            "",
            "_",
            "__ x_ _9",
            "e.g. 3.5 10,000 a:b don't it's. end",
            "the table. A make!",
            "a..b 1..2 a' 'a 1;2;3 a;b x-y \r\n\t  __ 9_ _9 a.b.c. U.S.A",
            "Hi\n \nthere\n\nyou",
            "ale",
            "LE",
            "bee",
            "xyzzy1e",
            "1e",
            "'e",
        ] {
            assert_eq!(
                ascii_reading(text.as_bytes()),
                ascii_reading_by_passes(text),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_syllables_are_the_vowel_groups(word in "[a-zA-Z0-9_'.:,;]{1,12}") {
            let by_chars = vowel_groups(word.bytes().map(|b| b.to_ascii_lowercase() as char));
            proptest::prop_assert_eq!(ascii_vowel_groups(word.as_bytes()), by_chars);
        }

        /// The masks find the figures the byte loop finds, across blocks of 64 bytes.
        #[test]
        fn masked_reading_matches_the_byte_loop(
            text in "([ a-zA-Z0-9.,;:!?'\"\n\r\t\u{0B}\u{0C}\u{0}\u{7F}-]|e\\.g\\. |[0-9][.,;'][0-9]|[a-z]['.:][a-z]|le |e |\n \n|[a-z]{50,70}){0,60}"
        ) {
            proptest::prop_assert_eq!(masked_reading(text.as_bytes()), ascii_reading(text.as_bytes()));
        }

        /// The one-pass reading of ASCII text finds the figures the separate passes found.
        #[test]
        fn one_pass_reading_matches_the_passes(
            text in "([ a-zA-Z0-9_.,;:!?'\"\n\r\t\u{0B}\u{0C}-]|e\\.g\\. |[0-9][.,;'][0-9]|[a-z]['.:][a-z]|le |e |\n\n){0,60}"
        ) {
            proptest::prop_assert_eq!(ascii_reading(text.as_bytes()), ascii_reading_by_passes(&text));
        }

        #[test]
        fn figures_match_the_char_by_char_reading(
            text in "([ a-zA-Z0-9_.,;:!?'\"\n\r\t\u{0B}\u{0C}-]|[’é…。！？👋王\u{301}\u{A0}\u{85}\u{3000}\u{2028}ΣÉ]){0,60}"
        ) {
            proptest::prop_assert_eq!(sentence_count(&text), sentence_count_by_chars(&text));
            proptest::prop_assert_eq!(Reading::of(&text), reading_by_chars(&text));
        }
    }

    #[test]
    fn sentences_end_at_terminators_and_blank_lines() {
        assert_eq!(sentence_count("Hi Sarah,\n\nGreat talk!!! Coffee?"), 3);
        assert_eq!(sentence_count("No terminator"), 1);
        assert_eq!(sentence_count(""), 0);
    }
}
