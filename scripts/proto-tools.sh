#!/usr/bin/env bash
# Shared set-up for proto generation: builds the pinned plugins, installs buf
# from npm and links the third-party protos from the Go module cache.
# Sourced by protocgen.sh; sets BUF and PATH.

proto_tools_setup() {
  local root="$ROOT"
  mkdir -p "$root/tools/bin"
  (cd "$root/tools" && go build -o bin/ \
    github.com/cosmos/gogoproto/protoc-gen-gocosmos \
    github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway \
    github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2)
  export PATH="$root/tools/bin:$PATH"

  if [ ! -x "$root/tools/node_modules/.bin/buf" ]; then
    (cd "$root/tools" && npm ci --no-audit --no-fund --loglevel=error)
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
