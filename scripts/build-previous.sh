#!/usr/bin/env bash
# Builds nexusd of the previous release — the binary the chain runs before
# the latest upgrade (docs/upgrades.md) — from git, and prints its path.
#
#   scripts/build-previous.sh            build the default previous release
#   scripts/build-previous.sh <commit>   build another commit
#
# The source is `git archive <commit>` (nothing of the work tree enters it),
# built with its own go.mod and go.sum (-mod=readonly: dependencies exactly as
# that commit pins them, from the module cache or the proxy) into
# build/previous/<full commit>/nexusd. A second run with the binary present
# only prints the path (the cache is keyed by the commit; `make clean`
# removes it). The build flags are those of `make build`, with the commit as
# the version.
#
# The commit must be in the repository: a shallow clone (CI's `git clone
# --depth N`) may lack it, and the script then fails and says how to fetch it.
set -euo pipefail

# PREVIOUS is the release the upgrade of app/upgrades/v2 starts from: the
# binary operators and the public testnet run.
PREVIOUS=28bc9f42fc3696efd132a14d2b8c668f0f817b89

case "${1:-}" in
  -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
esac
REF="${1:-$PREVIOUS}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
GO="${GO:-go}"
BUILDDIR="${BUILDDIR:-$ROOT/build}"

if ! COMMIT="$(git rev-parse --verify --quiet "$REF^{commit}")"; then
  {
    echo "build-previous: commit $REF is not in this repository."
    if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
      echo "This is a shallow clone. Fetch the history with"
      echo "    git fetch --unshallow"
      echo "or only that commit with"
      echo "    git fetch --depth=1 origin $REF"
    else
      echo "Fetch it from the canonical repository, e.g. git fetch origin $REF"
    fi
  } >&2
  exit 1
fi

OUT="$BUILDDIR/previous/$COMMIT"
if [ -x "$OUT/nexusd" ]; then
  echo "$OUT/nexusd"
  exit 0
fi

SRC="$(mktemp -d "${TMPDIR:-/tmp}/nexus-previous-XXXXXX")"
trap 'rm -rf "$SRC"' EXIT
git archive --format=tar "$COMMIT" | tar -x -C "$SRC"

SHORT="${COMMIT:0:7}"
LDFLAGS="-X github.com/cosmos/cosmos-sdk/version.Name=nexus \
-X github.com/cosmos/cosmos-sdk/version.AppName=nexusd \
-X github.com/cosmos/cosmos-sdk/version.Version=$SHORT \
-X github.com/cosmos/cosmos-sdk/version.Commit=$COMMIT"

mkdir -p "$OUT"
echo "build-previous: building nexusd at $SHORT into $OUT" >&2
(cd "$SRC" && GOWORK=off GOFLAGS=-mod=readonly "$GO" build -trimpath -ldflags "$LDFLAGS" -o "$OUT/nexusd.tmp" ./cmd/nexusd)
mv "$OUT/nexusd.tmp" "$OUT/nexusd"
echo "$OUT/nexusd"
