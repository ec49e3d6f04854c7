#!/usr/bin/env bash
# Builds the release binaries of Nexus, reproducibly, with SHA-256 checksums.
#
#   scripts/release.sh              build into build/release/ (what `make release` runs)
#   scripts/release.sh --verify     build again from scratch (no build cache) into a
#                                   temporary directory and compare with build/release/SHA256SUMS
#
# Binaries: nexusd, and nexus-agent and nexus-bench when cmd/<name> exists,
# for linux/amd64 and linux/arm64 (PLATFORMS="linux/amd64 linux/arm64"), named
# <name>-<version>-<os>-<arch>. The same commit built with the same Go
# version gives the same bytes on any machine and in any directory:
#   CGO_ENABLED=0      static binaries, no C toolchain or libc in the output;
#   -trimpath          no file system paths;
#   -buildvcs=false    no VCS stamp (the version and commit come from ldflags);
#   GOAMD64=v1, GOARM64=v8.0, -mod=readonly, fixed ldflags (-s -w, version
#                      and commit from git).
#
# Environment (optional): VERSION (default: git describe --tags --always),
# COMMIT (default: git rev-parse HEAD) — set both to build without git (the
# Dockerfile does) —, RELEASE_DIR (default: build/release), PLATFORMS,
# BINARIES (default: those of nexusd nexus-agent nexus-bench whose cmd/
# exists), ALLOW_DIRTY=1 to build from a tree with uncommitted changes
# (its version then ends in -dirty and cannot be reproduced from the commit).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
GO="${GO:-go}"

VERIFY=0
case "${1:-}" in
  "") ;;
  --verify) VERIFY=1 ;;
  -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
  *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
esac

if [ -z "${COMMIT:-}" ]; then
  COMMIT="$(git rev-parse HEAD)"
fi
if [ -z "${VERSION:-}" ]; then
  VERSION="$(git describe --tags --always)"
  if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    if [ "${ALLOW_DIRTY:-0}" != 1 ]; then
      echo "release: the tree has uncommitted changes; commit them (or set ALLOW_DIRTY=1 for a build that cannot be reproduced)" >&2
      exit 1
    fi
    VERSION="$VERSION-dirty"
  fi
fi
PLATFORMS="${PLATFORMS:-linux/amd64 linux/arm64}"

# tree_state prints the commit and the changed tracked files, so a build
# that the tree changed under (an edit or a checkout while it compiled) is
# caught instead of published. Empty outside a git checkout (the Dockerfile).
tree_state() {
  if git rev-parse --git-dir >/dev/null 2>&1; then
    git rev-parse HEAD
    git status --porcelain --untracked-files=no
  fi
}
STATE_BEFORE="$(tree_state)"
check_tree() {
  if [ "$(tree_state)" != "$STATE_BEFORE" ]; then
    echo "release: the tree changed during the build; build again from an unchanged tree" >&2
    exit 1
  fi
}
RELEASE_DIR="${RELEASE_DIR:-$ROOT/build/release}"

if [ -n "${BINARIES:-}" ]; then
  read -r -a BINARIES <<<"$BINARIES"
else
  BINARIES=()
  for name in nexusd nexus-agent nexus-bench; do
    if [ -d "cmd/$name" ]; then
      BINARIES+=("$name")
    fi
  done
fi

# build OUT_DIR [extra go build flags...]
build() {
  local out="$1"; shift
  mkdir -p "$out"
  local files=()
  for platform in $PLATFORMS; do
    local os="${platform%/*}" arch="${platform#*/}"
    for name in "${BINARIES[@]}"; do
      local file="$name-$VERSION-$os-$arch"
      local ldflags="-s -w \
        -X github.com/cosmos/cosmos-sdk/version.Name=nexus \
        -X github.com/cosmos/cosmos-sdk/version.AppName=$name \
        -X github.com/cosmos/cosmos-sdk/version.Version=$VERSION \
        -X github.com/cosmos/cosmos-sdk/version.Commit=$COMMIT"
      echo "building $file"
      CGO_ENABLED=0 GOOS="$os" GOARCH="$arch" GOAMD64=v1 GOARM64=v8.0 GOFLAGS=-mod=readonly \
        "$GO" build "$@" -trimpath -buildvcs=false -ldflags "$ldflags" -o "$out/$file" "./cmd/$name"
      files+=("$file")
    done
  done
  (cd "$out" && sha256sum "${files[@]}" >SHA256SUMS)
  {
    echo "version: $VERSION"
    echo "commit:  $COMMIT"
    echo "go:      $("$GO" env GOVERSION)"
    echo "flags:   CGO_ENABLED=0 GOAMD64=v1 GOARM64=v8.0 -mod=readonly -trimpath -buildvcs=false -ldflags '-s -w -X ...version.{Name,AppName,Version,Commit}'"
  } >"$out/BUILD-INFO"
}

if [ "$VERIFY" = 0 ]; then
  rm -rf "$RELEASE_DIR"
  build "$RELEASE_DIR"
  check_tree
  echo
  echo "release $VERSION ($COMMIT) in $RELEASE_DIR:"
  cat "$RELEASE_DIR/SHA256SUMS"
  exit 0
fi

# --verify: rebuild everything (-a: no build cache) somewhere else and compare.
if [ ! -f "$RELEASE_DIR/SHA256SUMS" ]; then
  echo "release: no $RELEASE_DIR/SHA256SUMS to verify (run make release first)" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
build "$tmp/release" -a
check_tree
if diff -u "$RELEASE_DIR/SHA256SUMS" "$tmp/release/SHA256SUMS"; then
  echo "reproduced: every checksum of $RELEASE_DIR/SHA256SUMS matches a second build from scratch"
else
  echo "release: the second build differs (same Go version? $("$GO" env GOVERSION))" >&2
  exit 1
fi
