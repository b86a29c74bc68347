#!/usr/bin/env bash
# The README's test command: installs what is needed (bootstrap.sh), then runs every test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/tooling/scripts/bootstrap.sh"
cd "$ROOT"
pnpm exec turbo run typecheck test --concurrency=1 --output-logs=full "$@"
