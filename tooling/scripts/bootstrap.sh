#!/usr/bin/env bash
# Installs everything the workspace needs on a fresh machine (Node 20 + npm, maybe root):
#   1. Debian packages the native builds and browser tests need (only when root and missing);
#   2. pnpm, the version pinned in package.json#packageManager, into .tools/ (no global install);
#   3. the workspace's dependencies (frozen lockfile; faiss-node is compiled against Debian's FAISS);
#   4. a build of every package (turbo, cached).
# Idempotent: a second run does almost nothing. Source it to get `pnpm` on PATH.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

log() { printf '[bootstrap] %s\n' "$*" >&2; }

# --- 1. system packages -------------------------------------------------------------------
SYSTEM_PACKAGES=(libfaiss-dev libopenblas-dev patchelf cmake chromium)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && [ "${TWOTOWER_SKIP_APT:-0}" != "1" ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || log "apt-get update failed; trying the install anyway"
    apt-get install -y -qq "${missing[@]}" >/dev/null || log "apt-get install failed: FAISS and browser tests will be skipped where they cannot run"
  else
    log "missing Debian packages (${missing[*]}); not root or TWOTOWER_SKIP_APT=1: FAISS and browser tests will be skipped where they cannot run"
  fi
fi

# --- 2. pnpm ----------------------------------------------------------------------------------
PNPM_VERSION="$(node -p "require('./package.json').packageManager.split('@')[1]")"
export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  log "installing pnpm@$PNPM_VERSION into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-save --no-package-lock --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" >/dev/null
fi

# --- 3. dependencies --------------------------------------------------------------------------
export CI="${CI:-true}" # non-interactive pnpm
log "pnpm install (frozen lockfile)"
pnpm install --frozen-lockfile --reporter=append-only 2>&1 | grep -vE '^(Progress|\s*$)' | tail -n 20 >&2 || {
  log "pnpm install failed"; exit 1; }

# --- 4. build ---------------------------------------------------------------------------------
log "building every package"
pnpm exec turbo run build --output-logs=errors-only >&2
