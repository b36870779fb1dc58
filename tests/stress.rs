//! Protocol stress over real stdio: thousands of incremental edits as fast as the pipe takes
//! them, requests interleaved with edits, lifecycle abuse, and open/close cycles that must not
//! grow memory. The client keeps its own copy of the text and checks the server against it
//! through `sendwell.render` (the draft's body as it will be sent, computed here by the same
//! engine) and through the version of the last diagnostics.

mod common;

use common::Server;
use sendwell::engine::analyze;
use sendwell::engine::config::Config;
use sendwell::text::{Encoding, LineIndex};
use serde_json::{json, Value};

/// A small deterministic generator, so a failure replays exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const HEADER: &str = "---\r\nchannel: message\r\nto: Sarah Chen\r\n---\r\n";
/// Inserted text: emoji (surrogate pairs), a ZWJ sequence, CJK, combining marks, every line break.
/// No `{`, `[` or `<`, so the body renders as itself and the render check sees every character.
const PIECES: &[&str] = &[
    "a",
    "Hi ",
    "👋",
    "👨‍👩‍👧",
    "日本語",
    "é",
    "e\u{301}",
    "\r\n",
    "\n",
    "\r",
    "question? ",
    "ok. ",
];

/// One random edit inside the body of `model`, as an LSP change in UTF-16, applied to `model`.
fn random_change(rng: &mut Rng, model: &mut String) -> Value {
    let body_start = HEADER.len();
    let boundaries: Vec<usize> = (body_start..=model.len())
        .filter(|&i| model.is_char_boundary(i))
        // No position can name the point between the `\r` and `\n` of a CRLF.
        .filter(|&i| !(model.as_bytes()[i - 1] == b'\r' && model.as_bytes().get(i) == Some(&b'\n')))
        .collect();
    let a = boundaries[rng.below(boundaries.len())];
    // Keep the body around a few hundred bytes: delete more when it is long.
    let reach = if model.len() > 900 { 12 } else { 4 };
    let b_idx = boundaries.iter().position(|&x| x == a).unwrap() + rng.below(reach);
    let b = boundaries[b_idx.min(boundaries.len() - 1)];
    let text: String = match rng.below(3) {
        0 => String::new(),
        _ => (0..1 + rng.below(3))
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect(),
    };
    let idx = LineIndex::new(model);
    let start = idx.line_col(model, a, Encoding::Utf16);
    let end = idx.line_col(model, b, Encoding::Utf16);
    model.replace_range(a..b, &text);
    json!({
        "range": {
            "start": { "line": start.line, "character": start.col },
            "end": { "line": end.line, "character": end.col }
        },
        "text": text
    })
}

fn rendered(text: &str) -> String {
    analyze(text, &Config::default()).unwrap().rendered.text
}

fn render_request(s: &mut Server, uri: &str) -> i64 {
    s.send_request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.render", "arguments": [uri] }),
    )
}

fn response(s: &mut Server, id: i64) -> Value {
    s.wait_for(|m| m["id"] == id && m.get("method").is_none())
}

#[test]
fn ten_thousand_random_edits_leave_the_server_with_the_clients_text() {
    let mut s = Server::start();
    let uri = "file:///w/stress.md";
    let mut model =
        format!("{HEADER}Hi Sarah 👋,\r\nyour talk on 日本語 search was great. Coffee?");
    s.open(uri, &model);
    s.diagnostics(uri, Some(1));
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut version = 1;
    let mut edits = 0;
    while edits < 10_000 {
        // One to three changes per notification, each against the text the previous one left.
        let n = 1 + rng.below(3);
        let changes: Vec<Value> = (0..n)
            .map(|_| random_change(&mut rng, &mut model))
            .collect();
        edits += n;
        version += 1;
        s.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }
    let id = render_request(&mut s, uri);
    let got = response(&mut s, id);
    assert_eq!(got["result"].as_str(), Some(rendered(&model).as_str()));
    // The last diagnostics are for the last version and say what the engine says of the text.
    let last = s.diagnostics(uri, Some(version));
    let expected: Vec<String> = analyze(&model, &Config::default())
        .unwrap()
        .findings
        .iter()
        .map(|f| f.rule.clone())
        .collect();
    let codes: Vec<String> = last
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, expected);
    // Nothing published after the last version.
    s.backlog
        .retain(|m| m["method"] == "textDocument/publishDiagnostics");
    assert!(
        s.backlog
            .iter()
            .all(|m| m["params"]["version"].as_i64().unwrap() <= version),
        "a publish for a version that was never sent"
    );
    assert_eq!(s.stop(), 0);
}

#[test]
fn requests_interleaved_with_edits_see_the_text_as_of_their_arrival() {
    let mut s = Server::start();
    let uri = "file:///w/interleaved.md";
    let mut model = format!("{HEADER}Hi Sarah,\r\nquick question about your team?");
    s.open(uri, &model);
    let mut rng = Rng(42);
    let mut expected = Vec::new();
    let mut others = Vec::new();
    for version in 2..400 {
        let change = random_change(&mut rng, &mut model);
        s.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
        match rng.below(4) {
            0 => expected.push((render_request(&mut s, uri), rendered(&model))),
            1 => others.push(s.send_request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": uri }, "position": { "line": 4, "character": rng.below(20) } }),
            )),
            2 => others.push(s.send_request(
                "textDocument/codeAction",
                json!({ "textDocument": { "uri": uri },
                        "range": { "start": { "line": 4, "character": 0 }, "end": { "line": 9, "character": 0 } },
                        "context": { "diagnostics": [] } }),
            )),
            _ => others.push(s.send_request(
                "textDocument/inlayHint",
                json!({ "textDocument": { "uri": uri },
                        "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } } }),
            )),
        }
    }
    assert!(expected.len() > 50);
    for (id, want) in expected {
        let got = response(&mut s, id);
        assert_eq!(got["result"].as_str(), Some(want.as_str()), "request {id}");
    }
    for id in others {
        let got = response(&mut s, id);
        assert!(got.get("error").is_none(), "request {id}: {got}");
    }
    assert_eq!(s.stop(), 0);
}

#[test]
fn lifecycle_abuse_is_answered_per_spec() {
    let mut s = Server::spawn();
    // Before initialize: requests are refused with ServerNotInitialized, notifications dropped.
    for method in [
        "textDocument/codeAction",
        "workspace/executeCommand",
        "shutdown",
    ] {
        let r = s.request(method, json!({}));
        assert_eq!(r["error"]["code"], -32002, "{method}: {r}");
    }
    s.open("file:///w/early.md", "---\nchannel: inmail\n---\nHi");
    let init = s.request("initialize", json!({ "capabilities": {} }));
    assert!(init.get("result").is_some(), "{init}");
    // A second initialize is an invalid request; the session goes on.
    let again = s.request("initialize", json!({ "capabilities": {} }));
    assert!(again.get("error").is_some(), "{again}");
    s.notify("initialized", json!({}));
    // Notifications about documents that were never opened change nothing and answer nothing.
    s.change("file:///w/never.md", 2, &[(0, 0, 0, 0, "x")]);
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": "file:///w/never.md" } }),
    );
    s.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": "file:///w/never.md" } }),
    );
    // Malformed params for a notification and a request.
    s.notify("textDocument/didChange", json!({ "bogus": true }));
    let bad = s.request("textDocument/hover", json!({ "textDocument": 7 }));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    // Requests about unknown documents get empty answers, not errors.
    let render = s.request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.render", "arguments": ["file:///w/never.md"] }),
    );
    assert_eq!(render["result"], Value::Null, "{render}");
    // The early open was dropped, so nothing was published for it; the server still works.
    s.open("file:///w/late.md", "---\nchannel: inmail\n---\nHi [Name]");
    assert!(!s.diagnostics("file:///w/late.md", Some(1)).is_empty());
    assert!(!s
        .backlog
        .iter()
        .any(|m| m["params"]["uri"] == "file:///w/early.md"));
    // exit without shutdown → 1.
    s.notify("exit", Value::Null);
    assert_eq!(s.wait_exit(), 1);
}

#[test]
fn a_client_that_dies_mid_message_ends_the_server() {
    use std::io::Write;
    let mut s = Server::start();
    s.open("file:///w/a.md", "---\nchannel: inmail\n---\nHi");
    // Half a header, then the pipe closes.
    s.send_raw(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":");
    s.close_stdin();
    let code = s.wait_exit();
    assert!(code == 0 || code == 1, "exit code {code}");
    let _ = std::io::stderr().flush();
}

#[test]
fn shutdown_then_requests_are_refused_and_exit_is_clean() {
    let mut s = Server::start();
    let r = s.request("shutdown", Value::Null);
    assert!(r.get("error").is_none(), "{r}");
    let after = s.request("textDocument/hover", json!({ "textDocument": { "uri": "file:///x.md" }, "position": { "line": 0, "character": 0 } }));
    assert_eq!(after["error"]["code"], -32600, "{after}");
    s.notify("exit", Value::Null);
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn open_close_cycles_leave_memory_where_it_started() {
    let long = include_str!("../benches/data/long.md");
    let mut s = Server::start();
    // Every 200th cycle waits for the lint, so the engine's allocations are exercised too; the
    // others close at once, which the server may notice before it lints.
    let cycle = |s: &mut Server, i: usize| {
        let uri = format!("file:///w/cycle-{}.md", i % 7);
        s.open(&uri, long);
        if i % 200 == 0 {
            s.diagnostics(&uri, Some(1));
        }
        s.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    };
    // Warm up allocator pools and lazily built rule sets first, then measure.
    for i in 0..500 {
        cycle(&mut s, i);
    }
    round_trip(&mut s);
    let before = common::memory_kib(s.pid(), "VmRSS");
    for i in 0..10_000 {
        cycle(&mut s, i);
        if i % 1000 == 999 {
            round_trip(&mut s);
            s.backlog.clear();
        }
    }
    round_trip(&mut s);
    let after = common::memory_kib(s.pid(), "VmRSS");
    eprintln!("RSS before {before} KiB, after 10,000 open/close cycles {after} KiB");
    // 10,000 leaked copies of a 28 KB draft would be 280 MB; allow allocator noise only.
    assert!(
        after < before + 8 * 1024,
        "RSS grew from {before} KiB to {after} KiB"
    );
}

/// Waits until the server has handled everything sent so far.
fn round_trip(s: &mut Server) {
    let id = s.send_request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.render", "arguments": ["file:///w/none.md"] }),
    );
    response(s, id);
}

#[test]
fn cancelled_requests_get_exactly_one_answer_and_the_server_goes_on() {
    // Per the spec a cancelled request is still answered once: with its result if it finished
    // first, else with RequestCancelled (-32800). Handlers run the engine without yielding, so
    // today each request finishes before its cancel is read (all are answered); this holds the
    // contract whichever way a request and its cancel race.
    let mut s = Server::start();
    let uri = "file:///w/big.md";
    let body = "Hi Sarah, I saw your talk on churn. Would a short call help? ".repeat(300);
    s.open(
        uri,
        &format!("---\nchannel: message\nto: Sarah Chen\n---\n{body}"),
    );
    let ids: Vec<i64> = (0..100)
        .map(|i| {
            let id = if i % 2 == 0 {
                render_request(&mut s, uri)
            } else {
                s.send_request(
                    "textDocument/hover",
                    json!({ "textDocument": { "uri": uri }, "position": { "line": 4, "character": 3 } }),
                )
            };
            s.notify("$/cancelRequest", json!({ "id": id }));
            id
        })
        .collect();
    // A cancel for a request that never existed is ignored.
    s.notify("$/cancelRequest", json!({ "id": 99_999 }));
    let (mut cancelled, mut answered) = (0, 0);
    for id in &ids {
        let r = response(&mut s, *id);
        match r.get("error") {
            Some(e) => {
                assert_eq!(e["code"], -32800, "{r}");
                cancelled += 1;
            }
            None => answered += 1,
        }
    }
    assert_eq!(cancelled + answered, ids.len());
    eprintln!("{cancelled} cancelled, {answered} answered before their cancel");
    // No second answer for any of them, and the server still works.
    let id = render_request(&mut s, uri);
    let after = response(&mut s, id);
    assert!(
        after["result"]
            .as_str()
            .is_some_and(|t| t.starts_with("Hi Sarah")),
        "{after}"
    );
    assert!(
        !s.backlog
            .iter()
            .any(|m| m["id"].as_i64().is_some_and(|i| ids.contains(&i))),
        "a request was answered twice"
    );
    assert_eq!(s.stop(), 0);
}
