//! Line and column arithmetic over a `&str`, shared by the CLI (for `path:line:col`) and the
//! language server (for LSP positions). Line breaks are exactly the LSP's: `\n`, `\r\n` and `\r`.
//!
//! Offsets given to these functions may point anywhere, including past the end or into the middle
//! of a character or of a UTF-16 surrogate pair; they are clamped and snapped down to a character
//! boundary rather than trusted, because clients send such positions.

/// How a column counts the characters before it on its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units: the LSP default.
    Utf16,
    /// Unicode scalar values, as people count columns in a terminal.
    Chars,
}

/// A zero-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The lines of `text`, each with its line break (`str::split_inclusive('\n')`, by a SIMD search).
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut from = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|i| i + 1)
        .chain(std::iter::once(text.len()))
        .filter_map(move |end| {
            let line = &text[from..end];
            from = end;
            (!line.is_empty()).then_some(line)
        })
}

#[cfg(test)]
mod lines_tests {
    proptest::proptest! {
        #[test]
        fn lines_are_split_like_split_inclusive(text in "([a\r\n]|é){0,30}") {
            let fast: Vec<&str> = super::lines_inclusive(&text).collect();
            let plain: Vec<&str> = text.split_inclusive('\n').collect();
            proptest::prop_assert_eq!(fast, plain);
        }
    }
}

/// The byte offset at which each line of a text starts.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Lines end at `\n`, `\r\n` or a lone `\r`; the breaks are found by a SIMD search (this
    /// runs on every publish, over the whole draft).
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // The `\r` of a `\r\n` starts no line: its `\n` does.
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of a line, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let mut end = next;
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The line and column of a byte offset.
    /// The line that holds byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Where `line` starts (a line past the last is at the end).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    pub fn line_col(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let col = width(&text[self.starts[line]..offset], enc);
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// The byte offset of a line and column. A line past the end gives the end of the text; a
    /// column past the end of its line gives the end of the line (as the LSP specifies); a column
    /// inside a character gives the start of that character.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let line_text = &text[range.clone()];
        let want = pos.col as usize;
        let mut units = 0;
        for (i, ch) in line_text.char_indices() {
            let w = match enc {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
                Encoding::Chars => 1,
            };
            if units + w > want {
                return range.start + i;
            }
            units += w;
        }
        range.end
    }
}

/// The largest char boundary at or before `i` (stable stand-in for `str::floor_char_boundary`).
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The number of units `s` takes in the given encoding.
///
/// Counted from the bytes rather than by decoding characters, which the compiler vectorises: every
/// character has exactly one byte that is not a continuation byte (`0b10xx_xxxx`), and the ones
/// outside the Basic Multilingual Plane, which take two UTF-16 units, are exactly those whose
/// first byte is `0xF0` or above.
pub fn width(s: &str, enc: Encoding) -> usize {
    // Most text is ASCII, which `is_ascii` confirms a word at a time.
    if s.is_ascii() {
        return s.len();
    }
    let bytes = s.as_bytes();
    let chars = || count_bytes(bytes, starts_char);
    match enc {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => chars() + count_bytes(bytes, starts_astral_char),
        Encoding::Chars => chars(),
    }
}

/// Whether a byte of UTF-8 text starts a character (is not a continuation byte `0b10xx_xxxx`).
pub fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// Whether a byte of UTF-8 text starts a character outside the Basic Multilingual Plane, which
/// takes two UTF-16 units (a surrogate pair).
pub fn starts_astral_char(b: u8) -> bool {
    b >= 0xF0
}

/// How many bytes satisfy `test`, summed in byte-sized counters over blocks of 255 so the loop
/// runs on vector registers.
fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool + Copy) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            block
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(test(b)))) as usize
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line starts as first written, a byte at a time.
    fn starts_by_bytes(text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        starts
    }

    proptest::proptest! {
        #[test]
        fn line_starts_are_found_like_a_byte_loop(text in "([ab\r\n]|\r\n|é){0,50}") {
            proptest::prop_assert_eq!(LineIndex::new(&text).starts, starts_by_bytes(&text));
        }

        #[test]
        fn width_counts_like_decoding_characters(s in "\\PC{0,40}|[a\u{e9}\u{4e2d}\u{1f44b}\r\n]{0,40}") {
            proptest::prop_assert_eq!(width(&s, Encoding::Utf8), s.len());
            proptest::prop_assert_eq!(width(&s, Encoding::Chars), s.chars().count());
            proptest::prop_assert_eq!(
                width(&s, Encoding::Utf16),
                s.chars().map(char::len_utf16).sum::<usize>()
            );
        }
    }

    #[test]
    fn line_breaks_are_lf_crlf_and_cr() {
        let text = "a\nb\r\nc\rd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(&text[idx.line_range(text, 1)], "b");
        assert_eq!(&text[idx.line_range(text, 3)], "d");
    }

    #[test]
    fn emoji_counts_two_utf16_units() {
        let text = "x\n👋 hi";
        let idx = LineIndex::new(text);
        let h = text.find('h').unwrap();
        assert_eq!(
            idx.line_col(text, h, Encoding::Utf16),
            LineCol { line: 1, col: 3 }
        );
        assert_eq!(
            idx.line_col(text, h, Encoding::Utf8),
            LineCol { line: 1, col: 5 }
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 1, col: 3 }, Encoding::Utf16),
            h
        );
    }

    #[test]
    fn mid_surrogate_snaps_to_the_character_start() {
        let text = "👋a";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 1 }, Encoding::Utf16),
            0
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 2 }, Encoding::Utf8),
            0
        );
    }

    #[test]
    fn past_the_end_clamps() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            2
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            5
        );
        assert_eq!(
            idx.line_col(text, 99, Encoding::Utf16),
            LineCol { line: 1, col: 2 }
        );
    }
}
