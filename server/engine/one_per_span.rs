//! One finding per span: when two rules report the same text, the more specific one speaks and
//! the other is kept as related information on it, so an editor shows one squiggle, not two
//! saying the same thing in different words.
//!
//! Which rule is more specific is data (the pairs below), decided once: a spam word in capitals
//! ("FREE") is reported as spam, since the word is the problem whatever its case; a name slot in
//! the greeting (`Hi {first_name}`) is reported as an unfilled placeholder, since filling it is
//! the fix and it also gives the message a name.

use std::ops::Range;
use std::path::PathBuf;

use super::finding::{Finding, Fix, FixKind, Related};

/// (more specific, less specific, the less specific one's rewrites also resolve the more
/// specific one): where both hit overlapping text, the second is folded into the first. Sentence
/// case does not make "FREE" less of a spam word, so shouting's rewrite is not carried over;
/// putting the name in the greeting fills the slot and ends the mismatch, so no-name's is.
const PRECEDENCE: &[(&str, &str, bool)] = &[
    ("spam.trigger-word", "spam.shouting", false),
    ("placeholder.unfilled", "personalization.no-name", true),
    (
        "personalization.name-mismatch",
        "personalization.no-name",
        true,
    ),
];

/// (proof, disproved): a finding of the first shows the second's claim is false, so the second
/// is dropped, not kept as related information. A heavy ask, a job ask or a request for
/// personal details is an ask, however badly put: "no question or call to action" beside it is
/// wrong, and fixing the ask would not make it right. Applied before suppressions, so turning
/// off "heavy ask" does not bring back a false "no ask".
const DISPROVES: &[(&str, &str)] = &[
    ("etiquette.heavy-ask", "etiquette.no-ask"),
    ("etiquette.job-ask", "etiquette.no-ask"),
    ("etiquette.sensitive-info", "etiquette.no-ask"),
];

/// Drops each finding that another finding in the message disproves (see [`DISPROVES`]).
pub fn drop_disproved(mut findings: Vec<Finding>) -> Vec<Finding> {
    for (proof, disproved) in DISPROVES {
        if findings.iter().any(|f| f.rule == *proof) {
            findings.retain(|f| f.rule != *disproved);
        }
    }
    findings
}

/// Folds each finding of a less specific rule that overlaps one of a more specific rule into that
/// finding's `related` list (with an empty path: this draft). The rest pass through untouched.
pub fn fold(findings: Vec<Finding>) -> Vec<Finding> {
    let involved = |f: &Finding| {
        PRECEDENCE
            .iter()
            .any(|(w, l, _)| f.rule == *w || f.rule == *l)
    };
    if !findings
        .iter()
        .any(|f| PRECEDENCE.iter().any(|(_, l, _)| f.rule == *l))
    {
        return findings;
    }
    let mut out = findings;
    // The findings of the rules named here, by where they start, for the overlap test: each
    // loser looks only at those starting a little before it (phrases and greetings are short),
    // so a file with thousands of findings costs n log n, not n².
    let mut winners: Vec<(usize, Range<usize>, String)> = out
        .iter()
        .enumerate()
        .filter(|(_, f)| involved(f))
        .map(|(i, f)| (i, f.range.clone(), f.rule.clone()))
        .collect();
    winners.sort_by_key(|(_, r, _)| r.start);
    let mut folded: Vec<(usize, Related, Vec<Fix>)> = Vec::new();
    let mut drop = vec![false; out.len()];
    for (i, f) in out.iter().enumerate() {
        let Some(winner_rules) = beaten_by(&f.rule) else {
            continue;
        };
        let before_end = winners.partition_point(|(_, r, _)| r.start <= f.range.end);
        let mut near = winners[..before_end]
            .iter()
            .rev()
            .take_while(|(_, r, _)| r.start + REACH >= f.range.start);
        let host = near.find_map(|(j, range, rule)| {
            let carry = winner_rules
                .iter()
                .find(|(w, _)| *w == rule.as_str())
                .map(|(_, carry)| *carry)?;
            // A greeting's name (or slot) ends the greeting no-name reports; a no-name finding
            // on a whole opening sentence that merely holds a token is another matter.
            let same_text = if carry {
                range.end == f.range.end && f.range.start <= range.start
            } else {
                overlaps(range, &f.range)
            };
            (*j != i && !drop[*j] && same_text).then_some((j, carry))
        });
        if let Some((j, carry)) = host {
            drop[i] = true;
            // Its rewrites stay on offer ("Hi Leila" for a greeting's name slot), after the
            // host's own and never preferred; its "disable" would silence the wrong rule. Only
            // rewrites of the host's own text: one beside it ("Hi Sarah," before a lone "XX")
            // would leave the host's finding standing.
            let host_range = &out[*j].range;
            let rewrites_host = |x: &Fix| {
                x.edits
                    .iter()
                    .any(|e| e.range.start <= host_range.start && e.range.end >= host_range.end)
            };
            let rewrites = f
                .fixes
                .iter()
                .filter(|x| carry && x.kind != FixKind::Suppression && rewrites_host(x))
                .map(|x| Fix {
                    preferred: false,
                    ..x.clone()
                })
                .collect();
            folded.push((*j, related_to(f), rewrites));
        }
    }
    for (j, related, rewrites) in folded {
        out[j].related.push(related);
        let host = &mut out[j];
        for fix in rewrites {
            if !host.fixes.iter().any(|x| x.edits == fix.edits) {
                // Before the host's suppressions, which stay last.
                let at = host
                    .fixes
                    .iter()
                    .position(|x| x.kind == FixKind::Suppression)
                    .unwrap_or(host.fixes.len());
                host.fixes.insert(at, fix);
            }
        }
    }
    let mut keep = drop.into_iter().map(|d| !d);
    out.retain(|_| keep.next().unwrap_or(true));
    out
}

/// A folded finding as its host's related information (an empty path: this draft).
fn related_to(f: &Finding) -> Related {
    Related {
        path: PathBuf::new(),
        range: f.range.clone(),
        message: format!("Also {}: {}", f.rule, f.message),
    }
}

/// How far before a finding another may start and still share its text: longer than any spam
/// phrase or greeting.
const REACH: usize = 256;

/// The rules that take precedence over `rule`, if any, each with whether `rule`'s rewrites
/// resolve it too.
fn beaten_by(rule: &str) -> Option<Vec<(&'static str, bool)>> {
    let winners: Vec<(&str, bool)> = PRECEDENCE
        .iter()
        .filter(|(_, l, _)| *l == rule)
        .map(|(w, _, carry)| (*w, *carry))
        .collect();
    (!winners.is_empty()).then_some(winners)
}

/// Whether two ranges share text (an empty range shares the text it sits in).
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
}

#[cfg(test)]
mod tests {
    use crate::engine::test_support::*;

    #[test]
    fn free_in_capitals_is_spam_with_shouting_related() {
        let text = "---\nchannel: message\nto: Sam Lee\n---\nHi Sam, get it FREE today. Want it?";
        let spam = findings(text, "spam.trigger-word");
        assert_eq!(spam.len(), 1);
        assert_eq!(covered(text, &spam[0]), "FREE");
        assert_eq!(spam[0].related.len(), 1);
        assert!(spam[0].related[0].message.starts_with("Also spam.shouting"));
        assert_eq!(&text[spam[0].related[0].range.clone()], "FREE");
        assert!(findings(text, "spam.shouting").is_empty());
    }

    #[test]
    fn an_ask_of_any_kind_is_an_ask() {
        for body in [
            // Heavy: a meeting stated, not asked.
            "Hi Sam, I'd like to meet with you for 30 minutes at a time of your convenience.",
            // A job ask put as a statement.
            "Hi Sam, I'm a data engineer in Austin. I'm looking for my next role on a team like yours.",
        ] {
            let text = format!("---\nchannel: inmail\nto: Sam Lee\nsubject: Hello\n---\n{body}");
            let asks = findings(&text, "etiquette.heavy-ask").len()
                + findings(&text, "etiquette.job-ask").len();
            assert_eq!(asks, 1, "{body}");
            assert!(findings(&text, "etiquette.no-ask").is_empty(), "{body}");
            // Turning the ask's rule off does not bring back a false "no ask".
            let off = format!("---\nchannel: inmail\nto: Sam Lee\nsubject: Hello\nsendwell: {{ disable: [etiquette.heavy-ask, etiquette.job-ask] }}\n---\n{body}");
            assert!(findings(&off, "etiquette.no-ask").is_empty(), "{body}");
        }
        // With no ask of any kind, it is reported.
        let none = "---\nchannel: inmail\nto: Sam Lee\nsubject: Hello\n---\nHi Sam, I'm a data engineer in Austin.";
        assert_eq!(findings(none, "etiquette.no-ask").len(), 1);
    }

    #[test]
    fn a_lazy_follow_up_and_a_missing_ask_are_two_findings() {
        // The nudge and the missing question are different text and different fixes: the
        // published corpus's labellers mark both, so both are reported on their own spans.
        let text = "---\nchannel: follow-up\nto: Sam Lee\n---\nHi Sam, just checking in on this.";
        let lazy = findings(text, "etiquette.lazy-follow-up");
        let no_ask = findings(text, "etiquette.no-ask");
        assert_eq!((lazy.len(), no_ask.len()), (1, 1));
        assert!(lazy[0].related.is_empty());
        assert_eq!(covered(text, &lazy[0]), "just checking in");
    }

    #[test]
    fn shouting_elsewhere_still_speaks() {
        let text =
            "---\nchannel: message\nto: Sam Lee\n---\nHi Sam, get it free. HUGE news!! Want it?";
        let shouting: Vec<String> = findings(text, "spam.shouting")
            .iter()
            .map(|f| covered(text, f).to_string())
            .collect();
        assert_eq!(shouting, ["HUGE", "!!"]);
    }

    #[test]
    fn with_the_spam_rule_off_shouting_reports_it() {
        let text = "---\nchannel: message\nto: Sam Lee\nsendwell: { disable: [spam.trigger-word] }\n---\nHi Sam, get it FREE today. Want it?";
        let shouting = findings(text, "spam.shouting");
        assert_eq!(covered(text, &shouting[0]), "FREE");
    }
}
