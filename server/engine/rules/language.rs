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
pub fn count(paragraph: &str, words: &[Range<usize>]) -> (usize, usize) {
    let english = words
        .iter()
        .filter(|w| is_english_word(&paragraph[(*w).clone()]))
        .count();
    (english, words.len())
}

fn is_english_word(word: &str) -> bool {
    // Lower-cased into a small buffer, not a String: this runs on every word of a paragraph.
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
    ENGLISH_WORDS
        .binary_search_by(|w| w.as_bytes().cmp(&lower[..len]))
        .is_ok()
}

/// Whether the message reads as English (or is too short to tell).
pub fn reads_as_english(m: &Message) -> bool {
    let (english, words) = m
        .readings(|k| &k.english, |text, prose| count(text, &prose.words))
        .fold((0, 0), |(e, w), (_, _, (pe, pw))| (e + pe, w + pw));
    words < MIN_WORDS || english * ONE_IN >= words
}

#[cfg(test)]
mod tests {
    use super::super::prose::ProseParts;
    use super::*;

    #[test]
    fn the_word_list_is_sorted_for_binary_search() {
        assert!(ENGLISH_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    fn share(text: &str) -> (usize, usize) {
        count(text, &ProseParts::of(text).words)
    }

    #[test]
    fn english_messages_read_as_english_and_others_do_not() {
        for english in [
            "Hi Sarah, I loved your talk on freight pricing. Open to a chat?",
            "[Name] — bumping this up. Worth a quick chat?",
            "Wanna get coffee sometime?",
            "Quick update, [Name]: 40% fewer no-shows since last note. Still happy to do a 15-min fit check.",
        ] {
            let (e, w) = share(english);
            assert!(w < MIN_WORDS || e * ONE_IN >= w, "{english}: {e}/{w}");
        }
        for other in [
            "Hola Lucía! Vi tu charla en la PyCon Chile sobre Django y me encantó. ¿Te puedo hacer una pregunta?",
            "Hallo Herr Weber, ich habe Ihren Vortrag auf der Logimat gesehen. Hätten Sie nächste Woche Zeit?",
            "Bonjour Claire, j’ai lu votre article sur la logistique urbaine. Seriez-vous disponible ?",
            "Hoi Jan, ik zag je presentatie op de Dutch Logistics Day en vond het heel interessant. Is het goed als ik je bel?",
        ] {
            let (e, w) = share(other);
            assert!(e * ONE_IN < w, "{other}: {e}/{w}");
        }
        // The typographic apostrophe is the same word.
        assert_eq!(share("I’m sure you’re right").0, 2);
    }
}
