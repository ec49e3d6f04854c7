#!/usr/bin/env bash
# Runs every native Go fuzz target for a fixed time each. One line per
# target; add yours next to your module's lines.
#   FUZZTIME=1m scripts/test_fuzz.sh    (default 20s per target)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FUZZTIME="${FUZZTIME:-20s}"

fuzz() { # fuzz <package> <target>
  echo "fuzz $1 $2 ($FUZZTIME)"
  go test "$1" -run '^$' -fuzz "^$2\$" -fuzztime "$FUZZTIME"
}

# x/mint: a-Token symbols and denoms
fuzz ./x/mint/types FuzzParseATokenDenom
fuzz ./x/mint/types FuzzValidateSymbol

# x/mesh: reputation EWMA and node ids
fuzz ./x/mesh/types FuzzNextReputation
fuzz ./x/mesh/types FuzzValidateNodeID

# x/aegis: the nested-message walker
fuzz ./x/aegis/types FuzzWalk

# x/pivc: fee and split math
fuzz ./x/pivc/types FuzzCoinFee
fuzz ./x/pivc/types FuzzSplitAmount

# x/ledger: payment references
fuzz ./x/ledger/types FuzzValidateReference
# x/forge: order ids and order amounts
fuzz ./x/forge/types FuzzParseOrderID
fuzz ./x/forge/types FuzzOrderAmount
