#!/usr/bin/env bash
# Makes sure a headless-capable Chromium is installed, for the system test
# that loads the agent's dashboard in a browser (tests/system
# TestAgentDashboard). Installs Debian's `chromium` with apt-get when it is
# missing; exits non-zero, saying why, when that is not possible. Prints the
# path of the browser binary.
set -euo pipefail

find_chromium() {
  local c
  for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi
  done
  return 1
}

if bin="$(find_chromium)"; then
  echo "$bin"
  exit 0
fi

echo "ensure-chromium: no Chromium found; installing Debian's chromium with apt-get" >&2
if [ "$(id -u)" != 0 ]; then
  echo "ensure-chromium: not root: run 'sudo apt-get install -y chromium' (the dashboard system test needs it)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends chromium >&2; then
  apt-get update >&2
  apt-get install -y --no-install-recommends chromium >&2
fi
if bin="$(find_chromium)"; then
  echo "$bin"
  exit 0
fi
echo "ensure-chromium: chromium installed but not on PATH" >&2
exit 1
