#!/usr/bin/env bash
# Every fuzz target for a few seconds, starting from its saved inputs in regressions/, so a broken
# harness or an easy crash fails the test run:   fuzz/smoke.sh [SECONDS]   (default 5)
#
# Builds unoptimised (`--dev`): compiling is most of the cost here, and a smoke run needs no
# speed. Uses the nightly toolchain when rustup has one, else the default toolchain: with
# `-s none` (no sanitizer) cargo-fuzz passes only flags that stable rustc accepts.
# Without cargo-fuzz it says so and skips (.ci/run installs it).
set -euo pipefail
cd "$(dirname "$0")"
SECS="${1:-5}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "SKIPPED: fuzz smoke, cargo-fuzz is not installed (cargo install cargo-fuzz --locked)"
  exit 0
fi
toolchain=()
if cargo +nightly --version >/dev/null 2>&1; then
  toolchain=(+nightly)
fi
fuzz() { cargo "${toolchain[@]}" fuzz "$@"; }

fuzz build -s none --dev
failed=0
for t in $(fuzz list); do
  work="$(mktemp -d)"
  # New inputs go to the first (scratch) folder; regressions/ is only read.
  if fuzz run -s none --dev "$t" "$work" "regressions/$t" -- \
      -max_total_time="$SECS" -rss_limit_mb=2048 -report_slow_units=100000 -print_final_stats=1 >"$work.log" 2>&1; then
    runs="$(grep -aEo '^stat::number_of_executed_units: *[0-9]+' "$work.log" | grep -Eo '[0-9]+$' || true)"
    echo "fuzz $t: ok, ${runs:-?} runs in ${SECS} s"
  else
    tail -n 40 "$work.log"
    echo "fuzz $t: FAILED (crash input, if any, is under fuzz/artifacts/$t/)"
    failed=1
  fi
  rm -rf "$work" "$work.log"
done
exit "$failed"
