//! The rules implemented in code. Each module checks one thing and is documented by its entry in
//! a rule pack under `rules/` (title, why, how to fix), which is where users read about it.
//!
//! To add a rule: give it an entry in a pack, write `fn check(&Analysis, &Config, &mut Vec<Finding>)`
//! in a module here, and call it from [`structure`] (or [`wording`], for a rule on the wording).

mod frontmatter_edit;
mod frontmatter_keys;
mod frontmatter_values;
mod generic_opener;
mod greeting;
mod limit_fixes;
mod limits;
mod message;
mod name_mismatch;
mod no_ask;
mod no_hook;
mod no_name;
mod paragraph;
mod params;
mod placeholder_fixes;
mod placeholders;
mod prose;
mod readability;
mod recipient;
mod self_centered;
mod subject;
mod wall_of_text;

use super::catalog::default_severity;
use super::config::Config;
use super::finding::{Edit, Finding, Fix};
use super::memo::Table;
use super::Analysis;

pub use paragraph::WordingParagraph;

/// Offers "Disable RULE in this draft" on every finding.
pub(crate) fn offer_disable(a: &Analysis, out: &mut [Finding]) {
    // One fix per rule, copied to each of its findings: a long draft can have thousands.
    let mut disable: std::collections::HashMap<String, Option<Fix>> = Default::default();
    for f in out.iter_mut() {
        if !disable.contains_key(&f.rule) {
            disable.insert(f.rule.clone(), disable_in_draft(a, &f.rule));
        }
        if let Some(Some(fix)) = disable.get(&f.rule) {
            f.fixes.push(fix.clone());
        }
    }
}

/// The rules about the draft's shape: front-matter keys, limits, subject, placeholders.
/// Public, like [`wording`], so benchmarks can time each family of rules.
pub fn structure(a: &Analysis, config: &Config, out: &mut Vec<Finding>) {
    frontmatter_keys::check(a, config, out);
    frontmatter_values::check(a, config, out);
    if a.channel.is_some() {
        limits::check(a, config, out);
        subject::check(a, config, out);
    }
    placeholders::check(a, config, out);
}

/// The rules that read the message's wording share one reading of it. Paragraphs that `table`
/// holds from an earlier lint are not read again.
pub fn wording(a: &Analysis, table: Option<&mut Table<WordingParagraph>>, out: &mut Vec<Finding>) {
    let m = message::Message::new(a, table);
    no_name::check(&m, out);
    name_mismatch::check(&m, out);
    generic_opener::check(&m, out);
    no_hook::check(&m, out);
    self_centered::check(&m, out);
    no_ask::check(&m, out);
    wall_of_text::check(&m, out);
    readability::check(&m, out);
}

/// A finding of a built-in rule at its default severity.
pub(crate) fn finding(
    rule: &str,
    range: std::ops::Range<usize>,
    message: impl Into<String>,
) -> Finding {
    Finding::new(rule, default_severity(rule), range, message)
}

/// An edit that adds `key: value` as the last front-matter line.
pub(crate) fn add_frontmatter_line(a: &Analysis, key: &str, value: &str) -> Edit {
    let nl = a.draft.newline();
    let at = a.draft.frontmatter_insert_point();
    let text = a.text();
    // An unclosed block may end without a line break; start a fresh line then.
    let lead = if at > 0 && !text[..at].ends_with('\n') && !text[..at].ends_with('\r') {
        nl
    } else {
        ""
    };
    Edit {
        range: at..at,
        text: format!("{lead}{key}: {value}{nl}"),
    }
}

/// "Disable RULE in this draft": adds the rule to the front-matter's `sendwell.disable` list.
fn disable_in_draft(a: &Analysis, rule: &str) -> Option<Fix> {
    let root = a.draft.root.as_ref()?;
    let text = a.text();
    let nl = a.draft.newline();
    let edit = match root.get("sendwell") {
        None => add_frontmatter_line(a, "sendwell", &format!("{nl}  disable: [{rule}]")).pipe(
            |mut e| {
                // `sendwell: \n  disable: [...]` → drop the trailing space after the colon.
                e.text = e.text.replacen("sendwell: ", "sendwell:", 1);
                e
            },
        ),
        Some(settings) => match settings.get("disable") {
            Some(list) if text[list.range.clone()].trim_end().ends_with(']') => {
                let close = list.range.start + text[list.range.clone()].trim_end().len() - 1;
                let sep = if list.items().is_empty() { "" } else { ", " };
                Edit {
                    range: close..close,
                    text: format!("{sep}{rule}"),
                }
            }
            Some(list) if !list.items().is_empty() => {
                let last = list.items().last()?;
                let line_start = text[..last.range.start].rfind('\n').map_or(0, |i| i + 1);
                let indent_end = text[line_start..].find('-').map(|i| line_start + i)?;
                let line_end = text[last.range.end..]
                    .find('\n')
                    .map_or(text.len(), |i| last.range.end + i + 1);
                let indent = &text[line_start..indent_end];
                let lead = if text[..line_end].ends_with('\n') {
                    ""
                } else {
                    nl
                };
                Edit {
                    range: line_end..line_end,
                    text: format!("{lead}{indent}- {rule}{nl}"),
                }
            }
            _ => return None,
        },
    };
    Some(Fix {
        title: format!("Disable {rule} in this draft"),
        edits: vec![edit],
        new_file: None,
        preferred: false,
        safe: false,
        kind: crate::engine::finding::FixKind::Suppression,
    })
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl<T> Pipe for T {}

/// Where the rules' tests have always found their helpers.
#[cfg(test)]
pub(crate) use super::test_support;

#[cfg(test)]
mod tests {
    use super::test_support::*;

    /// Applies the "Disable subject.missing in this draft" fix and checks it silences the rule.
    fn disable_subject_missing(text: &str) -> String {
        let f = &findings(text, "subject.missing")[0];
        let fix = f
            .fixes
            .iter()
            .find(|x| x.title.starts_with("Disable"))
            .unwrap();
        let fixed = apply(text, fix);
        assert!(findings(&fixed, "subject.missing").is_empty(), "{fixed:?}");
        fixed
    }

    #[test]
    fn disable_fix_adds_a_sendwell_block_and_silences_the_rule() {
        let fixed = disable_subject_missing(
            "---\nchannel: inmail\nto: Sarah Chen\n---\nHi Sarah, a question about your post?",
        );
        assert!(
            fixed.contains("sendwell:\n  disable: [subject.missing]\n---"),
            "{fixed}"
        );
    }

    #[test]
    fn disable_fix_extends_an_existing_list() {
        let fixed = disable_subject_missing(
            "---\nchannel: inmail\nsendwell: { disable: [length.long] }\n---\nHi?",
        );
        assert!(fixed.contains("[length.long, subject.missing]"), "{fixed}");
    }

    #[test]
    fn disable_fix_extends_a_block_list() {
        let fixed = disable_subject_missing(
            "---\r\nchannel: inmail\r\nsendwell:\r\n  disable:\r\n    - length.long\r\n---\r\nHi?",
        );
        assert!(
            fixed.contains("    - length.long\r\n    - subject.missing\r\n---"),
            "{fixed:?}"
        );
    }
}
