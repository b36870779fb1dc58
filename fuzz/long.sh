#!/usr/bin/env bash
# The recorded fuzzing runs (fuzz/README.md): each target in turn, one process on one core, for
# SECONDS (default 270), growing fuzz/corpus/<target> from the saved inputs in regressions/,
# and one summary line per target: executions, exec/s, coverage (cov/ft), new inputs, peak RSS.
#   fuzz/long.sh [SECONDS] [TARGET...]
# Build first: cargo +nightly fuzz build -s none -a
set -euo pipefail
cd "$(dirname "$0")"
SECS="${1:-270}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(draft_parse engine positions document_edits code_actions config_packs)
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  status=0
  "$bin/$t" "corpus/$t" "regressions/$t" -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"logs/$t.log" 2>&1 || status=$?
  done_line="$(grep -aE '^#[0-9]+[[:space:]]+DONE' "logs/$t.log" | tail -1 || true)"
  stat() { grep -aEo "^stat::$1: *[0-9]+" "logs/$t.log" | grep -Eo '[0-9]+$' || echo '?'; }
  echo "$t: exit=$status runs=$(stat number_of_executed_units) exec/s=$(stat average_exec_per_sec)" \
    "cov=$(grep -Eo 'cov: [0-9]+' <<<"$done_line" | grep -Eo '[0-9]+')" \
    "ft=$(grep -Eo 'ft: [0-9]+' <<<"$done_line" | grep -Eo '[0-9]+')" \
    "new=$(stat new_units_added) rss_mb=$(stat peak_rss_mb) crashes=$(ls "artifacts/$t" | grep -vc "^slow-unit-" || true)"
done
