//! Reading figures for the rendered message: words, reading time, reading grade. Shared by the
//! counters, the channel hover and any rule that judges readability, so they all agree.

use super::Stats;

/// The live counter shown next to the front-matter: `247/300 · 46 words · grade 6`, with the
/// subject's count after it on channels that limit the subject.
pub fn counter_label(stats: &Stats) -> String {
    let mut parts = vec![match stats.limit {
        Some(limit) => format!("{}/{limit}", stats.used),
        None => format!("{} characters", stats.used),
    }];
    parts.push(match stats.words {
        1 => "1 word".to_string(),
        n => format!("{n} words"),
    });
    if let Some(grade) = stats.grade {
        parts.push(format!("grade {grade}"));
    }
    if let Some(limit) = stats.subject_limit {
        parts.push(format!(
            "subject {}/{limit}",
            stats.subject_used.unwrap_or(0)
        ));
    }
    parts.join(" · ")
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
        let (mut words, mut syllables) = (0usize, 0usize);
        if text.is_ascii() {
            super::words::each(text, |_, word| {
                words += 1;
                syllables += ascii_vowel_groups(word.as_bytes());
            });
        } else {
            super::words::each(text, |_, word| {
                words += 1;
                syllables += self::syllables(word);
            });
        }
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
        assert_eq!(counter_label(&note), "37/300 · 6 words · grade 3");
        let inmail = stats("---\nchannel: inmail\nsubject: Your talk\n---\nHi");
        assert_eq!(
            counter_label(&inmail),
            "2/1900 · 1 word · grade 0 · subject 9/200"
        );
        let email = stats("---\nchannel: email\n---\n");
        assert_eq!(counter_label(&email), "0 characters · 0 words");
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

    proptest::proptest! {
        #[test]
        fn ascii_syllables_are_the_vowel_groups(word in "[a-zA-Z0-9_'.:,;]{1,12}") {
            let by_chars = vowel_groups(word.bytes().map(|b| b.to_ascii_lowercase() as char));
            proptest::prop_assert_eq!(ascii_vowel_groups(word.as_bytes()), by_chars);
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
