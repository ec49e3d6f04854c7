#!/usr/bin/env bash
# Regenerates everything derived from the protos, offline:
#   - Go: gogoproto messages, gRPC services and grpc-gateway routes of every
#     proto under proto/azora, copied next to each module's types;
#   - TypeScript: clients/ts/src/generated (ts-proto types and query
#     clients, and the CosmJS registry, amino converters and query extension
#     from tools/protoc-gen-nexus-cosmjs.mjs);
#   - OpenAPI: docs/openapi/openapi.json, one document for every REST route
#     nexusd serves (the Nexus query services and the SDK services below),
#     merged by protoc-gen-openapiv2; and the Swagger UI assets it is served
#     with (docs/openapi/swagger-ui, from the pinned swagger-ui-dist).
# Tools: buf, ts-proto, @bufbuild/protobuf and swagger-ui-dist come from npm
# (pinned in tools/package.json), the protoc plugins are built from
# tools/go.mod (pinned), and third-party protos are taken from the Go module
# cache at the versions go.mod pins (no buf.build registry needed).
# Everything generated is committed; `make proto-check` fails if it drifts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Where generated files go (scripts/proto-check.sh points this at a temp dir).
OUT="${NEXUS_PROTO_OUT:-$ROOT}"
cd "$ROOT"

# The SDK query services nexusd's REST gateway serves (app.RegisterAPIRoutes:
# the tx, CometBFT and node services, then every module of the app's basic
# manager that registers gateway routes). tests/system/openapi_test.go checks
# this list against a running node both ways.
SDK_GATEWAY_PROTOS=(
  cosmos/tx/v1beta1/service.proto
  cosmos/base/tendermint/v1beta1/query.proto
  cosmos/base/node/v1beta1/query.proto
  cosmos/auth/v1beta1/query.proto
  cosmos/authz/v1beta1/query.proto
  cosmos/bank/v1beta1/query.proto
  cosmos/consensus/v1/query.proto
  cosmos/distribution/v1beta1/query.proto
  cosmos/evidence/v1beta1/query.proto
  cosmos/feegrant/v1beta1/query.proto
  cosmos/gov/v1/query.proto
  cosmos/gov/v1beta1/query.proto
  cosmos/slashing/v1beta1/query.proto
  cosmos/staking/v1beta1/query.proto
  cosmos/upgrade/v1beta1/query.proto
)

# shellcheck source=scripts/proto-tools.sh
source "$ROOT/scripts/proto-tools.sh"
proto_tools_setup

cd "$ROOT/proto"
rm -rf gen gen-ts gen-openapi

echo "buf lint"
"$BUF" lint --path azora
echo "buf generate (gocosmos + grpc-gateway)"
"$BUF" generate --template buf.gen.gogo.yaml --path azora

# Copy github.com/azora-os/nexus/... into place and drop the temp tree.
mkdir -p "$OUT"
cp -r gen/github.com/azora-os/nexus/* "$OUT"/
rm -rf gen

echo "buf generate (TypeScript: ts-proto + CosmJS glue)"
"$BUF" generate --template buf.gen.ts.yaml --path azora
node "$ROOT/tools/ts-prune.mjs" gen-ts
rm -rf "$OUT/clients/ts/src/generated"
mkdir -p "$OUT/clients/ts/src/generated"
cp -r gen-ts/. "$OUT/clients/ts/src/generated/"
rm -rf gen-ts

echo "buf generate (OpenAPI)"
openapi_paths=()
while IFS= read -r f; do openapi_paths+=(--path "$f"); done < <(grep -rl --include='*.proto' 'google.api.http' azora | sort)
for f in "${SDK_GATEWAY_PROTOS[@]}"; do
  if [ ! -f "third_party/$f" ]; then
    echo "protocgen: $f is not in the SDK at the version go.mod pins" >&2
    exit 1
  fi
  openapi_paths+=(--path "third_party/$f")
done
"$BUF" generate --template buf.gen.openapi-config.yaml "${openapi_paths[@]}"
"$BUF" generate --template buf.gen.openapi.yaml "${openapi_paths[@]}"
mkdir -p "$OUT/docs/openapi"
cp gen-openapi/nexus.swagger.json "$OUT/docs/openapi/openapi.json"
rm -rf gen-openapi

# Swagger UI, served by nexusd at /swagger/ from embedded files (no CDN).
ui="$ROOT/tools/node_modules/swagger-ui-dist"
rm -rf "$OUT/docs/openapi/swagger-ui"
mkdir -p "$OUT/docs/openapi/swagger-ui"
cp "$ui/swagger-ui-bundle.js" "$ui/swagger-ui.css" "$ui/LICENSE" "$ui/NOTICE" "$OUT/docs/openapi/swagger-ui/"

echo "done"
