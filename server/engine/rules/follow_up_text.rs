//! What "Move the rest into a follow-up" puts in the follow-up: the overflow without the
//! closers that only make sense before they accept ("Looking forward to connecting."), and
//! nothing at all when what is left is only a sign-off or signature.

use std::sync::LazyLock;

use regex::Regex;

use super::shorten::{alternation, PARAMS};

/// A first-contact closer as a sentence of its own, with its end mark (the list is data,
/// `first_contact_closers` in `limit.body`'s params).
static CLOSER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{})[.!…]*",
        alternation(&PARAMS.first_contact_closers)
    ))
    .expect("first_contact_closers")
});

/// The most words a last paragraph without a sentence in it may have and still be a sign-off
/// ("Best regards,\nIngrid Novak, Head of Planning").
const SIGN_OFF_MAX_WORDS: usize = 8;

/// `moved` (the overflow, from the file) made into a follow-up's body, or `None` when nothing
/// worth a message is left.
pub(crate) fn follow_up_body(moved: &str) -> Option<String> {
    let body = without_closers(moved.trim_start());
    has_substance(&body).then_some(body)
}

/// `text` without the closers that stand as sentences of their own: each goes with the space
/// after it, or before it at the end of a line.
fn without_closers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for m in CLOSER.find_iter(text) {
        let before = text[..m.start()].trim_end_matches([' ', '\t']);
        let starts_sentence = before.is_empty() || before.ends_with(['.', '!', '?', '\n', '\r']);
        let rest = &text[m.end()..];
        let ends_sentence = rest.is_empty() || rest.starts_with(char::is_whitespace);
        if !starts_sentence || !ends_sentence || m.start() < at {
            continue;
        }
        let spaces_after = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let line_goes_on = rest[spaces_after..]
            .chars()
            .next()
            .is_some_and(|c| c != '\n' && c != '\r');
        let (start, end) = if line_goes_on {
            (m.start(), m.end() + spaces_after)
        } else {
            (before.len().max(at), m.end())
        };
        out.push_str(&text[at..start]);
        at = end;
    }
    out.push_str(&text[at..]);
    // A closer alone on its line leaves its line empty: no run of blank lines grows from it.
    let mut tidy = String::with_capacity(out.len());
    let mut blank_run = 0;
    for line in out.split_inclusive('\n') {
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 || tidy.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        tidy.push_str(line);
    }
    tidy
}

/// Whether `body` says something beyond a sign-off: some words outside HTML comments once a
/// last paragraph with no sentence in it (a sign-off, a signature) is set aside.
fn has_substance(body: &str) -> bool {
    let mut text = String::new();
    let mut rest = body;
    while let Some(i) = rest.find("<!--") {
        text.push_str(&rest[..i]);
        rest = rest[i..].find("-->").map_or("", |j| &rest[i + j + 3..]);
    }
    text.push_str(rest);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let words = |p: &str| p.split_whitespace().count();
    let is_sign_off = |p: &str| !p.contains(['.', '!', '?']) && words(p) <= SIGN_OFF_MAX_WORDS;
    let mut main = paragraphs.as_slice();
    let mut signed_off = false;
    if let Some((last, before)) = main.split_last() {
        if is_sign_off(last) {
            main = before;
            signed_off = true;
        }
    }
    // A sign-off only ends a message: any paragraph before it says something.
    let Some((last, before)) = main.split_last() else {
        return false;
    };
    if before
        .iter()
        .chain(signed_off.then_some(last))
        .any(|p| words(p) >= 3)
    {
        return true;
    }
    // The last: a sign-off may follow its last sentence on the next lines ("…thanks.\nBest,\nAna").
    std::iter::once(last).any(|p| {
        let lines: Vec<&str> = p.lines().collect();
        let sentence_lines = lines
            .iter()
            .rposition(|l| l.contains(['.', '!', '?']))
            .map_or(0, |i| i + 1);
        let kept = lines[..sentence_lines].join(" ");
        words(&kept) >= 3 || (sentence_lines == 0 && !is_sign_off(p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closers_go_and_the_rest_stays() {
        assert_eq!(
            follow_up_body("Our checklist cut stockouts by a third. Looking forward to connecting!\n\nBest,\nIngrid\n").as_deref(),
            Some("Our checklist cut stockouts by a third.\n\nBest,\nIngrid\n")
        );
        assert_eq!(
            follow_up_body("Hope to connect. Happy to share the checklist if useful.\r\n")
                .as_deref(),
            Some("Happy to share the checklist if useful.\r\n")
        );
        assert_eq!(
            follow_up_body(
                "Our checklist helps.\n\nLooking forward to connecting.\n\nBest,\nIngrid"
            )
            .as_deref(),
            Some("Our checklist helps.\n\nBest,\nIngrid")
        );
        // Inside a sentence it is not a closer of its own: "I hope to connect our teams".
        assert_eq!(
            follow_up_body("We hope to connect our teams next month.").as_deref(),
            Some("We hope to connect our teams next month.")
        );
    }

    #[test]
    fn a_sign_off_alone_is_no_follow_up() {
        for moved in [
            "Best,\nIngrid",
            "Best regards,\r\nIngrid Novak\r\nHead of Planning, Northwind",
            "Looking forward to connecting!\n\nBest,\nIngrid",
            "Thanks,\nAna <!-- sent from my phone -->",
            "— Ana",
            "",
        ] {
            assert_eq!(follow_up_body(moved), None, "{moved:?}");
        }
        assert!(follow_up_body("Would a copy of our checklist help?\n\nBest,\nAna").is_some());
        assert!(follow_up_body("Here is the deck we discussed\n\nBest,\nAna").is_some());
    }
}
