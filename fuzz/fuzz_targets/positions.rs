//! libFuzzer entry for `../checks/positions.rs`, where the check lives so that `cargo test` in the
//! main crate replays the saved inputs in `../regressions/positions/` with the same code.
#![no_main]

#[path = "../checks/positions.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
