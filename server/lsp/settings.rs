//! Settings plumbing: the editor's settings and each draft's `sendwell.toml`, pulled and reloaded
//! off the edit path (never awaited inside didOpen/didChange), with config problems reported.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::ls_types::*;

use super::state::{Backend, State};
use super::workspace_config;
use crate::config_file::Loaded;
use crate::engine::config::Config;

impl Backend {
    /// The settings for a document: its `sendwell.toml` over the editor's. A config file read
    /// for the first time has its problems reported (spawned: this may run inside a request).
    pub(super) fn config_for(&self, uri: &Uri) -> Config {
        let (config, fresh) = self.config_and_fresh(uri);
        if let Some(loaded) = fresh {
            let me = self.clone();
            tokio::spawn(async move { me.report(loaded).await });
        }
        config
    }

    pub(super) fn config_and_fresh(&self, uri: &Uri) -> (Config, Option<Arc<Loaded>>) {
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
    pub(super) async fn report(&self, loaded: Arc<Loaded>) {
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
    pub(super) async fn reload(&self) {
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

    pub(super) async fn load_root_config(&self) {
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
    pub(super) fn sync_watchers(&self) {
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

    /// Pulls the `sendwell` settings from the client and re-checks open drafts. Spawned, never
    /// awaited from an edit handler.
    pub(super) fn refresh_configuration(&self) {
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

    /// The settings the cross-file rules use: the workspace folder's `sendwell.toml` over the
    /// editor's (one set for the whole index, as a sequence can span folders).
    pub(super) fn index_config(&self) -> Config {
        let root = self.state().workspace_root.clone();
        match root.and_then(|r| Uri::from_file_path(r.join(crate::config_file::FILE_NAME))) {
            Some(uri) => self.config_for(&uri),
            None => self.state().client_config.clone(),
        }
    }
}

/// Reads editor settings: `{ "plan": ..., "rules": {...}, ... }`, optionally under `sendwell`.
/// Unknown or malformed settings fall back to defaults rather than failing the session.
pub(super) fn parse_settings(value: Value) -> Option<Config> {
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
