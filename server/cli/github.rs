//! `check --format github`: each finding as a GitHub Actions workflow command
//! (`::warning file=…,line=…::message`), which the runner turns into an annotation on the pull
//! request's diff. Escaping follows the runner's own (actions/toolkit `command.ts`): data escapes
//! `%`, CR and LF; property values also `:` and `,`, which would otherwise end the value.

use crate::engine::catalog::BUILTIN;
use crate::engine::finding::Severity;

use super::check::{JsonRange, Report};

/// The workflow commands for a whole run, one per line: findings, then unreadable files.
pub fn commands(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        for f in &file.findings {
            let mut props = vec![("file", file.path.clone())];
            props.extend(position(&f.range));
            props.push(("title", title(&f.rule)));
            out.push_str(&command(level(f.severity), &props, &f.message));
        }
    }
    for e in &report.errors {
        out.push_str(&command("error", &[("file", e.path.clone())], &e.message));
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// `line`/`endLine`, with columns only when the range is on one line: GitHub's annotations accept
/// columns only there, and reject the annotation otherwise.
fn position(range: &JsonRange) -> Vec<(&'static str, String)> {
    let (start, end) = (&range.start, &range.end);
    let mut props = vec![("line", start.line.to_string())];
    if start.line == end.line {
        props.push(("col", start.column.to_string()));
    }
    props.push(("endLine", end.line.to_string()));
    if start.line == end.line {
        props.push(("endColumn", end.column.to_string()));
    }
    props
}

/// The rule's ID and, for a built-in rule, its title: the heading of the annotation.
fn title(rule: &str) -> String {
    match BUILTIN.get(rule) {
        Some(doc) => format!("{rule}: {}", doc.title),
        None => rule.to_string(),
    }
}

fn command(name: &str, props: &[(&str, String)], message: &str) -> String {
    let props: Vec<String> = props
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect();
    format!("::{name} {}::{}\n", props.join(","), escape_data(message))
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_first_then_line_breaks() {
        assert_eq!(escape_data("50%\r\nof:a,b"), "50%25%0D%0Aof:a,b");
        assert_eq!(
            escape_data("%0A"),
            "%250A",
            "an escape in the text stays literal"
        );
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(
            escape_property("drafts/a,b:c%.md"),
            "drafts/a%2Cb%3Ac%25.md"
        );
    }

    #[test]
    fn columns_only_for_a_range_on_one_line() {
        use crate::cli::check::JsonPos;
        let pos = |line, column| JsonPos {
            line,
            column,
            offset: 0,
        };
        let keys = |range| -> Vec<&str> { position(&range).iter().map(|(k, _)| *k).collect() };
        let one_line = JsonRange {
            start: pos(3, 2),
            end: pos(3, 9),
        };
        assert_eq!(keys(one_line), ["line", "col", "endLine", "endColumn"]);
        let two_lines = JsonRange {
            start: pos(3, 2),
            end: pos(4, 1),
        };
        assert_eq!(keys(two_lines), ["line", "endLine"]);
    }

    #[test]
    fn a_command_names_level_properties_and_message() {
        let line = command(
            "warning",
            &[("file", "x.md".into()), ("title", "a: b".into())],
            "two\nlines",
        );
        assert_eq!(line, "::warning file=x.md,title=a%3A b::two%0Alines\n");
    }
}
