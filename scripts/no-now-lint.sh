#!/usr/bin/env bash
# Fails if state-machine code reads the wall clock, spawns goroutines or uses
# floats. State machine = app/ and x/ (excluding tests, test helpers and
# generated code).
# Off-chain code (cmd/, tests/, clients/) is not checked.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

files=$(git ls-files 'app/*.go' 'x/*.go' | grep -v '_test\.go$' | grep -v '\.pb\(\.gw\)\?\.go$' | grep -v '/testutil/' | grep -v '/apptesting/' || true)
[ -z "$files" ] && exit 0

fail=0
check() {
  local pattern="$1" what="$2" hits
  # shellcheck disable=SC2086
  hits=$(grep -nE "$pattern" $files | grep -v '// nolint:nondeterminism' || true)
  if [ -n "$hits" ]; then
    echo "determinism: $what in state-machine code:"
    echo "$hits"
    fail=1
  fi
}
check '\btime\.Now\(' 'time.Now()'
check '^\s*go (func|[a-zA-Z_]+\()' 'goroutine'
check '\bfloat(32|64)\b' 'float'
check '\bmath/rand\b' 'math/rand'
exit $fail
