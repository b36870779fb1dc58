//! Whether a message reads as English. The wording rules that speak up when an English phrase
//! is *missing* (no hook, no ask) or that grade English words (readability) would fire on every
//! message in another language ("Vi tu charla en la PyCon Chile" has a hook, in Spanish), so
//! they ask this first. The sign is the share of common English function words: in English
//! prose it is a quarter or more, and even telegraphic templates on the published corpus
//! ("[Name] — bumping this up. Worth a quick chat?") keep it above 8%; Spanish, French,
//! German, Italian and Portuguese have none of these words, and Dutch only "is".

use std::ops::Range;

use super::message::Message;

/// Words common in any English message and rare as words in other languages written in Latin
/// letters. Left out on purpose: "a", "me", "in", "an", "was", "will", "die", "so", which are
/// everyday words in Spanish, French, German or Dutch too.
const ENGLISH_WORDS: &[&str] = &[
    "about", "and", "are", "at", "be", "been", "can", "could", "do", "don't", "for", "from", "get",
    "gonna", "got", "had", "has", "have", "hello", "hi", "how", "i", "i'd", "i'm", "i've", "if",
    "is", "it", "it's", "just", "my", "not", "of", "on", "our", "please", "should", "thank",
    "thanks", "that", "the", "their", "them", "there", "they", "this", "to", "wanna", "we", "were",
    "what", "when", "which", "who", "with", "would", "you", "you're", "your", "yours",
];

/// Below this many words a message is too short to tell, and is taken as English.
const MIN_WORDS: usize = 4;

/// A message is English when at least one word in this many is one of [`ENGLISH_WORDS`].
const ONE_IN: usize = 20;

/// One paragraph's count: (English words, all words).
fn count(paragraph: &str, words: &[Range<usize>]) -> (usize, usize) {
    let english = words
        .iter()
        .filter(|w| is_english_word(&paragraph[(*w).clone()]))
        .count();
    (english, words.len())
}

/// A word of at most eight bytes as one number, first byte highest: numbers compare as the
/// words do, so [`ENGLISH_WORDS`], sorted, gives sorted keys.
const fn key(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < 8 {
        key <<= 8;
        if i < word.len() {
            key |= word[i] as u64;
        }
        i += 1;
    }
    key
}

const KEYS: [u64; ENGLISH_WORDS.len()] = {
    let mut keys = [0u64; ENGLISH_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = key(ENGLISH_WORDS[i].as_bytes());
        i += 1;
    }
    keys
};

fn is_english_word(word: &str) -> bool {
    // Lower-cased into eight bytes and looked up as a number: this runs on every word of a
    // paragraph, and no listed word is longer than six letters.
    let mut lower = [0u8; 8];
    let mut len = 0;
    for c in word.chars() {
        // A typographic apostrophe is the same word: "I’m".
        let c = if c == '’' { '\'' } else { c };
        if !c.is_ascii() || len == lower.len() {
            return false;
        }
        lower[len] = c.to_ascii_lowercase() as u8;
        len += 1;
    }
    KEYS.binary_search(&key(&lower[..len])).is_ok()
}

/// Whether the message reads as English (or is too short to tell); the rules ask
/// [`Message::reads_as_english`], which keeps the answer for the lint.
pub(super) fn reads_as_english(m: &Message) -> bool {
    let (english, words) = m
        .readings(|k| &k.english, |text, prose| count(text, &prose.words))
        .fold((0, 0), |(e, w), (_, _, (pe, pw))| (e + pe, w + pw));
    is_english(english, words)
}

/// The verdict on a count of `english` function words among `words`.
fn is_english(english: usize, words: usize) -> bool {
    words < MIN_WORDS || english * ONE_IN >= words
}

#[cfg(test)]
mod tests {
    use super::super::prose::ProseParts;
    use super::*;

    #[test]
    fn the_word_list_is_sorted_for_binary_search() {
        assert!(ENGLISH_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(KEYS.windows(2).all(|k| k[0] < k[1]));
        assert!(ENGLISH_WORDS
            .iter()
            .all(|w| w.len() <= 8 && is_english_word(w)));
        assert!(!is_english_word("abouts") && !is_english_word("yourselves"));
    }

    fn share(text: &str) -> (usize, usize) {
        count(text, &ProseParts::of(text).words)
    }

    #[test]
    fn english_messages_read_as_english_and_others_do_not() {
        for (text, english) in [
            ("Hi Sarah, I loved your talk on freight pricing. Open to a chat?", true),
            ("[Name] — bumping this up. Worth a quick chat?", true),
            ("Wanna get coffee sometime?", true),
            ("Quick update, [Name]: 40% fewer no-shows since last note. Still happy to do a 15-min fit check.", true),
            ("Hola Lucía! Vi tu charla en la PyCon Chile sobre Django y me encantó. ¿Te puedo hacer una pregunta?", false),
            ("Hallo Herr Weber, ich habe Ihren Vortrag auf der Logimat gesehen. Hätten Sie nächste Woche Zeit?", false),
            ("Bonjour Claire, j’ai lu votre article sur la logistique urbaine. Seriez-vous disponible ?", false),
            ("Hoi Jan, ik zag je presentatie op de Dutch Logistics Day en vond het heel interessant. Is het goed als ik je bel?", false),
        ] {
            let (e, w) = share(text);
            assert_eq!(is_english(e, w), english, "{text}: {e}/{w}");
        }
        // The typographic apostrophe is the same word.
        assert_eq!(share("I’m sure you’re right").0, 2);
    }
}
