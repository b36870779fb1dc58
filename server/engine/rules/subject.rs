//! `subject.missing` and `subject.unexpected`: channels that need a subject have one, and
//! channels without a subject field have none. `subject.fake-reply`: a first message's subject
//! does not pretend to be a reply or a forward. (Pack rules read the subject's words too: see
//! `Analysis::subject_text`.)

use super::subject_fixes::suggested_subject;
use super::{finding, Analysis, Config, Finding, Fix};
use crate::engine::channels::SubjectPolicy;
use crate::engine::text_edit::{remove_key, set_key, NewValue};

pub fn check(a: &Analysis, _config: &Config, out: &mut Vec<Finding>) {
    let Some(channel) = &a.channel else { return };
    let facts = &a.draft.facts;
    match channel.subject {
        // Front-matter that does not parse may hold the subject on its broken line (an unquoted
        // "subject: RE: hi"): frontmatter.invalid says so, and a missing subject would mislead.
        SubjectPolicy::Required if facts.subject.is_none() && a.draft.yaml_error.is_none() => {
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
    fake_reply(a, out);
}

/// `subject.fake-reply`: "RE:", "FW:" or "Fwd:" on a subject when nothing came before.
///
/// What it does: reports a reply or forward prefix on the subject of a first touch.
/// Why is this bad: it pretends to an exchange that never happened, a trick inboxes and readers
/// both know; the FTC's CAN-SPAM guide names misleading subject lines.
/// Example: `subject: "RE: our call"` on the first email to a stranger.
fn fake_reply(a: &Analysis, out: &mut Vec<Finding>) {
    if !a.is_first_touch() {
        return;
    }
    let Some(subject) = a.subject_text() else {
        return;
    };
    let text = &a.text()[subject.clone()];
    let Some(prefix) = reply_prefix(text) else {
        return;
    };
    out.push(finding(
        "subject.fake-reply",
        subject.start + prefix.start..subject.start + prefix.end,
        format!(
            "“{}” makes a first message look like a reply or forward; say what it is about instead.",
            text[prefix].trim_end()
        ),
    ));
}

/// Where the reply or forward prefix a subject starts with is ("RE: ", "Fwd:"), any case, after
/// any emoji or symbols put before it ("🚀 Fwd: …").
pub(super) fn reply_prefix(subject: &str) -> Option<std::ops::Range<usize>> {
    let lead = subject.len()
        - subject
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let rest = &subject[lead..];
    let word_end = rest.find(':')?;
    let word = &rest[..word_end];
    if !["re", "fw", "fwd", "aw", "tr"]
        .iter()
        .any(|p| word.eq_ignore_ascii_case(p))
    {
        return None;
    }
    let after = &rest[word_end + 1..];
    let spaces = after.len() - after.trim_start().len();
    Some(lead..lead + word_end + 1 + spaces)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn a_reply_prefix_on_a_first_email_is_fake() {
        let text = "---\nchannel: email\nsubject: \"RE: our call\"\n---\nHi Sam, a question?";
        let f = findings(text, "subject.fake-reply");
        assert_eq!(f.len(), 1);
        assert_eq!(covered(text, &f[0]), "RE: ");
        let text = "---\nchannel: inmail\nsubject: Fwd:Pricing\n---\nHi Sam?";
        assert_eq!(
            covered(text, &findings(text, "subject.fake-reply")[0]),
            "Fwd:"
        );
        // An emoji or a symbol before it does not hide it; the finding covers the prefix only.
        let text = "---\nchannel: email\nsubject: \"🚀 Fwd: Pricing\"\n---\nHi Sam?";
        assert_eq!(
            covered(text, &findings(text, "subject.fake-reply")[0]),
            "Fwd: "
        );
        let text = "---\nchannel: email\nsubject: \"🚀 Refunds: how we did it\"\n---\nHi Sam?";
        assert!(findings(text, "subject.fake-reply").is_empty());
    }

    #[test]
    fn a_subject_on_a_line_that_does_not_parse_is_not_called_missing() {
        let text = "---\nchannel: email\nsubject: Re: our call\n---\nHi Sam, a question?";
        assert_eq!(findings(text, "frontmatter.invalid").len(), 1);
        assert!(findings(text, "subject.missing").is_empty());
        let none = "---\nchannel: email\n---\nHi Sam, a question?";
        assert_eq!(findings(none, "subject.missing").len(), 1);
    }

    #[test]
    fn a_reply_prefix_on_a_later_step_or_after_meeting_is_real() {
        for front in ["step: 2", "met: SaaStr 2026"] {
            let text =
                format!("---\nchannel: email\n{front}\nsubject: \"Re: our call\"\n---\nHi Sam?");
            assert!(findings(&text, "subject.fake-reply").is_empty(), "{front}");
        }
        let plain = "---\nchannel: email\nsubject: Regarding your talk\n---\nHi Sam?";
        assert!(findings(plain, "subject.fake-reply").is_empty());
    }

    #[test]
    fn subject_words_are_checked_where_they_are_written() {
        let text =
            "---\nchannel: email\nsubject: FREE OFFER - ACT NOW!!!\n---\nHi Sam, a question?";
        let spam = findings(text, "spam.trigger-word");
        assert!(
            spam.iter()
                .any(|f| covered(text, f).eq_ignore_ascii_case("free offer")
                    || covered(text, f).eq_ignore_ascii_case("act now")),
            "{spam:?}"
        );
        let shouting: Vec<_> = findings(text, "spam.shouting")
            .iter()
            .map(|f| covered(text, f).to_string())
            .collect();
        assert!(shouting.iter().any(|s| s == "!!!"), "{shouting:?}");
        let quoted = "---\nchannel: email\nsubject: \"Guaranteed results\"\n---\nHi Sam?";
        let f = findings(quoted, "spam.trigger-word");
        assert_eq!(covered(quoted, &f[0]).to_lowercase(), "guaranteed");
        assert!(f
            .iter()
            .all(|f| f.range.end < quoted.find("\n---\n").unwrap()));
        let good =
            "---\nchannel: email\nsubject: Your SupplyConf talk on safety stock\n---\nHi Sam?";
        assert!(
            serious(good).iter().all(|r| !r.starts_with("spam.")),
            "{:?}",
            serious(good)
        );
    }

    #[test]
    fn a_subject_that_is_not_sent_is_not_read() {
        let text = "---\nchannel: message\nsubject: FREE OFFER\n---\nHi Sam, a question?";
        assert!(findings(text, "spam.trigger-word").is_empty());
    }

    #[test]
    fn an_unfilled_placeholder_in_the_subject_fires_on_it() {
        let text = "---\nchannel: email\nsubject: Quick question about {{Company}}\n---\nHi Sam?";
        let f = findings(text, "placeholder.unfilled");
        assert_eq!(f.len(), 1);
        assert_eq!(covered(text, &f[0]), "{{Company}}");
        let filled =
            "---\nchannel: email\ncompany: Acme\nsubject: Quick question about {{Company}}\n---\nHi Sam?";
        assert!(findings(filled, "placeholder.unfilled").is_empty());
    }

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
