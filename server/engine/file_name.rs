//! File names built from what a writer typed (a `sequence:` value, say). Front-matter is user
//! text: it may hold `../`, an absolute path, NUL or line breaks, and none of that may steer
//! where a fix writes. A name made here is one path segment, for the draft's own folder.

/// The longest file name most file systems take (`NAME_MAX` on Linux, in bytes).
pub const MAX_BYTES: usize = 255;

/// A file name in three parts, so that a taken name can get a number without losing its tail:
/// `stem` (from user text, sanitised), `tail` (ours, e.g. `-step-2`) and `extension` (`md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileName {
    stem: String,
    tail: String,
    extension: &'static str,
}

impl FileName {
    /// `raw` made safe as the stem; `fallback` (also made safe) when nothing of `raw` is left,
    /// and `outreach` when nothing of that is either. `tail` must be plain ASCII we wrote.
    pub fn new(raw: &str, fallback: &str, tail: &str, extension: &'static str) -> FileName {
        debug_assert!(tail.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        let stem = [raw, fallback]
            .into_iter()
            .map(sanitise)
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| "outreach".into());
        FileName {
            stem,
            tail: tail.into(),
            extension,
        }
    }

    /// The name to try first: `stem` + `tail` + `.extension`, at most [`MAX_BYTES`].
    pub fn first(&self) -> String {
        self.build("")
    }

    /// The `n`th choice, for when the ones before it are taken: `x-step-2.md`, then
    /// `x-step-2-2.md`, `x-step-2-3.md`… The stem is shortened to keep [`MAX_BYTES`].
    pub fn nth(&self, n: u32) -> String {
        if n <= 1 {
            self.first()
        } else {
            self.build(&format!("-{n}"))
        }
    }

    fn build(&self, number: &str) -> String {
        let end = format!("{}{number}.{}", self.tail, self.extension);
        let stem = shorten(&self.stem, MAX_BYTES.saturating_sub(end.len()));
        format!("{stem}{end}")
    }
}

/// What is left of `raw` as the start of one file name: separators, control and invisible
/// formatting characters, characters Windows refuses and `%` (a URI would read `%2F` in a name
/// as a separator) become `-`; no run of `-`, no dot, dash or space at either end (so never `.`,
/// `..`, a hidden file or a name that reads as an option). May be empty.
fn sanitise(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        let c = if is_unsafe(c) { '-' } else { c };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    trim_ends(&out).to_string()
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '/' | '\\' | '%' | ':' | '*' | '?' | '"' | '<' | '>' | '|'
                // Line and paragraph separators, zero-width and bidirectional controls: they
                // would hide or reorder what the action's title shows.
                | '\u{2028}' | '\u{2029}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        )
}

fn trim_ends(s: &str) -> &str {
    s.trim_start_matches(|c: char| c == '.' || c == '-' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c == '-' || c.is_whitespace())
}

/// `s` cut to at most `max` bytes on a character boundary, with the ends trimmed again.
fn shorten(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    trim_ends(&s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(raw: &str) -> String {
        FileName::new(raw, "sarah-chen", "-step-2", "md").first()
    }

    /// One segment, no hidden characters, not hidden itself, and within the length limit.
    fn assert_one_safe_segment(n: &str) {
        assert!(n.len() <= MAX_BYTES, "{} bytes: {n:?}", n.len());
        assert!(!n.contains(['/', '\\', '\0', '\n', '\r', '%']), "{n:?}");
        assert!(!n.chars().any(char::is_control), "{n:?}");
        assert!(!n.starts_with(['.', '-', ' ']), "{n:?}");
        assert!(n.ends_with("-step-2.md") || n.contains("-step-2-"), "{n:?}");
    }

    #[test]
    fn plain_names_are_kept() {
        assert_eq!(name("q3"), "q3-step-2.md");
        assert_eq!(name("Q3 Launch"), "Q3 Launch-step-2.md");
        assert_eq!(name("王芳"), "王芳-step-2.md");
    }

    #[test]
    fn traversal_and_absolute_paths_become_one_segment() {
        for (raw, want) in [
            ("../outside/newdir/x", "outside-newdir-x-step-2.md"),
            ("/tmp/abs/x", "tmp-abs-x-step-2.md"),
            ("..\\..\\windows\\x", "windows-x-step-2.md"),
            ("C:\\Users\\x", "C-Users-x-step-2.md"),
            ("./x/.", "x-step-2.md"),
            ("~/x", "~-x-step-2.md"),
        ] {
            assert_eq!(name(raw), want, "{raw:?}");
            assert_one_safe_segment(&name(raw));
        }
    }

    #[test]
    fn nul_line_breaks_and_hidden_characters_are_replaced() {
        assert_eq!(name("a\0b"), "a-b-step-2.md");
        assert_eq!(name("a\r\nb\rc\nd"), "a-b-c-d-step-2.md");
        assert_eq!(name("a\u{2028}b\u{85}c"), "a-b-c-step-2.md");
        // A right-to-left override would show "x-step-2.md" as something else in the title.
        assert_eq!(name("x\u{202E}dm.exe"), "x-dm.exe-step-2.md");
        assert_eq!(name("-rf"), "rf-step-2.md");
        assert_eq!(name(" .hidden "), "hidden-step-2.md");
    }

    #[test]
    fn percent_escapes_cannot_become_separators() {
        // Written into a URI as is, "%2F" would be read back as "/".
        assert_eq!(name("..%2F..%2Fetc"), "2F..-2Fetc-step-2.md");
        assert_eq!(name("a%2fb%00c"), "a-2fb-00c-step-2.md");
    }

    #[test]
    fn nothing_left_falls_back() {
        for raw in ["", "   ", "..", ".", "/", "../..", "\0\n", "---"] {
            assert_eq!(name(raw), "sarah-chen-step-2.md", "{raw:?}");
        }
        assert_eq!(
            FileName::new("..", "/", "-step-2", "md").first(),
            "outreach-step-2.md"
        );
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary_with_the_tail_kept() {
        // 300 bytes of three-byte characters, one ASCII byte first so no cut is aligned.
        let raw = format!("a{}", "王".repeat(100));
        let n = name(&raw);
        assert_one_safe_segment(&n);
        assert!(n.ends_with("王-step-2.md"), "{n}");
        assert_eq!(n.len(), 1 + 3 * 81 + "-step-2.md".len());
        let numbered = FileName::new(&raw, "", "-step-2", "md").nth(12);
        assert!(numbered.len() <= MAX_BYTES);
        assert!(numbered.ends_with("王-step-2-12.md"), "{numbered}");
        // Four-byte emoji and a cut that would leave a dot at the end.
        let emoji = format!("{}.{}", "x".repeat(244), "👋".repeat(20));
        let n = name(&emoji);
        assert_eq!(n, format!("{}-step-2.md", "x".repeat(244)));
    }

    #[test]
    fn later_choices_are_numbered_after_the_tail() {
        let n = FileName::new("q3", "", "-step-2", "md");
        assert_eq!(n.nth(1), "q3-step-2.md");
        assert_eq!(n.nth(2), "q3-step-2-2.md");
        assert_eq!(n.nth(10), "q3-step-2-10.md");
    }
}
