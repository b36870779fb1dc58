//! `body.empty`: a draft with nothing to send.
//!
//! What it does: reports a body that is empty, only whitespace, or only HTML comments (notes to
//! self are not sent), on the closing `---` of the front-matter.
//! Why is this bad: the message would go out blank, or the composer refuses it; and a blank
//! draft must not read as a clean one in a checker's summary.
//! Example: a file that stops after `---`, or whose body is `<!-- write this later -->`.

use super::{finding, Analysis, Finding};

/// Whether the message would be sent with no text at all.
pub fn is_empty(a: &Analysis) -> bool {
    a.rendered.text.trim().is_empty()
}

pub fn check(a: &Analysis, out: &mut Vec<Finding>) {
    if !is_empty(a) {
        return;
    }
    let block = &a.draft.block;
    let Some(close) = &block.close_line else {
        return; // an unclosed front-matter has its own finding, and no body yet
    };
    let what = if a.comments.is_empty() {
        "The message is empty: write it below the front-matter."
    } else {
        "The message is empty: only comments, which are not sent. Write it below the front-matter."
    };
    out.push(finding("body.empty", close.clone(), what));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn empty_blank_and_comment_only_bodies_fire() {
        for body in [
            "",
            "\n",
            "  \n\t\n",
            "<!-- write later -->\n",
            "\n<!-- a -->\n\n<!-- b -->",
        ] {
            let text = format!("---\nchannel: inmail\nsubject: Your talk\n---\n{body}");
            let f = findings(&text, "body.empty");
            assert_eq!(f.len(), 1, "{body:?}");
            assert_eq!(covered(&text, &f[0]), "---");
            assert!(f[0].range.start > text.find("subject").unwrap());
        }
    }

    #[test]
    fn a_body_with_words_is_silent() {
        let text = "---\nchannel: inmail\nsubject: Your talk\n---\n<!-- note -->\nHi Sam?";
        assert!(findings(text, "body.empty").is_empty());
    }

    #[test]
    fn no_wording_rule_reads_an_empty_body() {
        let text = "---\nchannel: message\n---\n<!-- todo -->\n";
        let all = crate::engine::analyze(text, &crate::engine::config::Config::default())
            .unwrap()
            .findings;
        let rules: Vec<&str> = all.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["body.empty"]);
    }
}
