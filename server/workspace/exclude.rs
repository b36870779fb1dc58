//! The configuration's exclusions: `exclude = ["archive/**"]` in a `sendwell.toml`, gitignore
//! globs relative to that file's folder. The server's index, `sendwell check` and `sendwell plan`
//! all skip what they match, so archived drafts take no part in sequences or send volumes.

use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::config_file;

/// The exclusions of the `sendwell.toml` files that govern some folders, each matching only
/// below its own file's folder.
#[derive(Clone, Debug, Default)]
pub struct Exclusions {
    sets: Vec<Set>,
}

#[derive(Clone, Debug)]
struct Set {
    /// The config file's folder, absolute: the globs are relative to it.
    base: PathBuf,
    globs: Vec<String>,
    matcher: Gitignore,
}

impl PartialEq for Exclusions {
    fn eq(&self, other: &Exclusions) -> bool {
        let key = |e: &Exclusions| -> Vec<(PathBuf, Vec<String>)> {
            e.sets
                .iter()
                .map(|s| (s.base.clone(), s.globs.clone()))
                .collect()
        };
        key(self) == key(other)
    }
}

impl Exclusions {
    /// The exclusions of the `sendwell.toml` that governs each of `roots` (the nearest one at or
    /// above the folder). A file that cannot be read or parsed excludes nothing: its problems
    /// are reported where the config is loaded for checking.
    pub fn for_roots(roots: &[PathBuf]) -> Exclusions {
        let mut files: Vec<PathBuf> = roots
            .iter()
            .filter_map(|r| {
                let dir = std::path::absolute(r).ok()?;
                let dir = if dir.is_file() {
                    dir.parent()?.to_path_buf()
                } else {
                    dir
                };
                config_file::find(&dir)
            })
            .collect();
        files.sort();
        files.dedup();
        let mut out = Exclusions::default();
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let (config, _) = config_file::parse(&file.display().to_string(), &text);
            if let Some(base) = file.parent() {
                out.add(base, &config.exclude);
            }
        }
        out
    }

    /// Adds `globs`, relative to the folder `base`. Globs that do not parse are skipped (the
    /// config file's own check reports them).
    pub fn add(&mut self, base: &Path, globs: &[String]) {
        if globs.is_empty() {
            return;
        }
        let Ok(base) = std::path::absolute(base) else {
            return;
        };
        let mut builder = GitignoreBuilder::new(&base);
        for g in globs {
            let _ = builder.add_line(None, g);
        }
        if let Ok(matcher) = builder.build() {
            self.sets.push(Set {
                base,
                globs: globs.to_vec(),
                matcher,
            });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }

    /// Whether `path` (a file, or a folder when `is_dir`) or a folder above it is excluded.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        if self.sets.is_empty() {
            return false;
        }
        let absolute;
        let path = if path.is_absolute() {
            path
        } else {
            match std::path::absolute(path) {
                Ok(p) => {
                    absolute = p;
                    &absolute
                }
                Err(_) => return false,
            }
        };
        self.sets.iter().any(|s| {
            // The matcher insists on paths below its folder; others are not its business.
            path.strip_prefix(&s.base).is_ok_and(|rel| {
                !rel.as_os_str().is_empty()
                    && s.matcher
                        .matched_path_or_any_parents(rel, is_dir)
                        .is_ignore()
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::walk::tempdir;
    use super::*;

    #[test]
    fn globs_match_relative_to_the_config_folder_only() {
        let mut e = Exclusions::default();
        e.add(
            Path::new("/w/drafts"),
            &["archive/**".into(), "*.old.md".into(), "{broken".into()],
        );
        for (path, excluded) in [
            ("/w/drafts/archive/1.md", true),
            ("/w/drafts/archive/deep/2.md", true),
            ("/w/drafts/live/x.old.md", true),
            ("/w/drafts/live/1.md", false),
            ("/w/drafts/archived.md", false),
            ("/w/other/archive/1.md", false),
            ("/w/drafts", false),
        ] {
            assert_eq!(e.excludes(Path::new(path), false), excluded, "{path}");
        }
        // `archive/**` is what is inside the folder, so the walk prunes its subfolders.
        assert!(e.excludes(Path::new("/w/drafts/archive/deep"), true));
        assert_ne!(e, Exclusions::default());
    }

    #[test]
    fn roots_take_the_exclusions_of_the_nearest_config() {
        let dir = tempdir::Dir::new();
        let root = dir.path();
        std::fs::create_dir_all(root.join("team/archive")).unwrap();
        std::fs::write(
            root.join("sendwell.toml"),
            "exclude = [\"team/archive/**\"]\n",
        )
        .unwrap();
        let e = Exclusions::for_roots(&[root.join("team")]);
        assert!(e.excludes(&root.join("team/archive/1.md"), false));
        assert!(!e.excludes(&root.join("team/1.md"), false));
        // A broken config excludes nothing rather than failing the scan.
        std::fs::write(root.join("sendwell.toml"), "exclude = 3\n").unwrap();
        assert!(Exclusions::for_roots(&[root.join("team")]).is_empty());
    }
}
