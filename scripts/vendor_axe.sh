#!/usr/bin/env bash
# Vendor axe-core (the accessibility rules the browser tests run on every page) from the npm registry.
#   bash scripts/vendor_axe.sh
# The tests never reach the network: the file lands in the platform's static/vendor folder with its licence
# (MPL-2.0) and is committed. Bump the version here, run the script, review the diff, commit.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.14.1
DEST=src/dgeval/web/static/vendor/axe-core
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null)
tar -xzf "$work/axe-core-$AXE_VERSION.tgz" -C "$work"
mkdir -p "$DEST"
cp "$work/package/axe.min.js" "$DEST/axe.min.js"
cp "$work/package/LICENSE" "$DEST/LICENSE"
echo "$AXE_VERSION" > "$DEST/VERSION"
echo "vendored axe-core $AXE_VERSION (MPL-2.0) into $DEST"
