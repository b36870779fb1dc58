//! `personalization.name-mismatch`: the greeting names someone other than the `to:` recipient,
//! the tell-tale of a draft copied from another. An error, so it must be sure: groups (`Hi team`),
//! nicknames and short forms (`Bob` for Robert, `Sam` for Samantha), surnames after a title,
//! accents and case, hyphenated parts and names in scripts without spaces all count as a match.

use super::message::Message;
use super::prose::{contains_word, fold};
use super::{finding, params, Edit, Finding, Fix};

pub const ID: &str = "personalization.name-mismatch";

pub fn check(m: &Message, out: &mut Vec<Finding>) {
    if !params::applies(m.a, ID) {
        return;
    }
    let (Some(r), Some(g)) = (&m.recipient, &m.greeting) else {
        return;
    };
    let p = &m.prose;
    let Some(names) = g.name_range() else { return };
    if g.lowercase {
        return; // "Hi victoria -" is addressed, but a word in lower case may be no name at all
    }
    if g.names.iter().any(|n| r.answers_to(p.word(n))) {
        return;
    }
    // "Hi Mark and Sarah," greets them too.
    let text = p.text;
    let first_line = fold(&text[..text.find('\n').unwrap_or(text.len())]);
    if r.first_name_in(&first_line) {
        return;
    }
    // `Hi Northwind,` greets the company, not another person.
    let facts = &m.a.draft.facts;
    if let Some(company) = &facts.company {
        if contains_word(&fold(&company.value), &fold(p.word(&names))) {
            return;
        }
    }
    let wrong = p.word(&names);
    let right = match (&r.surname, g.honorific) {
        (Some(surname), true) => surname.clone(),
        _ => r.first.clone(),
    };
    let to = facts
        .to
        .as_ref()
        .map_or(r.first.as_str(), |t| t.value.as_str());
    out.push(
        finding(
            ID,
            p.source(names.clone()),
            format!("The greeting names {wrong}, but this message is to {to}."),
        )
        .with_fix(Fix {
            title: format!("Replace {wrong} with {right}"),
            edits: vec![Edit {
                range: p.source(names),
                text: right,
            }],
            new_file: None,
            preferred: true,
            safe: false,
            kind: crate::engine::finding::FixKind::Rewrite,
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::ID;

    fn silent(to: &str, body: &str) {
        let text = format!("---\nchannel: message\n{to}\n---\n{body}");
        assert!(findings(&text, ID).is_empty(), "{text}");
    }

    #[test]
    fn a_copied_name_fires_on_the_name_and_the_fix_replaces_it() {
        let text = "---\nchannel: message\nto: Sarah Chen\ncompany: Northwind\n---\nHi Mark 👋, congrats on Northwind's new warehouse! How is it going?";
        let f = findings(text, ID);
        assert_eq!(f.len(), 1);
        let start = text.find("Mark").unwrap();
        assert_eq!(f[0].range, start..start + 4);
        assert_eq!(
            f[0].message,
            "The greeting names Mark, but this message is to Sarah Chen."
        );
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(fixed.contains("Hi Sarah 👋, congrats"));
        assert!(findings(&fixed, ID).is_empty());
        assert!(findings(&fixed, "personalization.no-name").is_empty());
        assert_eq!(serious(&fixed), Vec::<String>::new());
    }

    #[test]
    fn a_name_typed_small_is_addressed_but_never_called_someone_else() {
        let to = "to: Sarah Chen";
        silent(
            to,
            "hi victoria - I applied for the role on AngelList. Could we talk?",
        );
        silent(
            to,
            "Hey sarah, I applied for the role on AngelList. Could we talk?",
        );
        // Without `to:` to compare with, the message is addressed.
        let text =
            "---\nchannel: message\n---\nhi victoria - I applied for the role. Could we talk?";
        assert!(findings(text, "personalization.no-name").is_empty());
    }

    #[test]
    fn a_title_keeps_the_surname() {
        let text = "---\nchannel: email\nto: Dr. Sarah Chen\nsubject: Your paper\n---\nDear Dr. Smith,\r\n\r\nYour paper was great.";
        let f = findings(text, ID);
        assert_eq!(covered(text, &f[0]), "Smith");
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(fixed.contains("Dear Dr. Chen,\r\n"));
        assert!(findings(&fixed, ID).is_empty());
    }

    #[test]
    fn a_wrong_name_in_a_filled_placeholder_points_at_the_token() {
        let text = "---\nchannel: message\nto: Sarah Chen\nvars:\n  name: Mark\n---\nHi {{name}}, great talk.";
        let f = findings(text, ID);
        assert_eq!(covered(text, &f[0]), "{{name}}");
        assert!(findings(&apply(text, &f[0].fixes[0]), ID).is_empty());
    }

    #[test]
    fn unspaced_scripts() {
        let text = "---\nchannel: note\nto: 王芳\n---\n李娜，你好！I enjoyed your talk.";
        let f = findings(text, ID);
        assert_eq!(covered(text, &f[0]), "李娜");
        silent("to: 王芳", "芳，你好！I enjoyed your talk.");
        silent("to: 王芳", "王芳，你好！I enjoyed your talk.");
    }

    #[test]
    fn silent_on_groups_nicknames_titles_accents_and_case() {
        for body in [
            "Hi team, quick one.",
            "Hi all, quick one.",
            "Hello everyone!",
            "Hi there, quick one.",
            "Hi Northwind team, quick one.",
            "Hi Northwind, quick one.",
            "Hi I'm Tom from Acme.",
            "Hi, I loved your post.",
            "Hi Mark and Sarah, quick one.",
            "Hi Mark, Sarah, quick one.",
            "hi mark, lower case is not sure enough to call a name.",
        ] {
            silent("to: Sarah Chen\ncompany: Northwind", body);
        }
        silent("to: Robert Lee\nfirst_name: Bob", "Hi Bob, great post.");
        silent("to: Robert Lee\nfirst_name: Bob", "Hi Robert, great post.");
        silent("to: Robert Lee", "Hi Bobby, great post.");
        silent("to: Samantha Ortiz", "Hi Sam, great post.");
        silent("to: Alex Romero", "Hi Alexander, great post.");
        silent("to: Chloé Girard", "Hi CHLOE, great post.");
        silent("to: Tomás Herrera", "Hi Tomas, great post.");
        silent("to: Anne-Marie Dubois", "Hi Anne, great post.");
        silent("to: Dr. Sarah Chen", "Dear Dr. Chen, great paper.");
        silent("to: Patrick O'Neill", "Hi Patrick O’Neill, great post.");
        silent(
            "company: Northwind",
            "Hi Mark, no to: means nothing to compare.",
        );
    }
}
