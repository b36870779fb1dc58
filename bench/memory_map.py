#!/usr/bin/env python3
"""Where a language server's resident memory is, with one draft open: starts the server, opens
the file, waits for its diagnostics, then sums /proc/PID/smaps Rss per mapping (the binary, the
heap, libc, anonymous memory), and prints VmHWM/VmRSS beside them.

    python3 bench/memory_map.py DRAFT [SERVER COMMAND...]   (default: target/release/sendwell lsp)

The workspace root sent is an empty temporary folder, so no start-up scan reads other files.
Last, how many of link/hot-functions.txt's names the binary has: the linker lays out only those
together (build.rs), so a list gone stale shows here and as the binary's pages growing back."""
import collections, json, subprocess, sys, tempfile, time
from pathlib import Path

draft = Path(sys.argv[1]).resolve()
cmd = sys.argv[2:] or ["target/release/sendwell", "lsp"]
root = tempfile.mkdtemp()
p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

def send(m):
    b = json.dumps(m).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
    p.stdin.flush()

def read():
    h = b""
    while not h.endswith(b"\r\n\r\n"):
        h += p.stdout.read(1)
    n = next(int(l.split(b":")[1]) for l in h.split(b"\r\n") if l.lower().startswith(b"content-length"))
    return json.loads(p.stdout.read(n))

send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": {"processId": None, "rootUri": Path(root).as_uri(), "capabilities": {}}})
while read().get("id") != 1:
    pass
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": (Path(root) / draft.name).as_uri(), "languageId": "markdown", "version": 1,
    "text": draft.read_text()}}})
while read().get("method") != "textDocument/publishDiagnostics":
    pass
time.sleep(0.5)
status = dict(l.split(":", 1) for l in open(f"/proc/{p.pid}/status"))
print(" ".join(f"{k} {status[k].strip()}" for k in ("VmHWM", "VmRSS", "RssAnon", "RssFile", "Threads")))
per_map, name = collections.Counter(), "[anon]"
for line in open(f"/proc/{p.pid}/smaps"):
    parts = line.split()
    if "-" in parts[0] and not parts[0].endswith(":"):
        name = parts[5] if len(parts) > 5 else "[anon]"
    elif parts[0] == "Rss:":
        per_map[name] += int(parts[1])
for name, kib in per_map.most_common(8):
    print(f"{kib:8d} kB  {name}")
hot_list = Path(__file__).resolve().parent.parent / "link/hot-functions.txt"
if hot_list.exists():
    defined = set(subprocess.run(["nm", "--defined-only", cmd[0]], capture_output=True,
                                 text=True).stdout.split())
    hot = hot_list.read_text().split()
    print(f"hot-function list: {sum(n in defined for n in hot)} of {len(hot)} names in {cmd[0]}")
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
send({"jsonrpc": "2.0", "method": "exit"})
p.wait(timeout=30)
