//! `personalization.generic-opener`: stock openers ("I came across your profile", "I hope this
//! message finds you well") that tell the reader nothing about why they, of all people, got it.
//! The phrases are data; straight and curly apostrophes and any spacing match alike.
//!
//! The fix replaces the sentence with one built from the front-matter (role, company) and leaves
//! the hook, which only the writer knows, as a `[square bracket]` marker. The marker is a
//! placeholder on purpose: `placeholder.unfilled` reports it as an error until it is filled in, so
//! a half-done opener can never be sent by accident. That is why the fix is not marked safe.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::message::Message;
use super::{finding, params, Edit, Finding, Fix};

pub const ID: &str = "personalization.generic-opener";

#[derive(Deserialize)]
struct Params {
    phrases: Vec<String>,
    /// Openers to offer instead, by what the front-matter gives: `{role}` and `{company}` are
    /// filled in, and the `[...]` marker is left for the writer.
    opener_role_company: String,
    opener_company: String,
    opener_role: String,
    opener_plain: String,
    /// The greeting put in place of a salutation ("To whom it may concern") when there is no
    /// `to:` to take a name from.
    greeting_without_name: String,
}

static PARAMS: LazyLock<Params> = LazyLock::new(|| params::builtin(ID));

static PHRASES: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = PARAMS.phrases.iter().map(|p| phrase_pattern(p)).collect();
    Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|"))).expect("opener phrases")
});

#[cfg(test)]
pub(crate) fn phrase_count() -> usize {
    PHRASES.captures_len() + PARAMS.phrases.len()
}

/// A phrase as a pattern: any apostrophe for `'`, any run of spaces or line breaks for a space.
pub(crate) fn phrase_pattern(phrase: &str) -> String {
    let mut out = String::new();
    for word in phrase.split_whitespace() {
        if !out.is_empty() {
            out.push_str(r"\s+");
        }
        for c in word.chars() {
            if matches!(c, '\'' | '’' | '‘' | 'ʼ') {
                out.push_str("['’‘ʼ]");
            } else {
                out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
            }
        }
    }
    out
}

pub fn check(m: &Message, out: &mut Vec<Finding>) {
    if !params::applies(m.a, ID) {
        return;
    }
    let p = &m.prose;
    for hit in PHRASES.find_iter(p.text) {
        // "reach out-of-band" is not "reach out".
        if p.text[hit.end()..].starts_with('-') {
            continue;
        }
        let said = hit.as_str();
        let mut f = finding(
            ID,
            p.source(hit.range()),
            format!("“{said}” is a stock opener: say what made you write to them instead."),
        );
        if let Some(fix) = fix(m, hit.range()) {
            f.fixes.push(fix);
        }
        out.push(f);
    }
}

fn fix(m: &Message, hit: std::ops::Range<usize>) -> Option<Fix> {
    let p = &m.prose;
    let facts = &m.a.draft.facts;
    // A salutation in place of a greeting: greet them by name instead.
    if let Some(g) = m
        .greeting
        .as_ref()
        .filter(|g| g.salutation && g.range == hit)
    {
        let text = match &m.recipient {
            Some(r) => format!("Hi {}", r.first),
            None => PARAMS.greeting_without_name.clone(),
        };
        return Some(Fix {
            title: format!("Replace with “{text}”"),
            edits: vec![Edit {
                range: p.source(g.range.clone()),
                text,
            }],
            new_file: None,
            preferred: true,
            safe: false,
        });
    }
    let sentence = p.sentence_at(hit.start)?;
    // "Hi Priya, I came across your profile...": keep the greeting, replace what follows it.
    let greeting_end = m
        .greeting
        .as_ref()
        .map(|g| g.end)
        .filter(|&e| sentence.start < e && e <= hit.start);
    let start = greeting_end.unwrap_or(sentence.start);
    let template = match (&facts.role, &facts.company) {
        (Some(_), Some(_)) => &PARAMS.opener_role_company,
        (None, Some(_)) => &PARAMS.opener_company,
        (Some(_), None) => &PARAMS.opener_role,
        (None, None) => &PARAMS.opener_plain,
    };
    let value = |s: &Option<crate::engine::draft::Spanned<String>>| {
        s.as_ref().map_or(String::new(), |s| s.value.clone())
    };
    let mut opener = template
        .replace("{role}", &value(&facts.role))
        .replace("{company}", &value(&facts.company));
    if greeting_end.is_some() && p.text[..start].trim_end().ends_with(',') {
        opener = lowercase_first(&opener);
    }
    Some(Fix {
        title: "Replace with an opener about them (fill in the [marker])".into(),
        edits: vec![Edit {
            range: p.source(start..sentence.end),
            text: opener,
        }],
        new_file: None,
        preferred: true,
        safe: false,
    })
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        // A marker keeps its case: "[What stood out] caught my eye."
        Some(c) if c != '[' => c.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::ID;

    const PRIYA: &str = "---\nchannel: connection-note\nto: Priya Sharma\ncompany: Razorpay\nrole: Product Manager\n---\n";

    #[test]
    fn a_stock_opener_fires_and_the_fix_leaves_a_marked_hook() {
        let text = format!("{PRIYA}Hi Priya, I came across your profile and was impressed by your background. I'd love to connect!");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        let start = text.find("I came").unwrap();
        assert_eq!(
            f[0].range,
            start..start + "I came across your profile".len()
        );
        let fixed = apply(&text, &f[0].fixes[0]);
        assert!(fixed.ends_with("Hi Priya, your work as Product Manager at Razorpay caught my eye, especially [what stood out]. I'd love to connect!"), "{fixed}");
        assert!(findings(&fixed, ID).is_empty());
        // The marker is a placeholder on purpose, and is the only new trouble.
        let unfilled = findings(&fixed, "placeholder.unfilled");
        assert_eq!(unfilled.len(), 1);
        assert_eq!(covered(&fixed, &unfilled[0]), "[what stood out]");
        assert_eq!(serious(&fixed), vec!["placeholder.unfilled".to_string()]);
        let filled = fixed.replace("[what stood out]", "your post on UPI autopay");
        assert_eq!(serious(&filled), Vec::<String>::new());
    }

    #[test]
    fn blank_lines_before_the_body_keep_ranges_exact() {
        let text = format!("{PRIYA}\n\n  Hi Priya, I came across your profile. Connect?");
        let f = findings(&text, ID);
        assert_eq!(covered(&text, &f[0]), "I came across your profile");
    }

    #[test]
    fn curly_apostrophes_case_and_line_breaks_match() {
        let text =
            format!("{PRIYA}Hi, I’d like to add you to my professional network on LinkedIn.");
        let f = findings(&text, ID);
        assert_eq!(
            covered(&text, &f[0]),
            "I’d like to add you to my professional network"
        );
        let text = "---\nchannel: email\nto: Olivia Turner\nsubject: Repairs\n---\nHi Olivia,\r\n\r\ni HOPE this message\r\nfinds you well. How do you pick items?";
        let f = findings(text, ID);
        assert_eq!(
            covered(text, &f[0]),
            "i HOPE this message\r\nfinds you well"
        );
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(
            fixed.contains("\r\n\r\n[What stood out about their work] caught my eye. How do"),
            "{fixed:?}"
        );
    }

    #[test]
    fn a_salutation_is_replaced_by_a_greeting() {
        let text = "---\nchannel: email\nto: Sarah Chen\nsubject: Hi\n---\nTo whom it may concern,\n\nYour post on retries was great. Can I ask one thing?";
        let f = findings(text, ID);
        assert_eq!(covered(text, &f[0]), "To whom it may concern");
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(fixed.contains("---\nHi Sarah,\n\nYour post"));
        assert!(findings(&fixed, ID).is_empty());
        assert_eq!(serious(&fixed), Vec::<String>::new());
    }

    #[test]
    fn silent_near_misses() {
        for body in [
            "Hi Mark, Jane Smith suggested I reach out. Hope to connect.",
            "Hi Dana, hope your week is going well. How is the team?",
            "Hi Priya, I came across your post on UPI autopay. Great read!",
            "Hi Priya, <!-- I came across your profile --> loved your UPI post.",
            "Hi Priya, I wanted to reach out-of-band ideas? No: loved your post.",
        ] {
            let text = format!("{PRIYA}{body}");
            assert!(findings(&text, ID).is_empty(), "{body}");
        }
    }
}
