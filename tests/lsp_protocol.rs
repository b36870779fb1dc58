//! The language server over real stdio: lifecycle, diagnostics with exact ranges, incremental
//! edits in both position encodings, and many documents at once.

mod common;

use common::{summarize, Server};
use serde_json::{json, Value};

/// The rules that judge the wording, switched off in these protocol tests: their toy drafts
/// ("Hi [Name]", a run of a's) rightly draw those findings, but each test here is about the
/// protocol and the findings it names. `tests/corpus.rs` and the rules' own tests cover them.
fn quiet_wording(mut init: Value) -> Value {
    for rule in [
        "personalization",
        "etiquette.no-ask",
        "etiquette.self-centered",
        "style.readability",
        "style.wall-of-text",
    ] {
        init["initializationOptions"]["rules"][rule] = json!("off");
    }
    init
}

fn start() -> Server {
    Server::start_with(quiet_wording(
        json!({ "capabilities": {}, "processId": null, "rootUri": null }),
    ))
}

fn start_utf8() -> Server {
    Server::start_with(quiet_wording(json!({
        "capabilities": { "general": { "positionEncodings": ["utf-8", "utf-16"] } },
        "processId": null, "rootUri": null
    })))
}

const NOTE_OVER: &str = "---\nchannel: connection-note\nto: Sarah Chen\n---\n";

fn long_note() -> String {
    // 298 units, then an emoji (2 units) reaching exactly 300, then " TAIL" over the limit.
    format!("{NOTE_OVER}Hi Sarah {}👋 TAIL", "a".repeat(289))
}

#[test]
fn publishes_exact_diagnostics_for_a_draft_and_none_for_other_markdown() {
    let mut s = start();
    s.open("file:///w/readme.md", "# Notes\n\nHi [Name]\n");
    s.open("file:///w/note.md", &long_note());
    let diags = s.diagnostics("file:///w/note.md", Some(1));
    // Line 4: "Hi Sarah " (9) + 289 a's = 298 units, emoji 2 → the cut starts at the space at 300.
    assert_eq!(
        summarize(&diags),
        vec![("limit.body".to_string(), [4, 300, 4, 305])]
    );
    assert_eq!(diags[0]["source"], "sendwell");
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(
        diags[0]["message"],
        "Connection note is 305/300 characters — 5 over."
    );
    // The readme never gets diagnostics: the next thing we hear about it would be a publish.
    let hover = s.request("textDocument/hover", json!({ "textDocument": { "uri": "file:///w/readme.md" }, "position": { "line": 2, "character": 4 } }));
    assert_eq!(hover["result"], Value::Null);
    assert!(
        !s.backlog
            .iter()
            .any(|m| m["params"]["uri"] == "file:///w/readme.md"),
        "{:?}",
        s.backlog
    );
    assert_eq!(s.stop(), 0);
}

#[test]
fn utf8_negotiated_positions_count_bytes() {
    let mut s = start_utf8();
    s.open("file:///w/note.md", &long_note());
    let diags = s.diagnostics("file:///w/note.md", Some(1));
    // The emoji is 4 bytes: 298 + 4 = 302.
    assert_eq!(
        summarize(&diags),
        vec![("limit.body".to_string(), [4, 302, 4, 307])]
    );
}

#[test]
fn initialize_reports_the_negotiated_encoding() {
    let mut s = Server::spawn();
    let r = s.request(
        "initialize",
        json!({ "capabilities": { "general": { "positionEncodings": ["utf-8"] } } }),
    );
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-8");
    let mut s = Server::spawn();
    let r = s.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(r["result"]["capabilities"]["textDocumentSync"]["change"], 2);
}

#[test]
fn incremental_edits_with_emoji_crlf_and_multiline_are_followed() {
    let mut s = start();
    let uri = "file:///w/inmail.md";
    s.open(
        uri,
        "---\r\nchannel: inmail\r\nto: Sarah Chen\r\n---\r\nHi 👋 Sarah,\r\nquestion?",
    );
    assert_eq!(
        summarize(&s.diagnostics(uri, Some(1))),
        vec![("subject.missing".to_string(), [1, 9, 1, 15])]
    );
    // Add a subject line: diagnostics clear.
    s.change(uri, 2, &[(2, 14, 2, 14, "\r\nsubject: Your talk")]);
    assert_eq!(s.diagnostics(uri, Some(2)), Vec::<Value>::new());
    // Type a placeholder after the emoji (UTF-16 column 5 is after "Hi 👋 "), then more edits in one notification.
    s.change(uri, 3, &[(5, 6, 5, 6, "[Company] "), (6, 0, 6, 0, "XX ")]);
    assert_eq!(
        summarize(&s.diagnostics(uri, Some(3))),
        vec![
            ("placeholder.unfilled".to_string(), [5, 6, 5, 15]),
            ("placeholder.unfilled".to_string(), [6, 0, 6, 2])
        ]
    );
    // A multi-line replacement that removes both.
    s.change(uri, 4, &[(5, 0, 6, 12, "Hi Sarah,\r\nquestion?")]);
    assert_eq!(s.diagnostics(uri, Some(4)), Vec::<Value>::new());
    let text = s.request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.render", "arguments": [uri] }),
    );
    assert_eq!(text["result"], "Hi Sarah,\nquestion?");
}

#[test]
fn a_burst_of_edits_ends_with_diagnostics_for_the_last_version() {
    let mut s = start();
    let uri = "file:///w/note.md";
    s.open(uri, &format!("{NOTE_OVER}Hi Sarah"));
    s.diagnostics(uri, Some(1));
    let mut expected = String::from("Hi Sarah");
    for v in 2..=200 {
        let col = expected.encode_utf16().count() as u32;
        let piece = if v % 3 == 0 {
            "é"
        } else if v % 5 == 0 {
            "👋"
        } else {
            "ab"
        };
        s.change(uri, v, &[(4, col, 4, col, piece)]);
        expected.push_str(piece);
    }
    let last = s.diagnostics(uri, Some(200));
    let used = expected.encode_utf16().count();
    assert!(used > 300);
    assert_eq!(last[0]["code"], "limit.body");
    assert_eq!(
        last[0]["message"],
        format!(
            "Connection note is {used}/300 characters — {} over.",
            used - 300
        )
    );
    let rendered = s.request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.render", "arguments": [uri] }),
    );
    assert_eq!(rendered["result"], expected);
}

#[test]
fn twenty_five_documents_opened_at_once_all_get_diagnostics() {
    let mut s = start();
    for i in 0..25 {
        s.open(
            &format!("file:///w/d{i}.md"),
            "---\nchannel: inmail\n---\nHi [Name]?",
        );
    }
    for i in 0..25 {
        let d = s.diagnostics(&format!("file:///w/d{i}.md"), Some(1));
        let codes: Vec<_> = d.iter().map(|d| d["code"].as_str().unwrap()).collect();
        assert_eq!(codes, vec!["subject.missing", "placeholder.unfilled"]);
    }
}

#[test]
fn hover_explains_the_rule_and_the_channel() {
    let mut s = start();
    let uri = "file:///w/note.md";
    s.open(uri, "---\nchannel: connection-note\n---\nHi [Name]!");
    s.diagnostics(uri, Some(1));
    let h = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 5 } }),
    );
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("Unfilled placeholder") && md.contains("`placeholder.unfilled`"),
        "{md}"
    );
    assert!(md.contains("mass message"), "{md}");
    let h = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 12 } }),
    );
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("Connection note") && md.contains("/300"),
        "{md}"
    );
}

#[test]
fn quick_fix_edit_applies_and_clears_the_finding() {
    let mut s = start();
    let uri = "file:///w/inmail.md";
    let text = "---\nchannel: inmail\ncompany: Northwind\n---\nHi Sarah?";
    s.open(uri, text);
    let d = s.diagnostics(uri, Some(1));
    let r = s.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": d[0]["range"], "context": { "diagnostics": d } }),
    );
    let actions = r["result"].as_array().unwrap();
    // A suggested subject is a guess, not safe to apply unseen: offered first, never preferred.
    assert!(
        actions.iter().all(|a| a["isPreferred"] != true),
        "{actions:?}"
    );
    let add_subject = &actions[0];
    assert_eq!(
        add_subject["title"],
        "Add “subject: Question about Northwind”"
    );
    assert_eq!(add_subject["diagnostics"][0]["code"], "subject.missing");
    let edit = &add_subject["edit"]["changes"][uri][0];
    assert_eq!(edit["range"]["start"], json!({ "line": 3, "character": 0 }));
    s.change(uri, 2, &[(3, 0, 3, 0, edit["newText"].as_str().unwrap())]);
    assert!(s.diagnostics(uri, Some(2)).is_empty());
}

#[test]
fn closing_a_draft_clears_its_diagnostics() {
    let mut s = start();
    let uri = "file:///w/note.md";
    s.open(uri, "---\nchannel: note\n---\nHi [Name]");
    assert_eq!(s.diagnostics(uri, Some(1)).len(), 1);
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = s.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
}

#[test]
fn a_file_that_stops_being_a_draft_is_cleared_once() {
    let mut s = start();
    let uri = "file:///w/note.md";
    s.open(uri, "---\nchannel: note\n---\nHi [Name]");
    assert_eq!(s.diagnostics(uri, Some(1)).len(), 1);
    s.change(uri, 2, &[(1, 0, 1, 13, "title: x")]);
    assert!(s.diagnostics(uri, Some(2)).is_empty());
}

#[test]
fn lifecycle_errors_follow_the_spec() {
    let mut s = Server::spawn();
    let early = s.request("textDocument/hover", json!({ "textDocument": { "uri": "file:///x.md" }, "position": { "line": 0, "character": 0 } }));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    s.request("initialize", json!({ "capabilities": {} }));
    let unknown = s.request("sendwell/noSuchThing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // exit without shutdown → exit code 1.
    s.notify("exit", Value::Null);
    assert_eq!(s.wait_exit(), 1);
}

#[test]
fn closing_stdin_ends_the_server() {
    let mut s = start();
    s.close_stdin();
    let code = s.wait_exit();
    assert!(code == 0 || code == 1, "exit code {code}");
}

/// VS Code and Neovim (libuv) give the server socket pairs, not pipes, for its stdin and stdout:
/// the whole round trip works over them, with edits in order and a clean exit, and closing the
/// socket ends the server.
#[cfg(unix)]
#[test]
fn socket_pairs_work_like_pipes() {
    let mut s = Server::spawn_over_sockets();
    let resp = s.request("initialize", json!({ "capabilities": {} }));
    assert!(resp.get("result").is_some(), "{resp}");
    s.notify("initialized", json!({}));
    let uri = "file:///w/note.md";
    s.open(uri, "---\nchannel: note\n---\nHi [Name]");
    let first = summarize(&s.diagnostics(uri, Some(1)));
    assert!(
        first.iter().any(|(rule, _)| rule == "placeholder.unfilled"),
        "{first:?}"
    );
    // A message far larger than a socket buffer arrives whole.
    let long = format!("---\nchannel: note\n---\nHi Sam, {}", "a".repeat(400_000));
    s.change(uri, 2, &[(0, 0, 3, 9, &long)]);
    let d = s.diagnostics(uri, Some(2));
    assert!(d.iter().any(|x| x["code"] == "limit.body"), "{d:?}");
    assert_eq!(s.stop(), 0);

    let mut closed = Server::spawn_over_sockets();
    closed.request("initialize", json!({ "capabilities": {} }));
    closed.close_stdin();
    let code = closed.wait_exit();
    assert!(code == 0 || code == 1, "exit code {code}");
}

#[test]
fn settings_from_initialization_options_apply() {
    let mut s = Server::start_with(quiet_wording(json!({
        "capabilities": {},
        "initializationOptions": { "rules": { "placeholder.unfilled": "off" }, "plan": "free" }
    })));
    let uri = "file:///w/note.md";
    s.open(
        uri,
        &format!("---\nchannel: note\n---\nHi [Name] {}", "a".repeat(200)),
    );
    let d = s.diagnostics(uri, Some(1));
    let codes: Vec<_> = d.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["limit.body"]);
    assert!(d[0]["message"].as_str().unwrap().contains("/200"));
}
