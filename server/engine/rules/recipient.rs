//! Who the message is for, from the front-matter (`to:`, `first_name:`), and whether a word in
//! the message names them. A person answers to more than one form of their name: `Robert Lee`
//! with `first_name: Bob` is Bob, Robert and Mr. Lee; `Alexandra` is also Alex; `Chloé` is Chloe.
//! Nicknames are data: the `params` of `personalization.name-mismatch`.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::params;
use super::prose::{contains_word, fold, is_unspaced_script};
use crate::engine::draft::Facts;

#[derive(Deserialize)]
struct NameParams {
    /// Groups of names that are the same person's: ["robert", "rob", "bob", "bobby"].
    nicknames: Vec<Vec<String>>,
    /// A greeting name this long or longer that begins the first name (or that the first name
    /// begins) is a short form of it: Sam for Samantha, Alexandra for Alex.
    min_prefix: usize,
    /// The groups each name is in, by index: a lint looks up one name, not every group.
    #[serde(skip)]
    groups_of: HashMap<String, Vec<usize>>,
}

impl NameParams {
    fn groups_with(&self, name: &str) -> impl Iterator<Item = &Vec<String>> {
        self.groups_of
            .get(name)
            .into_iter()
            .flatten()
            .map(|&i| &self.nicknames[i])
    }
}

static NAME_PARAMS: LazyLock<NameParams> = LazyLock::new(|| {
    let mut p: NameParams = params::builtin("personalization.name-mismatch");
    for (i, group) in p.nicknames.iter_mut().enumerate() {
        for n in group.iter_mut() {
            *n = fold(n);
            let groups = p.groups_of.entry(n.clone()).or_default();
            if groups.last() != Some(&i) {
                groups.push(i);
            }
        }
    }
    p
});

pub struct Recipient {
    /// The name to greet them by, as written in the front-matter.
    pub first: String,
    /// Their surname, for greetings with a title (`Dear Dr. Chen`).
    pub surname: Option<String>,
    /// The folded first name and its nicknames: any of them in the message addresses them.
    first_forms: Vec<String>,
    /// Every folded part of `to:` and `first_name:` (hyphenated parts too).
    parts: Vec<String>,
}

impl Recipient {
    pub fn of(facts: &Facts) -> Option<Recipient> {
        let first = facts.first_name.clone().filter(|f| !f.trim().is_empty())?;
        let full = facts.to.as_ref().map(|t| t.value.as_str()).unwrap_or("");
        let mut parts = Vec::new();
        for word in full.split_whitespace().chain(first.split_whitespace()) {
            let word = fold(word.trim_matches(|c: char| !c.is_alphanumeric()));
            if word.is_empty() {
                continue;
            }
            parts.extend(
                word.split('-')
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
            );
            parts.push(word);
        }
        let surname = full
            .split_whitespace()
            .skip(1)
            .last()
            .map(|s| s.trim_end_matches(',').to_string());
        let folded_first = fold(&first);
        let mut first_forms = vec![folded_first.clone()];
        for group in NAME_PARAMS.groups_with(&folded_first) {
            first_forms.extend(group.iter().cloned());
        }
        Some(Recipient {
            first,
            surname,
            first_forms,
            parts,
        })
    }

    /// Whether a name written in a greeting (one word, as written) is a form of this person's name.
    pub fn answers_to(&self, written: &str) -> bool {
        let g = fold(written);
        if g.is_empty() {
            return false;
        }
        if g.chars().any(is_unspaced_script) {
            // 芳 for 王芳: given name, family name or both, written without spaces.
            return self
                .parts
                .iter()
                .any(|p| p.contains(&g) || g.contains(p.as_str()));
        }
        let min = NAME_PARAMS.min_prefix;
        let g_parts = || std::iter::once(g.as_str()).chain(g.split('-'));
        g_parts().any(|g| {
            self.parts.iter().any(|p| p == g)
                || self.first_forms.iter().any(|f| {
                    f == g
                        || (g.chars().count() >= min && f.starts_with(g))
                        || (f.chars().count() >= min && g.starts_with(f.as_str()))
                        || common_prefix(f, g) > min
                })
                || NAME_PARAMS
                    .groups_with(g)
                    .any(|grp| self.parts.iter().any(|p| grp.contains(p)))
        })
    }

    /// Whether the (folded) message calls them by their first name or a nickname of it.
    /// Whether the message uses their first name (or a short form of it) anywhere.
    pub fn named_in(&self, m: &super::message::Message) -> bool {
        self.first_forms.iter().any(|f| m.mentions(f))
    }

    pub fn first_name_in(&self, folded_text: &str) -> bool {
        self.first_forms
            .iter()
            .any(|f| contains_word(folded_text, f))
    }
}

/// How many leading characters two names share: Katarzyna and Katie share three, Alexandra and
/// Alexei five.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::draft::Draft;

    fn recipient(front: &str) -> Recipient {
        let text = format!("---\nchannel: message\n{front}\n---\n");
        Recipient::of(&Draft::parse(&text).unwrap().facts).unwrap()
    }

    #[test]
    fn a_person_answers_to_their_names_and_short_forms() {
        let r = recipient("to: Robert Lee\nfirst_name: Bob");
        for ok in ["Bob", "bob", "Robert", "Rob", "Bobby", "Lee"] {
            assert!(r.answers_to(ok), "{ok}");
        }
        assert!(!r.answers_to("Mark"));
        let r = recipient("to: Marta Silva");
        assert!(!r.answers_to("Mark") && r.answers_to("Martina"));
        let r = recipient("to: Katarzyna Nowak");
        assert!(r.answers_to("Kate") && r.answers_to("Kasia"));
        let r = recipient("to: Samantha Ortiz");
        assert!(r.answers_to("Sam") && r.answers_to("Sammy") && !r.answers_to("Sa"));
        let r = recipient("to: Anne-Marie Dubois");
        assert!(r.answers_to("Anne") && r.answers_to("Marie") && r.answers_to("Anne-Marie"));
        let r = recipient("to: Chloé Girard");
        assert!(r.answers_to("Chloe") && r.answers_to("CHLOÉ"));
        let r = recipient("to: 王芳");
        assert!(r.answers_to("王芳") && !r.answers_to("李娜"));
    }

    #[test]
    fn first_name_in_text() {
        let r = recipient("to: Robert Lee");
        assert!(r.first_name_in(&fold("Great post, Bob.")));
        assert!(!r.first_name_in(&fold("Great post, Bobcat.")));
    }
}
