//! A panic must not copy the user's draft into logs. Rust's default panic message quotes the
//! string a bad slice was taken of; the hook in `sendwell::panic_hook` prints only where it
//! happened, unless `SENDWELL_LOG=trace`.
//!
//! The server tests use a debug-build-only trigger (`SENDWELL_TEST_PANIC`, compiled out of
//! release builds) that slices the open draft past its end inside a hover request.

mod common;

use std::io::Read;
use std::panic;
use std::sync::{Arc, Mutex};

use common::Server;
use serde_json::{json, Value};

const SECRET: &str = "my private pancake recipe";
const MARKER: &str = "PANIC-HERE";

fn draft() -> String {
    format!(
        "---\nchannel: message\nto: Nadia Hassan\n---\nHi Nadia, {SECRET} {MARKER}. Any news?\n"
    )
}

/// Opens a draft that trips the trigger, hovers it (which panics), then checks the server still
/// answers for another draft. Returns the hover's response, every notification, and stderr.
fn panic_in_a_request(trace: bool) -> (Value, Vec<Value>, String) {
    let mut s = Server::spawn_with(|c| {
        c.env("SENDWELL_TEST_PANIC", MARKER)
            .env_remove("RUST_BACKTRACE")
            .stderr(std::process::Stdio::piped());
        if trace {
            c.env("SENDWELL_LOG", "trace");
        } else {
            c.env_remove("SENDWELL_LOG");
        }
    });
    let mut stderr = s.take_stderr().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stderr.read_to_string(&mut out);
        out
    });
    let init = s.request(
        "initialize",
        json!({ "capabilities": {}, "processId": null, "rootUri": null }),
    );
    assert!(init.get("result").is_some(), "{init}");
    s.notify("initialized", json!({}));
    let bad = "file:///tmp/sendwell-panic/bad.md";
    s.open(bad, &draft());
    let hover = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": bad }, "position": { "line": 4, "character": 3 } }),
    );
    let good = "file:///tmp/sendwell-panic/good.md";
    s.open(
        good,
        "---\nchannel: message\nto: Ana\n---\nHi Ana, FREE gift?\n",
    );
    let diags = s.diagnostics(good, Some(1));
    assert!(!diags.is_empty(), "the server keeps serving after a panic");
    let after = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": good }, "position": { "line": 4, "character": 9 } }),
    );
    assert!(after.get("error").is_none(), "{after}");
    let notes = s.backlog.clone();
    assert_eq!(s.stop(), 0);
    (hover, notes, reader.join().unwrap())
}

#[test]
fn a_panic_in_a_request_is_answered_as_an_error_and_logs_no_message_text() {
    let (hover, notes, stderr) = panic_in_a_request(false);
    assert_eq!(hover["error"]["code"], -32603, "internal error: {hover}");
    assert!(
        stderr.contains("sendwell: internal error") && stderr.contains("panic_hook.rs:"),
        "the panic's place is logged: {stderr}"
    );
    assert!(!stderr.contains(SECRET), "{stderr}");
    assert!(!stderr.contains(MARKER), "{stderr}");
    for n in notes.iter().filter(|n| n["method"] == "window/logMessage") {
        assert!(!n.to_string().contains(SECRET), "{n}");
    }
}

#[test]
fn trace_logging_shows_the_panic_message() {
    // The same run with trace on: proves the panic really quoted the draft, so the test above
    // would catch a hook that let it through.
    let (_, _, stderr) = panic_in_a_request(true);
    assert!(stderr.contains(SECRET), "{stderr}");
    assert!(stderr.contains("out of bounds"), "{stderr}");
}

#[test]
fn the_report_keeps_the_place_and_drops_the_payload() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let mut s = sink.lock().unwrap();
        s.push(sendwell::panic_hook::report(info, false));
        s.push(sendwell::panic_hook::report(info, true));
    }));
    let text = String::from("Grüße, Nadia: my private pancake recipe");
    let cut = text.find('ü').unwrap() + 1;
    let result = panic::catch_unwind(|| text[..cut].len());
    let line = line!() - 1;
    panic::set_hook(previous);
    assert!(result.is_err(), "slicing inside 'ü' panics");
    let seen = seen.lock().unwrap();
    let (quiet, traced) = (&seen[0], &seen[1]);
    assert!(
        quiet.contains(&format!("tests/panic_output.rs:{line}:")),
        "{quiet}"
    );
    assert!(
        !quiet.contains("pancake") && !quiet.contains("Grüße"),
        "{quiet}"
    );
    assert!(traced.contains("pancake"), "{traced}");
}
