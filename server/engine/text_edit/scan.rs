//! Finding where YAML tokens end in the source. The parser's spans are exact for plain scalars
//! and for a flow collection's opening bracket, but a quoted scalar's span runs on over the spaces
//! and comment after it, and a flow collection's end is not reliable after a trailing comma.

/// A flow collection (`[…]` or `{…}`) opened at `open`: its closing bracket, and the last
/// significant character before it (its end and the character), for appending an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlowSpan {
    pub close: usize,
    pub last_token_end: usize,
    pub last_token: u8,
}

/// Scans the flow collection opened at `open`, skipping quoted scalars and comments, up to
/// `limit`. `None` when it does not close before `limit`.
pub fn flow_span(text: &str, open: usize, limit: usize) -> Option<FlowSpan> {
    let bytes = text.as_bytes();
    if !matches!(bytes.get(open), Some(b'[' | b'{')) {
        return None;
    }
    let mut depth = 0usize;
    let mut last = (open + 1, bytes[open]);
    let mut i = open;
    while i < limit.min(bytes.len()) {
        let c = bytes[i];
        match c {
            b'\'' | b'"' if quote_may_start(last.1) => {
                let end = quoted_end(text, i, limit)?;
                last = (end, c);
                i = end;
                continue;
            }
            b'#' if i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r') => {
                while i < limit && !matches!(bytes[i], b'\n' | b'\r') {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(FlowSpan {
                        close: i,
                        last_token_end: last.0,
                        last_token: last.1,
                    });
                }
            }
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        if i != open {
            last = (i + 1, c);
        }
        i += 1;
    }
    None
}

/// A quote opens a scalar only where a token starts, not inside a plain word (`don't`).
fn quote_may_start(previous: u8) -> bool {
    matches!(previous, b'[' | b'{' | b',' | b':' | b'?' | b'-')
}

/// Just past the closing quote of the scalar quoted at `open` (`'…'` with `''` for a quote,
/// or `"…"` with backslash escapes). `None` when it does not close before `limit`.
pub fn quoted_end(text: &str, open: usize, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = *bytes.get(open)?;
    let mut i = open + 1;
    while i < limit.min(bytes.len()) {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Where the comment on the line from `from` to `line_end` starts (a `#` after a space or tab,
/// or at `from`), if there is one.
pub fn comment_start(text: &str, from: usize, line_end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    (from..line_end)
        .find(|&i| bytes[i] == b'#' && (i == from || matches!(bytes[i - 1], b' ' | b'\t')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_collections_close_past_quotes_comments_and_nesting() {
        let t = "[a, \"b]\", 'c'']', [d], # e]\n f,\n]";
        let span = flow_span(t, 0, t.len()).unwrap();
        assert_eq!(span.close, t.len() - 1);
        assert_eq!(
            &t[..span.last_token_end],
            "[a, \"b]\", 'c'']', [d], # e]\n f,"
        );
        assert_eq!(span.last_token, b',');
        let empty = flow_span("{ }", 0, 3).unwrap();
        assert_eq!((empty.last_token_end, empty.last_token), (1, b'{'));
        assert_eq!(flow_span("{a: don't}", 0, 10).unwrap().close, 9);
        assert!(flow_span("[a, b", 0, 5).is_none());
    }

    #[test]
    fn quoted_scalars_end_at_their_own_quote() {
        assert_eq!(quoted_end("\"a\\\"b\" # c", 0, 11), Some(6));
        assert_eq!(quoted_end("'it''s' x", 0, 9), Some(7));
        assert_eq!(quoted_end("'open", 0, 5), None);
        assert_eq!(comment_start("a: b # c", 0, 8), Some(5));
        assert_eq!(comment_start("a: b#c", 0, 6), None);
    }
}
