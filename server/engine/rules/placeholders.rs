//! `placeholder.unfilled`: template tokens the front-matter does not define would be sent as
//! written.

use super::{finding, Analysis, Config, Edit, Finding, Fix};

pub fn check(a: &Analysis, _config: &Config, out: &mut Vec<Finding>) {
    // Counted once, and only where a removal is on offer: it scans the whole message.
    let mut sent_letters = None;
    for p in a.placeholders.iter().filter(|p| p.value.is_none()) {
        let token = &one_line(&a.text()[p.range.clone()]);
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
        // A removal that would leave nothing to send (the body was the token and comments)
        // makes an empty message, a worse error than the blank.
        let removal = super::placeholder_fixes::removal(a.text(), p.range.clone());
        if let Some(range) = removal.filter(|_| {
            *sent_letters.get_or_insert_with(|| letters(&a.rendered.text)) > letters(token)
        }) {
            f.fixes.push(Fix {
                title: format!("Remove “{token}”"),
                edits: vec![Edit {
                    range,
                    text: String::new(),
                }],
                new_file: None,
                preferred: false,
                safe: false,
                kind: crate::engine::finding::FixKind::Rewrite,
            });
        }
        out.push(f);
    }
    subject_placeholders(a, out);
}

/// Letters and digits: what is left to read once whitespace and punctuation are set aside.
fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
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

/// A token as a message quotes it: a slot that runs over two lines (`{{One sentence about
/// their situation…}}`) on one.
fn one_line(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['\n', '\r']) {
        token
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .into()
    } else {
        token.into()
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
    fn merge_tags_of_other_template_languages_are_whole_tokens() {
        // The sigil and the doubled brackets are part of the token: filling `${first_name}`
        // must not leave a `$` behind.
        let text = "---\nchannel: email\n---\nHi ${first_name}, #{company} and <<Team>> met {!Contact.FirstName} via <%= source %>, $deal_size, __REGION__. Not __bold__ or a <<= b.";
        let f = findings(text, "placeholder.unfilled");
        let got: Vec<_> = f.iter().map(|f| covered(text, f)).collect();
        assert_eq!(
            got,
            vec![
                "${first_name}",
                "#{company}",
                "<<Team>>",
                "{!Contact.FirstName}",
                "<%= source %>",
                "$deal_size",
                "__REGION__"
            ]
        );
        // `to:` fills the whole token.
        let filled = "---\nchannel: email\nto: Sarah Chen\n---\nHi ${first_name}, how is the team?";
        assert!(findings(filled, "placeholder.unfilled").is_empty());
        assert!(findings(filled, "personalization.no-name").is_empty());
    }

    #[test]
    fn a_placeholder_that_is_the_whole_message_is_not_removed() {
        // Removing it would leave only a comment: an empty message (body.empty), a worse error.
        let text = "---\nchannel: inmail\n---\nXX\n<!-- note to self -->";
        let f = findings(text, "placeholder.unfilled");
        assert_eq!(f.len(), 1);
        assert!(
            !f[0].fixes.iter().any(|x| x.title.starts_with("Remove")),
            "{:?}",
            f[0].fixes
        );
        // Beside other words, the line of its own goes.
        let text = "---\nchannel: inmail\n---\nHi Sam, a question about your talk?\nXX\n";
        let f = findings(text, "placeholder.unfilled");
        assert!(
            f[0].fixes.iter().any(|x| x.title == "Remove “XX”"),
            "{:?}",
            f[0].fixes
        );
    }

    #[test]
    fn defined_placeholders_are_silent() {
        let text = "---\nchannel: note\nto: Sarah Chen\ncompany: Northwind\nvars:\n  talk: forecasting\n---\nHi {first_name}, loved {talk} at {{company}}. [Name]";
        assert!(findings(text, "placeholder.unfilled").is_empty());
    }

    #[test]
    fn a_name_slot_under_the_closing_is_the_senders_and_to_does_not_fill_it() {
        let text = "---\nchannel: email\nto: Sarah Chen\nsubject: Launch\n---\nHi [Name],\n\nHow did the launch go?\n\nBest,\n[Name]\n";
        let f = findings(text, "placeholder.unfilled");
        // The greeting's "[Name]" is Sarah; the signature's is the sender, still blank.
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(covered(text, &f[0]), "[Name]");
        assert!(f[0].range.start > text.find("Best,").unwrap());
        assert!(f[0].message.contains("signature"), "{}", f[0].message);
        assert!(
            f[0].fixes.iter().all(|x| !x.title.contains("Sarah")),
            "{:?}",
            f[0].fixes
        );
        // `vars:` is the writer's own word for it, so it fills the signature too.
        let text = text.replace("subject: Launch\n", "subject: Launch\nvars:\n  name: Tom\n");
        assert!(findings(&text, "placeholder.unfilled").is_empty());
    }

    #[test]
    fn each_kind_of_stand_in_says_what_to_write() {
        let text = "---\nchannel: email\nto: Sarah Chen\nsubject: Launch\n---\nHi Name,\n\n[Add one line about their launch, e.g., the Leeds store.]\n\nMail email@gmail.com.\n\nBest,\nName\nYour Title\n";
        let said: Vec<(String, String)> = findings(text, "placeholder.unfilled")
            .iter()
            .map(|f| (covered(text, f).to_string(), f.message.clone()))
            .collect();
        // "Hi Name," is Sarah (from `to:`); the instruction under the greeting is no signature.
        let expect = |token: &str, end: &str| {
            (
                token.to_string(),
                format!("Unfilled placeholder “{token}”{end}"),
            )
        };
        assert_eq!(
            said,
            [
                expect(
                    "[Add one line about their launch, e.g., the Leeds store.]",
                    " is a template's stand-in: write in what it stands for."
                ),
                expect(
                    "email@gmail.com",
                    " is a template's stand-in: write in what it stands for."
                ),
                expect("Name", " in the signature: write your own name."),
                expect("Your Title", " in the signature: write your own details."),
            ]
        );
    }

    #[test]
    fn a_dotted_merge_field_is_a_name_a_value_can_be_given_under() {
        let text = "---\nchannel: email\nsubject: Launch\n---\nHi {{contact.first_name}}, how is the launch?\n";
        let f = findings(text, "placeholder.unfilled");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("“vars:”"), "{}", f[0].message);
        assert!(
            f[0].fixes.iter().any(|x| x.title.contains("under “vars:”")),
            "{:?}",
            f[0].fixes
        );
    }

    #[test]
    fn open_ended_choices_in_brackets_are_slots() {
        let text = "---\nchannel: note\nto: Sarah Chen\n---\nHi Sarah, I enjoyed (meeting/talking/whatever) with you at (user group/party/etc). Connect?";
        let f = findings(text, "placeholder.unfilled");
        let got: Vec<_> = f.iter().map(|f| covered(text, f)).collect();
        assert_eq!(
            got,
            ["(meeting/talking/whatever)", "(user group/party/etc)"]
        );
        // Choices the writer made are text.
        let text = "---\nchannel: note\nto: Sarah Chen\n---\nHi Sarah, your talk on (backend/infra/AI) hiring was great.";
        assert!(findings(text, "placeholder.unfilled").is_empty());
    }

    #[test]
    fn greeting_and_sentence_placeholders_fill_from_the_front_matter() {
        // Known values fill the blanks as sent: nothing to fix.
        for fm in ["to: Sam Lee", "first_name: Sam"] {
            let text = format!("---\nchannel: note\n{fm}\ncompany: Northwind\n---\nHi {{first_name}}, I noticed <COMPANY> is growing.");
            assert!(findings(&text, "placeholder.unfilled").is_empty(), "{fm}");
        }
        // Unknown: the greeting's blank offers "Add “to:”" first and a clean removal; the
        // sentence's blank offers no removal at all.
        let text = "---\nchannel: note\n---\nHi {first_name}, I noticed <COMPANY> is growing.";
        let f = findings(text, "placeholder.unfilled");
        let titles =
            |i: usize| -> Vec<&str> { f[i].fixes.iter().map(|x| x.title.as_str()).collect() };
        assert!(titles(0)[0].starts_with("Add “to:”"), "{:?}", titles(0));
        assert!(
            titles(0).iter().any(|t| t.starts_with("Remove")),
            "{:?}",
            titles(0)
        );
        assert!(
            !titles(1).iter().any(|t| t.starts_with("Remove")),
            "{:?}",
            titles(1)
        );
    }

    #[test]
    fn placeholders_in_comments_and_links_are_silent() {
        let text = "---\nchannel: note\n---\nHi Sarah <!-- fill [Name] later --> see [my post](https://x.io)";
        assert!(findings(text, "placeholder.unfilled").is_empty());
    }

    #[test]
    fn a_greeting_loses_its_placeholder_cleanly() {
        let remove = |text: &str| {
            let f = findings(text, "placeholder.unfilled");
            let fix = f[0].fixes.iter().find(|x| x.title.starts_with("Remove"));
            fix.map(|fix| apply(text, fix))
        };
        let cases = [
            ("Hi {first_name}, thanks.", "Hi, thanks."),
            ("Hi 👋 XX!", "Hi 👋!"),
            (
                "Hello [Name]\nGood to meet you.",
                "Hello\nGood to meet you.",
            ),
            ("Thanks.\n{signature}\n", "Thanks.\n"),
        ];
        for (body, want) in cases {
            let text = format!("---\nchannel: note\n---\n{body}");
            assert_eq!(
                remove(&text),
                Some(format!("---\nchannel: note\n---\n{want}"))
            );
        }
        // In a sentence, a removal would leave "I noticed  is growing": none is offered.
        for body in [
            "I noticed <COMPANY> is growing.",
            "An idea for {{company}}.",
            "Climb XX% fast.",
        ] {
            let text = format!("---\nchannel: note\n---\n{body}");
            assert_eq!(remove(&text), None, "{body}");
        }
    }
}
