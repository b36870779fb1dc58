//! `sendwell render`: the message as sent, with values from `--vars` or one message per row of a
//! recipients table, and rows that break the limit named.

use std::path::PathBuf;
use std::process::{Command, Output};

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sendwell-render-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sendwell(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(args)
        .output()
        .expect("run sendwell")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const NOTE: &str = "---\r\nchannel: connection-note\r\nto: Sarah Chen\r\n---\r\n<!-- private: met at SupplyConf -->\r\nHi {first_name} 👋, loved your {topic} talk at {company}. Open to connect?\r\n";

#[test]
fn renders_one_message_with_vars() {
    let dir = workdir("vars");
    let file = dir.join("note.md");
    std::fs::write(&file, NOTE).unwrap();
    let f = file.to_str().unwrap();

    let o = sendwell(&[
        "render",
        f,
        "--vars",
        "topic=forecasting",
        "company=Northwind",
    ]);
    assert_eq!(
        text(&o.stdout),
        "Hi Sarah 👋, loved your forecasting talk at Northwind. Open to connect?\n"
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));

    // `to` given from outside also gives the first name; a missing value is reported.
    let o = sendwell(&[
        "render",
        f,
        "--vars",
        "to=Dr. Bob Li",
        "--vars",
        "company=Acme",
    ]);
    assert_eq!(
        text(&o.stdout),
        "Hi Bob 👋, loved your {topic} talk at Acme. Open to connect?\n"
    );
    assert_eq!(text(&o.stderr), "error: unfilled {topic}\n");
    assert_eq!(o.status.code(), Some(1));

    let o = sendwell(&["render", f, "--vars", "oops"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--vars takes KEY=VALUE"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn renders_one_message_per_recipient_and_names_the_rows_that_break_the_limit() {
    let dir = workdir("csv");
    let file = dir.join("note.md");
    std::fs::write(&file, NOTE).unwrap();
    let long_topic = "x".repeat(250);
    let csv = format!(
        "\u{feff}to,topic,Company\r\nAna Ruiz,pricing,\"Acme, Inc.\"\r\n王芳,{long_topic},Northwind\r\nBob Li,,Globex\r\n"
    );
    let people = dir.join("people.csv");
    std::fs::write(&people, csv).unwrap();
    let o = sendwell(&[
        "render",
        file.to_str().unwrap(),
        "--recipients",
        people.to_str().unwrap(),
    ]);
    let out = text(&o.stdout);
    assert_eq!(
        out,
        format!(
            "--- row 1 (Ana Ruiz) ---\nHi Ana 👋, loved your pricing talk at Acme, Inc.. Open to connect?\n\n\
             --- row 2 (王芳) ---\nHi 王芳 👋, loved your {long_topic} talk at Northwind. Open to connect?\n\n\
             --- row 3 (Bob Li) ---\nHi Bob 👋, loved your {{topic}} talk at Globex. Open to connect?\n\n"
        )
    );
    // Row 2: "Hi 王芳 👋, loved your " is 21 units, the topic 250, the rest 36: 307.
    assert_eq!(
        text(&o.stderr),
        "error: row 2 (王芳): 307/300 characters, 7 over the Connection note limit\n\
         error: row 3 (Bob Li): unfilled {topic}\n\
         2 of 3 messages are not fit to send\n"
    );
    assert_eq!(o.status.code(), Some(1));

    // A table whose rows all fit exits 0.
    std::fs::write(&people, "first_name,topic,company\nAna,pricing,Acme\n").unwrap();
    let o = sendwell(&[
        "render",
        file.to_str().unwrap(),
        "--recipients",
        people.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "--- row 1 (Ana) ---\nHi Ana 👋, loved your pricing talk at Acme. Open to connect?\n\n"
    );

    // A ragged table is a usage error naming the file.
    std::fs::write(&people, "to,topic\nAna\n").unwrap();
    let o = sendwell(&[
        "render",
        file.to_str().unwrap(),
        "--recipients",
        people.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("people.csv"),
        "{}",
        text(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_that_is_not_a_draft_is_a_usage_error() {
    let dir = workdir("plain");
    let file = dir.join("readme.md");
    std::fs::write(&file, "# Notes\n").unwrap();
    let o = sendwell(&["render", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("not a draft"));
    let _ = std::fs::remove_dir_all(&dir);
}
