//! Reading drafts' facts from disk, in parallel when there are enough files to pay for threads.

use std::path::{Path, PathBuf};

use super::exclude::Exclusions;
use super::walk;
use crate::engine::sequence::DraftFacts;

/// Below this many files one thread is faster than starting more (measured in
/// `benches/workspace.rs`).
const PARALLEL_FROM: usize = 256;

/// The facts of the drafts among `files`; files that are not drafts are left out, and files that
/// cannot be read as UTF-8 text are returned with the reason.
pub fn facts_of(
    files: &[PathBuf],
    shingle_words: usize,
) -> (Vec<DraftFacts>, Vec<(PathBuf, String)>) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = if files.len() < PARALLEL_FROM {
        1
    } else {
        threads
    };
    facts_with_threads(files, shingle_words, threads)
}

/// [`facts_of`] on a given number of threads (the benchmark compares them).
pub fn facts_with_threads(
    files: &[PathBuf],
    shingle_words: usize,
    threads: usize,
) -> (Vec<DraftFacts>, Vec<(PathBuf, String)>) {
    if threads < 2 {
        return read_all(files, shingle_words);
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| s.spawn(move || read_all(part, shingle_words)))
            .collect();
        let mut facts = Vec::with_capacity(files.len());
        let mut errors = Vec::new();
        for h in handles {
            // A panic in one reader is a bug; the other files are still worth checking.
            if let Ok((f, e)) = h.join() {
                facts.extend(f);
                errors.extend(e);
            }
        }
        (facts, errors)
    })
}

/// Walks every root and reads the facts of the drafts found.
pub fn scan(
    roots: &[PathBuf],
    exclude: &Exclusions,
    shingle_words: usize,
) -> (Vec<DraftFacts>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        let w = walk::draft_files(root, exclude);
        files.extend(w.files);
        errors.extend(w.errors);
    }
    files.sort();
    files.dedup();
    let (facts, read_errors) = facts_of(&files, shingle_words);
    errors.extend(read_errors);
    (facts, errors)
}

fn read_all(files: &[PathBuf], shingle_words: usize) -> (Vec<DraftFacts>, Vec<(PathBuf, String)>) {
    let mut facts = Vec::new();
    let mut errors = Vec::new();
    for path in files {
        match read_text(path) {
            Ok(text) => facts.extend(DraftFacts::extract(path.clone(), &text, shingle_words)),
            Err(e) => errors.push((path.clone(), e)),
        }
    }
    (facts, errors)
}

/// A file's text, or why it cannot be checked: regular files only, capped at
/// [`crate::fs_read::MAX_BYTES`].
pub fn read_text(path: &Path) -> Result<String, String> {
    crate::fs_read::read_capped(path).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::walk::tempdir;
    use super::*;

    #[test]
    fn scans_drafts_skipping_other_files_and_reporting_unreadable_ones() {
        let dir = tempdir::Dir::new();
        let root = dir.path();
        std::fs::write(
            root.join("a.md"),
            "---\nchannel: dm\nsequence: s\nstep: 1\n---\nHi",
        )
        .unwrap();
        std::fs::write(root.join("readme.md"), "# Notes").unwrap();
        std::fs::write(root.join("bad.md"), b"---\nchannel: dm\n---\n\xff").unwrap();
        let (facts, errors) = scan(&[root.to_path_buf()], &Exclusions::default(), 5);
        assert_eq!(facts.len(), 1);
        assert_eq!(facts[0].path, root.join("a.md"));
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .1
                .starts_with("not UTF-8 text (invalid byte at offset 20)"),
            "{:?}",
            errors
        );
    }

    #[test]
    fn many_files_read_in_parallel_give_the_same_facts() {
        let dir = tempdir::Dir::new();
        let files: Vec<PathBuf> = (0..PARALLEL_FROM + 10)
            .map(|i| {
                let p = dir.path().join(format!("{i:04}.md"));
                std::fs::write(&p, format!("---\nchannel: dm\nstep: {i}\n---\nHi")).unwrap();
                p
            })
            .collect();
        let (parallel, _) = facts_of(&files, 5);
        let (serial, _) = read_all(&files, 5);
        assert_eq!(parallel, serial);
    }
}
