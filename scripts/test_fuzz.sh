#!/usr/bin/env bash
# Runs every native Go fuzz target for a fixed time, one line per target.
# The seed corpora also run as plain tests in `make test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

go test ./x/aegis/types -run '^$' -fuzz '^FuzzWalk$' -fuzztime 60s
