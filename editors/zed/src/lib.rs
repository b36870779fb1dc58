//! Zed extension: starts `sendwell lsp` for Markdown and Plain Text buffers.
//!
//! The binary comes from `lsp.sendwell.binary.path` in Zed's settings, else `sendwell` on the
//! worktree's PATH. `lsp.sendwell.settings` is answered to `workspace/configuration` (section
//! `sendwell`) and also sent as `initializationOptions`.
use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

struct Sendwell;

impl Sendwell {
    fn settings(worktree: &zed::Worktree) -> Option<LspSettings> {
        LspSettings::for_worktree("sendwell", worktree).ok()
    }
}

impl zed::Extension for Sendwell {
    fn new() -> Self {
        Sendwell
    }

    fn language_server_command(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = Self::settings(worktree).and_then(|s| s.binary);
        let configured = binary.as_ref().and_then(|b| b.path.clone());
        let command = match configured.or_else(|| worktree.which("sendwell")) {
            Some(path) => path,
            None => {
                return Err("sendwell was not found on PATH. Install it with `cargo install --path .` \
                            in a checkout of the Sendwell repository, or set lsp.sendwell.binary.path."
                    .into())
            }
        };
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["lsp".into()]);
        let env = binary
            .and_then(|b| b.env)
            .map(|e| e.into_iter().collect())
            .unwrap_or_default();
        Ok(zed::Command { command, args, env })
    }

    fn language_server_initialization_options(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(Self::settings(worktree).and_then(|s| s.initialization_options.or(s.settings)))
    }

    fn language_server_workspace_configuration(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        let settings = Self::settings(worktree).and_then(|s| s.settings);
        Ok(Some(
            serde_json::json!({ "sendwell": settings.unwrap_or_else(|| serde_json::json!({})) }),
        ))
    }
}

zed::register_extension!(Sendwell);
