//! What the wording rules keep of one paragraph between lints (see `engine::memo`): its prose,
//! and each rule's own reading of it, made the first time the rule asks. Everything here is in
//! offsets from the paragraph's start and depends on the paragraph's text alone; what also
//! depends on the front-matter (the recipient's name, the company) is worked out by the rule.

use std::ops::{Deref, Range};
use std::sync::OnceLock;

use super::prose::ProseParts;

#[derive(Debug, Default)]
pub struct WordingParagraph {
    pub prose: ProseParts,
    /// `generic_opener`: the stock openers in it.
    pub(super) openers: OnceLock<Vec<Range<usize>>>,
    /// `self_centered`: its words about the writer and the reader, per sentence.
    pub(super) people: OnceLock<super::self_centered::People>,
    /// `readability`: its letters, words, syllables and sentences.
    pub(super) reading: OnceLock<super::readability::ParagraphReading>,
    /// `readability`: each sentence's grade, once the message turns out hard to read.
    pub(super) grades: OnceLock<Vec<u32>>,
    /// `no_ask`: whether it asks something (a question mark, or a call to action).
    pub(super) asks: OnceLock<bool>,
    /// `no_hook`: whether it shows the writer knows something about the reader, and how many
    /// of its sentences tell them a detail of their own.
    pub(super) hooks: OnceLock<super::no_hook::Hooks>,
    /// `wall_of_text`: its size and split, when it is too long.
    pub(super) wall: OnceLock<Vec<super::wall_of_text::Wall>>,
    /// `language`: its English function words and all its words.
    pub(super) english: OnceLock<(usize, usize)>,
    /// Its text folded (lower case, no accents), for finding names.
    pub(super) folded: OnceLock<String>,
}

impl WordingParagraph {
    pub fn new(text: &str) -> WordingParagraph {
        WordingParagraph {
            prose: ProseParts::of(text),
            ..WordingParagraph::default()
        }
    }
}

impl AsRef<ProseParts> for WordingParagraph {
    fn as_ref(&self) -> &ProseParts {
        &self.prose
    }
}

impl Deref for WordingParagraph {
    type Target = ProseParts;
    fn deref(&self) -> &ProseParts {
        &self.prose
    }
}
