//! libFuzzer entry for `../checks/engine.rs`, where the check lives so that `cargo test` in the
//! main crate replays the saved inputs in `../regressions/engine/` with the same code.
#![no_main]

#[path = "../checks/engine.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
