//! `sendwell.toml` from the command line: discovery upward from the draft, severities and `off`,
//! word lists, a broken config, user packs and a bad user regex.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A fresh folder under the system temp dir for one test, removed when the test ends (pass or
/// fail), so runs leave nothing behind.
struct Workdir(PathBuf);

impl std::ops::Deref for Workdir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn workdir(name: &str) -> Workdir {
    let dir = std::env::temp_dir().join(format!("sendwell-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Workdir(dir)
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn sendwell(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run sendwell")
}

fn check_json(dir: &Path, path: &str) -> (Value, i32) {
    let o = sendwell(dir, &["check", "--format", "json", path]);
    let v = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    (v, o.status.code().unwrap())
}

/// `(rule, severity)` of each finding in the report's first file.
fn found(report: &Value) -> Vec<(String, String)> {
    report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

// The congratulation is a hook, so only the spam rules have something to say.
const DRAFT: &str = "---\nchannel: message\nto: Nadia Hassan\n---\nHi Nadia, a FREE gift!! Any thoughts on synergy? Congrats on the launch.\n";

#[test]
fn the_nearest_config_above_the_draft_applies() {
    let dir = workdir("discovery");
    write(&dir, "sendwell.toml", "[rules]\nspam = \"off\"\n");
    write(&dir, "team/drafts/note.md", DRAFT);
    let (report, code) = check_json(&dir, "team/drafts/note.md");
    assert_eq!(found(&report), vec![], "{report}");
    assert_eq!(code, 0);
    // A closer config replaces the outer one entirely.
    write(
        &dir,
        "team/sendwell.toml",
        "[rules]\n\"spam.shouting\" = \"error\"\n",
    );
    let (report, code) = check_json(&dir, "team/drafts/note.md");
    assert_eq!(
        found(&report),
        // "FREE" is spam's finding (its shouting related to it, one finding per span); "!!"
        // is shouting's.
        vec![
            ("spam.trigger-word".into(), "warning".into()),
            ("spam.shouting".into(), "error".into()),
        ]
    );
    assert_eq!(code, 1, "an error-level finding fails the check");
}

#[test]
fn rule_setting_beats_category_and_words_tune_phrase_rules() {
    let dir = workdir("precedence");
    write(
        &dir,
        "sendwell.toml",
        "[rules]\nspam = \"off\"\n\"spam.trigger-word\" = \"info\"\n\n[words.\"spam.trigger-word\"]\nallow = [\"free gift\"]\nadd = [\"synergy\"]\n",
    );
    write(&dir, "note.md", DRAFT);
    let (report, _) = check_json(&dir, "note.md");
    assert_eq!(
        found(&report),
        vec![("spam.trigger-word".into(), "info".into())]
    );
    assert_eq!(
        report["files"][0]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("synergy"),
        true
    );
}

#[test]
fn a_broken_config_is_reported_with_file_and_line_and_defaults_apply() {
    let dir = workdir("broken");
    write(
        &dir,
        "sendwell.toml",
        "plan = \"free\"\n[rules\nspam = \"off\"\n",
    );
    write(&dir, "note.md", DRAFT);
    let o = sendwell(&dir, &["check", "note.md"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("sendwell.toml"), "{stderr}");
    assert!(stderr.contains("line 2"), "{stderr}");
    assert!(stderr.contains("defaults apply"), "{stderr}");
    assert_eq!(o.status.code(), Some(2));
    let (report, _) = check_json(&dir, "note.md");
    assert!(
        found(&report).iter().any(|(r, _)| r == "spam.trigger-word"),
        "defaults apply: {report}"
    );
    assert!(report["errors"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("sendwell.toml"));
}

#[test]
fn a_misspelled_rule_or_severity_is_reported() {
    let dir = workdir("typo");
    write(
        &dir,
        "sendwell.toml",
        "[rules]\n\"spam.shoutng\" = \"off\"\nstyle = \"loud\"\n",
    );
    write(&dir, "note.md", DRAFT);
    let o = sendwell(&dir, &["check", "note.md"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("line 2") && stderr.contains("did you mean spam.shouting"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 3") && stderr.contains("“loud” is not a severity"),
        "{stderr}"
    );
}

const PACK: &str = r#"
[[rule]]
id = "acme.jargon"
title = "Jargon"
severity = "warning"
kind = "phrase"
message = "“{match}” is jargon."
why = "Plain words get more replies."
fix = "Say what you mean."
bad = "Let's find synergy."
good = "Let's compare notes."

[rule.params]
phrases = ["synergy", "circle the wagons"]

[[rule]]
id = "acme.broken"
title = "Broken"
severity = "info"
kind = "pattern"
why = "w"
fix = "f"

[rule.params]
patterns = ['(?P<oops']
"#;

#[test]
fn user_packs_add_rules_and_a_bad_regex_is_reported_while_the_rest_works() {
    let dir = workdir("packs");
    write(&dir, "sendwell.toml", "packs = [\"./my-rules\"]\n");
    write(&dir, "my-rules/acme.toml", PACK);
    write(&dir, "note.md", DRAFT);
    let o = sendwell(&dir, &["check", "note.md"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let line = PACK.lines().position(|l| l.contains("(?P<oops")).unwrap() + 1;
    assert!(stderr.contains("acme.toml"), "{stderr}");
    assert!(stderr.contains(&format!("line {line}")), "{stderr}");
    assert!(stderr.contains("acme.broken"), "{stderr}");
    let (report, _) = check_json(&dir, "note.md");
    let rules: Vec<String> = found(&report).into_iter().map(|r| r.0).collect();
    assert!(rules.contains(&"acme.jargon".to_string()), "{rules:?}");
    assert!(
        rules.contains(&"spam.trigger-word".to_string()),
        "built-ins still run: {rules:?}"
    );
    // The user rule is documented like a built-in one.
    let out = sendwell(&dir, &["explain", "acme.jargon"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Plain words get more replies."));
    let out = sendwell(&dir, &["rules"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("acme.jargon"));
}

#[test]
fn a_missing_pack_folder_is_reported_at_the_packs_line() {
    let dir = workdir("nofolder");
    write(
        &dir,
        "sendwell.toml",
        "plan = \"free\"\npacks = [\"./nope\"]\n",
    );
    write(&dir, "note.md", DRAFT);
    let o = sendwell(&dir, &["check", "note.md"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("line 2") && stderr.contains("./nope"),
        "{stderr}"
    );
}

#[test]
fn pack_folders_and_pack_links_outside_the_config_folder_are_refused_and_not_read() {
    let dir = workdir("outside");
    let outside_pack = PACK.replace("acme.", "outside.");
    write(&dir, "outside/evil.toml", &outside_pack);
    write(
        &dir,
        "project/sendwell.toml",
        "plan = \"free\"\npacks = [\"../outside\", \"../../../../../../../../etc\", \"./linked\"]\n",
    );
    write(&dir, "project/note.md", DRAFT);
    #[cfg(unix)]
    {
        std::fs::create_dir_all(dir.join("project/linked")).unwrap();
        std::os::unix::fs::symlink(
            dir.join("outside/evil.toml"),
            dir.join("project/linked/evil.toml"),
        )
        .unwrap();
    }
    let project = dir.join("project");
    let o = sendwell(&project, &["check", "note.md"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("line 2") && stderr.contains("“../outside” is outside"),
        "{stderr}"
    );
    assert!(
        stderr.contains("“../../../../../../../../etc” is outside"),
        "{stderr}"
    );
    #[cfg(unix)]
    assert!(stderr.contains("evil.toml” links outside"), "{stderr}");
    assert!(
        !stderr.contains("outside.broken"),
        "the outside pack was read: {stderr}"
    );
    let (report, _) = check_json(&project, "note.md");
    let rules: Vec<String> = found(&report).into_iter().map(|r| r.0).collect();
    assert!(
        !rules.iter().any(|r| r.starts_with("outside.")),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"spam.trigger-word".to_string()),
        "{rules:?}"
    );
}
