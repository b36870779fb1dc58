//! Leftmost-first search that tries only the places a match can start.
//!
//! The gate ([`super::gate`]) knows every position where a rule's match may begin. Trying an
//! anchored match at each of them finds exactly what a plain search finds (a match starts at
//! one of them or nowhere), and skips the bytes in between. An anchored try usually stops within
//! a few bytes; a hostile pattern (`(a+)+$` over a run of `a`s) can make every try run to the end
//! of the text, so once the tries have cost more than a plain search would, the rest of the
//! region is searched plainly from the next candidate. Either way the matches are the same.

use std::time::{Duration, Instant};

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input, Match};

pub struct Seeker<'a> {
    re: &'a Regex,
    hay: &'a str,
    /// Sorted positions where a match may start; `None`: anywhere.
    starts: Option<&'a [usize]>,
    /// The first of `starts` not yet ruled out.
    next: usize,
    anchored: bool,
    began: Instant,
    budget: Duration,
    tries: u32,
}

impl<'a> Seeker<'a> {
    pub fn new(re: &'a Regex, hay: &'a str, from: usize, starts: Option<&'a [usize]>) -> Self {
        // About what a plain search of the rest would cost (2 ns a byte, more on a busy machine).
        let budget = Duration::from_nanos(20_000 + 3 * (hay.len() - from.min(hay.len())) as u64);
        Seeker {
            re,
            hay,
            starts,
            next: 0,
            anchored: true,
            began: Instant::now(),
            budget,
            tries: 0,
        }
    }

    /// The match `re.search(&Input::new(hay).range(at..))` finds.
    pub fn find(&mut self, at: usize) -> Option<Match> {
        let Some(starts) = self.starts else {
            return self.re.search(&Input::new(self.hay).range(at..));
        };
        while starts.get(self.next).is_some_and(|&s| s < at) {
            self.next += 1;
        }
        loop {
            let &start = starts.get(self.next)?;
            if start >= self.hay.len() {
                return None;
            }
            if !self.anchored {
                // No match starts between `at` and `start`.
                return self.re.search(&Input::new(self.hay).range(start..));
            }
            let input = Input::new(self.hay).range(start..).anchored(Anchored::Yes);
            if let Some(m) = self.re.search(&input) {
                return Some(m);
            }
            self.next += 1;
            self.tries += 1;
            if self.tries % 16 == 0 && self.began.elapsed() > self.budget {
                self.anchored = false;
            }
        }
    }

    #[cfg(test)]
    fn give_up_anchoring(&mut self) {
        self.anchored = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(re: &Regex, hay: &str, starts: Option<&[usize]>, plain: bool) -> Vec<(usize, usize)> {
        let mut s = Seeker::new(re, hay, 0, starts);
        if plain {
            s.give_up_anchoring();
        }
        let mut out = Vec::new();
        let mut at = 0;
        while at < hay.len() {
            let Some(m) = s.find(at) else { break };
            out.push((m.start(), m.end()));
            at = m.end().max(m.start() + 1);
        }
        out
    }

    #[test]
    fn candidates_find_what_a_plain_search_finds() {
        let re = Regex::new(r"(?i)ab+|a").unwrap();
        let hay = "xx ABBB a ab zz A";
        let starts: Vec<usize> = hay
            .char_indices()
            .filter(|(_, c)| c.eq_ignore_ascii_case(&'a'))
            .map(|(i, _)| i)
            .collect();
        let plain = all(&re, hay, None, false);
        assert_eq!(plain, vec![(3, 7), (8, 9), (10, 12), (16, 17)]);
        assert_eq!(all(&re, hay, Some(&starts), false), plain);
        assert_eq!(all(&re, hay, Some(&starts), true), plain);
        // Without a candidate, there is no match to find.
        assert_eq!(all(&re, hay, Some(&starts[1..]), false)[0], (8, 9));
        assert_eq!(all(&re, hay, Some(&[]), false), vec![]);
    }
}
