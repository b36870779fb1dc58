//! Rendering one draft for many recipients: values given from outside (`--vars`, a recipients
//! table) fill the placeholders, and each result is measured against the channel's limit.

use super::config::Config;
use super::draft::{first_name_of, placeholder_key};
use super::render::{self, Rendered};
use super::Analysis;

/// One rendered message and how it fares.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub text: String,
    /// Length as the channel counts it, and the hard limit for the draft's plan.
    pub used: usize,
    pub limit: Option<usize>,
    /// Tokens still in the text because nothing gave them a value, as written (`{topic}`).
    pub unfilled: Vec<String>,
}

impl Merged {
    pub fn over_by(&self) -> Option<usize> {
        self.limit.filter(|l| self.used > *l).map(|l| self.used - l)
    }
}

/// Renders the draft with `values` (name, value) taking precedence over the front-matter. Names
/// compare like placeholders do (`First Name` is `first_name`). A `to` value also gives the
/// first name, as `to:` does in the front-matter. Empty values count as missing.
pub fn merge(a: &Analysis, config: &Config, values: &[(String, String)]) -> Merged {
    let mut facts = a.draft.facts.clone();
    let given: Vec<(String, String)> = values
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let has = |name: &str| given.iter().any(|(k, _)| placeholder_key(k) == name);
    let mut vars = given.clone();
    if !has("first_name") {
        if let Some((_, to)) = given.iter().find(|(k, _)| placeholder_key(k) == "to") {
            if let Some(first) = first_name_of(to) {
                vars.push(("first_name".into(), first));
            }
        }
    }
    vars.extend(facts.vars.drain(..));
    facts.vars = vars;
    let text = a.text();
    let body = a.draft.body();
    let placeholders = render::placeholders(text, body.clone(), &a.comments, &facts);
    let rendered = Rendered::build(text, body, &a.comments, &placeholders);
    let unfilled = placeholders
        .iter()
        .filter(|p| p.value.is_none())
        .map(|p| text[p.range.clone()].to_string())
        .collect();
    Merged {
        used: a.count_mode().count(&rendered.text),
        limit: a.body_limit(config),
        text: rendered.text,
        unfilled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analyze;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn given_values_fill_and_override_the_front_matter() {
        let text = "---\nchannel: note\nto: Sarah Chen\nvars:\n  topic: forecasting\n---\nHi {first_name}, re {topic} at {company} 👋";
        let a = analyze(text, &Config::default()).unwrap();
        let m = merge(
            &a,
            &Config::default(),
            &pairs(&[("To", "Dr. Bob Li"), ("Company", "Acme")]),
        );
        assert_eq!(m.text, "Hi Bob, re forecasting at Acme 👋");
        assert_eq!(m.used, 33);
        assert_eq!(m.limit, Some(300));
        assert!(m.unfilled.is_empty());
        assert_eq!(m.over_by(), None);
    }

    #[test]
    fn empty_values_leave_the_token_and_long_values_break_the_limit() {
        let text = "---\nchannel: note\nplan: free\n---\nHi {first_name}, {hook}";
        let a = analyze(text, &Config::default()).unwrap();
        let m = merge(&a, &Config::default(), &pairs(&[("first_name", " ")]));
        assert_eq!(m.unfilled, vec!["{first_name}", "{hook}"]);
        let long = "x".repeat(200);
        let m = merge(
            &a,
            &Config::default(),
            &pairs(&[("first_name", "Ann"), ("hook", &long)]),
        );
        assert_eq!(m.used, 208);
        assert_eq!(m.over_by(), Some(8));
    }
}
