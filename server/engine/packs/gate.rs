//! Where the phrase and pattern rules (and their exceptions) can match a draft: one Aho-Corasick
//! pass over its prose for the prefixes of every rule ([`super::literals`]) gives the positions
//! where each rule's matches may start. Most drafts trip one or two rules; the others never run
//! their regexes, and those that run try only those positions ([`super::seek`]). A rule whose
//! matches may start anywhere searches everywhere.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::literals::{gate_form, ODD_FOLDS};

/// What one rule brings to the gate.
pub struct Member<'a> {
    /// Its prefixes, or `None` when a match may start anywhere.
    pub prefixes: Option<&'a [String]>,
    pub case_sensitive: bool,
}

pub struct Gate {
    /// Searches every prefix at once, ASCII letters in any case.
    searcher: Option<AhoCorasick>,
    /// The members each needle of `searcher` lets through, by needle index.
    members: Vec<Vec<usize>>,
    /// Needles that are not prefixes but [`ODD_FOLDS`]: their members may match anywhere.
    odd: Vec<bool>,
    /// Members that may match anywhere.
    always: Vec<usize>,
    len: usize,
}

/// Where a member's matches may start: `None` anywhere, else these sorted positions (none: the
/// member cannot match).
pub type Starts = Option<Vec<usize>>;

impl Gate {
    pub fn new(rules: &[Member]) -> Gate {
        let mut needles: Vec<String> = Vec::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut odd: Vec<bool> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut always = Vec::new();
        let mut add = |needle: &str, member: usize| {
            let key = needle.to_ascii_lowercase();
            let i = *index.entry(key.clone()).or_insert_with(|| {
                odd.push(
                    ODD_FOLDS
                        .iter()
                        .any(|c| *c.encode_utf8(&mut [0; 4]) == *key),
                );
                needles.push(key);
                members.push(Vec::new());
                members.len() - 1
            });
            if members[i].last() != Some(&member) {
                members[i].push(member);
            }
        };
        for (i, rule) in rules.iter().enumerate() {
            let Some(prefixes) = rule.prefixes else {
                always.push(i);
                continue;
            };
            let forms: Vec<&str> = prefixes
                .iter()
                .map(|p| gate_form(p, rule.case_sensitive))
                .collect();
            if forms.iter().any(|f| f.is_empty()) {
                always.push(i);
                continue;
            }
            for form in forms {
                add(form, i);
            }
            if !rule.case_sensitive {
                // The Kelvin sign and the long s match `k` and `s` under `(?i)`.
                for c in ODD_FOLDS {
                    add(c.encode_utf8(&mut [0; 4]), i);
                }
            }
        }
        let searcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(&needles)
            .ok();
        if searcher.is_none() {
            // Too many prefixes to search at once: every rule runs, which is only slower.
            always = (0..rules.len()).collect();
        }
        Gate {
            searcher,
            members,
            odd,
            always,
            len: rules.len(),
        }
    }

    /// Where each member's matches may start inside `regions` of `text`, by member index.
    pub fn open(&self, text: &str, regions: &[Range<usize>]) -> Vec<Starts> {
        let mut open: Vec<Starts> = vec![Some(Vec::new()); self.len];
        for &i in &self.always {
            open[i] = None;
        }
        let Some(searcher) = &self.searcher else {
            return open;
        };
        for region in regions {
            for m in searcher.find_overlapping_iter(&text[region.clone()]) {
                let needle = m.pattern().as_usize();
                let odd = self.odd[needle];
                for &i in &self.members[needle] {
                    match &mut open[i] {
                        Some(_) if odd => open[i] = None,
                        Some(starts) => starts.push(region.start + m.start()),
                        None => {}
                    }
                }
            }
        }
        for starts in open.iter_mut().flatten() {
            // Overlapping matches come in order of their ends.
            starts.sort_unstable();
            starts.dedup();
        }
        open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(prefixes: &[String], case_sensitive: bool) -> Member<'_> {
        Member {
            prefixes: Some(prefixes),
            case_sensitive,
        }
    }

    #[test]
    fn opens_the_rules_whose_prefixes_appear() {
        let a = vec!["act now".to_string(), "free".to_string()];
        let b = vec!["Circling".to_string()];
        let c = vec!["café".to_string()];
        let gate = Gate::new(&[
            member(&a, false),
            member(&b, true),
            member(&c, false),
            Member {
                prefixes: None,
                case_sensitive: false,
            },
        ]);
        let open = |t: &str| gate.open(t, &[0..t.len()]);
        let none = Some(vec![]);
        assert_eq!(
            open("nothing here"),
            vec![none.clone(), none.clone(), none.clone(), None]
        );
        assert_eq!(
            open("ACT NOW, act now"),
            vec![Some(vec![0, 9]), none.clone(), none.clone(), None]
        );
        // Case-sensitive rules are let through on any case: their regex decides.
        assert_eq!(
            open("circling"),
            vec![none.clone(), Some(vec![0]), none.clone(), None]
        );
        assert_eq!(
            open("a CAFÉ"),
            vec![none.clone(), none.clone(), Some(vec![2]), None]
        );
        // The Kelvin sign folds to k: case-insensitive rules may match anywhere.
        assert_eq!(open("\u{212A}"), vec![None, none.clone(), None, None]);
        // Only the regions count, and positions are in the whole text.
        let t = "free xx free";
        assert_eq!(
            gate.open(t, &[4..12]),
            vec![Some(vec![8]), none.clone(), none, None]
        );
    }
}
