//! `style.readability`: the message reads above grade `max_grade` (Flesch–Kincaid). The grade is
//! `metrics::reading_grade`, the same figure the live counter shows, so the two always agree. The
//! finding points at the hardest sentence, the one to simplify first.

use std::sync::LazyLock;

use serde::Deserialize;

use super::message::Message;
use super::prose::ProseParts;
use super::{finding, params, Finding};
use crate::engine::metrics::{reading_grade, Reading};

pub const ID: &str = "style.readability";

#[derive(Deserialize)]
struct Params {
    /// Fires above this grade.
    max_grade: u32,
    /// Too short to grade below this many words.
    min_words: usize,
    /// The grade formula is for English: skip text where fewer than this share of the letters
    /// are Latin.
    min_latin_share: f64,
}

static PARAMS: LazyLock<Params> = LazyLock::new(|| params::builtin(ID));

/// One paragraph's letters (Latin and all) and its reading figures; in ASCII text, its
/// sentences' too.
#[derive(Debug, Default)]
pub struct ParagraphReading {
    latin: usize,
    letters: usize,
    whole: Reading,
    by_sentence: Vec<Reading>,
}

impl ParagraphReading {
    fn of(text: &str, prose: &ProseParts) -> ParagraphReading {
        let (latin, letters) = latin_letters(text);
        // In ASCII text the sentences hold every word and every sentence end of the paragraph
        // (only whitespace lies between them, and no word or sentence end runs across one), so
        // their figures add up to the paragraph's and the text is read once rather than twice.
        if !text.is_ascii() {
            return ParagraphReading {
                latin,
                letters,
                whole: Reading::of(text),
                by_sentence: Vec::new(),
            };
        }
        let by_sentence: Vec<Reading> = prose
            .sentences
            .iter()
            .map(|s| Reading::of(&text[s.clone()]))
            .collect();
        let whole = by_sentence
            .iter()
            .fold(Reading::default(), |t, s| t.plus(s));
        debug_assert!(whole == Reading::of(text));
        ParagraphReading {
            latin,
            letters,
            whole,
            by_sentence,
        }
    }

    /// Each sentence's grade (0 when it has no words).
    fn grades(&self, text: &str, prose: &ProseParts) -> Vec<u32> {
        let grade = |i: usize, s: &std::ops::Range<usize>| match self.by_sentence.get(i) {
            Some(r) => r.grade(),
            None => reading_grade(&text[s.clone()]),
        };
        prose
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| grade(i, s).unwrap_or(0))
            .collect()
    }
}

pub fn check(m: &Message, out: &mut Vec<Finding>) {
    let p = &m.prose;
    if !params::applies(m.a, ID) || p.word_count() < PARAMS.min_words || !m.reads_as_english() {
        return;
    }
    // Words, sentences and letters never run across a blank line, so the paragraphs' figures
    // add up to the message's (the property tests below hold this).
    let paragraphs: Vec<_> = m.readings(|k| &k.reading, ParagraphReading::of).collect();
    let (latin, letters) = paragraphs
        .iter()
        .fold((0, 0), |(l, a), (_, _, r)| (l + r.latin, a + r.letters));
    if letters == 0 || (latin as f64) < PARAMS.min_latin_share * letters as f64 {
        return;
    }
    let whole = paragraphs
        .iter()
        .fold(Reading::default(), |t, (_, _, r)| t.plus(&r.whole));
    let Some(grade) = whole.grade() else {
        return;
    };
    if grade <= PARAMS.max_grade {
        return;
    }
    // The hardest sentence: the first of those with the highest grade.
    let mut hardest: Option<(u32, std::ops::Range<usize>)> = None;
    for (para, kept, reading) in &paragraphs {
        let text = &p.text[(*para).clone()];
        let grades = kept
            .grades
            .get_or_init(|| reading.grades(text, &kept.prose));
        for (s, &g) in kept.sentences.iter().zip(grades) {
            if hardest.as_ref().is_none_or(|(top, _)| g > *top) {
                hardest = Some((g, para.start + s.start..para.start + s.end));
            }
        }
    }
    let Some((_, hardest)) = hardest else { return };
    out.push(finding(
        ID,
        p.source(hardest),
        format!(
            "Reading grade {grade} (aim for {} or lower): shorter sentences and plainer words get more replies. This is the hardest sentence.",
            PARAMS.max_grade
        ),
    ));
}

/// The Latin letters and all letters of `text`. Runs of ASCII are counted as bytes; only other
/// characters are decoded.
fn latin_letters(text: &str) -> (usize, usize) {
    if text.is_ascii() {
        let letters = text.bytes().filter(u8::is_ascii_alphabetic).count();
        return (letters, letters);
    }
    let (mut latin, mut letters) = (0usize, 0usize);
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let run = b[i..]
            .iter()
            .position(|c| !c.is_ascii())
            .map_or(b.len(), |k| i + k);
        let ascii_letters = b[i..run].iter().filter(|c| c.is_ascii_alphabetic()).count();
        letters += ascii_letters;
        latin += ascii_letters;
        let Some(c) = text[run..].chars().next() else {
            break;
        };
        if c.is_alphabetic() {
            letters += 1;
            latin += usize::from(('\u{C0}'..='\u{24F}').contains(&c));
        }
        i = run + c.len_utf8();
    }
    (latin, letters)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::ID;

    proptest::proptest! {
        /// What the rule relies on to read ASCII text once: the sentences' figures add up to
        /// the message's, so its grade is the counter's.
        #[test]
        fn sentence_figures_add_up_to_the_message_in_ascii_text(
            body in "([ a-zA-Z0-9_.,;:!?'\"()@/\n\t\r\u{0B}\u{0C}-]|Dr\\. |e\\.g\\. |www\\.|http://){0,60}"
        ) {
            use crate::engine::metrics::Reading;
            use crate::engine::render::Rendered;
            let r = Rendered::build(&body, 0..body.len(), &[], &[]);
            let p = super::super::prose::Prose::new(&r);
            let sum = p.sentences().collect::<Vec<_>>().iter().map(|s| Reading::of(&p.text[s.clone()])).fold(
                Reading::default(),
                |t, s| Reading {
                    words: t.words + s.words,
                    syllables: t.syllables + s.syllables,
                    sentences: t.sentences + s.sentences,
                },
            );
            proptest::prop_assert_eq!(sum, Reading::of(p.text));
        }

        /// What reading by paragraph relies on: the paragraphs' figures add up to the
        /// message's, whatever mix of ASCII and other text it holds.
        #[test]
        fn paragraph_figures_add_up_to_the_message(
            body in "([ a-zA-Z.,!?'\n]|\n\n|\n \n|[éÀ王你Σ’…。👋\u{301}\u{A0}\u{3000}]|Dr\\. ){0,60}"
        ) {
            use crate::engine::metrics::Reading;
            use crate::engine::render::Rendered;
            let r = Rendered::build(&body, 0..body.len(), &[], &[]);
            let p = super::super::prose::Prose::new(&r);
            let (mut latin, mut letters, mut sum) = (0, 0, Reading::default());
            for para in &p.paragraphs {
                let text = &p.text[para.clone()];
                let reading = super::ParagraphReading::of(text, &super::ProseParts::of(text));
                latin += reading.latin;
                letters += reading.letters;
                sum = sum.plus(&reading.whole);
            }
            proptest::prop_assert_eq!(sum, Reading::of(p.text));
            proptest::prop_assert_eq!((latin, letters), super::latin_letters(p.text));
        }

        /// The byte loop counts the letters `chars()` does.
        #[test]
        fn latin_share_counts_letters_like_chars(
            text in "([ a-zA-Z0-9.,'\n]|[éÀɏɐ王你ΣЖ’👋\u{301}ß]){0,40}"
        ) {
            let (mut latin, mut letters) = (0usize, 0usize);
            for c in text.chars().filter(|c| c.is_alphabetic()) {
                letters += 1;
                latin += usize::from(c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c));
            }
            proptest::prop_assert_eq!(super::latin_letters(&text), (latin, letters));
        }
    }

    const HEAD: &str = "---\nchannel: email\nto: Margaret Collins\nsubject: Your keynote\n---\n";

    #[test]
    fn dense_text_fires_on_its_hardest_sentence() {
        let text = format!("{HEAD}Hi Margaret,\n\nYour keynote was good. It made me think.\n\nWould a comparative evaluation of automated adjudication implementations across equivalent insurance organizations be operationally valuable?\n\nBest,\nJeremy");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        assert_eq!(covered(&text, &f[0]), "Would a comparative evaluation of automated adjudication implementations across equivalent insurance organizations be operationally valuable?");
        assert!(f[0].message.starts_with("Reading grade "));
    }

    #[test]
    fn silent_on_plain_short_or_non_latin_text() {
        for body in [
            "Hi Margaret,\n\nYour keynote on claims was great. The part on brokers stuck with me. We help teams like yours cut claim times. Would a short case study help? It is two pages.",
            "Hi Margaret, comprehensive organizational transformation?",
            "王芳，你好！我在上海的世界人工智能大会上听了您关于腾讯混元大模型的演讲，收获很大。您提到的成本优化策略对我们特别有用。",
            // German in Latin letters: long compounds, but the English grade means nothing here.
            "Hallo Frau Collins,\n\nwir entwickeln Versicherungssoftware zur Schadenbearbeitungsautomatisierung für mittelständische Versicherungsunternehmen in Deutschland. Hätten Sie Interesse an einer Produktvorführung?",
        ] {
            let text = format!("{HEAD}{body}");
            assert!(findings(&text, ID).is_empty(), "{body}");
        }
    }
}
