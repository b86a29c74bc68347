#!/usr/bin/env bash
# The README's test command: installs what is needed (bootstrap.sh), then runs every test:
# type checks and jest suites of every package and app, lint (eslint), the package checks (publint, attw,
# tarball contents), the API reference check (typedoc) and the consumer test (each package installed alone from its tarball,
# its README example run in ESM and CommonJS). Ends with one line "tests: N passed, M failed".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/tooling/scripts/bootstrap.sh"
cd "$ROOT"
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
status=0
pnpm exec turbo run typecheck test --concurrency=1 --output-logs=full "$@" 2>&1 | tee "$LOG" || status=$?
if [ "$status" = 0 ]; then
  node "$ROOT/tooling/consumers/dist/check-packages-cli.js" || status=$?
fi
if [ "$status" = 0 ]; then
  echo "[lint] eslint . (eslint.config.mjs)"
  pnpm exec eslint . || status=$?
fi
if [ "$status" = 0 ]; then
  # the API reference builds without a warning: every {@link} resolves, every @param names a parameter
  echo "[docs] typedoc --emit none (warnings are errors)"
  pnpm exec typedoc --emit none --logLevel Warn || status=$?
fi
if [ "$status" = 0 ]; then
  bash "$ROOT/tooling/scripts/test-consumers.sh" 2>&1 | tee -a "$LOG" || status=$?
fi
# one closing line over every jest suite and the consumer test
node -e '
const log = require("fs").readFileSync(process.argv[1], "utf8");
let passed = 0, failed = 0;
for (const m of log.matchAll(/Tests:\s+(?:(\d+) failed, )?(?:\d+ skipped, )?(\d+) passed/g)) { failed += Number(m[1] ?? 0); passed += Number(m[2]); }
for (const m of log.matchAll(/\[consumers\] (\d+) passed, \d+ skipped, (\d+) failed/g)) { passed += Number(m[1]); failed += Number(m[2]); }
if (process.argv[2] !== "0" && failed === 0) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed`);
' "$LOG" "$status"
exit "$status"
