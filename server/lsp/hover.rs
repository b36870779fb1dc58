//! `textDocument/hover`: findings explained from the rule data, the channel's limits and where the
//! draft stands, what a placeholder renders to, and the first name `to:` gives.

use std::ops::Range;

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::convert::Positions;
use crate::engine::card::{self, More};
use crate::engine::catalog::BUILTIN;
use crate::engine::config::Config;
use crate::engine::draft::placeholder_key;
use crate::engine::finding::Finding;
use crate::engine::render::Placeholder;
use crate::engine::{metrics, packs, Analysis};

/// Cards shown for the findings under the cursor; the rest are counted.
const MAX_CARDS: usize = 3;

/// The hover at `offset`: a placeholder's value, then the findings there (the draft's own and
/// the cross-file ones in `cross`) as short cards, the narrowest first, so the word's own finding
/// leads and a paragraph- or draft-wide one comes last; else the channel's or the recipient's
/// card.
pub fn hover(
    a: &Analysis,
    pos: &Positions,
    offset: usize,
    config: &Config,
    cross: &[Finding],
    more: More,
) -> Option<Hover> {
    let within = |r: &Range<usize>| r.start <= offset && offset <= r.end;
    let mut sections = Vec::new();
    let mut range: Option<Range<usize>> = None;
    if let Some(p) = a.placeholders.iter().find(|p| within(&p.range)) {
        sections.push(placeholder(a, p));
        range = Some(p.range.clone());
    }
    let mut here: Vec<&Finding> = a
        .findings
        .iter()
        .chain(cross)
        .filter(|f| within(&f.range))
        .collect();
    here.sort_by_key(|f| (f.range.len(), f.severity, std::cmp::Reverse(f.range.start)));
    for f in here.iter().take(MAX_CARDS) {
        sections.push(finding_card(f, config, more));
    }
    if here.len() > MAX_CARDS {
        let n = here.len() - MAX_CARDS;
        sections.push(format!(
            "+{n} more finding{} here: see the Problems list, or `sendwell explain RULE`.",
            if n == 1 { "" } else { "s" }
        ));
    }
    if let Some(first) = here.first() {
        range.get_or_insert(first.range.clone());
    }
    if sections.is_empty() {
        let facts = &a.draft.facts;
        if let Some(channel) = facts.channel.as_ref().filter(|c| within(&c.range)) {
            sections.push(channel_card(a, config)?);
            range = Some(channel.range.clone());
        } else if let Some(to) = facts.to.as_ref().filter(|t| within(&t.range)) {
            sections.push(to_card(a));
            range = Some(to.range.clone());
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: range.map(|r| pos.range(&r)),
    })
}

/// The client command a card's "More" link runs, from `initializationOptions.explainCommand`;
/// only a plain command name, since it goes into a link.
pub fn explain_command(init: Option<&serde_json::Value>) -> Option<String> {
    let name = init?.get("explainCommand")?.as_str()?;
    let plain = !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    plain.then(|| name.to_string())
}

/// A finding's card from its rule's text; a rule without text (none today) shows its message.
fn finding_card(f: &Finding, config: &Config, more: More) -> String {
    match packs::doc(config, &f.rule) {
        Some(doc) => card::card(doc, BUILTIN.get(&f.rule).is_some(), more),
        None => f.message.clone(),
    }
}

fn placeholder(a: &Analysis, p: &Placeholder) -> String {
    let token = &a.text()[p.range.clone()];
    match &p.value {
        Some(value) => format!(
            "`{token}` renders as **{value}** (from `{}`).",
            source_of(a, &p.name)
        ),
        None if p.name.is_empty() => {
            format!("`{token}` is a blank to fill in by hand: it has no value and would be sent as written.")
        }
        None => format!("`{token}` has no value yet: it would be sent as written."),
    }
}

/// The front-matter key a placeholder's value comes from, as `Facts::placeholder_value` finds it.
fn source_of(a: &Analysis, name: &str) -> String {
    let key = placeholder_key(name);
    if let Some((k, _)) = a
        .draft
        .facts
        .vars
        .iter()
        .find(|(k, _)| placeholder_key(k) == key)
    {
        return format!("vars.{k}:");
    }
    let explicit_first_name = a
        .draft
        .root
        .as_ref()
        .is_some_and(|r| r.get("first_name").is_some());
    match key.as_str() {
        "first_name" | "firstname" | "first" | "name" if explicit_first_name => "first_name:",
        "first_name" | "firstname" | "first" | "name" => "to:",
        "company" | "company_name" | "companyname" | "organization" | "org" => "company:",
        "role" | "title" | "job_title" | "position" => "role:",
        _ => "to:",
    }
    .to_string()
}

fn channel_card(a: &Analysis, config: &Config) -> Option<String> {
    let c = a.channel.as_ref()?;
    let stats = a.stats(config);
    let limit = stats
        .limit
        .map_or("no hard limit".to_string(), |l| format!("{l} characters"));
    let mut md = format!(
        "**{}** — {}\n\n- Used: **{}**{} ({})\n- Words: {}\n- Reading time: about {}\n",
        c.name,
        limit,
        stats.used,
        stats.limit.map_or(String::new(), |l| format!("/{l}")),
        stats.unit,
        stats.words,
        metrics::reading_time_label(stats.words),
    );
    if let Some(grade) = stats.grade {
        md.push_str(&format!(
            "- Reading grade: {grade} (Flesch–Kincaid; 6–8 reads easily)\n"
        ));
    }
    if let Some(limit) = stats.subject_limit {
        md.push_str(&format!(
            "- Subject: {}/{limit}\n",
            stats.subject_used.unwrap_or(0)
        ));
    }
    // The channel data names the research notes its figures come from: not for the card.
    if let Some(soft) = c.soft_limit {
        md.push_str(&format!(
            "- Recommended: under {soft}. {}\n",
            card::without_file_references(&c.soft_reason)
        ));
    }
    md.push_str(&format!(
        "\n*Source:* {}\n",
        card::without_file_references(&c.source)
    ));
    Some(md)
}

fn to_card(a: &Analysis) -> String {
    match &a.draft.facts.first_name {
        Some(first) => {
            let overridden = a
                .draft
                .root
                .as_ref()
                .is_some_and(|r| r.get("first_name").is_some());
            let from = if overridden {
                " (set by `first_name:`)"
            } else {
                ""
            };
            format!("First name used: **{first}**{from}. `{{first_name}}` renders as this, and greetings are checked against it.")
        }
        None => "No first name: add `to:` with their full name.".to_string(),
    }
}
