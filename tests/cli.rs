//! `sendwell check`, `explain` and `rules` on the bundled examples and on files made here.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn sendwell(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run sendwell")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json_check(args: &[&str]) -> (Value, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = sendwell(&all);
    (
        serde_json::from_slice(&o.stdout).expect("JSON on stdout"),
        o.status.code().unwrap(),
    )
}

fn rules_of(report: &Value, file: &str) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("{file} not in report"))["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn examples_report_their_findings_and_exit_1() {
    let (report, code) = json_check(&["examples"]);
    assert_eq!(code, 1, "errors present → exit 1");
    assert_eq!(report["version"], 1);
    assert!(rules_of(&report, "bad-inmail.md").contains(&"frontmatter.unknown-channel".to_string()));
    assert!(rules_of(&report, "crlf-free-plan-note.md").contains(&"limit.body".to_string()));
    let good = rules_of(&report, "good-connection-note.md");
    assert!(good.is_empty(), "good note: {good:?}");
    assert_eq!(report["summary"]["skipped"], 1, "the non-draft is skipped");
}

#[test]
fn json_ranges_give_line_column_and_byte_offset() {
    let (report, _) = json_check(&["examples/bad-inmail.md"]);
    let f = &report["files"][0]["findings"][0];
    assert_eq!(f["rule"], "frontmatter.unknown-channel");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["range"]["start"]["line"], 2);
    assert_eq!(f["range"]["start"]["column"], 10);
    assert_eq!(f["range"]["end"]["column"], 16);
    assert_eq!(f["range"]["start"]["offset"], 13);
}

#[test]
fn columns_count_characters_after_cjk_and_crlf() {
    let (report, _) = json_check(&["examples/crlf-free-plan-note.md"]);
    let xx = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "placeholder.unfilled")
        .unwrap()
        .clone();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/crlf-free-plan-note.md"),
    )
    .unwrap();
    let offset = xx["range"]["start"]["offset"].as_u64().unwrap() as usize;
    assert_eq!(&text[offset..offset + 2], "XX");
    let line = text[..offset].split("\r\n").count();
    let col = text[..offset]
        .rsplit("\r\n")
        .next()
        .unwrap()
        .chars()
        .count()
        + 1;
    assert_eq!(xx["range"]["start"]["line"], line as u64);
    assert_eq!(xx["range"]["start"]["column"], col as u64);
}

#[test]
fn human_output_looks_like_a_compiler() {
    let o = sendwell(&["check", "examples/bad-inmail.md"]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "error[frontmatter.unknown-channel]: Unknown channel “inmial”. Did you mean “inmail”?"
        ),
        "{out}"
    );
    assert!(out.contains("--> examples/bad-inmail.md:2:10"), "{out}");
    assert!(out.contains("^^^^^^"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour when piped");
    // The misspelled channel skips only the per-channel rules: the rest still speak (issue #14).
    assert!(
        out.contains("these are skipped: the channel's limits"),
        "{out}"
    );
    assert!(
        out.contains("warning[personalization.generic-opener]"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("Checked 1 draft: 2 errors, 3 warnings."),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn clean_draft_exits_0() {
    let o = sendwell(&["check", "examples/good-connection-note.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn unreadable_and_non_utf8_files_are_named_and_the_rest_still_checked() {
    let dir = tempdir();
    std::fs::write(
        dir.join("bad.md"),
        b"---\nchannel: note\n---\nHi \xff\xfe there",
    )
    .unwrap();
    std::fs::write(dir.join("ok.md"), "---\nchannel: note\n---\nHi [Name]").unwrap();
    let (report, code) = json_check(&[dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(report["errors"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("bad.md"));
    assert!(report["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not UTF-8"));
    assert!(rules_of(&report, "ok.md").contains(&"placeholder.unfilled".to_string()));
    let (_, code) = json_check(&["/no/such/path"]);
    assert_eq!(code, 2);
}

#[test]
fn gitignored_files_are_skipped_when_walking() {
    let dir = tempdir();
    std::fs::write(dir.join(".gitignore"), "drafts-old/\n").unwrap();
    std::fs::create_dir(dir.join("drafts-old")).unwrap();
    std::fs::write(
        dir.join("drafts-old/x.md"),
        "---\nchannel: note\n---\nHi [Name]",
    )
    .unwrap();
    std::fs::write(dir.join("y.txt"), "---\nchannel: note\n---\nHi XX").unwrap();
    let (report, _) = json_check(&[dir.to_str().unwrap()]);
    let paths: Vec<_> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("y.txt"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        sendwell(&["check", "--format", "yaml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        sendwell(&["explain", "no.such-rule"]).status.code(),
        Some(2)
    );
}

#[test]
fn explain_prints_the_rule_text() {
    let o = sendwell(&["explain", "limit.body"]);
    let out = stdout(&o);
    assert!(
        out.starts_with("limit.body — Message over the channel's limit"),
        "{out}"
    );
    assert!(
        out.contains("Why it matters") && out.contains("300 characters"),
        "{out}"
    );
    assert!(out.contains("How to fix"));
}

#[test]
fn rules_lists_every_rule() {
    let out = stdout(&sendwell(&["rules"]));
    for id in [
        "frontmatter.invalid",
        "limit.body",
        "placeholder.unfilled",
        "subject.missing",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(id)),
            "{id} missing from:\n{out}"
        );
    }
}

fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sendwell-cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_folder_without_drafts_says_so() {
    let dir = tempdir();
    std::fs::write(dir.join("notes.rst"), "not a draft").unwrap();
    let o = sendwell(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("no .md, .markdown or .txt files were found"),
        "{}",
        stdout(&o)
    );
    // A folder with a draft says what it checked instead.
    let o = sendwell(&["check", "examples/good-connection-note.md"]);
    assert!(!stdout(&o).contains("were found"), "{}", stdout(&o));
}

#[test]
fn plan_on_the_examples_shows_the_example_sequence() {
    let o = sendwell(&["plan", "examples"]);
    let out = stdout(&o);
    // Step 3 is dated by its `day: 14` offset from step 1.
    for want in ["2027-01-12", "2027-01-19", "2027-01-26", "northwind"] {
        assert!(out.contains(want), "{want} missing from:\n{out}");
    }
    let (report, _) = json_check(&["examples/sequence"]);
    assert_eq!(report["summary"]["drafts"], 3);
    assert_eq!(report["summary"]["warnings"], 0, "{report}");
    assert_eq!(report["summary"]["errors"], 0, "{report}");
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    // `sendwell check examples | head -1`: the pipe closes after one line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(["check", "examples"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run sendwell");
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("internal error"), "{stderr}");
}
