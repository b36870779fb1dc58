//! `etiquette.self-centered`: most of the message is about the sender. Each sentence is read
//! for what it is about: the sender's background, work, product or plans ("I'm a designer with
//! 8 years of experience", "Our platform helps…") or the reader ("Your post on…", "You're
//! hiring…"). The rule speaks when sentences about the sender outnumber those about the reader
//! by a margin: a reader judges a message by what it talks about, not by its pronouns, so "I
//! loved your talk" is about them. The signs and the margin are data.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::message::Message;
use super::prose::{spaced_words, starts_list_item, ProseParts};
use super::sender_subject::{opens_with_sender, Courtesy};
use super::{finding, params, Finding};

pub const ID: &str = "etiquette.self-centered";

#[derive(Deserialize)]
struct Params {
    /// Regular expressions, matched without case, that make a sentence about the sender.
    about_sender: Vec<String>,
    /// Regular expressions, matched without case, that make a sentence about the reader (this
    /// wins over the sender's signs: "I loved your talk" is about them).
    about_reader: Vec<String>,
    /// Fires when at least this many sentences are about the sender...
    min_sender_sentences: usize,
    /// Too short to judge under this many words: a two-line note has room for one line about
    /// the sender and the ask.
    min_words: usize,
    /// ...and they outnumber the sentences about the reader by at least this many.
    margin: usize,
    /// Regular expressions, matched without case, that make a sentence about the sender even
    /// when it also speaks of the reader ("You can check out my portfolio here").
    sender_over_reader: Vec<String>,
    /// Regular expressions, matched without case, for the openings ("It…", "The report…") that
    /// carry on with what the sentence before said about the sender.
    continues_sender: Vec<String>,
    /// What keeps a sentence that opens with "I" or "we" from being about the sender.
    courtesy: Courtesy,
}

static PARAMS: LazyLock<Params> = LazyLock::new(|| params::builtin(ID));

/// The pack's exceptions to a first-person opening being about the sender.
pub(super) fn courtesy() -> &'static Courtesy {
    &PARAMS.courtesy
}

static ABOUT_SENDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:{})", PARAMS.about_sender.join("|"))).expect("sender patterns")
});

static SENDER_OVER_READER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:{})", PARAMS.sender_over_reader.join("|")))
        .expect("sender-over-reader patterns")
});

static CONTINUES_SENDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:{})", PARAMS.continues_sender.join("|")))
        .expect("continuation patterns")
});

static ABOUT_READER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:{})", PARAMS.about_reader.join("|"))).expect("reader patterns")
});

#[derive(Clone, Copy, Debug, PartialEq)]
enum About {
    Sender,
    Reader,
    Neither,
}

fn about(sentence: &str) -> About {
    // A hook (their post, a mutual contact, something shared) makes a sentence about them too.
    if SENDER_OVER_READER.is_match(sentence) {
        About::Sender
    } else if ABOUT_READER.is_match(sentence) || super::no_hook::is_hook(sentence) {
        About::Reader
    } else if ABOUT_SENDER.is_match(sentence) || opens_with_sender(sentence, courtesy()) {
        About::Sender
    } else {
        About::Neither
    }
}

/// One sentence of a paragraph (offsets from the paragraph's start): what it is about, and what
/// lets the message-wide reading carry the sender on into it.
#[derive(Debug)]
struct Sentence {
    range: Range<usize>,
    about: About,
    /// A list item.
    item: bool,
    /// Ends with a colon: a lead-in to what follows ("We built a tool that:").
    lead_in: bool,
    /// Opens as if going on about the sentence before ("It…", "The report…").
    continues: bool,
    /// Its first word, when that word could be the subject named as the sender's own
    /// ("Microsoft is seeking…"); not one set off by a comma ("Sarah, would you…").
    opener: Option<Range<usize>>,
    /// Which of the paragraph's `own_names` it holds (indices), for the sentences after it.
    names: Range<usize>,
}

/// One paragraph's sentences, read once and kept while the paragraph is unchanged: the check
/// that runs on each keystroke only combines these.
#[derive(Debug, Default)]
pub struct People {
    sentences: Vec<Sentence>,
    /// Ends with a line about the sender that leads into a list ("We built a tool that:"), so
    /// a list in the next paragraph is about the sender too.
    leads_into_list: bool,
    /// Words in capitals inside its sentences about the sender ("the Microsoft Central Sourcing
    /// Team", "founder of CloudMesh"), not their first words: names the sender called theirs.
    own_names: Vec<Range<usize>>,
}

/// At most this many of the sender's own names are kept, per paragraph and per message: a
/// sender names a company or two.
const MAX_OWN_NAMES: usize = 16;

impl People {
    fn of(text: &str, prose: &ProseParts) -> People {
        let mut people = People::default();
        let push = |people: &mut People, range: Range<usize>, about: About, item: bool| {
            let sentence = &text[range.clone()];
            let first_name = people.own_names.len();
            if about == About::Sender {
                own_names_in(sentence, range.start, &mut people.own_names);
            }
            let names = first_name..people.own_names.len();
            let plain = about == About::Neither && !item;
            people.sentences.push(Sentence {
                lead_in: !item && sentence.trim_end().ends_with(':'),
                continues: plain && CONTINUES_SENDER.is_match(sentence),
                opener: if plain {
                    opener(sentence, range.start)
                } else {
                    None
                },
                range,
                about,
                item,
                names,
            });
        };
        for s in &prose.sentences {
            // A list reads as one sentence ("We have:\n- 10x growth\n- …"), but each item is
            // a line the reader spends on the sender when the line leading into it is theirs.
            let items = list_items(&text[s.clone()]);
            let lead_end = items.first().map_or(s.end, |i| s.start + i.start);
            let lead = if lead_end > s.start {
                let lead = about(&text[s.start..lead_end]);
                push(&mut people, s.start..lead_end, lead, false);
                lead
            } else {
                About::Neither
            };
            for item in items {
                let range = s.start + item.start..s.start + item.end;
                let own = about(&text[range.clone()]);
                let item_about = if lead == About::Sender && own == About::Neither {
                    About::Sender
                } else {
                    own
                };
                push(&mut people, range, item_about, true);
            }
        }
        people.leads_into_list = people
            .sentences
            .last()
            .is_some_and(|s| s.about == About::Sender && s.lead_in);
        people
    }
}

/// Adds to `names` (up to [`MAX_OWN_NAMES`]) the words in capitals of `sentence` (at `offset`)
/// after its first: "I'm", "I've" are the sender, not a name of theirs.
fn own_names_in(sentence: &str, offset: usize, names: &mut Vec<Range<usize>>) {
    for (at, word) in spaced_words(sentence).skip(1) {
        if names.len() == MAX_OWN_NAMES {
            return;
        }
        let (start, name) = name_of(at, word);
        let capital = name.chars().next().is_some_and(char::is_uppercase);
        let pronoun = name.starts_with("I'") || name.starts_with("I’");
        if capital && !pronoun && name.chars().count() >= 3 {
            names.push(offset + start..offset + start + name.len());
        }
    }
}

/// The range (at `offset`) of `sentence`'s first word as a name, unless a comma sets it off.
fn opener(sentence: &str, offset: usize) -> Option<Range<usize>> {
    let (at, first) = spaced_words(sentence).next()?;
    if first.ends_with(',') {
        return None;
    }
    let (start, name) = name_of(at, first);
    let capital = name.chars().next().is_some_and(char::is_uppercase);
    (capital && !name.is_empty()).then(|| offset + start..offset + start + name.len())
}

/// A word (at `at`) without the punctuation around it or a possessive "'s": its offset and text.
fn name_of(at: usize, word: &str) -> (usize, &str) {
    let trimmed = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let start = at + (word.len() - trimmed.len());
    let trimmed = trimmed.trim_end_matches(|c: char| !c.is_alphanumeric());
    let name = trimmed
        .strip_suffix("'s")
        .or_else(|| trimmed.strip_suffix("’s"))
        .unwrap_or(trimmed);
    (start, name)
}

/// The lines of `sentence` that are list items, each to its line's end.
fn list_items(sentence: &str) -> Vec<Range<usize>> {
    let mut items = Vec::new();
    let mut at = 0;
    for line in sentence.split_inclusive('\n') {
        if starts_list_item(line.trim_start()) {
            items.push(at..at + line.trim_end().len());
        }
        at += line.len();
    }
    items
}

pub fn check(m: &Message, out: &mut Vec<Finding>) {
    if !params::applies(m.a, ID) || m.prose.word_count() < PARAMS.min_words {
        return;
    }
    let mut sender: Vec<Range<usize>> = Vec::new();
    let mut reader = 0;
    let mut led_by_sender = false;
    let mut follows_sender = false;
    let mut own_names: Vec<&str> = Vec::new();
    for (para, _, people) in m.readings(|k| &k.people, People::of) {
        let at = |r: &Range<usize>| para.start + r.start..para.start + r.end;
        for s in &people.sentences {
            // "We built a tool that:", a blank line, then its features: each is about the sender.
            // "I built a tool. It cuts…": the sentence after goes on about the same thing, and so
            // does one whose subject the sender named as theirs ("I'm on the Microsoft sourcing
            // team. Microsoft is seeking…").
            let names_own = || {
                s.opener
                    .as_ref()
                    .is_some_and(|r| own_names.contains(&m.prose.word(&at(r))))
            };
            let about = match s.about {
                About::Neither if s.item && led_by_sender => About::Sender,
                About::Neither if (follows_sender && s.continues) || names_own() => About::Sender,
                about => about,
            };
            if !s.item {
                led_by_sender = about == About::Sender && s.lead_in;
                follows_sender = about == About::Sender;
            }
            match about {
                About::Sender => sender.push(at(&s.range)),
                About::Reader => reader += 1,
                About::Neither => {}
            }
            for name in &people.own_names[s.names.clone()] {
                let name = m.prose.word(&at(name));
                if own_names.len() < MAX_OWN_NAMES && !own_names.contains(&name) {
                    own_names.push(name);
                }
            }
        }
        led_by_sender = led_by_sender || people.leads_into_list;
        follows_sender = false;
    }
    if sender.len() < PARAMS.min_sender_sentences || sender.len() < reader + PARAMS.margin {
        return;
    }
    let about_them = match reader {
        0 => "none about them".to_string(),
        1 => "one about them".to_string(),
        n => format!("only {n} about them"),
    };
    // The first sentence about the sender is the one to turn around.
    out.push(finding(
        ID,
        m.prose.source(sender[0].clone()),
        format!(
            "The message is about you, not them: {} sentences about your background, work or plans and {about_them}. Turn one into a line about them.",
            sender.len()
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::ID;

    const HEAD: &str =
        "---\nchannel: inmail\nto: Hannah Weber\ncompany: Zalando\nsubject: Films\n---\n";

    #[test]
    fn fires_on_the_first_sentence_about_the_sender() {
        let text = format!("{HEAD}Hi Hannah,\n\nI run an agency in Berlin. I started it in 2015 after I left my job, and we’ve grown since.\n\nOur films have won awards and our team has shot for Adidas. Could I send you our reel?");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        assert_eq!(covered(&text, &f[0]), "I run an agency in Berlin.");
        assert!(
            f[0].message.contains("4 sentences about your background"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("none about them"), "{}", f[0].message);
    }

    #[test]
    fn a_job_seekers_template_about_themselves_fires() {
        let text = format!("{HEAD}Hi Hannah,\n\nMy name is Tom and I am a product designer with 8 years of experience in retail. I have worked with brands across Europe. My portfolio has won two awards. I’m currently exploring new opportunities in Berlin.\n\nWould you be open to a chat?");
        assert_eq!(findings(&text, ID).len(), 1);
        // Three lines about himself and a question is an introduction, not a monologue.
        let text = format!("{HEAD}Hi Hannah,\n\nMy name is Tom and I am a product designer with 8 years of experience in retail. I have worked with brands across Europe. I’m currently exploring new opportunities in Berlin.\n\nWould you be open to a chat?");
        assert!(findings(&text, ID).is_empty());
    }

    #[test]
    fn any_sentence_with_the_sender_as_its_subject_counts() {
        // No listed phrase here: each sentence simply has the sender as its subject.
        let text = format!("{HEAD}Hi Hannah,\n\nAt Loomly, we train fashion teams to shoot on phones. We work with twelve brands across Europe. Our workshops run for two days. We also coach directors one to one.\n\nWould a copy of our programme help?");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        assert_eq!(
            covered(&text, &f[0]),
            "At Loomly, we train fashion teams to shoot on phones."
        );
        // The same count of first-person courtesy is not about the sender.
        let text = format!("{HEAD}Hi Hannah,\n\nI hope the spring shoot went well. I noticed the Zalando film last week. I’d love to hear how it was cast. I wanted to ask one thing. I was impressed by the score.\n\nCould you share who wrote it?");
        assert!(findings(&text, ID).is_empty());
    }

    #[test]
    fn a_list_led_by_a_line_about_the_sender_is_about_the_sender() {
        let text = format!("{HEAD}Hi Hannah,\n\nI'm the founder of Loomly, a studio for fashion films.\nWe have:\n- 10x growth\n- A team of twelve\n- Clients in Berlin\n\nCould I send you our reel?");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("6 sentences"), "{}", f[0].message);
        // The same list led by a line about her work is not about the sender.
        let text = format!("{HEAD}Hi Hannah,\n\nYour spring films for Zalando covered:\n- the Berlin shoot\n- the casting\n- the score\n\nI'm a director in Berlin. Could I ask how you cast them?");
        assert!(findings(&text, ID).is_empty());
    }

    #[test]
    fn a_feature_list_after_a_blank_line_is_led_by_the_line_before_it() {
        // The lead-in is one paragraph, its emoji-bulleted features the next.
        let text = format!("{HEAD}Hi Hannah,\n\nI built a tool for fashion teams that:\n\n✅ Casts models from a brief\n✅ Books studios in Berlin\n✔️ Ships edits in a day\n\nWant a demo?");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1, "{text}");
        assert!(f[0].message.contains("4 sentences"), "{}", f[0].message);
        // A paragraph in between ends the list's lead-in: the items are nobody's.
        let text = format!("{HEAD}Hi Hannah,\n\nI built a tool for fashion teams that:\n\nYour spring films came to mind.\n\n✅ Casts models from a brief\n✅ Books studios in Berlin\n✔️ Ships edits in a day\n\nWant a demo?");
        assert!(findings(&text, ID).is_empty());
    }

    #[test]
    fn a_sentence_that_goes_on_about_the_senders_thing_is_about_the_sender() {
        // "It…" after a line about the report, and the company the sender named as theirs.
        let text = format!("{HEAD}Hi Hannah,\n\nI just finished a report on casting. It shows how brands pick models. The report covers three seasons. I'm on the Loomly research team. Loomly is hiring analysts.\n\nWant a copy?");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1, "{text}");
        assert!(f[0].message.contains("5 sentences"), "{}", f[0].message);
        // The same openings after a line about her are about her work, or nobody's.
        let text = format!("{HEAD}Hi Hannah,\n\nYour spring film for Zalando was great. It shows how brands pick models. The report covers three seasons. Zalando is hiring analysts. Hannah, I'm a director.\n\nWant a copy?");
        assert!(findings(&text, ID).is_empty());
    }

    #[test]
    fn pointing_her_at_the_senders_things_and_resume_lines_are_about_the_sender() {
        let text = format!("{HEAD}Hi Hannah,\n\nYou can check out my portfolio here. Worked with Siemens on accelerators. Interested in engineering roles. Relocating to Berlin.\n\nWould love to connect!");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1, "{text}");
        assert!(f[0].message.contains("4 sentences"), "{}", f[0].message);
    }

    #[test]
    fn silent_when_the_message_is_about_them() {
        for body in [
            // Pronouns lean to the sender, but the sentences are about her work.
            "Hi Hannah, I loved your Zalando campaign; I watched it twice and my team did too. I run an agency in Berlin. I would love to hear how you cast it. Could you share what worked?",
            // Two sentences about the sender against one about her: under the margin.
            "Hi Hannah, I run an agency in Berlin and we have won three awards. Your spring film for Zalando was the best of the year. Our team would love to compare notes. Open to a call?",
            // Too few sentences about the sender.
            "Hi Hannah, I run an agency. Could I send you our reel?",
            // First person only inside a comment.
            "<!-- I run an agency. I have won awards. I am a director. --> Hi Hannah, your Zalando films are great. How did your team cast them?",
        ] {
            let text = format!("{HEAD}{body}");
            assert!(findings(&text, ID).is_empty(), "{body}");
        }
    }
}
