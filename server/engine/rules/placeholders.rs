//! `placeholder.unfilled`: template tokens the front-matter does not define would be sent as
//! written.

use super::{finding, Analysis, Config, Edit, Finding, Fix};

pub fn check(a: &Analysis, _config: &Config, out: &mut Vec<Finding>) {
    for p in a.placeholders.iter().filter(|p| p.value.is_none()) {
        let token = &a.text()[p.range.clone()];
        let mut f = finding(
            "placeholder.unfilled",
            p.range.clone(),
            format!("Unfilled placeholder “{token}” would be sent as written."),
        );
        let advice = super::placeholder_fixes::for_placeholder(a, p, token);
        if let Some(message) = advice.message {
            f.message = message;
        }
        f.fixes.extend(advice.fixes);
        f.fixes.push(Fix {
            title: format!("Remove “{token}”"),
            edits: vec![Edit {
                range: p.range.clone(),
                text: String::new(),
            }],
            new_file: None,
            preferred: false,
            safe: false,
            kind: crate::engine::finding::FixKind::Rewrite,
        });
        out.push(f);
    }
    subject_placeholders(a, out);
}

/// Tokens in the subject: reported on the subject's value, with no rewrite (a front-matter edit
/// is `text_edit`'s job, and the writer knows best what the subject should say).
fn subject_placeholders(a: &Analysis, out: &mut Vec<Finding>) {
    let Some(subject) = a.subject_text() else {
        return;
    };
    let tokens = crate::engine::render::placeholders(a.text(), subject, &[], &a.draft.facts);
    for p in tokens.iter().filter(|p| p.value.is_none()) {
        let token = &a.text()[p.range.clone()];
        out.push(finding(
            "placeholder.unfilled",
            p.range.clone(),
            format!("Unfilled placeholder “{token}” in the subject would be sent as written."),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn unfilled_tokens_fire_with_exact_ranges() {
        let text =
            "---\nchannel: note\n---\nHi [Name], love what {{company}} does. ___ XX <first name>";
        let f = findings(text, "placeholder.unfilled");
        let got: Vec<_> = f.iter().map(|f| covered(text, f)).collect();
        assert_eq!(
            got,
            vec!["[Name]", "{{company}}", "___", "XX", "<first name>"]
        );
        assert!(f[0].message.contains("“to:”"));
        assert!(f[0]
            .fixes
            .iter()
            .any(|x| x.title == "Add “to:” to the front-matter (then type their full name)"));
    }

    #[test]
    fn defined_placeholders_are_silent() {
        let text = "---\nchannel: note\nto: Sarah Chen\ncompany: Northwind\nvars:\n  talk: forecasting\n---\nHi {first_name}, loved {talk} at {{company}}. [Name]";
        assert!(findings(text, "placeholder.unfilled").is_empty());
    }

    #[test]
    fn placeholders_in_comments_and_links_are_silent() {
        let text = "---\nchannel: note\n---\nHi Sarah <!-- fill [Name] later --> see [my post](https://x.io)";
        assert!(findings(text, "placeholder.unfilled").is_empty());
    }

    #[test]
    fn remove_fix_deletes_only_the_token() {
        let text = "---\nchannel: note\n---\nHi 👋 XX!";
        let f = findings(text, "placeholder.unfilled");
        let remove = f[0]
            .fixes
            .iter()
            .find(|x| x.title.starts_with("Remove"))
            .unwrap();
        assert_eq!(apply(text, remove), "---\nchannel: note\n---\nHi 👋 !");
    }
}
