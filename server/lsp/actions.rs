//! `textDocument/codeAction`: each finding's fixes as quick fixes attached to its diagnostic,
//! "Allow 'word' in this workspace" for phrase rules, and `source.fixAll.sendwell`. Every action
//! carries a `WorkspaceEdit` computed here, so all clients behave the same; the only command is
//! the one that shows a follow-up a fix created, run after its edit (see `convert::code_action`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CreateFile,
    CreateFileOptions, Diagnostic, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, ResourceOp, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};

use super::convert::{self, Positions};
use super::new_file::NewFiles;
use crate::engine::config::Config;
use crate::engine::finding::{Finding, FixKind};
use crate::engine::{config_edit, fix_all, Analysis};

pub const FIX_ALL: &str = "source.fixAll.sendwell";

/// The workspace settings file an "Allow" action edits: where it is and, when it exists, its text.
pub struct SettingsFile {
    pub uri: Uri,
    pub text: Option<String>,
    /// How the action's title names the file: "this workspace", or its path when it is outside
    /// the workspace (or there is none), since an edit there reaches beyond what the user opened.
    pub place: String,
}

impl SettingsFile {
    /// The settings file at `path`: the editor's buffer when it is open, else the file on disk.
    /// `None` when it exists but cannot be edited as text (not a regular file, over the settings
    /// cap, not UTF-8): an edit made blind to its text could break it.
    pub fn at(
        path: &Path,
        uri: Uri,
        open: Option<String>,
        workspace_root: Option<&Path>,
    ) -> Option<SettingsFile> {
        let text = match open {
            Some(text) => Some(text),
            None => match std::fs::metadata(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Ok(m) if m.is_file() => Some(crate::config_file::read_capped(path).ok()?),
                _ => return None,
            },
        };
        let place = match workspace_root {
            Some(root) if path.starts_with(root) => "this workspace".to_string(),
            Some(_) => format!("{} (outside this workspace)", path.display()),
            None => path.display().to_string(),
        };
        Some(SettingsFile { uri, text, place })
    }
}

/// The open draft the actions are for: its URI and version, and where a new file could go.
pub struct OpenDraft<'a> {
    pub uri: &'a Uri,
    pub version: i32,
    pub new_files: &'a NewFiles,
}

/// All actions for `params.range`. Findings the client listed in `context.diagnostics` come
/// first, then the others under the range; in each group the most specific (shortest) first, so
/// a paragraph-wide hint never heads a word's menu, and else in the client's order. Each
/// finding's actions run from its best rewrite through other rewrites and alternatives to
/// suppressions; at most one is preferred, and
/// only a rewrite that is safe to apply unseen (clients apply it without showing it). No two
/// actions share a title.
pub fn code_actions(
    a: &Analysis,
    pos: &Positions,
    draft: &OpenDraft,
    params: &CodeActionParams,
    config: &Config,
    settings_file: impl Fn() -> Option<SettingsFile>,
) -> Vec<CodeActionOrCommand> {
    let OpenDraft {
        uri,
        version,
        new_files,
    } = *draft;
    let only = params.context.only.as_deref();
    let mut out = Vec::new();
    if wants(only, CodeActionKind::QUICKFIX.as_str()) {
        let start = pos.offset(params.range.start);
        let end = pos.offset(params.range.end);
        let listed = &params.context.diagnostics;
        let mut hits: Vec<(Option<usize>, &Finding, Diagnostic)> = a
            .findings
            .iter()
            .filter_map(|f| {
                let diag = convert::diagnostic(f, pos);
                let at = listed.iter().position(|d| same_diagnostic(d, &diag));
                let overlaps = f.range.start <= end && start <= f.range.end;
                (at.is_some() || overlaps).then_some((at, f, diag))
            })
            .collect();
        // Listed first; within each group the shortest span first, so that a paragraph-wide
        // finding never heads a word's menu, even when the client lists it first.
        hits.sort_by_key(|(at, f, _)| (at.is_none(), f.range.len(), *at, f.range.start));
        let mut settings = None;
        let mut titles = HashSet::new();
        for (_, f, diag) in hits {
            let mut ranked: Vec<(FixKind, bool, CodeAction)> = f
                .fixes
                .iter()
                .filter_map(|fix| {
                    let action = convert::code_action(fix, &diag, uri, pos, version, new_files)?;
                    Some((fix.kind, fix.safe, action))
                })
                .collect();
            if let Some(word) = config_edit::allowable_word(a.text(), f, config) {
                let file = settings.get_or_insert_with(&settings_file);
                if let Some(mut allow) = file.as_ref().and_then(|f| allow_action(f, word, pos.enc))
                {
                    allow.diagnostics = Some(vec![diag.clone()]);
                    // A word allowed everywhere before the whole rule off in this draft.
                    let at = ranked
                        .iter()
                        .position(|(kind, _, _)| *kind == FixKind::Suppression)
                        .unwrap_or(ranked.len());
                    ranked.insert(at, (FixKind::Suppression, false, allow));
                }
            }
            for action in in_menu_order(ranked) {
                if titles.insert(action.title.clone()) {
                    out.push(CodeActionOrCommand::CodeAction(action));
                }
            }
        }
    }
    if wants(only, FIX_ALL) {
        out.extend(fix_all_action(a, pos, uri, config).map(CodeActionOrCommand::CodeAction));
    }
    out
}

/// The diagnostic a client sent back is one of ours when its range, code and message match (the
/// client may drop or reorder the other fields).
fn same_diagnostic(sent: &Diagnostic, ours: &Diagnostic) -> bool {
    sent.range == ours.range && sent.code == ours.code && sent.message == ours.message
}

/// One finding's actions, best first: the rule's preferred rewrite, the other rewrites,
/// alternatives, then suppressions (a stable sort keeps the rule's order within each kind). The
/// first rewrite that is safe to apply unseen is the only one preferred; a suppression or an
/// alternative never is.
fn in_menu_order(mut ranked: Vec<(FixKind, bool, CodeAction)>) -> Vec<CodeAction> {
    ranked.sort_by_key(|(kind, _, action)| (*kind, action.is_preferred != Some(true)));
    let best = ranked
        .iter()
        .position(|(kind, safe, _)| *kind == FixKind::Rewrite && *safe);
    ranked
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, mut action))| {
            action.is_preferred = (Some(i) == best).then_some(true);
            action
        })
        .collect()
}

/// Whether the client asked for actions of `kind` (no filter means every kind). `source` asks
/// for `source.fixAll.sendwell`, as `source.fixAll` does.
fn wants(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|kinds| {
        kinds.iter().any(|k| {
            let k = k.as_str();
            kind == k
                || kind
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

/// `None` when the settings file's text is not TOML the edit can keep intact.
fn allow_action(file: &SettingsFile, word: &str, enc: crate::text::Encoding) -> Option<CodeAction> {
    let existing = file.text.as_deref().unwrap_or("");
    let edit = config_edit::allow_word(existing, word)?;
    let pos = Positions::new(existing, enc);
    let text_edit = TextEdit {
        range: pos.range(&edit.range),
        new_text: edit.text,
    };
    let mut ops = Vec::new();
    if file.text.is_none() {
        ops.push(DocumentChangeOperation::Op(ResourceOp::Create(
            CreateFile {
                uri: file.uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(true),
                }),
                annotation_id: None,
            },
        )));
    }
    ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier {
            uri: file.uri.clone(),
            version: None,
        },
        edits: vec![OneOf::Left(text_edit)],
    }));
    Some(CodeAction {
        title: format!("Allow '{word}' in {}", file.place),
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(ops)),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// `source.fixAll.sendwell`: every safe fix at once, as one edit, run until none is left (a
/// second run changes nothing).
fn fix_all_action(a: &Analysis, pos: &Positions, uri: &Uri, config: &Config) -> Option<CodeAction> {
    let edits = fix_all::fix_all_from(a.text(), &a.findings, config);
    if edits.is_empty() {
        return None;
    }
    let fixed: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.fixes.iter().any(|x| x.safe))
        .map(|f| convert::diagnostic(f, pos))
        .collect();
    let edits = edits
        .into_iter()
        .map(|e| TextEdit {
            range: pos.range(&e.range),
            new_text: e.text,
        })
        .collect();
    Some(CodeAction {
        title: "Fix all safe Sendwell findings".into(),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        diagnostics: Some(fixed),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// Where "Allow" writes: the `sendwell.toml` that governs the draft (the nearest above it, as
/// the settings are read), else a new one at the workspace root, or beside the draft when the
/// draft is outside any workspace.
pub fn settings_path(draft: &Path, workspace_root: Option<&Path>) -> PathBuf {
    let folder = draft.parent().unwrap_or(Path::new("/"));
    if let Some(found) = crate::config_file::find(folder) {
        return found;
    }
    workspace_root
        .filter(|r| folder.starts_with(r))
        .unwrap_or(folder)
        .join(crate::config_file::FILE_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analyze;

    /// The menu rules on every finding of the fix battery's drafts, through the ordering the
    /// server sends: rewrites first, suppressions last, at most one preferred and only a rewrite
    /// safe to apply unseen, no two actions with one title.
    #[test]
    fn every_menu_in_the_battery_keeps_the_order_rules() {
        let config = Config::default();
        let (mut menus, mut preferred, mut preferred_suppressions) = (0, 0, 0);
        let mut failures = Vec::new();
        for (name, text) in crate::engine::fix_battery::drafts() {
            let Some(a) = analyze(&text, &config) else {
                continue;
            };
            for f in &a.findings {
                let mut kinds: HashMap<String, (FixKind, bool)> = HashMap::new();
                let mut ranked: Vec<(FixKind, bool, CodeAction)> = Vec::new();
                for fix in &f.fixes {
                    if kinds
                        .insert(fix.title.clone(), (fix.kind, fix.safe))
                        .is_some()
                    {
                        failures.push(format!(
                            "{name}: {}: two fixes titled “{}”",
                            f.rule, fix.title
                        ));
                    }
                    let action = CodeAction {
                        title: fix.title.clone(),
                        is_preferred: fix.preferred.then_some(true),
                        ..Default::default()
                    };
                    ranked.push((fix.kind, fix.safe, action));
                }
                if let Some(word) = config_edit::allowable_word(a.text(), f, &config) {
                    let title = format!("Allow '{word}' in this workspace");
                    kinds.insert(title.clone(), (FixKind::Suppression, false));
                    let action = CodeAction {
                        title,
                        ..Default::default()
                    };
                    ranked.push((FixKind::Suppression, false, action));
                }
                if ranked.is_empty() {
                    continue;
                }
                menus += 1;
                let menu = in_menu_order(ranked);
                let order: Vec<(FixKind, bool)> = menu.iter().map(|a| kinds[&a.title]).collect();
                if order.windows(2).any(|w| w[0].0 > w[1].0) {
                    failures.push(format!("{name}: {}: out of order {order:?}", f.rule));
                }
                let chosen: Vec<(FixKind, bool)> = menu
                    .iter()
                    .filter(|a| a.is_preferred == Some(true))
                    .map(|a| kinds[&a.title])
                    .collect();
                preferred += chosen.len();
                if chosen.len() > 1 {
                    failures.push(format!("{name}: {}: {} preferred", f.rule, chosen.len()));
                }
                for (kind, safe) in chosen {
                    if kind == FixKind::Suppression {
                        preferred_suppressions += 1;
                    }
                    if kind != FixKind::Rewrite || !safe {
                        failures.push(format!(
                            "{name}: {}: a preferred {kind:?} (safe: {safe})",
                            f.rule
                        ));
                    }
                }
                if menu
                    .first()
                    .is_some_and(|a| kinds[&a.title].0 != FixKind::Rewrite)
                    && order.iter().any(|(k, _)| *k == FixKind::Rewrite)
                {
                    failures.push(format!(
                        "{name}: {}: a rewrite exists but is not first",
                        f.rule
                    ));
                }
            }
        }
        println!(
            "menu order: {menus} menus, {preferred} preferred, {preferred_suppressions} preferred suppressions, {} failures",
            failures.len()
        );
        assert!(menus > 200, "only {menus} menus");
        assert_eq!(preferred_suppressions, 0);
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn the_order_check_can_fail() {
        // The rules the battery checks, on a menu the old code sent: a preferred suppression
        // first. Ordering puts the rewrite first and prefers only the safe rewrite.
        let action = |title: &str, preferred: bool| CodeAction {
            title: title.into(),
            is_preferred: preferred.then_some(true),
            ..Default::default()
        };
        let menu = in_menu_order(vec![
            (
                FixKind::Suppression,
                false,
                action("Disable x in this draft", true),
            ),
            (FixKind::Rewrite, false, action("Remove “FREE”", true)),
            (FixKind::Rewrite, true, action("Change to “free”", false)),
        ]);
        let got: Vec<(&str, bool)> = menu
            .iter()
            .map(|a| (a.title.as_str(), a.is_preferred == Some(true)))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Remove “FREE”", false),
                ("Change to “free”", true),
                ("Disable x in this draft", false)
            ]
        );
    }
}
