#!/usr/bin/env bash
# `pnpm test:consumers`: builds the workspace, then checks every public package as a registry user
# gets it — packed, installed alone with npm into an empty project (workspace dependencies from
# their own tarballs), its README example type-checked and run as ESM and as CommonJS.
# Options go to the checker (tooling/consumers/README.md): --only runtime,index  --json FILE  --keep
# --concurrency N  --timeout SECONDS  --cache DIR. Needs network access to the npm registry.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
if ! command -v pnpm >/dev/null 2>&1 || [ ! -d node_modules ]; then
  echo "[test-consumers] the workspace is not installed: run 'npm run setup' (tooling/scripts/bootstrap.sh) first" >&2
  exit 1
fi
pnpm exec turbo run build --output-logs=errors-only >&2
exec node tooling/consumers/dist/test-consumers-cli.js "$@"
