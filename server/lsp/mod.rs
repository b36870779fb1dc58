//! The language server: a thin layer that keeps open documents, runs the engine on every change
//! and turns findings into diagnostics, hovers and code actions. See `ARCHITECTURE.md`.

pub mod actions;
mod backend;
pub mod completion;
pub mod convert;
pub mod cross_findings;
pub mod document;
pub mod hover;
mod index_sync;
pub mod inlay;
mod malloc;
pub mod new_file;
mod publish;
mod settings;
mod state;
#[cfg(unix)]
mod stdio;
mod transport;
pub mod workspace;
mod workspace_config;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tower_lsp_server::LspService;

pub use state::Backend;

/// Serves LSP on stdin/stdout until `exit`. Returns the process exit code: 0 after a
/// `shutdown` request, 1 otherwise (as the LSP specifies).
pub fn run_stdio() -> i32 {
    malloc::use_one_arena();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let shutdown = Arc::new(AtomicBool::new(false));
        let flag = shutdown.clone();
        let (service, socket) = LspService::new(move |client| Backend::new(client, flag));
        #[cfg(unix)]
        let (input, output) = (stdio::input(), stdio::output());
        #[cfg(not(unix))]
        let (input, output) = (tokio::io::stdin(), tokio::io::stdout());
        transport::serve(input, output, service, socket).await;
        if shutdown.load(Ordering::SeqCst) {
            0
        } else {
            1
        }
    })
}
