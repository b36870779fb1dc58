//! Lays out the language server's hot functions together in release builds of the binary.
//!
//! The kernel maps a binary's pages 64 KiB at a time around each page it faults in, so the code a
//! session runs, spread over all of `.text`, made nearly all of the binary resident (5.3 MB for a
//! 5.2 MB `.text`, BENCHMARKS.md). `link/hot-functions.txt` names the functions opening and
//! editing a draft runs (`bench/hot_functions.py` regenerates it); the linker puts them first.
//! Only with the toolchain's own LLD on x86-64 Linux, the linker the names were taken from:
//! another linker may not know the option, and other targets' symbols differ. Where glibc can
//! read them, the relocations are packed too (BENCHMARKS.md, 2026-12-06 04:40–05:18).

use std::env;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=link/hot-functions.txt");
    let release = env::var("PROFILE").as_deref() == Ok("release");
    let target = env::var("TARGET").as_deref() == Ok("x86_64-unknown-linux-gnu");
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let own_linker = env::var_os("RUSTC_LINKER").is_some()
        || ["linker", "fuse-ld", "link-self-contained"]
            .iter()
            .any(|f| flags.contains(f));
    if !(release && target) || own_linker || !links_with_lld() {
        return;
    }
    let Some(dir) = env::var_os("CARGO_MANIFEST_DIR") else {
        return;
    };
    let order = Path::new(&dir).join("link/hot-functions.txt");
    if order.exists() {
        // Names the binary no longer has (a stale list) are skipped, not errors.
        println!(
            "cargo:rustc-link-arg-bin=sendwell=-Wl,--symbol-ordering-file={},--no-warn-symbol-ordering",
            order.display()
        );
    }
    if libc_reads_packed_relocations() {
        // The binary's 10,000 relative relocations as a bitmap of a few KB instead of a 250 KB
        // table that the loader reads (and so maps) at every start.
        println!("cargo:rustc-link-arg-bin=sendwell=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether rustc links x86-64 Linux binaries with its own LLD by default: from Rust 1.90 on.
/// Older toolchains call the system's `ld`, which knows no symbol ordering file.
fn links_with_lld() -> bool {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let Ok(out) = std::process::Command::new(rustc).arg("--version").output() else {
        return false;
    };
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let version = String::from_utf8_lossy(&out.stdout);
    let mut numbers = version
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .split('.')
        .map(|n| n.parse::<u32>().unwrap_or(0));
    let (major, minor) = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    (major, minor) >= (1, 90)
}

/// Whether this machine's glibc (2.36 or later) understands packed relative relocations: a
/// binary that has them does not start with an older one.
fn libc_reads_packed_relocations() -> bool {
    [
        "/lib/x86_64-linux-gnu/libc.so.6",
        "/usr/lib64/libc.so.6",
        "/lib64/libc.so.6",
    ]
    .iter()
    .filter_map(|path| std::fs::read(path).ok())
    .any(|libc| libc.windows(17).any(|w| w == b"GLIBC_ABI_DT_RELR"))
}
