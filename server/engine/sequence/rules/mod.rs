//! The cross-file rules. Each looks at one group of drafts (a sequence, a day, a week, a month,
//! a recipient) and says which of them break it. They are pure: drafts' facts in, findings out.

pub mod channel_order;
pub mod gap;
pub mod per_recipient;
pub mod repeated_text;
pub mod too_many;
pub mod too_soon;
pub mod volume;
pub mod weekend;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use super::date::Date;
use super::facts::DraftFacts;
use super::schedule::When;
use crate::engine::finding::{Finding, Related};

/// A draft in a group, with its resolved timing.
#[derive(Clone, Copy, Debug)]
pub struct Member<'a> {
    pub facts: &'a DraftFacts,
    pub when: Option<&'a When>,
}

/// A finding and the draft it belongs to.
pub type Found = (PathBuf, Finding);

pub(crate) fn finding(rule: &str, range: Range<usize>, message: String) -> Finding {
    crate::engine::rules::finding(rule, range, message)
}

pub(crate) fn related(facts: &DraftFacts, range: Range<usize>, message: String) -> Related {
    Related {
        path: facts.path.clone(),
        range,
        message,
    }
}

/// The order drafts are taken in when nothing else decides: by path, compared as bytes (which
/// is stable and several times quicker than comparing `Path` components).
pub(crate) fn path_order(a: &DraftFacts, b: &DraftFacts) -> std::cmp::Ordering {
    path_bytes(&a.path).cmp(path_bytes(&b.path))
}

pub(crate) fn path_bytes(p: &std::path::Path) -> &[u8] {
    p.as_os_str().as_encoded_bytes()
}

/// The members with a whole-number step, in step order (ties by path, so output is stable).
pub(crate) fn by_step<'a>(members: &[Member<'a>]) -> Vec<(u32, Member<'a>)> {
    let mut out: Vec<(u32, Member)> = members
        .iter()
        .filter_map(|m| Some((m.facts.step.as_ref()?.parsed?, *m)))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| path_order(a.1.facts, b.1.facts)));
    out
}

/// The dated members grouped by `key` (a period, a recipient; `None` leaves a member out), each
/// group in send order: by date, ties by path, so output does not depend on history.
pub(crate) fn sends_by<'m, 'a, K: Ord>(
    members: impl IntoIterator<Item = &'m Member<'a>>,
    key: impl Fn(&Member, Date) -> Option<K>,
) -> BTreeMap<K, Vec<(Date, &'m Member<'a>)>> {
    let mut groups: BTreeMap<K, Vec<(Date, &Member)>> = BTreeMap::new();
    for m in members {
        let Some(date) = m.when.and_then(|w| w.date) else {
            continue;
        };
        if let Some(k) = key(m, date) {
            groups.entry(k).or_default().push((date, m));
        }
    }
    for group in groups.values_mut() {
        group.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| path_order(a.1.facts, b.1.facts)));
    }
    groups
}

/// Evidence pointing at another draft's planned send (its `send:` or `day:`).
pub(crate) fn send_evidence(other: &Member, message: String) -> Option<Related> {
    other
        .when
        .map(|w| related(other.facts, w.range.clone(), message))
}

/// Where a finding about a draft as a whole goes: its step, else its sequence, else its channel.
pub(crate) fn anchor_range(f: &DraftFacts) -> Range<usize> {
    f.step
        .as_ref()
        .map(|s| s.range.clone())
        .or_else(|| f.sequence.as_ref().map(|s| s.range.clone()))
        .or_else(|| f.channel.as_ref().map(|c| c.range.clone()))
        .unwrap_or(0..0)
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::engine::sequence::params::Params;
    use crate::engine::sequence::schedule;

    /// A draft named `name` whose front-matter has `front` lines, then `body`.
    pub fn draft(name: &str, front: &str, body: &str) -> (String, DraftFacts) {
        let text = format!("---\n{front}\n---\n{body}");
        let facts = DraftFacts::extract(
            format!("/w/{name}").into(),
            &text,
            Params::default().shingle_words,
        )
        .expect("a draft");
        (text, facts)
    }

    /// Runs `rule` over one group of drafts, resolving their timing as one sequence.
    pub fn run(
        drafts: &[(String, DraftFacts)],
        rule: impl Fn(&[Member], &Params, &mut Vec<Found>),
        params: &Params,
    ) -> Vec<Found> {
        let facts: Vec<&DraftFacts> = drafts.iter().map(|(_, f)| f).collect();
        let whens = schedule::resolve(&facts);
        let members: Vec<Member> = facts
            .iter()
            .zip(&whens)
            .map(|(f, w)| Member {
                facts: f,
                when: w.as_ref(),
            })
            .collect();
        let mut out = Vec::new();
        rule(&members, params, &mut out);
        out
    }

    /// Runs `rule` over drafts that each resolve their own timing (no shared sequence), as the
    /// volume groups see them.
    pub fn run_each(
        drafts: &[(String, DraftFacts)],
        rule: impl Fn(&[Member], &Params, &mut Vec<Found>),
        params: &Params,
    ) -> Vec<Found> {
        let whens: Vec<_> = drafts
            .iter()
            .map(|(_, f)| schedule::resolve(&[f]).remove(0))
            .collect();
        let members: Vec<Member> = drafts
            .iter()
            .zip(&whens)
            .map(|((_, f), w)| Member {
                facts: f,
                when: w.as_ref(),
            })
            .collect();
        let mut out = Vec::new();
        rule(&members, params, &mut out);
        out
    }

    /// (file name, covered text) of each finding, for exact-range asserts.
    pub fn where_<'a>(
        drafts: &'a [(String, DraftFacts)],
        found: &[Found],
    ) -> Vec<(String, &'a str)> {
        found
            .iter()
            .map(|(path, f)| {
                let (text, facts) = drafts.iter().find(|(_, d)| &d.path == path).unwrap();
                (facts.name(), &text[f.range.clone()])
            })
            .collect()
    }
}
