//! The workspace side of the server: every draft under the workspace folders, kept current from
//! open buffers (whose text wins over the disk) and watched-file events, and the cross-file
//! findings that come out of it for files open or not.
//!
//! Everything here runs synchronously under the server's state lock, so it must stay cheap: an
//! edit re-extracts one draft's facts (after its own diagnostics are published) and re-checks
//! only the groups that draft is in.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::FileChangeType;

use crate::engine::config::Config;
use crate::engine::finding::Finding;
use crate::engine::sequence::{DraftFacts, Index, Params};
use crate::workspace::exclude::Exclusions;
use crate::workspace::{load, walk};

pub struct Workspace {
    index: Index,
    roots: Vec<PathBuf>,
    /// What the configuration excludes under the roots.
    exclude: Exclusions,
    /// Files open in the editor: their buffer, not the disk, is what the index holds.
    open: HashSet<PathBuf>,
    /// Bumped each time a file's cross-file findings change, so that a publish computed from
    /// older findings, finishing late, is dropped.
    generation: HashMap<PathBuf, u64>,
    counter: u64,
    /// Paths the disk reported changed since the last scan was merged: newer than the scan.
    watched_since_scan: Vec<PathBuf>,
}

impl Default for Workspace {
    fn default() -> Workspace {
        Workspace {
            index: Index::new(Params::builtin(), Config::default()),
            roots: Vec::new(),
            exclude: Exclusions::default(),
            open: HashSet::new(),
            generation: HashMap::new(),
            counter: 0,
            watched_since_scan: Vec::new(),
        }
    }
}

impl Workspace {
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.exclude = Exclusions::for_roots(&roots);
        self.roots = roots;
    }

    /// Reads the configuration's exclusions again; `true` when they changed, and the folders
    /// need scanning again to follow them.
    pub fn refresh_exclusions(&mut self) -> bool {
        let now = Exclusions::for_roots(&self.roots);
        let changed = now != self.exclude;
        self.exclude = now;
        changed
    }

    /// Workspace folders came and went: returns the folders to scan, and the files whose
    /// findings changed because the removed folders' drafts left the index (open buffers stay
    /// until closed, like any open file outside the folders).
    pub fn change_roots(
        &mut self,
        added: Vec<PathBuf>,
        removed: &[PathBuf],
    ) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let mut roots: Vec<PathBuf> = self
            .roots
            .iter()
            .filter(|r| !removed.contains(r))
            .cloned()
            .collect();
        let added: Vec<PathBuf> = added.into_iter().filter(|a| !roots.contains(a)).collect();
        roots.extend(added.iter().cloned());
        self.set_roots(roots);
        let gone: Vec<PathBuf> = self
            .index
            .drafts()
            .map(|d| d.path.clone())
            .filter(|p| !self.open.contains(p) && !self.roots.iter().any(|r| p.starts_with(r)))
            .collect();
        let mut changed = BTreeSet::new();
        for p in gone {
            changed.extend(self.set(&p, None));
        }
        (added, changed.into_iter().collect())
    }

    /// A scan of added folders finished: their drafts join the index, under the open buffers.
    pub fn scanned_more(&mut self, facts: Vec<DraftFacts>) -> Vec<PathBuf> {
        let mut all: HashMap<PathBuf, DraftFacts> = self
            .index
            .drafts()
            .map(|d| (d.path.clone(), d.clone()))
            .collect();
        for f in facts {
            if !self.open.contains(&f.path) && self.wanted(&f.path) {
                all.insert(f.path.clone(), f);
            }
        }
        self.rebuild(
            self.index.params().clone(),
            self.index.config().clone(),
            all.into_values().collect(),
        )
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn findings(&self, path: &Path) -> Vec<Finding> {
        self.index.findings(path)
    }

    pub fn generation(&self, path: &Path) -> u64 {
        self.generation.get(path).copied().unwrap_or(0)
    }

    /// A buffer was opened or edited: its text replaces the disk's.
    pub fn buffer(&mut self, path: &Path, text: &str) -> Vec<PathBuf> {
        self.open.insert(path.to_path_buf());
        let facts = self.extract(path, text);
        self.set(path, facts)
    }

    /// A buffer was closed: the disk is the truth again.
    pub fn closed(&mut self, path: &Path) -> Vec<PathBuf> {
        let facts = self.disk().file(path);
        self.closed_with(path, facts)
    }

    /// [`Workspace::closed`] with the file already read off the event loop ([`Disk::file`]).
    pub fn closed_with(&mut self, path: &Path, facts: Option<DraftFacts>) -> Vec<PathBuf> {
        self.open.remove(path);
        let changed = self.set(path, facts);
        // A closed file the index does not hold (never saved, or no draft) keeps nothing here.
        if !self.index.drafts().any(|d| d.path == path) && self.index.findings(path).is_empty() {
            self.generation.remove(path);
        }
        changed
    }

    /// How many files the per-file state holds, for the server's `sendwell.debug.counts`.
    pub fn counts(&self) -> (usize, usize, usize) {
        (self.open.len(), self.generation.len(), self.index.len())
    }

    /// Files changed on disk. Open files keep their buffer; a deleted folder takes its drafts.
    pub fn watched(&mut self, events: &[(PathBuf, FileChangeType)]) -> Vec<PathBuf> {
        self.note_watched(events);
        let read = self.disk().changes(events);
        self.apply_watched(read)
    }

    /// Remembers paths the disk reported, as newer than a scan still running. Called when the
    /// events arrive, before they are read.
    pub fn note_watched(&mut self, events: &[(PathBuf, FileChangeType)]) {
        self.watched_since_scan
            .extend(events.iter().map(|(p, _)| p.clone()));
    }

    /// Merges what [`Disk::changes`] read. Files opened meanwhile keep their buffer.
    pub fn apply_watched(&mut self, read: Vec<(PathBuf, DiskChange)>) -> Vec<PathBuf> {
        let mut changed = BTreeSet::new();
        for (path, change) in read {
            if self.open.contains(&path) {
                continue;
            }
            match change {
                DiskChange::Deleted => {
                    let gone: Vec<PathBuf> = self
                        .index
                        .drafts()
                        .map(|d| d.path.clone())
                        .filter(|p| p.starts_with(&path))
                        .collect();
                    for p in gone {
                        changed.extend(self.set(&p, None));
                    }
                }
                DiskChange::Folder(facts) => {
                    for f in facts {
                        if !self.open.contains(&f.path) && self.wanted(&f.path) {
                            let p = f.path.clone();
                            changed.extend(self.set(&p, Some(f)));
                        }
                    }
                }
                DiskChange::File(facts) => changed.extend(self.set(&path, facts)),
            }
        }
        changed.into_iter().collect()
    }

    /// What reading the disk needs, detached from the index so it can run on a blocking thread.
    pub fn disk(&self) -> Disk {
        Disk {
            roots: self.roots.clone(),
            exclude: self.exclude.clone(),
            shingle_words: self.shingle_words(),
            max_bytes: crate::engine::size::max_bytes(self.index.config()),
        }
    }

    /// The start-up scan finished: merge it under the open buffers.
    pub fn scanned(&mut self, facts: Vec<DraftFacts>) -> Vec<PathBuf> {
        let mut all: HashMap<PathBuf, DraftFacts> =
            facts.into_iter().map(|f| (f.path.clone(), f)).collect();
        // Open buffers, and files the disk reported while the scan ran, are newer than the scan.
        let newer: Vec<PathBuf> = self
            .open
            .iter()
            .cloned()
            .chain(std::mem::take(&mut self.watched_since_scan))
            .collect();
        for p in &newer {
            all.retain(|path, _| !path.starts_with(p));
            for d in self.index.drafts().filter(|d| d.path.starts_with(p)) {
                all.insert(d.path.clone(), d.clone());
            }
        }
        self.rebuild(
            self.index.params().clone(),
            self.index.config().clone(),
            all.into_values().collect(),
        )
    }

    /// New settings from the editor: re-check everything if they differ.
    pub fn configure(&mut self, config: &Config) -> Vec<PathBuf> {
        if self.index.config() == config {
            return Vec::new();
        }
        let drafts: Vec<DraftFacts> = self.index.drafts().cloned().collect();
        self.rebuild(Params::builtin(), config.clone(), drafts)
    }

    pub fn shingle_words(&self) -> usize {
        self.index.params().shingle_words
    }

    pub fn exclude(&self) -> &Exclusions {
        &self.exclude
    }

    fn rebuild(&mut self, params: Params, config: Config, drafts: Vec<DraftFacts>) -> Vec<PathBuf> {
        let before: BTreeSet<PathBuf> = self.index.paths_with_findings().cloned().collect();
        self.index = Index::build(params, config, drafts);
        let after: BTreeSet<PathBuf> = self.index.paths_with_findings().cloned().collect();
        let changed: Vec<PathBuf> = before.union(&after).cloned().collect();
        self.bump(&changed);
        changed
    }

    fn set(&mut self, path: &Path, facts: Option<DraftFacts>) -> Vec<PathBuf> {
        let changed = self.index.set(path, facts);
        self.bump(&changed);
        changed
    }

    fn bump(&mut self, paths: &[PathBuf]) {
        for p in paths {
            self.counter += 1;
            self.generation.insert(p.clone(), self.counter);
        }
    }

    fn extract(&self, path: &Path, text: &str) -> Option<DraftFacts> {
        // An oversized file is not checked at all, so it takes no part in sequences either;
        // shingling 50 MB on every open would stall the server.
        if text.len() > crate::engine::size::max_bytes(self.index.config()) {
            return None;
        }
        DraftFacts::extract(path.to_path_buf(), text, self.shingle_words())
    }

    /// Whether a file on disk belongs in the index: under a workspace folder and not excluded.
    fn wanted(&self, path: &Path) -> bool {
        wanted(&self.roots, &self.exclude, path)
    }
}

fn wanted(roots: &[PathBuf], exclude: &Exclusions, path: &Path) -> bool {
    roots
        .iter()
        .any(|root| path.starts_with(root) && !walk::is_excluded(root, path, exclude))
}

/// What a watched-file event found on disk.
pub enum DiskChange {
    Deleted,
    /// A folder created or moved in: the drafts under it.
    Folder(Vec<DraftFacts>),
    /// A file's facts, `None` when it is no draft, unwanted or unreadable.
    File(Option<DraftFacts>),
}

/// Reads drafts from disk for the index: regular files only, capped, and meant to run off the
/// event loop (a slow disk or a large file must not hold up other documents).
pub struct Disk {
    roots: Vec<PathBuf>,
    exclude: Exclusions,
    shingle_words: usize,
    max_bytes: usize,
}

impl Disk {
    /// A file's facts, if it is a wanted, readable draft.
    pub fn file(&self, path: &Path) -> Option<DraftFacts> {
        self.read(path).ok().flatten()
    }

    /// Like [`Disk::file`], with why a file could not be read (for the log, never its text).
    pub fn read(&self, path: &Path) -> Result<Option<DraftFacts>, String> {
        if !wanted(&self.roots, &self.exclude, path) {
            return Ok(None);
        }
        let text =
            crate::fs_read::read_capped_to(path, self.max_bytes).map_err(|e| e.to_string())?;
        Ok(DraftFacts::extract(
            path.to_path_buf(),
            &text,
            self.shingle_words,
        ))
    }

    /// Reads what each event points at; problems are returned for the log.
    pub fn changes(&self, events: &[(PathBuf, FileChangeType)]) -> Vec<(PathBuf, DiskChange)> {
        self.changes_and_problems(events).0
    }

    pub fn changes_and_problems(
        &self,
        events: &[(PathBuf, FileChangeType)],
    ) -> (Vec<(PathBuf, DiskChange)>, Vec<(PathBuf, String)>) {
        let mut problems = Vec::new();
        let read = events
            .iter()
            .map(|(path, kind)| {
                let change = if *kind == FileChangeType::DELETED {
                    DiskChange::Deleted
                } else if path.is_dir() {
                    let (facts, errors) = load::scan(
                        std::slice::from_ref(path),
                        &self.exclude,
                        self.shingle_words,
                    );
                    problems.extend(errors);
                    DiskChange::Folder(facts)
                } else {
                    DiskChange::File(self.read(path).unwrap_or_else(|e| {
                        problems.push((path.clone(), e));
                        None
                    }))
                };
                (path.clone(), change)
            })
            .collect();
        (read, problems)
    }
}

#[cfg(test)]
#[path = "workspace_tests.rs"]
mod tests;
