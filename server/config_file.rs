//! `sendwell.toml` on disk: finding it (upward from a draft's folder), reading it and the rule
//! packs it names, and merging the editor's settings under it. The engine only ever sees the
//! resulting [`Config`]; all file I/O is here.
//!
//! A broken file never stops a check: its problems are returned with their lines, and the
//! built-in defaults (or, for one broken pack, the other packs) apply meanwhile.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::engine::catalog::BUILTIN;
use crate::engine::config::Config;
use crate::engine::finding::Severity;
use crate::engine::packs::{Pack, PackProblem};

pub const FILE_NAME: &str = "sendwell.toml";

/// Config and pack files larger than this are refused unread. Real ones are a few KB, and a word
/// list this long would not compile under the pack regex size limit anyway; the cap keeps a
/// runaway (or hostile) file from costing memory and parse time before that error.
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// A config file and the packs it brings, as read from disk.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// The file; `None` when no `sendwell.toml` was found (defaults apply).
    pub path: Option<PathBuf>,
    pub config: Config,
    /// What is wrong in the config file or its packs, each with its file and line.
    pub problems: Vec<PackProblem>,
    /// The pack folders it names, resolved (whether or not they exist).
    pub pack_dirs: Vec<PathBuf>,
}

/// The nearest `sendwell.toml` in `dir` or a folder above it.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads a config file and its packs. Never fails; see [`Loaded::problems`].
pub fn load(path: &Path) -> Loaded {
    let label = path.display().to_string();
    let mut loaded = Loaded {
        path: Some(path.to_path_buf()),
        ..Default::default()
    };
    let text = match read_capped(path) {
        Ok(t) => t,
        Err(e) => {
            loaded.problems.push(PackProblem::at(
                &label,
                "",
                0..0,
                format!("cannot read: {e}"),
            ));
            return loaded;
        }
    };
    let (config, problems) = parse(&label, &text);
    loaded.problems = problems;
    let base = path.parent().unwrap_or(Path::new("."));
    let (packs, dirs, problems) = load_packs(base, &config.packs, &label, &text);
    loaded.problems.extend(problems);
    loaded.pack_dirs = dirs;
    loaded.config = Config {
        user_packs: packs,
        ..config
    };
    let unknown = unknown_rule_names(&label, &text, &loaded.config);
    loaded.problems.extend(unknown);
    loaded
}

/// Config files found and read so far, so a folder of drafts (or a session of keystrokes) reads
/// each `sendwell.toml` once.
#[derive(Default)]
pub struct Cache {
    /// Folder → the config file that governs it.
    dirs: HashMap<PathBuf, Option<PathBuf>>,
    files: HashMap<PathBuf, Arc<Loaded>>,
}

impl Cache {
    /// The config for drafts in `dir`, and whether it was read just now (so its problems are
    /// reported once).
    pub fn for_dir(&mut self, dir: &Path) -> (Arc<Loaded>, bool) {
        let file = self
            .dirs
            .entry(dir.to_path_buf())
            .or_insert_with(|| find(dir))
            .clone();
        let Some(file) = file else {
            return (Arc::new(Loaded::default()), false);
        };
        if let Some(l) = self.files.get(&file) {
            return (l.clone(), false);
        }
        let loaded = Arc::new(load(&file));
        self.files.insert(file, loaded.clone());
        (loaded, true)
    }

    /// Forgets everything, so the next lookups read the files again.
    pub fn clear(&mut self) {
        self.dirs.clear();
        self.files.clear();
    }

    /// The configs read so far.
    pub fn loaded(&self) -> impl Iterator<Item = &Arc<Loaded>> {
        self.files.values()
    }
}

/// Parses a config file's text. On a syntax or schema error the defaults are returned with the
/// problem; settings that parse but mean nothing (an unknown severity, a rule that does not
/// exist) are reported and otherwise ignored.
pub fn parse(label: &str, text: &str) -> (Config, Vec<PackProblem>) {
    let config: Config = match toml::from_str(text) {
        Ok(c) => c,
        Err(e) => {
            let range = e.span().unwrap_or(0..0);
            let message = format!(
                "{}; the built-in defaults apply until this is fixed",
                e.message().trim()
            );
            return (
                Config::default(),
                vec![PackProblem::at(label, text, range, message)],
            );
        }
    };
    let mut problems = Vec::new();
    for (key, value) in &config.rules {
        let v = value.trim().to_ascii_lowercase();
        if !matches!(v.as_str(), "off" | "false" | "none") && Severity::parse(&v).is_none() {
            problems.push(PackProblem::at(
                label,
                text,
                key_range(text, key),
                format!("“{value}” is not a severity for “{key}”; use error, warning, info, hint or off"),
            ));
        }
    }
    problems.extend(exclude_problems(label, text, &config.exclude));
    (config, problems)
}

/// `exclude` globs that do not parse: named with the reason, on the `exclude` line.
fn exclude_problems(label: &str, text: &str, globs: &[String]) -> Vec<PackProblem> {
    let mut builder = ignore::gitignore::GitignoreBuilder::new("");
    globs
        .iter()
        .filter_map(|g| {
            let e = builder.add_line(None, g).err()?;
            Some(PackProblem::at(
                label,
                text,
                key_range(text, "exclude"),
                format!("“exclude” pattern: {e}; it is ignored"),
            ))
        })
        .collect()
}

/// Every rule ID there is under `config`: the built-in ones and those of its user packs. What
/// `[rules]`, `[words]`, `--select` and `--ignore` may name (an ID, or a category before its dot).
pub struct RuleNames<'c> {
    pub ids: Vec<&'c str>,
}

impl<'c> RuleNames<'c> {
    pub fn of(config: &'c Config) -> RuleNames<'c> {
        let user = config.user_packs.iter().flat_map(|p| p.rules.iter());
        let ids = BUILTIN
            .rules
            .iter()
            .chain(user)
            .map(|r| r.id.as_str())
            .collect();
        RuleNames { ids }
    }

    /// The rule IDs a mistyped `name` may have meant.
    pub fn close_to(&self, name: &str) -> Vec<&'c str> {
        self.ids
            .iter()
            .copied()
            .filter(|id| strsim::jaro_winkler(id, name) > 0.85)
            .collect()
    }

    /// Whether `name` is a rule ID or a category.
    pub fn knows(&self, name: &str) -> bool {
        self.ids
            .iter()
            .any(|id| *id == name || id.split('.').next() == Some(name))
    }
}

/// Reports rule IDs and categories in `[rules]` and `[words]` that no rule has: a typo there
/// silently changes nothing. Needs the user packs, so it runs after they are loaded.
pub fn unknown_rule_names(label: &str, text: &str, config: &Config) -> Vec<PackProblem> {
    let names = RuleNames::of(config);
    let known = |name: &str| names.knows(name.trim_end_matches(".*"));
    config
        .rules
        .keys()
        .chain(config.words.keys())
        .filter(|k| !known(k))
        .map(|k| {
            let close = names.close_to(k);
            let hint = if close.is_empty() {
                " (“sendwell rules” lists them)".to_string()
            } else {
                format!("; did you mean {}?", close.join(", "))
            };
            PackProblem::at(
                label,
                text,
                key_range(text, k),
                format!("no rule or category “{k}”{hint}"),
            )
        })
        .collect()
}

/// Reads every `*.toml` in each pack folder, relative to `base`. A missing folder is reported
/// at the `packs` line of the config, and so is a folder or pack file outside `base`: a shared or
/// downloaded config must not make us read `../../etc/passwd` or whatever a symlink points at.
pub fn load_packs(
    base: &Path,
    folders: &[String],
    config_label: &str,
    config_text: &str,
) -> (Vec<Arc<Pack>>, Vec<PathBuf>, Vec<PackProblem>) {
    let mut packs = Vec::new();
    let mut dirs = Vec::new();
    let mut problems = Vec::new();
    let root = Root::new(base);
    let at_packs_line = |message: String| {
        PackProblem::at(
            config_label,
            config_text,
            key_range(config_text, "packs"),
            message,
        )
    };
    for folder in folders {
        let dir = normalize(&root.lexical.join(folder));
        if !root.contains(&dir) {
            problems.push(at_packs_line(format!(
                "pack folder “{folder}” is outside {}, the folder of this config; packs are read only from inside it",
                root.lexical.display()
            )));
            continue;
        }
        dirs.push(dir.clone());
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                problems.push(at_packs_line(format!(
                    "cannot read pack folder “{folder}” ({}): {e}",
                    dir.display()
                )));
                continue;
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
            .collect();
        files.sort();
        for file in files {
            let label = file.display().to_string();
            let Some(real) = root.resolve_inside(&file) else {
                problems.push(at_packs_line(format!(
                    "pack file “{label}” links outside {}, the folder of this config; it is not read",
                    root.lexical.display()
                )));
                continue;
            };
            match read_capped(&real) {
                Ok(text) => {
                    let pack = Pack::parse(&label, &text);
                    problems.extend(pack.problems.iter().cloned());
                    packs.push(Arc::new(pack));
                }
                Err(e) => problems.push(PackProblem::at(
                    &label,
                    "",
                    0..0,
                    format!("cannot read: {e}"),
                )),
            }
        }
    }
    // Two packs may not define the same rule: the first (by folder order, then name) keeps it.
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for pack in packs {
        let mut pack = (*pack).clone();
        pack.rules.retain(|r| {
            if seen.contains(&r.id) {
                problems.push(PackProblem {
                    path: pack.path.clone(),
                    range: 0..0,
                    line: 1,
                    column: 1,
                    message: format!(
                        "rule “{}” is already defined by another pack; this one is ignored",
                        r.id
                    ),
                });
                false
            } else {
                seen.push(r.id.clone());
                true
            }
        });
        out.push(Arc::new(pack));
    }
    (out, dirs, problems)
}

/// A config or pack file's text, unless it is over [`MAX_FILE_BYTES`] (read no further) or not
/// a regular file.
pub(crate) fn read_capped(path: &Path) -> Result<String, String> {
    use crate::fs_read::ReadError;
    match crate::fs_read::read_capped_to(path, MAX_FILE_BYTES as usize) {
        Ok(text) => Ok(text),
        Err(ReadError::TooLarge { .. }) => Err(format!(
            "larger than {} MiB, so not read; is this really a Sendwell file?",
            MAX_FILE_BYTES >> 20
        )),
        Err(ReadError::NotUtf8 { .. }) => Err("not UTF-8 text".to_string()),
        Err(ReadError::Io(e)) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// The folder a config may read from: its own. Paths are compared after resolving symlinks, so
/// a link inside the folder that points out of it counts as outside.
struct Root {
    /// Absolute, with `.` and `..` folded but links kept: the paths users and editors see.
    lexical: PathBuf,
    /// With links resolved; `None` when the folder itself cannot be resolved.
    real: Option<PathBuf>,
}

impl Root {
    fn new(base: &Path) -> Root {
        let lexical = normalize(&std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf()));
        let real = std::fs::canonicalize(&lexical).ok();
        Root { lexical, real }
    }

    /// Whether `path` (absolute and normalized) is this folder or inside it, links resolved
    /// where it exists.
    fn contains(&self, path: &Path) -> bool {
        match std::fs::canonicalize(path) {
            Ok(real) => self
                .real
                .as_ref()
                .is_some_and(|root| real.starts_with(root)),
            // Nothing there to read yet: only the spelling can be judged.
            Err(_) => path.starts_with(&self.lexical),
        }
    }

    /// The real path of an existing file inside this folder, to read it by; `None` when it
    /// resolves outside (or not at all).
    fn resolve_inside(&self, file: &Path) -> Option<PathBuf> {
        let real = std::fs::canonicalize(file).ok()?;
        real.starts_with(self.real.as_ref()?).then_some(real)
    }
}

/// `a/./b/../c` as `a/c`, without touching the file system (the folder may not exist), so
/// paths and URIs of pack files are the ones editors use.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The line that sets `key` (`key =`, `"key" =`, or a `[...key]` table), else the file start.
fn key_range(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let lead = line.len() - t.len();
        let bare = t.strip_prefix(key).map(str::trim_start);
        let quoted = t.strip_prefix(&format!("\"{key}\"")).map(str::trim_start);
        let table = t.starts_with('[') && t.trim_end().ends_with(&format!("{key}\"]"));
        if bare.or(quoted).is_some_and(|r| r.starts_with('=')) || table {
            let end = offset + line.trim_end().len();
            return offset + lead..end;
        }
        offset += line.len();
    }
    0..0
}

/// The file's settings over the editor's: where both set a value, the file wins.
pub fn merge(file: &Config, editor: &Config) -> Config {
    let mut out = editor.clone();
    if file.plan.is_some() {
        out.plan = file.plan.clone();
    }
    for (k, v) in &file.rules {
        out.rules.insert(k.clone(), v.clone());
    }
    if !file.allow.is_empty() {
        out.allow = file.allow.clone();
    }
    for (id, o) in &file.channels {
        let merged = out.channels.entry(id.clone()).or_default();
        merged.limit = o.limit.or(merged.limit);
        merged.free_limit = o.free_limit.or(merged.free_limit);
        merged.soft_limit = o.soft_limit.or(merged.soft_limit);
        merged.subject_limit = o.subject_limit.or(merged.subject_limit);
        merged.count = o.count.or(merged.count);
    }
    for (k, v) in &file.words {
        out.words.insert(k.clone(), v.clone());
    }
    if !file.packs.is_empty() {
        out.packs = file.packs.clone();
    }
    out.user_packs = file.user_packs.clone();
    // Globs are relative to the file that names them, so only the file's count.
    out.exclude = file.exclude.clone();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclude_globs_are_read_and_broken_ones_reported_on_their_line() {
        let text = "plan = \"free\"\nexclude = [\"archive/**\", \"old/{a,b\"]\n";
        let (config, problems) = parse("sendwell.toml", text);
        assert_eq!(config.exclude, ["archive/**", "old/{a,b"]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 2);
        assert!(
            problems[0]
                .message
                .starts_with("“exclude” pattern: error parsing glob 'old/{a,b'"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_schema_error_names_its_line_and_keeps_the_defaults() {
        let (config, problems) = parse(
            "x/sendwell.toml",
            "plan = \"free\"\n\n[rulez]\nspam = \"off\"\n",
        );
        assert_eq!(config, Config::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 3, "{}", problems[0]);
        assert!(problems[0].message.contains("rulez"), "{}", problems[0]);
        assert!(problems[0].message.contains("defaults"), "{}", problems[0]);
    }

    #[test]
    fn unknown_severities_and_rules_are_reported_at_their_lines() {
        let text = "[rules]\nspam = \"warnig\"\n\"spam.shoutng\" = \"off\"\n";
        let (config, problems) = parse("sendwell.toml", text);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 2, "{}", problems[0]);
        let unknown = unknown_rule_names("sendwell.toml", text, &config);
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].line, 3);
        assert!(
            unknown[0].message.contains("spam.shouting"),
            "{}",
            unknown[0]
        );
    }

    #[test]
    fn file_wins_over_editor() {
        let (file, _) = parse(
            "f",
            "plan = \"free\"\n[rules]\nspam = \"hint\"\n[channels.inmail]\nlimit = 1000\n",
        );
        let (editor, _) = parse(
            "e",
            "plan = \"premium\"\nallow = [\"cash\"]\n[rules]\nspam = \"off\"\nstyle = \"off\"\n[channels.inmail]\nlimit = 1500\nsoft_limit = 500\n",
        );
        let m = merge(&file, &editor);
        assert_eq!(m.plan.as_deref(), Some("free"));
        assert_eq!(m.rules["spam"], "hint");
        assert_eq!(m.rules["style"], "off");
        assert_eq!(m.allow, vec!["cash"]);
        assert_eq!(m.channels["inmail"].limit, Some(1000));
        assert_eq!(m.channels["inmail"].soft_limit, Some(500));
    }

    /// A config folder `root/cfg` with one good pack inside and `root/outside` holding a pack
    /// that must never be read.
    fn tree(name: &str) -> (PathBuf, PathBuf) {
        let root =
            std::env::temp_dir().join(format!("sendwell-cfgpaths-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let cfg = root.join("cfg");
        std::fs::create_dir_all(cfg.join("packs")).unwrap();
        std::fs::create_dir_all(root.join("outside")).unwrap();
        std::fs::write(cfg.join("packs/ok.toml"), pack("acme.inside")).unwrap();
        std::fs::write(root.join("outside/evil.toml"), pack("acme.outside")).unwrap();
        (root, cfg)
    }

    fn pack(id: &str) -> String {
        format!("[[rule]]\nid = \"{id}\"\ntitle = \"T\"\nseverity = \"info\"\nkind = \"phrase\"\nwhy = \"w\"\nfix = \"f\"\n[rule.params]\nphrases = [\"synergy\"]\n")
    }

    fn rule_ids(packs: &[Arc<Pack>]) -> Vec<String> {
        packs
            .iter()
            .flat_map(|p| p.rules.iter().map(|r| r.id.clone()))
            .collect()
    }

    #[test]
    fn pack_folders_outside_the_config_folder_are_refused_at_the_packs_line() {
        let (root, cfg) = tree("dotdot");
        let text = "plan = \"free\"\npacks = [\"packs\", \"../outside\", \"packs/../../outside\", \"../../../../../../etc\"]\n";
        let outside = root.join("outside").display().to_string();
        let folders: Vec<String> = [
            "packs",
            "../outside",
            "packs/../../outside",
            "../../../../../../etc",
            &outside,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (packs, dirs, problems) = load_packs(&cfg, &folders, "sendwell.toml", text);
        assert_eq!(rule_ids(&packs), vec!["acme.inside"]);
        assert_eq!(
            dirs,
            vec![cfg.join("packs")],
            "nothing outside is watched either"
        );
        assert_eq!(problems.len(), 4, "{problems:?}");
        for p in &problems {
            assert_eq!(p.line, 2, "{p}");
            assert!(p.message.contains("is outside"), "{p}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_that_point_out_of_the_config_folder_count_as_outside() {
        let (root, cfg) = tree("links");
        std::os::unix::fs::symlink(root.join("outside"), cfg.join("linked")).unwrap();
        std::os::unix::fs::symlink(root.join("outside/evil.toml"), cfg.join("packs/evil.toml"))
            .unwrap();
        // A link that stays inside is fine.
        std::os::unix::fs::symlink(cfg.join("packs"), cfg.join("alias")).unwrap();
        let text = "packs = [\"linked\", \"packs\"]\n";
        let folders = vec!["linked".to_string(), "packs".to_string()];
        let (packs, _, problems) = load_packs(&cfg, &folders, "sendwell.toml", text);
        assert_eq!(rule_ids(&packs), vec!["acme.inside"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].message.contains("“linked” is outside"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].message.contains("evil.toml” links outside"),
            "{}",
            problems[1]
        );
        assert!(problems.iter().all(|p| p.line == 1));
        let (packs, _, problems) = load_packs(
            &cfg,
            &["alias".to_string()],
            "sendwell.toml",
            "packs = [\"alias\"]\n",
        );
        assert_eq!(rule_ids(&packs), vec!["acme.inside"], "{problems:?}");
    }

    #[test]
    fn a_missing_folder_inside_is_still_watched_and_reported_as_missing() {
        let (_root, cfg) = tree("missing");
        let (_, dirs, problems) = load_packs(
            &cfg,
            &["later".to_string()],
            "sendwell.toml",
            "packs = [\"later\"]\n",
        );
        assert_eq!(dirs, vec![cfg.join("later")]);
        assert!(
            problems[0].message.contains("cannot read pack folder"),
            "{}",
            problems[0]
        );
    }
}
