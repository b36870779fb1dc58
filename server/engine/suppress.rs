//! Suppression comments in a draft's body:
//!
//! - `<!-- sendwell-disable-next-line RULE -->`: the line after the comment;
//! - `<!-- sendwell-disable RULE -->` … `<!-- sendwell-enable RULE -->`: everything between (or
//!   to the end of the draft when nothing enables it again).
//!
//! RULE is a rule ID, a category (`spam`), or a list of them separated by spaces or commas; no
//! RULE means every rule. Text after ` -- ` is a reason, for the reader.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<!--\s*sendwell-(disable-next-line|disable|enable)\b([\s\S]*?)(?:-->)?$")
        .expect("directive regex")
});

#[derive(Debug, PartialEq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
}

#[derive(Debug)]
struct Directive {
    kind: Kind,
    /// Empty: every rule.
    rules: Vec<String>,
    /// Where it takes effect: the comment's end, or for next-line, the next line.
    applies: Range<usize>,
}

/// The suppression comments of one draft.
#[derive(Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
}

impl Suppressions {
    /// Reads the directives among `comments` (byte ranges of HTML comments in `text`, in order;
    /// a range may include the line the comment stands alone on).
    pub fn parse(text: &str, comments: &[Range<usize>]) -> Suppressions {
        let mut directives = Vec::new();
        for c in comments {
            let Some(open) = text[c.clone()].find("<!--") else {
                continue;
            };
            let start = c.start + open;
            let end = text[start..c.end]
                .find("-->")
                .map_or(c.end, |i| start + i + 3);
            let Some(caps) = DIRECTIVE.captures(&text[start..end]) else {
                continue;
            };
            let kind = match &caps[1] {
                "disable-next-line" => Kind::NextLine,
                "disable" => Kind::Disable,
                _ => Kind::Enable,
            };
            let list = caps[2].split(" -- ").next().unwrap_or("");
            let rules = list
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|r| !r.is_empty())
                .map(String::from)
                .collect();
            let applies = match kind {
                Kind::NextLine => {
                    let line_start = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
                    let line_end = text[line_start..]
                        .find('\n')
                        .map_or(text.len(), |i| line_start + i);
                    line_start..line_end
                }
                _ => end..end,
            };
            directives.push(Directive {
                kind,
                rules,
                applies,
            });
        }
        Suppressions { directives }
    }

    /// Whether a finding of `rule` at `range` is switched off here.
    pub fn covers(&self, rule: &str, range: &Range<usize>) -> bool {
        let names = |d: &Directive| {
            d.rules.is_empty()
                || d.rules.iter().any(|r| {
                    r == rule
                        || r == "all"
                        || (rule.len() > r.len()
                            && rule.starts_with(r.as_str())
                            && rule.as_bytes()[r.len()] == b'.')
                })
        };
        let at = range.start;
        let next_line = self.directives.iter().any(|d| {
            d.kind == Kind::NextLine && d.applies.start <= at && at <= d.applies.end && names(d)
        });
        // The last disable or enable before the finding that names its rule decides.
        let region = self
            .directives
            .iter()
            .filter(|d| d.kind != Kind::NextLine && d.applies.start <= at && names(d))
            .last()
            .is_some_and(|d| d.kind == Kind::Disable);
        next_line || region
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::config::Config;

    /// The findings of the phrase rules these tests suppress (the drafts are not meant to be good
    /// messages, so other rules have plenty to say about them).
    fn rules_at(text: &str) -> Vec<(String, String)> {
        crate::engine::analyze(text, &Config::default())
            .unwrap()
            .findings
            .into_iter()
            .filter(|f| f.rule.starts_with("spam.") || f.rule == "etiquette.heavy-ask")
            .map(|f| (f.rule.clone(), text[f.range].to_string()))
            .collect()
    }

    const HEAD: &str = "---\nchannel: message\nto: Nadia Hassan\n---\n";

    #[test]
    fn disable_next_line_silences_only_the_next_line() {
        let text = format!("{HEAD}Hi Nadia,\n<!-- sendwell-disable-next-line spam.trigger-word -->\nA FREE gift.\nAnother free gift.\n");
        assert_eq!(
            rules_at(&text),
            vec![
                ("spam.shouting".into(), "FREE".into()),
                ("spam.trigger-word".into(), "free gift".into()),
            ]
        );
    }

    #[test]
    fn inline_next_line_comment_applies_to_the_following_line() {
        let text =
            format!("{HEAD}Hi Nadia, <!-- sendwell-disable-next-line -->\nAct now!!\nAct now.");
        assert_eq!(
            rules_at(&text),
            vec![("spam.trigger-word".into(), "Act now".into())]
        );
    }

    #[test]
    fn disable_enable_regions_by_rule_category_and_list() {
        let text = format!(
            "{HEAD}<!-- sendwell-disable spam -- quoting their ad -->\nFREE gift!!\n<!-- sendwell-enable spam.shouting -->\nFREE cash!!\n<!-- sendwell-enable -->\nAct now."
        );
        assert_eq!(
            rules_at(&text),
            vec![
                ("spam.shouting".into(), "FREE".into()),
                ("spam.shouting".into(), "!!".into()),
                ("spam.trigger-word".into(), "Act now".into()),
            ]
        );
        let text = format!("{HEAD}<!-- sendwell-disable spam.shouting, etiquette.heavy-ask -->\nFREE!! Can we hop on a call?");
        assert_eq!(
            rules_at(&text),
            vec![("spam.trigger-word".into(), "FREE".into())]
        );
    }

    #[test]
    fn a_disable_without_enable_runs_to_the_end_and_categories_need_a_dot() {
        let text = format!("{HEAD}Hi.\n<!-- sendwell-disable spa -->\nFREE!!");
        // FREE (spam, with its shouting related) and "!!": `spa` is not `spam`.
        assert_eq!(rules_at(&text).len(), 2, "`spa` is not `spam`");
        let text = format!("{HEAD}Hi.\n<!-- sendwell-disable -->\nFREE!!\n\nAct now.");
        assert!(rules_at(&text).is_empty());
    }
}
