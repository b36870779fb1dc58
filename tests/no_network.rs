//! "No network access anywhere", checked two ways a test can check it:
//! - statically: the built binary imports none of libc's socket functions, so no code path in
//!   it (or in any dependency) can open a socket through libc;
//! - dynamically: every command, and a language-server session that uses every feature, run
//!   under `strace -e trace=network` and make no network system call at all (this also catches
//!   a raw `syscall(SYS_socket)`, which the static check cannot see).
//!
//! Each check first proves on a program that does use the network that it would notice.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::Server;
use serde_json::{json, Value};

const SOCKET_FUNCTIONS: &[&str] = &[
    "socket",
    "socketpair",
    "connect",
    "bind",
    "listen",
    "accept",
    "accept4",
    "getaddrinfo",
    "gethostbyname",
    "gethostbyname_r",
    "sendto",
    "sendmsg",
    "recvfrom",
    "recvmsg",
];

/// The dynamic symbols a binary takes from shared libraries, by name.
fn imports(binary: &str) -> Vec<String> {
    let out = Command::new("nm")
        .args(["-D", "--undefined-only", binary])
        .output()
        .expect("nm (binutils, which the Rust linker needs anyway)");
    assert!(out.status.success(), "nm failed on {binary}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().last())
        .map(|s| s.split('@').next().unwrap_or(s).to_string())
        .collect()
}

#[test]
fn the_binary_imports_no_socket_functions() {
    let ours = imports(env!("CARGO_BIN_EXE_sendwell"));
    assert!(
        ours.iter().any(|s| s == "write"),
        "nm lists imports: {ours:?}"
    );
    let found: Vec<&String> = ours
        .iter()
        .filter(|s| SOCKET_FUNCTIONS.contains(&s.as_str()))
        .collect();
    assert!(found.is_empty(), "networking functions imported: {found:?}");
    // The same check on a program that does networking finds it.
    let bash = imports("/bin/bash");
    assert!(
        bash.iter().any(|s| s == "socket" || s == "connect"),
        "the check sees socket imports where there are some"
    );
}

fn strace_available() -> bool {
    Command::new("strace")
        .arg("-V")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `strace -f` on `program args`, network calls only, into `log`.
fn traced(log: &Path, program: &str) -> Command {
    let mut c = Command::new("strace");
    c.args(["-f", "-qq", "-e", "trace=network", "-o"])
        .arg(log)
        .arg(program);
    c
}

fn network_calls(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn workdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sendwell-nonet-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("packs")).unwrap();
    std::fs::write(dir.join("sendwell.toml"), "packs = [\"packs\"]\n").unwrap();
    std::fs::write(
        dir.join("packs/acme.toml"),
        "[[rule]]\nid = \"acme.jargon\"\ntitle = \"Jargon\"\nseverity = \"info\"\nkind = \"phrase\"\nwhy = \"w\"\nfix = \"f\"\n[rule.params]\nphrases = [\"synergy\"]\n",
    )
    .unwrap();
    std::fs::write(dir.join("note.md"), DRAFT).unwrap();
    std::fs::write(
        dir.join("people.csv"),
        "name,company\nAna,Acme\nBo,Initech\n",
    )
    .unwrap();
    dir
}

const DRAFT: &str = "---\nchannel: follow-up\nto: Ana Ruiz\ndate: 2026-12-01\n---\nHi {name}, a FREE gift and some synergy at {company}. Any news?\n";

#[test]
fn no_command_and_no_server_feature_makes_a_network_call() {
    assert!(
        strace_available(),
        "strace is needed for this test (.ci/run installs it)"
    );
    let dir = workdir();
    let log = dir.join("trace.log");

    // The tracer sees a program that connects (to a closed loopback port).
    let status = traced(&log, "bash")
        .args(["-c", "exec 3<>/dev/tcp/127.0.0.1/9"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success());
    let calls = network_calls(&log);
    assert!(
        calls.iter().any(|l| l.contains("connect(")),
        "strace shows network calls: {calls:?}"
    );

    let bin = env!("CARGO_BIN_EXE_sendwell");
    let commands: &[&[&str]] = &[
        &["check", "."],
        &["check", "--format", "json", "note.md"],
        &["render", "note.md", "--recipients", "people.csv"],
        &["render", "note.md", "--vars", "name=Ana", "company=Acme"],
        &["plan", "."],
        &["explain", "acme.jargon"],
        &["rules", "--markdown"],
    ];
    for args in commands {
        let out = traced(&log, bin)
            .args(*args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(out.status.code().is_some(), "{args:?} ran");
        let calls = network_calls(&log);
        assert!(calls.is_empty(), "sendwell {args:?}: {calls:?}");
    }

    let mut s = Server::spawn_command({
        let mut c = traced(&log, bin);
        c.arg("lsp").current_dir(&dir);
        c
    });
    let root = format!("file://{}", dir.display());
    let init = s.request(
        "initialize",
        json!({ "processId": null, "rootUri": root, "capabilities": {
            "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true }, "configuration": true },
        } }),
    );
    assert!(init.get("result").is_some(), "{init}");
    s.notify("initialized", json!({}));
    let uri = format!("{root}/note.md");
    s.open(&uri, DRAFT);
    let diags = s.diagnostics(&uri, Some(1));
    assert!(!diags.is_empty());
    let at = diags[0]["range"].clone();
    let doc = json!({ "uri": uri });
    for (method, params) in [
        (
            "textDocument/hover",
            json!({ "textDocument": doc, "position": at["start"] }),
        ),
        (
            "textDocument/codeAction",
            json!({ "textDocument": doc, "range": at, "context": { "diagnostics": diags } }),
        ),
        (
            "textDocument/completion",
            json!({ "textDocument": doc, "position": at["start"] }),
        ),
        (
            "textDocument/inlayHint",
            json!({ "textDocument": doc, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9, "character": 0 } } }),
        ),
    ] {
        let r = s.request(method, params);
        assert!(r.get("error").is_none(), "{method}: {r}");
    }
    for command in ["sendwell.render", "sendwell.stats", "sendwell.plan"] {
        let r = s.request(
            "workspace/executeCommand",
            json!({ "command": command, "arguments": [uri] }),
        );
        assert!(r.get("error").is_none(), "{command}: {r}");
    }
    s.change(&uri, 2, &[(4, 0, 4, 0, "Hello. ")]);
    let _: Vec<Value> = s.diagnostics(&uri, Some(2));
    assert_eq!(s.stop(), 0);
    let calls = network_calls(&log);
    assert!(calls.is_empty(), "sendwell lsp: {calls:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
