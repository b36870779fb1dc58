//! libFuzzer entry for `../checks/code_actions.rs`, where the check lives so that `cargo test` in the
//! main crate replays the saved inputs in `../regressions/code_actions/` with the same code.
#![no_main]

#[path = "../checks/code_actions.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
