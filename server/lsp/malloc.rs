//! Process-wide allocator settings for the long-running server.
//!
//! glibc gives each thread that allocates its own arena (up to eight per core), and an arena
//! keeps the pages it has touched. The server does its work on one thread; the others (the
//! start-up workspace scan, tokio's stdin/stdout threads when the editor connects through neither
//! a pipe nor a socket) allocate little but each pinned a few hundred KiB to a few MiB of peak
//! memory. One arena for all of them measured ≈ 2.8 MiB less peak memory with one note open
//! (BENCHMARKS.md, 2026-11-26 afternoon).

/// Limits malloc to one arena. Call before any thread is spawned.
pub fn use_one_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // From glibc's <malloc.h>.
        const M_ARENA_MAX: i32 = -8;
        extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        // SAFETY: mallopt only sets an allocator parameter; glibc allows calling it at any time,
        // and no other thread exists yet to race with.
        unsafe {
            mallopt(M_ARENA_MAX, 1);
        }
    }
}

/// Hands memory freed by a large document back to the OS. glibc keeps freed heap pages for
/// reuse; after a 300 MB document closed, 543 MiB stayed resident without this.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: malloc_trim only returns free pages to the kernel; it is thread-safe.
        unsafe {
            malloc_trim(0);
        }
    }
}
