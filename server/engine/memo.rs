//! Incremental linting: what the rules read from each paragraph, kept between lints of one
//! document, so that a keystroke re-reads the paragraph it changed and not the whole message.
//!
//! A lint splits the message into paragraphs (blocks between blank lines). Each rule family keeps
//! per paragraph what depends on that paragraph's text alone, in offsets from its start, in a
//! [`Table`] keyed by the text. A lint with an empty [`Memo`] (the CLI's) computes everything; a
//! lint with the memo of the previous one finds every paragraph but the edited one. Whatever
//! depends on more than the text (the front-matter, the settings) is either applied outside the
//! table or named by the table's context, which empties it when it changes.
//!
//! After each lint the tables drop the paragraphs it did not use, so a memo holds one message.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex};

use super::packs::PackParagraph;
use super::rules::WordingParagraph;

/// The per-paragraph tables of one document. Shared by reference during a lint (rules see it
/// through `&`), so each table sits behind its own lock; a lint takes each lock briefly.
#[derive(Default)]
pub struct Memo {
    pub(crate) wording: Mutex<Table<WordingParagraph>>,
    pub(crate) packs: Mutex<Table<PackParagraph>>,
}

impl Memo {
    pub fn new() -> Memo {
        Memo::default()
    }

    /// Drops the paragraphs the last lint did not use, and starts the next lint's count.
    pub(crate) fn sweep(&self) {
        lock(&self.wording).sweep();
        lock(&self.packs).sweep();
    }

    /// How many paragraphs each table holds (wording, packs): for tests and benchmarks.
    pub fn len(&self) -> (usize, usize) {
        (lock(&self.wording).len(), lock(&self.packs).len())
    }

    /// How many paragraphs each table has read since the memo was made (wording, packs).
    pub fn reads(&self) -> (usize, usize) {
        (lock(&self.wording).reads, lock(&self.packs).reads)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == (0, 0)
    }
}

/// A poisoned lock means a rule panicked mid-lint; what the table holds is still whole values
/// (entries are inserted complete), so the lint goes on with it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Values by paragraph text, valid for one context (a hash of whatever else they depend on).
pub(crate) struct Table<T> {
    context: u64,
    lint: u64,
    reads: usize,
    entries: HashMap<Box<str>, (Arc<T>, u64), BuildHasherDefault<WordHasher>>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            context: 0,
            lint: 0,
            reads: 0,
            entries: HashMap::default(),
        }
    }
}

impl<T> Table<T> {
    /// Empties the table when what its values depend on besides the text has changed.
    pub fn set_context(&mut self, context: u64) {
        if self.context != context {
            self.entries.clear();
            self.context = context;
        }
    }

    /// The value for `text`, made by `make` if no lint since the last sweep has one.
    pub fn get_or_make(&mut self, text: &str, make: impl FnOnce() -> T) -> Arc<T> {
        let lint = self.lint;
        if let Some((value, used)) = self.entries.get_mut(text) {
            *used = lint;
            return Arc::clone(value);
        }
        let value = Arc::new(make());
        self.reads += 1;
        self.entries.insert(text.into(), (Arc::clone(&value), lint));
        value
    }

    fn sweep(&mut self) {
        let lint = self.lint;
        self.entries.retain(|_, (_, used)| *used == lint);
        self.lint += 1;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

/// A fast hash of text for the tables' keys: eight bytes per step (the std hasher takes about a
/// millisecond per megabyte, which is what a keystroke on a 1 MB file has to spend in total).
/// Not for untrusted keys in general: here a collision only costs a string comparison.
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last) ^ (rest.len() as u64) << 59);
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash of values that a table's entries depend on besides their text.
pub(crate) fn context_hash(parts: &[&str]) -> u64 {
    let mut h = WordHasher::default();
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0xff);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_keeps_what_the_last_lint_used_and_drops_the_rest() {
        let mut t: Table<usize> = Table::default();
        let mut made = 0;
        for text in ["one", "two"] {
            t.get_or_make(text, || {
                made += 1;
                text.len()
            });
        }
        t.sweep();
        assert_eq!(*t.get_or_make("two", || unreachable!()), 3);
        t.sweep();
        assert_eq!(t.len(), 1, "`one` was not used by the last lint");
        assert_eq!(*t.get_or_make("one", || 99), 99, "made again");
        assert_eq!(made, 2);
    }

    #[test]
    fn a_new_context_empties_the_table() {
        let mut t: Table<usize> = Table::default();
        t.set_context(1);
        t.get_or_make("a", || 1);
        t.set_context(1);
        assert_eq!(t.len(), 1);
        t.set_context(2);
        assert_eq!(t.len(), 0);
    }

    #[test]
    fn texts_differing_in_their_last_bytes_hash_apart() {
        let hash = |s: &str| {
            let mut h = WordHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("abcdefgh1"), hash("abcdefgh2"));
        assert_ne!(hash("abc"), hash("abc\0"));
    }
}
