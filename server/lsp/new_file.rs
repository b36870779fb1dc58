//! Where a fix's new file goes: the draft's own folder, under a name that no file on disk and
//! no open document has. The engine names the file (one sanitised segment, `FileName`); this
//! layer knows URIs, the disk and what the client can apply. When any of it is unsure, the fix
//! is not offered: a follow-up that cannot be created must not cost the draft its sentences.

use std::path::{Component, Path, PathBuf};

use tower_lsp_server::ls_types::{ClientCapabilities, ResourceOperationKind, Uri};

use crate::engine::file_name::FileName;

/// How many numbered names to try (`x-step-2.md`, `x-step-2-2.md`, …) before giving up.
const MAX_CHOICES: u32 = 100;

/// Whether the client applies `CreateFile` operations. They only travel in `documentChanges`,
/// so declaring `create` among `resourceOperations` says so; Neovim 0.11 declares that without
/// `documentChanges: true`, and applies them. A client that says `documentChanges: false` or
/// names no `create` (or no workspace edits at all) gets no new files.
pub fn client_can_create(caps: &ClientCapabilities) -> bool {
    let Some(edit) = caps
        .workspace
        .as_ref()
        .and_then(|w| w.workspace_edit.as_ref())
    else {
        return false;
    };
    let creates = edit
        .resource_operations
        .as_ref()
        .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create));
    creates && edit.document_changes != Some(false)
}

/// The command a code action that creates a file carries, for clients that show documents: run
/// after the edit, it has the server ask the client to show the new file (`window/showDocument`).
pub const SHOW_DOCUMENT: &str = "sendwell.showDocument";

/// Whether the client declares `window.showDocument.support`.
pub fn client_can_show(caps: &ClientCapabilities) -> bool {
    caps.window
        .as_ref()
        .and_then(|w| w.show_document.as_ref())
        .is_some_and(|s| s.support)
}

/// What is needed to place a new file: what the client can do and what is already open.
pub struct NewFiles {
    pub client_can_create: bool,
    /// Whether the client shows documents on request, so the new file can be opened after.
    pub client_can_show: bool,
    /// The paths of the documents open in the editor: an unsaved one is not on disk yet.
    pub open: Vec<PathBuf>,
}

/// A free place for a new file.
#[derive(Debug, PartialEq, Eq)]
pub struct Placement {
    pub uri: Uri,
    /// The name chosen, which may be a later choice than the one the fix's title shows.
    pub name: String,
}

impl NewFiles {
    /// The first of `name`'s choices, in the folder of `draft`, that is free on disk and among
    /// the open documents; `None` for a draft that is not a local file, or a client that
    /// cannot create files.
    pub fn place(&self, draft: &Uri, name: &FileName) -> Option<Placement> {
        if !self.client_can_create {
            return None;
        }
        let folder = draft_folder(draft)?;
        (1..=MAX_CHOICES).find_map(|n| {
            let chosen = name.nth(n);
            let path = folder.join(&chosen);
            if path.parent() != Some(folder.as_path()) || self.taken(&path) {
                return None;
            }
            let uri = Uri::from_file_path(&path)?;
            // The URI must name exactly this path when the client reads it back.
            (local_path(&uri)? == path).then_some(Placement { uri, name: chosen })
        })
    }

    fn taken(&self, path: &Path) -> bool {
        if self.open.iter().any(|p| p == path) {
            return true;
        }
        // Anything there counts, a dangling symlink too; so does a path we cannot look at.
        !matches!(std::fs::symlink_metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// The folder of a draft whose URI names a local file, exactly: see [`local_path`].
pub fn draft_folder(draft: &Uri) -> Option<PathBuf> {
    let path = local_path(draft)?;
    Some(path.parent()?.to_path_buf())
}

/// The path a `file:` URI names; `None` for any other scheme (`untitled:`, notebook cells,
/// `http:`…), a host other than `localhost`, a query or fragment, or a path that is not plainly
/// absolute. `Uri::to_file_path` checks none of this and decodes `%2F` into a separator, so an
/// escaped separator, backslash or NUL is refused before decoding, and so is invalid UTF-8 (it
/// would be decoded lossily into another name).
pub fn local_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file")
        || uri.query().is_some()
        || uri.fragment().is_some()
    {
        return None;
    }
    let host = uri.authority().map_or("", |a| a.host());
    if !(host.is_empty() || host.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    let encoded = uri.path().as_str().to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|e| encoded.contains(e)) {
        return None;
    }
    uri.path().decode().to_string().ok()?;
    let path = uri.to_file_path()?.into_owned();
    let plain = path.is_absolute()
        && path
            .components()
            .all(|c| !matches!(c, Component::CurDir | Component::ParentDir));
    plain.then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        s.parse().unwrap()
    }

    #[test]
    fn only_plain_local_file_uris_have_a_folder() {
        assert_eq!(
            draft_folder(&uri("file:///w/q3.md")),
            Some(PathBuf::from("/w"))
        );
        assert_eq!(
            draft_folder(&uri("file://localhost/w/a%20b/q3.md")),
            Some(PathBuf::from("/w/a b"))
        );
        for other in [
            "untitled:Untitled-1",
            "vscode-notebook-cell:/w/n.ipynb#W0sZmlsZQ%3D%3D",
            "http://example.com/w/q3.md",
            "https:///w/q3.md",
            "file://server/w/q3.md",
            "file:///w/a%2Fb.md",
            "file:///w%2F..%2F..%2Fetc/q3.md",
            "file:///w/a%5Cb.md",
            "file:///w/a%00.md",
            "file:///w/%FF.md",
            "file:///w/../etc/q3.md",
            "file:///w/q3.md?x=1",
            "file:q3.md",
        ] {
            assert_eq!(draft_folder(&uri(other)), None, "{other}");
        }
    }

    fn new_files(open: Vec<PathBuf>) -> NewFiles {
        NewFiles {
            client_can_create: true,
            client_can_show: false,
            open,
        }
    }

    #[test]
    fn a_taken_name_on_disk_or_open_gets_the_next_number() {
        let dir = std::env::temp_dir().join(format!("sendwell-newfile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let folder = dir.canonicalize().unwrap();
        std::fs::write(folder.join("q3-step-2.md"), "mine").unwrap();
        let draft = Uri::from_file_path(folder.join("q3.md")).unwrap();
        let name = FileName::new("q3", "", "-step-2", "md");
        let open = vec![folder.join("q3-step-2-2.md")];
        let placed = new_files(open).place(&draft, &name).unwrap();
        assert_eq!(placed.name, "q3-step-2-3.md");
        assert_eq!(
            placed.uri,
            Uri::from_file_path(folder.join("q3-step-2-3.md")).unwrap()
        );
        let none = NewFiles {
            client_can_create: false,
            client_can_show: true,
            open: vec![],
        };
        assert_eq!(none.place(&draft, &name), None);
        assert_eq!(
            new_files(vec![]).place(&uri("untitled:Untitled-1"), &name),
            None
        );
        assert_eq!(
            std::fs::read_to_string(folder.join("q3-step-2.md")).unwrap(),
            "mine"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn capabilities_must_name_create() {
        let caps = |v: serde_json::Value| -> ClientCapabilities {
            serde_json::from_value(serde_json::json!({ "workspace": { "workspaceEdit": v } }))
                .unwrap()
        };
        let yes =
            caps(serde_json::json!({ "documentChanges": true, "resourceOperations": ["create"] }));
        let nvim =
            caps(serde_json::json!({ "resourceOperations": ["rename", "create", "delete"] }));
        let no_create =
            caps(serde_json::json!({ "documentChanges": true, "resourceOperations": ["rename"] }));
        let refuses =
            caps(serde_json::json!({ "documentChanges": false, "resourceOperations": ["create"] }));
        assert!(client_can_create(&yes));
        assert!(client_can_create(&nvim));
        assert!(!client_can_create(&no_create));
        assert!(!client_can_create(&refuses));
        assert!(!client_can_create(&ClientCapabilities::default()));
    }
}
