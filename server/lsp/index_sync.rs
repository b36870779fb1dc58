//! The workspace index kept in step with the disk: the start-up scan of the workspace folders,
//! watched-file events, and the registration that asks the client for them. File reads run off
//! the event loop.

use tower_lsp_server::ls_types::*;

use super::state::Backend;

impl Backend {
    /// Reads the files that watched-file events name on a blocking thread (a FIFO or a large
    /// file must never hold up the event loop) and merges them into the index in arrival order.
    pub(super) async fn read_watched(
        &self,
        events: Vec<(std::path::PathBuf, FileChangeType)>,
    ) -> Vec<std::path::PathBuf> {
        self.state().drafts.note_watched(&events);
        let _order = self.disk_reads.lock().await;
        let disk = self.state().drafts.disk();
        let read = tokio::task::spawn_blocking(move || disk.changes_and_problems(&events)).await;
        let Ok((read, problems)) = read else {
            return Vec::new();
        };
        self.log_unreadable(&problems).await;
        self.state().drafts.apply_watched(read)
    }

    /// One log line per file that could not be read: its path and why, never its text.
    pub(super) async fn log_unreadable(&self, problems: &[(std::path::PathBuf, String)]) {
        for (path, why) in problems {
            self.client
                .log_message(
                    MessageType::INFO,
                    format!("sendwell: skipped {}: {why}", path.display()),
                )
                .await;
        }
    }

    /// Indexes the workspace folders off the handler thread, then publishes what it found.
    pub(super) fn scan_workspace(&self) {
        let roots = self.state().drafts.roots().to_vec();
        self.scan_folders(roots, true);
    }

    /// Indexes `roots` off the handler thread: all the workspace folders (`whole`), replacing
    /// what the index held, or folders just added, joining it.
    pub(super) fn scan_folders(&self, roots: Vec<std::path::PathBuf>, whole: bool) {
        let (exclude, k) = {
            let state = self.state();
            let ws = &state.drafts;
            (ws.exclude().clone(), ws.shingle_words())
        };
        if roots.is_empty() {
            return;
        }
        let me = self.clone();
        tokio::spawn(async move {
            let scan = tokio::task::spawn_blocking(move || {
                crate::workspace::load::scan(&roots, &exclude, k)
            });
            if let Ok((facts, unreadable)) = scan.await {
                me.log_unreadable(&unreadable).await;
                let config = me.index_config();
                let changed = {
                    let mut state = me.state();
                    state.drafts.configure(&config);
                    if whole {
                        state.drafts.scanned(facts)
                    } else {
                        state.drafts.scanned_more(facts)
                    }
                };
                me.publish_paths(changed, None).await;
            }
        });
    }

    /// Asks the client to report changes to drafts on disk. Spawned: never awaited in a handler.
    pub(super) fn watch_files(&self) {
        if !self.state().can_watch_files {
            return;
        }
        let client = self.client.clone();
        tokio::spawn(async move {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String(crate::workspace::walk::WATCH_GLOB.into()),
                    kind: None,
                }],
            };
            let _ = client
                .register_capability(vec![Registration {
                    id: "sendwell-watch-drafts".into(),
                    method: "workspace/didChangeWatchedFiles".into(),
                    register_options: serde_json::to_value(options).ok(),
                }])
                .await;
        });
    }
}

/// The first workspace folder, or the deprecated root URI older clients send.
#[allow(deprecated)]
pub(super) fn workspace_root(params: &InitializeParams) -> Option<std::path::PathBuf> {
    params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref())
        .and_then(|u| u.to_file_path())
        .map(|p| p.into_owned())
}

/// Every workspace folder, or the deprecated root URI older clients send.
#[allow(deprecated)]
pub(super) fn workspace_roots(params: &InitializeParams) -> Vec<std::path::PathBuf> {
    let folders: Vec<&Uri> = match &params.workspace_folders {
        Some(f) if !f.is_empty() => f.iter().map(|f| &f.uri).collect(),
        _ => params.root_uri.iter().collect(),
    };
    folders
        .into_iter()
        .filter_map(|u| Some(u.to_file_path()?.into_owned()))
        .collect()
}
