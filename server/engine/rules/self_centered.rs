//! `etiquette.self-centered`: the message is about the sender. First-person words (I, me, my,
//! we, our, us) at least `ratio` times the second-person ones (you, your), once there are enough
//! of them to judge. The word lists and thresholds are data.

use std::sync::LazyLock;

use serde::Deserialize;

use super::message::Message;
use super::prose::{fold, fold_ascii, fold_into, ProseParts};
use super::{finding, params, Finding};

pub const ID: &str = "etiquette.self-centered";

#[derive(Deserialize)]
struct Params {
    first_person: Vec<String>,
    second_person: Vec<String>,
    /// Fires when first-person words are at least this many times the second-person ones.
    ratio: f64,
    /// Too few words to judge below this many first-person words...
    min_first_person: usize,
    /// ...or this many words in all.
    min_words: usize,
}

static PARAMS: LazyLock<Params> = LazyLock::new(|| {
    let mut p: Params = params::builtin(ID);
    for w in p.first_person.iter_mut().chain(p.second_person.iter_mut()) {
        *w = fold(w);
    }
    p
});

/// What a word must look like to be in either list, to rule most words out cheaply.
struct Lookup {
    initials: Vec<char>,
    /// `initials` as a table of ASCII bytes.
    ascii_initials: [bool; 128],
    max_len: usize,
    /// Both lists, folded and packed ([`packed`]), sorted, each word with its person (first
    /// person if in both).
    people: Vec<(u128, Person)>,
    /// By the first byte of a folded ASCII word: bit `n` if a listed word starting with it is
    /// `n` bytes long, and bit `b` of `seconds` if one goes on with byte `b` (bit 0: ends).
    /// Most ASCII words that pass `ascii_initials` ("in", "with", "of") fail one of these.
    lengths: [u32; 128],
    seconds: [u128; 128],
}

/// A folded word of up to 15 bytes as one number (its bytes, then its length in the top byte),
/// so looking it up compares numbers rather than strings. `None` for longer words.
fn packed(folded: &[u8]) -> Option<u128> {
    if folded.len() > 15 {
        return None;
    }
    let mut bytes = [0u8; 16];
    bytes[..folded.len()].copy_from_slice(folded);
    bytes[15] = folded.len() as u8;
    Some(u128::from_le_bytes(bytes))
}

static LOOKUP: LazyLock<Lookup> = LazyLock::new(|| {
    let words = || PARAMS.first_person.iter().chain(&PARAMS.second_person);
    let mut initials: Vec<char> = words().filter_map(|w| w.chars().next()).collect();
    initials.sort_unstable();
    initials.dedup();
    let mut people: Vec<(u128, Person)> = PARAMS
        .first_person
        .iter()
        .map(|w| (w, Person::First))
        .chain(PARAMS.second_person.iter().map(|w| (w, Person::Second)))
        .map(|(w, p)| {
            (
                packed(w.as_bytes()).expect("a pronoun of at most 15 bytes"),
                p,
            )
        })
        .collect();
    // Stable, so of a word in both lists the first-person entry stays first, and dedup keeps it.
    people.sort_by_key(|(key, _)| *key);
    people.dedup_by_key(|(key, _)| *key);
    let mut ascii_initials = [false; 128];
    for c in initials.iter().filter(|c| c.is_ascii()) {
        ascii_initials[*c as usize] = true;
    }
    let (mut lengths, mut seconds) = ([0u32; 128], [0u128; 128]);
    for w in words().map(|w| w.as_bytes()) {
        if let Some(&first) = w.first().filter(|b| b.is_ascii()) {
            lengths[first as usize] |= 1 << w.len();
            let second = w.get(1).copied().unwrap_or(0);
            if second.is_ascii() {
                seconds[first as usize] |= 1 << second;
            }
        }
    }
    Lookup {
        initials,
        ascii_initials,
        lengths,
        seconds,
        // Curly apostrophes take three bytes where the folded list has one.
        max_len: words().map(|w| w.len() + 2).max().unwrap_or(0),
        people,
    }
});

#[derive(Clone, Copy, Debug, PartialEq)]
enum Person {
    First,
    Second,
}

/// Whose word `word` is. `folded` is a buffer for the folded word, reused across words.
fn person(word: &str, folded: &mut String) -> Option<Person> {
    // Most words cannot be a pronoun from the lists: skip the fold for them.
    if word.len() > LOOKUP.max_len {
        return None;
    }
    let initial = match word.as_bytes().first() {
        Some(b) if b.is_ascii() => LOOKUP.ascii_initials[b.to_ascii_lowercase() as usize],
        _ => {
            let first = word.chars().next().map(|c| c.to_ascii_lowercase());
            first.is_some_and(|c| LOOKUP.initials.contains(&c))
        }
    };
    if !initial {
        return None;
    }
    let b = word.as_bytes();
    if word.is_ascii() {
        // Folded, an ASCII word keeps its length and folds byte by byte.
        let first = fold_ascii(b[0]) as usize;
        let second = b.get(1).map_or(0, |&c| fold_ascii(c));
        if LOOKUP.lengths[first] >> b.len() & 1 == 0 || LOOKUP.seconds[first] >> second & 1 == 0 {
            return None;
        }
    }
    // ASCII words fold byte by byte (as `fold` does) into a buffer on the stack.
    let mut ascii = [0u8; 32];
    let folded: &[u8] = if word.is_ascii() && word.len() <= ascii.len() {
        for (to, b) in ascii.iter_mut().zip(word.bytes()) {
            *to = fold_ascii(b);
        }
        &ascii[..word.len()]
    } else {
        fold_into(word, folded);
        folded.as_bytes()
    };
    let key = packed(folded)?;
    let people = &LOOKUP.people;
    let i = people.binary_search_by_key(&key, |(k, _)| *k).ok()?;
    Some(people[i].1)
}

/// One paragraph's words about the writer (`first`) and the reader (`second`), and the
/// writer's words in each of its sentences.
#[derive(Debug, Default)]
pub struct People {
    first: usize,
    second: usize,
    firsts_per_sentence: Vec<usize>,
}

impl People {
    fn of(text: &str, prose: &ProseParts) -> People {
        let mut folded = String::new();
        let people: Vec<Option<Person>> = prose
            .words
            .iter()
            .map(|w| person(&text[w.clone()], &mut folded))
            .collect();
        let is = |who: Person| move |x: &&Option<Person>| **x == Some(who);
        // Words are in order, so a sentence's words are one slice: no pass over all of them.
        let firsts_per_sentence = prose
            .sentences
            .iter()
            .map(|s| {
                let from = prose.words.partition_point(|w| w.start < s.start);
                let to = prose.words.partition_point(|w| w.end <= s.end).max(from);
                people[from..to].iter().filter(is(Person::First)).count()
            })
            .collect();
        People {
            first: people.iter().filter(is(Person::First)).count(),
            second: people.iter().filter(is(Person::Second)).count(),
            firsts_per_sentence,
        }
    }
}

pub fn check(m: &Message, out: &mut Vec<Finding>) {
    let p = &m.prose;
    if !params::applies(m.a, ID) || p.word_count() < PARAMS.min_words {
        return;
    }
    let paragraphs: Vec<_> = m.readings(|k| &k.people, People::of).collect();
    let first: usize = paragraphs.iter().map(|(_, _, people)| people.first).sum();
    let second: usize = paragraphs.iter().map(|(_, _, people)| people.second).sum();
    if first < PARAMS.min_first_person || (first as f64) < PARAMS.ratio * second as f64 {
        return;
    }
    // Point at the sentence most about the sender (the first of them): that is the one to turn
    // around.
    let mut worst: Option<(usize, std::ops::Range<usize>)> = None;
    for (para, prose, people) in &paragraphs {
        for (s, &firsts) in prose.sentences.iter().zip(&people.firsts_per_sentence) {
            if worst.as_ref().is_none_or(|(most, _)| firsts > *most) {
                worst = Some((firsts, para.start + s.start..para.start + s.end));
            }
        }
    }
    let Some((_, worst)) = worst else {
        return;
    };
    out.push(finding(
        ID,
        p.source(worst),
        format!("The message is about you, not them: {first} words like I, my and we against {second} like you and your. Turn a sentence about you into one about them."),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::ID;

    /// `person` as it was first written: each list in turn, folding the word per entry.
    fn person_by_lists(word: &str) -> Option<super::Person> {
        use super::super::prose::folds_to;
        use super::{Person, LOOKUP, PARAMS};
        let first = word.chars().next().map(|c| c.to_ascii_lowercase());
        if word.len() > LOOKUP.max_len || !first.is_some_and(|c| LOOKUP.initials.contains(&c)) {
            return None;
        }
        let is = |list: &[String]| list.iter().any(|w| folds_to(word, w));
        if is(&PARAMS.first_person) {
            Some(Person::First)
        } else if is(&PARAMS.second_person) {
            Some(Person::Second)
        } else {
            None
        }
    }

    proptest::proptest! {
        #[test]
        fn the_sorted_lookup_finds_what_the_lists_do(
            word in "(i|I|me|my|we|We|us|our|you|You|your|YOUR|y|ou|r|s|'|’|`|m|ve|ll|d|re|all|self|e|é|İ|n|t|ith|o|a|2){1,4}"
        ) {
            let mut folded = String::new();
            proptest::prop_assert_eq!(super::person(&word, &mut folded), person_by_lists(&word));
        }
    }

    const HEAD: &str =
        "---\nchannel: inmail\nto: Hannah Weber\ncompany: Zalando\nsubject: Films\n---\n";

    #[test]
    fn fires_on_the_sentence_most_about_the_sender() {
        let text = format!("{HEAD}Hi Hannah,\n\nI run an agency in Berlin. I started it in 2015 after I left my job, and we’ve grown since.\n\nWe love fashion and our films have won awards. Could I send you our reel?");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        assert_eq!(
            covered(&text, &f[0]),
            "I started it in 2015 after I left my job, and we’ve grown since."
        );
        assert!(f[0].message.contains("9 words like I"), "{}", f[0].message);
        assert!(
            f[0].message.contains("against 1 like you"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn silent_when_balanced_short_or_in_a_comment() {
        for body in [
            // Six first-person words against four second-person ones: under twice as many.
            "Hi Hannah, I run an agency and I started it after I left my job. We grew and our work won awards. Your Zalando campaign was great; you did it with a small team, and you shipped fast. Could you share how?",
            // Too few words to judge.
            "Hi Hannah, I loved it. I mean it. I really do. My team too. We all did.",
            // First person only inside a comment.
            "<!-- I I I my my we we our our us us I I --> Hi Hannah, your Zalando films are great. How did your team cast them? Would you share what worked for you and what you would change next time?",
        ] {
            let text = format!("{HEAD}{body}");
            assert!(findings(&text, ID).is_empty(), "{body}");
        }
    }

    #[test]
    fn curly_and_upper_case_pronouns_count() {
        let text = format!("{HEAD}Hi Hannah, I’M SURE WE’LL love it. I'm sure I’ll like it, and my team, and our studio, and my cat, and my neighbours, and I say so to everyone we know in town.");
        assert_eq!(findings(&text, ID).len(), 1);
    }
}
