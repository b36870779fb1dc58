//! `style.wall-of-text`: a block too long to read on a phone, over `max_words` words or
//! `max_sentences` sentences. A block is what the reader sees as one: a paragraph, or the lines
//! of one that each end a sentence (a line break shows in a message box), while a hard-wrapped
//! email's lines are joined. The fix splits the block at the sentence break nearest its middle.

use std::ops::Range;
use std::sync::LazyLock;

use serde::Deserialize;

use super::message::Message;
use super::prose::{starts_list_item, ProseParts};
use super::{finding, params, Edit, Finding, Fix};

pub const ID: &str = "style.wall-of-text";

#[derive(Deserialize)]
struct Params {
    max_words: usize,
    max_sentences: usize,
}

static PARAMS: LazyLock<Params> = LazyLock::new(|| params::builtin(ID));

/// Too long a block: its range and size, and where the fix splits it (the end of the sentence
/// that ends nearest its middle word, and the start of the next), in offsets from the
/// paragraph's start.
#[derive(Debug)]
pub struct Wall {
    block: Range<usize>,
    words: usize,
    sentences: usize,
    split: Option<(usize, usize)>,
}

impl Wall {
    /// The blocks of one paragraph that are too long; empty when none is.
    fn of(text: &str, prose: &ProseParts) -> Vec<Wall> {
        let (words, sentences) = (&prose.words, &prose.sentences);
        if words.len() <= PARAMS.max_words && sentences.len() <= PARAMS.max_sentences {
            return Vec::new();
        }
        // Words and sentences are in order, so each block takes the next run of each.
        let (mut w, mut s) = (0, 0);
        let mut walls = Vec::new();
        for block in visual_blocks(text) {
            let first = (w, s);
            while words.get(w).is_some_and(|r| r.start < block.end) {
                w += 1;
            }
            while sentences.get(s).is_some_and(|r| r.start < block.end) {
                s += 1;
            }
            walls.extend(Wall::of_block(
                block,
                &words[first.0..w],
                &sentences[first.1..s],
            ));
        }
        walls
    }

    fn of_block(
        block: Range<usize>,
        words: &[Range<usize>],
        sentences: &[Range<usize>],
    ) -> Option<Wall> {
        if words.len() <= PARAMS.max_words && sentences.len() <= PARAMS.max_sentences {
            return None;
        }
        let half = words.get(words.len() / 2).map_or(block.end, |w| w.start);
        let split = sentences
            .iter()
            .take(sentences.len().saturating_sub(1))
            .min_by_key(|s| s.end.abs_diff(half))
            .map(|s| {
                let next = sentences.iter().find(|n| n.start >= s.end);
                (s.end, next.map_or(s.end, |n| n.start))
            });
        Some(Wall {
            block,
            words: words.len(),
            sentences: sentences.len(),
            split,
        })
    }
}

/// The paragraph cut where a reader sees a new block: a message is pasted into a plain-text box,
/// where every line break shows. A break inside a sentence is a hard wrap (an email wrapped at
/// 72 columns), so it joins the lines again; a break after a sentence's end, a colon or a
/// closing mark, or before a list item, starts a new block.
fn visual_blocks(text: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let (mut start, mut at) = (0, 0);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let end = at + line.len();
        let content = line.trim_end();
        let ends_block = content.chars().last().is_some_and(ends_a_line_of_its_own)
            || lines
                .get(i + 1)
                .is_some_and(|next| starts_list_item(next.trim_start()));
        if end < text.len() && ends_block {
            blocks.push(start..at + content.len());
            start = end;
        }
        at = end;
    }
    blocks.push(start..text.len());
    blocks
}

/// A line ending in a sentence's end, a colon or a closing mark, or in a symbol such as an
/// emoji, ends where its writer meant it to; one ending in a word or a comma was wrapped.
fn ends_a_line_of_its_own(last: char) -> bool {
    !last.is_alphanumeric() && !",-–—(".contains(last)
}

pub fn check(m: &Message, out: &mut Vec<Finding>) {
    if !params::applies(m.a, ID) {
        return;
    }
    for (para, _, walls) in m.readings(|k| &k.wall, Wall::of) {
        for wall in walls {
            out.push(wall_finding(m, para.start, wall));
        }
    }
}

/// The finding on one block, `at` the offset of its paragraph in the message's prose.
fn wall_finding(m: &Message, at: usize, wall: &Wall) -> Finding {
    let p = &m.prose;
    let mut f = finding(
        ID,
        p.source(at + wall.block.start..at + wall.block.end),
        format!(
            "This paragraph is {} words in {} sentences: on a phone that is a wall of text. Keep paragraphs to about {} words, one idea each.",
            wall.words,
            wall.sentences,
            PARAMS.max_words,
        ),
    );
    if let Some((end, next)) = wall.split {
        let (end, next) = (at + end, at + next);
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
    f
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

    #[test]
    fn lines_that_end_sentences_are_blocks_of_their_own() {
        // Each line ends a sentence: the reader sees four short blocks, not one wall.
        let line = "This line has ten words in it and ends here.";
        let body = [line, line, line, line, line, line, line, line, line].join("\n");
        let text = format!("{HEAD}Hi Kenji,\n{body}\nBest,\nMia");
        assert!(findings(&text, ID).is_empty());
        // The same words hard-wrapped mid-sentence are still one block.
        let words = vec!["word"; 81];
        let wrapped: Vec<_> = words.chunks(9).map(|line| line.join(" ")).collect();
        let text = format!("{HEAD}Hi Kenji,\n\n{}", wrapped.join("\n"));
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1, "{text}");
        assert!(
            f[0].message.starts_with("This paragraph is 81 words"),
            "{}",
            f[0].message
        );
        // A long line among short ones is reported alone, and only it is covered.
        let long = format!("{} end.", "word ".repeat(85).trim_end());
        let text = format!("{HEAD}Hi Kenji,\n{line}\n{long}\n{line}");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        assert_eq!(covered(&text, &f[0]), long);
    }
}
