//! The workspace's drafts, grouped for the cross-file rules. Every draft belongs to a few groups
//! (its sequence, and the day, week, month and recipient buckets its send falls in); findings are
//! kept per group, so a change to one draft re-runs only the groups it leaves or joins.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::date::Date;
use super::facts::DraftFacts;
use super::params::Params;
use super::rules::{self, volume, Found, Member};
use super::schedule::{self, When};
use crate::engine::config::Config;
use crate::engine::finding::Finding;

/// A draft's number in the index. Paths are interned once: hashing and ordering `PathBuf`s in
/// every group was most of the time of a 10,000-draft build.
type Id = u32;

/// A group of drafts that one set of rules looks at together.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Sequence(String),
    /// A draft in no sequence: its own timing rules still apply.
    Solo(Id),
    Day(Date),
    /// The week starting on this Monday.
    Week(Date),
    Month(i32, u32),
    Recipient(String),
}

struct Slot {
    path: PathBuf,
    facts: Option<DraftFacts>,
    when: Option<When>,
    groups: Vec<Group>,
}

#[derive(Default)]
pub struct Index {
    params: Params,
    config: Config,
    ids: HashMap<PathBuf, Id>,
    /// By id; a removed draft keeps its slot (and id) with no facts.
    slots: Vec<Slot>,
    count: usize,
    members: HashMap<Group, BTreeSet<Id>>,
    findings: HashMap<Group, BTreeMap<Id, Vec<Finding>>>,
}

impl Index {
    pub fn new(mut params: Params, config: Config) -> Index {
        params.free_plan_default = config
            .plan
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case("free"));
        Index {
            params,
            config,
            ..Index::default()
        }
    }

    /// An index of `drafts`, all checked.
    pub fn build(
        params: Params,
        config: Config,
        drafts: impl IntoIterator<Item = DraftFacts>,
    ) -> Index {
        let mut index = Index::new(params, config);
        let mut all = BTreeSet::new();
        for d in drafts {
            let id = index.intern(&d.path);
            if index.slots[id as usize].facts.replace(d).is_none() {
                index.count += 1;
            }
            all.insert(id);
        }
        let mut affected = BTreeSet::new();
        index.place(&all, &mut affected);
        index.rerun(affected);
        index
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Replaces the settings and re-checks everything; returns the files whose findings changed.
    pub fn reconfigure(&mut self, params: Params, config: Config) -> Vec<PathBuf> {
        let before: BTreeSet<PathBuf> = self.paths_with_findings().cloned().collect();
        let drafts: Vec<DraftFacts> = self
            .slots
            .iter_mut()
            .filter_map(|s| s.facts.take())
            .collect();
        *self = Index::build(params, config, drafts);
        let after: BTreeSet<PathBuf> = self.paths_with_findings().cloned().collect();
        before.union(&after).cloned().collect()
    }

    /// Adds, replaces (`Some`) or removes (`None`) the draft at `path`, re-checks the groups it
    /// was or is in, and returns the files whose findings changed.
    pub fn set(&mut self, path: &Path, facts: Option<DraftFacts>) -> Vec<PathBuf> {
        let current = self
            .ids
            .get(path)
            .and_then(|id| self.slots[*id as usize].facts.as_ref());
        if current.is_none() && facts.is_none() {
            return Vec::new();
        }
        if current.is_some() && current == facts.as_ref() {
            return Vec::new();
        }
        let id = self.intern(path);
        let old = current_group(self, id);
        let new = facts.as_ref().map(|d| sequence_group(d, id));
        // A change can move every draft of its sequence (a new first date moves the offsets).
        let sequences: BTreeSet<Group> = old.into_iter().chain(new).collect();
        let mut touched: BTreeSet<Id> = sequences
            .iter()
            .filter_map(|g| self.members.get(g))
            .flatten()
            .copied()
            .collect();
        touched.insert(id);
        let mut affected = sequences;
        for &t in &touched {
            let slot = &mut self.slots[t as usize];
            slot.when = None;
            for g in std::mem::take(&mut slot.groups) {
                if let Some(m) = self.members.get_mut(&g) {
                    m.remove(&t);
                }
                affected.insert(g);
            }
        }
        let slot = &mut self.slots[id as usize];
        match (slot.facts.is_some(), facts.is_some()) {
            (false, true) => self.count += 1,
            (true, false) => self.count -= 1,
            _ => {}
        }
        slot.facts = facts;
        self.place(&touched, &mut affected);
        self.rerun(affected)
    }

    pub fn get(&self, path: &Path) -> Option<&DraftFacts> {
        self.slot(path)?.facts.as_ref()
    }

    pub fn when(&self, path: &Path) -> Option<&When> {
        self.slot(path)?.when.as_ref()
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub fn drafts(&self) -> impl Iterator<Item = &DraftFacts> {
        self.slots.iter().filter_map(|s| s.facts.as_ref())
    }

    /// The cross-file findings of one file, in position order.
    pub fn findings(&self, path: &Path) -> Vec<Finding> {
        let Some(&id) = self.ids.get(path) else {
            return Vec::new();
        };
        let mut out: Vec<Finding> = self.slots[id as usize]
            .groups
            .iter()
            .filter_map(|g| self.findings.get(g)?.get(&id))
            .flatten()
            .cloned()
            .collect();
        out.sort_by(|a, b| {
            (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
        });
        out
    }

    pub fn paths_with_findings(&self) -> impl Iterator<Item = &PathBuf> {
        let set: BTreeSet<&PathBuf> = self
            .findings
            .values()
            .flat_map(|m| m.keys())
            .map(|id| &self.slots[*id as usize].path)
            .collect();
        set.into_iter()
    }

    fn slot(&self, path: &Path) -> Option<&Slot> {
        self.ids.get(path).map(|id| &self.slots[*id as usize])
    }

    fn intern(&mut self, path: &Path) -> Id {
        if let Some(id) = self.ids.get(path) {
            return *id;
        }
        let id = self.slots.len() as Id;
        self.slots.push(Slot {
            path: path.to_path_buf(),
            facts: None,
            when: None,
            groups: Vec::new(),
        });
        self.ids.insert(path.to_path_buf(), id);
        id
    }

    /// Resolves the timing of `ids` and files them in their groups. Each sequence among them
    /// must be complete in `ids`, as timing is resolved per sequence.
    fn place(&mut self, ids: &BTreeSet<Id>, affected: &mut BTreeSet<Group>) {
        let mut sequences: BTreeMap<Group, Vec<Id>> = BTreeMap::new();
        for &id in ids {
            if let Some(d) = &self.slots[id as usize].facts {
                sequences.entry(sequence_group(d, id)).or_default().push(id);
            }
        }
        for (seq, members) in sequences {
            let whens = {
                let drafts: Vec<&DraftFacts> = members
                    .iter()
                    .filter_map(|id| self.slots[*id as usize].facts.as_ref())
                    .collect();
                schedule::resolve(&drafts)
            };
            for (id, when) in members.into_iter().zip(whens) {
                let groups = match &self.slots[id as usize].facts {
                    Some(d) => self.groups_of(d, seq.clone(), when.as_ref()),
                    None => continue,
                };
                for g in &groups {
                    self.members.entry(g.clone()).or_default().insert(id);
                    affected.insert(g.clone());
                }
                let slot = &mut self.slots[id as usize];
                slot.when = when;
                slot.groups = groups;
            }
        }
    }

    /// The groups a draft is in: its sequence, and the buckets its send date falls in.
    fn groups_of(&self, d: &DraftFacts, sequence: Group, when: Option<&When>) -> Vec<Group> {
        let mut groups = vec![sequence];
        let member = Member { facts: d, when };
        if let Some(date) = when.and_then(|w| w.date) {
            if volume::is_invitation(&member) {
                groups.push(Group::Week(date.week_start()));
            }
            if volume::is_free_personalized_note(&member, &self.params) {
                let (y, m) = date.month();
                groups.push(Group::Month(y, m));
            }
            if volume::is_daily_message(&member, &self.params) {
                groups.push(Group::Day(date));
            }
            if let Some(key) = d.recipient_key() {
                groups.push(Group::Recipient(key));
            }
        }
        groups
    }

    /// Re-runs the rules of `groups`; returns the files whose findings changed.
    fn rerun(&mut self, groups: BTreeSet<Group>) -> Vec<PathBuf> {
        let mut changed = BTreeSet::new();
        for g in groups {
            let new = self.run_group(&g);
            let old = self.findings.remove(&g).unwrap_or_default();
            for id in old.keys().chain(new.keys()) {
                if old.get(id) != new.get(id) {
                    changed.insert(*id);
                }
            }
            if !new.is_empty() {
                self.findings.insert(g.clone(), new);
            }
            if self.members.get(&g).is_some_and(|m| m.is_empty()) {
                self.members.remove(&g);
            }
        }
        let mut paths: Vec<PathBuf> = changed
            .into_iter()
            .map(|id| self.slots[id as usize].path.clone())
            .collect();
        paths.sort();
        paths
    }

    fn run_group(&self, g: &Group) -> BTreeMap<Id, Vec<Finding>> {
        let Some(ids) = self.members.get(g) else {
            return BTreeMap::new();
        };
        let mut members: Vec<Member> = ids
            .iter()
            .filter_map(|id| {
                let slot = &self.slots[*id as usize];
                Some(Member {
                    facts: slot.facts.as_ref()?,
                    when: slot.when.as_ref(),
                })
            })
            .collect();
        // Rules see their drafts in path order, so results do not depend on history.
        members.sort_by(|a, b| a.facts.path.cmp(&b.facts.path));
        let p = &self.params;
        let mut found: Vec<Found> = Vec::new();
        match g {
            Group::Sequence(_) | Group::Solo(_) => {
                rules::too_soon::check(&members, p, &mut found);
                rules::too_many::check(&members, p, &mut found);
                rules::repeated_text::check(&members, p, &mut found);
                rules::gap::check(&members, p, &mut found);
                rules::channel_order::check(&members, p, &mut found);
                rules::weekend::check(&members, p, &mut found);
            }
            Group::Week(_) => volume::weekly_invitations(&members, p, &mut found),
            Group::Month(..) => volume::monthly_notes(&members, p, &mut found),
            Group::Day(_) => volume::daily_messages(&members, p, &mut found),
            Group::Recipient(_) => rules::per_recipient::check(&members, p, &mut found),
        }
        let mut out: BTreeMap<Id, Vec<Finding>> = BTreeMap::new();
        for (path, mut f) in found {
            let Some(&id) = self.ids.get(&path) else {
                continue;
            };
            let Some(d) = &self.slots[id as usize].facts else {
                continue;
            };
            if d.disables(&f.rule) {
                continue;
            }
            let Some(severity) = self.config.severity(&f.rule, f.severity) else {
                continue;
            };
            f.severity = severity;
            out.entry(id).or_default().push(f);
        }
        out
    }
}

fn sequence_group(d: &DraftFacts, id: Id) -> Group {
    match &d.sequence {
        Some(s) => Group::Sequence(s.value.clone()),
        None => Group::Solo(id),
    }
}

fn current_group(index: &Index, id: Id) -> Option<Group> {
    index.slots[id as usize]
        .facts
        .as_ref()
        .map(|d| sequence_group(d, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(name: &str, front: &str) -> DraftFacts {
        let text = format!("---\n{front}\n---\nHi there, a short note.");
        DraftFacts::extract(format!("/w/{name}").into(), &text, 5).unwrap()
    }

    fn rules_of(index: &Index, name: &str) -> Vec<String> {
        index
            .findings(Path::new(&format!("/w/{name}")))
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    fn p(name: &str) -> PathBuf {
        format!("/w/{name}").into()
    }

    #[test]
    fn an_edit_updates_the_other_drafts_of_its_sequence() {
        let mut index = Index::build(
            Params::default(),
            Config::default(),
            [
                facts(
                    "1.md",
                    "channel: dm\nsequence: a\nstep: 1\nsend: 2026-03-02",
                ),
                facts("2.md", "channel: dm\nsequence: a\nstep: 2\nday: 4"),
            ],
        );
        assert!(rules_of(&index, "2.md").is_empty());
        // Moving the first step to Wednesday puts step 2 (day 4) on a Sunday.
        let changed = index.set(
            &p("1.md"),
            Some(facts(
                "1.md",
                "channel: dm\nsequence: a\nstep: 1\nsend: 2026-03-04",
            )),
        );
        assert_eq!(changed, [p("2.md")]);
        assert_eq!(rules_of(&index, "2.md"), ["timing.weekend"]);
        // Deleting the first step leaves step 2 without a date to count its day from.
        let changed = index.set(&p("1.md"), None);
        assert_eq!(changed, [p("2.md")]);
        assert!(rules_of(&index, "2.md").is_empty());
        assert!(index.when(&p("2.md")).is_none_or(|w| w.date.is_none()));
    }

    #[test]
    fn moving_a_draft_between_sequences_rechecks_both() {
        let mut index = Index::build(
            Params::default(),
            Config::default(),
            [
                facts("1.md", "channel: dm\nsequence: a\nstep: 1"),
                facts("2.md", "channel: dm\nsequence: a\nstep: 2\nday: 4"),
                facts("3.md", "channel: dm\nsequence: b\nstep: 1"),
                facts("4.md", "channel: dm\nsequence: b\nstep: 3\nday: 5"),
            ],
        );
        assert_eq!(rules_of(&index, "4.md"), ["sequence.gap"]);
        let changed = index.set(
            &p("2.md"),
            Some(facts("2.md", "channel: dm\nsequence: b\nstep: 2\nday: 1")),
        );
        assert_eq!(changed, [p("2.md"), p("4.md")]);
        assert_eq!(rules_of(&index, "2.md"), ["sequence.too-soon"]);
        assert!(rules_of(&index, "4.md").is_empty());
        assert!(rules_of(&index, "1.md").is_empty());
    }

    #[test]
    fn volume_buckets_follow_a_draft_that_moves() {
        let params = Params {
            per_recipient: 1,
            ..Params::default()
        };
        let mut index = Index::build(
            params,
            Config::default(),
            [
                facts("1.md", "channel: dm\nto: Sarah\nsend: 2026-03-02"),
                facts("2.md", "channel: dm\nto: Sarah\nsend: 2026-03-03"),
            ],
        );
        assert_eq!(rules_of(&index, "2.md"), ["volume.per-recipient"]);
        let changed = index.set(
            &p("2.md"),
            Some(facts("2.md", "channel: dm\nto: Sarah\nsend: 2026-03-10")),
        );
        assert_eq!(changed, [p("2.md")]);
        assert!(rules_of(&index, "2.md").is_empty());
        // Unchanged facts change nothing.
        assert!(index
            .set(
                &p("2.md"),
                Some(facts("2.md", "channel: dm\nto: Sarah\nsend: 2026-03-10"))
            )
            .is_empty());
    }

    #[test]
    fn configuration_and_in_draft_switches_apply() {
        let drafts = || {
            [
                facts("1.md", "channel: dm\nsend: 2026-03-07"),
                facts(
                    "2.md",
                    "channel: dm\nsend: 2026-03-08\nsendwell: { disable: [timing] }",
                ),
            ]
        };
        let index = Index::build(Params::default(), Config::default(), drafts());
        assert_eq!(rules_of(&index, "1.md"), ["timing.weekend"]);
        assert!(rules_of(&index, "2.md").is_empty());
        let mut config = Config::default();
        config.rules.insert("timing.weekend".into(), "off".into());
        let mut index = Index::build(Params::default(), Config::default(), drafts());
        assert_eq!(index.reconfigure(Params::default(), config), [p("1.md")]);
        assert!(rules_of(&index, "1.md").is_empty());
    }
}

#[cfg(test)]
mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn on_any_front_matter_values(
            drafts in proptest::collection::vec(
                ("[0-9a-z+ -]{0,11}", "[0-9-]{0,12}", "[-+0-9]{0,7}", "[ab]{0,1}", 0usize..7, "[a-z ]{0,40}"),
                0..12,
            ),
            edit in 0usize..12,
        ) {
            const CHANNELS: [&str; 7] = ["note", "dm", "inmail", "follow-up", "email", "open-profile", "pigeon"];
            let facts: Vec<DraftFacts> = drafts
                .iter()
                .enumerate()
                .filter_map(|(i, (step, send, day, seq, ch, body))| {
                    let text = format!(
                        "---\nchannel: {}\nto: P\nsequence: {seq}\nstep: {step}\nsend: {send}\nday: {day}\nplan: free\n---\n{body}",
                        CHANNELS[*ch]
                    );
                    DraftFacts::extract(format!("/w/{i}.md").into(), &text, 2)
                })
                .collect();
            let params = Params { weekly_invitations: 1, monthly_notes: 1, daily_messages: 1, per_recipient: 1, min_words: 1, shingle_words: 2, ..Params::default() };
            let mut index = Index::build(params.clone(), Config::default(), facts.clone());
            for f in &facts {
                let _ = index.findings(&f.path);
            }
            // Incremental updates agree with a build from scratch.
            if let Some(f) = facts.get(edit % facts.len().max(1)) {
                index.set(&f.path.clone(), None);
                let without: Vec<DraftFacts> = facts.iter().filter(|x| x.path != f.path).cloned().collect();
                let fresh = Index::build(params.clone(), Config::default(), without);
                for x in &facts {
                    prop_assert_eq!(index.findings(&x.path), fresh.findings(&x.path));
                }
                index.set(&f.path.clone(), Some(f.clone()));
                let full = Index::build(params.clone(), Config::default(), facts.clone());
                for x in &facts {
                    prop_assert_eq!(index.findings(&x.path), full.findings(&x.path));
                }
            }
            let _ = crate::engine::sequence::plan::plan(&index);
        }
    }
}
