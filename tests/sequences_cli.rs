//! `sendwell check` and `sendwell plan` over workspaces of several drafts: the cross-file
//! (sequence and volume) findings, their evidence, and the schedule in each format.

use std::process::{Command, Output};

use serde_json::Value;

const ACME: &str = "tests/fixtures/sequences/acme";
const CLEAN: &str = "tests/fixtures/sequences/clean";

fn sendwell(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run sendwell")
}

fn json(args: &[&str]) -> Value {
    let o = sendwell(args);
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

/// The text a JSON range covers in the file at `path` (relative to the crate).
fn covered(path: &str, range: &Value) -> String {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap();
    let (a, b) = (
        range["start"]["offset"].as_u64().unwrap() as usize,
        range["end"]["offset"].as_u64().unwrap() as usize,
    );
    text[a..b].to_string()
}

/// (file name, rule, covered text) of every finding in a check report.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for file in report["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let name = path.rsplit('/').next().unwrap().to_string();
        for f in file["findings"].as_array().unwrap() {
            out.push((
                name.clone(),
                f["rule"].as_str().unwrap().to_string(),
                covered(path, &f["range"]),
            ));
        }
    }
    out
}

#[test]
fn check_reports_cross_file_findings_with_evidence_in_other_files() {
    let report = json(&["check", "--format", "json", ACME]);
    let all = findings(&report);
    let cross: Vec<_> = all
        .iter()
        .filter(|f| {
            f.1.starts_with("sequence.") || f.1.starts_with("volume.") || f.1.starts_with("timing.")
        })
        .cloned()
        .collect();
    let s = |n: &str, r: &str, t: &str| (n.to_string(), r.to_string(), t.to_string());
    assert_eq!(
        cross,
        [
            s("2-inmail.md", "sequence.channel-order", "inmail"),
            s("2-inmail.md", "sequence.too-soon", "1"),
            s("2-inmail.md", "sequence.repeated-text", "Your SupplyConf talk on safety stock changed how we plan inventory. Would you share how your team sizes buffers"),
            s("4-nudge.md", "sequence.gap", "4"),
            s("4-nudge.md", "timing.weekend", "2026-03-07"),
            s("4-nudge.md", "volume.per-recipient", "2026-03-07"),
        ]
    );
    // The evidence points into the other drafts, by path and exact range.
    let inmail = &report["files"][1];
    assert!(inmail["path"].as_str().unwrap().ends_with("2-inmail.md"));
    let too_soon = &inmail["findings"][1];
    assert_eq!(too_soon["rule"], "sequence.too-soon");
    let related = &too_soon["related"][0];
    assert!(related["path"]
        .as_str()
        .unwrap()
        .ends_with("acme/1-invite.md"));
    assert_eq!(related["range"]["start"]["line"], 6);
    assert_eq!(related["range"]["start"]["column"], 7);
    assert_eq!(
        covered(related["path"].as_str().unwrap(), &related["range"]),
        "2026-03-02"
    );
}

#[test]
fn check_of_one_file_sees_only_that_file_and_a_clean_sequence_is_silent() {
    // Alone, step 4 has no other sends to the same person, and its missing earlier steps are
    // not a gap: they may have gone out already.
    let report = json(&["check", "--format", "json", &format!("{ACME}/4-nudge.md")]);
    let rules: Vec<String> = findings(&report).into_iter().map(|f| f.1).collect();
    // A later step has its context in the earlier ones: no-hook reads first touches only. Its
    // bare "any thoughts?" is a lazy follow-up.
    assert_eq!(rules, ["timing.weekend", "etiquette.lazy-follow-up"]);
    let report = json(&["check", "--format", "json", CLEAN]);
    assert_eq!(findings(&report), []);
}

#[test]
fn human_output_shows_the_other_draft() {
    let o = sendwell(&["check", ACME]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("warning[sequence.too-soon]: Step 2 is planned 1 day after step 1 (1-invite.md, 2026-03-02)"), "{text}");
    assert!(text.contains("step 1 goes out 2026-03-02"), "{text}");
    assert!(text.contains("acme/1-invite.md:6:7"), "{text}");
    assert_eq!(o.status.code(), Some(0), "warnings only");
}

#[test]
fn plan_prints_the_schedule_and_totals_as_a_table() {
    let o = sendwell(&["plan", "tests/fixtures/sequences"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "DATE        DAY  CHANNEL          RECIPIENT    SEQUENCE       STEP  FILE"
    );
    assert_eq!(lines[1], "2026-03-02  Mon  connection-note  Sarah Chen   acme           1     tests/fixtures/sequences/acme/1-invite.md");
    assert_eq!(lines[5], "2026-03-07  Sat  message          Sarah Chen   acme           4     tests/fixtures/sequences/acme/4-nudge.md");
    assert!(
        text.contains("\n2026-03-02 Mon  2      0/100     2\n"),
        "{text}"
    );
    assert!(
        text.contains("\n2026-03-02  5      3         2/100\n"),
        "{text}"
    );
}

#[test]
fn plan_as_json_and_csv() {
    let plan = json(&["plan", "--format", "json", "tests/fixtures/sequences/clean"]);
    let rows: Vec<(String, String, u64)> = plan["sends"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["date"].as_str().unwrap().into(),
                s["channel"].as_str().unwrap().into(),
                s["day"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("2026-03-02".to_string(), "connection-note".to_string(), 0),
            ("2026-03-06".into(), "message".into(), 4),
            ("2026-03-10".into(), "follow-up".into(), 8)
        ]
    );
    assert_eq!(plan["weeks"][0]["invitations"], 1);
    assert_eq!(plan["caps"]["weekly_invitations"], 100);

    let o = sendwell(&["plan", "--format", "csv", "tests/fixtures/sequences/clean"]);
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "kind,date,day,channel,recipient,sequence,step,file,sends,messages,invitations,cap,over_cap");
    assert_eq!(lines[1], "send,2026-03-02,0,connection-note,Priya Raman,northwind-ops,1,tests/fixtures/sequences/clean/1-note.md,,,,,");
    assert!(
        lines.contains(&"week,2026-03-02,,,,,,,2,1,1,100,false"),
        "{text}"
    );
    assert!(
        lines.contains(&"week,2026-03-09,,,,,,,1,1,0,100,false"),
        "{text}"
    );
}

#[test]
fn plan_and_check_flag_a_week_over_the_invitation_cap() {
    let dir = std::env::temp_dir().join(format!("sendwell-plan-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..101 {
        let day = 2 + i % 5; // Monday 2 March to Friday 6 March
        std::fs::write(
            dir.join(format!("note-{i:03}.md")),
            format!("---\nchannel: connection-note\nto: Person {i}\nsend: 2026-03-{day:02}\n---\nHi, I enjoyed your talk on topic {i}.\n"),
        )
        .unwrap();
    }
    let d = dir.to_str().unwrap();
    let o = sendwell(&["plan", d]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("2026-03-02  101    0         101/100      OVER CAP"),
        "{text}"
    );
    let report = json(&["check", "--format", "json", d]);
    let flagged: Vec<String> = findings(&report)
        .into_iter()
        .filter(|f| f.1 == "volume.weekly-invitations")
        .map(|f| f.0)
        .collect();
    // In send order (date, then file) the 101st is the last of the Friday notes (i % 5 == 4).
    assert_eq!(flagged, ["note-099.md"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_and_plan_skip_what_the_config_excludes() {
    let dir = std::env::temp_dir().join(format!("sendwell-exclude-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("archive/2026")).unwrap();
    std::fs::create_dir_all(dir.join("live")).unwrap();
    let step2 = |when: &str| {
        format!("---\nchannel: message\nto: Sarah Chen\nsequence: acme\nstep: 2\nsend: {when}\n---\nSarah, here is the buffer checklist I mentioned.\n")
    };
    // The archived step 2 went out in February; the live one is the resend.
    std::fs::write(dir.join("archive/2026/2.md"), step2("2026-02-03")).unwrap();
    std::fs::write(dir.join("live/2.md"), step2("2026-03-03")).unwrap();
    let d = dir.to_str().unwrap();
    let gaps = |report: &Value| -> Vec<String> {
        findings(report)
            .into_iter()
            .filter(|f| f.1 == "sequence.gap")
            .map(|f| f.0)
            .collect()
    };
    // Without exclusions the two are duplicate step 2s.
    let report = json(&["check", "--format", "json", d]);
    assert_eq!(gaps(&report), ["2.md", "2.md"]);
    assert_eq!(report["files"].as_array().unwrap().len(), 2);

    std::fs::write(dir.join("sendwell.toml"), "exclude = [\"archive/**\"]\n").unwrap();
    let report = json(&["check", "--format", "json", d]);
    assert_eq!(gaps(&report), Vec::<String>::new());
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].ends_with("live/2.md"), "{files:?}");
    let plan = json(&["plan", "--format", "json", d]);
    let dates: Vec<&str> = plan["sends"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-03-03"]);
    // A file named on the command line is checked even when excluded.
    let archived = dir.join("archive/2026/2.md");
    let report = json(&["check", "--format", "json", archived.to_str().unwrap()]);
    assert_eq!(report["files"].as_array().unwrap().len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_send_date_that_does_not_exist_is_a_finding_and_formula_cells_are_defused_in_csv() {
    let dir = std::env::temp_dir().join(format!("sendwell-baddate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.md"),
        "---\nchannel: message\nto: \"=HYPERLINK(\\\"http://x.test\\\",\\\"hi\\\")\"\nsequence: \"@SUM(1+1)\"\nstep: 1\nsend: 2026-03-02\n---\nSarah, here is the checklist.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.md"),
        "---\nchannel: message\nto: Sarah Chen\nsend: 2026-02-30\n---\nSarah, here is the checklist.\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let invalid: Vec<_> = findings(&json(&["check", "--format", "json", d]))
        .into_iter()
        .filter(|f| f.1 == "frontmatter.invalid")
        .collect();
    assert_eq!(
        invalid,
        [(
            "b.md".to_string(),
            "frontmatter.invalid".to_string(),
            "2026-02-30".to_string()
        )]
    );
    let o = sendwell(&["plan", "--format", "csv", d]);
    let text = String::from_utf8(o.stdout).unwrap();
    let a = dir.join("a.md");
    let b = dir.join("b.md");
    assert_eq!(
        text,
        format!(
            "kind,date,day,channel,recipient,sequence,step,file,sends,messages,invitations,cap,over_cap\n\
             send,2026-03-02,0,message,\"'=HYPERLINK(\"\"http://x.test\"\",\"\"hi\"\")\",'@SUM(1+1),1,{},,,,,\n\
             send,,,message,Sarah Chen,,,{},,,,,\n\
             day,2026-03-02,,,,,,,1,1,0,100,false\n\
             week,2026-03-02,,,,,,,1,1,0,100,false\n",
            a.display(),
            b.display()
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}
