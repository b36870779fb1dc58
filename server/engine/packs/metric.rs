//! `kind = "metric"`: a number measured over the body, each paragraph or each sentence, against
//! a threshold (`max` or `min`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::text::{gaps, sentence_at};
use super::Ctx;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    Words,
    Characters,
    Sentences,
    Exclamations,
    Questions,
    Links,
    Emoji,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    #[default]
    Body,
    Paragraph,
    Sentence,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub metric: Metric,
    #[serde(default)]
    pub scope: Scope,
    /// Fires when the value is above this.
    pub max: Option<f64>,
    /// Fires when the value is below this.
    pub min: Option<f64>,
}

static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:https?://|www\.)[^\s<>()]+").expect("link"));

/// A unit over its threshold: where, and the value measured.
pub struct Measured {
    pub range: Range<usize>,
    pub value: f64,
}

impl Params {
    pub fn validate(&self) -> Result<(), String> {
        if self.max.is_none() && self.min.is_none() {
            return Err("a metric rule needs `max` or `min`".into());
        }
        Ok(())
    }

    pub fn find(&self, ctx: &Ctx, out: &mut Vec<Measured>) {
        let text = ctx.text;
        let body = ctx.analysis.draft.body();
        let comments = &ctx.analysis.comments;
        for unit in units(text, body, comments, self.scope) {
            let parts = gaps(unit.clone(), comments);
            let value = parts
                .iter()
                .map(|p| measure(self.metric, &text[p.clone()]))
                .sum::<f64>();
            let over = self.max.is_some_and(|m| value > m);
            let under = self.min.is_some_and(|m| value < m);
            if over || under {
                out.push(Measured { range: unit, value });
            }
        }
    }
}

fn measure(metric: Metric, s: &str) -> f64 {
    let n = match metric {
        Metric::Words => crate::engine::word_count(s),
        Metric::Characters => s.trim().chars().count(),
        Metric::Sentences => {
            let r = 0..s.len();
            sentences(s, &r).len()
        }
        Metric::Exclamations => s.chars().filter(|&c| c == '!' || c == '！').count(),
        Metric::Questions => s.chars().filter(|&c| c == '?' || c == '？').count(),
        Metric::Links => LINK.find_iter(s).count(),
        Metric::Emoji => s.chars().filter(|&c| is_emoji(c)).count(),
    };
    n as f64
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF | 0x1F000..=0x1F2FF)
}

/// The body, its paragraphs (split at blank lines) or its sentences, trimmed, skipping units
/// that are only comments or whitespace.
fn units(
    text: &str,
    body: Range<usize>,
    comments: &[Range<usize>],
    scope: Scope,
) -> Vec<Range<usize>> {
    let has_prose = |r: &Range<usize>| {
        gaps(r.clone(), comments)
            .iter()
            .any(|p| !text[p.clone()].trim().is_empty())
    };
    let paragraphs = || {
        let mut out = Vec::new();
        let mut start = body.start;
        let mut pos = body.start;
        for line in text[body.clone()].split_inclusive('\n') {
            if line.trim().is_empty() {
                out.push(start..pos);
                start = pos + line.len();
            }
            pos += line.len();
        }
        out.push(start..body.end);
        out.into_iter()
            .map(|r| trim(text, r))
            .filter(has_prose)
            .collect::<Vec<_>>()
    };
    match scope {
        Scope::Body => vec![trim(text, body)]
            .into_iter()
            .filter(has_prose)
            .collect(),
        Scope::Paragraph => paragraphs(),
        Scope::Sentence => paragraphs()
            .into_iter()
            .flat_map(|p| sentences(text, &p))
            .filter(has_prose)
            .collect(),
    }
}

fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    r.start + lead..(r.end - trail).max(r.start + lead)
}

/// The sentences of `region`, in order.
pub fn sentences(text: &str, region: &Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = region.start;
    while pos < region.end {
        let rest = &text[pos..region.end];
        let skip = rest.len() - rest.trim_start().len();
        pos += skip;
        if pos >= region.end {
            break;
        }
        let s = sentence_at(text, region, pos..pos);
        if s.end <= pos {
            pos += text[pos..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        out.push(pos.max(s.start)..s.end);
        pos = s.end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_punctuation_and_lines() {
        let t = "Hi Sam,\nGreat talk! Was it hard? Thanks.";
        let got: Vec<_> = sentences(t, &(0..t.len()))
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(
            got,
            vec!["Hi Sam,", "Great talk!", "Was it hard?", "Thanks."]
        );
    }

    #[test]
    fn measures() {
        assert_eq!(measure(Metric::Words, "one two, three"), 3.0);
        assert_eq!(measure(Metric::Exclamations, "a!! b!"), 3.0);
        assert_eq!(
            measure(Metric::Links, "see https://x.io and www.y.com"),
            2.0
        );
        assert_eq!(measure(Metric::Emoji, "hi 👋🚀"), 2.0);
    }
}
