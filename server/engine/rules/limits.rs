//! `limit.body`, `limit.subject`, `length.long` and `subject.long`: the message and its subject
//! fit their channel, and stay within the length that gets replies.

use super::{finding, Analysis, Config, Finding};
use crate::engine::render::cut_offset;

pub fn check(a: &Analysis, config: &Config, out: &mut Vec<Finding>) {
    let Some(channel) = &a.channel else { return };
    let mode = channel.count;
    let used = mode.count(&a.rendered.text);
    let unit = "characters";

    if let Some(limit) = a.body_limit(config) {
        if used > limit {
            if let Some(range) = a.rendered.overflow(limit, mode) {
                let plan = if a.draft.is_free_plan()
                    || (a.draft.facts.plan.is_none() && config.plan.as_deref() == Some("free"))
                {
                    " on the free plan"
                } else {
                    ""
                };
                let mut f = finding(
                    "limit.body",
                    range,
                    format!(
                        "{} is {used}/{limit} {unit}{plan} — {} over.",
                        channel.name,
                        used - limit
                    ),
                );
                if a.with_fixes {
                    f.fixes = super::limit_fixes::for_body(a, config, limit);
                }
                out.push(f);
            }
        } else if let Some(soft) = channel.soft_limit.filter(|s| used > *s) {
            push_long(a, out, used, soft);
        }
    } else if let Some(soft) = channel.soft_limit.filter(|s| used > *s) {
        push_long(a, out, used, soft);
    }

    if let Some(subject) = &a.draft.facts.subject {
        let used = mode.count(&subject.value);
        let text = &a.text()[subject.range.clone()];
        // The subject's exact text in the file, when it is written unquoted on one line.
        let exact = text == subject.value;
        if let Some(limit) = channel.subject_limit.filter(|l| used > *l) {
            let range = match cut_offset(&subject.value, limit, mode) {
                Some(cut) if exact => subject.range.start + cut..subject.range.end,
                _ => subject.range.clone(),
            };
            let mut f = finding(
                "limit.subject",
                range,
                format!(
                    "{} subject is {used}/{limit} {unit} — {} over.",
                    channel.name,
                    used - limit
                ),
            );
            if a.with_fixes {
                f.fixes
                    .extend(super::subject_fixes::shorten_subject(a, limit, mode));
            }
            out.push(f);
        } else if let Some(soft) = channel.subject_soft_limit.filter(|l| used > *l) {
            out.push(finding(
                "subject.long",
                subject.range.clone(),
                format!("Subject is {used} {unit}; inboxes cut subjects past about {soft}."),
            ));
        }
    }
}

fn push_long(a: &Analysis, out: &mut Vec<Finding>, used: usize, soft: usize) {
    let Some(channel) = &a.channel else { return };
    // The whole message is the problem, but a squiggle over all of it is noise: mark the first line.
    let body = a.draft.body();
    let text = a.text();
    let start = body.start + (text[body.clone()].len() - text[body.clone()].trim_start().len());
    let end = text[start..body.end]
        .find(['\n', '\r'])
        .map_or(body.end, |i| start + i);
    out.push(finding(
        "length.long",
        start..end,
        format!(
            "{} is {used} characters; under {soft} reads better. {}",
            channel.name, channel.soft_reason
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    fn note(body: &str) -> String {
        format!("---\nchannel: connection-note\nto: Sarah Chen\n---\n{body}")
    }

    #[test]
    fn over_the_limit_marks_exactly_what_would_be_cut() {
        let body = format!("{}{}", "a".repeat(300), "TAIL");
        let text = note(&body);
        let f = findings(&text, "limit.body");
        assert_eq!(f.len(), 1);
        assert_eq!(covered(&text, &f[0]), "TAIL");
        assert_eq!(
            f[0].message,
            "Connection note is 304/300 characters — 4 over."
        );
    }

    #[test]
    fn emoji_count_two_and_comments_do_not_count() {
        let body = format!(
            "<!-- a private note that is long {} -->\n{}👋x",
            "z".repeat(400),
            "a".repeat(298)
        );
        let text = note(&body);
        let f = findings(&text, "limit.body");
        assert_eq!(covered(&text, &f[0]), "x", "{f:?}");
        assert_eq!(
            f[0].message,
            "Connection note is 301/300 characters — 1 over."
        );
        let fits = note(&format!("{}👋", "a".repeat(298)));
        assert!(findings(&fits, "limit.body").is_empty());
    }

    #[test]
    fn exactly_at_the_limit_is_silent() {
        let text = note(&"a".repeat(300));
        assert!(findings(&text, "limit.body").is_empty());
    }

    #[test]
    fn free_plan_has_200() {
        let text = format!("---\nchannel: note\nplan: free\n---\n{}", "b".repeat(210));
        let f = findings(&text, "limit.body");
        assert_eq!(covered(&text, &f[0]), "b".repeat(10));
        assert!(f[0]
            .message
            .contains("210/200 characters on the free plan — 10 over"));
    }

    #[test]
    fn placeholders_count_as_their_values() {
        // {first_name} renders as "Sarah" (5), so 295 + 5 = 300 fits.
        let text = note(&format!("{}{{first_name}}", "a".repeat(295)));
        assert!(findings(&text, "limit.body").is_empty());
        let text = note(&format!("{}{{first_name}}", "a".repeat(296)));
        assert_eq!(
            covered(&text, &findings(&text, "limit.body")[0]),
            "{first_name}"
        );
    }

    #[test]
    fn crlf_counts_one_per_line_break() {
        let body = format!("{}\r\n{}", "a".repeat(150), "b".repeat(149));
        let text = note(&body).replace('\n', "\r\n").replace("\r\r\n", "\r\n");
        assert!(findings(&text, "limit.body").is_empty());
    }

    #[test]
    fn long_inmail_gets_the_soft_finding() {
        let text = format!(
            "---\nchannel: inmail\nsubject: Hi\n---\n{}",
            "word ".repeat(300)
        );
        let f = findings(&text, "length.long");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("1,400") || f[0].message.contains("1400"),
            "{}",
            f[0].message
        );
        let short = "---\nchannel: inmail\nsubject: Hi\n---\nHi Sarah, short and sweet?";
        assert!(findings(short, "length.long").is_empty());
    }

    #[test]
    fn subject_over_limit_marks_the_overflow() {
        let subject = format!("{}XYZ", "s".repeat(200));
        let text = format!("---\nchannel: inmail\nsubject: {subject}\n---\nHi?");
        let f = findings(&text, "limit.subject");
        assert_eq!(covered(&text, &f[0]), "XYZ");
    }

    #[test]
    fn long_email_subject_is_its_own_soft_finding() {
        let text = format!("---\nchannel: email\nsubject: {}\n---\nHi?", "s".repeat(70));
        let f = findings(&text, "subject.long");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("Subject is 70"));
        assert_eq!(covered(&text, &f[0]), "s".repeat(70));
        // The body's length is another rule's question: a long subject says nothing of it.
        assert!(findings(&text, "length.long").is_empty());
        let fits = format!("---\nchannel: email\nsubject: {}\n---\nHi?", "s".repeat(60));
        assert!(findings(&fits, "subject.long").is_empty());
    }
}
