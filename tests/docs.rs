//! `docs/rules.md` is generated from the rule packs; this fails when it is out of date.
//! To regenerate it: `SENDWELL_BLESS=1 cargo test --test docs`.

use std::path::Path;
use std::process::Command;

#[test]
fn docs_rules_md_matches_the_packs() {
    let want = sendwell::cli::docs::markdown(&sendwell::engine::catalog::BUILTIN.rules);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    if std::env::var_os("SENDWELL_BLESS").is_some() {
        std::fs::write(&path, &want).expect("write docs/rules.md");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is out of date with rules/*.toml; regenerate it with \
         `SENDWELL_BLESS=1 cargo test --test docs`"
    );
}

#[test]
fn the_cli_prints_the_same_reference() {
    let out = Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(["rules", "--markdown"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let want = sendwell::cli::docs::markdown(&sendwell::engine::catalog::BUILTIN.rules);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
}

#[test]
fn every_rule_is_in_the_reference_with_its_why_and_example() {
    let md = sendwell::cli::docs::markdown(&sendwell::engine::catalog::BUILTIN.rules);
    for r in &sendwell::engine::catalog::BUILTIN.rules {
        assert!(
            md.contains(&format!("## `{}`: {}", r.id, r.title)),
            "{}",
            r.id
        );
        assert!(
            md.contains(&format!("| `{}` | {} |", r.id, r.severity.as_str())),
            "{}",
            r.id
        );
    }
}
