//! The front-matter most drafts have, flat `key: value` lines of plain text, read without the
//! YAML parser, which was half the time of extracting a 10,000-draft workspace's facts. Anything
//! else (quotes, nesting, flow collections, comments after values, repeated keys, tabs) gives
//! `None`, and the caller takes the full parser; a property test checks both agree.

use std::ops::Range;

use crate::engine::frontmatter;

/// Longer front-matter is left to the parser: the fast path is for the common case only.
const MAX_BYTES: usize = 4096;

/// The keys and value ranges of a flat front-matter block, and where the body starts.
pub struct Flat<'t> {
    pub entries: Vec<(&'t str, Range<usize>)>,
    pub body_start: usize,
}

impl<'t> Flat<'t> {
    /// The value of `key` as the YAML parser would give it: `None` when absent or null.
    pub fn get(&self, text: &'t str, key: &str) -> Option<(&'t str, Range<usize>)> {
        let (_, range) = self.entries.iter().find(|(k, _)| *k == key)?;
        let value = &text[range.clone()];
        if matches!(value, "" | "~" | "null" | "Null" | "NULL") {
            return None;
        }
        Some((value, range.clone()))
    }
}

pub fn read(text: &str) -> Option<Flat<'_>> {
    let block = frontmatter::find_block(text)?;
    block.close_line.as_ref()?;
    if block.yaml.len() > MAX_BYTES {
        return None;
    }
    let mut entries: Vec<(&str, Range<usize>)> = Vec::new();
    let mut offset = block.yaml.start;
    for line in text[block.yaml.clone()].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line
            .strip_suffix('\n')
            .map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
        if content.contains(['\r', '\t']) {
            return None;
        }
        if content.trim_end_matches(' ').is_empty() {
            continue;
        }
        if content.starts_with('#') {
            continue;
        }
        let colon = content.find(':')?;
        let key = &content[..colon];
        let key_ok = key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !key_ok || entries.iter().any(|(k, _)| *k == key) {
            return None;
        }
        let rest = &content[colon + 1..];
        if !rest.is_empty() && !rest.starts_with(' ') {
            return None;
        }
        let lead = rest.len() - rest.trim_start_matches(' ').len();
        let value = rest.trim_matches(' ');
        if !plain(value) {
            return None;
        }
        let value_start = start + colon + 1 + lead;
        entries.push((key, value_start..value_start + value.len()));
    }
    Some(Flat {
        entries,
        body_start: block.body_start,
    })
}

/// A value YAML reads as plain text on one line, exactly as written.
fn plain(v: &str) -> bool {
    let Some(first) = v.bytes().next() else {
        return true;
    };
    !b"-?:,[]{}#&*!|>'\"%@`".contains(&first)
        && !v.contains(": ")
        && !v.contains(" #")
        && !v.ends_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flat_lines_with_exact_value_ranges() {
        let text = "---\r\nchannel: dm\r\nto:   Sarah  Chen 👋  \r\n# a note\r\n\r\nstep: 2\r\nday:\r\n---\r\nHi";
        let flat = read(text).unwrap();
        let (v, r) = flat.get(text, "to").unwrap();
        assert_eq!((v, &text[r]), ("Sarah  Chen 👋", "Sarah  Chen 👋"));
        assert_eq!(flat.get(text, "step").unwrap().0, "2");
        assert!(flat.get(text, "day").is_none());
        assert_eq!(&text[flat.body_start..], "Hi");
    }

    #[test]
    fn anything_not_flat_and_plain_is_left_to_the_parser() {
        for front in [
            "channel: dm\nto: \"Sarah\"",
            "channel: dm\nsendwell: { disable: [timing] }",
            "channel: dm\nsendwell:\n  disable: timing",
            "channel: dm\nto: Sarah # her",
            "channel: dm\nchannel: email",
            "channel:dm",
            "channel: dm\nto: a: b",
            "channel: dm\n\tto: x",
            "'channel': dm",
            "channel: dm\nday: -4",
        ] {
            assert!(read(&format!("---\n{front}\n---\nHi")).is_none(), "{front}");
        }
        assert!(read("---\nchannel: dm\nHi").is_none(), "never closed");
    }
}
