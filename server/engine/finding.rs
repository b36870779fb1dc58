//! What a rule reports: a finding with a byte range, and the fixes that resolve it.

use std::ops::Range;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// A replacement of `range` (byte offsets in the file) with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

impl Edit {
    /// The one edit that turns `old` into `new`: everything between their common start and
    /// end, on character boundaries (empty when they are the same).
    pub fn between(old: &str, new: &str) -> Edit {
        let mut start = old
            .bytes()
            .zip(new.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
            start -= 1;
        }
        let max_tail = old.len().min(new.len()) - start;
        let mut tail = old
            .bytes()
            .rev()
            .zip(new.bytes().rev())
            .take(max_tail)
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(old.len() - tail) || !new.is_char_boundary(new.len() - tail) {
            tail -= 1;
        }
        Edit {
            range: start..old.len() - tail,
            text: new[start..new.len() - tail].to_string(),
        }
    }
}

/// A file a fix creates (for example, a follow-up draft that takes the overflow of a long note).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFile {
    /// Its name, one path segment for the draft's own folder. The fix's title shows the first
    /// choice; where that is taken, the editor layer picks a later one and says so in the title.
    pub name: crate::engine::file_name::FileName,
    pub text: String,
}

/// A way to resolve a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    /// Non-overlapping edits to this draft.
    pub edits: Vec<Edit>,
    /// A file to create alongside.
    pub new_file: Option<NewFile>,
    /// The best of the fixes offered for a finding.
    pub preferred: bool,
    /// Safe to apply without a look (used by "fix all").
    pub safe: bool,
    /// What kind of way out it is: editors list rewrites first and suppressions last.
    pub kind: FixKind,
}

impl Fix {
    /// The one rewrite of its finding, fit to apply unseen: preferred and safe.
    pub fn safe_rewrite(title: String, edits: Vec<Edit>) -> Fix {
        Fix {
            title,
            edits,
            new_file: None,
            preferred: true,
            safe: true,
            kind: FixKind::Rewrite,
        }
    }
}

/// How a fix resolves its finding, which decides where it stands in an editor's menu and whether
/// it may be applied unseen (only a rewrite may).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FixKind {
    /// Changes the words so the problem is gone.
    Rewrite,
    /// Keeps the words but changes where they go (another channel, a follow-up draft).
    Alternative,
    /// Keeps the words and silences the rule (in this draft, or for a word in the workspace).
    Suppression,
}

/// Another place that explains a finding (another draft of a sequence, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The other file; empty for a place in this draft (another rule's finding on the same
    /// text, see `engine::one_per_span`).
    pub path: std::path::PathBuf,
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The stable rule ID, such as `limit.body`.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Byte offsets into the whole file.
    pub range: Range<usize>,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn new(
        rule: &str,
        severity: Severity,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: rule.to_string(),
            severity,
            message: message.into(),
            range,
            fixes: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fixes.push(fix);
        self
    }

    /// This finding with its range and its fixes' edits moved `by` bytes later in the file: a
    /// finding kept from a paragraph that now starts elsewhere (see `engine::memo`). Without
    /// `fixes`, its fixes are not copied (a lint for diagnostics drops them).
    pub fn shifted(&self, by: usize, fixes: bool) -> Finding {
        let mut f = Finding {
            rule: self.rule.clone(),
            severity: self.severity,
            message: self.message.clone(),
            range: self.range.clone(),
            fixes: if fixes {
                self.fixes.clone()
            } else {
                Vec::new()
            },
            related: self.related.clone(),
        };
        f.move_by(|at| at + by);
        f
    }

    /// Moves the range and the fixes' edits `by` bytes earlier: the inverse of [`Self::shifted`].
    pub fn shift_back(&mut self, by: usize) {
        self.move_by(|at| at - by);
    }

    fn move_by(&mut self, to: impl Fn(usize) -> usize) {
        self.range = to(self.range.start)..to(self.range.end);
        for edit in self.fixes.iter_mut().flat_map(|f| f.edits.iter_mut()) {
            edit.range = to(edit.range.start)..to(edit.range.end);
        }
    }
}
