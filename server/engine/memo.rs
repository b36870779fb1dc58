//! Incremental linting: what the rules read from each paragraph, kept between lints of one
//! document, so that a keystroke re-reads the paragraph it changed and not the whole message.
//!
//! A lint splits the message into paragraphs (blocks between blank lines). Each rule family keeps
//! per paragraph what depends on that paragraph's text alone, in offsets from its start, in a
//! [`Table`]. A lint with an empty [`Memo`] (the CLI's) computes everything; a lint with the memo
//! of the previous one finds again every paragraph outside the part of the text that changed.
//! Whatever depends on more than the text (the front-matter, the settings) is either applied
//! outside the table or named by the table's context, which empties it when it changes.
//!
//! A table finds a paragraph by place, not by content: the text before the first changed byte
//! and after the last is the same as last time, so a paragraph there is the one last seen at
//! the same place (counted from the end, after the change). No paragraph is hashed or compared;
//! the cost is two comparisons of the whole text with the last one, and a copy of it.

use std::any::Any;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// The per-paragraph tables of one document, one per reading type, each made the first time
/// `engine::families` asks for it for the family that owns the type: the memo knows none. Shared
/// by reference during a lint, so each table sits behind its own lock, held while its family reads.
#[derive(Default)]
pub struct Memo {
    tables: Mutex<Vec<Arc<dyn Any + Send + Sync>>>,
}

impl Memo {
    pub fn new() -> Memo {
        Memo::default()
    }

    /// The table of `T` readings, made empty the first time it is asked for.
    pub fn table<T: Send + Sync + 'static>(&self) -> Arc<Mutex<Table<T>>> {
        let mut tables = lock(&self.tables);
        if let Some(table) = tables
            .iter()
            .find_map(|t| Arc::clone(t).downcast::<Mutex<Table<T>>>().ok())
        {
            return table;
        }
        let table = Arc::new(Mutex::new(Table::<T>::default()));
        tables.push(table.clone());
        table
    }

    /// The value `make` gives for `key`, made again only when `key` differs from the last
    /// one asked for with a `T`: for what depends on one part of the text that most keystrokes
    /// leave alone (the front-matter).
    pub fn last_or<T: Clone + Send + Sync + 'static>(
        &self,
        key: &str,
        make: impl FnOnce() -> T,
    ) -> T {
        let slot = {
            let mut tables = lock(&self.tables);
            match tables
                .iter()
                .find_map(|t| Arc::clone(t).downcast::<Mutex<Option<(String, T)>>>().ok())
            {
                Some(slot) => slot,
                None => {
                    let slot = Arc::new(Mutex::new(None::<(String, T)>));
                    tables.push(slot.clone());
                    slot
                }
            }
        };
        let mut slot = lock(&slot);
        if let Some((last, value)) = slot.as_ref() {
            if last == key {
                return value.clone();
            }
        }
        let value = make();
        *slot = Some((key.to_string(), value.clone()));
        value
    }

    /// How many paragraphs the table of `T` holds: for tests and benchmarks.
    pub fn held<T: Send + Sync + 'static>(&self) -> usize {
        lock(&self.table::<T>()).last.len()
    }

    /// How many paragraphs the table of `T` has read since the memo was made.
    pub fn reads<T: Send + Sync + 'static>(&self) -> usize {
        lock(&self.table::<T>()).reads
    }
}

/// A poisoned lock means a rule panicked mid-lint; what the table holds is still whole values
/// (entries are inserted complete), so the lint goes on with it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Values per paragraph of the last text read, valid for one context (a hash of whatever else
/// they depend on).
pub struct Table<T> {
    context: u64,
    /// The text of the last lint, and its paragraphs (by range, in order) with their values.
    last_text: String,
    last: Vec<(Range<usize>, Arc<T>)>,
    /// This lint's paragraphs so far.
    next: Vec<(Range<usize>, Arc<T>)>,
    /// This lint's text is the last one but for `[same_before, len - same_after)`.
    same_before: usize,
    same_after: usize,
    len: usize,
    reads: usize,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            context: 0,
            last_text: String::new(),
            last: Vec::new(),
            next: Vec::new(),
            same_before: 0,
            same_after: 0,
            len: 0,
            reads: 0,
        }
    }
}

impl<T> Table<T> {
    /// Starts reading `text`: finds how much of its start and end are as last time. A new
    /// `context` (what the values depend on besides the text) forgets every value.
    pub fn begin(&mut self, text: &str, context: u64) {
        if self.context != context {
            self.last.clear();
            self.last_text.clear();
            self.context = context;
        }
        let (old, new) = (self.last_text.as_bytes(), text.as_bytes());
        let before = common_prefix(old, new);
        // The common end may not reach into the common start, in either text.
        let most = old.len().min(new.len()) - before;
        let after = common_suffix(&old[old.len() - most..], &new[new.len() - most..]);
        self.same_before = before;
        self.same_after = after;
        self.len = text.len();
        self.next.clear();
    }

    /// The value for the paragraph at `range` of the text being read: last lint's, if the same
    /// text stood in the same place then; else made by `make`.
    pub fn get_or_make(&mut self, range: Range<usize>, make: impl FnOnce() -> T) -> Arc<T> {
        self.get_or_make_if(range, |_| true, make)
    }

    /// [`Table::get_or_make`], keeping the last value only if `still` holds for it: for values
    /// that depend on a little of the text outside their paragraph, and note which.
    pub fn get_or_make_if(
        &mut self,
        range: Range<usize>,
        still: impl FnOnce(&T) -> bool,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        let value = match self.last_place(&range) {
            Some(old) => self.find_last(old, range.len()).filter(|v| still(v)),
            None => None,
        };
        let value = value.unwrap_or_else(|| {
            self.reads += 1;
            Arc::new(make())
        });
        self.next.push((range, Arc::clone(&value)));
        value
    }

    /// Ends the reading of `text`: its paragraphs are what the next lint finds.
    pub fn finish(&mut self, text: &str) {
        std::mem::swap(&mut self.last, &mut self.next);
        self.next.clear();
        self.last_text.clear();
        self.last_text.push_str(text);
    }

    /// Where a paragraph that is unchanged stood in the last text, if it lies wholly before
    /// or after the change.
    fn last_place(&self, range: &Range<usize>) -> Option<usize> {
        if range.end <= self.same_before {
            Some(range.start)
        } else if range.start >= self.len - self.same_after {
            Some(range.start + self.last_text.len() - self.len)
        } else {
            None
        }
    }

    fn find_last(&self, start: usize, len: usize) -> Option<Arc<T>> {
        let i = self.last.partition_point(|(r, _)| r.start < start);
        match self.last.get(i) {
            Some((r, value)) if r.start == start && r.len() == len => Some(Arc::clone(value)),
            _ => None,
        }
    }
}

/// How many leading bytes `a` and `b` share: compared a large block at a time (one `memcmp`
/// each), then a small one, then by byte.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    for block in [4096, 64] {
        while i + block <= n && a[i..i + block] == b[i..i + block] {
            i += block;
        }
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many trailing bytes `a` and `b` share.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut k = 0;
    for block in [4096, 64] {
        while k + block <= n && a[n - k - block..n - k] == b[n - k - block..n - k] {
            k += block;
        }
    }
    k + a[..n - k]
        .iter()
        .rev()
        .zip(b[..n - k].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// A hash of values that a table's entries depend on besides their text.
pub(crate) fn context_hash(parts: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` split at `|` into a table of paragraph texts; returns how many were made.
    fn read(t: &mut Table<String>, text: &str) -> usize {
        let whole = text.replace('|', "");
        t.begin(&whole, 1);
        let before = t.reads;
        let mut at = 0;
        for part in text.split('|') {
            let range = at..at + part.len();
            let value = t.get_or_make(range.clone(), || whole[range.clone()].to_string());
            assert_eq!(*value, whole[range], "a kept value is for the same text");
            at += part.len();
        }
        t.finish(&whole);
        t.reads - before
    }

    #[test]
    fn paragraphs_before_and_after_an_edit_are_found_again() {
        let mut t = Table::default();
        assert_eq!(read(&mut t, "one\n\n|two\n\n|three"), 3);
        assert_eq!(
            read(&mut t, "one\n\n|twoX\n\n|three"),
            1,
            "only the edited one"
        );
        assert_eq!(read(&mut t, "one\n\n|twoX\n\n|three"), 0);
        assert_eq!(
            read(&mut t, "zero\n\n|one\n\n|twoX\n\n|three"),
            1,
            "shifted, found from the end"
        );
        assert_eq!(read(&mut t, "three"), 0, "the tail, alone");
        assert_eq!(t.last.len(), 1, "only this lint's paragraphs are kept");
    }

    #[test]
    fn the_last_value_is_made_again_only_for_another_key() {
        let memo = Memo::new();
        let made = std::cell::Cell::new(0);
        let make = |v: u32| {
            made.set(made.get() + 1);
            v
        };
        assert_eq!(memo.last_or("a", || make(1)), 1);
        assert_eq!(memo.last_or("a", || make(2)), 1, "kept for the same key");
        assert_eq!(memo.last_or("b", || make(3)), 3);
        assert_eq!(
            memo.last_or("a", || make(4)),
            4,
            "one slot: the last key only"
        );
        // Another type has its own slot.
        assert_eq!(memo.last_or("a", || String::from("x")), "x");
        assert_eq!(memo.last_or("a", || make(5)), 4);
        assert_eq!(made.get(), 3);
    }

    #[test]
    fn a_new_context_forgets_every_paragraph() {
        let mut t: Table<String> = Table::default();
        read(&mut t, "a|b");
        t.begin("ab", 2);
        assert!(t.last.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn common_ends_of_an_edited_text_are_counted_exactly(
            a in proptest::collection::vec(0u8..3, 0..10_000),
            at in 0usize..10_000,
            cut in 0usize..5,
            insert in proptest::collection::vec(0u8..3, 0..5),
        ) {
            let at = at.min(a.len());
            let mut b = a.clone();
            b.splice(at..(at + cut).min(a.len()), insert);
            let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
            proptest::prop_assert_eq!(common_prefix(&a, &b), prefix);
            proptest::prop_assert_eq!(common_suffix(&a, &b), suffix);
        }

        #[test]
        fn common_ends_are_counted_exactly(
            a in proptest::collection::vec(0u8..3, 0..300),
            b in proptest::collection::vec(0u8..3, 0..300),
        ) {
            let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
            proptest::prop_assert_eq!(common_prefix(&a, &b), prefix);
            proptest::prop_assert_eq!(common_suffix(&a, &b), suffix);
        }
    }
}
