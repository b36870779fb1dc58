//! `textDocument/hover`: findings explained from the rule data, the channel's limits and where the
//! draft stands, what a placeholder renders to, and the first name `to:` gives.

use std::ops::Range;

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::convert::Positions;
use crate::engine::config::Config;
use crate::engine::draft::placeholder_key;
use crate::engine::render::Placeholder;
use crate::engine::{metrics, packs, Analysis};

pub fn hover(a: &Analysis, pos: &Positions, offset: usize, config: &Config) -> Option<Hover> {
    let within = |r: &Range<usize>| r.start <= offset && offset <= r.end;
    let mut sections = Vec::new();
    let mut range: Option<Range<usize>> = None;
    if let Some(p) = a.placeholders.iter().find(|p| within(&p.range)) {
        sections.push(placeholder(a, p));
        range = Some(p.range.clone());
    }
    for f in a.findings.iter().filter(|f| within(&f.range)) {
        // Editors show the diagnostic's message beside the hover already: start at the rule.
        sections.push(
            packs::doc(config, &f.rule).map_or_else(|| f.message.clone(), |doc| doc.markdown()),
        );
        range.get_or_insert(f.range.clone());
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
    if let Some(soft) = c.soft_limit {
        md.push_str(&format!("- Recommended: under {soft}. {}\n", c.soft_reason));
    }
    md.push_str(&format!("\n*Source:* {}\n", c.source));
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
