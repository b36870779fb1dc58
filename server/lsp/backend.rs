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

use std::sync::atomic::Ordering;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::LanguageServer;

use super::cross_findings as cross;
use super::document::Document;
use super::index_sync::{workspace_root, workspace_roots};
use super::settings::parse_settings;
use super::state::{guard, Backend, Open};
use super::{actions, completion, hover, inlay, new_file};
use crate::engine::card::More;
use crate::text::Encoding;

pub const COMMANDS: &[&str] = &[
    "sendwell.render",
    "sendwell.stats",
    "sendwell.showStats",
    "sendwell.plan",
    new_file::SHOW_DOCUMENT,
];

/// Not advertised: how many documents and files the server's per-file state holds, so tests can
/// check that closing documents frees it.
const DEBUG_COUNTS: &str = "sendwell.debug.counts";

/// Closing a document at least this large hands freed memory back to the OS (a trim costs a
/// walk of the heap, not worth it for a note).
const GIVE_BACK_FROM: usize = 1 << 20;

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
            state.explain_command = hover::explain_command(params.initialization_options.as_ref());
            state.can_show_documents = new_file::client_can_show(&params.capabilities);
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
        let explain = self.state().explain_command.clone();
        let more = explain.as_deref().map_or(More::Docs, More::Command);
        let hover = self.with_analysis(&uri, |a, pos, _, config| {
            hover::hover(a, pos, pos.offset(at), config, &cross_findings, more)
        })?;
        Ok(hover.flatten())
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let root = self.state().workspace_root.clone();
        let settings_file = || {
            // The same guard as a fix's new file: only a plain local file: URI has a folder whose
            // sendwell.toml an edit may touch (not untitled:, http:, or an escaped separator).
            let draft = new_file::local_path(&uri)?;
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
            inlay::inlay_hints(a, pos, params.range, config, &uri)
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
        if params.command == new_file::SHOW_DOCUMENT {
            // Only a local file (the follow-up a fix made), and only for a client that said it
            // shows documents: the server never opens anything else on a client's behalf.
            if !self.state().can_show_documents || new_file::local_path(&uri).is_none() {
                return Err(Error::invalid_params(
                    "not a local file this client can show",
                ));
            }
            // Asked in a task of its own: a client that waits for this command's answer before
            // it reads the next request from us must not hold up both.
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client
                    .show_document(ShowDocumentParams {
                        uri,
                        external: Some(false),
                        take_focus: Some(true),
                        selection: None,
                    })
                    .await;
            });
            return Ok(None);
        }
        match params.command.as_str() {
            "sendwell.render" => {
                let text = self.with_analysis(&uri, |a, _, _, _| a.rendered.text.clone())?;
                Ok(text.map(Value::String))
            }
            "sendwell.stats" => {
                let stats = self.with_analysis(&uri, |a, _, _, config| a.stats(config))?;
                Ok(stats.map(|s| serde_json::to_value(s).unwrap_or(Value::Null)))
            }
            "sendwell.showStats" => {
                // The counter's click: the figures its short label leaves out, where the user
                // sees them (a notification), and as data for clients that want it.
                let stats = self.with_analysis(&uri, |a, _, _, config| {
                    (inlay::stats_message(a, config), a.stats(config))
                })?;
                let Some((message, stats)) = stats else {
                    return Ok(None);
                };
                self.client.show_message(MessageType::INFO, message).await;
                Ok(Some(serde_json::to_value(stats).unwrap_or(Value::Null)))
            }
            other => Err(Error::invalid_params(format!("unknown command {other}"))),
        }
    }
}
