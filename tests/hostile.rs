//! Hostile and broken input: huge files, binary, a million lines, one enormous line, YAML bombs,
//! thousands of placeholders. Each must be handled in bounded time and memory, over the protocol
//! and from the command line; above the size cap a draft gets one clear diagnostic instead of
//! a lint, and the CLI reports the file and checks the others.

mod common;

use std::process::Command;

use common::Server;
use sendwell::engine::analyze;
use sendwell::engine::config::Config;
use serde_json::{json, Value};

const HEAD: &str = "---\nchannel: message\nto: Sarah Chen\n---\n";

#[test]
fn a_50_mb_draft_gets_one_diagnostic_instead_of_a_lint() {
    let mut s = Server::start();
    let big = format!(
        "{HEAD}{}",
        "All work and no play. ".repeat(50 * 1024 * 1024 / 22)
    );
    s.open("file:///w/big.md", &big);
    let d = s.diagnostics("file:///w/big.md", Some(1));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "file.too-large");
    assert_eq!(d[0]["severity"], 2);
    assert_eq!(d[0]["range"]["start"], json!({ "line": 0, "character": 0 }));
    assert_eq!(d[0]["range"]["end"], json!({ "line": 0, "character": 3 }));
    assert!(d[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("File is 50.0 MiB, over the 2.0 MiB Sendwell checks"));
    // Requests on it are answered without running the rules.
    let hover = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///w/big.md" }, "position": { "line": 4, "character": 3 } }),
    );
    assert_eq!(hover["result"], Value::Null, "{hover}");
    // A large file that is not a draft is as silent as any other non-draft.
    s.open(
        "file:///w/big.log",
        &"log line\n".repeat(6 * 1024 * 1024 / 9),
    );
    s.open("file:///w/small.md", &format!("{HEAD}Hi [Name]"));
    s.diagnostics("file:///w/small.md", Some(1));
    assert!(!s
        .backlog
        .iter()
        .any(|m| m["params"]["uri"] == "file:///w/big.log"));
    let peak = common::memory_kib(s.pid(), "VmHWM");
    // The message itself is 50 MiB and arrives as JSON; a few copies are unavoidable, hundreds
    // are not.
    assert!(peak < 600 * 1024, "peak {peak} KiB");
    assert_eq!(s.stop(), 0);
}

#[test]
fn the_size_cap_is_configurable() {
    let mut s = Server::start_with(json!({
        "capabilities": {}, "initializationOptions": { "max_file_bytes": 200 }
    }));
    s.open("file:///w/a.md", &format!("{HEAD}{}", "word ".repeat(40)));
    let d = s.diagnostics("file:///w/a.md", Some(1));
    assert_eq!(
        common::summarize(&d),
        vec![("file.too-large".into(), [0, 0, 0, 3])]
    );
}

#[test]
fn binary_and_control_characters_are_linted_without_harm() {
    let mut s = Server::start();
    let junk: String = (0u8..=255)
        .cycle()
        .take(70_000)
        .map(|b| {
            if b < 128 {
                b as char
            } else {
                char::from_u32(0xfffd).unwrap()
            }
        })
        .collect();
    s.open("file:///w/bin.md", &format!("{HEAD}{junk}"));
    let d = s.diagnostics("file:///w/bin.md", Some(1));
    assert!(!d.is_empty());
    assert_eq!(s.stop(), 0);
}

#[test]
fn a_million_short_lines_and_one_megabyte_line_are_checked() {
    let mut s = Server::start();
    let lines = format!("{HEAD}{}", "ok\n".repeat(600_000));
    let one_line = format!("{HEAD}{}", "word ".repeat(200_000));
    s.open("file:///w/lines.md", &lines);
    s.open("file:///w/line.md", &one_line);
    for uri in ["file:///w/lines.md", "file:///w/line.md"] {
        let d = s.diagnostics(uri, Some(1));
        let codes: Vec<&str> = d.iter().map(|d| d["code"].as_str().unwrap()).collect();
        assert!(codes.contains(&"limit.body"), "{uri}: {codes:?}");
    }
    // An edit at the far end of the long line: positions there are exact.
    s.change("file:///w/line.md", 2, &[(4, 1_000_000, 4, 1_000_000, "!")]);
    let d = s.diagnostics("file:///w/line.md", Some(2));
    assert!(d.iter().any(|d| d["code"] == "limit.body"));
    assert_eq!(s.stop(), 0);
}

/// The issue's 10,000: pack rules look placeholders up by binary search, so this is linear. Only
/// the first 1,000 findings are kept, and one more counts the rest.
#[test]
fn ten_thousand_placeholders() {
    let text = format!("{HEAD}{}", "Hi {company} ".repeat(10_000));
    let a = analyze(&text, &Config::default()).unwrap();
    assert_eq!(a.findings.len(), 1001);
    let last = a.findings.last().unwrap();
    assert_eq!(last.rule, "file.too-many-findings");
    assert!(
        last.message.contains("Most are 'placeholder.unfilled' (9,"),
        "{}",
        last.message
    );
    let mut s = Server::start();
    s.open("file:///w/p.md", &text);
    let d = s.diagnostics("file:///w/p.md", Some(1));
    assert_eq!(d.len(), 1001);
    assert_eq!(d[1000]["code"], "file.too-many-findings");
}

/// Ten levels of ten aliases each: 10^10 strings if anything expanded them.
fn billion_laughs() -> String {
    let mut y = String::from("---\nchannel: message\nlol0: &l0 [\"lol\"]\n");
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 10].join(", ");
        y.push_str(&format!("lol{i}: &l{i} [{refs}]\n"));
    }
    y.push_str("to: *l9\nvars: *l9\nsendwell: *l9\n---\nHi {to}\n");
    y
}

#[test]
fn yaml_aliases_are_never_expanded() {
    let text = billion_laughs();
    let a = analyze(&text, &Config::default()).unwrap();
    // The front-matter parsed (no `frontmatter.invalid`) and `to:` stayed an unexpanded alias.
    assert!(a.findings.iter().all(|f| f.rule != "frontmatter.invalid"));
    assert!(a.draft.facts.to.is_none());
    let mut s = Server::start();
    s.open("file:///w/lol.md", &text);
    s.diagnostics("file:///w/lol.md", Some(1));
    assert!(common::memory_kib(s.pid(), "VmHWM") < 100 * 1024);
}

#[test]
fn deeply_nested_and_huge_yaml_is_bounded() {
    for yaml in [
        format!("x: {}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("x: {}", "{a: ".repeat(50_000)),
        "k: v\n".repeat(20_000),
        (0..20_000).map(|i| format!("- {i}\n")).collect(),
    ] {
        let text = format!("---\nchannel: message\n{yaml}\n---\nHi Sarah");
        let a = analyze(&text, &Config::default()).unwrap();
        assert!(a.findings.iter().all(|f| f.range.end <= text.len()));
    }
}

#[test]
fn the_cli_reports_oversized_and_binary_files_and_checks_the_rest() {
    let dir = std::env::temp_dir().join(format!("sendwell-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("big.md"),
        format!("{HEAD}{}", "x".repeat(3 * 1024 * 1024)),
    )
    .unwrap();
    std::fs::write(
        dir.join("binary.md"),
        b"---\nchannel: message\n---\n\x00\xff\xfe\x89PNG",
    )
    .unwrap();
    std::fs::write(dir.join("good.md"), format!("{HEAD}Hi [Name]")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(["check", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let errors: Vec<(String, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let path = e["path"].as_str().unwrap();
            let name = path.rsplit('/').next().unwrap().to_string();
            (name, e["message"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, "big.md");
    assert!(
        errors[0].1.starts_with("File is 3.0 MiB, over the 2.0 MiB"),
        "{errors:?}"
    );
    assert_eq!(errors[1].0, "binary.md");
    assert!(errors[1].1.starts_with("not UTF-8 text"), "{errors:?}");
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(files.iter().any(|p| p.ends_with("good.md")), "{files:?}");
}

fn pack_rule(id: &str, kind: &str, params: &str) -> String {
    format!(
        "[[rule]]\nid = \"{id}\"\ntitle = \"T\"\nseverity = \"info\"\nkind = \"{kind}\"\nwhy = \"w\"\nfix = \"f\"\n[rule.params]\n{params}\n"
    )
}

/// Runs `sendwell check --format json` on `note.md` in `dir`, killing it if it has not finished
/// after a generous two minutes: a backtracking regex engine on the inputs below would run for
/// longer than the universe, so only a hang fails this, never a slow machine.
fn check_with_watchdog(dir: &std::path::Path) -> (Value, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(["check", "--format", "json", "note.md"])
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = done.clone();
    std::thread::spawn(move || {
        for _ in 0..1200 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            if flag.load(std::sync::atomic::Ordering::SeqCst) {
                return;
            }
        }
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    });
    let out = child.wait_with_output().unwrap();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(out.status.code().is_some(), "killed: the check hung");
    let report = serde_json::from_slice(&out.stdout).expect("JSON report");
    (report, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A scratch folder that is removed when the test ends, pass or fail: the hostile packs are
/// megabytes each, and a folder per run filled the temporary directory.
struct Scratch(std::path::PathBuf);

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn pack_dir(name: &str, packs: &[(&str, String)], body: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!(
        "sendwell-hostile-packs-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("packs")).unwrap();
    std::fs::write(dir.join("sendwell.toml"), "packs = [\"packs\"]\n").unwrap();
    for (file, text) in packs {
        std::fs::write(dir.join("packs").join(file), text).unwrap();
    }
    std::fs::write(dir.join("note.md"), format!("{HEAD}{body}")).unwrap();
    Scratch(dir)
}

fn errors(report: &Value) -> Vec<String> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e["path"].as_str().unwrap(),
                e["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn rules_found(report: &Value) -> Vec<String> {
    report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn user_regexes_built_to_backtrack_run_in_linear_time() {
    // Each is exponential for a backtracking engine on the draft below; Rust's regex is not one.
    let patterns = r#"patterns = ['(a+)+$', '(a|aa)+b', '(?:a*)*c', '^(\w+\s?)*$']"#;
    let body = format!("Hi Sarah, {}!", "a".repeat(200_000));
    let dir = pack_dir(
        "slow",
        &[("slow.toml", pack_rule("acme.slow", "pattern", patterns))],
        &body,
    );
    let (report, stderr) = check_with_watchdog(&dir);
    assert_eq!(errors(&report), Vec::<String>::new(), "{stderr}");
    assert!(report["files"][0]["findings"].is_array(), "{report}");
}

#[test]
fn a_regex_over_the_size_limit_is_a_clear_error_and_the_other_rules_run() {
    let bomb = pack_rule("acme.bomb", "pattern", r"patterns = ['(?:\w{100}){100}']");
    let dir = pack_dir(
        "bomb",
        &[("bomb.toml", bomb)],
        "Hi Sarah, a FREE gift. Any news?",
    );
    let (report, _) = check_with_watchdog(&dir);
    let errors = errors(&report);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("bomb.toml")
            && errors[0].contains("line 9")
            && errors[0].contains("acme.bomb")
            && errors[0].contains("size limit"),
        "{errors:?}"
    );
    assert!(rules_found(&report).contains(&"spam.trigger-word".to_string()));
}

#[test]
fn a_huge_word_list_is_refused_with_a_clear_error_at_bounded_cost() {
    // 60,000 phrases: over the compiled-regex size limit, under the file size cap.
    let phrases: Vec<String> = (0..60_000).map(|i| format!("\"w{i} x{i}\"")).collect();
    let huge = pack_rule(
        "acme.huge",
        "phrase",
        &format!("phrases = [{}]", phrases.join(",")),
    );
    // Over the file size cap: not even parsed.
    let giant = pack_rule(
        "acme.giant",
        "phrase",
        &format!("phrases = [\"{}\"]", "y ".repeat(3 << 20)),
    );
    let good = pack_rule("acme.jargon", "phrase", "phrases = [\"synergy\"]");
    let dir = pack_dir(
        "huge",
        &[
            ("giant.toml", giant),
            ("good.toml", good),
            ("huge.toml", huge),
        ],
        "Hi Sarah, any synergy? Any news?",
    );
    let (report, _) = check_with_watchdog(&dir);
    let errors = errors(&report);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].contains("giant.toml") && errors[0].contains("larger than 4 MiB"),
        "{errors:?}"
    );
    assert!(
        errors[1].contains("huge.toml")
            && errors[1].contains("acme.huge")
            && errors[1].contains("size limit"),
        "{errors:?}"
    );
    assert!(
        rules_found(&report).contains(&"acme.jargon".to_string()),
        "{report}"
    );
}
