//! Reading a rule pack's text: each `[[rule]]` on its own, so one broken rule (a missing title,
//! a bad regex) is reported at its line and the pack's other rules still load.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use serde::Deserialize;

use crate::engine::catalog::{RuleDoc, BUILTIN};
pub use crate::engine::user_pack::{Pack, PackProblem};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    #[serde(default)]
    rule: Vec<toml::Spanned<toml::Table>>,
}

impl Pack {
    /// Parses and checks a pack. Never fails: what is wrong is in `problems`, and what is right
    /// is in `rules`.
    pub fn parse(path: &str, text: &str) -> Pack {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut h);
        let mut pack = Pack {
            path: path.to_string(),
            rules: Vec::new(),
            problems: Vec::new(),
            fingerprint: h.finish(),
        };
        let raw: RawPack = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let range = e.span().unwrap_or(0..0);
                pack.problems
                    .push(PackProblem::at(path, text, range, e.message().trim()));
                return pack;
            }
        };
        for spanned in raw.rule {
            let span = spanned.span();
            let table = spanned.into_inner();
            let id = table.get("id").and_then(|v| v.as_str()).map(String::from);
            let problem = |message: String, key: Option<&str>, needle: Option<&str>| {
                let at = locate(text, span.clone(), key, needle);
                let what = id
                    .as_deref()
                    .map_or(String::new(), |i| format!("rule “{i}”: "));
                PackProblem::at(path, text, at, format!("{what}{message}"))
            };
            let doc: RuleDoc = match toml::Value::Table(table).try_into() {
                Ok(doc) => doc,
                Err(e) => {
                    let message = e.message().trim().to_string();
                    let key = quoted_name(&message);
                    pack.problems
                        .push(problem(message.clone(), key.as_deref(), None));
                    continue;
                }
            };
            if let Err(message) = check_id(&doc, &pack.rules) {
                pack.problems.push(problem(message, Some("id"), None));
                continue;
            }
            if doc.kind == "code" {
                pack.problems.push(problem(
                    "“kind = \"code\"” is for built-in rules; use phrase, pattern, metric or shouting"
                        .into(),
                    Some("kind"),
                    None,
                ));
                continue;
            }
            if let Err(message) = super::validate(&doc) {
                let needle = quoted_name(&message);
                pack.problems
                    .push(problem(message.clone(), Some("params"), needle.as_deref()));
                continue;
            }
            if let Some(Err(message)) = doc.mild.as_ref().map(|m| check_mild(m, doc.severity)) {
                let needle = quoted_name(&message);
                pack.problems
                    .push(problem(message, Some("mild"), needle.as_deref()));
                continue;
            }
            for (message, places) in super::replacement_problems(&doc) {
                let rule_text = &text[span.start.min(text.len())..];
                let needle = places.iter().find(|p| rule_text.contains(p.as_str()));
                pack.problems
                    .push(problem(message, Some("params"), needle.map(String::as_str)));
            }
            pack.rules.push(doc);
        }
        pack
    }
}

/// A `[rule.mild]` table lowers a finding, and its `matching` is a regular expression.
pub(crate) fn check_mild(
    mild: &crate::engine::catalog::Mild,
    severity: crate::engine::finding::Severity,
) -> Result<(), String> {
    if mild.severity <= severity {
        return Err(format!(
            "mild severity “{}” must be below the rule's “{}”",
            mild.severity.as_str(),
            severity.as_str()
        ));
    }
    if let Some(re) = &mild.matching {
        if let Err(e) = regex::Regex::new(re) {
            return Err(format!("invalid regex “{re}” in “mild.matching”: {e}"));
        }
    }
    Ok(())
}

fn check_id(doc: &RuleDoc, earlier: &[RuleDoc]) -> Result<(), String> {
    let valid = doc.id.split_once('.').is_some_and(|(c, n)| {
        !c.is_empty()
            && !n.is_empty()
            && doc
                .id
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-' | '_'))
    });
    if !valid {
        return Err(format!(
            "id “{}” must be “category.name” (letters, digits, “-”)",
            doc.id
        ));
    }
    if BUILTIN.get(&doc.id).is_some() {
        return Err(format!(
            "id “{}” is a built-in rule; give yours another name",
            doc.id
        ));
    }
    if earlier.iter().any(|r| r.id == doc.id) {
        return Err(format!("id “{}” appears twice in this pack", doc.id));
    }
    Ok(())
}

/// The first quoted name in a message: toml's own quote with backticks ("missing field
/// `title`" → title), ours with typographic quotes ("invalid regex “(x”" → (x).
fn quoted_name(message: &str) -> Option<String> {
    let (open, close) = match (message.find('`'), message.find('“')) {
        (Some(b), Some(q)) if q < b => (q, '”'),
        (Some(b), _) => (b, '`'),
        (None, Some(q)) => (q, '”'),
        (None, None) => return None,
    };
    let start = open + message[open..].chars().next()?.len_utf8();
    let len = message[start..].find(close)?;
    Some(message[start..start + len].to_string())
}

/// Where in a rule's table to point: the line holding `needle` (a bad regex, say), else the line
/// that sets `key`, else the rule's `[[rule]]` header.
fn locate(text: &str, span: Range<usize>, key: Option<&str>, needle: Option<&str>) -> Range<usize> {
    // The span toml gives an array-of-tables entry may stop short of its sub-tables
    // (`[rule.params]`): the rule runs to the next `[[` header.
    let start = span.start.min(text.len());
    let end = text[start..]
        .match_indices("\n[[")
        .map(|(i, _)| start + i + 1)
        .find(|&i| i > start)
        .unwrap_or(text.len())
        .max(span.end.min(text.len()));
    let span = start..end;
    let body = &text[span.clone()];
    let line_at = |i: usize| {
        let start = span.start + body[..i].rfind('\n').map_or(0, |n| n + 1);
        let end = span.start + body[i..].find('\n').map_or(body.len(), |n| i + n);
        let line = &text[start..end];
        let lead = line.len() - line.trim_start().len();
        start + lead..end
    };
    if let Some(needle) = needle.filter(|n| !n.is_empty()) {
        // A regex in TOML may be written with doubled backslashes.
        for candidate in [needle.to_string(), needle.replace('\\', "\\\\")] {
            if let Some(i) = body.find(&candidate) {
                return line_at(i);
            }
        }
    }
    if let Some(key) = key {
        let mut offset = 0;
        for line in body.split_inclusive('\n') {
            let t = line.trim_start();
            let sets_key =
                t.starts_with(key) && t[key.len()..].trim_start().starts_with(['=', '.', ']']);
            let table = t.starts_with('[') && t.contains(&format!(".{key}"));
            if sets_key || table {
                return line_at(offset + (line.len() - t.len()));
            }
            offset += line.len();
        }
    }
    let end = span.start + body.find('\n').unwrap_or(body.len());
    span.start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[rule]]
id = "acme.jargon"
title = "Jargon"
severity = "hint"
why = "Plain words get more replies."
fix = "Say it plainly."
kind = "phrase"
message = "“{match}” is jargon."
[rule.params]
phrases = ["synergy", "move the needle"]
"#;

    #[test]
    fn a_good_pack_loads() {
        let p = Pack::parse("my-rules/acme.toml", GOOD);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.rules.len(), 1);
        assert_eq!(p.rules[0].id, "acme.jargon");
    }

    #[test]
    fn a_mild_table_must_lower_the_rule_and_hold_a_valid_regex() {
        let with = |mild: &str| {
            let text = format!(
                "[[rule]]\nid = \"acme.loud\"\ntitle = \"Loud\"\nseverity = \"warning\"\nwhy = \"w\"\nfix = \"f\"\nkind = \"phrase\"\n[rule.params]\nphrases = [\"act now\"]\n[rule.mild]\n{mild}\n"
            );
            Pack::parse("acme.toml", &text)
        };
        let good = with("severity = \"info\"\nalone = true");
        assert!(good.problems.is_empty(), "{:?}", good.problems);
        assert!(good.rules[0].mild.as_ref().is_some_and(|m| m.alone));
        let higher = with("severity = \"error\"\nalone = true");
        assert!(higher.rules.is_empty());
        assert!(
            higher.problems[0].message.contains("must be below"),
            "{}",
            higher.problems[0]
        );
        let bad = with("severity = \"hint\"\nmatching = '(oops'");
        assert!(bad.rules.is_empty());
        assert!(
            bad.problems[0].message.contains("mild.matching"),
            "{}",
            bad.problems[0]
        );
        let typo = with("severity = \"info\"\nalon = true");
        assert!(
            typo.rules.is_empty(),
            "an unknown key in [rule.mild] is reported"
        );
    }

    #[test]
    fn every_builtin_mild_table_is_valid() {
        for doc in BUILTIN.rules.iter() {
            if let Some(mild) = &doc.mild {
                check_mild(mild, doc.severity).unwrap_or_else(|e| panic!("{}: {e}", doc.id));
            }
        }
    }

    #[test]
    fn a_bad_regex_is_reported_at_its_line_and_other_rules_load() {
        let text = format!(
            "{GOOD}\n[[rule]]\nid = \"acme.bad\"\ntitle = \"Bad\"\nseverity = \"info\"\nwhy = \"w\"\nfix = \"f\"\nkind = \"pattern\"\n[rule.params]\npatterns = ['ok', '(unclosed']\n"
        );
        let p = Pack::parse("acme.toml", &text);
        assert_eq!(p.rules.len(), 1, "the good rule still loads");
        assert_eq!(p.problems.len(), 1);
        let line = text.lines().position(|l| l.contains("(unclosed")).unwrap() + 1;
        assert_eq!(p.problems[0].line as usize, line, "{}", p.problems[0]);
        assert!(p.problems[0].message.contains("acme.bad"));
        assert!(p.problems[0].message.contains("(unclosed"));
    }

    #[test]
    fn a_bad_replacement_is_a_problem_on_its_line_and_the_rule_still_loads() {
        let text = format!(
            "{GOOD}\n[rule.params.replace]\n\"synergy\" = [\"teamwork\", \"\"]\n\"synergies\" = [\"teamwork\"]\n"
        );
        let p = Pack::parse("acme.toml", &text);
        assert_eq!(p.rules.len(), 1, "{:?}", p.problems);
        assert_eq!(p.problems.len(), 2, "{:?}", p.problems);
        let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        assert!(
            p.problems[0].message.contains("synergies"),
            "{}",
            p.problems[0]
        );
        assert_eq!(p.problems[0].line as usize, line_of("\"synergies\" ="));
        assert!(
            p.problems[1].message.contains("must be other words"),
            "{}",
            p.problems[1]
        );
        assert_eq!(p.problems[1].line as usize, line_of("\"synergy\" ="));
    }

    #[test]
    fn a_missing_field_points_at_the_rule_and_a_typo_at_its_key() {
        let text = "[[rule]]\nid = \"acme.x\"\ntitle = \"X\"\nseverity = \"hint\"\nfix = \"f\"\nkind = \"phrase\"\n\n[[rule]]\nid = \"acme.y\"\ntitel = \"Y\"\n";
        let p = Pack::parse("acme.toml", text);
        assert_eq!(p.problems.len(), 2, "{:?}", p.problems);
        assert!(p.problems[0].message.contains("why"), "{}", p.problems[0]);
        assert_eq!(p.problems[0].line, 1);
        assert!(p.problems[1].message.contains("titel"), "{}", p.problems[1]);
        assert_eq!(p.problems[1].line, 10);
    }

    #[test]
    fn broken_toml_is_one_problem_with_a_line() {
        let p = Pack::parse("acme.toml", "[[rule]]\nid = \"acme.x\"\ntitle = = \"x\"\n");
        assert!(p.rules.is_empty());
        assert_eq!(p.problems[0].line, 3, "{}", p.problems[0]);
    }

    #[test]
    fn ids_must_be_new_and_well_formed() {
        let text = GOOD.replace("acme.jargon", "spam.trigger-word");
        let p = Pack::parse("a.toml", &text);
        assert!(
            p.problems[0].message.contains("built-in"),
            "{:?}",
            p.problems
        );
        let p = Pack::parse("a.toml", &GOOD.replace("acme.jargon", "jargon"));
        assert!(p.problems[0].message.contains("category.name"));
    }

    #[test]
    fn unknown_kinds_and_params_are_reported() {
        let p = Pack::parse("a.toml", &GOOD.replace("\"phrase\"", "\"magic\""));
        assert!(
            p.problems[0].message.contains("unknown kind"),
            "{:?}",
            p.problems
        );
        let p = Pack::parse("a.toml", &GOOD.replace("phrases =", "phrazes ="));
        assert!(
            p.problems[0].message.contains("phrazes"),
            "{:?}",
            p.problems
        );
        assert_eq!(p.problems[0].line, 11);
    }
}
