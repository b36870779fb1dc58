//! Quoting a string so that it reads back as exactly that string: as a YAML scalar in block or
//! flow context, or as a TOML basic string (which the YAML double-quoted style also accepts).

/// Where a YAML scalar is written: flow context (inside `[…]` or `{…}`) treats `,[]{}` as
/// punctuation, so plain text there must avoid them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Block,
    Flow,
}

/// `value` as a YAML scalar that reads back as exactly `value`: plain when that is safe, else
/// double-quoted.
pub fn yaml_scalar(value: &str, context: Context) -> String {
    if plain_is_safe(value, context) {
        value.to_string()
    } else {
        double_quoted(value)
    }
}

fn plain_is_safe(value: &str, context: Context) -> bool {
    let risky_start = value
        .chars()
        .next()
        .is_some_and(|c| "[]{}&*!|>'\"%@`#,?:-".contains(c));
    let flow_punctuation = context == Context::Flow && value.contains([',', '[', ']', '{', '}']);
    !value.is_empty()
        && !risky_start
        && !flow_punctuation
        && value.trim() == value
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !value.contains(|c: char| c.is_control())
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off"
        )
}

/// `s` in double quotes with `\\`-escapes: a valid TOML basic string and YAML double-quoted
/// scalar alike, so the edits to `sendwell.toml` and to front-matter share it.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::frontmatter::parse_yaml;

    /// What `key: <scalar>` reads back as, in block and in flow context.
    fn read_back(scalar: &str, context: Context) -> String {
        let yaml = match context {
            Context::Block => format!("k: {scalar}\n"),
            Context::Flow => format!("{{k: {scalar}, z: 1}}\n"),
        };
        let root = parse_yaml(&yaml, 0).unwrap().unwrap();
        root.get("k").and_then(|v| v.as_str()).unwrap().to_string()
    }

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(
            yaml_scalar("Quick question", Context::Block),
            "Quick question"
        );
        assert_eq!(yaml_scalar("Re: talk", Context::Block), "\"Re: talk\"");
        assert_eq!(yaml_scalar("yes", Context::Block), "\"yes\"");
        assert_eq!(
            yaml_scalar("[x] \"y\"", Context::Block),
            "\"[x] \\\"y\\\"\""
        );
        assert_eq!(yaml_scalar("王芳 👋", Context::Block), "王芳 👋");
        assert_eq!(yaml_scalar("Acme, Inc", Context::Block), "Acme, Inc");
        assert_eq!(yaml_scalar("Acme, Inc", Context::Flow), "\"Acme, Inc\"");
    }

    #[test]
    fn every_value_reads_back_the_same_in_both_contexts() {
        let values = [
            "Acme, Inc",
            "a]b",
            "{x}",
            "Re: talk",
            "C:\\path",
            "say \"hi\"",
            "tab\there",
            "line\rbreak",
            "NULL",
            "- item",
            "#1 fan",
            "x #y",
            "trailing ",
            "王芳 👋",
            "?",
            "a\u{7}b",
            "spam.shouting",
        ];
        for value in values {
            for context in [Context::Block, Context::Flow] {
                let scalar = yaml_scalar(value, context);
                assert_eq!(read_back(&scalar, context), value, "{scalar}");
            }
        }
    }
}
