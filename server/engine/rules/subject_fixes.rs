//! Subjects the fixes write: "Shorten the subject" for `limit.subject` (filler words out first,
//! then whole words from the end, never part of one), and the subject suggested where one is
//! missing, taken from the body: their work, something of their company's, the company, and
//! "Quick question" only when the body asks one. Word lists are data (`limit.subject` and
//! `subject.missing` params in `rules/core.toml`).

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{no_ask, params, Analysis, Fix};
use crate::engine::channels::CountMode;
use crate::engine::finding::FixKind;
use crate::engine::text_edit::{set_key, NewValue};

#[derive(Deserialize)]
struct ShortenParams {
    filler: Vec<String>,
    dangling: Vec<String>,
}

#[derive(Deserialize)]
struct SuggestParams {
    topics: Vec<String>,
}

static SHORTEN: LazyLock<ShortenParams> = LazyLock::new(|| params::builtin("limit.subject"));
static SUGGEST: LazyLock<SuggestParams> = LazyLock::new(|| params::builtin("subject.missing"));

/// "your SupplyConf talk", "your talk on supply-chain forecasting": up to four words before
/// the topic, and up to three after "on" or "about".
static TOPIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\byour\s+((?:[\p{{L}}\p{{N}}'’-]+\s+){{0,4}}?)({})\b(?:\s+(on|about)\s+([\p{{L}}\p{{N}}'’-]+(?:\s+[\p{{L}}\p{{N}}'’-]+){{0,2}}))?",
        SUGGEST.topics.join("|")
    ))
    .expect("subject.missing topics")
});

/// A suggested subject longer than this reads as a sentence, not a subject line.
const MAX_SUGGESTION: usize = 60;

/// "Shorten the subject" for a subject over `limit`: `None` when no whole words fit.
pub(crate) fn shorten_subject(a: &Analysis, limit: usize, mode: CountMode) -> Option<Fix> {
    let subject = &a.draft.facts.subject.as_ref()?.value;
    let short = shortened(subject, limit, mode)?;
    let edits = set_key(&a.draft, "subject", NewValue::Text(&short))?;
    Some(Fix {
        title: format!("Shorten the subject to {} characters", mode.count(&short)),
        edits,
        new_file: None,
        preferred: true,
        safe: false,
        kind: FixKind::Rewrite,
    })
}

/// `subject` within `limit`: without filler words if that is enough, else cut after its last
/// whole word that fits, without a small word or a dash left hanging at the end.
fn shortened(subject: &str, limit: usize, mode: CountMode) -> Option<String> {
    let is = |list: &[String], w: &str| {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        let key = if bare.is_empty() { w } else { bare };
        list.iter().any(|x| x.eq_ignore_ascii_case(key))
    };
    let mut words: Vec<&str> = subject
        .split_whitespace()
        .filter(|w| !is(&SHORTEN.filler, w))
        .collect();
    let joined = |words: &[&str]| words.join(" ");
    let over = mode.count(&joined(&words)) > limit;
    // Cut where a phrase ends if one does within the limit ("…, and how" reads cut off):
    // after a word that ends with a comma, semicolon or colon, or before a dash.
    if over {
        let phrase_end = (2..words.len()).rev().find(|&n| {
            let ends_phrase = words[n - 1].ends_with([',', ';', ':'])
                || matches!(words[n], "-" | "–" | "—" | "|");
            ends_phrase && mode.count(&joined(&words[..n])) <= limit
        });
        if let Some(n) = phrase_end {
            words.truncate(n);
        }
    }
    while words.len() > 1 && mode.count(&joined(&words)) > limit {
        words.pop();
        // A cut leaves no "of", "and" or dash at the end.
        while words.len() > 1 && words.last().is_some_and(|w| is(&SHORTEN.dangling, w)) {
            words.pop();
        }
    }
    let mut short = joined(&words)
        .trim_end_matches([',', ';', ':', '-', '–', '—', '(', '/'])
        .to_string();
    // A bracket or quote opened in what is kept and closed in what went goes too.
    for (open, close) in [('(', ')'), ('[', ']'), ('“', '”'), ('"', '"')] {
        let opens = short.matches(open).count();
        let closes = short.matches(close).count();
        let unbalanced = if open == close {
            opens % 2 == 1
        } else {
            opens > closes
        };
        if unbalanced {
            if let Some(i) = short.rfind(open) {
                short = short[..i].trim_end().to_string();
            }
        }
    }
    if subject.starts_with(char::is_uppercase) {
        short = capitalized(&short);
    }
    (!short.is_empty() && mode.count(&short) <= limit && short != subject).then_some(short)
}

/// A subject built from the body, for fixes that need one.
pub(crate) fn suggested_subject(a: &Analysis) -> String {
    let body = a.rendered.text.as_str();
    let asks = body.contains(['?', '？']) || no_ask::is_call_to_action(body);
    let fits = |s: &String| s.chars().count() <= MAX_SUGGESTION;
    if let Some(topic) = topic(body).filter(fits) {
        return topic;
    }
    if let Some(company) = &a.draft.facts.company {
        let company = company.value.trim();
        if let Some(thing) = company_thing(body, company) {
            let s = if asks {
                format!("Question about {thing}")
            } else {
                capitalized(&thing)
            };
            if fits(&s) {
                return s;
            }
        }
        let s = if asks {
            format!("Question about {company}")
        } else {
            format!("For the {company} team")
        };
        if fits(&s) {
            return s;
        }
    }
    if asks {
        return "Quick question".into();
    }
    match &a.draft.facts.first_name {
        Some(first) if fits(&format!("A note for {first}")) => format!("A note for {first}"),
        _ => "A short note".into(),
    }
}

/// "Your SupplyConf talk", "Your talk on supply-chain forecasting".
fn topic(body: &str) -> Option<String> {
    let c = TOPIC.captures(body)?;
    let before = c.get(1).map_or("", |m| m.as_str()).trim();
    // "your team and your talk": the topic is the second "your"'s.
    if before
        .split_whitespace()
        .any(|w| w.eq_ignore_ascii_case("your"))
    {
        return None;
    }
    let mut s = format!("Your {}", words(&[before, &c[2]]));
    if let (Some(prep), Some(what)) = (c.get(3), c.get(4)) {
        // Up to the first small word: "on forecasting with sparse data" gives "on forecasting".
        let what = what
            .as_str()
            .split_whitespace()
            .take_while(|w| !is_dangling(w))
            .collect::<Vec<_>>()
            .join(" ");
        if !what.is_empty() {
            s = format!("{s} {} {what}", prep.as_str().to_lowercase());
        }
    }
    Some(s)
}

/// "Northwind's data team": the company's possessive and up to two words after it.
fn company_thing(body: &str, company: &str) -> Option<String> {
    if company.is_empty() {
        return None;
    }
    let re = Regex::new(&format!(
        r"(?i)\b({})['’]s\s+([\p{{L}}\p{{N}}-]+(?:\s+[\p{{L}}\p{{N}}-]+)?)",
        regex::escape(company)
    ))
    .ok()?;
    let c = re.captures(body)?;
    let what = without_dangling(&c[2]);
    (!what.is_empty()).then(|| format!("{}'s {what}", &c[1]))
}

/// `s` without small words at its end ("data team is" → "data team").
fn without_dangling(s: &str) -> String {
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words.last().is_some_and(|w| is_dangling(w)) {
        words.pop();
    }
    words.join(" ")
}

fn is_dangling(word: &str) -> bool {
    SHORTEN
        .dangling
        .iter()
        .any(|d| d.eq_ignore_ascii_case(word))
}

fn words(parts: &[&str]) -> String {
    parts
        .iter()
        .flat_map(|p| p.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn shortening_drops_filler_first_then_whole_words() {
        let cut = |s: &str, limit| shortened(s, limit, CountMode::Utf16);
        assert_eq!(
            cut(
                "Just a really quick question about your SupplyConf talk",
                50
            )
            .as_deref(),
            Some("A question about your SupplyConf talk")
        );
        // Whole words only, and no "on the" left hanging.
        assert_eq!(
            cut(
                "Your SupplyConf talk on the forecasting of sparse demand",
                30
            )
            .as_deref(),
            Some("Your SupplyConf talk")
        );
        assert_eq!(
            cut("Your talk (SupplyConf 2026, Rotterdam) and a question", 32).as_deref(),
            Some("Your talk")
        );
        assert_eq!(cut("Supercalifragilistic", 5), None);
        // Where a phrase ends within the limit, the cut is there.
        assert_eq!(
            cut(
                "Your SupplyConf talk, and how your team plans safety stock across regions",
                40
            )
            .as_deref(),
            Some("Your SupplyConf talk")
        );
        assert_eq!(
            cut(
                "Your SupplyConf talk – sparse data and how your team plans",
                40
            )
            .as_deref(),
            Some("Your SupplyConf talk")
        );
    }

    fn inmail(head: &str, body: &str) -> String {
        format!("---\nchannel: inmail\nto: Sarah Chen\n{head}---\n{body}")
    }

    #[test]
    fn limit_subject_gets_a_shorter_subject_in_every_yaml_style() {
        let words = "Your SupplyConf talk on forecasting with sparse data ".repeat(5);
        for (written, newline) in [
            (format!("subject: {}", words.trim()), "\n"),
            (format!("subject: \"{}\"", words.trim()), "\n"),
            (format!("subject: '{}'", words.trim()), "\r\n"),
            (format!("subject: >-\n  {}", words.trim()), "\n"),
        ] {
            let text = inmail(
                &format!("{written}\n"),
                "Hi Sarah, would you share the slides?",
            )
            .replace('\n', newline);
            let f = &findings(&text, "limit.subject")[0];
            let fix = &f.fixes[0];
            assert!(
                fix.title.starts_with("Shorten the subject to "),
                "{}",
                fix.title
            );
            assert!(fix.preferred && !fix.safe && fix.kind == FixKind::Rewrite);
            let fixed = apply(&text, fix);
            assert!(findings(&fixed, "limit.subject").is_empty(), "{fixed}");
            assert!(
                serious(&fixed).is_empty(),
                "{:?} in {fixed}",
                serious(&fixed)
            );
            let subject = crate::engine::analyze(&fixed, &crate::engine::config::Config::default())
                .unwrap()
                .draft
                .facts
                .subject
                .unwrap()
                .value;
            assert!(
                subject.starts_with("Your SupplyConf talk on forecasting"),
                "{subject}"
            );
            assert!(words.starts_with(&subject), "whole words only: {subject}");
            assert!(
                !subject.ends_with(" with") && !subject.ends_with(" on"),
                "{subject}"
            );
        }
    }

    #[test]
    fn a_subject_with_a_colon_is_quoted() {
        let long = format!("Northwind: {}", "forecasting sparse demand ".repeat(10));
        let text = inmail(&format!("subject: \"{}\"\n", long.trim()), "Hi Sarah?");
        let fixed = apply(&text, &findings(&text, "limit.subject")[0].fixes[0]);
        assert!(
            fixed.contains("subject: \"Northwind: forecasting"),
            "{fixed}"
        );
        assert!(serious(&fixed).is_empty(), "{:?}", serious(&fixed));
    }

    fn suggestion(head: &str, body: &str) -> String {
        let text = inmail(head, body);
        let f = &findings(&text, "subject.missing")[0];
        let title = &f.fixes[0].title;
        title
            .strip_prefix("Add “subject: ")
            .and_then(|t| t.strip_suffix('”'))
            .unwrap_or_else(|| panic!("{title}"))
            .to_string()
    }

    #[test]
    fn suggested_subjects_come_from_the_body() {
        assert_eq!(
            suggestion("", "Hi Sarah, your supply-chain forecasting talk changed how we plan. Would you share the slides?"),
            "Your supply-chain forecasting talk"
        );
        assert_eq!(
            suggestion(
                "",
                "Hi Sarah, your talk on supply-chain forecasting at SupplyConf was great."
            ),
            "Your talk on supply-chain forecasting"
        );
        assert_eq!(
            suggestion(
                "",
                "Hi Sarah, your SupplyConf talk on forecasting with sparse data was great."
            ),
            "Your SupplyConf talk on forecasting"
        );
        assert_eq!(
            suggestion(
                "company: Northwind\n",
                "Hi Sarah, I hear Northwind's data team is growing. Who leads hiring there?"
            ),
            "Question about Northwind's data team"
        );
        assert_eq!(
            suggestion(
                "company: Northwind\n",
                "Hi Sarah, how does Northwind plan safety stock?"
            ),
            "Question about Northwind"
        );
        assert_eq!(
            suggestion("", "Hi Sarah, how do you plan safety stock?"),
            "Quick question"
        );
        // No question in the body: never "Quick question".
        assert_eq!(
            suggestion("", "Hi Sarah, we met at SupplyConf. Here are the slides."),
            "A note for Sarah"
        );
        assert_eq!(
            suggestion(
                "company: Northwind\n",
                "Hi Sarah, we met at SupplyConf. Here are the slides."
            ),
            "For the Northwind team"
        );
    }
}
