//! LSP content changes applied to the document rope: arbitrary edit sequences, including
//! out-of-range and mid-surrogate positions and full replacements, must give exactly what a plain
//! string does, never panic, and never split a character.

use arbitrary::Arbitrary;
use sendwell::lsp::document::Document;
use sendwell::text::{Encoding, LineCol, LineIndex};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

#[derive(Arbitrary, Debug)]
struct Change {
    start: (u8, u16),
    end: (u8, u16),
    text: String,
    full: bool,
}

#[derive(Arbitrary, Debug)]
struct Input {
    text: String,
    utf8: bool,
    notifications: Vec<Vec<Change>>,
}

pub fn check(data: &[u8]) {
    let Ok(input) = Input::arbitrary_take_rest(arbitrary::Unstructured::new(data)) else {
        return;
    };
    let enc = if input.utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let mut doc = Document::new(&input.text, 0);
    let mut model = input.text.clone();
    for (n, batch) in input.notifications.iter().take(32).enumerate() {
        let changes: Vec<TextDocumentContentChangeEvent> = batch
            .iter()
            .map(|c| TextDocumentContentChangeEvent {
                range: (!c.full).then(|| {
                    Range::new(
                        Position::new(c.start.0 as u32, c.start.1 as u32),
                        Position::new(c.end.0 as u32, c.end.1 as u32),
                    )
                }),
                range_length: None,
                text: c.text.clone(),
            })
            .collect();
        for c in batch {
            if c.full {
                model = c.text.clone();
                continue;
            }
            let idx = LineIndex::new(&model);
            let at = |(line, col): (u8, u16)| {
                idx.offset(
                    &model,
                    LineCol {
                        line: line as u32,
                        col: col as u32,
                    },
                    enc,
                )
            };
            let a = at(c.start);
            let b = at(c.end).max(a);
            model.replace_range(a..b, &c.text);
        }
        doc.apply(&changes, n as i32 + 1, enc);
        assert_eq!(&*doc.text, model.as_str());
    }
}
