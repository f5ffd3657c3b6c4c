#!/usr/bin/env bash
# Vendor the report charts' JavaScript and the China map from the npm registry into dgeval.reports' static folder.
#   bash scripts/vendor_report_assets.sh
# Reports never load a CDN: the files land in src/dgeval/reports/static/ with their licences and are committed.
# Bump a version here, run the script, review the diff, commit.
set -euo pipefail
cd "$(dirname "$0")/.."
ECHARTS_VERSION=6.1.0
# ECharts 4.x was the last release to ship map data; its package (Apache-2.0) holds the provinces map.
ECHARTS_MAP_VERSION=4.9.0
STATIC=src/dgeval/reports/static
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "echarts@$ECHARTS_VERSION" "echarts@$ECHARTS_MAP_VERSION" >/dev/null)
mkdir -p "$work/js" "$work/map"
tar -xzf "$work/echarts-$ECHARTS_VERSION.tgz" -C "$work/js"
tar -xzf "$work/echarts-$ECHARTS_MAP_VERSION.tgz" -C "$work/map"

mkdir -p "$STATIC/echarts" "$STATIC/map"
cp "$work/js/package/dist/echarts.min.js" "$STATIC/echarts/echarts.min.js"
cp "$work/js/package/LICENSE" "$STATIC/echarts/LICENSE"
cp "$work/js/package/NOTICE" "$STATIC/echarts/NOTICE"
cp "$work/js/package/licenses/LICENSE-d3" "$STATIC/echarts/LICENSE-d3"
echo "$ECHARTS_VERSION" > "$STATIC/echarts/VERSION"
cp "$work/map/package/map/json/china.json" "$STATIC/map/china.json"
cp "$work/map/package/LICENSE" "$STATIC/map/LICENSE"
cp "$work/map/package/NOTICE" "$STATIC/map/NOTICE"
echo "$ECHARTS_MAP_VERSION" > "$STATIC/map/VERSION"
echo "vendored echarts $ECHARTS_VERSION and the provinces map of echarts $ECHARTS_MAP_VERSION into $STATIC"
