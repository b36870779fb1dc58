//! What users read about a rule (`explain`, hover, docs/rules.md) cites public sources by title
//! and URL, never files outside the repository that no user can open (issue #14 item 8).

use std::path::Path;

use sendwell::engine::catalog::BUILTIN;

/// Signs of a path outside the repository: the team's reference folder, a parent directory, or
/// the numbered article files kept there.
fn names_a_file_outside(text: &str) -> Option<&'static str> {
    if text.contains("seeds/") {
        return Some("seeds/");
    }
    if text.contains("../") {
        return Some("../");
    }
    let numbered_article = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .any(|w| {
            w.ends_with(".txt")
                && w.len() > 4
                && w[..w.len() - 4].split_once('_').is_some_and(|(n, h)| {
                    n.chars().all(|c| c.is_ascii_digit())
                        && h.chars().all(|c| c.is_ascii_hexdigit())
                })
        });
    numbered_article.then_some("a numbered .txt article")
}

#[test]
fn no_rule_text_names_a_file_outside_the_repository() {
    let rules_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(&rules_dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if let Some(what) = names_a_file_outside(line) {
                panic!("{}:{}: names {what}: {line}", path.display(), n + 1);
            }
        }
    }
}

#[test]
fn every_rule_about_the_message_cites_a_public_url() {
    // Rules about the draft file itself (it parses, it is not too large) explain the tool, not
    // outreach advice.
    let about_the_file = |id: &str| id.starts_with("frontmatter.") || id.starts_with("file.");
    let mut missing = Vec::new();
    for rule in BUILTIN.rules.iter().filter(|r| !about_the_file(&r.id)) {
        let cited = rule
            .source
            .as_deref()
            .is_some_and(|s| s.contains("https://") || s.contains("http://"));
        if !cited {
            missing.push(rule.id.as_str());
        }
    }
    assert!(
        missing.is_empty(),
        "rules without an http(s) source: {missing:?}"
    );
}

#[test]
fn the_check_catches_what_it_looks_for() {
    assert_eq!(names_a_file_outside("see seeds/README.md"), Some("seeds/"));
    assert_eq!(names_a_file_outside("(../shared/x)"), Some("../"));
    assert!(names_a_file_outside("002_47d5b397cdd5d506.txt (asking)").is_some());
    assert_eq!(
        names_a_file_outside("“Title” (Site), https://example.com/a/b"),
        None
    );
}
