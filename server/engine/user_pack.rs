//! A rule pack the user brought, as data: its rules' text and what is wrong in it. Settings
//! hold it (`Config::user_packs`); reading one is `packs::load`, compiling one `packs`.

use std::ops::Range;

use super::catalog::RuleDoc;
use crate::text::{Encoding, LineIndex};

/// A pack the user brought, parsed and checked.
#[derive(Clone, Debug)]
pub struct Pack {
    /// Where it came from (a path, for messages and for diagnostics on the file).
    pub path: String,
    pub rules: Vec<RuleDoc>,
    pub problems: Vec<PackProblem>,
    /// Identifies the text, so compiled rule sets are reused until the file changes.
    pub fingerprint: u64,
}

impl PartialEq for Pack {
    fn eq(&self, other: &Pack) -> bool {
        self.path == other.path && self.fingerprint == other.fingerprint
    }
}

/// Something wrong in a pack or config file, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackProblem {
    pub path: String,
    /// Byte range in the file.
    pub range: Range<usize>,
    /// One-based line and column (in characters), for messages.
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl PackProblem {
    pub fn at(path: &str, text: &str, range: Range<usize>, message: impl Into<String>) -> Self {
        let index = LineIndex::new(text);
        let lc = index.line_col(text, range.start, Encoding::Chars);
        PackProblem {
            path: path.to_string(),
            range,
            line: lc.line + 1,
            column: lc.col + 1,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for PackProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }
}
