//! Finding draft files under a folder.

use std::path::{Path, PathBuf};

use ignore::gitignore::GitignoreBuilder;

use super::exclude::Exclusions;

/// File extensions looked at when walking a folder. Files named explicitly are always read.
pub const DRAFT_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "text"];

/// The glob editors are asked to watch, matching [`DRAFT_EXTENSIONS`].
pub const WATCH_GLOB: &str = "**/*.{md,markdown,txt,text}";

pub fn has_draft_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| DRAFT_EXTENSIONS.iter().any(|d| x.eq_ignore_ascii_case(d)))
}

/// A folder walk's result: the draft-like files, sorted, and what could not be read.
#[derive(Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub errors: Vec<(PathBuf, String)>,
}

/// The draft-like files under `root` (or `root` itself if it is a file), skipping hidden files,
/// those `.gitignore` / `.ignore` exclude (inside a Git repository or not), and those the
/// configuration's `exclude` globs match.
pub fn draft_files(root: &Path, exclude: &Exclusions) -> Walk {
    let mut walk = Walk::default();
    if root.is_file() {
        walk.files.push(root.to_path_buf());
        return walk;
    }
    let mut builder = ignore::WalkBuilder::new(root);
    builder.require_git(false);
    if !exclude.is_empty() {
        // Checked on folders too, so an excluded archive is not even read.
        let exclude = exclude.clone();
        builder.filter_entry(move |e| {
            !exclude.excludes(e.path(), e.file_type().is_some_and(|t| t.is_dir()))
        });
    }
    for entry in builder.build() {
        match entry {
            Ok(e)
                if e.file_type().is_some_and(|t| t.is_file()) && has_draft_extension(e.path()) =>
            {
                walk.files.push(e.into_path())
            }
            Ok(_) => {}
            Err(err) => walk.errors.push((root.to_path_buf(), err.to_string())),
        }
    }
    walk.files.sort();
    walk
}

/// Whether a single file under `root` would be skipped by [`draft_files`]: for files the editor
/// reports as created or changed, without walking the whole folder again.
pub fn is_excluded(root: &Path, path: &Path, exclude: &Exclusions) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return true;
    };
    if !has_draft_extension(path)
        || rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return true;
    }
    if exclude.excludes(path, false) {
        return true;
    }
    let mut builder = GitignoreBuilder::new(root);
    // Ignore files from the root down to the file's folder; deeper ones override shallower ones,
    // which is the order a matcher built from them in sequence gives.
    let mut dir = root.to_path_buf();
    let mut dirs = vec![dir.clone()];
    if let Some(parent) = rel.parent() {
        for c in parent.components() {
            dir.push(c);
            dirs.push(dir.clone());
        }
    }
    for d in dirs {
        for name in [".gitignore", ".ignore"] {
            let f = d.join(name);
            if f.is_file() {
                let _ = builder.add(f);
            }
        }
    }
    builder
        .build()
        .map(|m| m.matched_path_or_any_parents(rel, false).is_ignore())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempdir::Dir {
        let dir = tempdir::Dir::new();
        for (name, text) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn walks_drafts_honouring_ignore_files_hidden_folders_and_exclusions() {
        let dir = tree(&[
            (".gitignore", "archive/\n"),
            ("a.md", ""),
            ("notes.TXT", ""),
            ("image.png", ""),
            ("archive/old.md", ""),
            (".hidden/x.md", ""),
            ("sub/b.markdown", ""),
            ("sub/.ignore", "skip.md\n"),
            ("sub/skip.md", ""),
            ("drafts/templates/t.md", ""),
        ]);
        let root = dir.path();
        let names = |w: Walk| -> Vec<String> {
            w.files
                .iter()
                .map(|p| {
                    p.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/")
                })
                .collect()
        };
        assert_eq!(
            names(draft_files(root, &Exclusions::default())),
            [
                "a.md",
                "drafts/templates/t.md",
                "notes.TXT",
                "sub/b.markdown"
            ]
        );
        let mut templates = Exclusions::default();
        templates.add(root, &["templates/".into()]);
        assert_eq!(
            names(draft_files(root, &templates)),
            ["a.md", "notes.TXT", "sub/b.markdown"]
        );
        for (path, excluded) in [
            ("a.md", false),
            ("archive/old.md", true),
            ("archive/deep/new.md", true),
            (".hidden/x.md", true),
            ("sub/skip.md", true),
            ("sub/b.markdown", false),
            ("image.png", true),
            ("drafts/templates/t.md", false),
        ] {
            assert_eq!(
                is_excluded(root, &root.join(path), &Exclusions::default()),
                excluded,
                "{path}"
            );
        }
        assert!(is_excluded(
            root,
            &root.join("drafts/templates/t.md"),
            &templates
        ));
        assert!(is_excluded(
            root,
            Path::new("/elsewhere/a.md"),
            &Exclusions::default()
        ));
    }
}

/// A temporary folder for tests, removed on drop; no extra crate for one test helper.
#[cfg(test)]
pub(crate) mod tempdir {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new() -> Dir {
            static N: AtomicUsize = AtomicUsize::new(0);
            let p = std::env::temp_dir().join(format!(
                "sendwell-test-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ));
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
