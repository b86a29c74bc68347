#!/usr/bin/env bash
# Makes sure the browser test can run: installs Debian's chromium when it is missing and this
# shell can (root with apt-get). Never fails: without Chromium the browser test skips and says why.
set -u
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[viz] installing Debian's chromium for the browser test" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || echo "[viz] apt-get update failed; trying the install anyway" >&2
  apt-get install -y -qq chromium >/dev/null 2>&1 || echo "[viz] could not install chromium: the browser test will skip" >&2
else
  echo "[viz] no Chromium at $CHROMIUM and not root with apt-get: the browser test will skip (apt-get install chromium)" >&2
fi
exit 0
