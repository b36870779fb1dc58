//! The engine: parse a draft, run the rules, return findings with byte ranges. It knows nothing
//! of the LSP or the terminal; `crate::lsp` and `crate::cli` are thin layers over [`analyze`].

pub mod catalog;
pub mod channels;
pub mod config;
pub mod config_edit;
pub mod draft;
pub mod finding;
pub mod finding_cap;
pub mod fix_all;
#[cfg(test)]
mod fix_props;
pub mod frontmatter;
pub mod mailmerge;
pub mod memo;
#[cfg(test)]
mod memo_props;
pub mod metrics;
pub mod packs;
pub mod render;
pub mod rules;
pub mod sequence;
pub mod size;
pub mod suppress;
pub mod words;

use std::borrow::Cow;
use std::ops::Range;

use channels::{Channel, CountMode};
use config::Config;
use draft::Draft;
use finding::Finding;
use memo::Memo;
use render::{Placeholder, Rendered};

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
    /// Whether the findings carry their fixes (see [`diagnose_with`]).
    pub(crate) with_fixes: bool,
}

/// Where the draft stands against its channel.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Stats {
    pub channel: Option<String>,
    pub used: usize,
    pub limit: Option<usize>,
    pub soft_limit: Option<usize>,
    pub unit: &'static str,
    pub words: usize,
    pub subject_used: Option<usize>,
    pub subject_limit: Option<usize>,
    /// See [`metrics`]: seconds to read, and the Flesch–Kincaid grade.
    pub reading_seconds: usize,
    pub grade: Option<u32>,
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

/// Words as Unicode word segmentation finds them (see [`words`]).
pub fn word_count(s: &str) -> usize {
    let mut n = 0;
    words::each(s, |_, _| n += 1);
    n
}

/// Compiles the rule set and every rule's patterns now. The first lint otherwise pays for it (a
/// hundred milliseconds or more of regex compilation), so the server calls this as soon as the
/// editor's handshake is answered, before the first document arrives.
pub fn warm_up() {
    const SAMPLE: &str = "---\nchannel: inmail\nto: Sam Lee\nsubject: Hello\n---\nHi Sam, I read your post. Open to a chat?";
    let _ = analyze(SAMPLE, &Config::default());
}

/// Lints `text`. `None` means it is not a draft (no front-matter `channel`), and nothing is said.
pub fn analyze<'t>(text: &'t str, config: &Config) -> Option<Analysis<'t>> {
    lint(text, config, None, true)
}

/// Lints `text` as [`analyze`] does, reading again only the paragraphs that `memo` does not
/// hold from the last lint of this document (see [`memo`]). The findings are the same.
pub fn analyze_with<'t>(text: &'t str, config: &Config, memo: &Memo) -> Option<Analysis<'t>> {
    lint(text, config, Some(memo), true)
}

/// The findings [`analyze_with`] gives, without their fixes: what publishing diagnostics needs.
/// Some fixes cost more than the findings (a long draft's overflow copied into a follow-up, a
/// "disable" edit per finding), and only a code action asks for them; it calls `analyze_with`.
pub fn diagnose_with<'t>(text: &'t str, config: &Config, memo: &Memo) -> Option<Analysis<'t>> {
    lint(text, config, Some(memo), false)
}

fn lint<'t>(
    text: &'t str,
    config: &Config,
    memo: Option<&Memo>,
    with_fixes: bool,
) -> Option<Analysis<'t>> {
    let draft = Draft::parse(text)?;
    let channel = draft
        .facts
        .channel
        .as_ref()
        .and_then(|c| channels::lookup(&c.value))
        .map(|c| apply_overrides(c, config));
    let body = draft.body();
    let comments = render::comments(text, body.clone());
    let placeholders = render::placeholders(text, body.clone(), &comments, &draft.facts);
    let rendered = Rendered::build(text, body, &comments, &placeholders);
    let mut analysis = Analysis {
        draft,
        channel,
        comments,
        placeholders,
        rendered,
        findings: Vec::new(),
        with_fixes,
    };
    let mut findings = Vec::new();
    rules::run(&analysis, config, memo, &mut findings);
    if !with_fixes {
        // Rules that make their fixes as they go made a few; none are kept, so no finding
        // here has some of its fixes and not others.
        findings.iter_mut().for_each(|f| f.fixes.clear());
    }
    analysis.findings = settle(findings, &analysis.draft, &analysis.comments, config);
    Some(analysis)
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

/// Applies configured severities and in-draft suppressions (front-matter `sendwell.disable` and
/// `<!-- sendwell-disable… -->` comments), orders findings by position, and keeps at most
/// [`finding_cap::MAX_FINDINGS`] of them.
pub fn settle(
    findings: Vec<Finding>,
    draft: &Draft,
    comments: &[Range<usize>],
    config: &Config,
) -> Vec<Finding> {
    let comment_directives = suppress::Suppressions::parse(draft.text, comments);
    let mut out: Vec<Finding> = findings
        .into_iter()
        .filter(|f| !comment_directives.covers(&f.rule, &f.range))
        .filter(|f| {
            !draft
                .facts
                .disabled
                .iter()
                .any(|d| d == &f.rule || f.rule.starts_with(&format!("{d}.")))
        })
        .filter_map(|mut f| {
            f.severity = config.severity(&f.rule, f.severity)?;
            Some(f)
        })
        .collect();
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    finding_cap::cap(out, config)
}
