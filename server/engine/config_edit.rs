//! Edits to a workspace's `sendwell.toml` text that fixes offer, such as "Allow 'word' in this
//! workspace". Pure text in, an edit out: reading and writing the file is the caller's business.
//! The edit keeps the file's comments and layout, so a hand-written config stays as written.

use super::config::Config;
use super::finding::{Edit, Finding};
use super::packs;
use super::text_edit::quote::double_quoted;

/// Rule kinds whose matches the `allow` list silences.
const ALLOWABLE_KINDS: &[&str] = &["phrase", "pattern", "shouting"];

/// The word or phrase "Allow in this workspace" would add for a finding: the text it covers,
/// when the rule is one the `allow` list speaks to and the text is a short phrase on one line.
pub fn allowable_word<'t>(text: &'t str, f: &Finding, config: &Config) -> Option<&'t str> {
    let doc = packs::doc(config, &f.rule)?;
    if !ALLOWABLE_KINDS.contains(&doc.kind.as_str()) {
        return None;
    }
    let word = text.get(f.range.clone())?.trim();
    // Runs of `!!!` and the like are punctuation, which no allow list speaks to.
    (word.chars().any(char::is_alphabetic)
        && word.chars().count() <= 60
        && !word.contains(['\n', '\r']))
    .then_some(word)
}

/// The edit that adds `word` to the top-level `allow` list of `existing` (the file's text; empty
/// when the file does not exist yet), creating the list when there is none.
pub fn allow_word(existing: &str, word: &str) -> Edit {
    let item = double_quoted(word);
    if let Some((last_token_end, last_token)) = allow_array(existing) {
        let text = match last_token {
            b'[' => item,
            b',' => format!(" {item}"),
            _ => format!(", {item}"),
        };
        return Edit {
            range: last_token_end..last_token_end,
            text,
        };
    }
    let nl = if existing.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let line = format!("allow = [{item}]{nl}");
    // Top-level keys must come before the first table, so the list goes there.
    let mut pos = 0;
    for l in existing.split_inclusive('\n') {
        if l.trim_start().starts_with('[') {
            return Edit {
                range: pos..pos,
                text: line,
            };
        }
        pos += l.len();
    }
    let lead = if existing.is_empty() || existing.ends_with('\n') {
        ""
    } else {
        nl
    };
    Edit {
        range: existing.len()..existing.len(),
        text: format!("{lead}{line}"),
    }
}

/// Finds the top-level `allow = [ ... ]` and returns the end of its last significant token
/// inside the brackets (the `[` itself when empty) and that token's last byte.
fn allow_array(text: &str) -> Option<(usize, u8)> {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            return None; // past the top-level keys
        }
        if let Some(rest) = trimmed.strip_prefix("allow") {
            let after_key = rest.trim_start();
            if let Some(value) = after_key.strip_prefix('=') {
                let value = value.trim_start();
                if !value.starts_with('[') {
                    return None;
                }
                return scan_array(bytes, line_start + line.len() - value.len());
            }
        }
        line_start = line_end + 1;
    }
    None
}

/// Scans an array starting at `open` (a `[`), skipping strings and comments, and returns the end
/// of the last significant token before the matching `]`.
fn scan_array(bytes: &[u8], open: usize) -> Option<(usize, u8)> {
    let mut i = open + 1;
    let mut last = (open + 1, b'[');
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if quote == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                last = (i.min(bytes.len()), quote);
                continue;
            }
            b'[' => depth += 1,
            b']' if depth == 0 => return Some(last),
            b']' => depth -= 1,
            c if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {}
        }
        last = (i + 1, bytes[i]);
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Config;

    fn add(existing: &str, word: &str) -> String {
        let e = allow_word(existing, word);
        let mut out = existing.to_string();
        out.replace_range(e.range, &e.text);
        out
    }

    fn allowed(toml_text: &str) -> Vec<String> {
        toml::from_str::<Config>(toml_text)
            .unwrap_or_else(|e| panic!("{toml_text}\n{e}"))
            .allow
    }

    #[test]
    fn creates_the_list_in_a_new_or_list_less_file() {
        assert_eq!(add("", "synergy"), "allow = [\"synergy\"]\n");
        assert_eq!(
            add("plan = \"free\"", "synergy"),
            "plan = \"free\"\nallow = [\"synergy\"]\n"
        );
        let with_table = "# team settings\r\nplan = \"free\"\r\n[rules]\r\nspam = \"off\"\r\n";
        let out = add(with_table, "FREE");
        assert_eq!(
            out,
            "# team settings\r\nplan = \"free\"\r\nallow = [\"FREE\"]\r\n[rules]\r\nspam = \"off\"\r\n"
        );
        assert_eq!(allowed(&out), vec!["FREE"]);
    }

    #[test]
    fn extends_an_existing_list_in_any_layout() {
        assert_eq!(add("allow = []\n", "a"), "allow = [\"a\"]\n");
        assert_eq!(add("allow = [\"x\"]\n", "a"), "allow = [\"x\", \"a\"]\n");
        let multi = "allow = [\n  \"x\",  # keep [this] comment\n  'y]'\n]\n[rules]\n";
        let out = add(multi, "a");
        assert_eq!(
            out,
            "allow = [\n  \"x\",  # keep [this] comment\n  'y]', \"a\"\n]\n[rules]\n"
        );
        assert_eq!(allowed(&out), vec!["x", "y]", "a"]);
        let trailing_comma = "allow = [\"x\",]\n";
        assert_eq!(allowed(&add(trailing_comma, "a")), vec!["x", "a"]);
    }

    #[test]
    fn words_with_quotes_emoji_and_backslashes_round_trip() {
        for word in ["don't \"ever\"", "🚀 launch", "C:\\path", "王芳"] {
            assert_eq!(allowed(&add("allow = [\"x\"]", word)), vec!["x", word]);
            assert_eq!(allowed(&add("", word)), vec![word]);
        }
    }

    #[test]
    fn a_table_named_allow_or_a_key_in_a_table_is_not_the_list() {
        let text = "[rules]\nallow = [\"nope\"]\n";
        let out = add(text, "a");
        assert!(out.starts_with("allow = [\"a\"]\n[rules]"), "{out}");
    }
}
