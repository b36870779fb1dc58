//! Cross-file findings as the editor sees them: diagnostics with related locations in other
//! files (open buffers first, then the disk), the hover that lists them, and the workspace-folder
//! capability the index relies on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::{
    Diagnostic, OneOf, Range, ServerCapabilities, WorkspaceFolder,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

use super::convert::{self, Positions};
use crate::engine::finding::Finding;
use crate::text::{Encoding, LineCol, LineIndex};
use crate::workspace::load;

/// Says the server follows workspace folders as the editor adds and removes them.
pub fn advertise(capabilities: &mut ServerCapabilities) {
    let workspace = capabilities
        .workspace
        .get_or_insert_with(WorkspaceServerCapabilities::default);
    workspace.workspace_folders = Some(WorkspaceFoldersServerCapabilities {
        supported: Some(true),
        change_notifications: Some(OneOf::Left(true)),
    });
}

/// The folders on disk among `folders` (others cannot hold drafts we read).
pub fn folder_paths(folders: &[WorkspaceFolder]) -> Vec<PathBuf> {
    folders
        .iter()
        .filter_map(|f| Some(f.uri.to_file_path()?.into_owned()))
        .collect()
}

/// The texts of other files for related locations: open buffers first, then the disk, each
/// read at most once per publish.
pub struct FileTexts {
    enc: Encoding,
    open: HashMap<PathBuf, Arc<str>>,
    cache: HashMap<PathBuf, Option<(Arc<str>, LineIndex)>>,
}

impl FileTexts {
    pub fn new(enc: Encoding, open: HashMap<PathBuf, Arc<str>>) -> FileTexts {
        FileTexts {
            enc,
            open,
            cache: HashMap::new(),
        }
    }

    pub fn text(&mut self, path: &Path) -> Option<Arc<str>> {
        self.entry(path).map(|(t, _)| t.clone())
    }

    pub fn range(&mut self, path: &Path, r: &std::ops::Range<usize>) -> Option<Range> {
        let enc = self.enc;
        let (text, index) = self.entry(path)?;
        let at = |offset: usize| {
            let LineCol { line, col } = index.line_col(text, offset, enc);
            tower_lsp_server::ls_types::Position::new(line, col)
        };
        Some(Range::new(at(r.start), at(r.end)))
    }

    fn entry(&mut self, path: &Path) -> Option<&(Arc<str>, LineIndex)> {
        if !self.cache.contains_key(path) {
            let text = self
                .open
                .get(path)
                .cloned()
                .or_else(|| load::read_text(path).ok().map(Arc::from));
            let entry = text.map(|t| {
                let index = LineIndex::new(&t);
                (t, index)
            });
            self.cache.insert(path.to_path_buf(), entry);
        }
        self.cache.get(path)?.as_ref()
    }
}

/// Cross-file findings as diagnostics in `pos`'s text, with related locations resolved.
pub fn diagnostics(
    findings: &[Finding],
    pos: &Positions,
    texts: &mut FileTexts,
) -> Vec<Diagnostic> {
    findings
        .iter()
        .map(|f| convert::diagnostic_with(f, pos, &mut |p, r| texts.range(p, r)))
        .collect()
}

#[cfg(test)]
mod position_tests {
    use super::*;

    #[test]
    fn related_ranges_in_other_files_are_exact_in_utf16_and_utf8() {
        let path = PathBuf::from("/w/1.md");
        let text = "---\r\nchannel: dm\r\n---\r\nHi 👋 陈, same words here\r\n";
        let start = text.find("same").unwrap();
        let open = HashMap::from([(path.clone(), Arc::from(text))]);
        let r = FileTexts::new(Encoding::Utf16, open.clone())
            .range(&path, &(start..start + 10))
            .unwrap();
        // "Hi 👋 陈, " is 3 + 2 + 1 + 1 + 2 = 9 UTF-16 units on line 3.
        assert_eq!(
            (r.start.line, r.start.character, r.end.character),
            (3, 9, 19)
        );
        let r = FileTexts::new(Encoding::Utf8, open)
            .range(&path, &(start..start + 10))
            .unwrap();
        // …and 3 + 4 + 1 + 3 + 2 = 13 bytes.
        assert_eq!(
            (r.start.line, r.start.character, r.end.character),
            (3, 13, 23)
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_has_no_range() {
        let mut texts = FileTexts::new(Encoding::Utf16, HashMap::new());
        assert!(texts
            .range(Path::new("/no/such/file.md"), &(0..4))
            .is_none());
    }
}
