#!/usr/bin/env bash
# Regenerates the Go code of every proto under proto/azora, offline:
#   - buf comes from npm (@bufbuild/buf, pinned in package.json),
#   - the protoc plugins are built from tools/go.mod (pinned),
#   - third-party protos are taken from the Go module cache at the versions
#     go.mod pins (no buf.build registry needed).
# The generated *.pb.go / *.pb.gw.go are copied next to each module's types
# and committed; `make proto-check` fails if they drift.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Where generated files go (scripts/proto-check.sh points this at a temp dir).
OUT="${NEXUS_PROTO_OUT:-$ROOT}"
cd "$ROOT"

# shellcheck source=scripts/proto-tools.sh
source "$ROOT/scripts/proto-tools.sh"
proto_tools_setup

cd "$ROOT/proto"
rm -rf gen gen-openapi
if ! find azora -name '*.proto' 2>/dev/null | grep -q .; then
  echo "no protos under proto/azora; writing an empty OpenAPI document"
  mkdir -p gen-openapi
  node "$ROOT/scripts/merge-openapi.js" gen-openapi "$OUT/docs/openapi/openapi.json"
  rm -rf gen-openapi
  exit 0
fi

echo "buf lint"
"$BUF" lint --path azora
echo "buf generate (gocosmos + grpc-gateway)"
"$BUF" generate --template buf.gen.gogo.yaml --path azora

# Copy github.com/azora-os/nexus/... into place and drop the temp tree.
mkdir -p "$OUT"
cp -r gen/github.com/azora-os/nexus/* "$OUT"/
rm -rf gen

echo "buf generate (openapi)"
"$BUF" generate --template buf.gen.openapi.yaml --path azora
node "$ROOT/scripts/merge-openapi.js" gen-openapi "$OUT/docs/openapi/openapi.json"
rm -rf gen-openapi

echo "done"
