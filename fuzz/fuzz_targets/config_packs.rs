//! libFuzzer entry for `../checks/config_packs.rs`, where the check lives so that `cargo test` in the
//! main crate replays the saved inputs in `../regressions/config_packs/` with the same code.
#![no_main]

#[path = "../checks/config_packs.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
