//! Whether a sentence opens with the sender as its subject, saying who they are or what they
//! do, sell or have ("We train sales teams…", "At Acme, we…", "I built…", "Our platform…").
//! A reader hears such a sentence as the sender talking about themselves whatever its words,
//! so `etiquette.self-centered` needs no list of every trade's verbs. What is not about the
//! sender is the short list: courtesy and asks ("I'd love…", "I hope…"), what they saw of the
//! reader's ("I noticed…", "I've been following…") and what both share ("We met at…").

use serde::Deserialize;

/// The words that keep a first-person opening from being about the sender (pack data).
#[derive(Deserialize)]
pub struct Courtesy {
    /// Verbs (and modals) right after "I" or "we": "I hope", "we met", "I'd" → "would".
    pub verbs: Vec<String>,
    /// Words after "I'm", "we're", "I was": "I'm writing", "I was impressed".
    pub after_be: Vec<String>,
    /// Words after "I've", "we have": "I've been following", "I've read".
    pub after_have: Vec<String>,
    /// Nouns after "my" or "our" that are not the sender's own: "our call", "my last note".
    pub shared_nouns: Vec<String>,
    /// Words that open a lead-in phrase before the subject: "At Acme, we…", "Currently, I…".
    pub lead_ins: Vec<String>,
}

/// Adverbs that sit between the subject and its verb and say nothing of who it is about.
const ADVERBS: &[&str] = &[
    "just",
    "also",
    "recently",
    "currently",
    "really",
    "actually",
    "now",
    "still",
    "personally",
    "truly",
    "always",
    "already",
    "originally",
    "previously",
    "mainly",
    "primarily",
];

pub fn opens_with_sender(sentence: &str, courtesy: &Courtesy) -> bool {
    let words = opening_words(sentence);
    let mut rest: &[String] = &words;
    // "At Acme, we…", "As a founder, I…": the subject comes after the lead-in's comma.
    if let Some(first) = rest.first() {
        if courtesy
            .lead_ins
            .iter()
            .any(|l| l == first.trim_end_matches(','))
        {
            match rest.iter().take(8).position(|w| w.ends_with(',')) {
                Some(comma) => rest = &rest[comma + 1..],
                None => return false,
            }
        }
    }
    let Some((subject, tail)) = rest.split_first() else {
        return false;
    };
    let subject = subject.trim_end_matches([',', ':', ';']);
    let tail = tail.iter().map(String::as_str);
    match subject {
        "my" | "our" => tail
            .clone()
            .next()
            .is_some_and(|n| !is(&courtesy.shared_nouns, Some(n))),
        "i" | "we" | "me" => verb_is_own(tail, courtesy),
        _ => match subject.split_once('\'') {
            Some(("i" | "we", aux)) => {
                let aux = match aux {
                    "m" | "re" => "am",
                    "ve" => "have",
                    "d" => "would",
                    "ll" => "will",
                    _ => return false,
                };
                verb_is_own(std::iter::once(aux).chain(tail), courtesy)
            }
            _ => false,
        },
    }
}

/// Whether `word`, without trailing punctuation, is in `list`.
fn is(list: &[String], word: Option<&str>) -> bool {
    word.is_some_and(|w| {
        let w = w.trim_end_matches([',', '.', ':', ';', '!', '?']);
        list.iter().any(|x| x == w)
    })
}

/// `words` start at the word after "I" or "we".
fn verb_is_own<'a>(words: impl Iterator<Item = &'a str>, courtesy: &Courtesy) -> bool {
    let mut words = words.filter(|w| !ADVERBS.contains(w));
    let Some(verb) = words.next() else {
        return false;
    };
    match verb {
        "am" | "are" | "was" | "were" => {
            let mut next = words.next();
            while next
                .is_some_and(|w| ["a", "an", "big", "huge", "long-time", "longtime"].contains(&w))
            {
                next = words.next();
            }
            // "I'm looking for a new role" is theirs; "I'm looking forward to it" is courtesy.
            if next.is_some_and(|w| w == "looking") {
                return words.next().is_none_or(|w| w != "forward");
            }
            !is(&courtesy.after_be, next)
        }
        "have" | "had" => {
            // "I have a quick question" and "I have one question" are asks, not about them.
            let mut next = words.next();
            while next.is_some_and(|w| {
                ["a", "an", "one", "quick", "small", "brief", "short"].contains(&w)
            }) {
                next = words.next();
            }
            if next.is_some_and(|w| w == "been") {
                let after = words.next();
                !is(&courtesy.after_be, after) && !is(&courtesy.after_have, after)
            } else {
                !is(&courtesy.after_have, next)
            }
        }
        verb => !is(&courtesy.verbs, Some(verb)),
    }
}

/// The sentence's first words, lowercased, with curly apostrophes made straight and leading
/// bullets, quotes and brackets dropped.
fn opening_words(sentence: &str) -> Vec<String> {
    sentence
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .take(14)
        .map(|w| {
            w.to_lowercase()
                .replace('’', "'")
                .trim_matches(|c: char| c == '"' || c == '“' || c == '”' || c == '(' || c == ')')
                .to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::opens_with_sender;
    use crate::engine::rules::self_centered::courtesy;

    #[test]
    fn first_person_openings_about_the_sender() {
        for s in [
            "At AI Whisperers, we train sales teams to research 10x faster.",
            "We work using Paired Programming and Extreme Programming methods.",
            "We're big and stable company that always doing new things.",
            "I built this amazing tool that uses AI agents.",
            "I specialize in custom AI/ML integrations.",
            "Our platform cuts screening time in half.",
            "My recent project involved an end to end MLOps pipeline.",
            "I'm Y from Company Z.",
            "I’ve spent the last year building distributed systems.",
            "I have had several internships in financial services.",
            "We also do this and that.",
            "I was a teacher for ten years.",
            "• We recently opened an office in Leeds.",
        ] {
            assert!(opens_with_sender(s, courtesy()), "{s}");
        }
    }

    #[test]
    fn courtesy_asks_and_what_they_saw_are_not() {
        for s in [
            "I'd love to hear how you cast it.",
            "I hope you're well.",
            "I noticed you're hiring SDRs.",
            "I've been following your work on pricing.",
            "I’m writing because of your talk.",
            "I was impressed by your keynote.",
            "We met at SaaStr last week.",
            "Our call on Tuesday was helpful.",
            "My last note may have been buried.",
            "I wanted to ask one question.",
            "I just wanted to say thanks.",
            "I'm looking forward to it.",
            "Your post on pricing was great.",
            "Thanks for connecting.",
            "I have a quick question about your team.",
            "At the conference, you said pricing is hard.",
            "I",
            "",
        ] {
            assert!(!opens_with_sender(s, courtesy()), "{s}");
        }
    }
}
