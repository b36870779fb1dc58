//! libFuzzer entry for `../checks/frontmatter_edits.rs`, where the check lives so that `cargo test`
//! in the main crate replays the saved inputs in `../regressions/frontmatter_edits/` with the same code.
#![no_main]

#[path = "../checks/frontmatter_edits.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
