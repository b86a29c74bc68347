#!/usr/bin/env bash
# The README's main command: installs what is needed (bootstrap.sh), then runs the main job on
# MovieLens 100K (../shared/data/ml-100k by default; pass --data DIR for another data set).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/tooling/scripts/bootstrap.sh"
cd "$ROOT"
exec node apps/trainer/bin/twotower-train.js demo "$@"
