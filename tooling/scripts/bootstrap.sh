#!/usr/bin/env bash
# Installs everything the workspace needs on a fresh machine (Node 20 + npm, maybe root):
#   1. Debian packages the native builds and browser tests need (only when root and missing), and
#      PostgreSQL 15 with pgvector for the database tests (tooling/scripts/pg-cluster.sh install);
#   2. pnpm, the version pinned in package.json#packageManager, into .tools/ (no global install);
#   3. the workspace's dependencies (frozen lockfile; @twotower/faiss-node is compiled against Debian's FAISS);
#   4. a build of every package (turbo, cached).
# Prints one line per step; the tools' own output goes to .tools/setup.log, whose last lines are
# printed when a step fails. Idempotent: a second run does almost nothing. Source it to get `pnpm`
# on PATH (demo.sh and test.sh do; a second source in the same process tree prints nothing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 # no notices from turbo, here or in the scripts that source this
export CI="${CI:-true}"                                       # non-interactive pnpm

if [ "${TWOTOWER_SETUP_DONE:-}" != "$ROOT" ]; then
  mkdir -p .tools
  SETUP_LOG="$ROOT/.tools/setup.log"
  : >"$SETUP_LOG"
  say() { printf '[setup] %s\n' "$*" >&2; }
  # logged STEP COMMAND...: runs COMMAND with its output in the log, under a header naming the
  # step; step_start is the log's line count before it
  step_start=0
  logged() {
    local step="$1"
    shift
    step_start=$(wc -l <"$SETUP_LOG")
    printf '\n== %s: %s\n' "$step" "$*" >>"$SETUP_LOG"
    "$@" >>"$SETUP_LOG" 2>&1
  }
  # fail STEP [LINES]: says the step failed, shows the last non-blank lines of its output, exits
  fail() {
    say "$1: failed — the end of its output (all of it in .tools/setup.log):"
    tail -n +"$((step_start + 1))" "$SETUP_LOG" | grep -v '^[[:space:]]*$' | tail -n "${2:-25}" | sed 's/^/    /' >&2
    exit 1
  }

  # --- 1. system packages -----------------------------------------------------------------
  SYSTEM_PACKAGES=(libfaiss-dev libopenblas-dev patchelf cmake chromium)
  missing=()
  if command -v dpkg-query >/dev/null 2>&1; then
    for p in "${SYSTEM_PACKAGES[@]}"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
  fi
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "Debian packages: not a Debian system; FAISS and browser tests are skipped where they cannot run"
  elif [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages: present"
  elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && [ "${TWOTOWER_SKIP_APT:-0}" != "1" ]; then
    export DEBIAN_FRONTEND=noninteractive
    logged "Debian packages" apt-get update -q || true
    if logged "Debian packages" apt-get install -y -q "${missing[@]}"; then
      say "Debian packages: installed ${missing[*]}"
    else
      say "Debian packages: could not install ${missing[*]} (see .tools/setup.log); FAISS and browser tests are skipped where they cannot run"
    fi
  else
    say "Debian packages: missing ${missing[*]} (not root, or TWOTOWER_SKIP_APT=1); FAISS and browser tests are skipped where they cannot run"
  fi

  # --- 1b. PostgreSQL + pgvector, for the tests of @twotower/pgvector and database serving ----
  # (tooling/scripts/pg-cluster.sh install: Debian's postgresql-15 and server-dev as root, pgvector
  # built from ../shared/vendor; those tests skip, saying why, where this cannot be done)
  if [ "${TWOTOWER_SKIP_APT:-0}" = "1" ]; then
    say "PostgreSQL + pgvector: not installed (TWOTOWER_SKIP_APT=1); database tests are skipped"
  elif logged "PostgreSQL + pgvector" bash "$ROOT/tooling/scripts/pg-cluster.sh" install; then
    say "PostgreSQL + pgvector: ready"
  else
    say "PostgreSQL + pgvector: unavailable ($(tail -n 1 "$SETUP_LOG")); database tests are skipped"
  fi

  # --- 2. pnpm ------------------------------------------------------------------------------
  PNPM_VERSION="$(node -p "require('./package.json').packageManager.split('@')[1]")"
  if [ "$(pnpm --version 2>/dev/null || true)" = "$PNPM_VERSION" ]; then
    say "pnpm $PNPM_VERSION: ready"
  else
    logged "pnpm" npm install --prefix .tools --no-save --no-package-lock --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" ||
      fail "pnpm $PNPM_VERSION"
    say "pnpm $PNPM_VERSION: installed into .tools/"
  fi

  # --- 3. dependencies ----------------------------------------------------------------------
  # tfjs-node's install script downloads libtensorflow, which fails without that network access:
  # it is an optional dependency, so the install goes on and the runtime uses wasm instead.
  logged "dependencies" pnpm install --frozen-lockfile --reporter=append-only || fail "dependencies"
  deps_log="$(tail -n +"$((step_start + 1))" "$SETUP_LOG")"
  deps="installed"
  if grep -q "^Already up to date" <<<"$deps_log"; then deps="up to date"; fi
  # what the native packages came to (the log says why, when one is missing)
  # @twotower/faiss-node compiles at install against the system FAISS and records the outcome
  faiss_status="packages/faiss-node/install-status.json"
  if [ -f "packages/faiss-node/build/Release/faiss_node.node" ] && grep -q '"built": true' "$faiss_status" 2>/dev/null; then
    if [ "$deps" = "installed" ]; then faiss="faiss-node built against Debian FAISS"; else faiss="faiss-node ready"; fi
  else
    why="$(sed -n 's/.*"reason": *"\([^"]*\)".*/\1/p' "$faiss_status" 2>/dev/null | head -n 1)"
    faiss="faiss-node unavailable${why:+ ($why)}, FAISS tests skipped"
  fi
  tfjs_dir="$(ls -d node_modules/.pnpm/@tensorflow+tfjs-node@*/node_modules/@tensorflow/tfjs-node 2>/dev/null | head -n 1 || true)"
  if [ -n "$tfjs_dir" ] && ls "$tfjs_dir"/lib/napi-v*/tfjs_binding.node >/dev/null 2>&1; then
    tfjs="tfjs-node native"
  else
    tfjs="tfjs-node unavailable, using wasm"
  fi
  say "dependencies: $deps ($faiss; $tfjs)"

  # --- 4. build -----------------------------------------------------------------------------
  logged "build" pnpm exec turbo run build --output-logs=errors-only || fail "build" 30
  build_log="$(tail -n +"$((step_start + 1))" "$SETUP_LOG")"
  total="$(sed -n 's/^ *Tasks: *[0-9]* successful, \([0-9]*\) total.*/\1/p' <<<"$build_log" | tail -n 1)"
  cached="$(sed -n 's/^ *Cached: *\([0-9]*\) cached.*/\1/p' <<<"$build_log" | tail -n 1)"
  if [ -n "$total" ] && [ "${cached:-0}" = "$total" ]; then
    say "build: $total packages, up to date"
  elif [ -n "$total" ] && [ "${cached:-0}" = 0 ]; then
    say "build: $total packages built"
  elif [ -n "$total" ]; then
    say "build: $total packages ($((total - cached)) rebuilt, $cached up to date)"
  else
    say "build: done"
  fi
  export TWOTOWER_SETUP_DONE="$ROOT"
  unset -f say fail logged
fi
