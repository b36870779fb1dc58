//! libFuzzer entry for `../checks/document_edits.rs`, where the check lives so that `cargo test` in the
//! main crate replays the saved inputs in `../regressions/document_edits/` with the same code.
#![no_main]

#[path = "../checks/document_edits.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
