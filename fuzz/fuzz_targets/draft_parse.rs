//! libFuzzer entry for `../checks/draft_parse.rs`, where the check lives so that `cargo test` in the
//! main crate replays the saved inputs in `../regressions/draft_parse/` with the same code.
#![no_main]

#[path = "../checks/draft_parse.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
