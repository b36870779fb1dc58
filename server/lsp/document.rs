//! An open document: a rope that takes incremental edits, and a string snapshot for the engine.

use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

use crate::text::Encoding;

#[derive(Clone, Debug)]
pub struct Document {
    rope: Rope,
    pub version: i32,
    /// The text as of `version`, shared with in-flight lints without copying.
    pub text: Arc<str>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
            text: Arc::from(text),
        }
    }

    /// Applies one notification's changes in order, then takes a snapshot.
    pub fn apply(
        &mut self,
        changes: &[TextDocumentContentChangeEvent],
        version: i32,
        enc: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let start = self.char_index(range.start, enc);
                    let end = self.char_index(range.end, enc).max(start);
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
            }
        }
        self.version = version;
        self.text = Arc::from(self.rope.to_string());
    }

    /// The char index of an LSP position. Positions past the end of a line or of the document
    /// clamp to it, and positions inside a character (a surrogate half, a UTF-8 continuation
    /// byte) snap to its start: clients do send such positions, and an edit must never split a
    /// character.
    fn char_index(&self, pos: Position, enc: Encoding) -> usize {
        let rope = &self.rope;
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_chars();
        }
        let line_start = rope.line_to_char(line);
        let line_slice = rope.line(line);
        // The line's length without its line break.
        let mut len = line_slice.len_chars();
        while len > 0 && matches!(line_slice.char(len - 1), '\n' | '\r') {
            len -= 1;
        }
        let line_end = line_start + len;
        // The rope indexes bytes and UTF-16 units as well as chars (O(log n) each), so a
        // position at the end of a long line costs no walk along it; an index inside a character
        // gives that character, which is the snap the LSP asks for.
        let col = pos.character as usize;
        match enc {
            Encoding::Utf8 => {
                let start = rope.char_to_byte(line_start);
                let end = rope.char_to_byte(line_end);
                rope.byte_to_char(start.saturating_add(col).min(end))
            }
            Encoding::Utf16 => {
                let start = rope.char_to_utf16_cu(line_start);
                let end = rope.char_to_utf16_cu(line_end);
                rope.utf16_cu_to_char(start.saturating_add(col).min(end))
            }
            Encoding::Chars => line_start.saturating_add(col).min(line_end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn change(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        }
    }

    /// The char index of a position found by walking the line character by character.
    fn walked(doc: &Document, pos: Position, enc: Encoding) -> usize {
        let rope = &doc.rope;
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_chars();
        }
        let start = rope.line_to_char(line);
        let chars: Vec<char> = rope.line(line).chars().collect();
        let mut len = chars.len();
        while len > 0 && matches!(chars[len - 1], '\n' | '\r') {
            len -= 1;
        }
        let mut units = 0;
        for (i, ch) in chars[..len].iter().enumerate() {
            let w = match enc {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
                Encoding::Chars => 1,
            };
            if units + w > pos.character as usize {
                return start + i;
            }
            units += w;
        }
        start + len
    }

    proptest::proptest! {
        #[test]
        fn positions_index_like_a_walk_along_the_line(
            text in "[a\u{e9}\u{4e2d}\u{1f44b}\r\n ]{0,30}",
            line in 0u32..8,
            character in 0u32..40,
        ) {
            let doc = Document::new(&text, 1);
            let pos = Position::new(line, character);
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
                proptest::prop_assert_eq!(doc.char_index(pos, enc), walked(&doc, pos, enc));
            }
        }
    }

    #[test]
    fn edits_apply_in_order_in_utf16() {
        let mut doc = Document::new("Hi 👋 there\r\nsecond", 1);
        // Replace "there" (after the emoji's two units) and then append to line 1.
        doc.apply(
            &[change(0, 6, 0, 11, "Sarah"), change(1, 6, 1, 6, "!")],
            2,
            Encoding::Utf16,
        );
        assert_eq!(&*doc.text, "Hi 👋 Sarah\r\nsecond!");
        assert_eq!(doc.version, 2);
    }

    #[test]
    fn utf8_positions_count_bytes() {
        let mut doc = Document::new("é👋x", 1);
        doc.apply(&[change(0, 6, 0, 7, "y")], 2, Encoding::Utf8);
        assert_eq!(&*doc.text, "é👋y");
    }

    #[test]
    fn out_of_range_and_mid_character_positions_clamp() {
        let mut doc = Document::new("a👋b\nc", 1);
        doc.apply(&[change(0, 2, 0, 3, "")], 2, Encoding::Utf16); // starts inside the surrogate pair
        assert_eq!(&*doc.text, "ab\nc");
        doc.apply(&[change(7, 0, 9, 9, "END")], 3, Encoding::Utf16);
        assert_eq!(&*doc.text, "ab\ncEND");
        doc.apply(&[change(0, 99, 0, 99, "+")], 4, Encoding::Utf16);
        assert_eq!(&*doc.text, "ab+\ncEND");
    }

    #[test]
    fn full_replacement() {
        let mut doc = Document::new("old", 1);
        doc.apply(
            &[TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new".into(),
            }],
            2,
            Encoding::Utf16,
        );
        assert_eq!(&*doc.text, "new");
    }
}
