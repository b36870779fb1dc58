//! What the server holds: the open documents (text, version, paragraph memo), the settings
//! and the workspace index, behind one lock; and the ways handlers read it.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

use super::convert::Positions;
use super::document::Document;
use super::new_file;
use super::workspace::Workspace;
use super::workspace_config::WorkspaceConfig;
use crate::engine::config::Config;
use crate::engine::memo::Memo;
use crate::engine::size::{self, Size};
use crate::engine::{analyze, analyze_with, Analysis};
use crate::text::Encoding;

#[derive(Clone)]
pub struct Backend {
    pub(super) client: Client,
    pub(super) state: Arc<Mutex<State>>,
    pub(super) shutdown: Arc<AtomicBool>,
    /// Held while files named by watched-file events are read (off the event loop) and merged,
    /// so that two events for one file are merged in the order they arrived.
    pub(super) disk_reads: Arc<tokio::sync::Mutex<()>>,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) docs: HashMap<Uri, Open>,
    pub(super) encoding: Option<Encoding>,
    /// Settings from the editor (`initializationOptions`, then `workspace/configuration`).
    pub(super) client_config: Config,
    pub(super) can_pull_configuration: bool,
    /// The first workspace folder, where a new `sendwell.toml` goes.
    pub(super) workspace_root: Option<std::path::PathBuf>,
    /// `sendwell.toml` files and rule packs read from disk.
    pub(super) workspace: WorkspaceConfig,
    /// Every draft under the workspace folders, for the cross-file (sequence, volume) rules.
    pub(super) drafts: Workspace,
    /// Whether the client lets us register file watchers (for config and pack changes, drafts).
    pub(super) can_watch_files: bool,
    /// Whether the client applies `CreateFile` (a fix that makes a follow-up draft needs it).
    pub(super) can_create_files: bool,
    /// The client's command that shows `sendwell explain RULE` (its `initializationOptions`'
    /// `explainCommand`): hover cards' "More" links run it where the client runs `command:` links.
    pub(super) explain_command: Option<String>,
    /// Whether the client shows a document the server asks it to (`window/showDocument`): a
    /// follow-up a fix created is opened for the writer to see.
    pub(super) can_show_documents: bool,
}

pub(super) struct Open {
    pub(super) doc: Document,
    /// Whether diagnostics were last published for it as a draft, so a file that stops being a
    /// draft gets its diagnostics cleared once, and a file that never was gets nothing.
    pub(super) was_draft: bool,
    /// What the last lint read of each paragraph, so the next reads only what changed (and a
    /// change in its cross-file findings re-publishes at the cost of one lint of known text).
    pub(super) memo: Arc<Memo>,
}

impl Backend {
    pub fn new(client: Client, shutdown: Arc<AtomicBool>) -> Backend {
        Backend {
            client,
            state: Arc::new(Mutex::new(State::default())),
            shutdown,
            disk_reads: Arc::default(),
        }
    }

    pub(super) fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not wedge the server: the state is plain data, still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn encoding(&self) -> Encoding {
        self.state().encoding.unwrap_or(Encoding::Utf16)
    }

    /// The text and version of an open document.
    pub(super) fn snapshot(&self, uri: &Uri) -> Option<(Arc<str>, i32)> {
        let state = self.state();
        let open = state.docs.get(uri)?;
        Some((open.doc.text.clone(), open.doc.version))
    }

    /// The paragraph memo of an open document.
    pub(super) fn memo(&self, uri: &Uri) -> Option<Arc<Memo>> {
        Some(self.state().docs.get(uri)?.memo.clone())
    }

    /// What a fix that creates a file needs to know to place it.
    pub(super) fn new_files(&self) -> new_file::NewFiles {
        let state = self.state();
        new_file::NewFiles {
            client_can_create: state.can_create_files,
            client_can_show: state.can_show_documents,
            open: state.docs.keys().filter_map(new_file::local_path).collect(),
        }
    }

    /// Runs `f` on the analysis of an open draft.
    pub(super) fn with_analysis<T>(
        &self,
        uri: &Uri,
        f: impl FnOnce(&Analysis, &Positions, i32, &Config) -> T,
    ) -> Result<Option<T>> {
        let Some((text, version)) = self.snapshot(uri) else {
            return Ok(None);
        };
        let enc = self.encoding();
        let config = self.config_for(uri);
        let memo = self.memo(uri);
        guard(|| {
            crate::panic_hook::test_trigger(&text);
            if !matches!(size::check(&text, &config), Size::Fits) {
                return None;
            }
            let a = lint(&text, &config, memo.as_deref())?;
            let pos = Positions::new(&text, enc);
            Some(f(&a, &pos, version, &config))
        })
        .ok_or_else(Error::internal_error)
    }
}

/// Lints with the document's memo when it has one (an open document), else from scratch.
pub(super) fn lint<'t>(
    text: &'t str,
    config: &Config,
    memo: Option<&Memo>,
) -> Option<Analysis<'t>> {
    match memo {
        Some(memo) => analyze_with(text, config, memo),
        None => analyze(text, config),
    }
}

/// Runs engine code, turning a panic into `None` so one bad document cannot take the server down.
pub(super) fn guard<T>(f: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}
