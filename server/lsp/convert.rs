//! Engine values to LSP values: byte ranges to positions in the negotiated encoding, findings to
//! diagnostics, fixes to code actions.

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range as ByteRange;
use std::path::Path;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, Command, CreateFile, CreateFileOptions, Diagnostic,
    DiagnosticRelatedInformation, DiagnosticSeverity, DocumentChangeOperation, DocumentChanges,
    Location, NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, Position, Range,
    ResourceOp, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::new_file::{NewFiles, SHOW_DOCUMENT};
use crate::engine::finding::{Finding, Fix, Severity};
use crate::text::{floor_char_boundary, width, Encoding, LineCol, LineIndex};

/// Converts between byte offsets and LSP positions for one text.
pub struct Positions<'t> {
    pub text: &'t str,
    pub index: LineIndex,
    pub enc: Encoding,
    /// The last offset converted and its position. Findings come in document order, so the
    /// next column is counted from here: without it, 10,000 findings on one long line cost
    /// 10,000 scans of that line.
    last: Cell<Option<(usize, LineCol)>>,
}

impl<'t> Positions<'t> {
    pub fn new(text: &'t str, enc: Encoding) -> Self {
        Positions {
            text,
            index: LineIndex::new(text),
            enc,
            last: Cell::new(None),
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset);
        // The line by binary search, and the column counted from the line's start or, on the
        // line of the last offset converted, from there.
        let line = self.index.line_of(offset);
        let (from, col) = match self.last.get() {
            Some((from, at)) if from <= offset && at.line as usize == line => (from, at.col),
            _ => (self.index.line_start(line), 0),
        };
        let lc = LineCol {
            line: line as u32,
            col: col + width(&self.text[from..offset], self.enc) as u32,
        };
        self.last.set(Some((offset, lc)));
        Position::new(lc.line, lc.col)
    }

    pub fn range(&self, r: &ByteRange<usize>) -> Range {
        Range::new(self.position(r.start), self.position(r.end))
    }

    pub fn offset(&self, p: Position) -> usize {
        self.index.offset(
            self.text,
            LineCol {
                line: p.line,
                col: p.character,
            },
            self.enc,
        )
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn diagnostic(f: &Finding, pos: &Positions) -> Diagnostic {
    diagnostic_with(f, pos, &mut |_, _| None)
}

/// [`diagnostic`], taking the finding's strings rather than copying them: a keystroke on a
/// long draft converts thousands. Related places in this draft (an empty path: another rule on
/// the same text) are located in `this`, the draft's own URI.
pub fn into_diagnostic(f: Finding, pos: &Positions, this: &Uri) -> Diagnostic {
    if !f.related.is_empty() {
        let mut d = diagnostic(&f, pos);
        let own: Vec<DiagnosticRelatedInformation> = f
            .related
            .iter()
            .filter(|r| r.path.as_os_str().is_empty())
            .map(|r| DiagnosticRelatedInformation {
                location: Location {
                    uri: this.clone(),
                    range: pos.range(&r.range),
                },
                message: r.message.clone(),
            })
            .collect();
        if !own.is_empty() {
            d.related_information
                .get_or_insert_with(Vec::new)
                .extend(own);
        }
        return d;
    }
    Diagnostic {
        range: pos.range(&f.range),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule)),
        source: Some("sendwell".into()),
        message: f.message,
        ..Default::default()
    }
}

/// A diagnostic whose related locations in other files get their exact ranges from `resolve`
/// (byte range in that file → LSP range), which knows those files' texts. A location it cannot
/// resolve still names its file, at the start.
pub fn diagnostic_with(
    f: &Finding,
    pos: &Positions,
    resolve: &mut dyn FnMut(&Path, &ByteRange<usize>) -> Option<Range>,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|r| {
            let uri = Uri::from_file_path(&r.path)?;
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri,
                    range: resolve(&r.path, &r.range).unwrap_or_default(),
                },
                message: r.message.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: pos.range(&f.range),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.clone())),
        source: Some("sendwell".into()),
        message: f.message.clone(),
        related_information: if related.is_empty() {
            None
        } else {
            Some(related)
        },
        ..Default::default()
    }
}

/// A fix as a code action attached to its diagnostic. Plain edits go through `changes`, which
/// every client supports. A fix that creates a file goes through `documentChanges` in the order
/// that loses nothing when the client stops part-way: the `CreateFile` (which fails on an
/// existing file rather than replace it), the new file's text, and only then the cut from this
/// draft. `None` when the new file has no safe place (see [`NewFiles::place`]). Where the client
/// shows documents, such an action also carries `sendwell.showDocument`, which the client runs
/// after the edit, so the writer sees the follow-up it made.
pub fn code_action(
    fix: &Fix,
    diag: &Diagnostic,
    uri: &Uri,
    pos: &Positions,
    version: i32,
    new_files: &NewFiles,
) -> Option<CodeAction> {
    let edits: Vec<TextEdit> = fix
        .edits
        .iter()
        .map(|e| TextEdit {
            range: pos.range(&e.range),
            new_text: e.text.clone(),
        })
        .collect();
    let mut title = fix.title.clone();
    let mut show = None;
    let edit = match &fix.new_file {
        None => WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        },
        Some(new_file) => {
            let placed = new_files.place(uri, &new_file.name)?;
            let first = new_file.name.first();
            if placed.name != first {
                title = title.replacen(&first, &placed.name, 1);
            }
            if new_files.client_can_show {
                show = Some(Command {
                    title: format!("Open {}", placed.name),
                    command: SHOW_DOCUMENT.into(),
                    arguments: Some(vec![serde_json::Value::String(placed.uri.to_string())]),
                });
            }
            let ops = vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: placed.uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(false),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: placed.uri,
                        version: None,
                    },
                    edits: vec![OneOf::Left(TextEdit {
                        range: Range::default(),
                        new_text: new_file.text.clone(),
                    })],
                }),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: uri.clone(),
                        version: Some(version),
                    },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                }),
            ];
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(ops)),
                ..Default::default()
            }
        }
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag.clone()]),
        edit: Some(edit),
        command: show,
        is_preferred: fix.preferred.then_some(true),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Counting a column on from the last offset converted gives what counting from the
        /// line's start gives, in any order of offsets and in both encodings.
        #[test]
        fn positions_from_the_last_offset_match_the_line_index(
            text in "([a-z \n\r]|\r\n|é|王|👋){0,60}",
            offsets in proptest::collection::vec(0usize..200, 1..20),
            utf8: bool,
        ) {
            let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let pos = Positions::new(&text, enc);
            for at in offsets {
                let at = at % (text.len() + 1);
                let expect = pos.index.line_col(&text, at, enc);
                proptest::prop_assert_eq!(pos.position(at), Position::new(expect.line, expect.col));
            }
        }
    }
}
