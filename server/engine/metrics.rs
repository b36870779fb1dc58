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
    pub fn of(text: &str) -> Reading {
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

/// The sentence count of `text` as [`reading_grade`] counts it.
pub fn sentences_in(text: &str) -> usize {
    sentence_count(text)
}

/// Sentences: runs of text ended by `.`, `!`, `?` or `…` (repeats count once), or by a blank line.
fn sentence_count(text: &str) -> usize {
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

/// Vowel groups in an English word, with a silent final `e` dropped; at least one.
fn syllables(word: &str) -> usize {
    if word.is_ascii() {
        vowel_groups(word.bytes().map(|b| b.to_ascii_lowercase() as char))
    } else {
        // Lower-casing one character at a time differs from `str::to_lowercase` only in the
        // final sigma, which is neither a vowel nor an `e` or `l`.
        vowel_groups(word.chars().flat_map(char::to_lowercase))
    }
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

    #[test]
    fn sentences_end_at_terminators_and_blank_lines() {
        assert_eq!(sentence_count("Hi Sarah,\n\nGreat talk!!! Coffee?"), 3);
        assert_eq!(sentence_count("No terminator"), 1);
        assert_eq!(sentence_count(""), 0);
    }
}
