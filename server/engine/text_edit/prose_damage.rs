//! What a fix did to the prose that a careful writer would not accept: an empty greeting
//! (`Hi ,`), doubled spaces, a space before punctuation, a sentence that ends on a function word
//! (`or your!`, `with.`), an empty sentence (`, .`), a repeated word, unbalanced quotes or
//! brackets, a line that starts with punctuation. Counted before and after, so damage the writer
//! had already left in the draft is not the fix's.

use std::sync::LazyLock;

use regex::Regex;

/// Words a sentence cannot end on, and a removal must not leave dangling: articles,
/// prepositions, conjunctions, possessives, auxiliaries. Particles that end sentences well
/// ("count me in", "follow up") are left out.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "for", "with", "at", "by", "from", "about", "into", "than", "as",
    "per", "via", "and", "or", "but", "so", "nor", "that", "if", "because", "while", "whether",
    "my", "your", "our", "their", "its", "will", "would", "can", "could", "shall", "should", "may",
    "might", "must", "is", "are", "was", "were", "been", "has", "had", "whose", "i'm", "we're",
    "you're", "they're", "i'd", "we'd", "i'll", "we'll", "you'll",
];

/// Function words that carry a clause's verb: a removal that has to take one of them leaves the
/// clause without it ("Our tool will double your revenue." → "Our tool."), so it takes the
/// sentence instead.
const VERB_WORDS: &[&str] = &[
    "to", "will", "would", "can", "could", "shall", "should", "may", "might", "must", "is", "are",
    "was", "were", "been", "has", "had", "i'm", "we're", "you're", "they're", "i'd", "we'd",
    "i'll", "we'll", "you'll",
];

/// Whether `word` is a function word that holds its clause's verb.
pub fn is_verb_word(word: &str) -> bool {
    let w = word.to_lowercase().replace('’', "'");
    VERB_WORDS.contains(&w.as_str())
}

/// Whether `word` (any case, straight or curly apostrophe) cannot end a sentence.
pub fn is_function_word(word: &str) -> bool {
    let w = word.to_lowercase().replace('’', "'");
    FUNCTION_WORDS.contains(&w.as_str())
}

static EMPTY_GREETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[ \t]*(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))[ \t]+[,.!:;]")
        .expect("greeting")
});
static DOUBLED_SPACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^ \t\r\n] {2,}[^ \t\r\n]").expect("doubled space"));
static SPACE_BEFORE_PUNCT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^ \t\r\n][ \t]+[,.;:!?](?:[ \t\r\n]|$)").expect("space"));
static EMPTY_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[,;:][ \t]*[.!?,;:]|[.!?][ \t]+[.!?,;:](?:[ \t\r\n]|$)").expect("empty sentence")
});
static LINE_STARTS_WITH_PUNCT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*[,.;:!?]").expect("line start"));
static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([\p{L}'’]+)[ \t]*[.!?]+(?:[ \t\r\n]|$)").expect("sentence end"));
/// A word that only starts a sentence, capitalized after a comma ("Hi Ravi, Would you…"): what a
/// removed sentence between a greeting and the next one leaves.
static CAPITAL_AFTER_COMMA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r",[ \t]+(?:Would|Could|Can|How|What|When|Why|Who|Do|Does|Did|Are|Is|Any|The|A|An|We|Our|This|That|It|If|So|And|But|Or|Thanks|Let|Happy|Just|Glad|Hope|Looking|Want|Keen|Interested|Open|Worth|Curious|Ready|Please|Fancy)\b")
        .expect("capital after comma")
});
/// An empty paragraph: two blank lines in a row, what a removed paragraph can leave.
static EMPTY_PARAGRAPH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\r\n|\n|\r)[ \t]*(?:\r\n|\n|\r)[ \t]*(?:\r\n|\n|\r)").expect("empty paragraph")
});
/// An intensifier with nothing left to strengthen ("risk-free: absolutely." after "no
/// obligation" went, "is 100%: try it").
static DANGLING_INTENSIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:absolutely|completely|totally|entirely)|\b100%)[ \t]*[.,;:!?]")
        .expect("dangling intensifier")
});
/// A message that opens, right after its greeting, on a word pointing back to a sentence that
/// is no longer there ("Hi Kevin,\n\nThis is a limited offer", "Hi Sofia,\n\nIt's the #1…").
static REFERENCE_TO_NOTHING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?i:hi|hello|hey|dear)\b[^\r\n,]{0,40},[ \t]*(?:\r\n|\n|\r)(?:[ \t]*(?:\r\n|\n|\r))*[ \t]*(?:This|That|It|It's|It’s|These|Those|They|Such)\b")
        .expect("reference to nothing")
});
static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}'’-]*").expect("word"));

/// Each kind of damage and how often it occurs in `body`.
fn census(body: &str) -> [(&'static str, usize); 12] {
    let dangling = SENTENCE_END
        .captures_iter(body)
        .filter(|c| {
            // "e.g." and "Dr." are not sentence ends; a one-letter "a." is rarely a sentence.
            let w = &c[1];
            w.chars().count() > 1 && is_function_word(w)
        })
        .count();
    [
        ("an empty greeting", EMPTY_GREETING.find_iter(body).count()),
        ("doubled spaces", DOUBLED_SPACE.find_iter(body).count()),
        (
            "a space before punctuation",
            SPACE_BEFORE_PUNCT.find_iter(body).count(),
        ),
        (
            "an empty sentence or clause",
            EMPTY_SENTENCE.find_iter(body).count(),
        ),
        (
            "a line that starts with punctuation",
            LINE_STARTS_WITH_PUNCT.find_iter(body).count(),
        ),
        ("a sentence ending on a function word", dangling),
        ("a repeated word", repeated_words(body)),
        ("unbalanced quotes or brackets", imbalance(body)),
        (
            "a capital after a comma",
            CAPITAL_AFTER_COMMA.find_iter(body).count(),
        ),
        (
            "an empty paragraph",
            EMPTY_PARAGRAPH.find_iter(body).count(),
        ),
        (
            "an intensifier with nothing to strengthen",
            DANGLING_INTENSIFIER.find_iter(body).count(),
        ),
        (
            "an opening that refers to a removed sentence",
            REFERENCE_TO_NOTHING.find_iter(body).count(),
        ),
    ]
}

/// Places where a word follows itself ("the the"), across spaces and line breaks: a greeting
/// line "Hi" above "Hi 👋 it's been a while" reads as "Hi Hi" too.
fn repeated_words(body: &str) -> usize {
    let mut count = 0;
    let mut prev: Option<(usize, String)> = None;
    for m in WORD.find_iter(body) {
        let w = m.as_str().to_lowercase();
        if let Some((end, p)) = &prev {
            let gap = &body[*end..m.start()];
            if *p == w && !gap.is_empty() && gap.chars().all(char::is_whitespace) {
                count += 1;
            }
        }
        prev = Some((m.end(), w));
    }
    count
}

/// How far quotes and brackets are from pairing up: each pair's surplus of openers or closers,
/// and straight double quotes left odd.
fn imbalance(body: &str) -> usize {
    let count = |c: char| body.chars().filter(|&x| x == c).count();
    let pairs = [('(', ')'), ('[', ']'), ('{', '}'), ('“', '”')];
    pairs
        .iter()
        .map(|&(open, close)| count(open).abs_diff(count(close)))
        .sum::<usize>()
        + count('"') % 2
}

/// The first kind of damage `after` has more of than `before` (both the body of a draft), in
/// words with an excerpt; `None` when the fix left the prose no worse.
pub fn prose_damage(before: &str, after: &str) -> Option<String> {
    let (was, now) = (census(before), census(after));
    was.iter()
        .zip(now.iter())
        .find_map(|((name, b), (_, a))| (a > b).then(|| format!("{name} ({b} before, {a} after)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_damage_is_named() {
        let cases = [
            ("Hi {first_name}, thanks.", "Hi , thanks.", "empty greeting"),
            (
                "I noticed <CO> is growing.",
                "I noticed  is growing.",
                "doubled",
            ),
            ("We ship fast, act now.", "We ship fast .", "space before"),
            (
                "Guaranteed results or your money back!",
                "Guaranteed results or your!",
                "function word",
            ),
            (
                "That is that. so act now!",
                "That is that. so!",
                "function word",
            ),
            ("Hi Sam, FREE. Thanks", "Hi Sam,. Thanks", "empty sentence"),
            ("It is a big deal.", "It is a a deal.", "repeated word"),
            ("Hi 👋 all.\nHi there.", "Hi\nHi there.", "repeated word"),
            ("See (the list) here.", "See (the list here.", "unbalanced"),
            (
                "Hi Sam,\nWe met.",
                "Hi Sam,\n, we met.",
                "starts with punctuation",
            ),
            // Found by QA on new drafts.
            (
                "It's a sample, absolutely no obligation.",
                "It's a sample, absolutely.",
                "intensifier",
            ),
            (
                "Our widget is 100% risk-free: try it.",
                "Our widget is 100%: try it.",
                "intensifier",
            ),
            (
                "Hi Kevin,\n\nWe guarantee the best price. This is a new offer.",
                "Hi Kevin,\n\nThis is a new offer.",
                "refers to a removed sentence",
            ),
            (
                "Hi Sofia,\r\n\r\nOur widget is risk-free. It's the #1 choice.",
                "Hi Sofia,\r\n\r\nIt's the #1 choice.",
                "refers to a removed sentence",
            ),
        ];
        for (before, after, want) in cases {
            let got = prose_damage(before, after).unwrap_or_default();
            assert!(got.contains(want), "{after:?}: {got:?}");
        }
    }

    #[test]
    fn clean_edits_and_old_damage_pass() {
        assert_eq!(
            prose_damage("Hi {first_name}, thanks.", "Hi, thanks."),
            None
        );
        assert_eq!(
            prose_damage("Guaranteed results or your money back! Ok?", "Ok?"),
            None
        );
        // Damage the writer left is theirs: the fix only has to not add to it.
        assert_eq!(
            prose_damage(
                "Hi ,  see you at the the show",
                "Hi ,  see you at the the expo"
            ),
            None
        );
        assert_eq!(
            prose_damage("What are you up to?", "What are you up to?"),
            None
        );
    }
}
