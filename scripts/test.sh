#!/usr/bin/env bash
# The whole test suite: formatting, Rust unit/integration/property tests, then the editor
# end-to-end tests (real Neovim and VS Code), which install their own editors on first run.
#   SENDWELL_SKIP_EDITORS=1  skips the editor tests (for a quick local loop).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --check

echo "== cargo test"
cargo test --all-targets --locked
# `--all-targets` builds the benches too, so they cannot rot; their bodies do not run here.

if [ "${SENDWELL_SKIP_EDITORS:-0}" != "1" ] && [ -x tests/editors/run.sh ]; then
  echo "== editor end-to-end tests"
  tests/editors/run.sh
fi
