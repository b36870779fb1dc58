//! The built-in pack rules on drafts: where they fire (exact ranges) and where they stay silent.

use crate::engine::config::{Config, WordLists};
use crate::engine::finding::Finding;
use crate::engine::rules::test_support::{apply, findings};

/// `(start, end, covered text)` of each finding of `rule`.
fn spans(text: &str, rule: &str) -> Vec<(usize, usize, String)> {
    findings(text, rule)
        .iter()
        .map(|f| {
            (
                f.range.start,
                f.range.end,
                text[f.range.clone()].to_string(),
            )
        })
        .collect()
}

/// The covered texts of `rule`'s findings.
fn covered(text: &str, rule: &str) -> Vec<String> {
    spans(text, rule).into_iter().map(|s| s.2).collect()
}

fn at(text: &str, needle: &str) -> (usize, usize, String) {
    let s = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    (s, s + needle.len(), needle.to_string())
}

fn with_config(text: &str, rule: &str, config: &Config) -> Vec<Finding> {
    crate::engine::analyze(text, config)
        .unwrap()
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

const MSG: &str = "---\nchannel: message\nto: Nadia Hassan\ncompany: Deliveroo\n---\n";

mod trigger_word {
    use super::*;

    #[test]
    fn fires_with_exact_ranges_and_categories() {
        let text = format!(
            "{MSG}Hi Nadia, get a FREE audit. It's a limited time offer, so act now!\nResults are 100% guaranteed, risk-free. Don’t miss it."
        );
        assert_eq!(
            spans(&text, "spam.trigger-word"),
            vec![
                at(&text, "FREE"),
                at(&text, "limited time offer"),
                at(&text, "act now"),
                at(&text, "100%"),
                at(&text, "guaranteed"),
                at(&text, "risk-free"),
                at(&text, "Don’t miss"),
            ]
        );
        let f = findings(&text, "spam.trigger-word");
        assert!(f[0].message.contains("money"), "{}", f[0].message);
        assert!(f[2].message.contains("urgency"), "{}", f[2].message);
        assert!(f[3].message.contains("overpromise"), "{}", f[3].message);
        assert!(f[6].message.contains("pressure"), "{}", f[6].message);
    }

    #[test]
    fn extra_spaces_and_line_breaks_between_words_still_match() {
        let text = format!("{MSG}Please act\n  now and reply.");
        assert_eq!(covered(&text, "spam.trigger-word"), vec!["act\n  now"]);
    }

    #[test]
    fn free_meaning_available_or_unrestricted_is_silent() {
        for body in [
            "Hi Nadia, are you free Thursday for a coffee near the station?",
            "Feel free to forward it to whoever runs training.",
            "I built the synth in my free time.",
            "Would you be free for a call next week?",
            "I'm free on Monday if that suits.",
            "Our gluten-free menu and a carefree freebie-free weekend.",
        ] {
            let text = format!("{MSG}{body}");
            assert!(covered(&text, "spam.trigger-word").is_empty(), "{body}");
        }
    }

    #[test]
    fn free_as_an_offer_fires_next_to_free_as_available() {
        let text = format!("{MSG}Are you free Thursday? I can bring a free gift.");
        assert_eq!(covered(&text, "spam.trigger-word"), vec!["free gift"]);
    }

    #[test]
    fn company_names_urls_comments_and_front_matter_are_silent() {
        let text = "---\nchannel: message\nto: Jasmine Wright\ncompany: Cash App\nsubject: FREE cash now\n---\n<!-- no \"free trial\", no act now -->\nHi Jasmine, congrats on the Cash App launch! Notes at https://example.com/free-trial-guide.\n";
        assert!(covered(text, "spam.trigger-word").is_empty());
    }

    #[test]
    fn fixes_replace_or_remove_the_word() {
        let text = format!("{MSG}Hi Nadia, here is a FREE, quick audit.");
        let f = &findings(&text, "spam.trigger-word")[0];
        let titles: Vec<_> = f.fixes.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Replace with “complimentary”",
                "Remove “FREE”",
                "Disable spam.trigger-word in this draft"
            ]
        );
        assert!(f.fixes[0].preferred && !f.fixes[0].safe);
        assert_eq!(
            apply(&text, &f.fixes[1]),
            format!("{MSG}Hi Nadia, here is a quick audit.")
        );
    }

    #[test]
    fn config_allows_and_adds_words() {
        let text = format!("{MSG}Our cash flow tool has a synergy module.");
        let mut config = Config::default();
        assert_eq!(with_config(&text, "spam.trigger-word", &config).len(), 1);
        config.words.insert(
            "spam.trigger-word".into(),
            WordLists {
                allow: vec!["cash flow".into()],
                add: vec!["synergy".into()],
            },
        );
        let got: Vec<_> = with_config(&text, "spam.trigger-word", &config)
            .iter()
            .map(|f| text[f.range.clone()].to_string())
            .collect();
        assert_eq!(got, vec!["synergy"]);
        let mut global = Config::default();
        global.allow = vec!["cash".into()];
        assert!(with_config(&text, "spam.trigger-word", &global).is_empty());
    }
}

mod shouting {
    use super::*;

    #[test]
    fn capitals_and_repeated_punctuation_fire_with_exact_ranges() {
        let text = format!(
            "{MSG}Hi Nadia!! HUGE news: Get a FREE audit today!!! Results are GUARANTEED?? ACT NOW"
        );
        assert_eq!(
            covered(&text, "spam.shouting"),
            vec!["!!", "HUGE", "FREE", "!!!", "GUARANTEED", "??", "ACT NOW"]
        );
        assert_eq!(spans(&text, "spam.shouting")[1], at(&text, "HUGE"));
    }

    #[test]
    fn acronyms_names_and_tokens_are_silent() {
        for (front, body) in [
            (MSG, "Your post on how the CFO team measures ROI on new SaaS tools was sharp. Tying every B2B tool to one KPI is simple. How do you handle AI tools?"),
            ("---\nchannel: message\nto: Erik Lindgren\ncompany: IKEA\n---\n", "Congrats on the IKEA buy-back program."),
            ("---\nchannel: message\nto: Kate Morrison\n---\n", "Here is the SOC 2 report and the NASDAQ filing, XX pages. I loved it! Really?"),
            (MSG, "Is the GPT4 model in the EU region? I read it in the NYC office."),
        ] {
            let text = format!("{front}{body}");
            assert!(covered(&text, "spam.shouting").is_empty(), "{body}: {:?}", covered(&text, "spam.shouting"));
        }
    }

    #[test]
    fn fixes_are_sentence_case_and_a_single_mark_and_safe() {
        let text = format!("{MSG}Did you see it? PLEASE reply, it is HUGE!!!");
        let f = findings(&text, "spam.shouting");
        let fixed: Vec<_> = f
            .iter()
            .map(|f| (f.fixes[0].title.clone(), f.fixes[0].safe))
            .collect();
        assert_eq!(
            fixed,
            vec![
                ("Change to “Please”".to_string(), true),
                ("Change to “huge”".to_string(), true),
                ("Change “!!!” to “!”".to_string(), true),
            ]
        );
        let mut out = text.clone();
        for f in f.iter().rev() {
            out = apply(&out, &f.fixes[0]);
        }
        assert_eq!(
            out,
            format!("{MSG}Did you see it? Please reply, it is huge!")
        );
    }

    #[test]
    fn runs_keep_their_acronyms() {
        let text = format!("{MSG}We help. BOOST YOUR ROI NOW.");
        let f = &findings(&text, "spam.shouting")[0];
        assert_eq!(&text[f.range.clone()], "BOOST YOUR ROI NOW");
        assert_eq!(f.fixes[0].title, "Change to “Boost your ROI now”");
    }
}
