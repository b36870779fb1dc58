#!/usr/bin/env bash
# Keystroke-to-diagnostics latency, cold start and memory of Sendwell and peer Rust language
# servers on the same documents, in one run, printed as one table:
#   bench/lsp.sh [EDITS]        (default 200 edits per document; 50 at most on the 1 MB file)
# Peers (PEERS="rumdl" by default; PEERS="rumdl typos-lsp" for two; PEERS="" for Sendwell alone):
#   rumdl      a Markdown linter, from PyPI, into a virtualenv in target/lspbench/peers
#   typos-lsp  a spelling checker, from crates.io (`cargo install --locked`: its dictionary crate
#              takes over 15 minutes to compile on two busy cores, so it is opt-in; without
#              --locked, 0.1.57 fails to build against a newer tower-lsp-server)
# A peer that does not install is left out of the table with a note; nothing of them is committed.
# The "floor" row is bench/floor.rs, a server that answers every edit at once without doing any
# work: what it shows is the harness's own round trip on this machine, the least any server can.
# Needs python3 and the shared lspbench (../shared/tools, or LSPBENCH=/path/to/lspbench.py).
# Writes target/lspbench/SERVER-DOC.json. Builds Sendwell once, in the release-lto profile we ship.
set -euo pipefail
cd "$(dirname "$0")/.."
EDITS="${1:-200}"
PEERS="${PEERS-rumdl}"

find_up() {
  local d="$PWD"
  while [ "$d" != / ]; do
    [ -e "$d/$1" ] && { echo "$d/$1"; return; }
    d="$(dirname "$d")"
  done
  return 1
}
LSPBENCH="${LSPBENCH:-$(find_up shared/tools/lspbench.py)}"
MAKE_DOCS="$(dirname "$LSPBENCH")/lspbench-docs/make_docs.py"
OUT=target/lspbench
PEER_DIR="$PWD/$OUT/peers"
mkdir -p "$OUT/docs"
python3 "$MAKE_DOCS" "$OUT/docs" >/dev/null

# The profile we ship (Cargo.toml): the figures are the binary users run.
cargo build --profile release-lto --quiet

# The command line of a server, installing a peer first if needed; fails if it cannot.
server_cmd() {
  case "$1" in
    sendwell) echo "$PWD/target/release-lto/sendwell lsp" ;;
    rumdl)
      if [ ! -x "$PEER_DIR/bin/rumdl" ]; then
        python3 -m venv "$PEER_DIR" >&2 && "$PEER_DIR/bin/pip" install --quiet rumdl >&2 || return 1
      fi
      echo "$PEER_DIR/bin/rumdl server"
      ;;
    typos-lsp)
      if [ ! -x "$PEER_DIR/bin/typos-lsp" ]; then
        cargo install --quiet --locked --root "$PEER_DIR" --target-dir "$OUT/peer-build" typos-lsp >&2 \
          || return 1
      fi
      echo "$PEER_DIR/bin/typos-lsp"
      ;;
    *) return 1 ;;
  esac
}

servers=(sendwell)
declare -A CMD
CMD[sendwell]="$(server_cmd sendwell)"
if rustc -O -o "$OUT/floor" bench/floor.rs 2>/dev/null; then
  servers+=(floor)
  CMD[floor]="$PWD/$OUT/floor"
fi
for peer in $PEERS; do
  if cmd="$(server_cmd "$peer")"; then
    servers+=("$peer")
    CMD[$peer]="$cmd"
  else
    echo "note: $peer did not install; left out" >&2
  fi
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for doc in note long huge; do
  for server in "${servers[@]}"; do
    edits="$EDITS"; [ "$doc" = huge ] && edits=$(( EDITS < 50 ? EDITS : 50 ))
    echo "== $server on $doc.md ($edits edits)" >&2
    python3 "$LSPBENCH" --cmd "${CMD[$server]}" --file "$OUT/docs/$doc.md" --edits "$edits" \
      --repeat 2 --label "$server-$doc" --json >"$OUT/$server-$doc.json" || true
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$OUT" "${servers[@]}" <<'PY'
import json, sys
out, servers = sys.argv[1], sys.argv[2:]
cols = [("cold start", "cold_start_ms"), ("open", "open_ms"), ("edit p50", "edit_p50_ms"),
        ("edit p99", "edit_p99_ms")]
print("| doc | server | " + " | ".join(c for c, _ in cols) + " | CPU/edit | VmHWM |")
print("|---|---|" + "---|" * (len(cols) + 2))
p99 = {}
for doc in ["note", "long", "huge"]:
    for server in servers:
        try:
            d = json.load(open(f"{out}/{server}-{doc}.json"))
        except (OSError, ValueError):
            print(f"| {doc} | {server} | (no result) |")
            continue
        s = d.get("summary", {})
        med = lambda k: s.get(k, {}).get("median")
        cpu = [r["edits"]["server_cpu_ms_per_edit"] for r in d["runs"]
               if r.get("edits", {}).get("server_cpu_ms_per_edit") is not None]
        cells = ["%.3g ms" % med(k) if med(k) is not None else "–" for _, k in cols]
        cells.append("%.3g ms" % (sum(cpu) / len(cpu)) if cpu else "–")
        hwm = med("vmhwm_single_doc_mib")
        cells.append("%.1f MiB" % hwm if hwm is not None else "–")
        errors = sum(len(r.get("errors") or []) for r in d["runs"])
        print(f"| {doc} | {server} | " + " | ".join(cells) + " |" + (f" {errors} errors" if errors else ""))
        p99[(doc, server)] = med("edit_p99_ms")
peers = [p99.get(("long", p)) for p in servers[1:] if p != "floor" and p99.get(("long", p))]
mine = p99.get(("long", "sendwell"))
if peers and mine:
    best = min(peers)
    verdict = "met" if mine <= best / 2 else "missed"
    print(f"\n28 KB p99: Sendwell {mine:.3g} ms, fastest peer {best:.3g} ms: target (≤ half) {verdict}.")
PY
