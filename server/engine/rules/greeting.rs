//! The greeting on the first line of a message and whom it addresses: `Hi Sarah,` names Sarah,
//! `Hi there,`, `Hello,` and `To whom it may concern,` name nobody, `王芳，你好` names 王芳.
//! Its vocabulary is data: the `params` of `personalization.no-name` in `rules/personalization.toml`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::params;
use super::prose::{fold, folded_chars, is_unspaced_script, Prose};

#[derive(Deserialize)]
pub struct Vocabulary {
    /// Words that open a greeting: hi, hello, dear, good morning...
    pub greetings: Vec<String>,
    /// Whole salutations that name nobody: "to whom it may concern".
    pub salutations: Vec<String>,
    /// What follows a greeting word instead of a name: there, all, team, sir/madam...
    pub nameless: Vec<String>,
    /// Capitalized words that follow a greeting but are not names: "Hi I'm Tom", "Hello Again".
    pub not_names: Vec<String>,
    /// Titles before a surname: Dr., Ms., Prof.
    pub honorifics: Vec<String>,
    /// Greetings written after the name in unspaced scripts: 你好 in `王芳，你好`.
    pub greetings_after_name: Vec<String>,
}

pub static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let mut v: Vocabulary = params::builtin("personalization.no-name");
    for list in [
        &mut v.greetings,
        &mut v.salutations,
        &mut v.nameless,
        &mut v.not_names,
        &mut v.honorifics,
    ] {
        for w in list.iter_mut() {
            *w = fold(w);
        }
        // Longest first, so "good morning" wins over "good" and "sir or madam" over "sir".
        list.sort_by_key(|w| std::cmp::Reverse(w.len()));
    }
    v
});

/// A name before a greeting word, in scripts without spaces: `王芳，你好`.
static NAME_THEN_GREETING: LazyLock<Regex> = LazyLock::new(|| {
    let greetings: Vec<_> = VOCABULARY
        .greetings_after_name
        .iter()
        .map(|g| regex::escape(g))
        .collect();
    Regex::new(&format!(
        r"^(?P<name>[\p{{Han}}\p{{Hiragana}}\p{{Katakana}}\p{{Hangul}}]{{1,6}})\s*[，,、]?\s*(?:{})",
        greetings.join("|")
    ))
    .expect("greeting regex")
});

#[derive(Clone, Debug, PartialEq)]
pub struct Greeting {
    /// The greeting word (`Hi`), or the whole salutation (`To whom it may concern`).
    pub word: Range<usize>,
    /// The greeting with whatever stands for the addressee (`Hi there`, `Dear Sir/Madam`,
    /// `Hi [Name]`, `Hi Mark`), without the punctuation after it.
    pub range: Range<usize>,
    /// The words naming the addressee (`Mark`, `Anne-Marie`), empty when it names nobody.
    pub names: Vec<Range<usize>>,
    /// A title came before the name (`Dear Dr. Chen`), so the name is likely a surname.
    pub honorific: bool,
    /// The addressee is a template token (`Hi [Name]`).
    pub placeholder: bool,
    /// A whole salutation that stands in for a greeting (`To whom it may concern`).
    pub salutation: bool,
    /// The name is a lone word in lower case set off by punctuation (`Hi victoria -`, `Hey
    /// vilmire,`): a name as typed in haste, or a handle. Enough to count as addressed, too
    /// unsure to call it someone else's name.
    pub lowercase: bool,
    /// Where the first sentence after the greeting starts.
    pub end: usize,
}

impl Greeting {
    pub fn names_nobody(&self) -> bool {
        self.names.is_empty()
    }

    /// The rendered range of the name words.
    pub fn name_range(&self) -> Option<Range<usize>> {
        Some(self.names.first()?.start..self.names.last()?.end)
    }
}

/// The greeting word a salutation starts with (`Dear` in `Dear Sir/Madam`), if any.
pub fn greeting_word_of(salutation: &str) -> Option<&str> {
    VOCABULARY
        .greetings
        .iter()
        .find_map(|g| prefix_len(salutation, g))
        .map(|len| &salutation[..len])
}

/// The greeting at the start of the message, if it has one.
pub fn parse(p: &Prose) -> Option<Greeting> {
    let v = &*VOCABULARY;
    let text = p.text;
    let line_end = text.find('\n').unwrap_or(text.len());
    // A wave or other symbol may come before the greeting: "👋 Hi Sarah".
    let lead = text[..line_end]
        .find(|c: char| c.is_alphanumeric() || matches!(c, '[' | '{' | '<' | '_'))
        .unwrap_or(line_end);
    parse_line(p, lead, line_end, v)
}

fn parse_line(p: &Prose, lead: usize, line_end: usize, v: &Vocabulary) -> Option<Greeting> {
    let text = p.text;
    let line = &text[..line_end];
    let shifted = |r: Range<usize>| r.start + lead..r.end + lead;

    if let Some(c) = NAME_THEN_GREETING.captures(&line[lead..]) {
        let name = shifted(c.name("name")?.range());
        let whole = shifted(c.get(0)?.range());
        return Some(Greeting {
            word: name.end..whole.end,
            range: whole.clone(),
            names: vec![name],
            honorific: false,
            salutation: false,
            lowercase: false,
            placeholder: false,
            end: after_punctuation(text, whole.end),
        });
    }

    if let Some(len) = v
        .salutations
        .iter()
        .find_map(first_prefix_len(&line[lead..]))
    {
        let len = lead + len;
        return Some(Greeting {
            word: lead..len,
            range: lead..len,
            names: Vec::new(),
            honorific: false,
            salutation: true,
            lowercase: false,
            placeholder: false,
            end: after_punctuation(text, len),
        });
    }

    let word_len = lead
        + v.greetings
            .iter()
            .find_map(first_prefix_len(&line[lead..]))?;
    let word = lead..word_len;
    // The addressee runs to the first punctuation mark, but `Dr.` does not end it.
    let mut seg_start = word_len;
    let mut handle = false;
    // Spaces, a comma, an "@" or a wave may come before the name: "Hi, Sarah", "Hi 👋 Sarah".
    while let Some(c) = line[seg_start..].chars().next() {
        let symbol = !c.is_alphanumeric()
            && !c.is_ascii_punctuation()
            && !matches!(c, '—' | '–' | '，' | '！');
        // "Hey @sarah": a handle is a name.
        if c == ' ' || c == '\t' || c == ',' || c == '@' || symbol {
            handle |= c == '@';
            seg_start += c.len_utf8();
        } else {
            break;
        }
    }
    let seg_end = segment_end(line, seg_start);
    // "Hi there 🙂," ends at "there".
    let segment = line[seg_start..seg_end].trim_end_matches(|c: char| {
        !c.is_alphanumeric() && !matches!(c, ']' | '}' | '>' | '_' | ')' | '%')
    });
    let folded = fold(segment);

    let mut g = Greeting {
        word: word.clone(),
        range: word.clone(),
        names: Vec::new(),
        honorific: false,
        salutation: false,
        lowercase: false,
        placeholder: false,
        end: after_punctuation(text, seg_start + segment.len()),
    };
    if segment.is_empty() {
        // "Hi *****,": a blank (or a redaction) where the name goes.
        let blank = line[seg_start..seg_end].trim_end_matches([',', ':', '!', '.', ' ']);
        if blank.chars().count() >= 3 && blank.chars().all(|c| c == '*') {
            g.placeholder = true;
            g.range = lead..seg_start + blank.len();
            g.end = after_punctuation(text, seg_start + blank.len());
            return Some(g);
        }
        g.end = after_punctuation(text, word_len);
        return Some(g);
    }
    g.placeholder = looks_like_placeholder(segment);
    if g.placeholder || v.nameless.iter().any(|n| *n == folded) {
        g.range = lead..seg_start + segment.len();
        return Some(g);
    }

    // Name words must follow one another from the start of the segment: `Hi Anne-Marie Dubois`.
    let mut expect_at = seg_start;
    for w in &p.words_in(&(seg_start..seg_start + segment.len())) {
        let gap = &text[expect_at..w.start];
        if !gap.chars().all(|c| c == ' ' || c == '.' && g.honorific) {
            break;
        }
        let word_text = p.word(w);
        let f = fold(word_text);
        if g.names.is_empty() && !g.honorific && v.honorifics.iter().any(|h| *h == f) {
            g.honorific = true;
            expect_at = w.end;
            continue;
        }
        let first = word_text.chars().next().unwrap_or(' ');
        // A handle is a name however it is written: "Hey @sarah".
        let name_like =
            first.is_uppercase() || is_unspaced_script(first) || (handle && g.names.is_empty());
        // "Hi Dear Sarah", "Hey there Sarah", "Hello again Sarah": the word before a name is
        // part of the greeting ("Hi Dear," or "Hi there," alone names nobody, as the whole
        // segment says above).
        if g.names.is_empty() && !g.honorific && matches!(f.as_str(), "dear" | "there" | "again") {
            expect_at = w.end;
            continue;
        }
        if v.nameless.contains(&f) {
            // `Hi Northwind team`: a group, not a person.
            g.names.clear();
            break;
        }
        if !name_like
            && g.names.is_empty()
            && !g.honorific
            && lowercase_addressee(line, word_text, w, &f, v)
        {
            g.names.push(w.clone());
            g.lowercase = true;
            break;
        }
        if !name_like || v.not_names.contains(&f) || g.names.len() == 3 {
            break;
        }
        g.names.push(w.clone());
        expect_at = w.end;
    }
    match g.name_range() {
        Some(names) => {
            g.range = lead..names.end;
            g.end = after_punctuation(text, names.end);
        }
        None => {
            g.honorific = false;
            g.end = after_punctuation(text, word_len);
        }
    }
    Some(g)
}

/// A lone lower-case word right after the greeting that punctuation sets off from the rest
/// (`Hi victoria - I applied…`, `Hey vilmire,`) and that is no greeting filler (`hi all,`,
/// `hey man!`): the addressee's name, written small.
fn lowercase_addressee(
    line: &str,
    word: &str,
    at: &Range<usize>,
    folded: &str,
    v: &Vocabulary,
) -> bool {
    let after = line[at.end.min(line.len())..].trim_start_matches([' ', '\t']);
    let set_off = after.is_empty()
        || after.starts_with([',', '!', ':', ';', '-', '–', '—', '，', '！'])
        || after.starts_with('\n');
    set_off
        && word.chars().count() >= 2
        && word.chars().all(char::is_alphabetic)
        && !v.nameless.iter().any(|n| n == folded)
        && !v.not_names.iter().any(|n| n == folded)
        && !v.greetings.iter().any(|n| n == folded)
}

/// [`prefix_len`] of each word in turn against `line`, skipping at once the words that start
/// with another letter: the message's first letter is folded once, not once per word (this runs
/// on every keystroke, over every greeting word).
fn first_prefix_len(line: &str) -> impl FnMut(&String) -> Option<usize> + '_ {
    // A greeting that fits starts with the line's first word, folded, and goes on (if it does)
    // with a character that is not a letter: most of the list is ruled out without a walk.
    let first: String = line
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .flat_map(folded_chars)
        .collect();
    move |word| {
        let rest = word.strip_prefix(first.as_str())?;
        if rest.chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        prefix_len(line, word)
    }
}

/// The byte length of `prefix` (already folded) at the start of `line` when it stands as whole
/// words there, compared without case or accents.
fn prefix_len(line: &str, prefix: &str) -> Option<usize> {
    let mut want = prefix.chars().peekable();
    let mut len = 0;
    let mut chars = line.chars();
    while want.peek().is_some() {
        let c = chars.next()?;
        for fc in folded_chars(c) {
            if want.next() != Some(fc) {
                return None;
            }
        }
        len += c.len_utf8();
    }
    match line[len..].chars().next() {
        Some(c) if c.is_alphanumeric() => None,
        _ => Some(len),
    }
}

fn segment_end(line: &str, from: usize) -> usize {
    // A slot in brackets is the addressee whole: "Hello (Name),".
    if line[from..].starts_with('(') {
        if let Some(close) = line[from..].find(')') {
            return from + close + 1;
        }
    }
    let mut end = from;
    for (i, c) in line[from..].char_indices() {
        let at = from + i;
        if matches!(
            c,
            ',' | '!' | '?' | ':' | ';' | '—' | '–' | '(' | '，' | '！'
        ) {
            return at;
        }
        if c == '.' {
            // A full stop after a title (`Dr.`) or an initial (`J.`) is part of the name.
            let word = line[from..at].rsplit(' ').next().unwrap_or("");
            let title =
                VOCABULARY.honorifics.iter().any(|h| *h == fold(word)) || word.chars().count() == 1;
            if !title {
                return at;
            }
        }
        end = at + c.len_utf8();
    }
    end.max(from).min(line.len())
}

/// Whether the addressee is a slot: `[Name]`, `{first}`, `(Name)`, `%NAME%`, `XX`, or a title
/// before one (`Professor xxx`).
fn looks_like_placeholder(segment: &str) -> bool {
    segment.split_whitespace().any(|w| {
        w.starts_with(['[', '{', '<', '_', '%', '('])
            || (w.chars().count() >= 2 && w.chars().all(|c| c == 'x' || c == 'X'))
    }) || segment.trim_matches('X').is_empty()
}

/// The offset after any punctuation and spaces that close a greeting (`, `, `!\n`).
fn after_punctuation(text: &str, from: usize) -> usize {
    let mut end = from;
    for c in text[from..].chars() {
        if matches!(
            c,
            ',' | '!' | '.' | ':' | ';' | ' ' | '\t' | '\n' | '，' | '！' | '、'
        ) {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::render::Rendered;

    fn greet(body: &str) -> Option<(String, Vec<String>, bool)> {
        let r = Rendered::build(body, 0..body.len(), &[], &[]);
        let p = Prose::new(&r);
        let g = parse(&p)?;
        Some((
            p.text[g.range.clone()].to_string(),
            g.names
                .iter()
                .map(|n| p.text[n.clone()].to_string())
                .collect(),
            g.honorific,
        ))
    }

    fn names(body: &str) -> Vec<String> {
        greet(body).map(|g| g.1).unwrap_or_default()
    }

    #[test]
    fn names_after_greeting_words() {
        assert_eq!(names("Hi Sarah, I loved it."), vec!["Sarah"]);
        assert_eq!(names("Hello, Sarah!"), vec!["Sarah"]);
        assert_eq!(
            names("Good morning Anne-Marie Dubois, hi."),
            vec!["Anne-Marie", "Dubois"]
        );
        assert_eq!(names("Hey Mike, your keynote"), vec!["Mike"]);
        assert_eq!(names("Hi Kevin!! HUGE news"), vec!["Kevin"]);
        assert_eq!(names("Hi Zoe 👋 Your N26 meetup"), vec!["Zoe"]);
        assert_eq!(names("Hi 👋 Sarah. Sentence"), vec!["Sarah"]);
        assert_eq!(names("Hi Patrick O'Neill, hi"), vec!["Patrick", "O'Neill"]);
        assert_eq!(names("Hi Chloé,"), vec!["Chloé"]);
        assert_eq!(names("Hey there Sarah! Your post"), vec!["Sarah"]);
        assert_eq!(names("Hello again Sarah, thanks"), vec!["Sarah"]);
        assert_eq!(names("G'day Sarah, loved it"), vec!["Sarah"]);
        assert_eq!(names("G’day Sarah, loved it"), vec!["Sarah"]);
        assert_eq!(names("Sup Sarah, loved it"), vec!["Sarah"]);
        assert!(names("Super talk, Sarah.").is_empty());
        assert!(names("Hi there, I'm Tom").is_empty());
        assert!(names("Hey there I am Tom").is_empty());
        assert_eq!(
            greet("Dear Dr. Chen,").unwrap(),
            ("Dear Dr. Chen".into(), vec!["Chen".into()], true)
        );
        assert_eq!(names("王芳，你好！I enjoyed"), vec!["王芳"]);
        // A name typed small, set off by punctuation, still addresses someone.
        assert_eq!(
            names("hi victoria - I applied for the role"),
            vec!["victoria"]
        );
        assert_eq!(names("Hey vilmire,\nCame across adhdev"), vec!["vilmire"]);
        assert!(greet("hi victoria - I applied").is_some_and(|_| {
            let body = "hi victoria - I applied";
            let r = Rendered::build(body, 0..body.len(), &[], &[]);
            parse(&Prose::new(&r)).is_some_and(|g| g.lowercase)
        }));
    }

    #[test]
    fn lower_case_words_of_address_and_openers_are_no_names() {
        for body in [
            "hey man! quick one",
            "Hi, listen: we ship",
            "hi there, how are",
            "Hey, quick update - we shipped",
            "Hi bestie!",
            "hello everyone,",
            "hi, thanks for the note",
            "Hey, ok so here it is",
            "hi all - quick note",
            // Not set off by punctuation: "hi guess what" is no address.
            "hi victoria I applied",
        ] {
            assert!(names(body).is_empty(), "{body}");
        }
    }

    #[test]
    fn greetings_that_name_nobody() {
        assert_eq!(greet("Hi there,\nText").unwrap().0, "Hi there");
        assert_eq!(greet("Hello,\nText").unwrap().0, "Hello");
        assert_eq!(greet("Dear Sir/Madam,").unwrap().0, "Dear Sir/Madam");
        assert_eq!(greet("Dear Sir or Madam,").unwrap().0, "Dear Sir or Madam");
        assert_eq!(
            greet("To whom it may concern,").unwrap().0,
            "To whom it may concern"
        );
        assert_eq!(greet("Hi [Name], great").unwrap().0, "Hi [Name]");
        assert_eq!(greet("Hello (Name),\nText").unwrap().0, "Hello (Name)");
        assert_eq!(greet("Hi %EMPLOYEE%, I'm").unwrap().0, "Hi %EMPLOYEE%");
        assert_eq!(
            greet("Hi Professor xxx :\nThanks").unwrap().0,
            "Hi Professor xxx"
        );
        assert_eq!(greet("Hey, quick question: x").unwrap().0, "Hey");
        assert_eq!(greet("Hi, I'd like to add you").unwrap().0, "Hi");
        assert!(names("Hi team, quick one").is_empty());
        assert!(names("Hello everyone!").is_empty());
        assert!(names("Hi All,").is_empty());
        assert!(names("Hi I'm Tom from Acme").is_empty());
        assert_eq!(names("hi sarah, lower case"), vec!["sarah"]);
    }

    #[test]
    fn no_greeting() {
        assert!(greet("Loved your post, Priya.").is_none());
        assert!(greet("Hiring for a role").is_none());
        assert!(greet("").is_none());
    }
}
