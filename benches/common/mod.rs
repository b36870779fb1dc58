//! The three documents every benchmark measures: the shared 300-character note and 28,000-character
//! message (committed under `benches/data/`, copies of what `make_docs.py` writes), and a 1 MB file.
//!
//! The 1 MB file is not committed: it is the shared generator's `huge.md` when the generator can be
//! found (so figures compare with other servers measured on it), else the message repeated to 1 MB.

use std::path::{Path, PathBuf};
use std::process::Command;

pub const NOTE: &str = include_str!("../data/note.md");
pub const LONG: &str = include_str!("../data/long.md");

/// `make_docs.py` in a `shared/tools/lspbench-docs` folder beside the repository or a parent.
fn generator() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("LSPBENCH_DOCS_TOOL") {
        return Some(PathBuf::from(p));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|d| d.join("shared/tools/lspbench-docs/make_docs.py"))
        .find(|p| p.is_file())
}

pub fn huge() -> String {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-docs");
    if let Some(tool) = generator() {
        let ok = Command::new("python3")
            .arg(&tool)
            .arg(&out)
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            if let Ok(text) = std::fs::read_to_string(out.join("huge.md")) {
                return text;
            }
        }
    }
    let (head, body) = LONG.split_at(LONG.find("\n---\n").map_or(0, |i| i + 5));
    let mut text = head.to_string();
    while text.len() < 1_000_000 {
        text.push_str(body);
    }
    text
}
