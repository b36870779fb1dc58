#!/usr/bin/env bash
# Neovim in a real terminal (tmux), showing a draft with Sendwell's findings and the hover; the
# screen is checked for them and saved as a PNG (via Chromium).
# usage: screenshot.sh NVIM OUT.png   (env: SENDWELL_BIN, SENDWELL_PLUGIN, SENDWELL_FIXTURES, E2E_TMP,
#        SENDWELL_RESULTS, NODE for the converter)
set -uo pipefail
NVIM="$1" PNG="$2"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
D="$E2E_TMP/nvim-shot"
rm -rf "$D"; mkdir -p "$D"/{config,data,state,cache}
cp "$SENDWELL_FIXTURES/note-long.md" "$D/note-long.md"
SOCK="$D/tmux.sock"
result() { echo "$1 nvim[tmux] $2" | tee -a "$SENDWELL_RESULTS" >&2; }

tmux -S "$SOCK" -f /dev/null new-session -d -x 118 -y 30 -s shot -c "$D" \
  "env TERM=tmux-256color XDG_CONFIG_HOME=$D/config XDG_DATA_HOME=$D/data XDG_STATE_HOME=$D/state \
   XDG_CACHE_HOME=$D/cache SENDWELL_PLUGIN=$SENDWELL_PLUGIN SENDWELL_BIN=$SENDWELL_BIN \
   SENDWELL_READY=$D/ready $NVIM -i NONE -n -u $HERE/screenshot_init.lua note-long.md"
for _ in $(seq 1 150); do [ -f "$D/ready" ] && break; sleep 0.1; done
sleep 0.3
tmux -S "$SOCK" capture-pane -p -e -t shot >"$D/screen.ansi" 2>/dev/null
tmux -S "$SOCK" capture-pane -p -t shot >"$D/screen.txt" 2>/dev/null
tmux -S "$SOCK" kill-server 2>/dev/null

if [ -f "$D/ready" ] && grep -q 'placeholder.unfilled' "$D/screen.txt" && grep -qE '(●|■)+ (Connection note|Unfill)' "$D/screen.txt"; then
  result PASS "a terminal Neovim shows the findings and the hover"
else
  result FAIL "a terminal Neovim shows the findings and the hover: screen was:
$(grep -v '^~ *$' "$D/screen.txt" 2>/dev/null | sed 's/^/    /')"
  exit 1
fi
cp "$D/screen.txt" "${PNG%.png}.txt"
"${NODE:-node}" "$HERE/screenshot.mjs" "$D/screen.ansi" "$PNG" || echo "screenshot conversion failed" >&2
