//! Diagnostics: a document's own findings with its cross-file ones, published for the version
//! they were computed for, and never after a newer edit overtook them.

use std::collections::HashMap;
use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::convert::{self, Positions};
use super::cross_findings::{self as cross, FileTexts};
use super::state::{guard, Backend};
use super::workspace_config;
use crate::engine::config::Config;
use crate::engine::memo::Memo;
use crate::engine::size::{self, Size};
use crate::engine::{analyze, diagnose_with};
use crate::text::Encoding;

impl Backend {
    /// Lints the document's current text and publishes, unless a newer edit overtook the lint.
    pub(super) async fn publish(&self, uri: Uri) {
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
        let own = guard(|| own_diagnostics(&uri, &text, &config, enc, memo.as_deref()));
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
    pub(super) async fn send(
        &self,
        uri: Uri,
        text: Arc<str>,
        version: i32,
        own: Option<Vec<Diagnostic>>,
    ) {
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
    pub(super) async fn publish_unless_overtaken(&self, uri: Uri, version: i32) {
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

    pub(super) async fn publish_all(&self) {
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

    /// The cross-file findings of `path`, their generation, and the open buffers' texts (for
    /// related locations in other files).
    pub(super) fn cross_findings(
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
    pub(super) async fn publish_paths(&self, paths: Vec<std::path::PathBuf>, skip: Option<&Uri>) {
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
    pub(super) async fn publish_closed(&self, uri: Uri, path: std::path::PathBuf) {
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
}

/// A document's own diagnostics (its cross-file ones aside); `None` when it is not a draft.
pub(super) fn own_diagnostics(
    uri: &Uri,
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
            .map(|f| convert::into_diagnostic(f, &pos, uri))
            .collect(),
    )
}
