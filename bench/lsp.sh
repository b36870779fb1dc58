#!/usr/bin/env bash
# Keystroke-to-diagnostics latency, cold start and memory of Sendwell and a peer Rust language
# server (rumdl, a Markdown linter, from PyPI) on the same documents, in one run:
#   bench/lsp.sh [EDITS]        (default 200 edits per document)
# Needs python3 and the shared lspbench (../shared/tools, or LSPBENCH=/path/to/lspbench.py).
# Writes target/lspbench/*.json and prints each run's summary. Builds Sendwell in release once.
set -euo pipefail
cd "$(dirname "$0")/.."
EDITS="${1:-200}"

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
mkdir -p "$OUT/docs"
python3 "$MAKE_DOCS" "$OUT/docs" >/dev/null

cargo build --release --quiet
SENDWELL="$PWD/target/release/sendwell lsp"

# The peer installs into a private virtualenv; nothing of it is committed.
if [ ! -x "$OUT/peers/bin/rumdl" ]; then
  python3 -m venv "$OUT/peers"
  "$OUT/peers/bin/pip" install --quiet rumdl
fi
RUMDL="$PWD/$OUT/peers/bin/rumdl server"

for doc in note long huge; do
  for server in sendwell rumdl; do
    cmd="$SENDWELL"; [ "$server" = rumdl ] && cmd="$RUMDL"
    edits="$EDITS"; [ "$doc" = huge ] && edits=$(( EDITS < 50 ? EDITS : 50 ))
    echo "== $server on $doc.md ($edits edits)"
    python3 "$LSPBENCH" --cmd "$cmd" --file "$OUT/docs/$doc.md" --edits "$edits" \
      --repeat 2 --label "$server-$doc" --json >"$OUT/$server-$doc.json" || true
    python3 - "$OUT/$server-$doc.json" <<'PY'
import json, sys
summ = json.load(open(sys.argv[1]))["summary"]
keys = ["cold_start_ms", "open_ms", "edit_p50_ms", "edit_p99_ms", "vmhwm_single_doc_mib", "vmhwm_mib"]
print("   " + " | ".join("%s %.3g" % (k, summ[k]["median"]) for k in keys if k in summ))
PY
  done
done
