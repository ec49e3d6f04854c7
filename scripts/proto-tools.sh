#!/usr/bin/env bash
# Shared set-up for proto generation: builds the pinned plugins, installs buf,
# ts-proto, @bufbuild/protobuf and swagger-ui-dist from npm (tools/package.json)
# and links the third-party protos from the Go module cache.
# Sourced by protocgen.sh; sets BUF and PATH.

proto_tools_setup() {
  local root="$ROOT"
  mkdir -p "$root/tools/bin"
  (cd "$root/tools" && go build -o bin/ \
    github.com/cosmos/gogoproto/protoc-gen-gocosmos \
    github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway \
    github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2)
  export PATH="$root/tools/bin:$PATH"

  # npm ci again whenever package-lock.json changed (a merge that pins a new
  # version), not only on a fresh clone. --ignore-scripts: none of these
  # packages needs an install script (buf ships its binary as an optional
  # dependency), and swagger-ui-dist's analytics dependency would otherwise
  # try to reach the network.
  local stamp="$root/tools/node_modules/.nexus-lock.sha256" want
  want="$(sha256sum "$root/tools/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    (cd "$root/tools" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
  BUF="$root/tools/node_modules/.bin/buf"

  local sdk gogo cosmosproto gw tp
  sdk="$(cd "$root" && go list -m -f '{{.Dir}}' github.com/cosmos/cosmos-sdk)"
  gogo="$(cd "$root" && go list -m -f '{{.Dir}}' github.com/cosmos/gogoproto)"
  cosmosproto="$(cd "$root" && go list -m -f '{{.Dir}}' github.com/cosmos/cosmos-proto)"
  gw="$(cd "$root" && go list -m -f '{{.Dir}}' github.com/grpc-ecosystem/grpc-gateway)"

  tp="$root/proto/third_party"
  rm -rf "$tp"
  mkdir -p "$tp/google"
  cp -r "$sdk/proto/cosmos" "$sdk/proto/amino" "$sdk/proto/tendermint" "$tp/"
  cp -r "$gogo/gogoproto" "$tp/"
  cp -r "$cosmosproto/proto/cosmos_proto" "$tp/"
  cp -r "$gw/third_party/googleapis/google/api" "$tp/google/"
  # Only the .proto files matter; drop Go files and docs that came along.
  find "$tp" -type f ! -name '*.proto' -delete
  chmod -R u+w "$tp"
}
