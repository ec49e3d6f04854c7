#!/usr/bin/env bash
# Runs every native Go fuzz target for a fixed time, one line per target
# (as celestia-app does). Add a line when you add a FuzzXxx.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# x/mesh
go test -run '^$' -fuzz '^FuzzNextReputation$' -fuzztime 30s ./x/mesh/types
go test -run '^$' -fuzz '^FuzzValidateNodeID$' -fuzztime 30s ./x/mesh/types
