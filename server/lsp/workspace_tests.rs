//! The workspace index as the server keeps it: open buffers over the disk, watched files,
//! folders added and removed.

use super::*;
use crate::workspace::walk::tempdir;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn rules(ws: &Workspace, p: &Path) -> Vec<String> {
    ws.findings(p).into_iter().map(|f| f.rule).collect()
}

#[test]
fn buffers_win_over_the_disk_until_closed() {
    let dir = tempdir::Dir::new();
    let one = write(
        dir.path(),
        "1.md",
        "---\nchannel: dm\nsequence: s\nstep: 1\nsend: 2026-03-02\n---\nHi",
    );
    let two = write(
        dir.path(),
        "2.md",
        "---\nchannel: dm\nsequence: s\nstep: 2\nsend: 2026-03-09\n---\nHi",
    );
    let three = write(
        dir.path(),
        "3.md",
        "---\nchannel: dm\nsequence: s\nstep: 3\nsend: 2026-03-16\n---\nHi",
    );
    let mut ws = Workspace::default();
    ws.set_roots(vec![dir.path().to_path_buf()]);
    let (facts, _) = load::scan(&[dir.path().to_path_buf()], &Exclusions::default(), 5);
    assert!(ws.scanned(facts).is_empty());
    // The unsaved buffer moves step 2 to the next day.
    let changed = ws.buffer(
        &two,
        "---\nchannel: dm\nsequence: s\nstep: 2\nsend: 2026-03-03\n---\nHi",
    );
    assert_eq!(changed, [two.clone()]);
    assert_eq!(rules(&ws, &two), ["sequence.too-soon"]);
    let g = ws.generation(&two);
    // A disk event for an open file changes nothing; closing it goes back to the disk.
    assert!(ws
        .watched(&[(two.clone(), FileChangeType::CHANGED)])
        .is_empty());
    assert_eq!(ws.closed(&two), [two.clone()]);
    assert!(rules(&ws, &two).is_empty());
    assert!(ws.generation(&two) > g);
    // Deleting step 2 leaves a hole before step 3; step 1 alone is untouched.
    std::fs::remove_file(&two).unwrap();
    assert_eq!(
        ws.watched(&[(two.clone(), FileChangeType::DELETED)]),
        [three.clone()]
    );
    assert_eq!(rules(&ws, &three), ["sequence.gap"]);
    assert!(rules(&ws, &one).is_empty());
}

#[test]
fn ignored_files_and_folders_stay_out() {
    let dir = tempdir::Dir::new();
    write(dir.path(), ".gitignore", "old/\n");
    std::fs::create_dir(dir.path().join("old")).unwrap();
    let old = write(
        &dir.path().join("old"),
        "2.md",
        "---\nchannel: dm\nsequence: s\nstep: 2\n---\nHi",
    );
    let mut ws = Workspace::default();
    ws.set_roots(vec![dir.path().to_path_buf()]);
    assert!(ws
        .watched(&[(old.clone(), FileChangeType::CREATED)])
        .is_empty());
    assert!(ws.index().is_empty());
    // A folder that appears brings its drafts.
    let new_dir = dir.path().join("new");
    std::fs::create_dir(&new_dir).unwrap();
    let two = write(
        &new_dir,
        "2.md",
        "---\nchannel: dm\nsequence: s\nstep: 2\nsend: 2026-03-07\n---\nHi",
    );
    assert_eq!(
        ws.watched(&[(new_dir.clone(), FileChangeType::CREATED)]),
        [two.clone()]
    );
    // …and its deletion takes them away.
    assert_eq!(ws.watched(&[(new_dir, FileChangeType::DELETED)]), [two]);
    assert!(ws.index().is_empty());
}
