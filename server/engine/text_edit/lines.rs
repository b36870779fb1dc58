//! Lines as YAML counts them: a line break is LF, CRLF or a lone CR (classic Mac files, and
//! Neovim's `fileformat=mac`), so no helper here looks for `\n` alone.

/// The start of the line `at` is on.
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The end of the line `at` is on, before its line break.
pub fn line_end(text: &str, at: usize) -> usize {
    text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i)
}

/// Just past the line break at `at` (CRLF counts as one), or `at` when none is there.
pub fn past_break(text: &str, at: usize) -> usize {
    let rest = &text.as_bytes()[at..];
    match rest {
        [b'\r', b'\n', ..] => at + 2,
        [b'\n' | b'\r', ..] => at + 1,
        _ => at,
    }
}

/// The line break the text uses after `at`'s line: `\r\n`, `\r` or `\n` (`\n` when the line has
/// none, at the end of the text).
pub fn break_after(text: &str, at: usize) -> &'static str {
    let end = line_end(text, at);
    match &text.as_bytes()[end..] {
        [b'\r', b'\n', ..] => "\r\n",
        [b'\r', ..] => "\r",
        _ => "\n",
    }
}

/// Each line of `text[range]` as (start, end before its break, start of the next line).
pub fn lines_in(text: &str, range: std::ops::Range<usize>) -> impl Iterator<Item = Line> + '_ {
    let mut pos = range.start;
    std::iter::from_fn(move || {
        if pos >= range.end {
            return None;
        }
        let start = pos;
        let end = line_end(text, start).min(range.end);
        let next = past_break(text, end).min(range.end).max(end);
        pos = if next == start { range.end } else { next };
        Some(Line { start, end, next })
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub next: usize,
}

impl Line {
    /// The line holds only spaces and tabs.
    pub fn is_blank(&self, text: &str) -> bool {
        text[self.start..self.end]
            .trim_matches([' ', '\t'])
            .is_empty()
    }

    /// The line's leading spaces.
    pub fn indent(&self, text: &str) -> usize {
        text[self.start..self.end].len() - text[self.start..self.end].trim_start_matches(' ').len()
    }

    /// The line holds a comment and nothing else.
    pub fn is_comment(&self, text: &str) -> bool {
        text[self.start..self.end]
            .trim_start_matches([' ', '\t'])
            .starts_with('#')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_line_break_ends_a_line() {
        let text = "a\rbb\r\nc\nd";
        let lines: Vec<_> = lines_in(text, 0..text.len())
            .map(|l| &text[l.start..l.end])
            .collect();
        assert_eq!(lines, ["a", "bb", "c", "d"]);
        assert_eq!(line_start(text, 3), 2);
        assert_eq!(line_end(text, 2), 4);
        assert_eq!(past_break(text, 4), 6);
        assert_eq!(break_after(text, 0), "\r");
        assert_eq!(break_after(text, 2), "\r\n");
        assert_eq!(break_after(text, 9), "\n");
    }
}
