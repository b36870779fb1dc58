//! Word shingles: every run of `k` consecutive words, hashed. Two drafts that share many
//! shingles share whole phrases, which is what copy-pasting leaves behind; reworded text shares
//! few even when it says the same thing.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// The words of a body and the hash of each `k`-word run, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shingles {
    /// Byte ranges of the words in the file.
    pub words: Vec<Range<u32>>,
    /// `hashes[i]` covers `words[i..i + k]`.
    pub hashes: Vec<u64>,
    pub k: usize,
}

impl Shingles {
    /// Shingles of the words of `text` in `range`, skipping the `skip` ranges (comments).
    pub fn of(text: &str, range: Range<usize>, skip: &[Range<usize>], k: usize) -> Shingles {
        let k = k.max(1);
        let mut words = Vec::new();
        let mut word_hashes = Vec::new();
        let Some(body) = text.get(range.clone()) else {
            return Shingles::default();
        };
        let mut take = |at: usize, word: &str| {
            let start = range.start + at;
            if skip.iter().any(|s| s.contains(&start)) {
                return;
            }
            words.push(start as u32..(start + word.len()) as u32);
            word_hashes.push(word_hash(word));
        };
        crate::engine::words::each(body, &mut take);
        let hashes = if word_hashes.len() < k {
            Vec::new()
        } else {
            word_hashes
                .windows(k)
                .map(|w| {
                    w.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, x| {
                        (h ^ x).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(17)
                    })
                })
                .collect()
        };
        Shingles { words, hashes, k }
    }

    /// The first word index at which each shingle occurs.
    pub fn positions(&self) -> Positions {
        let mut map = HashMap::with_capacity_and_hasher(self.hashes.len(), Default::default());
        for (i, h) in self.hashes.iter().enumerate() {
            map.entry(*h).or_insert(i);
        }
        map
    }

    /// The byte range of shingles `first..=last` (by start word).
    pub fn span(&self, first: usize, last: usize) -> Range<usize> {
        let end_word = (last + self.k - 1).min(self.words.len().saturating_sub(1));
        match (self.words.get(first), self.words.get(end_word)) {
            (Some(a), Some(b)) => a.start as usize..b.end as usize,
            _ => 0..0,
        }
    }
}

/// Shingle hashes are hashes already: hashing them again (SipHash) only costs time.
#[derive(Default)]
pub struct AlreadyHashed(u64);

impl Hasher for AlreadyHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | *b as u64;
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Case-folded FNV-1a: "Thanks" and "thanks" are the same word.
fn word_hash(word: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut mix = |c: char| {
        h ^= c as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    if word.is_ascii() {
        word.bytes()
            .for_each(|b| mix(b.to_ascii_lowercase() as char));
    } else {
        word.chars().flat_map(char::to_lowercase).for_each(mix);
    }
    h
}

/// How much of `later` repeats `earlier`: the share of its shingles found there, and the longest
/// run of consecutive repeated shingles as (first, last) shingle index in `later` and in `earlier`.
pub struct Overlap {
    pub share: f64,
    pub later_run: (usize, usize),
    pub earlier_run: (usize, usize),
}

/// The first word index of each shingle of a draft, built once per draft however many later
/// steps are compared with it.
pub type Positions = HashMap<u64, usize, BuildHasherDefault<AlreadyHashed>>;

pub fn overlap(later: &Shingles, earlier: &Shingles) -> Option<Overlap> {
    overlap_in(later, earlier, &earlier.positions())
}

/// [`overlap`] with `earlier`'s [`Shingles::positions`] already at hand.
pub fn overlap_in(later: &Shingles, earlier: &Shingles, seen: &Positions) -> Option<Overlap> {
    if later.hashes.is_empty() || earlier.hashes.is_empty() || later.k != earlier.k {
        return None;
    }
    let matched: Vec<Option<usize>> = later.hashes.iter().map(|h| seen.get(h).copied()).collect();
    let count = matched.iter().filter(|m| m.is_some()).count();
    if count == 0 {
        return None;
    }
    // The longest run of consecutive matched shingles: that is the passage to point at.
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < matched.len() {
        if matched[i].is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < matched.len() && matched[i + 1].is_some() {
            i += 1;
        }
        if best.is_none_or(|(a, b)| i - start > b - a) {
            best = Some((start, i));
        }
        i += 1;
    }
    let best = best?;
    let e_first = matched[best.0].unwrap_or(0);
    let e_last = matched[best.1].unwrap_or(e_first).max(e_first);
    Some(Overlap {
        share: count as f64 / later.hashes.len() as f64,
        later_run: best,
        earlier_run: (e_first, e_last),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(text: &str) -> Shingles {
        Shingles::of(text, 0..text.len(), &[], 3)
    }

    #[test]
    fn words_keep_their_byte_ranges_across_emoji_and_cjk() {
        let text = "Hi 👋 Sarah, 你好 again";
        let s = sh(text);
        let words: Vec<&str> = s
            .words
            .iter()
            .map(|r| &text[r.start as usize..r.end as usize])
            .collect();
        assert_eq!(words, ["Hi", "Sarah", "你", "好", "again"]);
        assert_eq!(s.hashes.len(), 3);
    }

    #[test]
    fn case_does_not_matter_but_words_do() {
        assert_eq!(
            sh("Thanks for the note").hashes,
            sh("thanks FOR the Note").hashes
        );
        assert_ne!(
            sh("thanks for the note").hashes,
            sh("thanks for a note").hashes
        );
    }

    #[test]
    fn the_longest_repeated_run_is_found() {
        let earlier = sh("one two three four five six seven");
        let later = sh("alpha beta one two three four five gamma delta");
        let o = overlap(&later, &earlier).unwrap();
        assert_eq!(o.later_run, (2, 4));
        assert_eq!(o.earlier_run, (0, 2));
        let text = "alpha beta one two three four five gamma delta";
        assert_eq!(&text[later.span(2, 4)], "one two three four five");
        assert!((o.share - 3.0 / 7.0).abs() < 1e-9);
    }

    #[test]
    fn a_run_at_the_start_or_end_counts() {
        let earlier = sh("one two three four");
        let o = overlap(&sh("one two three four x y z w"), &earlier).unwrap();
        assert_eq!(o.later_run, (0, 1));
        let o = overlap(&sh("x y z w one two three four"), &earlier).unwrap();
        assert_eq!(o.later_run, (4, 5));
    }

    #[test]
    fn nothing_shared_is_none() {
        assert!(overlap(&sh("a b c d"), &sh("e f g h")).is_none());
        assert!(overlap(&sh("a b"), &sh("a b")).is_none());
    }
}
