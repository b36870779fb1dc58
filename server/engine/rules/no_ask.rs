//! `etiquette.no-ask`: a message with no question and no call to action gives the reader nothing
//! to answer. Connection notes are exempt (the request is the ask). A `?` in a web address is
//! not a question; the calls to action are patterns in data.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::message::Message;
use super::{finding, params, Finding};

pub const ID: &str = "etiquette.no-ask";

#[derive(Deserialize)]
struct Params {
    /// Regular expressions, matched without case, that ask for something without a `?`.
    calls_to_action: Vec<String>,
    /// Offers and wishes worded like a call to action that ask nothing ("feel free to contact
    /// me", "if you're open to chatting"): no call to action is looked for inside them.
    #[serde(default)]
    offers: Vec<String>,
    /// A last paragraph of this many words or fewer with no sentence in it is a sign-off
    /// ("Best,\nSara"), and the ask is looked for before it.
    sign_off_max_words: usize,
    /// A message after a meeting this short is a reply inside a conversation ("Thanks, that
    /// helps a lot."), which needs no question of its own.
    reply_max_words: usize,
}

static PARAMS: LazyLock<Params> = LazyLock::new(|| params::builtin(ID));

static CALLS_TO_ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:{})", PARAMS.calls_to_action.join("|"))).expect("CTA patterns")
});

static OFFERS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    (!PARAMS.offers.is_empty()).then(|| {
        Regex::new(&format!(r"(?i)(?:{})", PARAMS.offers.join("|"))).expect("offer patterns")
    })
});

pub fn check(m: &Message, out: &mut Vec<Finding>) {
    let p = &m.prose;
    if !params::applies(m.a, ID)
        || p.word_count() == 0
        || is_short_reply(m)
        || !m.reads_as_english()
    {
        return;
    }
    if m.readings(|k| &k.asks, |text, prose| asks(text, &prose.addresses))
        .any(|(_, _, asks)| *asks)
        || subject_asks(m)
    {
        return;
    }
    out.push(finding(
        ID,
        p.source(last_sentence(m)),
        "No question and no call to action: end with one easy thing to answer (“Open to a quick chat?”, “Would a copy help?”).",
    ));
}

/// A subject that asks ("Intro to Acme Ventures?") is the message's question, unless it is an
/// earlier message's subject replied to ("Re: Launch your own blog?"): that question was theirs.
fn subject_asks(m: &Message) -> bool {
    let Some(range) = m.a.subject_text() else {
        return false;
    };
    let subject = &m.a.text()[range];
    super::subject::reply_prefix(subject).is_none() && asks(subject, &[])
}

/// A short message to someone the writer has met, not a follow-up to an unanswered one.
fn is_short_reply(m: &Message) -> bool {
    !m.a.is_first_touch()
        && !m.a.is_follow_up_channel()
        && m.prose.word_count() <= PARAMS.reply_max_words
}

/// Whether `text` holds a call to action from the data (for fixes that must keep the ask).
pub(crate) fn is_call_to_action(text: &str) -> bool {
    let Some(offers) = OFFERS.as_ref() else {
        return CALLS_TO_ACTION.is_match(text);
    };
    // Blank the offers out, keeping every other byte where it was, and look again: "Feel free
    // to contact me. Can we talk Friday?" still asks.
    let without_offers = offers.replace_all(text, |c: &regex::Captures| " ".repeat(c[0].len()));
    CALLS_TO_ACTION.is_match(&without_offers)
}

/// Whether a paragraph asks something: a question mark outside its web and mail addresses
/// (`?q=1` asks nothing), or a call to action.
fn asks(paragraph: &str, addresses: &[std::ops::Range<usize>]) -> bool {
    let in_address = |at: usize| addresses.iter().any(|a| a.start <= at && at < a.end);
    paragraph
        .char_indices()
        .any(|(i, c)| matches!(c, '?' | '？') && !in_address(i))
        || is_call_to_action(paragraph)
}

/// Where an ask belongs: the last sentence before any sign-off.
fn last_sentence(m: &Message) -> std::ops::Range<usize> {
    let p = &m.prose;
    let mut paragraphs = p.paragraphs.iter().rev();
    let mut last = paragraphs.next().cloned().unwrap_or(0..p.text.len());
    let words = p.words_in(&last).len();
    let closes_without_a_sentence = !p.text[last.clone()].contains(['.', '!']);
    if p.paragraphs.len() > 1 && words <= PARAMS.sign_off_max_words && closes_without_a_sentence {
        if let Some(before) = paragraphs.next() {
            last = before.clone();
        }
    }
    p.sentences()
        .rev()
        .find(|s| s.start >= last.start && s.end <= last.end)
        .unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::ID;

    const HEAD: &str = "---\nchannel: message\nto: Ben Carter\ncompany: Buildkite\n---\n";

    #[test]
    fn fires_on_the_last_sentence_before_the_sign_off() {
        let text = format!("{HEAD}Hi Ben, great meeting you at DevOpsDays.\r\n\r\nThanks for the tips on Buildkite agents. They saved us hours 🙌.\r\n\r\nBest,\r\nIngrid");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        assert_eq!(covered(&text, &f[0]), "They saved us hours 🙌.");
    }

    #[test]
    fn a_question_mark_in_a_link_is_not_a_question() {
        let text = format!("{HEAD}Hi Ben, here is the Buildkite doc: https://x.io/doc?id=4");
        assert_eq!(findings(&text, ID).len(), 1);
    }

    #[test]
    fn silent_with_a_question_or_a_call_to_action() {
        for body in [
            "Hi Ben, how do you quarantine flaky tests?",
            "Hi Ben, we keep a list of 40 suppliers. Let me know which one you want.",
            "Hi Ben, would you be open to a chat next week.",
            "Hi Ben, 你觉得怎么样？",
            "Hi Ben, would love to pick your brain sometime!",
            "Hi Ben, I'd love to hear how your team handles it.",
            // An offer beside a real ask does not hide it.
            "Hi Ben, feel free to contact me anytime. Let's talk Friday.",
            "Hi Ben, tell me what you think.",
            "Hi Ben, which day suits you best.",
            "Hi Ben, any interest in comparing notes.",
            "Hi Ben, good to hear from you. Free Thursday for a quick chat.",
        ] {
            let text = format!("{HEAD}{body}");
            assert!(findings(&text, ID).is_empty(), "{body}");
        }
    }

    #[test]
    fn silent_on_a_short_reply_after_a_meeting_but_not_on_a_first_message() {
        let body = "Thank you for replying, and for the tips on Buildkite agents.";
        let met = format!("---\nchannel: message\nto: Ben Carter\nmet: true\n---\nHi Ben. {body}");
        assert!(findings(&met, ID).is_empty());
        assert_eq!(findings(&format!("{HEAD}Hi Ben. {body}"), ID).len(), 1);
        let long = format!("---\nchannel: message\nto: Ben Carter\nmet: true\n---\nHi Ben. {body} They saved our team a lot of time this week, and we rolled them out across every pipeline.");
        assert_eq!(findings(&long, ID).len(), 1);
    }

    #[test]
    fn requests_without_a_question_mark_are_asks() {
        for body in [
            "Hi Ben, I'd appreciate your perspective on whether I look like a fit.",
            "Hi Ben, still think it could be worth 20 minutes. You pick the time.",
            "Hi Ben, curious how you handle flaky tests at Buildkite.",
            "Hi Ben, here is the demo. Take a look when you have a minute.",
            "Hi Ben, if you are interested, please get in touch.",
            "Hi Ben, I'm writing to see if you have just 15 minutes next week.",
            "Hi Ben, let me know if you'd like to discuss further.",
            "Hi Ben, to arrange an interview, please email me.",
            "Hi Ben, I'd be thrilled if I can speak to you about the role.",
            // An embedded question, and asking where things stand, are questions too.
            "Hi Ben, just wanted to see if you had any thoughts on the draft.",
            "Hi Ben, I'm writing to check on the status of my application.",
            "Hi Ben, any update on the contract would be welcome.",
            // Requests put softly.
            "Hi Ben, following up on our talk and see if you had any questions.",
            "Hi Ben, I wondered if it made sense to hop on a call.",
            "Hi Ben, I was hoping to contribute a piece to your blog.",
            "Hi Ben, if not, could you let me know who handles advertising.",
            // A question that lost its mark: the verb leads the clause.
            "Hey Ben, have you seen my last email…",
            "Hi Ben. Do you still run the Austin meetup.",
            // A suggestion, a plea, feedback welcomed.
            "Hi Ben, perhaps you could add our guide to the page.",
            "Hi Ben, the deal is real. Please reconsider.",
            "Hi Ben, here is the repo. Would love any feedback you might have.",
            "Hi Ben, here is the repo: issues, forks and honest feedback all welcome.",
            // A time to confirm, and imperatives they answer.
            "Hi Ben, please let me know if Wednesday or Thursday around 10am would work for you.",
            "Hi Ben, tell me a little about your interests so I can help.",
            "Hi Ben, the beta has five spots left. Apply by Friday: https://example.com/apply",
            // A time put to them, a reply or a step asked for, an invitation.
            "Hi Ben, let me know if Tuesday works for a call.",
            "Hi Ben, the dinner is on the 12th. Please RSVP by Friday.",
            "Hi Ben, the beta is open. Please sign up at the link below.",
            "Hi Ben, we'd love to have you on the podcast this spring.",
            // Times offered for them to pick, and an imperative with a link.
            "Hi Ben, here's the deck. If a coffee next week works, I'm free Tue or Wed afternoon.",
            "Hi Ben, the workshop is on the 12th. Click here to book: https://example.com",
            "Hi Ben, the workshop is on the 12th. Reserve your seat at the link below.",
            // Whether it interests them, when to come back, an invitation, a plan with a time.
            "Hi Ben, just bumping this. Let me know if a channel swap sounds interesting!",
            "Hi Ben, please let me know if there is/isn't a level of interest here.",
            "Hi Ben, I understand. Please let me know a time in the future to follow up.",
            "Hi Ben, we could not reach you by phone, so please give our office a call.",
            "Hi Ben, the committee kindly invites you to deliver a lecture in August.",
            "Hi Ben, I'm new in town. If you have some time next week, I'd love to talk over coffee.",
            "Hi Ben, let's have a conversation and see where we can refer work to each other.",
            "Hi Ben, I know you're busy, but if you can spare me 10 minutes to talk, great.",
            // Their insight wished for without "your", and interest asked for in two words.
            "Hi Ben, I noticed your work with Gemini and would love some insight into the industry.",
            "Hi Ben, we are hiring frontend engineers. Let me know if interested at jo@example.com.",
            // A link to act on, contact asked for outright, and their decision asked for.
            "Hi Ben, you get $25 in credits. Claim here: https://example.com/oss",
            "Hi Ben, commission is 30%. Join here: https://example.com/partners. Best, Jo",
            "Hi Ben, please do get in touch so we can discuss a proposal.",
            "Hi Ben, if you went another way, just let me know so I can update my records.",
            "Hi Ben, I'd love to be a part so please let me know",
            // A closing "Let me know," over the name, thoughts "deeply valued", and their time
            // wished for.
            "Hi Ben, I can add Acme to the digest.\n\nLet me know,\nKell",
            "Hi Ben, any insights or suggestions would be deeply valued.",
            "Hi Ben, I'd love to get a little time with you to ask about your setup.",
        ] {
            let text = format!("{HEAD}{body}");
            assert!(findings(&text, ID).is_empty(), "{body}");
        }
    }

    #[test]
    fn an_offer_or_a_wish_is_not_an_ask() {
        // The published corpus's guide: an offer or a vague wish gives them nothing to answer.
        for body in [
            "Hi Ben, happy to send the checklist over.",
            "Hi Ben, feel free to forward it to your team.",
            "Hi Ben, I would love to discuss how we could help your team.",
            "Hi Ben, I look forward to hearing from you.",
            "Hi Ben, let me know if I can help.",
            "Hi Ben, if you're interested, happy to share more.",
            "Hi Ben, happy to jump on a quick call if timing works better now.",
            "Hi Ben, should you have any questions, I am happy to answer them.",
            "Hi Ben, please let me know if there is any further information you need.",
            "Hi Ben, let me know if anything changes at work, and I will adjust the plan.",
            "Hi Ben, your advice about the launch was helpful. Thanks again.",
            // Offers worded like a call to action.
            "Hi Ben, if you have questions, please feel free to contact me at 555-0142.",
            "Hi Ben, happy to share more if you're open to chatting.",
            "Hi Ben, would love to catch up sometime.",
            "Hi Ben, please find my resume attached for your consideration.",
            // "do it" inside a sentence is no question.
            "Hi Ben, post-incident is when you get the budget to do it right.",
            "Hi Ben, the things we have this year are what we do this for.",
            // Being free, and a place to click, without a time or a step for them.
            "Hi Ben, I'm free to help whenever the project needs it.",
            "Hi Ben, I clicked through your site and liked it.",
            "Hi Ben, please let me know if there is any further information you need.",
            // Insights offered, not asked for.
            "Hi Ben, I'd love to share some insights from our study.",
            // Where to read more is a place, not a step for them.
            "Hi Ben, the study is public and there is more to read in the appendix.",
        ] {
            let text = format!("{HEAD}{body}");
            assert_eq!(findings(&text, ID).len(), 1, "{body}");
        }
    }

    #[test]
    fn a_question_in_the_subject_is_the_ask_unless_it_is_a_reply_to_theirs() {
        let body = "Hi Ben,\n\nBelow is a note on the company. I think Acme Ventures could be a great fit.\n\nThanks,\nAna";
        let asking = format!(
            "---\nchannel: email\nto: Ben Carter\nsubject: Intro to Acme Ventures?\n---\n{body}"
        );
        assert!(findings(&asking, ID).is_empty());
        let replying = asking.replace("subject: Intro", "subject: \"Re: Intro");
        let replying = replying.replace("Ventures?\n", "Ventures?\"\n");
        assert_eq!(findings(&replying, ID).len(), 1);
        let telling = asking.replace("Ventures?", "Ventures");
        assert_eq!(findings(&telling, ID).len(), 1);
    }

    #[test]
    fn silent_on_a_message_in_another_language() {
        // "Get in touch if you'd like to know more": a call to action in German.
        let text = format!("{HEAD}Hallo Ben, wir arbeiten bereits mit drei Speditionen in Bayern zusammen. Melden Sie sich gerne, wenn Sie mehr erfahren möchten.");
        assert!(findings(&text, ID).is_empty());
        // The same message in English asks nothing.
        let text = format!(
            "{HEAD}Hi Ben, we already work with three carriers in Bavaria. Happy to share more."
        );
        assert_eq!(findings(&text, ID).len(), 1);
    }

    #[test]
    fn silent_in_connection_notes() {
        let text =
            "---\nchannel: connection-note\nto: Ben Carter\n---\nHi Ben, great talk at DevOpsDays.";
        assert!(findings(text, ID).is_empty());
    }
}
