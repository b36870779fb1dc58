//! `sendwell explain RULE` and `sendwell rules`: the built-in rules and those of the packs the
//! `sendwell.toml` above the current folder brings.

use std::process::ExitCode;

use crate::config_file;
use crate::engine::catalog::{RuleDoc, BUILTIN};

/// Built-in rules, then user packs' rules. Problems in the config or packs go to stderr.
fn all_rules() -> Vec<RuleDoc> {
    let mut rules = BUILTIN.rules.clone();
    let cwd = std::env::current_dir().unwrap_or_default();
    if let Some(path) = config_file::find(&cwd) {
        let loaded = config_file::load(&path);
        for p in &loaded.problems {
            eprintln!("warning: {p}");
        }
        rules.extend(
            loaded
                .config
                .user_packs
                .iter()
                .flat_map(|p| p.rules.iter().cloned()),
        );
    }
    rules
}

pub fn explain(id: &str) -> ExitCode {
    let rules = all_rules();
    let Some(rule) = rules.iter().find(|r| r.id == id) else {
        eprintln!("error: no rule `{id}`. `sendwell rules` lists them.");
        let close: Vec<_> = rules
            .iter()
            .filter(|r| strsim::jaro_winkler(&r.id, id) > 0.85)
            .map(|r| r.id.as_str())
            .collect();
        if !close.is_empty() {
            eprintln!("did you mean: {}", close.join(", "));
        }
        return ExitCode::from(2);
    };
    println!("{} — {}", rule.id, rule.title);
    println!(
        "severity: {}    channels: {}\n",
        rule.severity_label(),
        rule.channels_label()
    );
    println!("Why it matters\n  {}\n", wrap(&rule.why, 2));
    println!("How to fix\n  {}\n", wrap(&rule.fix, 2));
    if let Some(source) = &rule.source {
        println!("Source\n  {}\n", wrap(source, 2));
    }
    if let Some(bad) = &rule.bad {
        println!("Bad\n{}\n", indent(bad.trim_end(), 4));
    }
    if let Some(good) = &rule.good {
        println!("Good\n{}\n", indent(good.trim_end(), 4));
    }
    println!(
        "Disable it in a draft with front-matter `sendwell: {{ disable: [{}] }}`.",
        rule.id
    );
    ExitCode::SUCCESS
}

/// Lists every rule, or with `markdown` prints the rules reference (`docs/rules.md`).
pub fn list(markdown: bool) -> ExitCode {
    let rules = all_rules();
    if markdown {
        print!("{}", super::docs::markdown(&rules));
        return ExitCode::SUCCESS;
    }
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in &rules {
        println!(
            "{:width$}  {:7}  {:28}  {}",
            r.id,
            r.severity.as_str(),
            r.channels_label(),
            r.title
        );
    }
    ExitCode::SUCCESS
}

fn wrap(text: &str, indent_by: usize) -> String {
    let pad = " ".repeat(indent_by);
    let mut out = String::new();
    let mut col = 0;
    for word in text.split_whitespace() {
        if col > 0 && col + word.len() > 90 {
            out.push('\n');
            out.push_str(&pad);
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += word.len();
    }
    out
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
