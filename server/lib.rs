//! Sendwell: a language server and checker for outreach message drafts.
//!
//! [`engine`] is the pure core (no LSP types, no I/O): drafts in, findings with byte ranges out.
//! [`lsp`] and [`cli`] are thin layers over it. See `ARCHITECTURE.md`.

pub mod cli;
pub mod config_file;
pub mod engine;
pub mod fs_read;
pub mod lsp;
pub mod panic_hook;
pub mod text;
pub mod workspace;
