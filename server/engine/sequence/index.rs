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

/// A group of drafts that one set of rules looks at together.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Sequence(String),
    /// A draft in no sequence: its own timing rules still apply.
    Solo(PathBuf),
    Day(Date),
    /// The week starting on this Monday.
    Week(Date),
    Month(i32, u32),
    Recipient(String),
}

#[derive(Default)]
pub struct Index {
    params: Params,
    config: Config,
    drafts: HashMap<PathBuf, DraftFacts>,
    when: HashMap<PathBuf, When>,
    groups_of: HashMap<PathBuf, Vec<Group>>,
    members: HashMap<Group, BTreeSet<PathBuf>>,
    findings: HashMap<Group, BTreeMap<PathBuf, Vec<Finding>>>,
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
        for d in drafts {
            index.drafts.insert(d.path.clone(), d);
        }
        let all: BTreeSet<PathBuf> = index.drafts.keys().cloned().collect();
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
        let drafts = std::mem::take(&mut self.drafts);
        *self = Index::build(params, config, drafts.into_values());
        let after: BTreeSet<PathBuf> = self.paths_with_findings().cloned().collect();
        before.union(&after).cloned().collect()
    }

    /// Adds, replaces (`Some`) or removes (`None`) the draft at `path`, re-checks the groups it
    /// was or is in, and returns the files whose findings changed.
    pub fn set(&mut self, path: &Path, facts: Option<DraftFacts>) -> Vec<PathBuf> {
        let old = self.drafts.get(path).map(|d| self.sequence_group(d));
        let new = facts.as_ref().map(|d| self.sequence_group(d));
        if old.is_none() && new.is_none() {
            return Vec::new();
        }
        if let (Some(facts), Some(current)) = (&facts, self.drafts.get(path)) {
            if facts == current {
                return Vec::new();
            }
        }
        // A change can move every draft of its sequence (a new first date moves the offsets).
        let sequences: BTreeSet<Group> = old.into_iter().chain(new).collect();
        let mut touched: BTreeSet<PathBuf> = sequences
            .iter()
            .filter_map(|g| self.members.get(g))
            .flatten()
            .cloned()
            .collect();
        touched.insert(path.to_path_buf());
        let mut affected = sequences;
        for p in &touched {
            for g in self.groups_of.remove(p).unwrap_or_default() {
                if let Some(m) = self.members.get_mut(&g) {
                    m.remove(p);
                }
                affected.insert(g);
            }
            self.when.remove(p);
        }
        match facts {
            Some(f) => self.drafts.insert(path.to_path_buf(), f),
            None => self.drafts.remove(path),
        };
        self.place(&touched, &mut affected);
        self.rerun(affected)
    }

    pub fn get(&self, path: &Path) -> Option<&DraftFacts> {
        self.drafts.get(path)
    }

    pub fn when(&self, path: &Path) -> Option<&When> {
        self.when.get(path)
    }

    pub fn len(&self) -> usize {
        self.drafts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.drafts.is_empty()
    }

    pub fn drafts(&self) -> impl Iterator<Item = &DraftFacts> {
        self.drafts.values()
    }

    /// The cross-file findings of one file, in position order.
    pub fn findings(&self, path: &Path) -> Vec<Finding> {
        let mut out: Vec<Finding> = self
            .groups_of
            .get(path)
            .into_iter()
            .flatten()
            .filter_map(|g| self.findings.get(g)?.get(path))
            .flatten()
            .cloned()
            .collect();
        out.sort_by(|a, b| {
            (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
        });
        out
    }

    pub fn paths_with_findings(&self) -> impl Iterator<Item = &PathBuf> {
        let set: BTreeSet<&PathBuf> = self.findings.values().flat_map(|m| m.keys()).collect();
        set.into_iter()
    }

    fn sequence_group(&self, d: &DraftFacts) -> Group {
        match &d.sequence {
            Some(s) => Group::Sequence(s.value.clone()),
            None => Group::Solo(d.path.clone()),
        }
    }

    /// Resolves the timing of `paths` and files them in their groups. Each sequence among them
    /// must be complete in `paths`, as timing is resolved per sequence.
    fn place(&mut self, paths: &BTreeSet<PathBuf>, affected: &mut BTreeSet<Group>) {
        let mut sequences: BTreeMap<Group, Vec<&DraftFacts>> = BTreeMap::new();
        for p in paths {
            if let Some(d) = self.drafts.get(p) {
                sequences.entry(self.sequence_group(d)).or_default().push(d);
            }
        }
        let mut placed: Vec<(PathBuf, Option<When>, Vec<Group>)> = Vec::with_capacity(paths.len());
        for (seq, drafts) in sequences {
            for (d, when) in drafts.iter().zip(schedule::resolve(&drafts)) {
                let mut groups = vec![seq.clone()];
                let member = Member {
                    facts: d,
                    when: when.as_ref(),
                };
                if let Some(date) = when.as_ref().and_then(|w| w.date) {
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
                placed.push((d.path.clone(), when, groups));
            }
        }
        for (path, when, groups) in placed {
            for g in &groups {
                self.members
                    .entry(g.clone())
                    .or_default()
                    .insert(path.clone());
                affected.insert(g.clone());
            }
            if let Some(w) = when {
                self.when.insert(path.clone(), w);
            }
            self.groups_of.insert(path, groups);
        }
    }

    /// Re-runs the rules of `groups`; returns the files whose findings changed.
    fn rerun(&mut self, groups: BTreeSet<Group>) -> Vec<PathBuf> {
        let mut changed = BTreeSet::new();
        for g in groups {
            let new = self.run_group(&g);
            let old = self.findings.remove(&g).unwrap_or_default();
            for p in old.keys().chain(new.keys()) {
                if old.get(p) != new.get(p) {
                    changed.insert(p.clone());
                }
            }
            if !new.is_empty() {
                self.findings.insert(g.clone(), new);
            }
            if self.members.get(&g).is_some_and(|m| m.is_empty()) {
                self.members.remove(&g);
            }
        }
        changed.into_iter().collect()
    }

    fn run_group(&self, g: &Group) -> BTreeMap<PathBuf, Vec<Finding>> {
        let Some(paths) = self.members.get(g) else {
            return BTreeMap::new();
        };
        let members: Vec<Member> = paths
            .iter()
            .filter_map(|p| {
                Some(Member {
                    facts: self.drafts.get(p)?,
                    when: self.when.get(p),
                })
            })
            .collect();
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
        let mut out: BTreeMap<PathBuf, Vec<Finding>> = BTreeMap::new();
        for (path, mut f) in found {
            let Some(d) = self.drafts.get(&path) else {
                continue;
            };
            if d.disables(&f.rule) {
                continue;
            }
            let Some(severity) = self.config.severity(&f.rule, f.severity) else {
                continue;
            };
            f.severity = severity;
            out.entry(path).or_default().push(f);
        }
        out
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
        // Deleting the first step leaves step 2 without a date or a step 1.
        let changed = index.set(&p("1.md"), None);
        assert_eq!(changed, [p("2.md")]);
        assert_eq!(rules_of(&index, "2.md"), ["sequence.gap"]);
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
