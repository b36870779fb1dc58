//! Every input saved in `fuzz/regressions/<target>/` (crashes the fuzzers found, once fixed, and
//! hand-made edge cases) replayed through the same check the fuzz target runs, so a fixed crash
//! stays fixed under a plain `cargo test`, without nightly or cargo-fuzz.

use std::path::Path;

#[path = "../fuzz/checks/code_actions.rs"]
mod code_actions;
#[path = "../fuzz/checks/config_packs.rs"]
mod config_packs;
#[path = "../fuzz/checks/document_edits.rs"]
mod document_edits;
#[path = "../fuzz/checks/draft_parse.rs"]
mod draft_parse;
#[path = "../fuzz/checks/engine.rs"]
mod engine;
#[path = "../fuzz/checks/frontmatter_edits.rs"]
mod frontmatter_edits;
#[path = "../fuzz/checks/positions.rs"]
mod positions;

/// Runs `check` on each saved input of `target`; returns how many there were.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        // The file name in the panic message says which input broke.
        eprintln!("replaying {}", file.display());
        check(&data);
    }
    files.len()
}

#[test]
fn code_actions_inputs() {
    assert!(replay("code_actions", code_actions::check) > 0);
}

#[test]
fn config_packs_inputs() {
    assert!(replay("config_packs", config_packs::check) > 0);
}

#[test]
fn document_edits_inputs() {
    assert!(replay("document_edits", document_edits::check) > 0);
}

#[test]
fn draft_parse_inputs() {
    assert!(replay("draft_parse", draft_parse::check) > 0);
}

#[test]
fn engine_inputs() {
    assert!(replay("engine", engine::check) > 0);
}

#[test]
fn frontmatter_edits_inputs() {
    assert!(replay("frontmatter_edits", frontmatter_edits::check) > 0);
}

#[test]
fn positions_inputs() {
    assert!(replay("positions", positions::check) > 0);
}
