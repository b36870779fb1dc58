//! `subject.missing` and `subject.unexpected`: channels that need a subject have one, and
//! channels without a subject field have none.

use super::subject_fixes::suggested_subject;
use super::{finding, Analysis, Config, Finding, Fix};
use crate::engine::channels::SubjectPolicy;
use crate::engine::text_edit::{remove_key, set_key, NewValue};

pub fn check(a: &Analysis, _config: &Config, out: &mut Vec<Finding>) {
    let Some(channel) = &a.channel else { return };
    let facts = &a.draft.facts;
    match channel.subject {
        SubjectPolicy::Required if facts.subject.is_none() => {
            let suggestion = if a.with_fixes {
                suggested_subject(a)
            } else {
                String::new()
            };
            // An empty `subject:` (a new draft's template has one) is called empty, on its key.
            let (range, message, verb) = match &facts.subject_key {
                Some(key) => (
                    key.clone(),
                    format!(
                        "{} needs a subject: “subject:” is empty; type one after it.",
                        channel.name
                    ),
                    "Fill in",
                ),
                None => (
                    facts
                        .channel
                        .as_ref()
                        .map_or(a.draft.block.open_line.clone(), |c| c.range.clone()),
                    format!(
                        "{} needs a subject: add “subject:” to the front-matter.",
                        channel.name
                    ),
                    "Add",
                ),
            };
            let mut f = finding("subject.missing", range, message);
            // Quoted when needed: a company like `Acme: Labs` must not break the YAML. Worked
            // out for code actions only: a keystroke's lint needs no suggestion.
            let edits = a
                .with_fixes
                .then(|| set_key(&a.draft, "subject", NewValue::Text(&suggestion)))
                .flatten();
            if let Some(edits) = edits {
                f = f.with_fix(Fix {
                    title: format!("{verb} “subject: {suggestion}”"),
                    edits,
                    new_file: None,
                    preferred: true,
                    safe: false,
                    kind: crate::engine::finding::FixKind::Rewrite,
                });
            }
            out.push(f);
        }
        SubjectPolicy::Forbidden => {
            if let (Some(key), Some(_)) = (&facts.subject_key, &facts.subject) {
                let mut f = finding(
                    "subject.unexpected",
                    key.start..facts.subject.as_ref().map_or(key.end, |s| s.range.end),
                    format!(
                        "{} has no subject field: this subject will not be sent.",
                        channel.name
                    ),
                );
                if let Some(edits) = remove_key(&a.draft, "subject") {
                    f = f.with_fix(Fix {
                        title: "Remove the subject".into(),
                        edits,
                        new_file: None,
                        preferred: true,
                        safe: true,
                        kind: crate::engine::finding::FixKind::Rewrite,
                    });
                }
                out.push(f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn inmail_without_subject_fires_on_the_channel_value() {
        let text = "---\nchannel: inmail\nto: Sarah Chen\ncompany: Northwind\n---\nHi Sarah?";
        let f = findings(text, "subject.missing");
        assert_eq!(covered(text, &f[0]), "inmail");
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(
            fixed.contains("subject: Question about Northwind\n---"),
            "{fixed}"
        );
        assert!(findings(&fixed, "subject.missing").is_empty());
    }

    #[test]
    fn empty_subject_is_missing_and_filled_in_place() {
        let text = "---\nchannel: email\nsubject:\n---\nHi?";
        let f = findings(text, "subject.missing");
        // Called empty, on the key the writer has to fill (not "add subject:").
        assert_eq!(covered(text, &f[0]), "subject");
        assert!(f[0].message.contains("is empty"), "{}", f[0].message);
        assert!(f[0].fixes[0].title.starts_with("Fill in"));
        let fixed = apply(text, &f[0].fixes[0]);
        assert_eq!(
            fixed,
            "---\nchannel: email\nsubject: Quick question\n---\nHi?"
        );
    }

    #[test]
    fn inmail_with_subject_and_message_without_are_silent() {
        assert!(findings(
            "---\nchannel: inmail\nsubject: Your talk\n---\nHi?",
            "subject.missing"
        )
        .is_empty());
        assert!(findings("---\nchannel: message\n---\nHi?", "subject.missing").is_empty());
    }

    #[test]
    fn subject_on_a_note_is_unexpected_and_removable() {
        let text = "---\nchannel: note\nsubject: Hello there\nto: Sarah\n---\nHi Sarah";
        let f = findings(text, "subject.unexpected");
        assert_eq!(covered(text, &f[0]), "subject: Hello there");
        assert_eq!(
            apply(text, &f[0].fixes[0]),
            "---\nchannel: note\nto: Sarah\n---\nHi Sarah"
        );
        assert!(findings("---\nchannel: note\n---\nHi", "subject.unexpected").is_empty());
    }
}
