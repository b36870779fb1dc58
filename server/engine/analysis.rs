//! What one lint knows of a draft before the rules run (its parse, channel, comments,
//! placeholders, sent text) and, after them, its findings: what hover, code actions and counters
//! read so they agree with the diagnostics.

use std::borrow::Cow;
use std::ops::Range;

use super::channels::{Channel, CountMode};
use super::config::Config;
use super::draft::Draft;
use super::finding::Finding;
use super::metrics::{self, Stats};
use super::render::{Placeholder, Rendered};
use super::words::word_count;

/// Everything known about one draft after a lint: reused by hover, code actions and counters so
/// they agree with the diagnostics.
#[derive(Debug)]
pub struct Analysis<'t> {
    pub draft: Draft<'t>,
    /// The resolved channel with any configured overrides; `None` when unknown.
    pub channel: Option<Cow<'static, Channel>>,
    /// HTML comments in the body (not sent, not linted).
    pub comments: Vec<Range<usize>>,
    pub placeholders: Vec<Placeholder>,
    pub rendered: Rendered,
    pub findings: Vec<Finding>,
    /// Whether the findings carry their fixes (see [`diagnose_with`](super::diagnose_with)).
    pub(crate) with_fixes: bool,
}

impl<'t> Analysis<'t> {
    pub fn text(&self) -> &'t str {
        self.draft.text
    }

    pub fn count_mode(&self) -> CountMode {
        self.channel.as_ref().map_or(CountMode::Utf16, |c| c.count)
    }

    /// The hard limit of the body for this draft's plan.
    pub fn body_limit(&self, config: &Config) -> Option<usize> {
        let free = self.draft.is_free_plan()
            || (self.draft.facts.plan.is_none() && config.plan.as_deref() == Some("free"));
        self.channel.as_ref()?.limit_for(free)
    }

    pub fn stats(&self, config: &Config) -> Stats {
        let mode = self.count_mode();
        let words = word_count(&self.rendered.text);
        Stats {
            channel: self.channel.as_ref().map(|c| c.id.clone()),
            used: mode.count(&self.rendered.text),
            limit: self.body_limit(config),
            soft_limit: self.channel.as_ref().and_then(|c| c.soft_limit),
            unit: mode.name(),
            words,
            subject_used: self
                .draft
                .facts
                .subject
                .as_ref()
                .map(|s| mode.count(&s.value)),
            subject_limit: self.channel.as_ref().and_then(|c| c.subject_limit),
            reading_seconds: metrics::reading_seconds(words),
            grade: metrics::reading_grade(&self.rendered.text),
        }
    }
}

pub(crate) fn apply_overrides(channel: &'static Channel, config: &Config) -> Cow<'static, Channel> {
    let Some(o) = config.channels.get(&channel.id) else {
        return Cow::Borrowed(channel);
    };
    let mut c = channel.clone();
    c.limit = o.limit.or(c.limit);
    c.free_limit = o
        .free_limit
        .or(o.limit.map(|l| c.free_limit.map_or(l, |f| f.min(l))));
    c.soft_limit = o.soft_limit.or(c.soft_limit);
    c.subject_limit = o.subject_limit.or(c.subject_limit);
    c.count = o.count.unwrap_or(c.count);
    Cow::Owned(c)
}
