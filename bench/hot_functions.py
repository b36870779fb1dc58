#!/usr/bin/env python3
"""Regenerates link/hot-functions.txt: the functions of the release binary that the language
server runs while a draft is opened and edited, in the order they first ran.

    python3 bench/hot_functions.py        (after `cargo build --release`; needs valgrind)

build.rs hands the list to the linker, which lays these functions out together at the start of
`.text`. The kernel maps a binary's pages 64 KiB at a time around each page it faults in, so hot
code spread over all of `.text` makes the whole of it resident; packed together it is a fraction.

The shared lspbench's note and 28 KB message and each draft in examples/ are opened and edited
under callgrind, one server each; a function counts if any of those servers ran it. Run again after a rustc or
dependency upgrade: the names carry a hash of the crate's build, and names the binary no longer
has are skipped by the linker, so a stale list only lays out fewer functions together."""
import os, re, subprocess, sys, tempfile
from pathlib import Path

root = Path(__file__).resolve().parent.parent
binary = root / "target/release/sendwell"
out = root / "link/hot-functions.txt"


def find_up(name):
    d = root
    while d != d.parent:
        if (d / name).exists():
            return d / name
        d = d.parent
    sys.exit(f"{name} not found above {root}")


lspbench = Path(os.environ.get("LSPBENCH") or find_up("shared/tools/lspbench.py"))
docs = root / "target/lspbench/docs"
docs.mkdir(parents=True, exist_ok=True)
subprocess.run([sys.executable, lspbench.parent / "lspbench-docs/make_docs.py", docs],
               check=True, stdout=subprocess.DEVNULL)


def executed(profile):
    """Names of the binary's functions in a callgrind profile, in the order they appear."""
    objects, names, order = {}, {}, {}
    obj = called_obj = None
    for line in open(profile):
        m = re.match(r"^(c?ob)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if m:
            if m[3]:
                objects[m[2]] = m[3]
            if m[1] == "ob":
                obj = called_obj = objects[m[2]]
            else:
                called_obj = objects[m[2]]
            continue
        m = re.match(r"^(c?fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if m:
            if m[3]:
                names[m[2]] = re.sub(r"'\d+$", "", m[3])  # callgrind's recursion depth
            where = obj if m[1] == "fn" else called_obj
            if where == str(binary):
                order.setdefault(names[m[2]], len(order))
            if m[1] == "fn":
                called_obj = obj
    return sorted(order, key=order.get)


defined = set(subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True,
                             check=True).stdout.split())
hot = {}
with tempfile.TemporaryDirectory() as tmp:
    examples = sorted((root / "examples").glob("*.md"))
    # Only drafts: lspbench waits for diagnostics, which a file without front-matter never gets.
    drafts = [docs / "note.md", docs / "long.md", *(e for e in examples if e.read_text().startswith("---"))]
    for i, draft in enumerate(drafts):
        profile = Path(tmp) / f"{i}.callgrind"
        server = f"valgrind --tool=callgrind --demangle=no --callgrind-out-file={profile} {binary} lsp"
        subprocess.run([sys.executable, lspbench, "--cmd", server, "--file", draft,
                        "--edits", "20", "--timeout", "600"], check=True, stdout=subprocess.DEVNULL)
        for name in executed(profile):
            if name in defined:
                hot.setdefault(name, len(hot))
out.parent.mkdir(exist_ok=True)
out.write_text("".join(f"{name}\n" for name in hot))
print(f"{len(hot)} functions → {out.relative_to(root)}")
