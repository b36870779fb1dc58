//! `style.wall-of-text`: a paragraph too long to read on a phone, over `max_words` words or
//! `max_sentences` sentences. The fix splits it in two at the sentence break nearest its middle.

use std::sync::LazyLock;

use serde::Deserialize;

use super::message::Message;
use super::prose::ProseParts;
use super::{finding, params, Edit, Finding, Fix};

pub const ID: &str = "style.wall-of-text";

#[derive(Deserialize)]
struct Params {
    max_words: usize,
    max_sentences: usize,
}

static PARAMS: LazyLock<Params> = LazyLock::new(|| params::builtin(ID));

/// A paragraph too long: its size, and where the fix splits it (the end of the sentence that
/// ends nearest its middle word, and the start of the next), in offsets from its start.
#[derive(Debug)]
pub struct Wall {
    words: usize,
    sentences: usize,
    split: Option<(usize, usize)>,
}

impl Wall {
    /// `None` when the paragraph is short enough.
    fn of(text: &str, prose: &ProseParts) -> Option<Wall> {
        let len = text.len();
        let (words, sentences) = (prose.words.len(), &prose.sentences);
        if words <= PARAMS.max_words && sentences.len() <= PARAMS.max_sentences {
            return None;
        }
        let half = prose.words.get(words / 2).map_or(len, |w| w.start);
        let split = sentences
            .iter()
            .take(sentences.len().saturating_sub(1))
            .min_by_key(|s| s.end.abs_diff(half))
            .map(|s| {
                let next = sentences.iter().find(|n| n.start >= s.end);
                (s.end, next.map_or(s.end, |n| n.start))
            });
        Some(Wall {
            words,
            sentences: sentences.len(),
            split,
        })
    }
}

pub fn check(m: &Message, out: &mut Vec<Finding>) {
    if !params::applies(m.a, ID) {
        return;
    }
    let p = &m.prose;
    for (para, _, wall) in m.readings(|k| &k.wall, Wall::of) {
        let Some(wall) = wall else {
            continue;
        };
        let mut f = finding(
            ID,
            p.source(para.clone()),
            format!(
                "This paragraph is {} words in {} sentences: on a phone that is a wall of text. Keep paragraphs to about {} words, one idea each.",
                wall.words,
                wall.sentences,
                PARAMS.max_words,
            ),
        );
        if let Some((end, next)) = wall.split {
            let (end, next) = (para.start + end, para.start + next);
            let nl = m.newline();
            f.fixes.push(Fix {
                title: "Split the paragraph in two".into(),
                edits: vec![Edit {
                    range: p.source(end..next).start..p.source(next..next).start,
                    text: format!("{nl}{nl}"),
                }],
                new_file: None,
                preferred: true,
                safe: false,
                kind: crate::engine::finding::FixKind::Rewrite,
            });
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::ID;

    const HEAD: &str = "---\nchannel: inmail\nto: Kenji Watanabe\nsubject: Your talk\n---\n";

    #[test]
    fn a_paragraph_of_many_sentences_fires_and_splits() {
        let text = format!(
            "{HEAD}Hi Kenji,\r\n\r\nOne. Two 👋. Three! Four? Five. Six. Seven. Eight.\r\n\r\nBest,\r\nMia"
        );
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        assert_eq!(
            covered(&text, &f[0]),
            "One. Two 👋. Three! Four? Five. Six. Seven. Eight."
        );
        let fixed = apply(&text, &f[0].fixes[0]);
        assert!(
            fixed.contains("One. Two 👋. Three! Four?\r\n\r\nFive. Six. Seven. Eight."),
            "{fixed:?}"
        );
        assert!(findings(&fixed, ID).is_empty());
    }

    #[test]
    fn seven_short_sentences_are_not_yet_a_wall() {
        let text = format!("{HEAD}Hi Kenji, your talk was great. We ship watches. They dive deep. The role is in Taipei. The team is six. The pay is strong. Open to a chat?");
        assert!(findings(&text, ID).is_empty());
    }

    #[test]
    fn a_paragraph_of_many_words_fires() {
        let long = "word ".repeat(81);
        let text = format!("{HEAD}Hi Kenji,\n\n{}", long.trim_end());
        let f = findings(&text, ID);
        assert_eq!(covered(&text, &f[0]), long.trim_end());
        assert!(f[0]
            .message
            .starts_with("This paragraph is 81 words in 1 sentences"));
    }

    #[test]
    fn silent_on_short_paragraphs_abbreviations_and_notes() {
        let text = format!("{HEAD}Hi Kenji, Dr. Ito said the U.S. team ships at 3.5x speed, vs. Garmin. See https://x.io/a.b. Four.\n\n{}", "word ".repeat(80));
        assert!(findings(&text, ID).is_empty());
        let note =
            "---\nchannel: note\nto: Kenji Watanabe\n---\nHi Kenji! One. Two. Three. Four. Five. Six. Seven. Eight.";
        assert!(findings(note, ID).is_empty());
    }
}
