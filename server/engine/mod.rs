//! The engine: parse a draft, run the rules, return findings with byte ranges. It knows nothing
//! of the LSP or the terminal; `crate::lsp` and `crate::cli` are thin layers over [`analyze`].

mod analysis;
pub mod card;
pub mod catalog;
pub mod channels;
pub mod config;
pub mod config_edit;
pub mod date;
pub mod draft;
pub mod families;
pub mod file_name;
pub mod finding;
pub mod finding_cap;
pub mod fix_all;
#[cfg(test)]
pub(crate) mod fix_battery;
#[cfg(test)]
mod fix_docs;
#[cfg(test)]
mod fix_props;
pub mod frontmatter;
pub mod mailmerge;
pub mod memo;
#[cfg(test)]
mod memo_props;
pub mod metrics;
pub mod one_per_span;
pub mod packs;
pub mod render;
pub mod rules;
pub mod sequence;
pub mod size;
pub mod suppress;
#[cfg(test)]
pub(crate) mod test_support;
pub mod text_edit;
pub mod user_pack;
pub mod words;

use std::ops::Range;

pub(crate) use analysis::apply_overrides;
pub use analysis::Analysis;
use config::Config;
use draft::Draft;
use finding::Finding;
use memo::Memo;
pub use metrics::Stats;
use render::Rendered;
pub use words::word_count;

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
    let draft = Draft::parse_with(text, |yaml, base| match memo {
        // The key holds the offset: the nodes' ranges are offsets in the file.
        Some(memo) => memo.last_or(&format!("{base}\n{yaml}"), || {
            frontmatter::parse_yaml(yaml, base)
        }),
        None => frontmatter::parse_yaml(yaml, base),
    })?;
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
    families::run(&analysis, config, memo, &mut findings);
    if !with_fixes {
        // Rules that make their fixes as they go made a few; none are kept, so no finding
        // here has some of its fixes and not others.
        findings.iter_mut().for_each(|f| f.fixes.clear());
    }
    analysis.findings = settle(findings, &analysis.draft, &analysis.comments, config);
    Some(analysis)
}

/// Applies configured severities and in-draft suppressions (front-matter `sendwell.disable` and
/// `<!-- sendwell-disable… -->` comments), folds a less specific finding on the same text into
/// the more specific one ([`one_per_span`]), orders findings by position, and keeps at most
/// [`finding_cap::MAX_FINDINGS`] of them.
pub fn settle(
    findings: Vec<Finding>,
    draft: &Draft,
    comments: &[Range<usize>],
    config: &Config,
) -> Vec<Finding> {
    let comment_directives = suppress::Suppressions::parse(draft.text, comments);
    let out: Vec<Finding> = one_per_span::drop_disproved(findings)
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
    let mut out = one_per_span::fold(out);
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    finding_cap::cap(out, config)
}
