//! Where the phrase and pattern rules (and their exceptions) can match a draft: one Aho-Corasick
//! pass over its prose for the prefixes of every rule ([`super::literals`]) gives the positions
//! where each rule's matches may start. Most drafts trip one or two rules; the others never run
//! their regexes, and those that run try only those positions ([`super::seek`]). A rule whose
//! matches may start anywhere searches everywhere.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::literals::{gate_form, Prefixes, ODD_FOLDS};

/// What one rule brings to the gate.
pub struct Member<'a> {
    /// Its prefixes, or `None` when a match may start anywhere.
    pub prefixes: Option<&'a Prefixes>,
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
    /// Members whose prefixes hold only for text without some wide characters
    /// ([`Prefixes::wide`]), with those characters.
    wide: Vec<(usize, Vec<(char, char)>)>,
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
        let mut wide = Vec::new();
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
                .strings
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
            if !prefixes.wide.is_empty() {
                wide.push((i, prefixes.wide.clone()));
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
            wide,
            len: rules.len(),
        }
    }

    /// Where each member's matches may start inside `regions` of `text`, by member index.
    pub fn open(&self, text: &str, regions: &[Range<usize>]) -> Vec<Starts> {
        let mut open: Vec<Starts> = vec![Some(Vec::new()); self.len];
        for &i in &self.always {
            open[i] = None;
        }
        for (i, chars) in &self.wide {
            if regions.iter().any(|r| holds_any(&text[r.clone()], chars)) {
                open[*i] = None;
            }
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

/// Whether `text` has a character in the sorted, disjoint non-ASCII `ranges`. Only its
/// non-ASCII characters are decoded: ASCII text is one `is_ascii` check.
fn holds_any(text: &str, ranges: &[(char, char)]) -> bool {
    if text.is_ascii() {
        return false;
    }
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|c| !c.is_ascii()) {
        let Some(c) = text[i + k..].chars().next() else {
            break;
        };
        let at = ranges.partition_point(|&(_, end)| end < c);
        if ranges.get(at).is_some_and(|&(start, _)| start <= c) {
            return true;
        }
        i += k + c.len_utf8();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(prefixes: &Prefixes, case_sensitive: bool) -> Member<'_> {
        Member {
            prefixes: Some(prefixes),
            case_sensitive,
        }
    }

    fn strings(list: &[&str]) -> Prefixes {
        Prefixes {
            strings: list.iter().map(|s| s.to_string()).collect(),
            wide: Vec::new(),
        }
    }

    #[test]
    fn opens_the_rules_whose_prefixes_appear() {
        let a = strings(&["act now", "free"]);
        let b = strings(&["Circling"]);
        let c = strings(&["café"]);
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

    #[test]
    fn wide_characters_open_their_member_everywhere() {
        let digits = super::super::literals::prefixes(r"\d+ min").unwrap();
        let gate = Gate::new(&[member(&digits, false), member(&strings(&["min"]), false)]);
        let open = |t: &str| gate.open(t, &[0..t.len()]);
        assert_eq!(open("a 15 min"), vec![Some(vec![2, 3]), Some(vec![5])]);
        assert_eq!(open("a ١٥ min"), vec![None, Some(vec![7])]);
        assert_eq!(open("a’ no"), vec![Some(vec![]), Some(vec![])]);
        // Only the regions count.
        let t = "٣ 5 min";
        assert_eq!(
            gate.open(t, &[2..t.len()]),
            vec![Some(vec![3]), Some(vec![5])]
        );
    }

    #[test]
    fn holds_any_finds_wide_characters_among_others() {
        let ranges = [('é', 'é'), ('٠', '٩')];
        assert!(holds_any("café", &ranges));
        assert!(holds_any("’ ٣ x", &ranges));
        assert!(!holds_any("’ 3 ü 👋", &ranges));
        assert!(!holds_any("plain", &ranges));
    }
}
