//! The `LanguageServer` implementation.
//!
//! Ordering: every change is applied to the document inside the handler before its first
//! `.await`, so edits land in the order they arrived even though tower-lsp runs handlers
//! concurrently. Diagnostics carry the version they were computed for, and a lint that finishes
//! after a newer edit arrived is dropped instead of published.
//!
//! Settings are pulled from the client (`workspace/configuration`) in spawned tasks, never awaited
//! inside didOpen/didChange: a handler that waits on the client can deadlock the bounded handler
//! pool when many files open at once.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::convert::{self, Positions};
use super::document::Document;
use super::workspace::{self as cross, FileTexts, Workspace};
use super::workspace_config::{self, WorkspaceConfig};
use super::{actions, completion, hover, inlay, new_file};
use crate::config_file::Loaded;
use crate::engine::config::Config;
use crate::engine::memo::Memo;
use crate::engine::size::{self, Size};
use crate::engine::{analyze, analyze_with, diagnose_with, Analysis};
use crate::text::Encoding;

pub const COMMANDS: &[&str] = &["sendwell.render", "sendwell.stats", "sendwell.plan"];

/// Not advertised: how many documents and files the server's per-file state holds, so tests can
/// check that closing documents frees it.
const DEBUG_COUNTS: &str = "sendwell.debug.counts";

/// Closing a document at least this large hands freed memory back to the OS (a trim costs a
/// walk of the heap, not worth it for a note).
const GIVE_BACK_FROM: usize = 1 << 20;

#[derive(Clone)]
pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    shutdown: Arc<AtomicBool>,
    /// Held while files named by watched-file events are read (off the event loop) and merged,
    /// so that two events for one file are merged in the order they arrived.
    disk_reads: Arc<tokio::sync::Mutex<()>>,
}

#[derive(Default)]
struct State {
    docs: HashMap<Uri, Open>,
    encoding: Option<Encoding>,
    /// Settings from the editor (`initializationOptions`, then `workspace/configuration`).
    client_config: Config,
    can_pull_configuration: bool,
    /// The first workspace folder, where a new `sendwell.toml` goes.
    workspace_root: Option<std::path::PathBuf>,
    /// `sendwell.toml` files and rule packs read from disk.
    workspace: WorkspaceConfig,
    /// Every draft under the workspace folders, for the cross-file (sequence, volume) rules.
    drafts: Workspace,
    /// Whether the client lets us register file watchers (for config and pack changes, drafts).
    can_watch_files: bool,
    /// Whether the client applies `CreateFile` (a fix that makes a follow-up draft needs it).
    can_create_files: bool,
}

struct Open {
    doc: Document,
    /// Whether diagnostics were last published for it as a draft, so a file that stops being a
    /// draft gets its diagnostics cleared once, and a file that never was gets nothing.
    was_draft: bool,
    /// What the last lint read of each paragraph, so the next reads only what changed (and a
    /// change in its cross-file findings re-publishes at the cost of one lint of known text).
    memo: Arc<Memo>,
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

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not wedge the server: the state is plain data, still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn encoding(&self) -> Encoding {
        self.state().encoding.unwrap_or(Encoding::Utf16)
    }

    /// The settings for a document: its `sendwell.toml` over the editor's. A config file read
    /// for the first time has its problems reported (spawned: this may run inside a request).
    fn config_for(&self, uri: &Uri) -> Config {
        let (config, fresh) = self.config_and_fresh(uri);
        if let Some(loaded) = fresh {
            let me = self.clone();
            tokio::spawn(async move { me.report(loaded).await });
        }
        config
    }

    fn config_and_fresh(&self, uri: &Uri) -> (Config, Option<Arc<Loaded>>) {
        let mut state = self.state();
        let State {
            workspace,
            workspace_root,
            client_config,
            ..
        } = &mut *state;
        workspace.config_for(uri, workspace_root.as_deref(), client_config)
    }

    /// Shows a config's problems: a log message each, and diagnostics on the files they are in.
    async fn report(&self, loaded: Arc<Loaded>) {
        let enc = self.encoding();
        for p in &loaded.problems {
            self.client
                .log_message(MessageType::WARNING, format!("sendwell: {p}"))
                .await;
        }
        let open: HashMap<Uri, Arc<str>> = {
            let state = self.state();
            state
                .docs
                .iter()
                .map(|(u, o)| (u.clone(), o.doc.text.clone()))
                .collect()
        };
        let text_of = |path: &std::path::Path| {
            let open_text = Uri::from_file_path(path).and_then(|u| open.get(&u).cloned());
            open_text
                .map(|t| t.to_string())
                .or_else(|| crate::fs_read::read_capped(path).ok())
        };
        let by_file = workspace_config::diagnostics_by_file(&loaded.problems, text_of, enc);
        for (path, diags) in by_file {
            self.state().workspace.mark_reported(path.clone());
            if let Some(uri) = Uri::from_file_path(&path) {
                self.client.publish_diagnostics(uri, diags, None).await;
            }
        }
        self.sync_watchers();
    }

    /// Reads the configs again (a watched file changed) and re-checks open drafts.
    async fn reload(&self) {
        let stale = self.state().workspace.reset();
        self.load_root_config().await;
        let uris: Vec<Uri> = self.state().docs.keys().cloned().collect();
        for uri in &uris {
            if let (_, Some(loaded)) = self.config_and_fresh(uri) {
                self.report(loaded).await;
            }
        }
        self.publish_all().await;
        for path in stale {
            if self.state().workspace.is_reported(&path) {
                continue;
            }
            if let Some(uri) = Uri::from_file_path(&path) {
                self.client.publish_diagnostics(uri, Vec::new(), None).await;
            }
        }
    }

    async fn load_root_config(&self) {
        let root = self.state().workspace_root.clone();
        let Some(uri) =
            root.and_then(|r| Uri::from_file_path(r.join(crate::config_file::FILE_NAME)))
        else {
            return;
        };
        if let (_, Some(loaded)) = self.config_and_fresh(&uri) {
            self.report(loaded).await;
        }
    }

    /// Registers watchers for every `sendwell.toml` and the pack folders in use, when that set
    /// changed. Spawned: registering is a request to the client.
    fn sync_watchers(&self) {
        let globs = {
            let mut state = self.state();
            if !state.can_watch_files {
                return;
            }
            let globs = state.workspace.watch_globs();
            if globs == state.workspace.watched {
                return;
            }
            let old = std::mem::replace(&mut state.workspace.watched, globs.clone());
            (old, globs)
        };
        let me = self.clone();
        tokio::spawn(async move {
            let (old, new) = globs;
            if !old.is_empty() {
                let _ = me
                    .client
                    .unregister_capability(vec![Unregistration {
                        id: workspace_config::WATCHER_ID.into(),
                        method: "workspace/didChangeWatchedFiles".into(),
                    }])
                    .await;
            }
            let _ = me
                .client
                .register_capability(vec![workspace_config::watcher_registration(&new)])
                .await;
        });
    }

    /// The text and version of an open document.
    fn snapshot(&self, uri: &Uri) -> Option<(Arc<str>, i32)> {
        let state = self.state();
        let open = state.docs.get(uri)?;
        Some((open.doc.text.clone(), open.doc.version))
    }

    /// The paragraph memo of an open document.
    fn memo(&self, uri: &Uri) -> Option<Arc<Memo>> {
        Some(self.state().docs.get(uri)?.memo.clone())
    }

    /// Lints the document's current text and publishes, unless a newer edit overtook the lint.
    async fn publish(&self, uri: Uri) {
        let Some((text, version)) = self.snapshot(&uri) else {
            return;
        };
        let enc = self.encoding();
        let config_problems = self.state().workspace.lint_open_file(&uri, &text);
        if let Some(problems) = config_problems {
            let diags = problems
                .iter()
                .map(|p| workspace_config::diagnostic(p, &text, enc))
                .collect();
            self.client
                .publish_diagnostics(uri, diags, Some(version))
                .await;
            return;
        }
        let config = self.config_for(&uri);
        let memo = self.memo(&uri);
        let own = guard(|| own_diagnostics(&text, &config, enc, memo.as_deref()));
        let Some(own) = own else {
            self.client
                .log_message(
                    MessageType::ERROR,
                    "sendwell: internal error while checking a draft (see stderr)",
                )
                .await;
            return;
        };
        self.send(uri, text, version, own).await;
    }

    /// Publishes a draft's own diagnostics with its cross-file ones (one publish per file
    /// carries both), unless a newer edit or a newer cross-file result overtook them.
    async fn send(&self, uri: Uri, text: Arc<str>, version: i32, own: Option<Vec<Diagnostic>>) {
        let enc = self.encoding();
        let path = uri.to_file_path().map(|p| p.into_owned());
        let (others, generation, open_texts) = self.cross_findings(path.as_deref());
        let is_draft = own.is_some();
        let diags = match own {
            Some(mut diags) if !others.is_empty() => {
                // Related places may be in files on disk: read off the event loop.
                let text = text.clone();
                let extra = tokio::task::spawn_blocking(move || {
                    guard(|| {
                        let pos = Positions::new(&text, enc);
                        cross::diagnostics(&others, &pos, &mut FileTexts::new(enc, open_texts))
                    })
                })
                .await;
                diags.extend(extra.ok().flatten().unwrap_or_default());
                diags
            }
            own => own.unwrap_or_default(),
        };
        {
            let mut state = self.state();
            let Some(open) = state.docs.get_mut(&uri) else {
                return;
            };
            if open.doc.version != version {
                return;
            }
            if !is_draft && !open.was_draft {
                return;
            }
            open.was_draft = is_draft;
            if path.is_some_and(|p| state.drafts.generation(&p) != generation) {
                return;
            }
        }
        self.client
            .publish_diagnostics(uri, diags, Some(version))
            .await;
    }

    /// Publishes for `version` unless the document changed or closed meanwhile, then brings the
    /// workspace index up to date with it. Yielding first lets notifications already in the
    /// pipe land, so a burst of edits (fast typing, a paste storm, open-then-close) lints only
    /// the newest text instead of every step on the way.
    ///
    /// The index is updated after the publish, not before: the keystroke's own diagnostics do
    /// not wait for the draft's facts to be re-read, and if its cross-file findings change, the
    /// files concerned (this one included) are published again.
    async fn publish_unless_overtaken(&self, uri: Uri, version: i32) {
        tokio::task::yield_now().await;
        if self.snapshot(&uri).is_none_or(|(_, v)| v != version) {
            return;
        }
        self.publish(uri.clone()).await;
        let changed = {
            let mut state = self.state();
            let text = match state.docs.get(&uri) {
                Some(open) if open.doc.version == version => open.doc.text.clone(),
                // Overtaken meanwhile: the newer edit's handler updates the index.
                _ => return,
            };
            match uri.to_file_path() {
                Some(path) => state.drafts.buffer(&path, &text),
                None => return,
            }
        };
        self.publish_paths(changed, None).await;
    }

    async fn publish_all(&self) {
        let config = self.index_config();
        let changed = self.state().drafts.configure(&config);
        if self.state().drafts.refresh_exclusions() {
            self.scan_workspace();
        }
        let uris: Vec<Uri> = self.state().docs.keys().cloned().collect();
        for uri in uris {
            self.publish(uri).await;
        }
        self.publish_paths(changed, None).await;
    }

    /// The settings the cross-file rules use: the workspace folder's `sendwell.toml` over the
    /// editor's (one set for the whole index, as a sequence can span folders).
    fn index_config(&self) -> Config {
        let root = self.state().workspace_root.clone();
        match root.and_then(|r| Uri::from_file_path(r.join(crate::config_file::FILE_NAME))) {
            Some(uri) => self.config_for(&uri),
            None => self.state().client_config.clone(),
        }
    }

    /// The cross-file findings of `path`, their generation, and the open buffers' texts (for
    /// related locations in other files).
    fn cross_findings(
        &self,
        path: Option<&std::path::Path>,
    ) -> (
        Vec<crate::engine::finding::Finding>,
        u64,
        HashMap<std::path::PathBuf, Arc<str>>,
    ) {
        let state = self.state();
        let Some(path) = path else {
            return (Vec::new(), 0, HashMap::new());
        };
        let open = state
            .docs
            .iter()
            .filter_map(|(u, o)| Some((u.to_file_path()?.into_owned(), o.doc.text.clone())))
            .collect();
        (
            state.drafts.findings(path),
            state.drafts.generation(path),
            open,
        )
    }

    /// Publishes the files whose cross-file findings changed, open or not (except `skip`, which
    /// its own handler publishes).
    async fn publish_paths(&self, paths: Vec<std::path::PathBuf>, skip: Option<&Uri>) {
        for path in paths {
            let Some(uri) = Uri::from_file_path(&path) else {
                continue;
            };
            if Some(&uri) == skip {
                continue;
            }
            if self.state().docs.contains_key(&uri) {
                self.publish(uri).await;
            } else {
                self.publish_closed(uri, path).await;
            }
        }
    }

    /// A file that is not open gets its cross-file findings only, positioned in its text on disk.
    async fn publish_closed(&self, uri: Uri, path: std::path::PathBuf) {
        let enc = self.encoding();
        let (findings, generation, open) = self.cross_findings(Some(&path));
        let read = path.clone();
        // The file and related ones are read from disk: off the event loop.
        let diags = tokio::task::spawn_blocking(move || {
            guard(|| {
                let mut texts = FileTexts::new(enc, open);
                let text = texts.text(&read).unwrap_or_else(|| Arc::from(""));
                let pos = Positions::new(&text, enc);
                cross::diagnostics(&findings, &pos, &mut texts)
            })
        })
        .await;
        let Ok(Some(diags)) = diags else { return };
        {
            let state = self.state();
            if state.docs.contains_key(&uri) || state.drafts.generation(&path) != generation {
                return;
            }
        }
        self.client.publish_diagnostics(uri, diags, None).await;
    }

    /// Reads the files that watched-file events name on a blocking thread (a FIFO or a large
    /// file must never hold up the event loop) and merges them into the index in arrival order.
    async fn read_watched(
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
    async fn log_unreadable(&self, problems: &[(std::path::PathBuf, String)]) {
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
    fn scan_workspace(&self) {
        let roots = self.state().drafts.roots().to_vec();
        self.scan_folders(roots, true);
    }

    /// Indexes `roots` off the handler thread: all the workspace folders (`whole`), replacing
    /// what the index held, or folders just added, joining it.
    fn scan_folders(&self, roots: Vec<std::path::PathBuf>, whole: bool) {
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
    fn watch_files(&self) {
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

    /// Pulls the `sendwell` settings from the client and re-checks open drafts. Spawned, never
    /// awaited from an edit handler.
    fn refresh_configuration(&self) {
        if !self.state().can_pull_configuration {
            return;
        }
        let me = self.clone();
        tokio::spawn(async move {
            let items = vec![ConfigurationItem {
                scope_uri: None,
                section: Some("sendwell".into()),
            }];
            if let Ok(values) = me.client.configuration(items).await {
                if let Some(config) = values.into_iter().next().and_then(parse_settings) {
                    me.state().client_config = config;
                    me.publish_all().await;
                }
            }
        });
    }

    /// What a fix that creates a file needs to know to place it.
    fn new_files(&self) -> new_file::NewFiles {
        let state = self.state();
        new_file::NewFiles {
            client_can_create: state.can_create_files,
            open: state.docs.keys().filter_map(new_file::local_path).collect(),
        }
    }

    /// Runs `f` on the analysis of an open draft.
    fn with_analysis<T>(
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

/// A document's own diagnostics (its cross-file ones aside); `None` when it is not a draft.
fn own_diagnostics(
    text: &str,
    config: &Config,
    enc: Encoding,
    memo: Option<&Memo>,
) -> Option<Vec<Diagnostic>> {
    match size::check(text, config) {
        Size::Fits => {}
        Size::TooLarge(f) => {
            return Some(vec![convert::diagnostic(&f, &Positions::new(text, enc))])
        }
        Size::TooLargeNotADraft => return None,
    }
    // Diagnostics carry no fixes: code actions re-lint for them (through the same memo).
    let a = match memo {
        Some(memo) => diagnose_with(text, config, memo),
        None => analyze(text, config),
    }?;
    let pos = Positions::new(text, enc);
    Some(
        a.findings
            .into_iter()
            .map(|f| convert::into_diagnostic(f, &pos))
            .collect(),
    )
}

/// Lints with the document's memo when it has one (an open document), else from scratch.
fn lint<'t>(text: &'t str, config: &Config, memo: Option<&Memo>) -> Option<Analysis<'t>> {
    match memo {
        Some(memo) => analyze_with(text, config, memo),
        None => analyze(text, config),
    }
}

/// Runs engine code, turning a panic into `None` so one bad document cannot take the server down.
fn guard<T>(f: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

/// Reads editor settings: `{ "plan": ..., "rules": {...}, ... }`, optionally under `sendwell`.
/// Unknown or malformed settings fall back to defaults rather than failing the session.
fn parse_settings(value: Value) -> Option<Config> {
    let value = match value {
        Value::Object(mut map) if map.contains_key("sendwell") => map.remove("sendwell")?,
        Value::Null => return None,
        other => other,
    };
    match serde_json::from_value::<Config>(value.clone()) {
        Ok(c) => Some(c),
        Err(_) => {
            // Keep what can be read: drop keys we do not know and try again.
            let Value::Object(map) = value else {
                return None;
            };
            let known: serde_json::Map<String, Value> = map
                .into_iter()
                .filter(|(k, _)| {
                    matches!(
                        k.as_str(),
                        "plan" | "rules" | "allow" | "channels" | "words" | "max_file_bytes"
                    )
                })
                .collect();
            serde_json::from_value(Value::Object(known)).ok()
        }
    }
}

/// The first workspace folder, or the deprecated root URI older clients send.
#[allow(deprecated)]
fn workspace_root(params: &InitializeParams) -> Option<std::path::PathBuf> {
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
fn workspace_roots(params: &InitializeParams) -> Vec<std::path::PathBuf> {
    let folders: Vec<&Uri> = match &params.workspace_folders {
        Some(f) if !f.is_empty() => f.iter().map(|f| &f.uri).collect(),
        _ => params.root_uri.iter().collect(),
    };
    folders
        .into_iter()
        .filter_map(|u| Some(u.to_file_path()?.into_owned()))
        .collect()
}

fn uri_argument(args: &[Value]) -> Option<Uri> {
    let first = args.first()?;
    let s = first
        .as_str()
        .or_else(|| first.get("uri").and_then(Value::as_str))?;
    s.parse().ok()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.clone())
            .unwrap_or_default();
        let (encoding, kind) = if offered.contains(&PositionEncodingKind::UTF8) {
            (Encoding::Utf8, PositionEncodingKind::UTF8)
        } else {
            (Encoding::Utf16, PositionEncodingKind::UTF16)
        };
        {
            let mut state = self.state();
            state.encoding = Some(encoding);
            state.can_pull_configuration = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.configuration)
                .unwrap_or(false);
            state.workspace_root = workspace_root(&params);
            state.drafts.set_roots(workspace_roots(&params));
            state.can_watch_files = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
            state.can_create_files = new_file::client_can_create(&params.capabilities);
            if let Some(config) = params.initialization_options.and_then(parse_settings) {
                state.client_config = config;
            }
        }
        let mut capabilities = ServerCapabilities {
            position_encoding: Some(kind),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(actions::FIX_ALL),
                ]),
                ..Default::default()
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: COMMANDS.iter().map(|c| c.to_string()).collect(),
                ..Default::default()
            }),
            ..Default::default()
        };
        inlay::advertise(&mut capabilities, &params.capabilities);
        cross::advertise(&mut capabilities);
        capabilities.completion_provider = Some(completion::options());
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "sendwell".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.refresh_configuration();
        self.load_root_config().await;
        self.sync_watchers();
        self.watch_files();
        self.scan_workspace();
        // Compile the rules now that the handshake is answered, not on the first keystroke. On
        // this thread rather than a spare one: a second thread that searches keeps its own regex
        // caches and malloc arena for the life of the server (≈ 1 MiB), for a few milliseconds
        // of overlap with the handshake.
        guard(crate::engine::warm_up);
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.state().docs.insert(
            doc.uri.clone(),
            Open {
                doc: Document::new(&doc.text, doc.version),
                was_draft: false,
                memo: Arc::default(),
            },
        );
        self.publish_unless_overtaken(doc.uri, doc.version).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let enc = self.encoding();
        {
            let mut state = self.state();
            let Some(open) = state.docs.get_mut(&uri) else {
                return;
            };
            open.doc
                .apply(&params.content_changes, params.text_document.version, enc);
        }
        self.publish_unless_overtaken(uri, params.text_document.version)
            .await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let (closed, disk) = {
            let mut state = self.state();
            let closed = state.docs.remove(&uri);
            (closed, state.drafts.disk())
        };
        let was_draft = closed.as_ref().is_some_and(|o| o.was_draft);
        let large = closed
            .as_ref()
            .is_some_and(|o| o.doc.text.len() >= GIVE_BACK_FROM);
        drop(closed);
        if large {
            super::malloc::give_back();
        }
        let changed = match uri.to_file_path() {
            Some(path) => {
                let path = path.into_owned();
                let _order = self.disk_reads.lock().await;
                let read = path.clone();
                let facts = tokio::task::spawn_blocking(move || disk.file(&read))
                    .await
                    .ok()
                    .flatten();
                let mut state = self.state();
                // Opened again meanwhile: its buffer, not the disk, is the truth.
                if state.docs.contains_key(&uri) {
                    Vec::new()
                } else {
                    state.drafts.closed_with(&path, facts)
                }
            }
            None => Vec::new(),
        };
        // Closed, it keeps only its cross-file findings (as of the file on disk).
        match uri.to_file_path() {
            Some(path) if was_draft || !self.state().drafts.findings(&path).is_empty() => {
                self.publish_closed(uri.clone(), path.into_owned()).await
            }
            _ => {}
        }
        self.publish_paths(changed, Some(&uri)).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let events: Vec<(std::path::PathBuf, FileChangeType)> = params
            .changes
            .iter()
            .filter_map(|e| Some((e.uri.to_file_path()?.into_owned(), e.typ)))
            .collect();
        let changed = self.read_watched(events.clone()).await;
        // Config files and rule packs are TOML; drafts never are.
        let settings_changed = events
            .iter()
            .any(|(p, _)| p.extension().is_some_and(|x| x == "toml"));
        if settings_changed {
            self.reload().await;
        }
        self.publish_paths(changed, None).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let added = cross::folder_paths(&params.event.added);
        let removed = cross::folder_paths(&params.event.removed);
        let (to_scan, changed) = self.state().drafts.change_roots(added, &removed);
        // The removed folders' drafts lose their cross-file diagnostics now; the added ones
        // get theirs when their scan is in.
        self.publish_paths(changed, None).await;
        self.scan_folders(to_scan, false);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients that push settings send them here; clients that expect a pull send null.
        if let Some(config) = parse_settings(params.settings) {
            self.state().client_config = config;
            self.publish_all().await;
        }
        self.refresh_configuration();
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let at = params.text_document_position_params.position;
        let path = uri.to_file_path().map(|p| p.into_owned());
        let (cross_findings, _, _) = self.cross_findings(path.as_deref());
        let hover = self.with_analysis(&uri, |a, pos, _, config| {
            let offset = pos.offset(at);
            cross::with_hover(
                hover::hover(a, pos, offset, config),
                &cross_findings,
                pos,
                offset,
                config,
            )
        })?;
        Ok(hover.flatten())
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let root = self.state().workspace_root.clone();
        let settings_file = || {
            let draft = uri.to_file_path()?;
            let path = actions::settings_path(&draft, root.as_deref());
            let settings_uri = Uri::from_file_path(&path)?;
            let open = self.snapshot(&settings_uri).map(|(t, _)| t.to_string());
            actions::SettingsFile::at(&path, settings_uri, open, root.as_deref())
        };
        let new_files = self.new_files();
        let actions = self.with_analysis(&uri, |a, pos, version, config| {
            let draft = actions::OpenDraft {
                uri: &uri,
                version,
                new_files: &new_files,
            };
            actions::code_actions(a, pos, &draft, &params, config, settings_file)
        })?;
        Ok(actions.filter(|a| !a.is_empty()))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri;
        let at = params.text_document_position.position;
        let items = self.with_analysis(&uri, |a, pos, _, _| {
            completion::complete(a, pos, pos.offset(at))
        })?;
        Ok(items
            .filter(|i| !i.is_empty())
            .map(CompletionResponse::Array))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = params.text_document.uri;
        self.with_analysis(&uri, |a, pos, _, config| {
            inlay::inlay_hints(a, pos, params.range, config)
        })
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        self.with_analysis(&uri, |a, pos, _, config| {
            inlay::code_lenses(a, pos, &uri, config)
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        if params.command == DEBUG_COUNTS {
            let state = self.state();
            let (open, generations, indexed) = state.drafts.counts();
            return Ok(Some(serde_json::json!({
                "documents": state.docs.len(),
                "open": open,
                "generations": generations,
                "indexed": indexed,
            })));
        }
        if params.command == "sendwell.plan" {
            // The whole workspace's schedule, or the part under a folder or file given.
            let under =
                uri_argument(&params.arguments).and_then(|u| Some(u.to_file_path()?.into_owned()));
            let plan = guard(|| {
                let state = self.state();
                crate::engine::sequence::plan::plan_under(state.drafts.index(), under.as_deref())
            })
            .ok_or_else(Error::internal_error)?;
            return Ok(Some(serde_json::to_value(plan).unwrap_or(Value::Null)));
        }
        let Some(uri) = uri_argument(&params.arguments) else {
            return Err(Error::invalid_params(
                "expected a document URI as the first argument",
            ));
        };
        match params.command.as_str() {
            "sendwell.render" => {
                let text = self.with_analysis(&uri, |a, _, _, _| a.rendered.text.clone())?;
                Ok(text.map(Value::String))
            }
            "sendwell.stats" => {
                let stats = self.with_analysis(&uri, |a, _, _, config| a.stats(config))?;
                Ok(stats.map(|s| serde_json::to_value(s).unwrap_or(Value::Null)))
            }
            other => Err(Error::invalid_params(format!("unknown command {other}"))),
        }
    }
}
