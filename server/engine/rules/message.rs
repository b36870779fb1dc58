//! What the rules about the message's wording share, worked out once per lint: the prose of the
//! rendered text, its greeting and the recipient named in the front-matter.

use super::greeting::{self, Greeting};
use super::prose::{fold, Prose};
use super::recipient::Recipient;
use super::Analysis;

pub struct Message<'a, 't> {
    pub a: &'a Analysis<'t>,
    pub prose: Prose<'a>,
    pub greeting: Option<Greeting>,
    pub recipient: Option<Recipient>,
    /// The rendered text folded (lower case, no accents) for finding names and phrases.
    pub folded: String,
}

impl<'a, 't> Message<'a, 't> {
    pub fn new(a: &'a Analysis<'t>) -> Message<'a, 't> {
        let prose = Prose::new(&a.rendered);
        let greeting = greeting::parse(&prose);
        Message {
            a,
            greeting,
            recipient: Recipient::of(&a.draft.facts),
            folded: fold(prose.text),
            prose,
        }
    }

    /// The line break the file uses, for inserted lines.
    pub fn newline(&self) -> &'static str {
        self.a.draft.newline()
    }
}
