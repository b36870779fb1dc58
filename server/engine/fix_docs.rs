//! `docs/fixes.md` is written by this test: each kind of fix applied to a sample draft, before
//! and after, so the page can never say what the fixes no longer do. A fix whose title or edit
//! changed fails the test; `SENDWELL_BLESS=1 cargo test --lib fix_docs` rewrites the page.

use std::fmt::Write;
use std::path::Path;

use super::config::Config;
use super::finding::{Edit, FixKind};
use super::{analyze, fix_all};

struct Sample {
    heading: &'static str,
    why: &'static str,
    draft: &'static str,
    rule: &'static str,
    /// The fix's title starts with this.
    title: &'static str,
}

const SAMPLES: &[Sample] = &[
    Sample {
        heading: "Replace a phrase",
        why: "A hard-sell word has a plainer one that says the same thing. Replacements are data, listed per phrase in the rule pack; only one that keeps the claim is listed.",
        draft: "---\nchannel: message\nto: Omar Haddad\n---\nHi Omar, we have a FREE workshop for founders next week. Want a seat?",
        rule: "spam.trigger-word",
        title: "Replace with",
    },
    Sample {
        heading: "Remove a phrase as a unit",
        why: "A removal takes the words the phrase leaves dangling (“or your”) and the space and punctuation attached to it.",
        draft: "---\nchannel: connection-note\nto: Priya Raman\ncompany: Lumen Health\n---\nHi Priya, saw your HIMSS panel on nurse scheduling. Guaranteed results or your money back! Would you be open to connecting?",
        rule: "spam.trigger-word",
        title: "Remove “or your money back”",
    },
    Sample {
        heading: "Remove the sentence",
        why: "Where what is left would not read as a sentence (“that will double your revenue” → “that will.”), the whole sentence goes; a greeting that opens it stays. A question is never removed this way, nor the sentence that opens the message or one the next sentence leans on (“This is…”, “Interested?”): then no removal is offered.",
        draft: "---\nchannel: connection-note\nto: Tomás Ortega\n---\nHi Tomás, your talk on rural delivery routes was great. Our tool will double your revenue. I'd like to hear how you plan them. Open to connecting?",
        rule: "spam.trigger-word",
        title: "Remove “Our tool",
    },
    Sample {
        heading: "Remove a hedge",
        why: "An apology or hedge at the start of a sentence goes with its comma, and the next word takes the capital.",
        draft: "---\nchannel: message\nto: Julia Park\n---\nHi Julia,\n\nSorry to bother you, I loved your post on moving to ROS 2.\n\nHow did you handle the simulation tests?",
        rule: "style.hedging",
        title: "Remove “Sorry to bother you”",
    },
    Sample {
        heading: "Rewrite the sentence",
        why: "A lazy follow-up is rewritten whole, never only the matched words, with a marked blank for what you bring. A follow-up that already brings a list, a link or a smaller ask is not flagged.",
        draft: "---\nchannel: follow-up\nto: Sam Okafor\nstep: 2\n---\nHi Sam, as per my last message, I'm touching base to see if you had a chance to look. Any thoughts?",
        rule: "etiquette.lazy-follow-up",
        title: "Rewrite as",
    },
    Sample {
        heading: "Ask for less",
        why: "A big ask in a first message becomes a small one.",
        draft: "---\nchannel: inmail\nto: Victor Hale\nsubject: Ramping SDRs\n---\nHi Victor,\n\nI read your post about ramping SDRs. We coach first-year reps on discovery calls.\n\nDo you have an hour this week for a call with our whole team?",
        rule: "etiquette.heavy-ask",
        title: "Rewrite as",
    },
    Sample {
        heading: "Fill a placeholder",
        why: "A placeholder is filled from a front-matter value written under its name (or one slip away from it).",
        draft: "---\nchannel: inmail\nto: Sofia Rossi\nsubject: Your boat show stand\nvars:\n  show: Genoa Boat Show\n---\nHi Sofia,\n\nYour stand at the {shwo} drew a crowd. How did you pick the models?",
        rule: "placeholder.unfilled",
        title: "Fill with",
    },
    Sample {
        heading: "Remove a placeholder from a greeting",
        why: "Without a name to fill it, the greeting loses it cleanly. In a sentence (“I noticed <COMPANY> is growing”) no removal is offered: the sentence needs the word.",
        draft: "---\nchannel: connection-note\n---\nHi {first_name}, I enjoyed your talk on warehouse robotics. Would be glad to connect.",
        rule: "placeholder.unfilled",
        title: "Remove",
    },
    Sample {
        heading: "Add the key a placeholder needs",
        why: "The key is added empty, ready for you to type the value; Sendwell never invents a recipient's facts. It comes first in the menu, but is never applied unseen.",
        draft: "---\nchannel: connection-note\n---\nHi {first_name}, I enjoyed your talk on warehouse robotics. Would be glad to connect.",
        rule: "placeholder.unfilled",
        title: "Add “to:”",
    },
    Sample {
        heading: "Greet them by name",
        why: "A greeting that names nobody takes the first name from “to:”.",
        draft: "---\nchannel: message\nto: George Patel\n---\nHello, I read the board notes on the new reading program. How are teachers finding it?",
        rule: "personalization.no-name",
        title: "Greet",
    },
    Sample {
        heading: "Sentence case for a shout",
        why: "Safe to apply unseen only for the words the pack lists as shouting (HUGE, FREE): an unknown word in capitals may be an acronym (HIMSS, SXSW), so its fix waits for you.",
        draft: "---\nchannel: message\nto: Jay Singh\n---\nHi Jay, your podcast is HUGE in our team. Which episode should I start with?",
        rule: "spam.shouting",
        title: "Change to",
    },
    Sample {
        heading: "One mark for a run",
        why: "A run of exclamation or question marks becomes one.",
        draft: "---\nchannel: message\nto: Jay Singh\n---\nHi Jay, loved the new episode!!! Which guest is next?",
        rule: "spam.shouting",
        title: "Change “!!!”",
    },
    Sample {
        heading: "Fix a front-matter key",
        why: "A misspelled key or channel is renamed to the one it was meant to be; the rest of the front-matter is left as written.",
        draft: "---\nchannel: message\nto: Noah Berg\ncompnay: Lakeside Farms\n---\nHi Noah, loved your post on the u-pick season. How many visitors came?",
        rule: "frontmatter.unknown-key",
        title: "Rename",
    },
    Sample {
        heading: "Quote a front-matter value",
        why: "A value with a colon and a space in it (`subject: RE: your talk`) stops YAML, and a `#` stuck to a word (`subject: Question #2`) silently cuts the rest off as a comment. The value is put in double quotes, offered only when the front-matter then parses and the key reads back exactly as typed.",
        draft: "---\nchannel: email\nto: Mia Lund\nsubject: Quick question #2 on your Oslo talk\n---\nHi Mia, loved your talk on heat pumps. How did you size yours?",
        rule: "frontmatter.invalid",
        title: "Put the value of",
    },
    Sample {
        heading: "Remove the subject",
        why: "Connection notes have no subject line.",
        draft: "---\nchannel: connection-note\nto: Erik Holm\nsubject: Hello from Oslo\n---\nHi Erik, enjoyed your talk on heat pumps. Would be glad to connect.",
        rule: "subject.unexpected",
        title: "Remove the subject",
    },
    Sample {
        heading: "Shorten to fit",
        why: "A message over its channel's limit loses stock phrases and filler first, then asides, then whole sentences; the greeting, the sentence about them, any question and the ask always stay. Where those alone do not fit, no shortening is offered.",
        draft: "---\nchannel: connection-note\nto: Sarah Chen\ncompany: Northwind\n---\nHi Sarah, I hope this message finds you well. I wanted to reach out because I really enjoyed your talk at SupplyConf on forecasting with sparse data, which was honestly a surprise to our whole planning team. We are a small team that is just getting started in order to learn how other people plan safety stock across regions. Would you be open to connecting?",
        rule: "limit.body",
        title: "Shorten to fit",
    },
    Sample {
        heading: "Shorten the subject",
        why: "Filler words go first, then whole words from the end, never a word cut in half or a small word left hanging.",
        draft: "---\nchannel: inmail\nto: Victor Hale\nsubject: Just a quick question about your recent post on ramping new SDR hires and how your team actually runs its very first discovery calls across regions, time zones and product lines when the reps are still learning the product\n---\nHi Victor,\n\nI read your post about ramping SDRs. How long does your first discovery call run?",
        rule: "limit.subject",
        title: "Shorten the subject",
    },
    Sample {
        heading: "Switch to another channel (alternative)",
        why: "Offered only where the recipient can get that channel: a direct message only when the front-matter says you are already connected (connected: true). Never preferred.",
        draft: "---\nchannel: connection-note\nto: Erik Holm\nconnected: true\n---\nHi Erik, thanks for your talk at the Oslo energy meetup on retrofitting heat pumps in old apartment blocks. We are piloting the same approach in Bergen with a housing co-op of forty flats, and the hardest part so far has been sizing the units for the worst winter week without oversizing for the rest of the year. Could I ask how you sized yours?",
        rule: "limit.body",
        title: "Switch to Direct message",
    },
    Sample {
        heading: "Turn a rule off in this draft (suppression)",
        why: "Always last in the menu and never preferred: it keeps the words and silences the rule.",
        draft: "---\nchannel: message\nto: Omar Haddad\n---\nHi Omar, we have a FREE workshop for founders next week. Want a seat?",
        rule: "spam.trigger-word",
        title: "Disable",
    },
];

/// The first line of each part that differs, as a Markdown excerpt.
fn block(text: &str) -> String {
    format!("```markdown\n{}\n```\n", text.trim_end())
}

fn kind_name(kind: FixKind) -> &'static str {
    match kind {
        FixKind::Rewrite => "rewrite",
        FixKind::Alternative => "alternative",
        FixKind::Suppression => "suppression",
    }
}

fn page() -> String {
    let config = Config::default();
    let mut out = String::from(
        "# What each fix does\n\n\
         <!-- Written by `server/engine/fix_docs.rs` (SENDWELL_BLESS=1 cargo test --lib fix_docs); do not edit by hand. -->\n\n\
         Every finding's quick fixes come in one order: its best rewrite first, then other\n\
         rewrites, then alternatives (another channel, a follow-up draft), then suppressions. At most\n\
         one is preferred (the one an editor's Auto Fix applies without showing it), and only a rewrite\n\
         that is safe to apply unseen. “Fix all” applies every safe fix at once, never changes an\n\
         acronym or a name, never removes a question, and a second run changes nothing.\n\n\
         No fix leaves a broken sentence: a test applies every fix on more than 250 drafts and fails\n\
         on an empty greeting (`Hi ,`), doubled spaces, a space before punctuation, a sentence that\n\
         ends on a word like “or your” or “with”, a repeated word, unbalanced quotes or brackets, or a\n\
         lost question. Where a fix cannot be made safe, it is not offered.\n\n",
    );
    for s in SAMPLES {
        let a = analyze(s.draft, &config).expect("a draft");
        let (f, fix) = a
            .findings
            .iter()
            .filter(|f| f.rule == s.rule)
            .flat_map(|f| f.fixes.iter().map(move |x| (f, x)))
            .find(|(_, x)| x.title.starts_with(s.title))
            .unwrap_or_else(|| panic!("{}: no fix “{}…” for {}", s.heading, s.title, s.rule));
        let mut edits: Vec<Edit> = fix.edits.clone();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let after = fix_all::apply(s.draft, &edits);
        let _ = write!(
            out,
            "## {}\n\n{}\n\n`{}` offers “{}” ({}{}{}).\n\nBefore:\n\n{}\nAfter:\n\n{}\n",
            s.heading,
            s.why,
            f.rule,
            fix.title,
            kind_name(fix.kind),
            if fix.safe {
                ", safe to apply unseen"
            } else {
                ""
            },
            if fix.preferred && fix.safe && fix.kind == FixKind::Rewrite {
                ", preferred"
            } else {
                ""
            },
            block(s.draft),
            block(&after)
        );
    }
    let all = "---\nchannel: message\nto: Leah Stein\n---\nHello, great meeting you at HIMSS. Your IBM Watson story was HUGE!!! Want to compare notes?";
    let edits = fix_all::fix_all(all, &config);
    let _ = write!(
        out,
        "## Fix all\n\n“Fix all” (`source.fixAll.sendwell`) applies the safe fixes only: here the greeting, the shout the pack lists and the run of marks; HIMSS and IBM stay as written.\n\nBefore:\n\n{}\nAfter:\n\n{}",
        block(all),
        block(&fix_all::apply(all, &edits))
    );
    out
}

#[test]
fn docs_fixes_md_shows_what_each_fix_does() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/fixes.md");
    let want = page();
    if std::env::var_os("SENDWELL_BLESS").is_some() {
        std::fs::write(&path, &want).expect("write docs/fixes.md");
    }
    let got = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "docs/fixes.md is stale; rewrite it with SENDWELL_BLESS=1 cargo test --lib fix_docs and review the diff"
    );
}
