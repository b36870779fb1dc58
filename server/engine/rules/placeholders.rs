//! `placeholder.unfilled`: template tokens the front-matter does not define would be sent as
//! written.

use super::{add_frontmatter_line, finding, Analysis, Config, Edit, Finding, Fix};
use crate::engine::draft::placeholder_key;

pub fn check(a: &Analysis, _config: &Config, out: &mut Vec<Finding>) {
    for p in a.placeholders.iter().filter(|p| p.value.is_none()) {
        let token = &a.text()[p.range.clone()];
        let mut f = finding(
            "placeholder.unfilled",
            p.range.clone(),
            format!("Unfilled placeholder `{token}` would be sent as written."),
        );
        if !p.name.is_empty() {
            let key = placeholder_key(&p.name);
            // Name-like placeholders are filled by `to:`; others by a key of their own or `vars:`.
            let (key, hint) = match key.as_str() {
                "first_name" | "firstname" | "first" | "name" | "full_name" | "recipient" => {
                    ("to", "their full name")
                }
                "company" | "company_name" | "organization" | "org" => ("company", "their company"),
                "role" | "title" | "job_title" | "position" => ("role", "their role"),
                _ => ("", ""),
            };
            if !key.is_empty() && a.draft.root.as_ref().is_some_and(|r| r.get(key).is_none()) {
                f.message = format!("Unfilled placeholder `{token}`: add `{key}:` ({hint}) to the front-matter, or write it out.");
                f.fixes.push(Fix {
                    title: format!("Add `{key}:` to the front-matter"),
                    edits: vec![add_frontmatter_line(a, key, "")],
                    new_file: None,
                    preferred: false,
                    safe: false,
                });
            }
        }
        f.fixes.push(Fix {
            title: format!("Remove `{token}`"),
            edits: vec![Edit {
                range: p.range.clone(),
                text: String::new(),
            }],
            new_file: None,
            preferred: false,
            safe: false,
        });
        out.push(f);
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
        assert!(f[0].message.contains("`to:`"));
        assert!(f[0]
            .fixes
            .iter()
            .any(|x| x.title == "Add `to:` to the front-matter"));
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
