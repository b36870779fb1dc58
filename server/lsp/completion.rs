//! `textDocument/completion`: front-matter keys, channel names with their limits, and in the body
//! after `{` the placeholders the front-matter defines.

use std::ops::Range;

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionOptions, CompletionTextEdit, TextEdit,
};

use super::convert::Positions;
use crate::engine::channels::{Channel, SubjectPolicy, CHANNELS};
use crate::engine::draft::KNOWN_KEYS;
use crate::engine::Analysis;

pub fn options() -> CompletionOptions {
    CompletionOptions {
        trigger_characters: Some(vec!["{".into()]),
        ..Default::default()
    }
}

pub fn complete(a: &Analysis, pos: &Positions, offset: usize) -> Vec<CompletionItem> {
    let text = a.text();
    let block = &a.draft.block;
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    // On the closing `---` line itself there is nothing to complete.
    let in_frontmatter = offset >= block.yaml.start
        && (offset < block.yaml.end || (block.close_line.is_none() && offset <= block.yaml.end));
    if in_frontmatter {
        return frontmatter(a, pos, line_start, offset);
    }
    if offset >= a.draft.body().start {
        return placeholders(a, pos, offset);
    }
    Vec::new()
}

fn frontmatter(
    a: &Analysis,
    pos: &Positions,
    line_start: usize,
    offset: usize,
) -> Vec<CompletionItem> {
    let text = a.text();
    let before = &text[line_start..offset];
    if let Some(value) = before.strip_prefix("channel:") {
        let typed = value.trim_start();
        let range = offset - typed.len()..offset;
        return CHANNELS
            .iter()
            .map(|c| {
                item(
                    pos,
                    &range,
                    &c.id,
                    CompletionItemKind::ENUM_MEMBER,
                    limits(c),
                    &c.id,
                )
            })
            .collect();
    }
    if let Some(value) = before.strip_prefix("plan:") {
        let typed = value.trim_start();
        let range = offset - typed.len()..offset;
        return [
            ("free", "Connection notes held to 200 characters"),
            ("premium", "Connection notes of 300 characters"),
        ]
        .iter()
        .map(|(v, d)| {
            item(
                pos,
                &range,
                v,
                CompletionItemKind::ENUM_MEMBER,
                d.to_string(),
                v,
            )
        })
        .collect();
    }
    // A key at the start of a top-level line.
    if before.contains(':') || before.starts_with([' ', '\t', '-', '#']) {
        return Vec::new();
    }
    // Read from the lines, not the parsed YAML: a half-typed key breaks the parse.
    let yaml = &text[a.draft.block.yaml.clone()];
    let present: Vec<&str> = yaml
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()))
        .collect();
    let range = line_start..offset;
    KNOWN_KEYS
        .iter()
        .filter(|k| !present.contains(k) || **k == before)
        .map(|k| {
            let insert = if *k == "vars" || *k == "sendwell" {
                format!("{k}:")
            } else {
                format!("{k}: ")
            };
            item(
                pos,
                &range,
                k,
                CompletionItemKind::PROPERTY,
                key_detail(k).into(),
                &insert,
            )
        })
        .collect()
}

/// A channel's limits as one line: `300 characters (200 on the free plan) · no subject`.
fn limits(c: &Channel) -> String {
    let mut s = match (c.limit, c.free_limit) {
        (Some(l), Some(f)) => format!("{l} characters ({f} on the free plan)"),
        (Some(l), None) => format!("{l} characters"),
        (None, _) => "no hard limit".into(),
    };
    if let Some(soft) = c.soft_limit {
        s.push_str(&format!(", best under {soft}"));
    }
    s.push_str(&match (c.subject, c.subject_limit) {
        (SubjectPolicy::Required, Some(l)) => format!(" · subject required, {l} max"),
        (SubjectPolicy::Required, None) => " · subject required".into(),
        _ => " · no subject".into(),
    });
    format!("{} — {s}", c.name)
}

fn key_detail(key: &str) -> &'static str {
    match key {
        "channel" => "Where the message goes: sets the limits and rules",
        "to" => "The recipient's full name; fills {first_name}",
        "first_name" => "The first name, when it is not the first word of “to”",
        "company" => "Their company; fills {company}",
        "role" => "Their role; fills {role}",
        "subject" => "Subject line (InMail, Open Profile, email)",
        "plan" => "free or premium: free connection notes hold 200 characters",
        "sequence" => "Name shared by the steps of one sequence",
        "step" => "This draft's place in its sequence: 1, 2, …",
        "send" => "The date it goes out (YYYY-MM-DD)",
        "day" => "Days after the first step that it goes out",
        "connected" => "true once they accepted your invitation: a direct message reaches them",
        "vars" => "Values for your own placeholders",
        "sendwell" => "Settings for this draft, e.g. disable: [rule]",
        _ => "",
    }
}

/// After `{` or `{{` in the body: the names the front-matter gives values to.
fn placeholders(a: &Analysis, pos: &Positions, offset: usize) -> Vec<CompletionItem> {
    let text = a.text();
    let typed_len = text[..offset]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum::<usize>();
    let name_start = offset - typed_len;
    let braces = text[..name_start].len() - text[..name_start].trim_end_matches('{').len();
    if braces == 0 || braces > 2 {
        return Vec::new();
    }
    let closing = "}".repeat(braces);
    let after = &text[offset..];
    let close = if after.starts_with('}') { "" } else { &closing };
    let facts = &a.draft.facts;
    let mut names: Vec<(String, String)> = Vec::new();
    if let Some(first) = &facts.first_name {
        names.push(("first_name".into(), first.clone()));
    }
    for (key, value) in [
        ("to", &facts.to),
        ("company", &facts.company),
        ("role", &facts.role),
    ] {
        if let Some(v) = value {
            names.push((key.into(), v.value.clone()));
        }
    }
    for (k, v) in &facts.vars {
        if !names.iter().any(|(n, _)| n == k) {
            names.push((k.clone(), v.clone()));
        }
    }
    let range = name_start..offset;
    names
        .into_iter()
        .map(|(name, value)| {
            let insert = format!("{name}{close}");
            item(
                pos,
                &range,
                &name,
                CompletionItemKind::VARIABLE,
                format!("→ {value}"),
                &insert,
            )
        })
        .collect()
}

fn item(
    pos: &Positions,
    range: &Range<usize>,
    label: &str,
    kind: CompletionItemKind,
    detail: String,
    insert: &str,
) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: pos.range(range),
            new_text: insert.to_string(),
        })),
        ..Default::default()
    }
}
