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

    /// The subject's text as written in the front-matter, when the channel sends one (or the
    /// channel is unknown): pack rules read it like a paragraph of the body. A quoted subject is
    /// read inside its quotes.
    pub fn subject_text(&self) -> Option<Range<usize>> {
        use super::channels::SubjectPolicy;
        if self
            .channel
            .as_ref()
            .is_some_and(|c| c.subject != SubjectPolicy::Required)
        {
            return None;
        }
        let subject = self.draft.facts.subject.as_ref()?;
        let raw = &self.text()[subject.range.clone()];
        let quoted = raw.len() >= 2
            && (raw.starts_with('"') && raw.ends_with('"')
                || raw.starts_with('\'') && raw.ends_with('\''));
        let inner = if quoted {
            1..raw.len() - 1
        } else {
            0..raw.len()
        };
        // A block scalar or a multi-line value is not a one-line subject; its first line is enough.
        let line = raw[inner.clone()].split(['\n', '\r']).next().unwrap_or("");
        Some(subject.range.start + inner.start..subject.range.start + inner.start + line.len())
    }

    /// Whether the draft's channel is `follow-up` (a reply to an unanswered message).
    pub fn is_follow_up_channel(&self) -> bool {
        self.channel.as_ref().is_some_and(|c| c.id == "follow-up")
    }

    /// Whether this is the sender's first message to someone they have not met: not a
    /// follow-up (by channel, or a `step:` of 2 or more in a sequence) and no `met:` saying they
    /// have met or talked. Rules about strangers (no name, no hook, heavy or job asks) read it.
    pub fn is_first_touch(&self) -> bool {
        let facts = &self.draft.facts;
        let step = facts
            .step
            .as_ref()
            .and_then(|s| s.value.trim().parse::<u32>().ok());
        let follow_up = self.is_follow_up_channel();
        let met = facts.met.as_ref().is_some_and(|m| {
            !matches!(
                m.value.trim().to_ascii_lowercase().as_str(),
                "" | "false" | "no" | "never"
            )
        });
        !follow_up && !step.is_some_and(|s| s > 1) && !met
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
