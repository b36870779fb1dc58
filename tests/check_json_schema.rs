//! `docs/check-json.schema.json` describes `sendwell check --format json` exactly: real output
//! on the corpus, the examples, the benchmark data and the fixtures validates against it, and a
//! report with a field the schema does not list (or one missing) does not.

use std::process::Command;

use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let text = include_str!("../docs/check-json.schema.json");
    let schema: Value = serde_json::from_str(text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn json_check(paths: &[&str]) -> Value {
    let o = Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(["check", "--format", "json"])
        .args(paths)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run sendwell");
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

fn problems(validator: &jsonschema::Validator, report: &Value) -> Vec<String> {
    validator
        .iter_errors(report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn real_output_validates() {
    let validator = validator();
    for paths in [
        &["tests/corpus"][..],
        &["examples"],
        &["benches/data"],
        &["tests/fixtures/sequences", "tests/fixtures/pipeline"],
        &["examples/bad-inmail.md", "no-such-file.md"],
    ] {
        let report = json_check(paths);
        let problems = problems(&validator, &report);
        assert!(problems.is_empty(), "{paths:?}: {problems:#?}");
    }
}

#[test]
fn output_covers_the_optional_parts_of_the_schema() {
    // So `real_output_validates` is not vacuous: related places, nulls and errors all occur.
    let report = json_check(&["tests/fixtures/sequences", "examples", "no-such-file.md"]);
    let text = report.to_string();
    assert!(
        text.contains("\"related\""),
        "some finding has related places"
    );
    assert!(text.contains("\"channel\":null"));
    assert!(!report["errors"].as_array().unwrap().is_empty());
}

#[test]
fn the_schema_rejects_drift() {
    let validator = validator();
    let report = json_check(&["examples"]);
    let mut added = report.clone();
    added["files"][0]["findings"][0]["fix"] = "undocumented".into();
    assert!(
        !problems(&validator, &added).is_empty(),
        "an undocumented field"
    );
    let mut missing = report.clone();
    missing["summary"].as_object_mut().unwrap().remove("hints");
    assert!(
        !problems(&validator, &missing).is_empty(),
        "a missing field"
    );
    let mut wrong = report;
    wrong["files"][0]["findings"][0]["severity"] = "fatal".into();
    assert!(
        !problems(&validator, &wrong).is_empty(),
        "an unknown severity"
    );
}
