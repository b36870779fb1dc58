//! The built-in pack rules on drafts: where they fire (exact ranges) and where they stay silent.

use crate::engine::config::{Config, WordLists};
use crate::engine::finding::Finding;
use crate::engine::test_support::{apply, findings};

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
    fn no_risk_promises_fire() {
        let text = format!("{MSG}If we do not move the needle, you pay nothing. Cancel anytime.");
        assert_eq!(
            covered(&text, "spam.trigger-word"),
            vec!["you pay nothing", "Cancel anytime"]
        );
        let text = format!(
            "{MSG}My method gives you many leads and more on LinkedIn and Twitter in 24 hours!"
        );
        assert_eq!(covered(&text, "spam.trigger-word").len(), 1);
        let text = format!("{MSG}We paid nothing for the venue, and you can cancel the call anytime. We met many customers in 3 days at the show.");
        assert!(covered(&text, "spam.trigger-word").is_empty());
    }

    #[test]
    fn a_price_running_out_fires_and_a_price_described_does_not() {
        let text = format!("{MSG}Quick heads-up: the proposal pricing expires on May 4. Want to lock in the current pricing?");
        assert_eq!(
            covered(&text, "spam.trigger-word"),
            vec!["pricing expires", "lock in the current pricing"]
        );
        let text = format!("{MSG}Our pricing is on the site, and the quote lists each item.");
        assert!(covered(&text, "spam.trigger-word").is_empty());
    }

    #[test]
    fn scarcity_and_dream_job_lines_fire() {
        let text = format!("{MSG}Here is your chance! The invitation will expire in 7 days, and it could be your dream job.");
        assert_eq!(
            covered(&text, "spam.trigger-word"),
            vec!["Here is your chance", "will expire in", "dream job"]
        );
    }

    #[test]
    fn a_sum_promised_and_places_running_out_fire() {
        let text = format!("{MSG}We could recover 6 figures annually for you. Spots are filling up, so reply to hold your slot.");
        assert_eq!(
            covered(&text, "spam.trigger-word"),
            vec![
                "recover 6 figures",
                "Spots are filling up",
                "hold your slot"
            ]
        );
        let text = format!(
            "{MSG}We're finalizing pilot spots for the month. Reserve a spot quickly here."
        );
        assert_eq!(
            covered(&text, "spam.trigger-word"),
            vec!["finalizing pilot spots", "Reserve a spot"]
        );
        // A place kept for them at their own event is no pressure.
        let text =
            format!("{MSG}Thanks for saving me a seat at your meetup; I'll bring the slides.");
        assert!(covered(&text, "spam.trigger-word").is_empty());
        // Their own guarantee described back to them, and sums that are news, not promises.
        let text = format!("{MSG}Your price match guarantee is hidden on mobile. Last year we saved $2M in freight, and your seats at the show are booked.");
        assert!(covered(&text, "spam.trigger-word").is_empty());
    }

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
    fn a_price_put_as_a_pitch_fires_as_money() {
        let text = format!("{MSG}Hi Nadia, delivered in 5 days. Price: $497 one-time, with plans starting at $1.5k and very affordable rates. Make some money from your blog.");
        assert_eq!(
            covered(&text, "spam.trigger-word"),
            vec![
                "Price: $497",
                "starting at $1.5k",
                "very affordable rates",
                "Make some money"
            ]
        );
        let f = findings(&text, "spam.trigger-word");
        assert!(f.iter().all(|f| f.message.contains("money")), "{f:?}");
        // Figures about their business or ours are not a price pitch.
        let text =
            format!("{MSG}Hi Nadia, we crossed $30k MRR and your team saved $40K a quarter.");
        assert!(covered(&text, "spam.trigger-word").is_empty());
    }

    #[test]
    fn the_seo_sellers_promises_and_cost_pitches_fire_in_their_categories() {
        for (body, said, category) in [
            (
                "We can boost your Google rankings this month.",
                "boost your Google rankings",
                "overpromise",
            ),
            (
                "We put sites in the best positions on the major search engines.",
                "best positions on the major search engines",
                "overpromise",
            ),
            (
                "Guest posts increase organic traffic.",
                "increase organic traffic",
                "overpromise",
            ),
            (
                "Take your website to new heights.",
                "to new heights",
                "overpromise",
            ),
            (
                "This is an exclusive opportunity for your site.",
                "exclusive opportunity",
                "pressure",
            ),
            (
                "We ship at 40-60% lower cost than US agencies.",
                "40-60% lower cost",
                "money",
            ),
            ("It won't cost a fortune.", "won't cost a fortune", "money"),
            (
                "We offer various pricing options.",
                "various pricing options",
                "money",
            ),
            (
                "I promise it's worth 5 minutes.",
                "I promise it's",
                "overpromise",
            ),
            (
                "We added $100K in 90 days for a gym.",
                "$100K in 90 days",
                "overpromise",
            ),
            ("Your blog gets good page rank.", "page rank", "overpromise"),
            ("You won't need to spend a dime.", "spend a dime", "money"),
            ("The course is yours for only $9.", "for only $9", "money"),
            (
                "Members earn up to $5,000 a month.",
                "earn up to $5,000",
                "money",
            ),
            (
                "Start today, no credit card required.",
                "no credit card required",
                "money",
            ),
            ("There is no catch.", "no catch", "overpromise"),
            (
                "Good news: you have been selected.",
                "you have been selected",
                "overpromise",
            ),
            ("The offer expires Friday.", "offer expires", "urgency"),
            (
                "We can increase your sales by 300%.",
                "increase your sales by 300%",
                "overpromise",
            ),
            (
                "Only 3 spots left this month.",
                "Only 3 spots left",
                "pressure",
            ),
            ("Save up to 70% this week.", "Save up to 70%", "money"),
            (
                "Leads at no upfront cost this month.",
                "no upfront cost",
                "money",
            ),
            (
                "You only pay a 20% referral fee.",
                "20% referral fee",
                "money",
            ),
            (
                "The workshop ($3,000 vs. $5,000) is open.",
                "($3,000 vs. $5,000)",
                "money",
            ),
            (
                "First 20 advisors get priority placement.",
                "First 20 advisors get",
                "pressure",
            ),
            (
                "We're down to the last 5 spots.",
                "down to the last 5",
                "pressure",
            ),
            (
                "It's a once-in-a-lifetime chance.",
                "once-in-a-lifetime",
                "overpromise",
            ),
        ] {
            let text = format!("{MSG}Hi Nadia. {body}");
            let f = findings(&text, "spam.trigger-word");
            assert_eq!(covered(&text, "spam.trigger-word"), vec![said], "{body}");
            assert!(f[0].message.contains(category), "{}", f[0].message);
        }
        // Their traffic and their costs, told back to them, are no pitch.
        let text = format!(
            "{MSG}Hi Nadia, your traffic grew 40% and your costs fell. How did the team do it?"
        );
        assert!(covered(&text, "spam.trigger-word").is_empty());
        // A grant, a fund or a pay range, quoted as a range, is no discount.
        let text = format!(
            "{MSG}Hi Nadia, we invest $100k to $300k in open-source startups; the first 2 rounds were in Berlin."
        );
        assert!(covered(&text, "spam.trigger-word").is_empty());
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
            "How do you forecast cash flow? We use Cash App for petty cash.",
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
        let text = format!("{MSG}Our discount code tool has a synergy module.");
        let mut config = Config::default();
        assert_eq!(with_config(&text, "spam.trigger-word", &config).len(), 1);
        config.words.insert(
            "spam.trigger-word".into(),
            WordLists {
                allow: vec!["discount code".into()],
                add: vec!["synergy".into()],
            },
        );
        let got: Vec<_> = with_config(&text, "spam.trigger-word", &config)
            .iter()
            .map(|f| text[f.range.clone()].to_string())
            .collect();
        assert_eq!(got, vec!["synergy"]);
        let mut global = Config::default();
        global.allow = vec!["discount".into()];
        assert!(with_config(&text, "spam.trigger-word", &global).is_empty());
    }

    #[test]
    fn allowing_a_pattern_hit_that_ends_inside_a_word_silences_it() {
        // "Allow 'your phone number'" on "your phone numbers": the hit ends inside the word.
        let text = format!("{MSG}Setup keeps your phone numbers and calendar as they are.");
        let mut config = Config::default();
        assert_eq!(
            with_config(&text, "etiquette.sensitive-info", &config).len(),
            1
        );
        config.allow = vec!["your phone number".into()];
        assert!(with_config(&text, "etiquette.sensitive-info", &config).is_empty());
    }
}

mod shouting {
    use super::*;

    #[test]
    fn free_before_a_day_or_time_is_not_money_language() {
        let text = format!("{MSG}Free Tuesday at 3pm? Or are you free Thursday morning?");
        assert!(covered(&text, "spam.trigger-word").is_empty());
        let text = format!("{MSG}Free [Day/Time 1] or [Day/Time 2]?");
        assert!(covered(&text, "spam.trigger-word").is_empty());
        let text = format!("{MSG}The free {{{{lead_magnet}}}} shows the real number.");
        assert_eq!(covered(&text, "spam.trigger-word"), vec!["free"]);
        let text = format!("{MSG}We got you to the Google 1st page in a month.");
        assert_eq!(covered(&text, "spam.trigger-word"), vec!["Google 1st page"]);
        let text = format!("{MSG}Get a free audit today.");
        assert_eq!(covered(&text, "spam.trigger-word"), vec!["free"]);
        // A verb and agreement are no price and no promise; the promise still is.
        let text = format!("{MSG}It can free up time for strategy. Your thread: 100% agree.");
        assert!(covered(&text, "spam.trigger-word").is_empty());
        let text = format!("{MSG}Results are 100% guaranteed.");
        assert_eq!(
            covered(&text, "spam.trigger-word"),
            vec!["100%", "guaranteed"]
        );
        // A guarantee refused promises nothing; income and hidden fees put as the pitch do.
        let text = format!("{MSG}I can't guarantee it will fit, and there's no guarantee it will.");
        assert!(covered(&text, "spam.trigger-word").is_empty());
        let text = format!("{MSG}Looking for a secondary income, without hidden fees?");
        assert_eq!(
            covered(&text, "spam.trigger-word"),
            vec!["secondary income", "without hidden fees"]
        );
    }

    #[test]
    fn names_in_capitals_and_template_instructions_are_not_shouting() {
        for line in [
            "Loved your panel at HIMSS this year.",
            "See you at SXSW?",
            "I moved over from SIEMENS last spring.",
            "[PERSONALIZE: one line about their post] Worth a chat?",
            "{INSERT COMPANY} looks great.",
            "We are both members of NYEBN.",
            "I interned at a startup in DUMBO.",
            "I read your paper “Block Hankel Tensor ARIMA for Multiple Short Time Series”.",
            "If you want in, reply \"YES\" and I'll send details.",
            "Their Tokyo 東京 SXSW 👋 Forum, é ÉTÉ Café.",
            "We run the CARE-PD study with three clinics.",
            "Since you use MEDDIC, your reps fill its fields. We read MEDDIC from the call.",
            // An event with its year, a company with its legal ending, what the writer runs.
            "I'm organising STEMTECH 2026 in Lagos. Would you keynote?",
            "See you at the summit (ORBITAL '27)?",
            "See you at the summit (ORBITAL ’27)?",
            "Does ACME CORP still use that system?",
            "We run TUTORLAB, an after-school program in Austin.",
            // A template's filler, and a file everyone writes in capitals.
            "Your order YYYYYYY ships on XXXX.",
            "I opened a PR against your README.",
        ] {
            let text = format!("{MSG}{line}");
            assert!(covered(&text, "spam.shouting").is_empty(), "{line}");
        }
        // Still shouting: a listed word after "at", and capitals for emphasis.
        let text =
            format!("{MSG}Get it at FREE prices. This is a MUST-HAVE. It is HUGE and AMAZING.");
        let got = covered(&text, "spam.shouting");
        assert!(got.iter().any(|w| w.contains("AMAZING")), "{got:?}");
        assert!(got.iter().any(|w| w.contains("MUST-HAVE")), "{got:?}");
        // A name is spelt the same way each time; a word in capitals written once still shouts,
        // and so does a listed shout however often it comes.
        // Short words no acronym spells, in capitals for stress.
        let text = format!("{MSG}If you ARE still interested, it takes ONE call.");
        assert_eq!(covered(&text, "spam.shouting"), vec!["ARE", "ONE"]);
        // Section headings over their text lay a long email out; a line of capitals with no
        // text under it, or inside a sentence, still shouts.
        for body in [
            "PROJECT SUMMARY\nWe study fractals.\n\nWHAT WE SEEK:\nA call.",
            "PROJECT SUMMARY\r\nWe study fractals.\r\n\r\nWHAT WE SEEK: \r\nA call.",
        ] {
            let text = format!("{MSG}{body}");
            assert!(covered(&text, "spam.shouting").is_empty(), "{body:?}");
        }
        let text = format!("{MSG}We study fractals.\n\nBIG NEWS\n\nIt is INCREDIBLE, really.");
        assert_eq!(
            covered(&text, "spam.shouting"),
            vec!["BIG NEWS", "INCREDIBLE"]
        );
        let text = format!("{MSG}It is AMAZING. HUGE news, HUGE team.");
        assert_eq!(
            covered(&text, "spam.shouting"),
            vec!["AMAZING", "HUGE", "HUGE"]
        );
        // A number that is no year leaves a shout a shout. A year makes the word a name, even
        // "AMAZING 2026": the price of reading "STEMTECH 2026" right.
        let text = format!("{MSG}You should RESPOND 2 days before. It is AMAZING 2026 pricing.");
        assert_eq!(covered(&text, "spam.shouting"), vec!["RESPOND"]);
        let text = format!("{MSG}MEDDICS are great. We use MEDDIC daily.");
        assert_eq!(covered(&text, "spam.shouting"), vec!["MEDDICS", "MEDDIC"]);
    }

    #[test]
    fn capitals_and_repeated_punctuation_fire_with_exact_ranges() {
        let text = format!(
            "{MSG}Hi Nadia!! HUGE news: Get a FREE audit today!!! Results are GUARANTEED?? ACT NOW"
        );
        assert_eq!(
            covered(&text, "spam.shouting"),
            vec!["!!", "HUGE", "!!!", "??"]
        );
        assert_eq!(spans(&text, "spam.shouting")[1], at(&text, "HUGE"));
        // Spam words in capitals are spam's findings, with the shouting related (one per span).
        let related: Vec<String> = findings(&text, "spam.trigger-word")
            .iter()
            .flat_map(|f| f.related.iter())
            .map(|r| text[r.range.clone()].to_string())
            .collect();
        assert_eq!(related, vec!["FREE", "GUARANTEED", "ACT NOW"]);
    }

    #[test]
    fn acronyms_names_and_tokens_are_silent() {
        for (front, body) in [
            (MSG, "Your post on how the CFO team measures ROI on new SaaS tools was sharp. Tying every B2B tool to one KPI is simple. How do you handle AI tools?"),
            ("---\nchannel: message\nto: Erik Lindgren\ncompany: IKEA\n---\n", "Congrats on the IKEA buy-back program."),
            ("---\nchannel: message\nto: Kate Morrison\n---\n", "Here is the SOC 2 report and the NASDAQ filing, XX pages. I loved it! Really?"),
            (MSG, "Is the GPT4 model in the EU region? I read it in the NYC office."),
            // Five-letter capitals the pack does not list are names or acronyms as often as not.
            (MSG, "See you at SVASE next week. We moved to SWIFT payments."),
        ] {
            let text = format!("{front}{body}");
            assert!(covered(&text, "spam.shouting").is_empty(), "{body}: {:?}", covered(&text, "spam.shouting"));
        }
    }

    #[test]
    fn fixes_are_sentence_case_and_a_single_mark_and_safe() {
        let text = format!("{MSG}Did you see it? ANSWER me, it is HUGE!!!");
        let f = findings(&text, "spam.shouting");
        let fixed: Vec<_> = f
            .iter()
            .map(|f| (f.fixes[0].title.clone(), f.fixes[0].safe))
            .collect();
        assert_eq!(
            fixed,
            vec![
                // Not a listed shout word: it could be an acronym (HIMSS), so never unseen.
                ("Change to “Answer”".to_string(), false),
                ("Change to “huge”".to_string(), true),
                ("Change “!!!” to “!”".to_string(), true),
            ]
        );
        let mut out = text.clone();
        for f in f.iter().rev() {
            out = apply(&out, &f.fixes[0]);
        }
        assert_eq!(out, format!("{MSG}Did you see it? Answer me, it is huge!"));
    }

    #[test]
    fn fix_all_never_lowercases_an_acronym_it_does_not_know() {
        let text =
            format!("{MSG}Hi Nadia, see you at HIMSS and SXSW, or at the IBM booth. It's HUGE!");
        let fixed = crate::engine::fix_all::fix_all(&text, &Config::default());
        let out = crate::engine::fix_all::apply(&text, &fixed);
        assert_eq!(
            out,
            format!("{MSG}Hi Nadia, see you at HIMSS and SXSW, or at the IBM booth. It's huge!")
        );
    }

    #[test]
    fn a_capitalised_word_where_a_name_goes_gets_no_lower_case_fix() {
        // Found by QA: "at HIMSS" → "at himss", "some COBOL workloads" → "some cobol workloads".
        let text = format!(
            "{MSG}I saw you at HIMSS. We move some COBOL workloads. The demo was GREAT, it's HUGE."
        );
        let fixes: Vec<(String, Vec<String>)> = findings(&text, "spam.shouting")
            .iter()
            .map(|f| {
                let titles = f.fixes.iter().map(|x| x.title.clone()).collect();
                (text[f.range.clone()].to_string(), titles)
            })
            .collect();
        let titles = |word: &str| {
            fixes
                .iter()
                .find(|(w, _)| w == word)
                .map(|(_, t)| t.clone())
                .unwrap_or_default()
        };
        assert!(
            !titles("HIMSS").iter().any(|t| t.starts_with("Change to")),
            "{fixes:?}"
        );
        assert!(
            !titles("COBOL").iter().any(|t| t.starts_with("Change to")),
            "{fixes:?}"
        );
        assert!(
            titles("GREAT").contains(&"Change to “great”".to_string()),
            "{fixes:?}"
        );
        assert!(
            titles("HUGE").contains(&"Change to “huge”".to_string()),
            "{fixes:?}"
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

const NOTE: &str =
    "---\nchannel: connection-note\nto: Laura Schmidt\ncompany: Personio\nplan: premium\n---\n";
const FOLLOW: &str = "---\nchannel: follow-up\nto: Sarah Chen\ncompany: Northwind\nstep: 2\n---\n";

mod pitch_in_note {
    use super::*;

    #[test]
    fn fires_on_products_pricing_and_meetings_in_a_note() {
        let text = format!("{NOTE}Hi Laura, we help HR teams like yours: our payroll platform saves hours. Happy to share our pricing or book a quick call.");
        assert_eq!(
            spans(&text, "etiquette.pitch-in-note"),
            vec![
                at(&text, "we help HR teams"),
                at(&text, "our payroll platform"),
                at(&text, "saves hours"),
                at(&text, "our pricing"),
                at(&text, "book a quick call"),
            ]
        );
    }

    #[test]
    fn fires_on_what_the_offer_does_for_people_like_them() {
        for (body, pitch) in [
            (
                "Hi Laura, at Whisper we train sales teams to research faster.",
                "at Whisper we train",
            ),
            (
                "Hi Laura, I work with similar teams on onboarding.",
                "I work with similar",
            ),
            ("Hi Laura, our clients close more deals.", "our clients"),
            (
                "Hi Laura, it cuts ramp time in half.",
                "cuts ramp time in half",
            ),
            (
                "Hi Laura, quick intro: I run Acme, a payroll app for startups.",
                "I run Acme, a payroll app",
            ),
            (
                "Hi Laura, growing your pipeline? We can help.",
                "We can help",
            ),
            (
                "Hi Laura, are you looking to grow your pipeline this year?",
                "are you looking to grow",
            ),
            (
                "Hi Laura, I'd like to tell you about our new CRM.",
                "tell you about our new CRM",
            ),
            (
                "Hi Laura, we partner with fintechs to speed up KYC.",
                "we partner with fintechs to",
            ),
        ] {
            let text = format!("{NOTE}{body}");
            assert_eq!(
                covered(&text, "etiquette.pitch-in-note"),
                vec![pitch],
                "{body}"
            );
        }
        // Numbers about her, or a team she works with, are not an offer.
        let text = format!("{NOTE}Hi Laura, your team grew 40% this year and I work with Dana on the HR Tech panel.");
        assert!(covered(&text, "etiquette.pitch-in-note").is_empty());
        // Who the writer is, without an offer, is no pitch.
        let text = format!("{NOTE}Hi Laura, I run the Leeds data meetup and enjoyed your talk. Let me know if I can help with the next one.");
        assert!(covered(&text, "etiquette.pitch-in-note").is_empty());
    }

    #[test]
    fn what_others_seek_a_resource_named_and_a_capped_time_are_not_the_asks_they_resemble() {
        // A statistic about others seeking work asks for no job; the writer's own words do.
        let stats = format!("{MSG}Hi Nadia, new data: 45% seeking new roles, and engineers who are exploring new opportunities.");
        assert!(covered(&stats, "etiquette.job-ask").is_empty());
        // A recruiter who saw them looking offers work; it asks for none.
        let recruiter = format!(
            "{MSG}Hi Nadia, I see you're exploring new opportunities. We have three roles."
        );
        assert!(covered(&recruiter, "etiquette.job-ask").is_empty());
        let theirs =
            format!("{MSG}Hi Nadia, if you're ever looking for a new role in data, we have three.");
        assert!(covered(&theirs, "etiquette.job-ask").is_empty());
        let own = format!("{MSG}Hi Nadia, I'm seeking new roles in data.");
        assert_eq!(
            covered(&own, "etiquette.job-ask"),
            vec!["seeking new roles"]
        );
        // A follow-up that names the resource it brings is not a bare nudge.
        let nudge = format!("{FOLLOW}Hi Sarah, following up on the proposal.");
        assert_eq!(
            covered(&nudge, "etiquette.lazy-follow-up"),
            vec!["following up on the proposal"]
        );
        for (body, nudge) in [
            ("Quick bump. Open to a chat?", "Quick bump"),
            (
                "I wanted to check one more time if we can help.",
                "check one more time",
            ),
        ] {
            let text = format!("{FOLLOW}Hi Sarah, {body}");
            assert_eq!(
                covered(&text, "etiquette.lazy-follow-up"),
                vec![nudge],
                "{body}"
            );
        }
        let resource = format!("{FOLLOW}Hi Sarah, following up on the proposal. I just came across this recent industry case study on point three.");
        assert!(covered(&resource, "etiquette.lazy-follow-up").is_empty());
        // A favour the writer caps at twenty minutes is the time-boxed ask.
        let open = format!("{MSG}Hi Nadia, I was hoping to pick your brain about the move.");
        assert_eq!(
            covered(&open, "etiquette.heavy-ask"),
            vec!["pick your brain"]
        );
        let capped = format!("{MSG}Hi Nadia, I was hoping to pick your brain about the move, no more than 20 minutes of your time. Would Tuesday work?");
        assert!(covered(&capped, "etiquette.heavy-ask").is_empty());
    }

    #[test]
    fn fires_on_the_offer_named_or_shown() {
        for (body, pitch) in [
            (
                "I want to tell you about a terrific new product",
                "tell you about a terrific new product",
            ),
            (
                "I developed a method that works in 24 hours.",
                "I developed a method",
            ),
            ("My method gives you many leads.", "gives you many leads"),
            (
                "I would love to run a quick test with you.",
                "run a quick test",
            ),
            (
                "Hi Laura, we partner with agencies as their dev team.",
                "we partner with agencies",
            ),
            (
                "Working with a few companies at a similar stage.",
                "Working with a few companies at",
            ),
            ("The preregistration page is up.", "preregistration page"),
            (
                "How do I get a story on my business?",
                "story on my business",
            ),
            ("If interested I can demo how it works.", "I can demo"),
            ("Mench saves time for recruiters.", "saves time"),
            ("We ran a pilot at Norton Healthcare.", "ran a pilot"),
            (
                "We reduce lead response time from 45m to 2m.",
                "reduce lead response time from 45m to 2m.",
            ),
        ] {
            let text = format!("{NOTE}{body}");
            assert_eq!(
                covered(&text, "etiquette.pitch-in-note"),
                vec![pitch],
                "{body}"
            );
        }
        // Her product, her test and her story are not an offer.
        let text = format!("{NOTE}Hi Laura, your story on the Leeds launch and the test you ran with the new product were great.");
        assert!(covered(&text, "etiquette.pitch-in-note").is_empty());
    }

    #[test]
    fn fires_on_the_company_as_subject_the_product_being_built_and_the_offer() {
        for (body, pitch) in [
            (
                "Hi Laura. At Acme, we build payroll tools.",
                "At Acme, we build",
            ),
            (
                "Hi Laura, at Acme we automate payroll.",
                "at Acme we automate",
            ),
            (
                "Laura, we're building a voice AI for Salesforce. Worth connecting?",
                "we're building a voice AI",
            ),
            (
                "Hi Laura, I run an agency that helps founders.",
                "agency that helps",
            ),
            (
                "Hi Laura, we've helped 200 HR teams this year.",
                "we've helped",
            ),
            (
                "Hi Laura, I'd love to share how we did it for Zalando.",
                "share how we",
            ),
            (
                "Hi Laura, let's see if we can help with onboarding.",
                "see if we can help",
            ),
            (
                "Hi Laura, happy to explore a partnership.",
                "explore a partnership",
            ),
            (
                "Hi Laura, I work with dental practices to capture more calls.",
                "I work with dental practices to",
            ),
            (
                "Hi Laura, I help 3PLs differentiate through technology.",
                "I help 3PLs differentiate",
            ),
            (
                "Hi Laura, we help retailers (mostly grocers) cut stockouts.",
                "we help retailers (mostly grocers) cut",
            ),
            (
                "Hi Laura, we're raising $1.5M for our seed round.",
                "we're raising $1",
            ),
            (
                "Hi Laura, I have some SEO insights that might help.",
                "insights that might help",
            ),
            (
                "Hi Laura, we're a Shopify design agency in Leeds.",
                "we're a Shopify design agency",
            ),
            (
                "Hi Laura, are you looking for a reliable dev partner?",
                "are you looking for a reliable dev partner",
            ),
            (
                "Hi Laura, would your team be open to a free pilot?",
                "open to a free pilot",
            ),
            (
                "Hi Laura, with it, sales teams close 25% more deals in a quarter.",
                "25% more",
            ),
            (
                "Hi Laura, happy to share the case study with you.",
                "case study",
            ),
            (
                "Hi Laura, I'm the founder of Loopin, an AI scheduling platform for clinics.",
                "founder of Loopin, an AI scheduling platform",
            ),
            (
                "Hi Laura, check out our site when you can.",
                "check out our site",
            ),
            (
                "Hi Laura, I run a lead-gen agency for dentists.",
                "I run a lead-gen agency for",
            ),
            (
                "Hi Laura, let me know if you need any web development services.",
                "if you need any web development services",
            ),
            (
                "Hi Laura, are you the right person to talk to about payroll?",
                "right person to talk to about",
            ),
            (
                "Hi Laura, I have a solution that could double your leads.",
                "I have a solution",
            ),
            ("Hi Laura, happy to share our deck.", "share our deck"),
            (
                "Hi Laura, I run a studio that builds Shopify stores.",
                "studio that builds",
            ),
            (
                "Hi Laura, we're a dev shop in Kyiv with 50 engineers.",
                "we're a dev shop",
            ),
            (
                "Hi Laura, let's connect in case you need extra hands.",
                "in case you need extra hands",
            ),
            (
                "Hi Laura, do you handle marketing in-house or with an agency?",
                "in-house or with an agency",
            ),
            (
                "Hi Laura, quick question: who handles IT procurement at Personio?",
                "who handles IT procurement",
            ),
            (
                "Hi Laura, I'd love to tell you about what we're doing at Loomly.",
                "tell you about what we",
            ),
            (
                "Hi Laura, we just launched a tool for recruiters and I think you'd love it.",
                "launched a tool for recruiters and I think you'd love",
            ),
            (
                "Hi Laura, we help pool services optimize routes. Happy to connect!",
                "we help pool services optimize",
            ),
            (
                "Hi Laura, I run Hunters & Farmers and help AU teams hire sales talent.",
                "I run Hunters & Farmers and help AU teams hire",
            ),
            (
                "Hi Laura, Remote Helpers specializes in providing trained remote staff.",
                "specializes in providing",
            ),
            (
                "Hi Laura, thought you might be interested in PoolApp. Connect?",
                "thought you might be interested in P",
            ),
        ] {
            let text = format!("{NOTE}{body}");
            assert_eq!(
                covered(&text, "etiquette.pitch-in-note"),
                vec![pitch],
                "{body}"
            );
        }
        // A job seeker's chat, a team she built, or her company's work is not an offer.
        for body in [
            "Hi Laura, I'm exploring roles at Personio. Would you be open to a quick chat?",
            "Hi Laura, at HR Tech you said your team is building a new onboarding flow; I loved it.",
            "Hi Laura, you've helped so many people find their path. I'd love to connect.",
            "Hi Laura, your talk at SaaStr, we all agreed, was the best of the day.",
            "Hi Laura, I'm exploring how leaders like you approach AI. Would love to connect.",
            "Hi Laura, happy to share what's working for us if useful.",
            "Hi Laura, I work with Dana on the HR Tech panel.",
            "Hi Laura, I'm in-house counsel at a fintech, and your panel on procurement law was great.",
            "Hi Laura, we're a book club in Leeds and loved your novel.",
            "Hi Laura, we work with forty stores to plan safety stock.",
            "Hi Laura, I'm looking for a technical partner for my thesis on grid storage.",
            "Hi Laura, we're a small team of volunteers at PyCon; loved your talk.",
            "Hi Laura, I'm the founder of Loopin. Your talk on clinic scheduling was great.",
            "Hi Laura, I run a small design studio in Leeds and loved your talk.",
            "Hi Laura, happy to share my portfolio if it helps.",
            "Hi Laura, I help my kids manage their homework; your talk on study habits was gold.",
            "Hi Laura, I thought you might be interested in the meetup I mentioned at HR Tech.",
        ] {
            let text = format!("{NOTE}{body}");
            assert!(covered(&text, "etiquette.pitch-in-note").is_empty(), "{body}");
        }
    }

    #[test]
    fn silent_in_other_channels_and_on_our_team_or_panel() {
        let text = format!("{MSG}Our payroll platform saves hours. Can I show you a demo?");
        assert!(covered(&text, "etiquette.pitch-in-note").is_empty());
        let text = format!("{NOTE}Hi Laura, our team loved your panel at HR Tech. Our table argued about it all night. Would be glad to connect.");
        assert!(covered(&text, "etiquette.pitch-in-note").is_empty());
    }
}

mod lazy_follow_up {
    use super::*;

    #[test]
    fn fires_on_nudges_with_exact_ranges() {
        let text = format!("{FOLLOW}Hi Sarah, just checking in on my last message. Any update?\nBumping this to the top of your inbox. Circling back again. Did you see my last three messages?");
        assert_eq!(
            spans(&text, "etiquette.lazy-follow-up"),
            vec![
                at(&text, "just checking in"),
                at(&text, "Any update?"),
                at(&text, "Bumping this to the top of your inbox"),
                at(&text, "Circling back"),
                at(&text, "Did you see my last three messages"),
            ]
        );
        let text = format!("{FOLLOW}Hi Sarah, following up on my last message.");
        assert_eq!(
            covered(&text, "etiquette.lazy-follow-up"),
            vec!["following up on my last message"]
        );
    }

    #[test]
    fn bare_reminders_fire() {
        for (body, nudge) in [
            ("Hi Sam, any thoughts on this?", "any thoughts on this?"),
            (
                "Hi Sam, I wanted to follow up and see if you had a chance to review it.",
                "wanted to follow up and see if",
            ),
            (
                "Hi Sam, a gentle reminder about my note.",
                "gentle reminder",
            ),
            (
                "Hi Sam, I don't want to keep pinging you.",
                "keep pinging you",
            ),
            (
                "Sam, should I keep trying or let this go?",
                "should I keep trying",
            ),
            (
                "Hi Sam, just checking if this is relevant for you.",
                "just checking if this is relevant",
            ),
            ("following up!", "following up!"),
            (
                "Hi Sam, I wanted to check on the status of my application.",
                "check on the status of",
            ),
            (
                "Hi Sam, following up on my DM from Monday.",
                "following up on my DM",
            ),
            ("Hi Sam,\n\nFollowing up.", "Following up."),
            (
                "Hi Sam, I wonder whether you received my last email?",
                "whether you received my last email",
            ),
            ("Hey, have you seen my last email?", "have you seen my last"),
            ("Maybe you missed my last email.", "missed my last email"),
            (
                "Sam, wondering if my offer to chat tickled your fancy?",
                "wondering if my offer",
            ),
            (
                "Hi Sam, I just wanted to bump my quick note from last week.",
                "bump my quick note",
            ),
            (
                "Hi Sam, thought I'd drop a line to see how you were doing.",
                "drop a line to see how",
            ),
            (
                "Hey Sam, following up on the governance automation proposal.",
                "following up on the governance automation proposal",
            ),
            (
                "Frank, Cathie,\n\nAny updates on this counter signature?",
                "Any updates on this counter signature?",
            ),
            // The first message pasted again is nothing new.
            (
                "Hi Sam, just wanted to see if you received my last email? I've included it below.",
                "see if you received my last email",
            ),
            // A receipt check, the earlier message named as sent, a radar check.
            (
                "Hi Sam, I wanted to confirm you received all my materials.",
                "confirm you received",
            ),
            (
                "Dear Sam, I'm writing to follow up on a query I sent you four weeks ago.",
                "follow up on a query I sent",
            ),
            ("Sam, am I still on your radar?", "still on your radar"),
            (
                "Hi Sam, just wanted to circle back.",
                "wanted to circle back",
            ),
            ("Hi Sam, resending my note from last week.", "resending"),
            (
                "Hi Sam, sharing this here in case it got buried.",
                "in case it got buried",
            ),
            ("Hi Sam, a gentle nudge on this.", "gentle nudge"),
            (
                "Hi Sam, have you had time to consider my proposal?",
                "have you had time to consider",
            ),
            (
                "Hi Sam, reaching out again regarding my previous email.",
                "reaching out again regarding my previous email",
            ),
            // A break-up note that only says it is the last one.
            (
                "Hi Sam,\n\nLast email from me on this. The offer stands.",
                "Last email from me",
            ),
            (
                "Final try - if you ever want to talk shop, I'm around.",
                "Final try -",
            ),
            (
                "Hi Sam, just wanted to close the loop so I'm not clogging your inbox.",
                "close the loop",
            ),
        ] {
            let text = format!("{FOLLOW}{body}");
            assert_eq!(
                covered(&text, "etiquette.lazy-follow-up"),
                vec![nudge],
                "{body}"
            );
        }
        // "Following up" that goes on to say something is judged by what it says; "just
        // checking" on a first touch is not a nudge.
        let text = format!("{FOLLOW}Hi Sam, following up with the pricing sheet you asked for.");
        assert!(covered(&text, "etiquette.lazy-follow-up").is_empty());
        // Confirming what they will receive is no receipt check.
        let text = format!(
            "{FOLLOW}Hi Sam, here is the pricing sheet. Let me confirm you get the 20% rate."
        );
        assert!(covered(&text, "etiquette.lazy-follow-up").is_empty());
        // Something made for them is new, and a status question about one thing is a question.
        for body in [
            "Hi Sam, did you see my last email? I've attached a one-page summary of the pilot.",
            "Hi Sam, could you share any updates on the timeline for next steps?",
        ] {
            let text = format!("{FOLLOW}{body}");
            assert!(
                covered(&text, "etiquette.lazy-follow-up").is_empty(),
                "{body}"
            );
        }
        let text = "---\nchannel: inmail\nto: Sam Lee\n---\nHi Sam, just checking to see whether your team uses Snowflake.";
        assert!(covered(text, "etiquette.lazy-follow-up").is_empty());
        // "The last" that is not the last message, and a loop closed with news, are not nudges.
        for body in [
            "Hi Sam, the last try at this failed, so we rebuilt the importer.",
            "Hi Sam, last note from me: we published the benchmark results today.",
        ] {
            let text = format!("{FOLLOW}{body}");
            assert!(
                covered(&text, "etiquette.lazy-follow-up").is_empty(),
                "{body}"
            );
        }
        // A real question is not a bare "any thoughts".
        let text = format!("{FOLLOW}Hi Sam, any thoughts on how your team handles returns?");
        assert!(covered(&text, "etiquette.lazy-follow-up").is_empty());
        // Seeing her profile is not seeing the last message; applying is not news.
        let text = format!("{FOLLOW}If you saw my profile and it is not useful, we can drop it.");
        assert!(covered(&text, "etiquette.lazy-follow-up").is_empty());
        // Sending the first message again is not work done since.
        let text = format!("{FOLLOW}Hi Sam, just following up. I sent you my portfolio last week.");
        assert_eq!(
            covered(&text, "etiquette.lazy-follow-up"),
            vec!["just following up"]
        );
        let text = format!("{FOLLOW}Hi Sam, I recently applied for the analyst role and wanted to follow up on the status of my application.");
        assert_eq!(
            covered(&text, "etiquette.lazy-follow-up"),
            vec!["follow up on the status of"]
        );
        // News of their own or a slot for it is something new.
        for body in [
            "Hi Sam, checking in with big news: I'm moving to Stanford in the fall.",
            "Hi Sam, following up on my last message: I recently passed the CPA exam.",
            "Hi Sam, following up on my last message. [One new insight about their company.]",
            "Hi Sam, following up on my last message. I came across {relevant_insight} and thought of you.",
            "Hi Sam, just following up: we published the full results of the study I mentioned.",
            "Hi Sam, just following up with something new from our pilot.",
            "Hi Sam, circling back with one idea since we spoke: pilot it in one warehouse.",
            "Hi Sam, following up on my note. I noticed you just opened the Reno site, congrats!",
            "Hi Sam, just checking in to see how the Reno launch went!",
        ] {
            let text = format!("{FOLLOW}{body}");
            assert!(
                covered(&text, "etiquette.lazy-follow-up").is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn follow_ups_that_bring_something_are_silent() {
        for body in [
            "Hi Sarah, I'm following up on the intro Maria made last week. She said Northwind is adding sites.",
            "Following up on the demo with the SOC 2 report you asked for: it's attached.",
            "Any updates to the roadmap you mentioned would help us plan the pilot.",
        ] {
            let text = format!("{FOLLOW}{body}");
            assert!(covered(&text, "etiquette.lazy-follow-up").is_empty(), "{body}");
        }
    }

    #[test]
    fn a_follow_up_with_a_list_a_link_or_a_smaller_ask_is_silent_whatever_its_opener() {
        for body in [
            "Hi Sarah, just circling back. I've cut my questions down to two (below):\n\n- Which carriers do you use?\n- Who owns returns?",
            "Hi Sarah, just checking in with the case study I mentioned: https://example.com/northwind",
            "Hi Sarah, following up on my last message with a smaller ask: could you point me to whoever owns returns?",
        ] {
            let text = format!("{FOLLOW}{body}");
            assert!(covered(&text, "etiquette.lazy-follow-up").is_empty(), "{body}");
        }
        // The same opener with nothing new still fires, and so does the bare "Any thoughts?".
        let text = format!("{FOLLOW}Hi Sarah, just circling back. Any thoughts?");
        assert_eq!(
            covered(&text, "etiquette.lazy-follow-up"),
            vec!["just circling back", "Any thoughts?"]
        );
    }

    #[test]
    fn a_receipt_check_a_last_nudge_and_a_bare_goodbye_fire() {
        for (body, nudge) in [
            (
                "Hi Sarah, reaching out to you regarding my last email. Curious if you had a chance to go through it?",
                vec!["reaching out to you regarding my last email", "Curious if you had a chance to"],
            ),
            (
                "Hi Sarah, this is one last follow-up about the pilot. Let's chat!",
                vec!["one last follow-up"],
            ),
            (
                "Hi Sarah, I wanted to follow up on an email I sent recently.",
                vec!["follow up on an email I sent"],
            ),
            (
                "Hi Sarah, I'm assuming the timing isn't right. I'll close this out on my end.",
                vec!["assuming the timing isn't right", "close this out"],
            ),
            (
                "Hi Sarah, just a quick follow-up on my previous email.",
                vec!["quick follow-up on my previous email"],
            ),
            (
                "Hi Sarah, re-sharing my note below in case it slipped by.",
                vec!["re-sharing my note", "in case it slipped by"],
            ),
            (
                "Hi Sarah, did my last email reach you? Any news on your side?",
                vec!["did my last email reach you", "Any news on your side"],
            ),
            (
                "Hi Sarah, I'm following up regarding my application for the analyst role.",
                vec!["following up regarding my application"],
            ),
            (
                "Hi Sarah, final heads-up — we're filling the pilot this month.",
                vec!["final heads-up —"],
            ),
            ("Last reach-out. Join here: the same link.", vec!["Last reach-out."]),
            (
                "Hi Sarah, quick follow-up on my note about Acme. Still open to it?",
                vec!["quick follow-up on my note"],
            ),
            (
                "Hello, I'm still waiting for your answer. Please let me know.",
                vec!["I'm still waiting for your answer"],
            ),
            (
                "Hey Sarah — just wanted to check in. Did the brief land okay?",
                vec!["just wanted to check in."],
            ),
        ] {
            let text = format!("{FOLLOW}{body}");
            assert_eq!(covered(&text, "etiquette.lazy-follow-up"), nudge, "{body}");
        }
    }

    #[test]
    fn a_nudge_with_work_made_since_or_a_new_offer_is_silent() {
        for body in [
            "Hi Sarah, following up on my note. I put together a short audit of your returns page: three fixes.",
            "Hi Sarah, just wanted to follow up on that demo. We're offering the first ten stores a free month.",
            "Hi Sarah, I wanted to check in on how the Reno launch went: did the new pickers help?",
            "Hi Sarah, the last reminder I sent had the wrong date, so here is the right one: May 4.",
            "Hi Sarah, it's been three months. Customers who left have come back; worth an honest look at where things stand now?",
            "Hi Sarah, the last try at this failed, so we rebuilt it. Want the notes?",
            "Hi Sarah, following up on my application: I just passed the CFA level II exam.",
        ] {
            let text = format!("{FOLLOW}{body}");
            assert!(covered(&text, "etiquette.lazy-follow-up").is_empty(), "{body}");
        }
    }

    #[test]
    fn fix_replaces_the_whole_sentence_and_keeps_the_greeting() {
        let text = format!("{FOLLOW}Hi Sam, as per my last message, I'm touching base to see if you had a chance to look. Thanks!");
        let f = &findings(&text, "etiquette.lazy-follow-up")[0];
        assert_eq!(
            apply(&text, &f.fixes[0]),
            format!("{FOLLOW}Hi Sam, I came across [something useful for them] and thought of you. Thanks!")
        );
    }

    #[test]
    fn fix_replaces_the_nudge_with_a_line_of_value() {
        let text = format!("{FOLLOW}Hi Sarah, just checking in on my last message. Thanks!");
        let f = &findings(&text, "etiquette.lazy-follow-up")[0];
        assert_eq!(
            apply(&text, &f.fixes[0]),
            format!("{FOLLOW}Hi Sarah, I came across [something useful for them] and thought of you. Thanks!")
        );
        assert!(!f.fixes[0].safe);
    }
}

mod sensitive_info {
    use super::*;

    #[test]
    fn fires_on_requests_for_numbers_and_addresses() {
        let text = format!("{MSG}Could you send me your home address and personal email? What's your number? Or your personal cell number, or your WhatsApp.");
        assert_eq!(
            spans(&text, "etiquette.sensitive-info"),
            vec![
                at(&text, "your home address"),
                at(&text, "What's your number"),
                at(&text, "your personal cell number"),
                at(&text, "your WhatsApp"),
            ]
        );
    }

    #[test]
    fn asking_for_a_number_in_other_words_fires() {
        for (body, ask) in [
            (
                "Can I have your email/phone, so I can send my resume?",
                "Can I have your email/phone",
            ),
            (
                "Please give me a good phone number to reach you.",
                "give me a good phone number",
            ),
            (
                "I'd love to send free samples, can you send me your address?",
                "send me your address",
            ),
        ] {
            let text = format!("{MSG}{body}");
            assert_eq!(
                covered(&text, "etiquette.sensitive-info"),
                vec![ask],
                "{body}"
            );
        }
    }

    #[test]
    fn offering_your_own_details_is_silent() {
        for body in [
            "If texting is easier for you, my number is +1 415 555 0142.",
            "Please send me your email address and I'll forward the deck.",
            "I read your post on your phone during the commute.",
            "Your email newsletter on pricing was great. What number of seats do you start at?",
        ] {
            let text = format!("{MSG}{body}");
            assert!(
                covered(&text, "etiquette.sensitive-info").is_empty(),
                "{body}"
            );
        }
    }
}

mod sensitive_pay_and_status {
    use super::*;

    #[test]
    fn salary_bonus_and_visa_status_asks_fire_and_offers_are_silent() {
        for ask in [
            "What is your current salary?",
            "Please send your expected salary and bonus.",
            "What is your immigration status?",
            "Are you a green card holder?",
            "Can you please tell me your RAL, bonuses and benefits?",
            "We need your bank details for quick payment processing.",
            "When you have a sec, let me know a good place to mail it.",
            "What is your home address?",
            "What are you currently making, base and bonus?",
            "Are you legally authorized to work in the US?",
            "Send me your personal phone and I'll call tonight.",
            "How much do you make a year at Stripe?",
            "Please share your Aadhaar number.",
            "Are you married?",
            "Share the OTP you received.",
            "Do you need visa sponsorship?",
            "How much do you make at Acme?",
            "Could you send a copy of your ID?",
        ] {
            let text = format!("{MSG}{ask}");
            assert!(
                !covered(&text, "etiquette.sensitive-info").is_empty(),
                "{ask}"
            );
        }
        for offer in [
            "My current salary is in line with the band. Which team are you on?",
            "Our mailing address is 12 Harbour Road, Leeds. Your agency's work on Boots was sharp.",
            "I'll send the book to your office. Is the Leeds one right?",
            "How much do you make of the dough in-house? Your bakery's sourdough is great.",
            "Here is my number if a call is easier: 0113 496 0000.",
            "Your pan-European rollout looked hard. Drop a pin on your map?",
            "How much do you make at Acme in a week: ten cakes or twenty?",
            "A copy of your IDE settings would help me reproduce the bug.",
        ] {
            let text = format!("{MSG}{offer}");
            assert!(
                covered(&text, "etiquette.sensitive-info").is_empty(),
                "{offer}"
            );
        }
    }
}

mod heavy_ask {
    use super::*;

    #[test]
    fn fires_on_big_asks_and_offers_a_low_friction_one() {
        // A time-boxed 15-minute ask is light by design (issue #14): not reported.
        let text = format!("{MSG}Hi Nadia. Do you have time for a 30-minute call this week so I can share more? Or 15 minutes of your time? Can we hop on a call?");
        assert_eq!(
            spans(&text, "etiquette.heavy-ask"),
            vec![at(&text, "30-minute call"), at(&text, "hop on a call")]
        );
        let hours = format!("{MSG}Hi Nadia. Want to spend 10 hours a week giving me advice?");
        assert_eq!(
            covered(&hours, "etiquette.heavy-ask"),
            vec!["spend 10 hours"]
        );
        let saved = format!("{MSG}Hi Nadia. The tool saves teams 10 hours a week. Curious?");
        assert!(covered(&saved, "etiquette.heavy-ask").is_empty());
        for (body, ask) in [
            (
                "Could we set up an hour-long meeting?",
                "an hour-long meeting",
            ),
            (
                "Can I get 30 mins on your calendar?",
                "30 mins on your calendar",
            ),
            (
                "Would your team join a 60-minute workshop?",
                "60-minute workshop",
            ),
            (
                "Could you review my business plan?",
                "Could you review my business plan",
            ),
            (
                "Would you introduce me to your CEO?",
                "Would you introduce me to your CEO",
            ),
            (
                "Would you write me a recommendation?",
                "write me a recommendation",
            ),
            ("Could you fill out this survey?", "fill out this survey"),
            // The same asks in other words.
            (
                "Could you fill out our 20-minute survey?",
                "fill out our 20-minute survey",
            ),
            (
                "Can I get on your calendar for a call?",
                "get on your calendar",
            ),
            ("Would you be willing to mentor me?", "mentor me"),
            ("Could we meet over lunch next week?", "meet over lunch"),
            (
                "Could I stop by your office on Friday?",
                "stop by your office",
            ),
            (
                "Would you have time for a demo this week?",
                "time for a demo",
            ),
            (
                "Would you consider investing in our seed round?",
                "Would you consider investing in",
            ),
            (
                "Would you join our advisory board?",
                "join our advisory board",
            ),
            (
                "Please forward this to your network.",
                "forward this to your network",
            ),
        ] {
            let text = format!("{MSG}Hi Nadia. {body}");
            assert_eq!(covered(&text, "etiquette.heavy-ask"), vec![ask], "{body}");
        }
        // Offering one's own review or introduction is no ask of theirs.
        let offer =
            format!("{MSG}Hi Nadia. I can introduce you to our CEO, or review your deck. Useful?");
        assert!(covered(&offer, "etiquette.heavy-ask").is_empty());
        let bare = format!("{MSG}Hi Nadia. Do you have 30 minutes this week?");
        assert_eq!(
            covered(&bare, "etiquette.heavy-ask"),
            vec!["Do you have 30 minutes"]
        );
        let audit = format!("{MSG}Hi Nadia. I'd like to offer your team a 30-min assessment.");
        assert_eq!(
            covered(&audit, "etiquette.heavy-ask"),
            vec!["30-min assessment"]
        );
        let met = "---\nchannel: message\nmet: SaaStr\n---\nGreat meeting you. Do you have 30 minutes this week?";
        assert!(covered(met, "etiquette.heavy-ask").is_empty());
        let f = &findings(&text, "etiquette.heavy-ask")[0];
        assert_eq!(f.fixes[0].title, "Rewrite as “Open to a quick chat?”");
        assert_eq!(
            apply(&text, &f.fixes[0]),
            format!("{MSG}Hi Nadia. Open to a quick chat? Or 15 minutes of your time? Can we hop on a call?")
        );
    }

    #[test]
    fn a_wrapped_line_mentorship_a_phone_number_and_a_calendar_are_big_asks() {
        for (body, ask) in [
            (
                "Would you be open to a quick 30-minute \ncall this week?",
                "30-minute \ncall",
            ),
            (
                "I would love to write like you. Could you mentor me in writing?",
                "Could you mentor me",
            ),
            (
                "Can you give me a number I can call you on?",
                "a number I can call you on",
            ),
            (
                "Please take a moment to visit my calendar.",
                "visit my calendar",
            ),
            (
                "I'd like to meet with you for 20-30 minutes, at a time of your convenience.",
                "meet with you for 20-30 minutes",
            ),
            (
                "Could we chat for 20 to 30 minutes next week?",
                "20 to 30 minutes",
            ),
            (
                "Please let me know your availability to connect next week.",
                "let me know your availability",
            ),
            (
                "I'd love to schedule 15 minutes to discuss it.",
                "schedule 15 minutes",
            ),
            ("I'd like to pick your brain!", "pick your brain"),
            ("Are you open to mentoring a project?", "open to mentoring"),
            (
                "Could I interview you for my class?",
                "Could I interview you",
            ),
        ] {
            let text = format!("{MSG}{body}");
            assert_eq!(covered(&text, "etiquette.heavy-ask"), vec![ask], "{body}");
        }
    }

    #[test]
    fn a_meeting_asked_for_without_a_length_is_heavy() {
        for (body, ask) in [
            (
                "Would you be open to a demo of our platform?",
                "open to a demo",
            ),
            (
                "Can we find a time to talk next week?",
                "find a time to talk",
            ),
            ("Are you free for coffee on Thursday?", "free for coffee"),
            ("Can we set a call to give you more details?", "set a call"),
            (
                "I would love to schedule a video or phone call with you.",
                "schedule a video or phone call",
            ),
            (
                "Would you chat on the phone for 30 min?",
                "chat on the phone for 30 min",
            ),
            (
                "Just let me know and we can work out a time to meet.",
                "work out a time to meet",
            ),
            (
                "Let's hop on a 15-minute call.",
                "Let's hop on a 15-minute call",
            ),
        ] {
            let text = format!("{MSG}{body}");
            assert_eq!(covered(&text, "etiquette.heavy-ask"), vec![ask], "{body}");
        }
        // The same words about something else, or after a meeting, ask for nothing heavy.
        for body in [
            "The demo we recorded is open to anyone: no sign-up.",
            "It took a long time to meet the deadline, and I'm free to share the notes.",
            "Coffee is on me if we are both at the conference.",
            "We worked out a time zone rota so the phone is answered for 30 minutes longer.",
        ] {
            let text = format!("{MSG}{body}");
            assert!(covered(&text, "etiquette.heavy-ask").is_empty(), "{body}");
        }
    }

    #[test]
    fn past_demos_short_chats_and_durations_are_silent() {
        for body in [
            "Thanks for joining Tuesday's demo. Following up on the demo with the report.",
            "Would you be open to a 15-minute chat next week?",
            "The build took 15 minutes before the cache and 2 minutes after.",
            "The build took 25 minutes and runs for 20 minutes a day.",
            "Open to a quick chat?",
            "Thanks for the interview you gave last week; your mentoring program sounds great.",
        ] {
            let text = format!("{MSG}{body}");
            assert!(covered(&text, "etiquette.heavy-ask").is_empty(), "{body}");
        }
    }
}

mod job_ask {
    use super::*;

    #[test]
    fn fires_on_job_and_referral_requests_in_a_first_message() {
        let text = format!("{NOTE}I'm looking for my first role in data analytics. Are you hiring? Could you refer me? Happy to send you my resume.");
        assert_eq!(
            spans(&text, "etiquette.job-ask"),
            vec![
                at(&text, "looking for my first role"),
                at(&text, "Are you hiring"),
                at(&text, "Could you refer me"),
                at(&text, "send you my resume"),
            ]
        );
    }

    #[test]
    fn the_same_ask_in_other_words_fires_and_a_field_question_does_not() {
        for (body, ask) in [
            (
                "I'm looking to join a product team like yours.",
                "looking to join a",
            ),
            (
                "I'd like to connect to explore opportunities at your company.",
                "explore opportunities at your company",
            ),
            (
                "I'd love to learn more about Acme's culture and opportunities.",
                "learn more about Acme's culture and opportunities",
            ),
            (
                "If possible, I would love to ask for referrals and advice.",
                "ask for referrals",
            ),
            (
                "I recently graduated and am searching for entry-level roles.",
                "searching for entry-level roles",
            ),
            (
                "I'd appreciate any leads on open positions.",
                "leads on open positions",
            ),
            (
                "I'm looking for my next early-stage opportunity.",
                "looking for my next early-stage opportunity",
            ),
            (
                "I would like to know if you have any internships this summer.",
                "if you have any internships",
            ),
            (
                "If you're ever hiring, I'd love to be considered.",
                "love to be considered",
            ),
            (
                "Want to intern for Snapchat this summer. How?",
                "intern for Snapchat this summer",
            ),
            (
                "Would you be taking on any undergraduate advisees this year?",
                "taking on any undergraduate advisees",
            ),
            (
                "I would love to join the early team at Loom.",
                "love to join the early team",
            ),
            (
                "I'm eager to apply for a Software Engineer Intern role.",
                "eager to apply for",
            ),
            (
                "I'm looking to apply for data roles at Loom.",
                "looking to apply for",
            ),
            (
                "Could I be one of your potential students next year?",
                "be one of your potential students",
            ),
            (
                "I hope to start as a PhD student at your university.",
                "PhD student at your university",
            ),
            (
                "Could you help me find jobs in the Dallas area?",
                "help me find jobs",
            ),
            (
                "I would greatly appreciate a referral for the position.",
                "appreciate a referral",
            ),
            (
                "Interested in building automation, fire systems, and other engineering roles.",
                "Interested in building automation, fire systems, and other engineering roles",
            ),
            (
                "I'm exploring engineering opportunities and saw we share a contact.",
                "exploring engineering opportunities",
            ),
            (
                "I am writing to inquire about the software internship program.",
                "inquire about the software internship",
            ),
            ("I need help obtaining a position.", "obtaining a position"),
            ("I'd be grateful for a referral.", "grateful for a referral"),
            ("Could you forward my CV to HR?", "forward my CV to"),
            (
                "Are there any roles that might fit my background?",
                "roles that might fit my background",
            ),
            ("I'm currently job hunting.", "I'm currently job hunting"),
            (
                "I would love an internship in your lab.",
                "love an internship",
            ),
            (
                "Is there a chance your team is hiring?",
                "your team is hiring",
            ),
            ("Do you know anyone hiring?", "know anyone hiring"),
            ("I'd love to work at Loom.", "love to work at"),
            (
                "Could you pass my name along to the recruiter?",
                "pass my name along",
            ),
            (
                "Can you help me get an interview?",
                "help me get an interview",
            ),
            ("I'm looking for work in logistics.", "looking for work"),
            (
                "I would be a great fit for your team.",
                "I would be a great fit",
            ),
            (
                "Please keep me in mind for future openings.",
                "keep me in mind for",
            ),
        ] {
            let text = format!("{NOTE}{body}");
            assert_eq!(covered(&text, "etiquette.job-ask"), vec![ask], "{body}");
        }
        let text = format!(
            "{NOTE}I'm exploring opportunities in fintech and would value your view of the field."
        );
        assert!(covered(&text, "etiquette.job-ask").is_empty());
        // A recruiter asking whether they are open to opportunities offers a job.
        let text = format!(
            "{MSG}Not sure if you're open to exploring new opportunities, but the role may interest you."
        );
        assert!(covered(&text, "etiquette.job-ask").is_empty());
        let text = format!(
            "{MSG}I'm reaching out about a Senior Designer role at Bolt. Are you exploring new opportunities?"
        );
        assert!(covered(&text, "etiquette.job-ask").is_empty());
        let text = format!(
            "{MSG}Some of the opportunities I'm helping to fill are at Acme's portfolio startups. Want to hear about Acme's open roles?"
        );
        assert!(covered(&text, "etiquette.job-ask").is_empty());
        let text = format!("{NOTE}I'm open to exploring new opportunities at Stripe.");
        assert_eq!(
            covered(&text, "etiquette.job-ask"),
            vec!["exploring new opportunities at Stripe"]
        );
    }

    #[test]
    fn recruiters_and_later_messages_are_silent() {
        // A recruiter's "would love to have you join the team" offers, it does not ask.
        let text = format!("{MSG}We'd love to have you join the team at Loom. Open to a chat?");
        assert!(covered(&text, "etiquette.job-ask").is_empty());
        let text = format!("{MSG}I was wondering if you would be interested in SWE internships or new grad positions we have.");
        assert!(covered(&text, "etiquette.job-ask").is_empty());
        let text = format!("{MSG}We're hiring a senior mobile engineer. Would you be open to hearing more? If so, send me your CV.");
        assert!(covered(&text, "etiquette.job-ask").is_empty());
        let text = format!("{FOLLOW}Thanks for the coffee chat. Are you hiring for the analyst role you mentioned?");
        assert!(covered(&text, "etiquette.job-ask").is_empty());
        let text = "---\nchannel: message\nstep: 3\n---\nCould you refer me now that we've talked?";
        assert!(covered(text, "etiquette.job-ask").is_empty());
        // Whoever says they recruit offers the job the rest of the message talks about.
        for body in [
            "I'm a technical recruiter at Loom. Are you interested in opportunities at a startup?",
            "I'm looking for a React developer to join our team; is your team hiring too?",
            "I have a role that might fit you. Send you my resume? No: send me yours.",
        ] {
            let text = format!("{MSG}{body}");
            assert!(covered(&text, "etiquette.job-ask").is_empty(), "{body}");
        }
        let text = format!("{MSG}I'm interested in opportunities at Loom. Is your team hiring?");
        assert_eq!(covered(&text, "etiquette.job-ask").len(), 2);
    }

    #[test]
    fn the_senders_business_is_no_job_ask_but_a_plea_for_an_opening_is() {
        for body in [
            "I'm interested in learning how you hire for engineering roles at Acme.",
            "Would you consider me for a guest spot on your podcast?",
            "I'm looking at opportunities to sponsor open source maintainers like you.",
        ] {
            let text = format!("{MSG}{body}");
            assert!(covered(&text, "etiquette.job-ask").is_empty(), "{body}");
        }
        for body in [
            "Attached is my resume and portfolio, please consider me for any openings.",
            "Please consider me for the data analyst role.",
            "I'm looking for opportunities to grow into a product role. Is your team hiring?",
        ] {
            let text = format!("{MSG}{body}");
            assert!(!covered(&text, "etiquette.job-ask").is_empty(), "{body}");
        }
    }
}

mod inappropriate {
    use super::*;

    #[test]
    fn fires_on_profanity_and_advances() {
        let text = format!("{MSG}Your keynote was damn good, the slide was bullshit though. Your profile photo is stunning. Are you single? I'd love to take you out to dinner. Your pic was so captivating.");
        assert_eq!(
            spans(&text, "etiquette.inappropriate"),
            vec![
                at(&text, "bullshit"),
                at(&text, "Your profile photo is stunning"),
                at(&text, "Are you single"),
                at(&text, "take you out to dinner"),
                at(&text, "pic was so captivating"),
            ]
        );
        let f = findings(&text, "etiquette.inappropriate");
        assert!(f[0].message.contains("profanity") && f[1].message.contains("advance"));
        for body in [
            "You have beautiful eyes.",
            "Are you in a relationship?",
            "Would you like to grab dinner sometime, just us?",
            "You look amazing in your profile picture.",
            "Can I take you on a date?",
            "Send me some photos of yourself.",
        ] {
            let text = format!("{MSG}{body}");
            assert!(
                !covered(&text, "etiquette.inappropriate").is_empty(),
                "{body}"
            );
        }
        for body in [
            "You look like the right person to ask about freight audits.",
            "Are you available for a call on Tuesday?",
            "Just us and two other teams ran the pilot; dinner was on Acme.",
        ] {
            let text = format!("{MSG}{body}");
            assert!(
                covered(&text, "etiquette.inappropriate").is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn near_misses_are_silent() {
        for body in [
            "The whole team would love to run the pilot. What date works best for the kickoff?",
            "Your talk at the Scunthorpe steel summit was the highlight. We assessed the class of 2024.",
            "Your photo from the summit stage was great. Single sign-on is on the roadmap.",
            // Old colleagues catching up, and a photo of the work.
            "Long time no see! Can I take you out for a coffee soon to catch up?",
            "The best picture of the new plant is on page 3. Let's see where the pilot takes us.",
        ] {
            let text = format!("{MSG}{body}");
            assert!(covered(&text, "etiquette.inappropriate").is_empty(), "{body}");
        }
    }
}

mod hedging {
    use super::*;

    #[test]
    fn fires_on_apologies_and_hedges() {
        let text = format!("{MSG}Hi Nadia, sorry to bother you, and I know you’re busy. I just wanted to say your post was clear.");
        assert_eq!(
            spans(&text, "style.hedging"),
            vec![
                at(&text, "sorry to bother you"),
                at(&text, "I know you’re busy"),
                at(&text, "I just wanted to say"),
            ]
        );
        let f = &findings(&text, "style.hedging")[2];
        assert_eq!(
            apply(&text, &f.fixes[0]),
            format!(
                "{MSG}Hi Nadia, sorry to bother you, and I know you’re busy. Your post was clear."
            )
        );
    }

    #[test]
    fn busy_and_permission_hedges_fire_and_a_bare_no_worries_does_not() {
        for (body, hedge) in [
            (
                "I understand you're likely busy. Here is the report.",
                "I understand you're likely busy",
            ),
            ("Here is the report. Hope that's OK.", "Hope that's OK"),
            (
                "I'll keep this short: here is the report.",
                "I'll keep this short",
            ),
            (
                "I don't want to be a pest. Here is the report.",
                "I don't want to be a pest",
            ),
            (
                "Bumping this; know you're probably slammed.",
                "know you're probably slammed",
            ),
            (
                "I understand that you may be busy, but here is the report.",
                "I understand that you may be busy",
            ),
            (
                "I know this is out of the blue. Here is the report.",
                "I know this is out of the blue",
            ),
            (
                "Here is the report. Feel free to ignore this.",
                "Feel free to ignore this",
            ),
            ("If you're too busy, no need to reply.", "no need to reply"),
            (
                "I'm sure you get a lot of these. Here is the report.",
                "sure you get a lot of these",
            ),
            (
                "This might be a long shot, but here is the report.",
                "This might be a long shot",
            ),
            (
                "Excuse the interruption. Here is the report.",
                "Excuse the interruption",
            ),
            (
                "I hope I'm not overstepping. Here is the report.",
                "I hope I'm not overstepping",
            ),
            (
                "I completely understand if not.",
                "completely understand if not",
            ),
            ("No pressure at all.", "No pressure at all"),
            (
                "I understand your time is valuable. Here is the report.",
                "I understand your time is valuable",
            ),
        ] {
            let text = format!("{MSG}Hi Nadia. {body}");
            assert_eq!(covered(&text, "style.hedging"), vec![hedge], "{body}");
        }
        // A way out offered before they answer is a hedge; "no worries" answering them is not.
        let text = format!("{MSG}Hi Nadia. If not, no worries. Good luck with the launch!");
        assert_eq!(covered(&text, "style.hedging"), vec!["If not, no worries"]);
        let text = format!(
            "{MSG}Hi Nadia. If the timing isn't right, I completely understand. Here is the report."
        );
        assert_eq!(
            covered(&text, "style.hedging"),
            vec!["If the timing isn't right, I completely understand"]
        );
        for (body, hedge) in [
            (
                "If it's not a fit right now, no worries at all.",
                "If it's not a fit right now, no worries",
            ),
            ("If not, totally fine.", "If not, totally fine"),
            (
                "If you've decided to go a different direction, no worries at all.",
                "If you've decided to go a different direction, no worries",
            ),
            (
                "if now's not the right time, totally understand.",
                "if now's not the right time, totally understand",
            ),
        ] {
            let text = format!("{MSG}Hi Nadia. Here is the report. {body}");
            assert_eq!(covered(&text, "style.hedging"), vec![hedge], "{body}");
        }
        let text = format!("{MSG}Hi Nadia. No worries at all, thanks for letting me know. If you need the report, it's attached. If you want it in German, that works too.");
        assert!(covered(&text, "style.hedging").is_empty());
        for (body, hedge) in [
            (
                "I want to make sure I'm not bothering you.",
                "I'm not bothering you",
            ),
            (
                "I hope I have not done anything wrong.",
                "hope I have not done anything wrong",
            ),
        ] {
            let text = format!("{MSG}Hi Nadia. {body}");
            assert_eq!(covered(&text, "style.hedging"), vec![hedge], "{body}");
        }
    }

    #[test]
    fn apologies_in_other_words_are_hedges() {
        for (body, hedge) in [
            (
                "I guess you might be swamped. Here is the report.",
                "guess you might be swamped",
            ),
            (
                "Not trying to be a pest. Here is the report.",
                "Not trying to be a pest",
            ),
            ("I'm sorry but your report was late.", "I'm sorry but"),
            (
                "I hope you're well and that you don't mind this direct approach.",
                "that you don't mind",
            ),
            (
                "No pressure—just wanted you to have the report.",
                "No pressure—just",
            ),
            ("My apologies if this is not for you.", "My apologies if"),
            (
                "I promise to keep it short. Here is the report.",
                "promise to keep it short",
            ),
            (
                "I will be respectful of your time.",
                "respectful of your time",
            ),
            (
                "We fully understand the constraints of your schedule.",
                "fully understand the constraints of your schedule",
            ),
            ("Kindly accept our deepest apologies.", "deepest apologies"),
            (
                "I know we're not connected, but here is the report.",
                "I know we're not connected",
            ),
            (
                "I hope that this is OK with you.",
                "hope that this is OK with you",
            ),
            (
                "I'm sorry to take up your time. Here is the report.",
                "I'm sorry to take",
            ),
            (
                "Sorry for not writing sooner. Here is the report.",
                "Sorry for not",
            ),
            (
                "I hope this isn't too forward. Here is the report.",
                "hope this isn't too forward",
            ),
            (
                "This may or may not be relevant. Here is the report.",
                "may or may not be relevant",
            ),
        ] {
            let text = format!("{MSG}Hi Nadia. {body}");
            assert_eq!(covered(&text, "style.hedging"), vec![hedge], "{body}");
        }
        // Their being busy, said of them and not as an apology, is no hedge; nor is sympathy.
        for body in [
            "Your team is busy with the Leeds launch; what is next for it?",
            "I was sorry to hear about the layoffs at Acme. How is the team?",
            "Sorry for your loss. Here is the report.",
            // Courtesy in a reply to them, not an apology for writing.
            "Sorry for the slow reply, I was travelling. Thursday works.",
        ] {
            let text = format!("{MSG}Hi Nadia. {body}");
            assert!(covered(&text, "style.hedging").is_empty(), "{body}");
        }
    }

    #[test]
    fn hedges_are_found_in_the_shapes_people_vary_them() {
        // None of these is in the phrase list: the patterns beside it find them.
        for (body, hedge) in [
            (
                "I realise you're incredibly swamped this month, so here is the report.",
                "I realise you're incredibly swamped",
            ),
            (
                "I imagine you get hundreds of vendor emails. Here is the report.",
                "I imagine you get hundreds of vendor emails",
            ),
            (
                "I won't take up too much of your valuable time: here is the report.",
                "won't take up too much of your valuable time",
            ),
            (
                "Pardon me for writing out of nowhere. Here is the report.",
                "Pardon me for writing",
            ),
            (
                "I didn't mean to be too pushy last time. Here is the report.",
                "I didn't mean to be too pushy",
            ),
            (
                "Here is the report. I might be way off, of course.",
                "I might be way off",
            ),
        ] {
            let text = format!("{MSG}Hi Nadia. {body}");
            assert_eq!(covered(&text, "style.hedging"), vec![hedge], "{body}");
        }
        // Busy in another sense, and sorry for something that happened, are not hedges.
        for body in [
            "I know your team is busy shipping the Q3 release; here is the report.",
            "Sorry for your loss. Here is the report you asked for.",
            "Our calendar is full of launches, and the report shows why.",
        ] {
            let text = format!("{MSG}Hi Nadia. {body}");
            assert!(covered(&text, "style.hedging").is_empty(), "{body}");
        }
    }

    #[test]
    fn i_just_wanted_to_becomes_id_like_to() {
        let text =
            format!("{NOTE}Hi Laura, I just wanted to connect since we're both in the group.");
        let f = &findings(&text, "style.hedging")[0];
        assert_eq!(f.fixes[0].title, "Replace with “I'd like to”");
        assert_eq!(
            apply(&text, &f.fixes[0]),
            format!("{NOTE}Hi Laura, I'd like to connect since we're both in the group.")
        );
    }

    #[test]
    fn direct_writing_is_silent() {
        let text = format!("{MSG}Hi Nadia, I just read your post on courier pay. Would you mind if I asked how you tested it?");
        assert!(covered(&text, "style.hedging").is_empty());
    }
}

mod user_packs {
    use std::sync::Arc;

    use super::*;
    use crate::engine::packs::Pack;

    const METRICS: &str = r#"
[[rule]]
id = "team.long-paragraph"
title = "Long paragraph"
severity = "hint"
kind = "metric"
message = "{value} words in this paragraph (team limit {max})."
why = "w"
fix = "f"
[rule.params]
metric = "words"
scope = "paragraph"
max = 6

[[rule]]
id = "team.exclaims"
title = "Exclamations"
severity = "info"
kind = "metric"
message = "{value} exclamation marks; keep it to {max}."
why = "w"
fix = "f"
[rule.params]
metric = "exclamations"
max = 1

[[rule]]
id = "team.no-question"
title = "No question"
severity = "info"
kind = "metric"
channels = ["message"]
why = "w"
fix = "f"
[rule.params]
metric = "questions"
scope = "body"
min = 1

[[rule]]
id = "team.ticket"
title = "Ticket number"
severity = "warning"
kind = "pattern"
message = "Internal ticket {match} in an outreach message."
why = "w"
fix = "f"
[rule.params]
pattern = '\bJIRA-\d+\b'
case_sensitive = true
replacements = ["the issue"]
safe = ["replace"]
"#;

    fn config() -> Config {
        let pack = Pack::parse("team.toml", METRICS);
        assert!(pack.problems.is_empty(), "{:?}", pack.problems);
        Config {
            user_packs: vec![Arc::new(pack)],
            ..Config::default()
        }
    }

    fn ranges(text: &str, rule: &str) -> Vec<(String, String)> {
        with_config(text, rule, &config())
            .into_iter()
            .map(|f| (text[f.range.clone()].to_string(), f.message))
            .collect()
    }

    #[test]
    fn metrics_fire_on_the_unit_over_the_threshold() {
        let text = format!("{MSG}Hi Nadia!\n\nOne two three four five six seven.\n<!-- a b c d e f g h -->\nShort one!\n");
        assert_eq!(
            ranges(&text, "team.long-paragraph"),
            vec![(
                "One two three four five six seven.\n<!-- a b c d e f g h -->\nShort one!".into(),
                "9 words in this paragraph (team limit 6).".into()
            )]
        );
        let body = text.find("Hi Nadia").unwrap();
        let got = with_config(&text, "team.exclaims", &config());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].range.start, body);
        assert_eq!(got[0].message, "2 exclamation marks; keep it to 1.");
        assert_eq!(ranges(&text, "team.no-question").len(), 1);
    }

    #[test]
    fn metrics_stay_silent_under_the_threshold_and_on_other_channels() {
        let text = format!("{MSG}Hi Nadia, how is Leeds?");
        assert!(ranges(&text, "team.long-paragraph").is_empty());
        assert!(ranges(&text, "team.no-question").is_empty());
        let note = format!("{NOTE}Hi Laura, glad to connect.");
        assert!(
            ranges(&note, "team.no-question").is_empty(),
            "channel filter"
        );
    }

    #[test]
    fn a_phrase_rule_takes_patterns_beside_its_phrases_and_a_bad_one_is_named() {
        const PACK: &str = r#"
[[rule]]
id = "team.budget"
title = "Budget talk"
severity = "info"
kind = "phrase"
message = "“{match}” is {category} talk."
why = "w"
fix = "f"
[rule.params]
phrases = ["our budget"]
patterns = ['\bbudget of \$\d+k\b']
[rule.params.category_patterns]
money = ['\bbudgets? (?:is|are) (?:tight|frozen)\b']
"#;
        let pack = Pack::parse("team.toml", PACK);
        assert!(pack.problems.is_empty(), "{:?}", pack.problems);
        let config = Config {
            user_packs: vec![Arc::new(pack)],
            ..Config::default()
        };
        let text = format!("{MSG}Our budget: a budget of $40k, and budgets are frozen.");
        let got: Vec<String> = with_config(&text, "team.budget", &config)
            .into_iter()
            .map(|f| format!("{} | {}", &text[f.range.clone()], f.message))
            .collect();
        assert_eq!(
            got,
            [
                "Our budget | “Our budget” is talk.",
                "budget of $40k | “budget of $40k” is talk.",
                "budgets are frozen | “budgets are frozen” is money talk.",
            ]
        );
        let bad = Pack::parse("team.toml", &PACK.replace(r"\$\d+k", "(unclosed"));
        assert!(
            bad.problems.iter().any(|p| p.message.contains("(unclosed")),
            "{:?}",
            bad.problems
        );
    }

    #[test]
    fn user_patterns_match_case_sensitively_and_offer_safe_replacements() {
        let text = format!("{MSG}About JIRA-123 and jira-9.");
        let f = with_config(&text, "team.ticket", &config());
        assert_eq!(f.len(), 1);
        assert_eq!(&text[f[0].range.clone()], "JIRA-123");
        assert_eq!(
            f[0].message,
            "Internal ticket JIRA-123 in an outreach message."
        );
        assert!(f[0].fixes[0].safe);
        assert_eq!(
            apply(&text, &f[0].fixes[0]),
            format!("{MSG}About the issue and jira-9.")
        );
    }

    #[test]
    fn user_rules_obey_severity_settings_and_suppression() {
        let mut config = config();
        config.rules.insert("team".into(), "off".into());
        let text = format!("{MSG}About JIRA-1.");
        assert!(with_config(&text, "team.ticket", &config).is_empty());
        let text = format!("{MSG}<!-- sendwell-disable-next-line team.ticket -->\nAbout JIRA-1.");
        assert!(with_config(&text, "team.ticket", &super::user_packs::config()).is_empty());
    }
}

#[test]
fn every_builtin_pack_rule_compiles() {
    for r in &crate::engine::catalog::BUILTIN.rules {
        if let Err(e) = crate::engine::packs::validate(r) {
            panic!("{}: {e}", r.id);
        }
        let problems = crate::engine::packs::replacement_problems(r);
        assert!(problems.is_empty(), "{}: {problems:?}", r.id);
    }
}

mod positions {
    use super::*;

    #[test]
    fn ranges_are_exact_after_emoji_cjk_and_crlf() {
        let text = "---\r\nchannel: message\r\nto: 王芳\r\n---\r\n王芳，你好 👋 FREE gift!!\r\n<!-- act now -->\r\nAct\r\nnow, é.";
        assert_eq!(
            spans(text, "spam.trigger-word"),
            vec![at(text, "FREE gift"), at(text, "Act\r\nnow")]
        );
        assert_eq!(spans(text, "spam.shouting"), vec![at(text, "!!")]);
        let free = &findings(text, "spam.trigger-word")[0];
        let r = &free.related[0].range;
        assert_eq!((r.start, r.end), (at(text, "FREE").0, at(text, "FREE").1));
    }
}

mod never_panics {
    use proptest::prelude::*;

    use crate::engine::config::Config;
    use crate::engine::test_support::apply;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => "[a-zA-Z ,.?!'-]{0,10}",
            1 => prop::sample::select(vec![
                "FREE", "free", "Free time", "act now", "ACT  NOW", "!!", "??", "！！", "100%",
                "risk-free", "sorry to bother you", "I just wanted to", "just checking in",
                "Any update?", "your phone number", "30-minute call", "are you hiring",
                "damn", "\r\n", "\n", "\r", "👋", "İSTANBUL", "STRASSE ß", "ǅ", "日本語",
                "e\u{301}", "<!--", "-->", "<!-- sendwell-disable -->", "https://x.io/FREE",
                "Cash App", "’", "'", "-", ",", ".", " ", "[Name]", "XX",
            ])
            .prop_map(String::from),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn pack_findings_and_fixes_stay_on_char_boundaries(
            body in prop::collection::vec(piece(), 0..25).prop_map(|v| v.concat()),
            nl in prop_oneof![Just("\n"), Just("\r\n")],
        ) {
            let text = format!("---{nl}channel: message{nl}company: Cash App{nl}---{nl}{body}");
            let Some(a) = crate::engine::analyze(&text, &Config::default()) else {
                return Ok(());
            };
            for f in &a.findings {
                prop_assert!(f.range.start <= f.range.end && f.range.end <= text.len());
                prop_assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
                for fix in &f.fixes {
                    for e in &fix.edits {
                        prop_assert!(e.range.end <= text.len());
                        prop_assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
                    }
                    let fixed = apply(&text, fix);
                    let _ = crate::engine::analyze(&fixed, &Config::default());
                }
            }
        }
    }
}

/// Every built-in phrase and pattern rule can be skipped where none of its prefixes is: one
/// that may match anywhere is searched on every keystroke (the note's keystroke drifted from
/// 10 to 18 µs while four long lists had no prefixes at all).
#[test]
fn every_built_in_lexicon_rule_has_prefixes_for_the_gate() {
    for rule in &super::BUILTIN_SET.rules {
        if let super::Check::Lexicon(l) = &rule.check {
            assert!(
                l.lexicon.prefixes.is_some(),
                "{}: a pattern may match anywhere; start each with its words",
                rule.doc.id
            );
        }
    }
}
