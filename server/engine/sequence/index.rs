//! The workspace's drafts, grouped for the cross-file rules. Every draft belongs to a few groups
//! (its sequence, and the day, week, month and recipient buckets its send falls in); findings are
//! kept per group, so a change to one draft re-runs only the groups it leaves or joins.
//!
//! Drafts and groups are numbered, and a group's members and findings are sorted `Vec`s of
//! draft numbers: a 10,000-draft build sorts (group, draft) pairs once instead of filling maps of
//! sets keyed by strings and paths, which was most of its time.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

use super::date::Date;
use super::facts::DraftFacts;
use super::params::Params;
use super::rules::{self, volume, Found, Member};
use super::schedule::{self, When};
use crate::engine::config::Config;
use crate::engine::finding::Finding;

/// A draft's number in the index.
type Id = u32;
/// A group's number in the index.
type Gid = u32;

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
    groups: Vec<Gid>,
}

#[derive(Default)]
struct GroupSlot {
    key: Option<Group>,
    /// Sorted.
    members: Vec<Id>,
    /// Sorted by draft; only drafts with findings.
    findings: Vec<(Id, Vec<Finding>)>,
}

/// FNV-1a: keys here are short strings and paths, for which SipHash's DoS resistance buys
/// nothing and costs a tenth of a build.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ *b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Default)]
pub struct Index {
    params: Params,
    config: Config,
    ids: FastMap<PathBuf, Id>,
    /// By id; a removed draft keeps its slot (and id) with no facts.
    slots: Vec<Slot>,
    count: usize,
    group_ids: FastMap<Group, Gid>,
    /// By gid; a group that empties keeps its slot.
    groups: Vec<GroupSlot>,
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
        let drafts = drafts.into_iter();
        index.slots.reserve(drafts.size_hint().0);
        let mut all = Vec::new();
        for d in drafts {
            let id = index.intern(&d.path);
            if index.slots[id as usize].facts.replace(d).is_none() {
                index.count += 1;
            }
            all.push(id);
        }
        all.sort_unstable();
        all.dedup();
        let mut affected = Vec::new();
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
        // A change can move every draft of its sequence (a new first date moves the offsets).
        let old = self.slots[id as usize]
            .facts
            .as_ref()
            .map(|d| sequence_group(d, id));
        let new = facts.as_ref().map(|d| sequence_group(d, id));
        let mut touched: Vec<Id> = [old, new]
            .into_iter()
            .flatten()
            .filter_map(|g| self.group_ids.get(&g))
            .flat_map(|gid| self.groups[*gid as usize].members.iter().copied())
            .collect();
        touched.push(id);
        touched.sort_unstable();
        touched.dedup();
        let mut affected = Vec::new();
        for &t in &touched {
            let slot = &mut self.slots[t as usize];
            slot.when = None;
            for gid in std::mem::take(&mut slot.groups) {
                let members = &mut self.groups[gid as usize].members;
                if let Ok(at) = members.binary_search(&t) {
                    members.remove(at);
                }
                affected.push(gid);
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
            .filter_map(|gid| {
                let found = &self.groups[*gid as usize].findings;
                let at = found.binary_search_by_key(&id, |(i, _)| *i).ok()?;
                Some(&found[at].1)
            })
            .flatten()
            .cloned()
            .collect();
        out.sort_by(|a, b| {
            (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
        });
        out
    }

    pub fn paths_with_findings(&self) -> impl Iterator<Item = &PathBuf> {
        let mut ids: Vec<Id> = self
            .groups
            .iter()
            .flat_map(|g| g.findings.iter().map(|(id, _)| *id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut paths: Vec<&PathBuf> = ids
            .into_iter()
            .map(|id| &self.slots[id as usize].path)
            .collect();
        paths.sort();
        paths.into_iter()
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

    fn group_id(&mut self, key: Group) -> Gid {
        if let Some(gid) = self.group_ids.get(&key) {
            return *gid;
        }
        let gid = self.groups.len() as Gid;
        self.groups.push(GroupSlot {
            key: Some(key.clone()),
            ..GroupSlot::default()
        });
        self.group_ids.insert(key, gid);
        gid
    }

    /// Resolves the timing of `ids` (sorted) and files them in their groups. Each sequence among
    /// them must be complete in `ids`, as timing is resolved per sequence.
    fn place(&mut self, ids: &[Id], affected: &mut Vec<Gid>) {
        // Drafts by sequence: sorting borrowed names beats a map of owned ones.
        let mut by_sequence: Vec<(Option<&str>, Id)> = ids
            .iter()
            .filter_map(|&id| {
                let d = self.slots[id as usize].facts.as_ref()?;
                Some((d.sequence.as_ref().map(|s| s.value.as_str()), id))
            })
            .collect();
        by_sequence.sort_unstable();
        let mut pairs: Vec<(Group, Id)> = Vec::with_capacity(by_sequence.len() * 3);
        let mut placed: Vec<(Id, Option<When>, Vec<Group>)> = Vec::new();
        for run in by_sequence.chunk_by(|a, b| a.0.is_some() && a.0 == b.0) {
            let members: Vec<Id> = run.iter().map(|(_, id)| *id).collect();
            let whens = {
                let drafts: Vec<&DraftFacts> = members
                    .iter()
                    .filter_map(|id| self.slots[*id as usize].facts.as_ref())
                    .collect();
                schedule::resolve(&drafts)
            };
            for (id, when) in members.into_iter().zip(whens) {
                if let Some(d) = &self.slots[id as usize].facts {
                    let groups = self.groups_of(d, sequence_group(d, id), when.as_ref());
                    placed.push((id, when, groups));
                }
            }
        }
        for (id, when, groups) in placed {
            pairs.extend(groups.into_iter().map(|g| (g, id)));
            self.slots[id as usize].when = when;
        }
        // Sorted by group, then draft: each group's new members arrive as one sorted run.
        pairs.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        let mut pairs = pairs.into_iter().peekable();
        while let Some((key, id)) = pairs.next() {
            let mut run = vec![id];
            while let Some((_, next)) = pairs.next_if(|p| p.0 == key) {
                run.push(next);
            }
            let gid = self.group_id(key);
            for &id in &run {
                self.slots[id as usize].groups.push(gid);
            }
            let members = &mut self.groups[gid as usize].members;
            if members.is_empty() {
                *members = run;
            } else {
                members.extend(run);
                members.sort_unstable();
                members.dedup();
            }
            affected.push(gid);
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
    fn rerun(&mut self, mut groups: Vec<Gid>) -> Vec<PathBuf> {
        groups.sort_unstable();
        groups.dedup();
        let mut changed = Vec::new();
        for gid in groups {
            let new = self.run_group(gid);
            let old = std::mem::replace(&mut self.groups[gid as usize].findings, new);
            let new = &self.groups[gid as usize].findings;
            // Both sorted by draft: walk them together.
            let (mut i, mut j) = (0, 0);
            while i < old.len() || j < new.len() {
                match (old.get(i), new.get(j)) {
                    (Some(o), Some(n)) if o.0 == n.0 => {
                        if o.1 != n.1 {
                            changed.push(o.0);
                        }
                        i += 1;
                        j += 1;
                    }
                    (Some(o), Some(n)) if o.0 < n.0 => {
                        changed.push(o.0);
                        i += 1;
                    }
                    (Some(o), None) => {
                        changed.push(o.0);
                        i += 1;
                    }
                    (_, Some(n)) => {
                        changed.push(n.0);
                        j += 1;
                    }
                    (None, None) => break,
                }
            }
        }
        changed.sort_unstable();
        changed.dedup();
        let mut paths: Vec<PathBuf> = changed
            .into_iter()
            .map(|id| self.slots[id as usize].path.clone())
            .collect();
        paths.sort();
        paths
    }

    fn run_group(&self, gid: Gid) -> Vec<(Id, Vec<Finding>)> {
        let group = &self.groups[gid as usize];
        let Some(key) = &group.key else {
            return Vec::new();
        };
        let mut members: Vec<(Id, Member)> = group
            .members
            .iter()
            .filter_map(|&id| {
                let slot = &self.slots[id as usize];
                Some((
                    id,
                    Member {
                        facts: slot.facts.as_ref()?,
                        when: slot.when.as_ref(),
                    },
                ))
            })
            .collect();
        if members.is_empty() {
            return Vec::new();
        }
        // Rules see their drafts in path order, so results do not depend on history.
        members.sort_by(|a, b| rules::path_order(a.1.facts, b.1.facts));
        let ids: Vec<Id> = members.iter().map(|(id, _)| *id).collect();
        let members: Vec<Member> = members.into_iter().map(|(_, m)| m).collect();
        let p = &self.params;
        let mut found: Vec<Found> = Vec::new();
        match key {
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
        let mut out: Vec<(Id, Vec<Finding>)> = Vec::new();
        for (path, mut f) in found {
            // Findings are about members: find which by path, in path order.
            let wanted = rules::path_bytes(&path);
            let Ok(at) = members.binary_search_by(|m| rules::path_bytes(&m.facts.path).cmp(wanted))
            else {
                continue;
            };
            let (id, d) = (ids[at], members[at].facts);
            if d.disables(&f.rule) {
                continue;
            }
            let Some(severity) = self.config.severity(&f.rule, f.severity) else {
                continue;
            };
            f.severity = severity;
            out.push((id, vec![f]));
        }
        out.sort_by_key(|(id, _)| *id);
        out.dedup_by(|later, earlier| {
            if later.0 == earlier.0 {
                earlier.1.append(&mut later.1);
                true
            } else {
                false
            }
        });
        out
    }
}

fn sequence_group(d: &DraftFacts, id: Id) -> Group {
    match &d.sequence {
        Some(s) => Group::Sequence(s.value.clone()),
        None => Group::Solo(id),
    }
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
