//! `sendwell check` gates for CI: `--deny warnings` / `--error-on SEVERITY` decide the exit
//! status; `--select` and `--ignore` decide which rules report, by ID or category.

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::Value;

/// A draft with warnings (hedging, clichés) and no error.
const WARNINGS_ONLY: &str = "tests/fixtures/pipeline/crlf-inmail.md";

fn check(args: &[&str]) -> (Value, i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(["check", "--format", "json"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run sendwell");
    (
        serde_json::from_slice(&o.stdout).unwrap_or(Value::Null),
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn rules(report: &Value) -> BTreeSet<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn warnings_pass_unless_denied() {
    let (report, code, _) = check(&[WARNINGS_ONLY]);
    assert_eq!(report["summary"]["errors"], 0);
    assert!(report["summary"]["warnings"].as_u64().unwrap() > 0);
    assert_eq!(code, 0);
    for gate in [
        &["--deny", "warnings"][..],
        &["--deny=warning"],
        &["--error-on", "warning"],
        &["--error-on", "info"],
        &["--error-on", "hint"],
    ] {
        let (_, code, _) = check(&[gate, &[WARNINGS_ONLY]].concat());
        assert_eq!(code, 1, "{gate:?}");
    }
    let (_, code, _) = check(&["--error-on", "error", WARNINGS_ONLY]);
    assert_eq!(code, 0);
}

#[test]
fn a_severity_that_does_not_exist_is_a_usage_error() {
    let (_, code, stderr) = check(&["--deny", "loud", WARNINGS_ONLY]);
    assert_eq!(code, 2);
    assert!(stderr.contains("'loud' is not a severity"), "{stderr}");
}

#[test]
fn select_and_ignore_take_ids_and_categories() {
    let (all, _, _) = check(&["examples"]);
    let all = rules(&all);
    let categories: BTreeSet<&str> = all.iter().map(|r| r.split('.').next().unwrap()).collect();
    assert!(categories.len() >= 3, "{all:?}");
    let some = *categories.iter().next().unwrap();
    for written in [some.to_string(), format!("{some}."), format!("{some}.*")] {
        let (selected, _, _) = check(&["--select", &written, "examples"]);
        let selected = rules(&selected);
        assert!(!selected.is_empty());
        assert!(
            selected.iter().all(|r| r.starts_with(&format!("{some}."))),
            "{selected:?}"
        );
        let (ignored, _, _) = check(&["--ignore", &written, "examples"]);
        let ignored = rules(&ignored);
        assert!(ignored.iter().all(|r| !r.starts_with(&format!("{some}."))));
        assert_eq!(selected.len() + ignored.len(), all.len(), "{written}");
    }
    let one = all.iter().next().unwrap();
    let other = all.iter().nth(1).unwrap();
    let (report, _, _) = check(&["--select", &format!("{one},{other}"), "examples"]);
    assert_eq!(rules(&report), BTreeSet::from([one.clone(), other.clone()]));
}

#[test]
fn ignoring_the_errors_makes_the_run_pass() {
    let (report, code, _) = check(&["examples"]);
    assert_eq!(code, 1);
    let errors: BTreeSet<String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .filter(|f| f["severity"] == "error")
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    let mut args = vec![];
    for rule in &errors {
        args.extend(["--ignore", rule.as_str()]);
    }
    args.push("examples");
    let (report, code, _) = check(&args);
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(code, 0);
}

#[test]
fn an_unknown_rule_name_is_reported_and_fails_the_run() {
    let (report, code, _) = check(&["--ignore", "spam.shoutin", WARNINGS_ONLY]);
    assert_eq!(code, 2);
    let e = &report["errors"][0];
    assert_eq!(e["path"], "--ignore");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("did you mean spam.shouting"),
        "{e}"
    );
    assert_eq!(
        report["summary"]["drafts"], 1,
        "the drafts are still checked"
    );
}
