//! `sendwell check --format github` and `--format sarif` on tests/fixtures/pipeline (emoji, CJK,
//! CRLF, a comma in a file name, a misspelled channel): golden files, the official SARIF 2.1.0
//! schema, and UTF-16 columns worked out here from the text.
//! Regenerate the golden files with `SENDWELL_BLESS=1 cargo test --test pipeline_formats`.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const FIXTURES: &str = "tests/fixtures/pipeline";

fn sendwell(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run sendwell")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// Compares `actual` with the golden file, or rewrites it under `SENDWELL_BLESS=1`.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    if std::env::var_os("SENDWELL_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!("no {name}: run SENDWELL_BLESS=1 cargo test --test pipeline_formats")
    });
    assert_eq!(
        actual, expected,
        "{name} changed (if deliberate: SENDWELL_BLESS=1 cargo test --test pipeline_formats)"
    );
}

fn check(format: &str) -> (String, i32) {
    let o = sendwell(&["check", "--format", format, FIXTURES]);
    (stdout(&o), o.status.code().unwrap())
}

#[test]
fn github_annotations_match_the_golden_file() {
    let (out, code) = check("github");
    assert_eq!(code, 1, "the misspelled channel is an error");
    golden("pipeline.github.golden", &out);
}

#[test]
fn github_commands_escape_file_names_and_put_one_command_per_finding() {
    let (out, _) = check("github");
    let (json, _) = check("json");
    let report: Value = serde_json::from_str(&json).unwrap();
    let findings: usize = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["findings"].as_array().unwrap().len())
        .sum();
    let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), findings, "{out}");
    assert!(findings > 3);
    // The file name "emoji, cjk.md" has a comma, which would end the property unescaped.
    assert!(
        out.contains("file=tests/fixtures/pipeline/emoji%2C cjk.md,line="),
        "{out}"
    );
    for c in &commands {
        let (level, rest) = c[2..].split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&level), "{c}");
        let (props, _message) = rest.split_once("::").unwrap();
        for prop in props.split(',') {
            let (key, _) = prop.split_once('=').unwrap();
            assert!(
                ["file", "line", "col", "endLine", "endColumn", "title"].contains(&key),
                "{c}"
            );
        }
    }
    let summary = format!("Checked {} drafts", report["summary"]["drafts"]);
    assert!(out.lines().last().unwrap().starts_with(&summary), "{out}");
}

fn sarif() -> Value {
    let (out, code) = check("sarif");
    assert_eq!(code, 1);
    serde_json::from_str(&out).expect("SARIF is JSON")
}

#[test]
fn sarif_matches_the_golden_file() {
    let (out, _) = check("sarif");
    golden("pipeline.sarif.golden", &out);
}

#[test]
fn sarif_validates_against_the_official_2_1_0_schema() {
    let schema_text = include_str!("fixtures/sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    for paths in [
        vec![FIXTURES],
        vec!["examples"],
        vec!["tests/fixtures/sequences"],
    ] {
        let mut args = vec!["check", "--format", "sarif"];
        args.extend(paths.iter().copied());
        let log: Value = serde_json::from_slice(&sendwell(&args).stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{paths:?}: {errors:#?}");
    }
    // The validator does reject a log that breaks the schema.
    let mut broken = sarif();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_regions_count_utf16_code_units() {
    let log = sarif();
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let mut checked_astral = false;
    for r in run["results"].as_array().unwrap() {
        let location = &r["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        let path = uri.replace("%2C", ",").replace("%20", " ");
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path))
            .unwrap_or_else(|_| panic!("{uri} names a fixture"));
        let region = &location["region"];
        for (line_key, col_key, offset) in [
            (
                "startLine",
                "startColumn",
                region["byteOffset"].as_u64().unwrap(),
            ),
            (
                "endLine",
                "endColumn",
                region["byteOffset"].as_u64().unwrap() + region["byteLength"].as_u64().unwrap(),
            ),
        ] {
            let before = &text[..offset as usize];
            let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let line = before.matches('\n').count() + before.matches('\r').count()
                - before.matches("\r\n").count()
                + 1;
            let col = before[line_start..].encode_utf16().count() + 1;
            assert_eq!(region[line_key], line as u64, "{uri} {region}");
            assert_eq!(region[col_key], col as u64, "{uri} {region}");
            if before[line_start..].chars().any(|c| c.len_utf16() == 2) {
                checked_astral = true;
            }
        }
    }
    assert!(
        checked_astral,
        "a finding after an emoji, where UTF-16 and character columns differ"
    );
}

#[test]
fn sarif_describes_each_rule_with_help_and_a_link_into_the_rules_reference() {
    let log = sarif();
    let driver = &log["runs"][0]["tool"]["driver"];
    let rules = driver["rules"].as_array().unwrap();
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"))
        .unwrap();
    for r in &log["runs"][0]["results"].as_array().unwrap()[..] {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        let id = rule["id"].as_str().unwrap();
        let title = rule["shortDescription"]["text"].as_str().unwrap();
        assert!(
            docs.contains(&format!("## `{id}`: {title}\n")),
            "{id}: the title is the heading in docs/rules.md"
        );
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
        let uri = rule["helpUri"].as_str().unwrap();
        assert!(uri.contains("/docs/rules.md#"), "{uri}");
        let anchor = uri.split_once('#').unwrap().1;
        assert!(
            anchor.starts_with(&format!("{}-", id.replace('.', ""))),
            "{uri}"
        );
    }
}

#[test]
fn sarif_paths_are_relative_uris_and_unreadable_files_are_notifications() {
    let log = sarif();
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains(&"tests/fixtures/pipeline/emoji%2C%20cjk.md"),
        "{uris:?}"
    );
    let o = sendwell(&[
        "check",
        "--format",
        "sarif",
        "tests/fixtures/no-such-draft.md",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
            ["artifactLocation"]["uri"],
        "tests/fixtures/no-such-draft.md"
    );
}
