//! Which settings apply to an open draft: the nearest `sendwell.toml` above it (or above the
//! workspace root for drafts that are not files), its rule packs, and the editor's settings under
//! them. Also the diagnostics for problems in those files, and the file watchers that reload them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticSeverity, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher,
    GlobPattern, NumberOrString, Registration, Uri,
};

use super::convert::Positions;
use crate::config_file::{self, Cache, Loaded};
use crate::engine::config::Config;
use crate::engine::packs::{Pack, PackProblem};
use crate::text::Encoding;

pub const WATCHER_ID: &str = "sendwell-config-watcher";

#[derive(Default)]
pub struct WorkspaceConfig {
    cache: Cache,
    /// Files we published problems for, so they are cleared once fixed.
    reported: HashSet<PathBuf>,
    /// The globs last registered with the client.
    pub watched: Vec<String>,
}

impl WorkspaceConfig {
    /// The settings for `uri`, and the config file if it was read just now (its problems are
    /// then to be reported).
    pub fn config_for(
        &mut self,
        uri: &Uri,
        root: Option<&Path>,
        editor: &Config,
    ) -> (Config, Option<Arc<Loaded>>) {
        let dir = uri
            .to_file_path()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| root.map(Path::to_path_buf));
        let Some(dir) = dir else {
            return (editor.clone(), None);
        };
        let (loaded, fresh) = self.cache.for_dir(&dir);
        let config = config_file::merge(&loaded.config, editor);
        (config, fresh.then_some(loaded))
    }

    /// Forgets every file read, so the next lookups read them again. Returns the files whose
    /// problems were on display, to be cleared unless the reload reports them again.
    pub fn reset(&mut self) -> HashSet<PathBuf> {
        self.cache.clear();
        std::mem::take(&mut self.reported)
    }

    pub fn mark_reported(&mut self, path: PathBuf) {
        self.reported.insert(path);
    }

    pub fn is_reported(&self, path: &Path) -> bool {
        self.reported.contains(path)
    }

    /// The globs to watch: every `sendwell.toml`, and the pack folders of the configs read.
    pub fn watch_globs(&self) -> Vec<String> {
        let mut globs = vec![format!("**/{}", config_file::FILE_NAME)];
        let mut dirs: Vec<&PathBuf> = self.cache.loaded().flat_map(|l| &l.pack_dirs).collect();
        dirs.sort();
        dirs.dedup();
        for d in dirs {
            globs.push(format!("{}/*.toml", d.display()));
        }
        globs
    }

    /// Whether `path` is a config file or a pack the configs read so far use.
    fn pack_dir_of(&self, path: &Path) -> bool {
        let Some(parent) = path.parent() else {
            return false;
        };
        self.cache
            .loaded()
            .flat_map(|l| &l.pack_dirs)
            .any(|d| same_dir(d, parent))
    }

    /// Problems in the open text of a config file or a rule pack, or `None` for other files.
    pub fn lint_open_file(&self, uri: &Uri, text: &str) -> Option<Vec<PackProblem>> {
        let path = uri.to_file_path()?.into_owned();
        let label = path.display().to_string();
        if path
            .file_name()
            .is_some_and(|n| n == config_file::FILE_NAME)
        {
            let (config, mut problems) = config_file::parse(&label, text);
            let base = path.parent().unwrap_or(Path::new("."));
            let (packs, _, pack_problems) =
                config_file::load_packs(base, &config.packs, &label, text);
            // Problems inside the packs are shown on the packs; a folder that cannot be read is
            // shown here, on the `packs` line.
            problems.extend(pack_problems.into_iter().filter(|p| p.path == label));
            let with_packs = Config {
                user_packs: packs,
                ..config
            };
            problems.extend(config_file::unknown_rule_names(&label, text, &with_packs));
            return Some(problems);
        }
        if path.extension().is_some_and(|x| x == "toml") && self.pack_dir_of(&path) {
            return Some(Pack::parse(&label, text).problems);
        }
        None
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b
        || match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
}

/// Problems grouped by file, as diagnostics (positions computed on each file's text).
pub fn diagnostics_by_file(
    problems: &[PackProblem],
    text_of: impl Fn(&Path) -> Option<String>,
    enc: Encoding,
) -> HashMap<PathBuf, Vec<Diagnostic>> {
    let mut out: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
    for p in problems {
        let path = PathBuf::from(&p.path);
        let text = text_of(&path).unwrap_or_default();
        out.entry(path).or_default().push(diagnostic(p, &text, enc));
    }
    out
}

/// A problem as a diagnostic on its file: the whole line it points at.
pub fn diagnostic(p: &PackProblem, text: &str, enc: Encoding) -> Diagnostic {
    let pos = Positions::new(text, enc);
    let start = p.range.start.min(text.len());
    let line_end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let end = if p.range.end > start {
        p.range.end.min(line_end)
    } else {
        line_end
    };
    Diagnostic {
        range: pos.range(&(start..end)),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("config.invalid".into())),
        source: Some("sendwell".into()),
        message: p.message.clone(),
        ..Default::default()
    }
}

/// The registration that asks the client to tell us when configs and packs change.
pub fn watcher_registration(globs: &[String]) -> Registration {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: globs
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.clone()),
                kind: None,
            })
            .collect(),
    };
    Registration {
        id: WATCHER_ID.into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(options).ok(),
    }
}
