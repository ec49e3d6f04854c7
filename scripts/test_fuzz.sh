#!/usr/bin/env bash
# Runs every native Go fuzz target for a fixed time each (celestia-style).
# One line per target; add yours when you add a FuzzXxx.
#   FUZZTIME=2m bash scripts/test_fuzz.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FUZZTIME="${FUZZTIME:-30s}"

fuzz() { # package target
  echo "== $2 ($1, $FUZZTIME)"
  go test -run '^$' -fuzz "^$2\$" -fuzztime "$FUZZTIME" "$1"
}

fuzz ./x/pivc/types FuzzCoinFee
fuzz ./x/pivc/types FuzzSplitAmount
