//! What the rules about the message's wording share, worked out once per lint: the prose of the
//! rendered text, its greeting and the recipient named in the front-matter.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::greeting::{self, Greeting};
use super::paragraph::WordingParagraph;
use super::prose::{contains_word, fold, Prose, ProseParts};
use super::recipient::Recipient;
use super::Analysis;
use crate::engine::memo::Table;

pub struct Message<'a, 't> {
    pub a: &'a Analysis<'t>,
    pub prose: Prose<'a>,
    pub greeting: Option<Greeting>,
    pub recipient: Option<Recipient>,
    /// What the rules keep of each paragraph, in the order of `prose.paragraphs`.
    kept: Vec<Arc<WordingParagraph>>,
    /// Whether it reads as English, worked out once for the rules that ask.
    english: OnceLock<bool>,
}

impl<'a, 't> Message<'a, 't> {
    /// Reads the message, taking the paragraphs an earlier lint read from `table`.
    pub fn new(
        a: &'a Analysis<'t>,
        mut table: Option<&mut Table<WordingParagraph>>,
    ) -> Message<'a, 't> {
        let whole = a.rendered.text.as_str();
        if let Some(t) = table.as_mut() {
            t.begin(whole, 0);
        }
        let mut kept = Vec::new();
        let prose = Prose::read(&a.rendered, |range, text| {
            let paragraph = match table.as_mut() {
                Some(t) => t.get_or_make(range, || WordingParagraph::new(text)),
                None => Arc::new(WordingParagraph::new(text)),
            };
            kept.push(Arc::clone(&paragraph));
            paragraph
        });
        if let Some(t) = table.as_mut() {
            t.finish(whole);
        }
        let greeting = greeting::parse(&prose);
        Message {
            a,
            kept,
            greeting,
            recipient: Recipient::of(&a.draft.facts),
            prose,
            english: OnceLock::new(),
        }
    }

    /// The message's first sentence, without a greeting before it on its line ("Hi Sarah, just
    /// checking in." gives "just checking in."); for findings about the message as a whole.
    pub fn opening(&self) -> std::ops::Range<usize> {
        let after = self.greeting.as_ref().map_or(0, |g| g.end);
        let p = &self.prose;
        match p.sentences().find(|s| s.end > after) {
            Some(s) => {
                let start = s.start.max(after);
                let line_end = p.text[start..s.end].find('\n').map_or(s.end, |i| start + i);
                start..line_end
            }
            None => p.opening(),
        }
    }

    /// Each paragraph's range in the rendered text, with what the rules keep of it.
    fn paragraphs(&self) -> impl DoubleEndedIterator<Item = (&Range<usize>, &WordingParagraph)> {
        self.prose
            .paragraphs
            .iter()
            .zip(self.kept.iter().map(|k| &**k))
    }

    /// Each paragraph with a rule's reading of it: the one an earlier lint kept in `cell`, or
    /// one made now by `read` from the paragraph's text and prose (and kept for the next lint).
    pub fn readings<'s, T: 's>(
        &'s self,
        cell: fn(&WordingParagraph) -> &OnceLock<T>,
        read: fn(&str, &ProseParts) -> T,
    ) -> impl DoubleEndedIterator<Item = (&'s Range<usize>, &'s WordingParagraph, &'s T)> {
        self.paragraphs().map(move |(range, kept)| {
            let reading = cell(kept).get_or_init(|| read(&self.prose.text[range.clone()], kept));
            (range, kept, reading)
        })
    }

    /// Whether the message reads as English (or is too short to tell): see `language`.
    pub fn reads_as_english(&self) -> bool {
        *self
            .english
            .get_or_init(|| super::language::reads_as_english(self))
    }

    /// Whether `folded_word` (folded, see [`fold`]) is written as a word somewhere in the
    /// message: looked for paragraph by paragraph, in each one's kept folded text.
    pub fn mentions(&self, folded_word: &str) -> bool {
        self.readings(|k| &k.folded, |text, _| fold(text))
            .any(|(_, _, folded)| contains_word(folded, folded_word))
    }

    /// The line break the file uses, for inserted lines.
    pub fn newline(&self) -> &'static str {
        self.a.draft.newline()
    }
}
