//! Edits to top-level front-matter keys that fixes share: set a key, remove a key, quote a
//! value so it stays the same string in YAML.

use super::{add_frontmatter_line, Analysis, Edit};

/// Sets top-level `key` to `value`: replaces the value in place when the key is there (empty or
/// not), else adds a `key: value` line at the end of the front-matter.
pub(crate) fn set_key(a: &Analysis, key: &str, value: &str) -> Edit {
    let value = yaml_scalar(value);
    let text = a.text();
    let entry = a
        .draft
        .root
        .as_ref()
        .and_then(|r| r.entries().iter().find(|(k, _)| k.as_str() == Some(key)));
    match entry {
        Some((k, v)) => {
            let key_line_end = line_end(text, k.range.end);
            if !v.range.is_empty() && v.range.end <= key_line_end && v.as_str().is_some() {
                Edit {
                    range: v.range.clone(),
                    text: value,
                }
            } else {
                // Empty (`key:`) or a nested value: rewrite the whole entry.
                let end = v.range.end.max(key_line_end);
                let end = line_end(text, end);
                Edit {
                    range: k.range.start..end,
                    text: format!("{key}: {value}"),
                }
            }
        }
        None => add_frontmatter_line(a, key, &value),
    }
}

/// Sets several keys at once. The keys that are missing are added as one edit, so the lines land
/// in the listed order in every client (several insertions at one point are easy to misorder).
pub(crate) fn set_keys(a: &Analysis, pairs: &[(&str, &str)]) -> Vec<Edit> {
    let exists = |key: &str| {
        a.draft
            .root
            .as_ref()
            .is_some_and(|r| r.entries().iter().any(|(k, _)| k.as_str() == Some(key)))
    };
    let mut edits = Vec::new();
    let mut added: Option<Edit> = None;
    for (key, value) in pairs {
        if exists(key) {
            edits.push(set_key(a, key, value));
        } else if let Some(add) = &mut added {
            add.text.push_str(&format!(
                "{key}: {}{}",
                yaml_scalar(value),
                a.draft.newline()
            ));
        } else {
            added = Some(add_frontmatter_line(a, key, &yaml_scalar(value)));
        }
    }
    edits.extend(added);
    edits
}

/// Removes the line(s) of top-level `key`, with the line break after them.
pub(crate) fn remove_key(a: &Analysis, key: &str) -> Option<Edit> {
    let text = a.text();
    let (k, v) = a
        .draft
        .root
        .as_ref()?
        .entries()
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))?;
    let start = text[..k.range.start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let mut end = line_end(text, v.range.end.max(k.range.end));
    if text[end..].starts_with("\r\n") {
        end += 2;
    } else if text[end..].starts_with(['\n', '\r']) {
        end += 1;
    }
    Some(Edit {
        range: start..end,
        text: String::new(),
    })
}

/// The end of the line `at` is on (before its line break).
pub(crate) fn line_end(text: &str, at: usize) -> usize {
    text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i)
}

/// `value` as a YAML scalar that reads back as exactly `value`: plain when that is safe, else
/// double-quoted.
pub(crate) fn yaml_scalar(value: &str) -> String {
    let risky_start = value
        .chars()
        .next()
        .is_some_and(|c| "[]{}&*!|>'\"%@`#,?:-".contains(c));
    let plain_ok = !value.is_empty()
        && !risky_start
        && value.trim() == value
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !value.contains(['\n', '\r', '\t'])
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off"
        );
    if plain_ok {
        return value.to_string();
    }
    crate::engine::config_edit::double_quoted(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{analyze, config::Config};

    fn edit(text: &str, f: impl Fn(&Analysis) -> Edit) -> String {
        let a = analyze(text, &Config::default()).unwrap();
        let e = f(&a);
        let mut out = text.to_string();
        out.replace_range(e.range, &e.text);
        out
    }

    #[test]
    fn set_replaces_a_value_fills_an_empty_one_and_adds_a_missing_one() {
        let t = "---\nchannel: note\nstep: 1\nsubject:\n---\nHi";
        assert_eq!(
            edit(t, |a| set_key(a, "channel", "inmail")),
            "---\nchannel: inmail\nstep: 1\nsubject:\n---\nHi"
        );
        assert_eq!(
            edit(t, |a| set_key(a, "subject", "Re: your talk")),
            "---\nchannel: note\nstep: 1\nsubject: \"Re: your talk\"\n---\nHi"
        );
        assert_eq!(
            edit(t, |a| set_key(a, "to", "Sarah Chen")),
            "---\nchannel: note\nstep: 1\nsubject:\nto: Sarah Chen\n---\nHi"
        );
    }

    #[test]
    fn remove_takes_the_whole_line_in_crlf_files() {
        let t = "---\r\nchannel: note\r\nsend: 2026-03-02\r\nto: Sarah\r\n---\r\nHi";
        let a = analyze(t, &Config::default()).unwrap();
        let e = remove_key(&a, "send").unwrap();
        let mut out = t.to_string();
        out.replace_range(e.range, &e.text);
        assert_eq!(out, "---\r\nchannel: note\r\nto: Sarah\r\n---\r\nHi");
        assert!(remove_key(&a, "day").is_none());
    }

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(yaml_scalar("Quick question"), "Quick question");
        assert_eq!(yaml_scalar("Re: talk"), "\"Re: talk\"");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("[x] \"y\""), "\"[x] \\\"y\\\"\"");
        assert_eq!(yaml_scalar("王芳 👋"), "王芳 👋");
    }
}
