#!/usr/bin/env bash
# Full-page PNG screenshots of a built site with headless Chromium (Debian's
# `chromium`), at 1280 and 390 px wide, in light and dark colour scheme.
#
# Usage: scripts/screenshots.sh [SITE_OUTPUT_DIR] [OUT_DIR]
#   SITE_OUTPUT_DIR  built site (default: Output, as written by `make site`)
#   OUT_DIR          where PNGs go (default: screenshots/, gitignored)
# Environment: WIDTHS ("1280 390"), SCHEMES ("light dark"), CHROMIUM,
#   FALLBACK_HEIGHT (3000: window height when Selenium can't measure a page),
#   MAX_HEIGHT (40000: taller pages are cut there; 40000 px checked to render).
#
# Dark mode: `--force-dark-mode --blink-settings=preferredColorScheme=0`
# (Blink's enum: 0 = dark, 1 = light); light mode passes
# `--blink-settings=preferredColorScheme=1` so the host's setting can't leak in.
# Checked on Chromium 156: with these flags `@media (prefers-color-scheme: dark)`
# matches (each flag alone already does). Full page: the document height is
# measured first with Selenium (scripts/page_heights.py) at the same width and
# scheme, then the window is made that tall.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

site=${1:-Output}
out=${2:-screenshots}
PYTHON=${PYTHON:-python3}
read -r -a widths <<<"${WIDTHS:-1280 390}"
read -r -a schemes <<<"${SCHEMES:-light dark}"
FALLBACK_HEIGHT=${FALLBACK_HEIGHT:-3000}
MAX_HEIGHT=${MAX_HEIGHT:-40000}

# name:path (path relative to the site root; directories end in /)
pages=(
    home:
    timeline:timeline/
    briefing:briefings/embassies-first-steps/
    event:events/coup-attempt-2002/
    profile:profiles/delcy-rodriguez/
)

if [ ! -d "$site" ]; then
    echo "error: site folder '$site' not found (build it with 'make site')" >&2
    exit 1
fi
if [ -z "${CHROMIUM:-}" ]; then
    # Debian's /usr/bin/chromium is a wrapper script; the binary behind it is
    # quieter and takes the same flags.
    if [ -x /usr/lib/chromium/chromium ]; then CHROMIUM=/usr/lib/chromium/chromium
    elif command -v chromium >/dev/null; then CHROMIUM=$(command -v chromium)
    else echo "error: chromium not found; run 'make test-deps'" >&2; exit 1
    fi
fi
for entry in "${pages[@]}"; do
    path=${entry#*:}
    [ -f "$site/${path}index.html" ] || echo "warning: $site/${path}index.html missing" >&2
done
mkdir -p "$out"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/briefing-shots.XXXXXX")
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
# Chromium and its driver leave folders in the temporary folder; these go with $tmp.
export TMPDIR="$tmp"

# Serve the folder on 127.0.0.1 at a free port (killed on exit).
"$PYTHON" scripts/serve_static.py "$site" --port-file "$tmp/url" >/dev/null &
server_pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/url" ] && break; sleep 0.1; done
[ -s "$tmp/url" ] || { echo "error: static server did not start" >&2; exit 1; }
base=$(cat "$tmp/url")

# Page heights per width and scheme.
paths=()
for entry in "${pages[@]}"; do paths+=("${entry#*:}"); done
if ! "$PYTHON" scripts/page_heights.py "$base" "$(IFS=,; echo "${widths[*]}")" \
        "$(IFS=,; echo "${schemes[*]}")" "${paths[@]}" >"$tmp/heights" 2>"$tmp/heights.err"; then
    echo "warning: could not measure page heights (Selenium); using ${FALLBACK_HEIGHT}px" >&2
    sed 's/^/  /' "$tmp/heights.err" | tail -n 5 >&2
    : >"$tmp/heights"
fi

count=0
for entry in "${pages[@]}"; do
    name=${entry%%:*}; path=${entry#*:}
    for width in "${widths[@]}"; do
        for scheme in "${schemes[@]}"; do
            height=$(awk -F'\t' -v p="$path" -v w="$width" -v s="$scheme" \
                '$1 == p && $2 == w && $3 == s { print $4 }' "$tmp/heights")
            height=${height:-$FALLBACK_HEIGHT}
            if [ "$height" -gt "$MAX_HEIGHT" ]; then
                echo "note: $name at ${width}px is ${height}px tall; cut at ${MAX_HEIGHT}px" >&2
                height=$MAX_HEIGHT
            fi
            if [ "$scheme" = dark ]; then
                scheme_flags=(--force-dark-mode --blink-settings=preferredColorScheme=0)
            else
                scheme_flags=(--blink-settings=preferredColorScheme=1)
            fi
            file="$out/$name-$width-$scheme.png"
            rm -f "$file"
            if ! timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
                    --hide-scrollbars --disable-dev-shm-usage --no-first-run \
                    --force-device-scale-factor=1 --user-data-dir="$tmp/profile" \
                    "${scheme_flags[@]}" --window-size="$width,$height" \
                    --screenshot="$file" "$base$path" >"$tmp/chromium.log" 2>&1 \
                    || [ ! -s "$file" ]; then
                echo "error: screenshot of $base$path failed:" >&2
                tail -n 20 "$tmp/chromium.log" >&2
                exit 1
            fi
            echo "$file (${width}x${height})"
            count=$((count + 1))
        done
    done
done
echo "screenshots: $count files in $out/"
