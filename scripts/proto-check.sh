#!/usr/bin/env bash
# Fails if the committed generated code (x/*/types/*.pb.go, *.pb.gw.go,
# clients/ts/src/generated, docs/openapi/openapi.json and the Swagger UI
# assets in docs/openapi/swagger-ui) differs from what `make proto-gen`
# produces from proto/ and the pinned tools. Generates into a temporary directory and compares with the working
# tree, so it works before you commit.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

NEXUS_PROTO_OUT="$tmp" bash "$ROOT/scripts/protocgen.sh" >/dev/null

fail=0
while IFS= read -r f; do
  rel="${f#"$tmp"/}"
  if [ ! -f "$ROOT/$rel" ]; then
    echo "proto-check: $rel is generated but missing from the tree"
    fail=1
  elif ! cmp -s "$f" "$ROOT/$rel"; then
    echo "proto-check: $rel differs from the generated code"
    fail=1
  fi
done < <(find "$tmp" -type f | sort)

# Generated files in the tree that no proto produces any more.
while IFS= read -r rel; do
  if [ ! -f "$tmp/$rel" ]; then
    echo "proto-check: $rel is stale (no proto generates it)"
    fail=1
  fi
done < <(cd "$ROOT" && {
  find x -name '*.pb.go' -o -name '*.pb.gw.go' 2>/dev/null
  find clients/ts/src/generated docs/openapi/swagger-ui -type f 2>/dev/null
  [ -f docs/openapi/openapi.json ] && echo docs/openapi/openapi.json
} | sort)

if [ "$fail" = 1 ]; then
  echo "generated code is out of date: run 'make proto-gen' and commit the result"
  exit 1
fi
echo "proto-check: generated code is up to date"
