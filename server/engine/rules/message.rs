//! What the rules about the message's wording share, worked out once per lint: the prose of the
//! rendered text, its greeting and the recipient named in the front-matter.

use std::cell::OnceCell;

use super::greeting::{self, Greeting};
use super::prose::{fold, Prose};
use super::recipient::Recipient;
use super::Analysis;

pub struct Message<'a, 't> {
    pub a: &'a Analysis<'t>,
    pub prose: Prose<'a>,
    pub greeting: Option<Greeting>,
    pub recipient: Option<Recipient>,
    /// The rendered text folded, made on first use: most messages greet by name, and then no
    /// rule needs it.
    folded: OnceCell<String>,
}

impl<'a, 't> Message<'a, 't> {
    pub fn new(a: &'a Analysis<'t>) -> Message<'a, 't> {
        let prose = Prose::new(&a.rendered);
        let greeting = greeting::parse(&prose);
        Message {
            a,
            greeting,
            recipient: Recipient::of(&a.draft.facts),
            folded: OnceCell::new(),
            prose,
        }
    }

    /// The message's first sentence, without a greeting before it on its line ("Hi Sarah, just
    /// checking in." gives "just checking in."); for findings about the message as a whole.
    pub fn opening(&self) -> std::ops::Range<usize> {
        let after = self.greeting.as_ref().map_or(0, |g| g.end);
        let p = &self.prose;
        match p.sentences.iter().find(|s| s.end > after) {
            Some(s) => {
                let start = s.start.max(after);
                let line_end = p.text[start..s.end].find('\n').map_or(s.end, |i| start + i);
                start..line_end
            }
            None => p.opening(),
        }
    }

    /// The rendered text folded (lower case, no accents) for finding names and phrases.
    pub fn folded(&self) -> &str {
        self.folded.get_or_init(|| fold(self.prose.text))
    }

    /// The line break the file uses, for inserted lines.
    pub fn newline(&self) -> &'static str {
        self.a.draft.newline()
    }
}
