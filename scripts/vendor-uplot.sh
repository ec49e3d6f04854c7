#!/usr/bin/env bash
# Refreshes the chart library the agent's dashboard embeds
# (agent/api/assets/uPlot.*), from the npm registry at a pinned version, and
# checks the files against agent/api/assets/SHA256SUMS. The files are
# committed: building the agent needs neither npm nor the network.
#
#   scripts/vendor-uplot.sh          check that the committed files are the pinned release's
#   scripts/vendor-uplot.sh --write  copy the pinned release's files into place
set -euo pipefail

VERSION=1.6.32
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/agent/api/assets"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

(cd "$TMP" && npm pack --silent "uplot@$VERSION" >/dev/null && tar xzf "uplot-$VERSION.tgz")
if [ "${1:-}" = "--write" ]; then
  cp "$TMP/package/dist/uPlot.iife.min.js" "$TMP/package/dist/uPlot.min.css" "$DEST/"
  cp "$TMP/package/LICENSE" "$DEST/uPlot.LICENSE"
  (cd "$DEST" && sha256sum uPlot.iife.min.js uPlot.min.css >SHA256SUMS)
  echo "wrote uPlot $VERSION into $DEST"
  exit 0
fi
(cd "$TMP/package/dist" && sha256sum -c "$DEST/SHA256SUMS")
(cd "$DEST" && sha256sum -c SHA256SUMS)
echo "agent/api/assets holds uPlot $VERSION as released"
