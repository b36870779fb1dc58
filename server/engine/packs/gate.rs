//! Where the phrase and pattern rules (and their exceptions) can match a draft: one Aho-Corasick
//! pass over its prose for the prefixes of every rule ([`super::literals`]) gives the positions
//! where each rule's matches may start. Most drafts trip one or two rules; the others never run
//! their regexes, and those that run try only those positions ([`super::seek`]). A rule whose
//! matches may start anywhere searches everywhere.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::literals::{gate_form, Prefixes, SpaceFolded, ODD_FOLDS};

/// The guard of prefixes that open their member on their own.
const NO_GUARD: usize = usize::MAX;

/// The searcher's needles while the gate is built, each once (lowercase), with what it does.
#[derive(Default)]
struct Needles {
    keys: Vec<String>,
    index: HashMap<String, usize>,
    members: Vec<Vec<(usize, usize)>>,
    satisfies: Vec<Vec<usize>>,
    odd: Vec<bool>,
}

impl Needles {
    fn index(&mut self, needle: &str) -> usize {
        let key = needle.to_ascii_lowercase();
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        self.odd.push(
            ODD_FOLDS
                .iter()
                .any(|c| *c.encode_utf8(&mut [0; 4]) == *key),
        );
        self.keys.push(key.clone());
        self.index.insert(key, self.keys.len() - 1);
        self.members.push(Vec::new());
        self.satisfies.push(Vec::new());
        self.keys.len() - 1
    }

    /// `needle` opens `member` where `guard` holds.
    fn opens(&mut self, needle: &str, member: usize, guard: usize) {
        let i = self.index(needle);
        if !self.members[i].contains(&(member, guard)) {
            self.members[i].push((member, guard));
        }
    }
}

/// What one rule brings to the gate.
pub struct Member<'a> {
    /// Its prefixes, or `None` when a match may start anywhere.
    pub prefixes: Option<&'a Prefixes>,
    pub case_sensitive: bool,
}

pub struct Gate {
    /// Searches every prefix at once, ASCII letters in any case.
    searcher: Option<AhoCorasick>,
    /// The members each needle of `searcher` lets through, by needle index, each with the
    /// guard that must hold too ([`NO_GUARD`] if none).
    members: Vec<Vec<(usize, usize)>>,
    /// The guards each needle satisfies, by needle index.
    satisfies: Vec<Vec<usize>>,
    guards: usize,
    /// Needles that are not prefixes but [`ODD_FOLDS`]: their members may match anywhere.
    odd: Vec<bool>,
    /// Members that may match anywhere.
    always: Vec<usize>,
    /// Members whose prefixes hold only for text without some wide characters
    /// ([`Prefixes::wide`]), with those characters.
    wide: Vec<(usize, Vec<(char, char)>)>,
    len: usize,
}

impl Gate {
    pub fn new(rules: &[Member]) -> Gate {
        let mut needles = Needles::default();
        let mut always = Vec::new();
        let mut wide = Vec::new();
        let mut guards = 0;
        for (i, rule) in rules.iter().enumerate() {
            let Some(prefixes) = rule.prefixes else {
                always.push(i);
                continue;
            };
            let form = |p: &String| gate_form(p, rule.case_sensitive);
            let forms: Vec<String> = prefixes.strings.iter().map(form).collect();
            let guarded: Vec<(Vec<String>, Vec<String>)> = prefixes
                .guarded
                .iter()
                .map(|g| {
                    (
                        g.strings.iter().map(form).collect(),
                        g.needs.iter().map(form).collect(),
                    )
                })
                .collect();
            let empty = |list: &[String]| list.iter().any(String::is_empty);
            if empty(&forms) || guarded.iter().any(|(s, _)| empty(s)) {
                always.push(i);
                continue;
            }
            for form in forms {
                needles.opens(&form, i, NO_GUARD);
            }
            for (strings, needs) in guarded {
                // A guard whose word the gate cannot look for (cut to nothing) never holds:
                // its prefixes then open the member on their own.
                let guard = if empty(&needs) {
                    NO_GUARD
                } else {
                    guards += 1;
                    guards - 1
                };
                for form in strings {
                    needles.opens(&form, i, guard);
                }
                if guard != NO_GUARD {
                    for need in needs {
                        let n = needles.index(&need);
                        needles.satisfies[n].push(guard);
                    }
                }
            }
            if !prefixes.wide.is_empty() {
                wide.push((i, prefixes.wide.clone()));
            }
            if !rule.case_sensitive {
                // The Kelvin sign and the long s match `k` and `s` under `(?i)`.
                for c in ODD_FOLDS {
                    needles.opens(c.encode_utf8(&mut [0; 4]), i, NO_GUARD);
                }
            }
        }
        let searcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(&needles.keys)
            .ok();
        if searcher.is_none() {
            // Too many prefixes to search at once: every rule runs, which is only slower.
            always = (0..rules.len()).collect();
        }
        Gate {
            searcher,
            members: needles.members,
            satisfies: needles.satisfies,
            guards,
            odd: needles.odd,
            always,
            wide,
            len: rules.len(),
        }
    }

    /// Where each member's matches may start inside `regions` of `text`.
    pub fn open(&self, text: &str, regions: &[Range<usize>]) -> Opened {
        let mut anywhere = vec![false; self.len];
        for &i in &self.always {
            anywhere[i] = true;
        }
        // Most drafts are ASCII: then no member's wide characters can be in them.
        if regions.iter().any(|r| !text[r.clone()].is_ascii()) {
            for (i, chars) in &self.wide {
                if regions.iter().any(|r| holds_any(&text[r.clone()], chars)) {
                    anywhere[*i] = true;
                }
            }
        }
        // Every (member, start) in one vector: a note trips some sixty needles for a hundred
        // members, and a vector per member was as many small allocations on every keystroke.
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut guarded: Vec<(usize, usize, usize)> = Vec::new();
        let mut held = vec![false; self.guards];
        if let Some(searcher) = &self.searcher {
            for region in regions {
                let folded = SpaceFolded::new(&text[region.clone()]);
                for m in searcher.find_overlapping_iter(&folded.bytes) {
                    let needle = m.pattern().as_usize();
                    // A needle that starts with a space may start a match anywhere in the run
                    // of spaces that the folded text reads as one.
                    let places = folded.places(m.start());
                    let odd = self.odd[needle];
                    for &guard in &self.satisfies[needle] {
                        held[guard] = true;
                    }
                    for &(i, guard) in &self.members[needle] {
                        if odd {
                            anywhere[i] = true;
                            continue;
                        }
                        if anywhere[i] {
                            continue;
                        }
                        for place in places.clone() {
                            let place = region.start + place;
                            if guard == NO_GUARD {
                                pairs.push((i, place));
                            } else {
                                guarded.push((i, place, guard));
                            }
                        }
                    }
                }
            }
        } else {
            anywhere.fill(true);
        }
        // A guard's word may come after the prefix: guarded starts are kept once all is read.
        pairs.extend(
            guarded
                .into_iter()
                .filter(|&(_, _, guard)| held[guard])
                .map(|(i, at, _)| (i, at)),
        );
        // Grouped by member in one counting pass, not sorted: a sort of the pairs was a quarter
        // of the gate's time. Within a member the starts come nearly in order (overlapping
        // matches come in order of their ends).
        let mut offsets = vec![0usize; self.len + 1];
        for &(member, _) in &pairs {
            offsets[member + 1] += 1;
        }
        let mut total = 0;
        for offset in &mut offsets {
            total += *offset;
            *offset = total;
        }
        let mut grouped = vec![0usize; pairs.len()];
        let mut next = offsets.clone();
        for (member, at) in pairs {
            grouped[next[member]] = at;
            next[member] += 1;
        }
        let mut spans = vec![0..0; self.len];
        let mut starts = Vec::with_capacity(grouped.len());
        for (member, span) in spans.iter_mut().enumerate() {
            let group = &mut grouped[offsets[member]..offsets[member + 1]];
            if anywhere[member] || group.is_empty() {
                continue;
            }
            if !group.is_sorted() {
                group.sort_unstable();
            }
            let begin = starts.len();
            for &at in group.iter() {
                if starts.len() == begin || starts.last() != Some(&at) {
                    starts.push(at);
                }
            }
            *span = begin..starts.len();
        }
        Opened {
            anywhere,
            spans,
            starts,
        }
    }
}

/// What [`Gate::open`] found: for each member, where its matches may start.
pub struct Opened {
    anywhere: Vec<bool>,
    /// Each member's part of `starts`.
    spans: Vec<Range<usize>>,
    starts: Vec<usize>,
}

impl Opened {
    /// Where `member`'s matches may start, sorted: `None` anywhere, empty nowhere.
    pub fn starts(&self, member: usize) -> Option<&[usize]> {
        (!self.anywhere[member]).then(|| &self.starts[self.spans[member].clone()])
    }

    /// Whether `member` cannot match at all.
    pub fn is_shut(&self, member: usize) -> bool {
        self.starts(member).is_some_and(<[usize]>::is_empty)
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

    /// Every member's starts, owned, for comparing.
    fn all(opened: Opened) -> Vec<Option<Vec<usize>>> {
        (0..opened.anywhere.len())
            .map(|m| opened.starts(m).map(<[usize]>::to_vec))
            .collect()
    }

    fn strings(list: &[&str]) -> Prefixes {
        Prefixes {
            strings: list.iter().map(|s| s.to_string()).collect(),
            guarded: Vec::new(),
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
        let open = |t: &str| all(gate.open(t, &[0..t.len()]));
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
            all(gate.open(t, &[4..12])),
            vec![Some(vec![8]), none.clone(), none, None]
        );
    }

    #[test]
    fn a_guarded_prefix_opens_only_where_its_word_is() {
        let p = super::super::literals::prefixes_of_any([
            r"\bour (?:\w+ )?(?:platform|product)\b",
            r"\bact now\b",
        ])
        .unwrap();
        let gate = Gate::new(&[member(&p, false)]);
        let open = |t: &str| all(gate.open(t, &[0..t.len()]));
        assert_eq!(open("our team, our people"), vec![Some(vec![])]);
        assert_eq!(open("our new\tPLATFORM, our team"), vec![Some(vec![0, 18])]);
        // The word may come first, and anywhere in the regions.
        assert_eq!(open("a new platform: our x"), vec![Some(vec![16])]);
        // Another alternative's prefix does not hold the guard.
        assert_eq!(open("act now, our x"), vec![Some(vec![0])]);
    }

    #[test]
    fn wide_characters_open_their_member_everywhere() {
        let digits = super::super::literals::prefixes(r"\d+ min").unwrap();
        let gate = Gate::new(&[member(&digits, false), member(&strings(&["min"]), false)]);
        let open = |t: &str| all(gate.open(t, &[0..t.len()]));
        assert_eq!(open("a 15 min"), vec![Some(vec![2, 3]), Some(vec![5])]);
        assert_eq!(open("a ١٥ min"), vec![None, Some(vec![7])]);
        assert_eq!(open("a’ no"), vec![Some(vec![]), Some(vec![])]);
        // Only the regions count.
        let t = "٣ 5 min";
        assert_eq!(
            all(gate.open(t, &[2..t.len()])),
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
