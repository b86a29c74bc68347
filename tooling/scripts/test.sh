#!/usr/bin/env bash
# The README's test command: installs what is needed (bootstrap.sh), then runs every test:
# type checks and jest suites of every package and app, the package checks (publint, attw,
# tarball contents) and the consumer test (each package installed alone from its tarball,
# its README example run in ESM and CommonJS).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/tooling/scripts/bootstrap.sh"
cd "$ROOT"
pnpm exec turbo run typecheck test --concurrency=1 --output-logs=full "$@"
node "$ROOT/tooling/consumers/dist/check-packages-cli.js"
bash "$ROOT/tooling/scripts/test-consumers.sh"
