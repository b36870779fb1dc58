//! How sure a finding is sets its severity. A rule whose pack entry has a `[rule.mild]` table
//! reports a finding resting on thin evidence at that table's lower severity: one spam phrase in
//! an otherwise plain message, a nudge in a follow-up that also brings news, a stock opener in a
//! message that is personal already. A warning is then something a user can believe unchecked.
//!
//! Worked out after the wording rules, since "the only hit" and "says something about them" are
//! about the whole message; before the user's severities (`settle`), which replace both levels.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{LazyLock, Mutex};

use regex::Regex;

use super::message::Message;
use super::{no_hook, Finding};
use crate::engine::catalog::Mild;
use crate::engine::config::Config;
use crate::engine::finding::Severity;

/// Lowers the severity of each finding whose rule says it is mild here.
pub fn grade(m: &Message, config: &Config, out: &mut [Finding]) {
    let mut rules: Vec<(&str, Severity, &Mild)> = Vec::new();
    for f in out.iter() {
        if rules.iter().any(|(id, _, _)| *id == f.rule) {
            continue;
        }
        if let Some((severity, mild)) = mild_of(&f.rule, config) {
            rules.push((f.rule.as_str(), severity, mild));
        }
    }
    if rules.is_empty() {
        return;
    }
    let mut has_hook = None;
    let mut lower = Vec::new();
    for (rule, severity, mild) in &rules {
        let hits: Vec<Range<usize>> = out
            .iter()
            .filter(|f| f.rule == *rule)
            .map(|f| f.range.clone())
            .collect();
        // Signs of one kind add up across its rules: "FREE" in capitals is a spam phrase and
        // shouting at once, so neither is alone.
        let category = rule.split('.').next().unwrap_or(rule);
        let of_category = out
            .iter()
            .filter(|f| f.rule.split('.').next() == Some(category))
            .count();
        let whole = mild.beside_words.is_some_and(|n| words_beside(m, &hits, n))
            || mild.with_hook
                && *has_hook.get_or_insert_with(|| no_hook::names_something_of_theirs(m));
        for (i, f) in out.iter().enumerate() {
            if f.rule != *rule || f.severity != *severity || f.severity >= mild.severity {
                continue; // a rule that chose its own level (a soft limit) knows best
            }
            let alone = mild.alone && of_category == 1 && in_body(m, &f.range);
            let matching = mild
                .matching
                .as_deref()
                .is_some_and(|re| matches(re, m.a.draft.text.get(f.range.clone()).unwrap_or("")));
            if whole || alone || matching {
                lower.push((i, mild.severity));
            }
        }
    }
    for (i, severity) in lower {
        out[i].severity = severity;
    }
}

/// A rule's default severity and its mild table, from its documentation (built-in or a user
/// pack's: rule IDs are unique across them).
fn mild_of<'c>(rule: &str, config: &'c Config) -> Option<(Severity, &'c Mild)> {
    let doc = crate::engine::packs::doc(config, rule)?;
    doc.mild.as_ref().map(|mild| (doc.severity, mild))
}

/// Whether `range` is in the body, not in the front-matter's subject.
fn in_body(m: &Message, range: &Range<usize>) -> bool {
    range.start >= m.a.draft.block.body_start
}

/// Whether the message has at least `n` words in sentences that none of `hits` touches.
fn words_beside(m: &Message, hits: &[Range<usize>], n: usize) -> bool {
    let mut count = 0;
    for sentence in m.prose.sentences() {
        let source = m.prose.source(sentence.clone());
        if hits
            .iter()
            .any(|h| h.start < source.end && source.start < h.end)
        {
            continue;
        }
        count += m.prose.words_in(&sentence).len();
        if count >= n {
            return true;
        }
    }
    false
}

/// `text` matches `pattern` (without case). Patterns are compiled once; one that does not
/// compile (a user pack's, reported when the pack loads) matches nothing.
fn matches(pattern: &str, text: &str) -> bool {
    static COMPILED: LazyLock<Mutex<HashMap<String, Option<Regex>>>> =
        LazyLock::new(Default::default);
    let mut compiled = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    compiled
        .entry(pattern.to_string())
        .or_insert_with(|| Regex::new(&format!("(?i){pattern}")).ok())
        .as_ref()
        .is_some_and(|re| re.is_match(text))
}

#[cfg(test)]
mod tests {
    use crate::engine::config::Config;
    use crate::engine::finding::Severity;
    use crate::engine::test_support::findings;

    const EMAIL: &str = "---\nchannel: email\nsubject: Pick rates at Northwind\nto: Sarah Chen\ncompany: Northwind\n---\n";

    fn levels(text: &str, rule: &str) -> Vec<Severity> {
        findings(text, rule).iter().map(|f| f.severity).collect()
    }

    #[test]
    fn one_spam_phrase_alone_is_info_and_signs_that_add_up_warn() {
        let rule = "spam.trigger-word";
        let one = format!("{EMAIL}Hi Sarah, your post on pick rates was sharp. I wrote up how we cut ours by a third; happy to send it, no risk. Would that help?");
        assert_eq!(levels(&one, rule), [Severity::Info]);
        let two = format!(
            "{EMAIL}Hi Sarah, act now: this is a risk-free trial, no risk. Would that help?"
        );
        let two = levels(&two, rule);
        assert!(
            two.len() >= 2 && two.iter().all(|s| *s == Severity::Warning),
            "{two:?}"
        );
        let subject = "---\nchannel: email\nsubject: Risk-free\nto: Sarah Chen\n---\nHi Sarah, your post on pick rates was sharp. Would a copy of our notes help?";
        assert_eq!(levels(subject, rule), [Severity::Warning]);
    }

    #[test]
    fn one_word_in_capitals_is_info_and_more_warn() {
        let rule = "spam.shouting";
        let one = format!("{EMAIL}Hi Sarah, your post on pick rates was sharp. I am NOT selling anything. Would our notes help?");
        assert_eq!(levels(&one, rule), [Severity::Info]);
        let more = format!("{EMAIL}Hi Sarah, your post on pick rates was sharp. This is HUGE and you MUST see it. Would our notes help?");
        let more = levels(&more, rule);
        assert!(
            !more.is_empty() && more.iter().all(|s| *s == Severity::Warning),
            "{more:?}"
        );
    }

    #[test]
    fn a_nudge_warns_only_when_the_follow_up_is_mostly_nudge() {
        let rule = "etiquette.lazy-follow-up";
        let front = "---\nchannel: follow-up\nto: Sarah Chen\n---\n";
        let bare = format!("{front}Hi Sarah, just checking in on my last message. Any update?");
        assert!(levels(&bare, rule).contains(&Severity::Warning));
        let more = format!("{front}Hi Sarah, do you read the Outreach blog? Given your team is ramping new reps this quarter, I thought this one would interest you. Their head of sales development wrote about how she scaled a team of four to forty without canned templates, and the part on weekly call reviews matches what you said at the meetup.\n\nP.S. Any thoughts on my last note?");
        assert_eq!(levels(&more, rule), [Severity::Info]);
    }

    #[test]
    fn a_missing_name_or_a_stock_opener_in_a_personal_message_is_info() {
        let front = "---\nchannel: message\nto: Sarah Chen\n---\n";
        let personal = format!("{front}Hello, I hope you're doing well. Your talk on pick rates at ProMat was the clearest I've heard. Could I ask how you measured them?");
        assert_eq!(
            levels(&personal, "personalization.no-name"),
            [Severity::Info]
        );
        assert_eq!(
            levels(&personal, "personalization.generic-opener"),
            [Severity::Info]
        );
        let bare = format!("{front}Hello, I hope you're doing well. I'd love to connect and learn more about what you do. Could we talk?");
        assert_eq!(
            levels(&bare, "personalization.no-name"),
            [Severity::Warning]
        );
        assert_eq!(
            levels(&bare, "personalization.generic-opener"),
            [Severity::Warning]
        );
        // Their company's name, or a slot for it, is what a merge template has: not enough.
        for company in ["Northwind", "{{company}}"] {
            let merged = format!("---\nchannel: message\nto: Sarah Chen\ncompany: Northwind\n---\nHello, I hope you're doing well. I wanted to reach out about an opportunity for {company}. Could we talk?");
            assert_eq!(
                levels(&merged, "personalization.generic-opener"),
                [Severity::Warning, Severity::Warning],
                "{company}"
            );
        }
    }

    #[test]
    fn saying_one_is_looking_is_info_and_asking_for_the_job_warns() {
        let rule = "etiquette.job-ask";
        let front = "---\nchannel: message\nto: Sarah Chen\n---\n";
        let looking = format!("{front}Hi Sarah, I'm exploring new opportunities and your move from finance to product caught my eye. How did you make the switch?");
        assert_eq!(levels(&looking, rule), [Severity::Info]);
        let asking = format!("{front}Hi Sarah, your move from finance to product caught my eye. Are you hiring? Could you refer me?");
        let asking = levels(&asking, rule);
        assert!(
            !asking.is_empty() && asking.iter().all(|s| *s == Severity::Warning),
            "{asking:?}"
        );
    }

    #[test]
    fn casual_swearing_is_not_reported_and_an_advance_warns() {
        let rule = "etiquette.inappropriate";
        let front = "---\nchannel: message\nto: Sarah Chen\n---\n";
        let tone = format!("{front}Hi Sarah, congrats on the new role. It feels damn near impossible to get hired right now. What made the difference?");
        assert_eq!(levels(&tone, rule), []);
        let advance = format!("{front}Hi Sarah, your photo is stunning. Are you single?");
        let advance = levels(&advance, rule);
        assert!(
            !advance.is_empty() && advance.iter().all(|s| *s == Severity::Warning),
            "{advance:?}"
        );
    }

    #[test]
    fn a_severity_the_user_sets_replaces_both_levels() {
        let text = format!("{EMAIL}Hi Sarah, your post on pick rates was sharp. Happy to send our notes, no risk. Would that help?");
        let mut config = Config::default();
        config
            .rules
            .insert("spam.trigger-word".into(), "warning".into());
        let got: Vec<Severity> = crate::engine::analyze(&text, &config)
            .expect("a draft")
            .findings
            .into_iter()
            .filter(|f| f.rule == "spam.trigger-word")
            .map(|f| f.severity)
            .collect();
        assert_eq!(got, [Severity::Warning]);
    }

    #[test]
    fn a_user_pack_rule_can_be_mild_when_alone() {
        let pack = crate::engine::packs::Pack::parse(
            "acme.toml",
            "[[rule]]\nid = \"acme.jargon\"\ntitle = \"Jargon\"\nseverity = \"warning\"\nwhy = \"w\"\nfix = \"f\"\nkind = \"phrase\"\nmessage = \"“{match}” is jargon.\"\n[rule.params]\nphrases = [\"synergy\", \"circle the wagons\"]\n[rule.mild]\nseverity = \"info\"\nalone = true\n",
        );
        assert!(pack.problems.is_empty(), "{:?}", pack.problems);
        let config = Config {
            user_packs: vec![std::sync::Arc::new(pack)],
            ..Config::default()
        };
        let levels = |body: &str| -> Vec<Severity> {
            crate::engine::analyze(&format!("{EMAIL}{body}"), &config)
                .expect("a draft")
                .findings
                .into_iter()
                .filter(|f| f.rule == "acme.jargon")
                .map(|f| f.severity)
                .collect()
        };
        assert_eq!(
            levels("Hi Sarah, we see real synergy here. Would a call help?"),
            [Severity::Info]
        );
        assert_eq!(
            levels("Hi Sarah, we see real synergy here, so let us circle the wagons. Would a call help?"),
            [Severity::Warning, Severity::Warning]
        );
    }
}
