#!/usr/bin/env bash
# A few seconds per fuzz target, so a broken harness or an easy crash shows up quickly:
#   fuzz/smoke.sh [SECONDS]   (default 5)
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain (`cargo +nightly`).
set -euo pipefail
cd "$(dirname "$0")"
SECS="${1:-5}"
cargo +nightly fuzz build -s none -a
for t in $(cargo +nightly fuzz list); do
  echo "== $t"
  cargo +nightly fuzz run -s none -a "$t" -- -max_total_time="$SECS" -rss_limit_mb=2048 2>&1 | grep -E "^(Done|#[0-9]+ +DONE)|ERROR|panicked" || true
done
