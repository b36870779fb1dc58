//! The fixes for `placeholder.unfilled`: fill the token from a front-matter value written under a
//! different spelling, or add the key it needs, with an empty value for the writer to type.
//!
//! The added key is left empty on purpose: Sendwell does not invent a recipient's facts, so the
//! finding stays until the value is typed after `key: `, where the fix leaves it ready.

use super::{Analysis, Edit, Fix};
use crate::engine::draft::{first_name_of, placeholder_key};
use crate::engine::frontmatter::NodeKind;
use crate::engine::render::Placeholder;
use crate::engine::text_edit::{set_key, FrontMatterEdit, NewValue};

/// Keys that describe the message, not the recipient: never a placeholder's value.
const META_KEYS: &[&str] = &[
    "channel", "subject", "plan", "sequence", "step", "send", "day", "sendwell", "vars",
];

/// What a fix tells the finding: the message to show and the fixes to offer, best first.
pub(crate) struct Advice {
    pub message: Option<String>,
    pub fixes: Vec<Fix>,
}

pub(crate) fn for_placeholder(a: &Analysis, p: &Placeholder, token: &str) -> Advice {
    let mut advice = Advice {
        message: None,
        fixes: Vec::new(),
    };
    if p.name.is_empty() || a.draft.root.is_none() {
        return advice;
    }
    if p.signature {
        // The reader's name from `to:` would sign the message as them.
        // "Your Title" and "Phone Number" sign the message too, but they are not a name.
        let own = if placeholder_key(&p.name).contains("name") {
            "your own name"
        } else {
            "your own details"
        };
        advice.message = Some(format!(
            "Unfilled placeholder “{token}” in the signature: write {own}."
        ));
        return advice;
    }
    let wanted = placeholder_key(&p.name);
    if let Some(source) = best_source(a, &wanted) {
        let exact = source.key == wanted;
        advice.fixes.push(Fix {
            title: format!("Fill with '{}' (from “{}”)", source.value, source.label),
            edits: vec![Edit {
                range: p.range.clone(),
                text: source.value.clone(),
            }],
            new_file: None,
            preferred: true,
            safe: exact,
            kind: crate::engine::finding::FixKind::Rewrite,
        });
        return advice;
    }
    let (key, what) = standard_key(&wanted);
    if let Some(key) = key {
        match a.draft.root.as_ref().and_then(|r| r.get(key)) {
            Some(v) if v.as_str().is_none() && matches!(v.kind, NodeKind::Scalar { .. }) => {
                advice.message = Some(format!(
                    "Unfilled placeholder “{token}”: “{key}:” is empty; type {what} after it."
                ));
            }
            Some(_) => {}
            None => {
                advice.message = Some(format!(
                    "Unfilled placeholder “{token}”: add “{key}:” ({what}) to the front-matter, or write it out."
                ));
                if let Some(edits) = set_key(&a.draft, key, NewValue::Empty) {
                    advice.fixes.push(Fix {
                        title: format!("Add “{key}:” to the front-matter (then type {what})"),
                        edits,
                        new_file: None,
                        preferred: true,
                        safe: false,
                        kind: crate::engine::finding::FixKind::Rewrite,
                    });
                }
            }
        }
        return advice;
    }
    // An instruction ("[Add one line about their launch]") or an example address is no name a
    // value could be given under: the writer writes in what it stands for.
    // A dotted merge field ("{{contact.first_name}}") is still a name.
    let address = p.name.contains(['@', '/'])
        || [".com", ".org", ".net", ".io"]
            .iter()
            .any(|tld| p.name.ends_with(tld));
    let instruction = p.name.split_whitespace().count() > 4 || p.name.contains(": ");
    if address || instruction {
        advice.message = Some(format!(
            "Unfilled placeholder “{token}” is a template's stand-in: write in what it stands for."
        ));
        return advice;
    }
    if let Some(edits) = add_var(a, &wanted) {
        advice.message = Some(format!(
            "Unfilled placeholder “{token}”: give it a value under “vars:” in the front-matter, or write it out."
        ));
        advice.fixes.push(Fix {
            title: format!("Add “{wanted}” under “vars:” (then type its value)"),
            edits,
            new_file: None,
            preferred: true,
            safe: false,
            kind: crate::engine::finding::FixKind::Rewrite,
        });
    }
    advice
}

/// What a removal of the placeholder at `token` takes, if one leaves whole text: the token and
/// the space before it in a greeting ("Hi {first_name}," → "Hi,"), or a line of its own with
/// its line break. Anywhere else ("I noticed <COMPANY> is growing") the sentence needs a word
/// there, so there is no removal: the writer fills it.
pub(crate) fn removal(text: &str, token: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    // A greeting is short: look at most this far either side, so ten thousand tokens on one
    // line cost ten thousand short looks, not a scan of the line each.
    const NEAR: usize = 64;
    let mut from = token.start.saturating_sub(NEAR);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (token.end + NEAR).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let line_start = match text[from..token.start].rfind(['\n', '\r']) {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => return None,
    };
    let line_end = text[token.end..to]
        .find(['\n', '\r'])
        .map_or(to, |i| token.end + i);
    let before = &text[line_start..token.start];
    let after = &text[token.end..line_end];
    let line_ends = line_end < to || to == text.len();
    if before.trim().is_empty() && after.trim().is_empty() && line_ends {
        let mut end = line_end;
        if text[end..].starts_with("\r\n") {
            end += 2;
        } else if end < text.len() {
            end += 1;
        }
        return Some(line_start..end);
    }
    let greeting = before
        .trim_end()
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let is_greeting = [
        "hi",
        "hello",
        "hey",
        "dear",
        "greetings",
        "good morning",
        "good afternoon",
        "good evening",
    ]
    .contains(&greeting.as_str());
    let rest = after.trim_start_matches([' ', '\t']);
    // The greeting ends there: punctuation, the line's end, or an emoji ("Hi {first_name} 👋").
    let closes = !rest.starts_with(|c: char| c.is_alphanumeric() || matches!(c, '\'' | '’'));
    if !is_greeting || !closes || !before.ends_with([' ', '\t']) {
        return None;
    }
    let start = line_start + before.trim_end_matches([' ', '\t']).len();
    let end = token.end + (after.len() - rest.len()) * usize::from(rest.is_empty());
    Some(start..end)
}

/// Where a standard placeholder's value lives, and what to type there.
fn standard_key(wanted: &str) -> (Option<&'static str>, &'static str) {
    match wanted {
        "first_name" | "firstname" | "first" | "name" | "full_name" | "recipient" => {
            (Some("to"), "their full name")
        }
        "company" | "company_name" | "organization" | "org" => (Some("company"), "their company"),
        "role" | "title" | "job_title" | "position" => (Some("role"), "their role"),
        _ => (None, ""),
    }
}

struct Source {
    /// The normalized key it was found under.
    key: String,
    /// How to name it in the title: `company:` or `vars.talk:`.
    label: String,
    value: String,
}

/// A front-matter value the placeholder was probably meant to take: a top-level key or a `vars:`
/// entry whose name is the placeholder's, or one slip away from it. Top-level keys count because
/// people write `event: SupplyConf` beside `to:`, though only `vars:` fills placeholders.
fn best_source(a: &Analysis, wanted: &str) -> Option<Source> {
    let root = a.draft.root.as_ref()?;
    let mut candidates: Vec<(usize, Source)> = Vec::new();
    let mut consider = |key: &str, label: String, value: &str| {
        let norm = placeholder_key(key);
        let value = value.trim();
        if value.is_empty() || value.contains(['\n', '\r']) {
            return;
        }
        let distance = strsim::damerau_levenshtein(&norm, wanted);
        let allowed = match wanted.chars().count() {
            0..=3 => 0,
            4..=6 => 1,
            _ => 2,
        };
        if distance <= allowed {
            candidates.push((
                distance,
                Source {
                    key: norm,
                    label,
                    value: value.to_string(),
                },
            ));
        }
    };
    for (k, v) in root.entries() {
        let (Some(key), Some(value)) = (k.as_str(), v.as_str()) else {
            continue;
        };
        if !META_KEYS.contains(&key) {
            consider(key, format!("{key}:"), value);
        }
    }
    for (key, value) in &a.draft.facts.vars {
        consider(key, format!("vars.{key}:"), value);
    }
    // `{frist_name}` and friends: the first name comes from `to:`.
    if let (Some(first), Some(to)) = (&a.draft.facts.first_name, &a.draft.facts.to) {
        if first_name_of(&to.value).as_deref() == Some(first.as_str()) {
            consider("first_name", "to:".into(), first);
        }
    }
    candidates.sort_by_key(|(d, _)| *d);
    candidates.into_iter().next().map(|(_, s)| s)
}

/// Adds `key: ` under `vars:`, creating the mapping when there is none. The value is left for
/// the writer; the line ends right after `: ` so typing there fills it.
fn add_var(a: &Analysis, key: &str) -> Option<Vec<Edit>> {
    let mut edit = FrontMatterEdit::new(&a.draft)?;
    edit.set(&["vars", key], NewValue::Empty)?;
    edit.finish()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::engine::finding::{Finding, Fix};

    fn fix<'f>(f: &'f Finding, title: &str) -> &'f Fix {
        f.fixes
            .iter()
            .find(|x| x.title.starts_with(title))
            .unwrap_or_else(|| panic!("no {title:?} in {:?}", f.fixes))
    }

    /// Types `value` where a fix left an empty `key: `.
    fn type_value(text: &str, key: &str, value: &str) -> String {
        let at = text.find(&format!("{key}: ")).expect("key added") + key.len() + 2;
        let mut out = text.to_string();
        out.insert_str(at, value);
        out
    }

    #[test]
    fn fills_from_a_top_level_key_vars_typo_or_first_name() {
        let text = "---\nchannel: note\nto: Sarah Chen\nevent: SupplyConf 👋\nvars:\n  talk_title: Forecasting\n---\nHi {frist_name}, loved {talk_titel} at {event}.";
        let f = findings(text, "placeholder.unfilled");
        let got: Vec<_> = f.iter().map(|f| f.fixes[0].title.as_str()).collect();
        assert_eq!(
            got,
            vec![
                "Fill with 'Sarah' (from “to:”)",
                "Fill with 'Forecasting' (from “vars.talk_title:”)",
                "Fill with 'SupplyConf 👋' (from “event:”)",
            ]
        );
        assert!(f.iter().all(|f| f.fixes[0].preferred));
        // Only the exact-name fill is safe to apply blind.
        let safe: Vec<bool> = f.iter().map(|f| f.fixes[0].safe).collect();
        assert_eq!(safe, vec![false, false, true]);
        let mut fixed = text.to_string();
        for f in f.iter().rev() {
            fixed = apply(&fixed, &f.fixes[0]);
        }
        assert!(fixed.ends_with("Hi Sarah, loved Forecasting at SupplyConf 👋."));
        assert!(findings(&fixed, "placeholder.unfilled").is_empty());
    }

    #[test]
    fn distant_names_are_not_guessed() {
        let text = "---\nchannel: note\nto: Sarah Chen\nteam: Ops\n---\nHi {topic} {tea}";
        let f = findings(text, "placeholder.unfilled");
        assert!(
            f.iter().all(|f| !f.fixes[0].title.starts_with("Fill")),
            "{f:?}"
        );
    }

    #[test]
    fn adding_to_then_typing_the_name_resolves_it() {
        let text = "---\r\nchannel: note\r\n---\r\nHi {first_name} 👋";
        let f = &findings(text, "placeholder.unfilled")[0];
        let add = fix(f, "Add “to:”");
        assert!(add.preferred);
        let added = apply(text, add);
        assert_eq!(
            added,
            "---\r\nchannel: note\r\nto: \r\n---\r\nHi {first_name} 👋"
        );
        // Honest: an empty `to:` fills nothing, and the finding now says what to type.
        let still = findings(&added, "placeholder.unfilled");
        assert_eq!(still.len(), 1);
        assert_eq!(
            still[0].message,
            "Unfilled placeholder “{first_name}”: “to:” is empty; type their full name after it."
        );
        let typed = type_value(&added, "to", "Sarah Chen");
        assert!(findings(&typed, "placeholder.unfilled").is_empty());
    }

    #[test]
    fn custom_names_go_under_vars_in_any_layout() {
        let cases = [
            (
                "---\nchannel: note\n---\nRe {pain point}",
                "---\nchannel: note\nvars:\n  pain_point: \n---\nRe {pain point}",
            ),
            (
                "---\nchannel: note\nvars:\n    talk: X\n---\nRe {pain point}",
                "---\nchannel: note\nvars:\n    talk: X\n    pain_point: \n---\nRe {pain point}",
            ),
            (
                "---\nchannel: note\nvars: { talk: X }\n---\nRe {pain point}",
                "---\nchannel: note\nvars: { talk: X, pain_point:  }\n---\nRe {pain point}",
            ),
            (
                "---\r\nchannel: note\r\nvars:\r\n---\r\nRe {pain point}",
                "---\r\nchannel: note\r\nvars:\r\n  pain_point: \r\n---\r\nRe {pain point}",
            ),
        ];
        for (text, want) in cases {
            let f = &findings(text, "placeholder.unfilled")[0];
            let added = apply(text, fix(f, "Add “pain_point” under “vars:”"));
            assert_eq!(added, want);
            assert_eq!(findings(&added, "placeholder.unfilled").len(), 1);
            let typed = type_value(&added, "pain_point", "late shipments");
            assert!(
                findings(&typed, "placeholder.unfilled").is_empty(),
                "{typed:?}"
            );
            assert!(
                findings(&typed, "frontmatter.invalid").is_empty(),
                "{typed:?}"
            );
        }
    }
}
