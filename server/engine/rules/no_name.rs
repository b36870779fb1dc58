//! `personalization.no-name`: the message never calls the recipient by name. With `to:` in the
//! front-matter the first name (or a nickname of it) must appear somewhere in what is sent; without
//! it, a greeting that names nobody (`Hi there`, `Hello,`, `To whom it may concern`) or no greeting
//! at all (and no name slot, no name opening the message) is reported. Only on a first touch
//! (`Analysis::is_first_touch`).

use super::greeting;
use super::message::Message;
use super::{finding, params, Edit, Finding, Fix};
use crate::engine::text_edit::{set_key, NewValue};

pub const ID: &str = "personalization.no-name";

pub fn check(m: &Message, out: &mut Vec<Finding>) {
    // Between people who have talked, or in a follow-up, a name is a nicety, not a sign of a
    // mass message.
    if !params::applies(m.a, ID) || m.prose.text.trim().is_empty() || !m.a.is_first_touch() {
        return;
    }
    let p = &m.prose;
    let greeting = m.greeting.as_ref();
    let Some(r) = &m.recipient else {
        if greeting.is_none() {
            addresses_no_one(m, out);
            return;
        }
        // A name slot left as a placeholder (`Hi {first_name},`) is placeholder.unfilled's
        // finding, with the same fix: one finding per blank, not two that disagree.
        let Some(g) = greeting.filter(|g| g.names_nobody() && !g.placeholder) else {
            return;
        };
        // "Hey there, [name].": the name is a slot after the greeting, the same one blank.
        let line_end = p.text.find('\n').unwrap_or(p.text.len());
        if has_name_slot(m, p.source(0..line_end)) {
            return;
        }
        let said = p.word(&g.range);
        let message = format!("“{said}” addresses nobody by name: greet them by their first name, and add “to:” to the front-matter so Sendwell can check it.");
        out.push(with_add_to(
            m,
            finding(ID, p.source(g.range.clone()), message),
        ));
        return;
    };
    let greeted = greeting.is_some_and(|g| g.names.iter().any(|n| r.answers_to(p.word(n))));
    if greeted || r.named_in(m) {
        return;
    }
    let first = &r.first;
    // A greeting that names someone else may use a nickname Sendwell does not know: changing a
    // name is offered, never applied unseen.
    let names_someone = greeting.is_some_and(|g| !g.names_nobody());
    let (range, message, edit) = match greeting {
        Some(g) if g.names_nobody() => {
            let said = p.word(&g.range);
            // A salutation is replaced whole: "Dear Sir/Madam" by "Dear Sarah", "To whom it may
            // concern" by "Hi Sarah".
            let word = if g.salutation {
                greeting::greeting_word_of(said).unwrap_or("Hi")
            } else {
                p.word(&g.word)
            };
            (
                g.range.clone(),
                format!("“{said}” does not use {first}'s name: greet them by it."),
                Edit {
                    range: p.source(g.range.clone()),
                    text: format!("{word} {first}"),
                },
            )
        }
        Some(g) => {
            let names = g.name_range().unwrap_or(g.range.clone());
            (
                g.range.clone(),
                format!(
                    "The message never uses {first}'s name; the greeting names {}.",
                    p.word(&names)
                ),
                Edit {
                    range: p.source(names),
                    text: first.clone(),
                },
            )
        }
        None => {
            let nl = m.newline();
            let blank = if p.paragraphs.len() > 1 { nl } else { "" };
            let at = p.source(0..0).start;
            (
                p.opening(),
                format!("The message never uses {first}'s name: open with “Hi {first},”."),
                Edit {
                    range: at..at,
                    text: format!("Hi {first},{nl}{blank}"),
                },
            )
        }
    };
    out.push(finding(ID, p.source(range), message).with_fix(Fix {
        title: format!("Greet {first} by name"),
        edits: vec![edit],
        new_file: None,
        preferred: true,
        safe: !names_someone,
        kind: crate::engine::finding::FixKind::Rewrite,
    }));
}

/// A first message with no greeting, no `to:` and no name anywhere: it starts as a broadcast
/// would. A name slot (`{{first_name}}`) is placeholder.unfilled's finding; a bare name opening
/// the message ("Wayne --", "Sarah, quick one") addresses them.
fn addresses_no_one(m: &Message, out: &mut Vec<Finding>) {
    if has_name_slot(m, 0..usize::MAX)
        || opens_with_a_name(m.prose.text)
        || calls_them_by_name(m.prose.text)
    {
        return;
    }
    let p = &m.prose;
    let message = "The message addresses no one: open with a greeting and their first name, and add “to:” to the front-matter so Sendwell can check it.";
    let mut f = finding(ID, p.source(m.opening()), message);
    // Less certain than "Hi there": a greeting may be added where the message is pasted, and
    // some good notes open straight on the reason. A note, then, not a warning.
    f.severity = f.severity.max(crate::engine::finding::Severity::Info);
    out.push(with_add_to(m, f));
}

/// `f` with "Add “to:”" (an empty key for their full name), where the front-matter takes it.
fn with_add_to(m: &Message, f: Finding) -> Finding {
    match set_key(&m.a.draft, "to", NewValue::Empty) {
        Some(edits) => f.with_fix(Fix {
            title: "Add “to:” (their full name) to the front-matter".into(),
            edits,
            new_file: None,
            preferred: true,
            safe: false,
            kind: crate::engine::finding::FixKind::Rewrite,
        }),
        None => f,
    }
}

/// Whether a slot for the recipient's name starts in `within` (offsets in the draft's text).
fn has_name_slot(m: &Message, within: std::ops::Range<usize>) -> bool {
    m.a.placeholders.iter().any(|p| {
        let key = crate::engine::draft::placeholder_key(&p.name);
        within.contains(&p.range.start) && is_name_slot(&key)
    })
}

/// Whether a placeholder (its name as `placeholder_key` writes it) stands for the recipient's
/// name: one listed below, or any "…name" slot for a person ("{{AGENT_NAME}}", "${personName}")
/// that is not the sender's ("[Your Name]") or a thing's ("{company_name}", "[Event Name]").
fn is_name_slot(key: &str) -> bool {
    if NAME_SLOTS.contains(&key) {
        return true;
    }
    let Some(stem) = key.strip_suffix("name") else {
        return false;
    };
    let mut words = stem.split('_').filter(|w| !w.is_empty());
    let owner = words.clone().next();
    !stem.is_empty()
        && !owner.is_some_and(|w| SENDER_SIDE.contains(&w))
        && !words.any(|w| NOT_A_PERSON.contains(&w))
}

/// First words of a name slot that make it the sender's.
const SENDER_SIDE: &[&str] = &["your", "my", "our", "sender", "signature"];

/// Words in a "…name" slot that make it a thing's name, not a person's.
const NOT_A_PERSON: &[&str] = &[
    "company",
    "business",
    "brand",
    "product",
    "event",
    "project",
    "team",
    "firm",
    "fund",
    "school",
    "university",
    "college",
    "city",
    "app",
    "tool",
    "podcast",
    "show",
    "blog",
    "site",
    "website",
    "domain",
    "org",
    "organization",
    "organisation",
    "agency",
    "portfolio",
    "competitor",
    "job",
    "role",
    "position",
    "file",
    "program",
    "programme",
    "course",
    "conference",
    "group",
    "store",
    "shop",
    "practice",
    "clinic",
    "restaurant",
    "publication",
    "newsletter",
    "book",
    "campaign",
    "platform",
    "feature",
    "account",
    "channel",
    "user",
];

/// Placeholder names (as `placeholder_key` writes them) for the recipient's name that the
/// "…name" reading in [`is_name_slot`] does not already cover ("first_name", "contact_name").
const NAME_SLOTS: &[&str] = &[
    "name",
    "first",
    "recipient",
    "to",
    "employee",
    "handle",
    // Listed: that reading takes "user" for an account's name.
    "username",
    "name_here",
    "first_name_here",
];

/// Whether the text starts with a capitalised name set off by a comma or a dash: "Wayne --",
/// "Sarah, quick question". Words that open sentences this way are not names.
fn opens_with_a_name(text: &str) -> bool {
    const NOT_NAMES: &[&str] = &[
        "thanks", "thank", "congrats", "also", "so", "well", "sorry", "quick", "honestly", "yes",
        "no", "ok", "okay", "look", "listen", "friend", "folks", "everyone", "team", "again",
        "first", "btw", "however", "ps", "p.s.", "update", "hello", "hi", "hey",
    ];
    let line = text.trim_start().lines().next().unwrap_or("");
    // "@gernest I am recruiting…": a mention of their handle, as on GitHub or X, names them.
    if line
        .strip_prefix('@')
        .is_some_and(|handle| handle.starts_with(|c: char| c.is_alphanumeric()))
    {
        return true;
    }
    // "Mr. Gorman," and "Dr Chen:" address them by title and surname.
    let line = strip_honorific(line);
    let word_end = line
        .find(|c: char| !(c.is_alphabetic() || c == '-' || c == '\'' || c == '’'))
        .unwrap_or(line.len());
    let word = &line[..word_end];
    let rest = line[word_end..].trim_start();
    // Set off by a comma or a dash ("Sarah, quick question"), alone on its line before a colon
    // or a question mark ("Bill:", "Tomer?"), or before a greeting ("John Hi!").
    let greets = ["hi", "hello", "hey"].iter().any(|g| {
        rest.get(..g.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(g))
            && !rest[g.len()..].starts_with(char::is_alphanumeric)
    });
    // "Sarah - quick question": a spaced hyphen sets the name off as a dash does.
    let set_off = rest.starts_with(',')
        || rest.starts_with("--")
        || (rest.starts_with("- ") && line[word_end..].starts_with(' '))
        || rest.starts_with(['—', '–'])
        || matches!(rest.trim_end(), ":" | "?" | "!")
        || greets;
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).any(char::is_lowercase)
        && set_off
        && !NOT_NAMES.contains(&word.to_lowercase().as_str())
}

/// Whether the first line calls someone by name after a comma: "Delighted to be connected,
/// Jon!", "Great to e-meet you, Priya."
/// `line` without a title that opens it ("Mr. Gorman," → "Gorman,").
fn strip_honorific(line: &str) -> &str {
    let titles = &super::greeting::VOCABULARY.honorifics;
    let end = line.find(' ').unwrap_or(line.len());
    let first = &line[..end];
    let titled = titles.iter().any(|t| first.eq_ignore_ascii_case(t))
        && line[end..].trim_start().starts_with(char::is_uppercase);
    if titled {
        line[end..].trim_start()
    } else {
        line
    }
}

fn calls_them_by_name(text: &str) -> bool {
    let line = text.trim_start().lines().next().unwrap_or("");
    line.match_indices(", ").any(|(at, _)| {
        let rest = &line[at + 2..];
        let end = rest
            .find(|c: char| !c.is_alphabetic() && c != '-')
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        let after = after.trim_start();
        // "…, Yahoo, Facebook, LinkedIn" is a list of names, not someone spoken to.
        let listed = after.strip_prefix(',').is_some_and(|next| {
            next.trim_start()
                .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        });
        word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().skip(1).any(char::is_lowercase)
            && after.starts_with(['!', '.', '?', ',', ':'])
            && !listed
            && ![
                "Inc",
                "Ltd",
                "Llc",
                "Corp",
                "Co",
                "Jr",
                "Sr",
                "Etc",
                "Thanks",
                "Thank",
                "Cheers",
                "Best",
                "Regards",
                "Sincerely",
                "Everyone",
                "Team",
                "All",
            ]
            .contains(&word)
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::ID;

    fn fire(text: &str) -> (String, String) {
        let f = findings(text, ID);
        assert_eq!(f.len(), 1, "{text}: {f:?}");
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(
            findings(&fixed, ID).is_empty(),
            "still fires after the fix: {fixed}"
        );
        (covered(text, &f[0]).to_string(), fixed)
    }

    fn silent(text: &str) {
        assert!(findings(text, ID).is_empty(), "{text}");
    }

    const TO_LEILA: &str = "---\nchannel: inmail\nto: Leila Haddad\nsubject: Your talk\n---\n";

    #[test]
    fn a_nameless_greeting_fires_and_the_fix_puts_the_name_in() {
        let text =
            format!("{TO_LEILA}Hi there,\n\nYour talk at Data Council was great. Open to a chat?");
        let (covered, fixed) = fire(&text);
        assert_eq!(covered, "Hi there");
        assert!(fixed
            .ends_with("---\nHi Leila,\n\nYour talk at Data Council was great. Open to a chat?"));
        assert_eq!(serious(&fixed), Vec::<String>::new());

        let (covered, fixed) = fire(&format!("{TO_LEILA}Hello,\nYour talk was great."));
        assert_eq!(covered, "Hello");
        assert!(fixed.contains("Hello Leila,\nYour"));

        let (covered, fixed) = fire(&format!("{TO_LEILA}Dear Sir/Madam,\nYour talk was great."));
        assert_eq!(covered, "Dear Sir/Madam");
        assert!(fixed.contains("Dear Leila,\n"));

        let (covered, fixed) = fire(&format!(
            "{TO_LEILA}To whom it may concern,\nYour talk was great."
        ));
        assert_eq!(covered, "To whom it may concern");
        assert!(fixed.contains("Hi Leila,\n"));

        // `[Name]` would be filled from `to:`; a token the front-matter does not define is not.
        silent(&format!("{TO_LEILA}Hi [Name], your talk was great."));
        // An undefined name slot is the placeholder's finding (one per span); the name fix
        // comes with it.
        let text = format!("{TO_LEILA}Hi [Contact Name], your talk was great.");
        silent(&text);
        let slot = &findings(&text, "placeholder.unfilled")[0];
        assert!(slot.related[0]
            .message
            .starts_with("Also personalization.no-name"));
        let name_fix = slot
            .fixes
            .iter()
            .find(|x| apply(&text, x).contains("Hi Leila, your"))
            .expect("the greeting fix is still offered");
        assert!(!name_fix.preferred);
    }

    #[test]
    fn no_greeting_fires_on_the_opening_and_the_fix_adds_one() {
        let text = format!("{TO_LEILA}Loved your talk at Data Council. Open to a chat?\n");
        let (covered, fixed) = fire(&text);
        assert_eq!(covered, "Loved your talk at Data Council.");
        assert!(fixed.contains("---\nHi Leila,\nLoved your talk"));
        assert_eq!(serious(&fixed), Vec::<String>::new());
    }

    #[test]
    fn exact_range_with_crlf_emoji_and_a_comment() {
        let text = "---\r\nchannel: dm\r\nto: Sarah Chen\r\n---\r\n<!-- for Sarah -->\r\n👋 Hi there 🙂,\r\nnice talk.";
        let f = findings(text, ID);
        assert_eq!(f.len(), 1);
        let start = text.find("Hi there").unwrap();
        assert_eq!(f[0].range, start..start + "Hi there".len());
        // The name in the comment is never sent, so it does not count.
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(fixed.contains("👋 Hi Sarah 🙂,\r\n"), "{fixed:?}");
    }

    #[test]
    fn the_greeting_names_someone_else() {
        // name-mismatch says it (one finding per span), with no-name related to it.
        let text = "---\nchannel: message\nto: Sarah Chen\n---\nHi Mark, congrats on the launch!";
        silent(text);
        let f = &findings(text, "personalization.name-mismatch")[0];
        assert!(f.related[0]
            .message
            .starts_with("Also personalization.no-name"));
        assert!(apply(text, &f.fixes[0]).ends_with("Hi Sarah, congrats on the launch!"));
    }

    #[test]
    fn without_to_a_nameless_greeting_fires_and_the_fix_adds_to() {
        let text = "---\nchannel: email\nsubject: Job application\n---\nTo whom it may concern,\n\nI am looking for a role.";
        let f = findings(text, ID);
        assert_eq!(covered(text, &f[0]), "To whom it may concern");
        let fixed = apply(text, &f[0].fixes[0]);
        assert!(
            fixed.contains("subject: Job application\nto: \n---\n"),
            "{fixed}"
        );
        assert_eq!(serious(&fixed), serious(text));
        // Once they type the name, the greeting is checked against it.
        let named = fixed.replace("to: \n", "to: Sarah Chen\n");
        assert!(findings(&named, ID)[0].message.contains("Sarah"));
    }

    #[test]
    fn silent_when_the_name_is_used() {
        silent(&format!("{TO_LEILA}Hi Leila,\nGreat talk."));
        silent(&format!("{TO_LEILA}hi leila, great talk."));
        silent(&format!("{TO_LEILA}Hi {{first_name}}, great talk."));
        silent(&format!(
            "{TO_LEILA}Loved your Data Council talk, Leila. Open to a chat?"
        ));
        silent("---\nchannel: dm\nto: Robert Lee\nfirst_name: Bob\n---\nHi Bob, great post.");
        silent("---\nchannel: dm\nto: Robert Lee\n---\nHi Bob, great post.");
        silent("---\nchannel: dm\nto: Chloé Girard\n---\nHi Chloe, great post.");
        silent("---\nchannel: dm\nto: Dr. Sarah Chen\n---\nDear Dr. Chen, great paper.");
        silent("---\nchannel: note\nto: 王芳\n---\n王芳，你好！I enjoyed your talk.");
        silent("---\nchannel: note\nto: Anne-Marie Dubois\n---\nHi Anne-Marie, great talk.");
    }

    #[test]
    fn a_placeholder_greeting_is_the_placeholders_finding_alone_and_to_fills_it() {
        let text = "---\nchannel: dm\n---\nHi [Name], great post.";
        // One finding for one blank: the placeholder's, with the same "Add to:" fix.
        assert!(findings(text, ID).is_empty());
        let f = findings(text, "placeholder.unfilled");
        assert_eq!(covered(text, &f[0]), "[Name]");
        let add = f[0]
            .fixes
            .iter()
            .find(|x| x.title.starts_with("Add “to:”"))
            .expect("an Add to: fix");
        let named = apply(text, add).replace("to: \n", "to: Sarah Chen\n");
        assert!(findings(&named, ID).is_empty(), "{named}");
        assert!(findings(&named, "placeholder.unfilled").is_empty());
    }

    #[test]
    fn silent_without_to_unless_the_greeting_names_nobody() {
        silent("---\nchannel: dm\n---\nHi Sarah, great post.");
        // No greeting and no name on a first message addresses no one (issue #14).
        assert_eq!(
            findings(
                "---\nchannel: dm\n---\nLoved your post on retries. Which one failed most?",
                ID
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_first_message_with_no_greeting_and_no_name_fires() {
        let text = "---\nchannel: connection-note\n---\nBuilding out our SDR team and learning from how others scale. Would love to connect.";
        let f = findings(text, ID);
        assert_eq!(f.len(), 1);
        assert_eq!(
            covered(text, &f[0]),
            "Building out our SDR team and learning from how others scale."
        );
        // A name opening the message, a name slot, or a later message: silent.
        silent("---\nchannel: email\nsubject: March 6\n---\nWayne --\n\nPutting together a breakfast. Interested?");
        silent("---\nchannel: email\nsubject: Hi\n---\nSarah, quick question about your post?");
        silent("---\nchannel: email\nsubject: Hi\n---\n{{First_Name}} -- any thoughts?");
        silent("---\nchannel: email\nsubject: Hi\nstep: 2\n---\nJust checking in on this!");
        silent(
            "---\nchannel: email\nsubject: Hi\nmet: true\n---\nGreat to meet you at the summit.",
        );
    }

    #[test]
    fn a_name_alone_on_the_first_line_or_a_handle_addresses_them() {
        for opening in [
            "Bill:",
            "Tomer?",
            "John Hi!",
            "Hey @sarah,",
            "Mr. Gorman,",
            "Dr Chen:",
            "Sarah - quick question.",
            "Heyo Sarah,",
            "Hey hey Sarah!",
            "Ahoy Sarah,",
            "Morning Sarah,",
            "Happy Friday Sarah!",
            // A mention of their handle opening the message, and a blank where the name goes.
            "@sarah I am recruiting at Acme.",
            "Hi *****,",
        ] {
            silent(&format!(
                "---\nchannel: email\nsubject: Hi\n---\n{opening}\n\nI saw your post on hiring. Open to a chat?"
            ));
        }
        // A word that opens sentences is no name, whatever follows it.
        for opening in [
            "Update:",
            "Thanks!",
            "Hi there:",
            "Update - we shipped.",
            "Hi hi!",
            "Happy Friday, hope your week went well.",
            "@ the team: quick question.",
            "Hi **,",
        ] {
            let text = format!("---\nchannel: email\nsubject: Hi\n---\n{opening}\n\nI saw your post on hiring. Open to a chat?");
            assert_eq!(findings(&text, ID).len(), 1, "{opening}");
        }
    }

    #[test]
    fn a_name_slot_after_a_nameless_greeting_is_the_placeholders_finding() {
        for opening in [
            "Hey there, [name].",
            "Hey @{handle},",
            "Hello ${personName},",
            "Thanks for connecting, [AGENT_NAME]!",
        ] {
            let text = format!("---\nchannel: message\n---\n{opening}\n\nSaw your tweet about hiring. Open to a chat?");
            assert!(findings(&text, ID).is_empty(), "{opening}");
            assert_eq!(
                findings(&text, "placeholder.unfilled").len(),
                1,
                "{opening}"
            );
        }
        // A slot further down does not name the reader in the greeting.
        let text = "---\nchannel: message\n---\nHey there,\n\nSaw your tweet about hiring. Open to a chat?\n\n[Your Name]";
        assert_eq!(findings(text, ID).len(), 1);
        // Neither does the sender's name slot, or a thing's.
        for opening in [
            "Hey there, [Your Name] here.",
            "Hey there, {event_name} was fun.",
        ] {
            let text = format!("---\nchannel: message\n---\n{opening}\n\nSaw your tweet about hiring. Open to a chat?");
            assert_eq!(findings(&text, ID).len(), 1, "{opening}");
        }
    }

    #[test]
    fn a_name_called_after_a_comma_addresses_them() {
        silent("---\nchannel: message\n---\nDelighted to be connected, Jon! How are you?");
        silent(
            "---\nchannel: message\n---\nLoved your talk. Quick question, Jon: how do you plan it?",
        );
        let text = "---\nchannel: message\n---\nDelighted to be connected, everyone! How are you?";
        assert_eq!(findings(text, ID).len(), 1);
        // A list of names and a company's "Inc." call no one.
        for body in [
            "We can place your site on Google, Yahoo, Facebook, LinkedIn etc. Want a quote?",
            "I came across your profile. ScalingTechCo, Inc. is hiring a PM.",
        ] {
            let text = format!("---\nchannel: message\n---\n{body}");
            assert_eq!(findings(&text, ID).len(), 1, "{body}");
        }
    }

    #[test]
    fn a_role_or_a_mailbox_in_the_greeting_names_nobody() {
        for greeting in [
            "Dear Journalist,",
            "Hello Webmaster,",
            "Hi Info,",
            "Dear Valued Customer,",
            "Hi Dear,",
            "Hello Dear Friend,",
            "Dear Sales Team,",
            "Hi professor.",
            "Hi maintainers,",
            "Hey girlie!",
        ] {
            let text = format!("---\nchannel: email\nsubject: Links\n---\n{greeting}\n\nI saw your post on hiring. Open to a chat?");
            let f = findings(&text, ID);
            assert_eq!(f.len(), 1, "{greeting}");
            assert!(
                f[0].message.contains("addresses nobody"),
                "{}",
                f[0].message
            );
        }
        // "Dear" before a name is part of the greeting: "Hi Dear Sarah" names her.
        for greeting in [
            "Hi Dear Sarah,",
            "Hello dear Sarah,",
            "Hi Professor Chen,",
            "Dear Prof. Chen,",
        ] {
            let text = format!("---\nchannel: email\nsubject: Links\n---\n{greeting}\n\nI saw your post on hiring. Open to a chat?");
            assert!(findings(&text, ID).is_empty(), "{greeting}");
        }
    }

    #[test]
    fn silent_on_an_empty_body() {
        silent(&TO_LEILA.to_string());
    }

    #[test]
    fn a_misspelled_channel_still_gets_the_rules_for_every_channel() {
        let text = "---\nchannel: inmial\nto: Leila Haddad\n---\nHi there, great talk.";
        assert_eq!(findings(text, "personalization.no-name").len(), 1);
    }
}
