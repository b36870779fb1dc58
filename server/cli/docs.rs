//! `docs/rules.md`: every rule's documentation, generated from the rule packs so the docs cannot
//! drift from what `sendwell explain` and hover cards say. `tests/docs.rs` fails when the file in
//! the repository is out of date.

use crate::engine::catalog::RuleDoc;

/// The rules reference in Markdown.
pub fn markdown<'r>(rules: impl IntoIterator<Item = &'r RuleDoc>) -> String {
    let rules: Vec<&RuleDoc> = rules.into_iter().collect();
    let mut md = String::from(
        "# Rules\n\n\
         <!-- Generated from rules/*.toml by `sendwell rules --markdown`. Do not edit by hand:\n\
         \x20    edit the pack, then run `SENDWELL_BLESS=1 cargo test --test docs`. -->\n\n\
         Every rule Sendwell checks, with its stable ID, default severity and the channels it \
         applies to. Change a severity or switch a rule off in `sendwell.toml` (`[rules]`), or in \
         one draft with `<!-- sendwell-disable-next-line RULE -->` or front-matter \
         `sendwell: { disable: [RULE] }`.\n\n\
         | ID | default | channels | title |\n|---|---|---|---|\n",
    );
    for r in &rules {
        md.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.id,
            r.severity.as_str(),
            r.channels_label(),
            r.title
        ));
    }
    for r in &rules {
        md.push_str(&format!("\n## `{}`: {}\n\n", r.id, r.title));
        md.push_str(&format!(
            "Default **{}** · channels: {} · kind: {}\n\n",
            r.severity_label(),
            r.channels_label(),
            r.kind
        ));
        md.push_str(&format!("{}\n\n", paragraph(&r.why)));
        md.push_str(&format!("**How to fix:** {}\n", paragraph(&r.fix)));
        if let Some(source) = &r.source {
            md.push_str(&format!("\n**Source:** {}\n", paragraph(source)));
        }
        for (label, example) in [("Bad", &r.bad), ("Good", &r.good)] {
            if let Some(example) = example {
                md.push_str(&format!(
                    "\n**{label}:**\n\n```markdown\n{}\n```\n",
                    example.trim_matches('\n')
                ));
            }
        }
    }
    md
}

/// Rule text is wrapped in the packs for editing; in Markdown one line per paragraph diffs best.
fn paragraph(s: &str) -> String {
    s.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}
