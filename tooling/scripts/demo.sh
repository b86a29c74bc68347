#!/usr/bin/env bash
# The README's main command: installs what is needed (bootstrap.sh); trains the default config and
# the tfrs-reference config on MovieLens 100K if the models do not exist yet (otherwise shows
# their stored metrics) and prints the metric tables with the baselines, the ranking and the
# two-stage figures; then serves the model over HTTP, printing one example request per endpoint,
# until Ctrl-C.
#   npm run demo -- [--data DIR] [--out DIR] [--retrain] [--reference-epochs N] [--no-serve]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/tooling/scripts/bootstrap.sh"
cd "$ROOT"
serve=1
args=()
data="../shared/data/ml-100k"
out="models/ml-100k"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-serve) serve=0 ;;
    --data) data="$2"; shift ;;
    --out) out="$2"; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
node apps/trainer/bin/twotower-train.js demo --data "$data" --out "$out" ${args[@]+"${args[@]}"}
if [ "$serve" = 1 ]; then
  DATA="$data" MODEL="$out" exec bash "$ROOT/tooling/scripts/serve-demo.sh"
fi
