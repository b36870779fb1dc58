//! A small LSP client for integration tests: spawns the built `sendwell lsp` and speaks
//! JSON-RPC over its stdio, exactly as an editor does.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Server {
    child: Child,
    stdin: Option<Box<dyn Write + Send>>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Messages received but not yet consumed by a wait.
    pub backlog: Vec<Value>,
}

impl Server {
    /// Starts the server without initializing it.
    pub fn spawn() -> Server {
        Server::spawn_with(|_| {})
    }

    /// Starts the server without initializing it, after `configure` adjusts the command (its
    /// environment, or a piped stderr to read with [`Server::take_stderr`]).
    pub fn spawn_with(configure: impl FnOnce(&mut Command)) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sendwell"));
        command.arg("lsp").stderr(Stdio::inherit());
        configure(&mut command);
        Server::spawn_command(command)
    }

    /// Starts whatever `command` runs (the server, or a tracer wrapping it) as the server,
    /// talking over its stdin and stdout.
    pub fn spawn_command(mut command: Command) -> Server {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn sendwell lsp");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take().unwrap();
        Server::talk(child, Box::new(stdin), stdout)
    }

    /// Starts the server with a socket pair for its stdin and another for its stdout, as editors
    /// built on libuv (VS Code, Neovim) connect it, rather than pipes.
    #[cfg(unix)]
    pub fn spawn_over_sockets() -> Server {
        use std::os::fd::OwnedFd;
        use std::os::unix::net::UnixStream;
        let (to_server, server_in) = UnixStream::pair().expect("socket pair");
        let (server_out, from_server) = UnixStream::pair().expect("socket pair");
        let child = Command::new(env!("CARGO_BIN_EXE_sendwell"))
            .arg("lsp")
            .stderr(Stdio::inherit())
            .stdin(Stdio::from(OwnedFd::from(server_in)))
            .stdout(Stdio::from(OwnedFd::from(server_out)))
            .spawn()
            .expect("spawn sendwell lsp");
        Server::talk(child, Box::new(to_server), from_server)
    }

    fn talk(
        child: Child,
        stdin: Box<dyn Write + Send>,
        stdout: impl Read + Send + 'static,
    ) -> Server {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut buf = vec![0; len.expect("Content-Length header")];
                if reader.read_exact(&mut buf).is_err() {
                    return;
                }
                let msg: Value = serde_json::from_slice(&buf).expect("server sent valid JSON");
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin: Some(stdin),
            incoming: rx,
            next_id: 1,
            backlog: Vec::new(),
        }
    }

    /// Starts and initializes the server with the given client capabilities' `general` part.
    pub fn start_with(init: Value) -> Server {
        let mut s = Server::spawn();
        let resp = s.request("initialize", init);
        assert!(resp.get("result").is_some(), "initialize failed: {resp}");
        s.notify("initialized", json!({}));
        s
    }

    /// Starts an initialized server speaking UTF-16 positions.
    pub fn start() -> Server {
        Server::start_with(json!({ "capabilities": {}, "processId": null, "rootUri": null }))
    }

    /// Starts an initialized server that negotiated UTF-8 positions.
    pub fn start_utf8() -> Server {
        Server::start_with(json!({
            "capabilities": { "general": { "positionEncodings": ["utf-8", "utf-16"] } },
            "processId": null, "rootUri": null
        }))
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(&body).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and waits for its response (the whole response object).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Waits for a message matching `pred`, answering server-to-client requests on the way
    /// (`workspace/configuration` gets nulls, anything else an empty result).
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(msg) => {
                    if msg.get("method").is_some() && msg.get("id").is_some() {
                        let items = msg["params"]["items"].as_array().map_or(0, |a| a.len());
                        let result = if msg["method"] == "workspace/configuration" {
                            Value::Array(vec![Value::Null; items])
                        } else {
                            Value::Null
                        };
                        let reply =
                            json!({ "jsonrpc": "2.0", "id": msg["id"].clone(), "result": result });
                        self.send(&reply);
                    }
                    if pred(&msg) {
                        return msg;
                    }
                    self.backlog.push(msg);
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "timed out waiting for a message; backlog: {:#?}",
                    self.backlog
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("server closed its output; backlog: {:#?}", self.backlog)
                }
            }
        }
    }

    /// Waits for diagnostics for `uri` at `version` (any version when `None`).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let msg = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    /// Sends one didChange with ranged edits `(start_line, start_char, end_line, end_char, text)`.
    pub fn change(&mut self, uri: &str, version: i64, edits: &[(u32, u32, u32, u32, &str)]) {
        let changes: Vec<Value> = edits
            .iter()
            .map(|(l1, c1, l2, c2, t)| {
                json!({ "range": { "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } }, "text": t })
            })
            .collect();
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// `shutdown` then `exit`; returns the exit code.
    pub fn stop(mut self) -> i32 {
        let resp = self.request("shutdown", Value::Null);
        assert!(resp.get("error").is_none(), "shutdown failed: {resp}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn close_stdin(&mut self) {
        self.stdin.take();
    }

    pub fn wait_exit(&mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "server did not exit");
            thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `(rule, [start_line, start_char, end_line, end_char])` of each diagnostic, for compact asserts.
pub fn summarize(diags: &[Value]) -> Vec<(String, [u64; 4])> {
    diags
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                [
                    r["start"]["line"].as_u64().unwrap(),
                    r["start"]["character"].as_u64().unwrap(),
                    r["end"]["line"].as_u64().unwrap(),
                    r["end"]["character"].as_u64().unwrap(),
                ],
            )
        })
        .collect()
}

impl Server {
    /// The server's stderr, when [`Server::spawn_with`] piped it.
    pub fn take_stderr(&mut self) -> Option<std::process::ChildStderr> {
        self.child.stderr.take()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Writes bytes as they are, framing and all: for malformed or truncated messages.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }
}

/// A memory figure of a process from /proc, in KiB: "VmRSS" (resident now) or "VmHWM" (peak).
pub fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}
