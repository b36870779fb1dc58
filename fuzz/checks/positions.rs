//! UTF-8 / UTF-16 / character positions ⇄ byte offsets on arbitrary text.

use sendwell::text::{Encoding, LineCol, LineIndex};

pub fn check(data: &[u8]) {
    use arbitrary::Arbitrary;
    let Ok(input) =
        <(String, Vec<(u32, u32)>)>::arbitrary_take_rest(arbitrary::Unstructured::new(data))
    else {
        return;
    };
    let (text, probes) = input;
    let idx = LineIndex::new(&text);
    let b = text.as_bytes();
    for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
        for i in 0..=text.len() {
            // Between the `\r` and `\n` of a CRLF no position exists.
            if !text.is_char_boundary(i) || (i > 0 && b[i - 1] == b'\r' && b.get(i) == Some(&b'\n'))
            {
                continue;
            }
            let lc = idx.line_col(&text, i, enc);
            assert_eq!(idx.offset(&text, lc, enc), i, "{enc:?}");
        }
        for &(line, col) in probes.iter().take(64) {
            let o = idx.offset(&text, LineCol { line, col }, enc);
            assert!(o <= text.len() && text.is_char_boundary(o));
            let lc = idx.line_col(&text, col as usize, enc);
            assert!((lc.line as usize) < idx.line_count());
        }
    }
}
