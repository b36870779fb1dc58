//! Files that are not what their name says: a FIFO called `pipe.md`, `/dev/zero`, a sparse
//! 64 MiB log, standard input. Every read is capped, the server reads regular files only (off
//! its event loop), and the CLI reads what it is named or says why not, with exit status 2.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::Server;
use serde_json::{json, Value};

const BAD: &str = "---\nchannel: message\nto: Sarah Chen\n---\nHi [Name], ACT NOW!!!\n";

struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let p = std::env::temp_dir().join(format!("sendwell-files-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Folder(p)
    }

    fn fifo(&self, name: &str) -> PathBuf {
        let p = self.0.join(name);
        let ok = Command::new("mkfifo").arg(&p).status().unwrap().success();
        assert!(ok, "mkfifo failed");
        p
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// Runs the CLI with `stdin`, killed after 20 s: a read that never ends fails the test instead
/// of hanging the suite (or filling memory from `/dev/zero`).
fn sendwell(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("sendwell {args:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn start(folder: &Folder) -> Server {
    let s = Server::start_with(json!({
        "processId": null,
        "capabilities": { "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } },
        "workspaceFolders": [{ "uri": uri(&folder.0), "name": "drafts" }],
    }));
    s
}

#[test]
fn a_fifo_reported_by_the_watcher_does_not_hang_the_server() {
    let folder = Folder::new("fifo");
    let pipe = folder.fifo("pipe.md");
    let mut s = start(&folder);
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&pipe), "type": 1 }, { "uri": uri(&pipe), "type": 2 }] }),
    );
    let log = s.wait_for(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("pipe.md"))
    });
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .ends_with("pipe.md: not a regular file (a FIFO); not read"),
        "{log}"
    );
    // Still serving: another draft is linted.
    let other = uri(&folder.0.join("other.md"));
    s.open(&other, BAD);
    assert!(!s.diagnostics(&other, Some(1)).is_empty());
    assert_eq!(s.stop(), 0);
}

#[test]
fn a_huge_file_on_disk_is_skipped_unread_by_scan_and_watcher() {
    let folder = Folder::new("huge");
    let log = folder.0.join("server-log.txt");
    // Sparse: 256 MiB of zero bytes (valid UTF-8) that cost no disk. Reading it would take the
    // server's peak past 256 MiB; the server alone stays far below the bound checked at the end,
    // whatever its rules add (its baseline is about 50 MiB).
    std::fs::File::create(&log)
        .unwrap()
        .set_len(256 << 20)
        .unwrap();
    let mut s = start(&folder);
    let skipped = |m: &Value| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("server-log.txt") && t.contains("256.0 MiB"))
    };
    s.wait_for(skipped);
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&log), "type": 2 }] }),
    );
    s.wait_for(skipped);
    let peak = common::memory_kib(s.pid(), "VmHWM");
    assert!(peak < 160 * 1024, "peak {peak} KiB: the file was read");
    assert_eq!(s.stop(), 0);
}

fn json_report(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn check_dash_reads_standard_input() {
    let out = sendwell(&["check", "--format", "json", "-"], BAD.as_bytes());
    let report = json_report(&out);
    assert_eq!(report["summary"]["drafts"], 1, "{report}");
    assert_eq!(report["files"][0]["path"], "-");
    assert!(!report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .is_empty());
    // Capped like any file: 3 MiB on standard input is refused, not read whole.
    let big = format!("{BAD}{}", "x".repeat(3 << 20));
    let out = sendwell(&["check", "-"], big.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-: more than 2 MiB"));
}

#[test]
fn check_on_pipes_and_devices_reads_them_or_fails() {
    // `/dev/stdin` is what `<(cat bad.md)` and `cat bad.md | sendwell check /dev/stdin` name.
    let out = sendwell(&["check", "--format", "json", "/dev/stdin"], BAD.as_bytes());
    let report = json_report(&out);
    assert_eq!(report["summary"]["drafts"], 1, "{report}");
    // A named FIFO with a writer is read as `cat` would.
    let folder = Folder::new("cli-fifo");
    let pipe = folder.fifo("pipe.md");
    let writer = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::write(pipe, BAD).unwrap())
    };
    let out = sendwell(&["check", "--format", "json", pipe.to_str().unwrap()], b"");
    writer.join().unwrap();
    assert_eq!(json_report(&out)["summary"]["drafts"], 1);
    // An endless device is cut at the cap and is an error, exit 2.
    let out = sendwell(&["check", "/dev/zero"], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/dev/zero: more than 2 MiB"), "{err}");
}

#[test]
fn render_caps_the_draft_and_the_recipients_file() {
    let out = sendwell(&["render", "/dev/zero"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("more than 2 MiB"));
    let folder = Folder::new("render");
    let draft = folder.0.join("d.md");
    std::fs::write(&draft, "---\nchannel: message\n---\nHi {first_name}\n").unwrap();
    let out = sendwell(
        &[
            "render",
            draft.to_str().unwrap(),
            "--recipients",
            "/dev/zero",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/dev/zero: more than 2 MiB"), "{err}");
}

fn free_wall(n: usize) -> String {
    format!(
        "---\nchannel: message\nto: Sarah Chen\n---\n{}\n",
        "FREE!!! ".repeat(n)
    )
}

#[test]
fn findings_stop_at_a_thousand_and_one_says_how_many_more() {
    let text = free_wall(2000);
    let a = sendwell::engine::analyze(&text, &sendwell::engine::config::Config::default()).unwrap();
    assert_eq!(a.findings.len(), 1001);
    let last = a.findings.last().unwrap();
    assert_eq!(last.rule, "file.too-many-findings");
    assert!(
        last.message
            // Each "FREE" is one finding (spam, with its shouting related): 3,003 more, not 5,003.
            // (No "no hook" or "no ask" beside them: a wall of "FREE!!!" reads as no English.)
            .starts_with("3,003 more findings are not shown")
            && last.message.contains("'spam.shouting'"),
        "{}",
        last.message
    );
    // The server publishes the same capped list.
    let mut s = Server::start();
    s.open("file:///w/free.md", &text);
    let d = s.diagnostics("file:///w/free.md", Some(1));
    assert_eq!(d.len(), 1001);
    assert_eq!(d[1000]["code"], "file.too-many-findings");
}

fn counts(s: &mut Server) -> Value {
    let r = s.request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.debug.counts", "arguments": [] }),
    );
    r["result"].clone()
}

#[test]
fn closing_documents_leaves_no_per_file_state() {
    let mut s = Server::start();
    for i in 0..40 {
        // One sequence with gaps: each draft has cross-file findings, so the index tracks it.
        let uri = format!("file:///nowhere/seq-{i}.md");
        let text = format!(
            "---\nchannel: message\nto: Sarah Chen\nsequence: s\nstep: {}\n---\nHi Sarah, step {i}.\n",
            i * 2 + 1
        );
        s.open(&uri, &text);
        s.diagnostics(&uri, Some(1));
    }
    let during = counts(&mut s);
    assert_eq!(during["documents"], 40, "{during}");
    for i in 0..40 {
        s.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": format!("file:///nowhere/seq-{i}.md") } }),
        );
    }
    // didClose reads the disk off the event loop, so its last merge may land a moment later.
    let mut after = counts(&mut s);
    for _ in 0..200 {
        if after["open"] == 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
        after = counts(&mut s);
    }
    assert_eq!(
        after,
        json!({ "documents": 0, "open": 0, "generations": 0, "indexed": 0 })
    );
}

#[test]
fn memory_of_a_closed_large_document_goes_back_to_the_os() {
    let mut s = Server::start();
    // The server's own size first, after a lint has compiled its rules: what the big document
    // adds is measured against that, so rules added to the binary do not move the bar.
    let small = "file:///nowhere/small.md";
    s.open(
        small,
        "---\nchannel: message\n---\nHi Sam, FREE offer, act now?",
    );
    s.diagnostics(small, Some(1));
    let base = common::memory_kib(s.pid(), "VmRSS");
    let uri = "file:///nowhere/big.md";
    // 40 MB: large, yet under the transport's 64 MiB cap on one frame.
    let big = format!("---\nchannel: message\n---\n{}", "word ".repeat(8 << 20));
    s.open(uri, &big);
    s.diagnostics(uri, Some(1));
    drop(big);
    let open = common::memory_kib(s.pid(), "VmRSS");
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    counts(&mut s);
    let closed = common::memory_kib(s.pid(), "VmRSS");
    eprintln!(
        "RSS before: {base} KiB; with a 40 MB document open: {open} KiB; after closing it: {closed} KiB"
    );
    // At least half of what the document added is given back.
    let (added, kept) = (open.saturating_sub(base), closed.saturating_sub(base));
    assert!(
        added > 40 * 1024 && kept < added / 2,
        "{base} KiB before, {open} KiB open, {closed} KiB closed"
    );
}
