#!/usr/bin/env bash
# Load check for `briefing serve`: wrk against 127.0.0.1 while a briefing is edited in a loop.
#
#   Benchmarks/serve-load.sh [seconds]        (default 20; needs `wrk`: apt-get install -y wrk)
#
# Serves a copy of the sample site, rewrites one briefing every 0.5 s (atomic saves, so each one
# triggers a rebuild), and has wrk fetch pages throughout. Every response is checked: status 200 and a
# complete HTML document (ends with </html>), so a partially written file would be counted.
# Prints requests/s, wrk's socket errors and the count of bad responses; exits 1 if any.
# CONFIG=debug|release (default release) and SCRATCH=<folder> select the build.
set -euo pipefail

DURATION="${1:-20}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CONFIG="${CONFIG:-release}"
SCRATCH="${SCRATCH:-.build}"
PORT="${PORT:-8089}"
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 2; }

cd "$ROOT"
swift build -c "$CONFIG" --scratch-path "$SCRATCH" --product briefing >/dev/null
BIN="$(swift build -c "$CONFIG" --scratch-path "$SCRATCH" --show-bin-path)/briefing"

WORK="$(mktemp -d)"
SERVER_PID=""
EDITOR_PID=""
cleanup() {
    [[ -n "$EDITOR_PID" ]] && kill "$EDITOR_PID" 2>/dev/null || true
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/site"
cp -R Content Templates "$WORK/site/"
BRIEFING="$WORK/site/Content/briefings/2026-01-10-delegation-lands.md"
cp "$BRIEFING" "$WORK/original.md"

"$BIN" serve --site "$WORK/site" --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    grep -q "Serving" "$WORK/serve.log" 2>/dev/null && break
    sleep 0.1
done
grep -q "Serving" "$WORK/serve.log" || { cat "$WORK/serve.log" >&2; exit 1; }

# The editor: alternate two versions of one briefing, saved atomically like an editor does.
(
    n=0
    while true; do
        n=$((n + 1))
        sed "s/The visit was brief./The visit was brief (edit $n)./" "$WORK/original.md" >"$WORK/next.md"
        mv "$WORK/next.md" "$BRIEFING"
        sleep 0.5
    done
) &
EDITOR_PID=$!

cat >"$WORK/check.lua" <<'LUA'
local paths = { "/", "/briefings/delegation-lands/", "/timeline/", "/profiles/john-t-mcnamara/",
                "/briefings/", "/tags/diplomacy/" }
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) i = 0; bad = 0; checked = 0 end
function request()
    i = i + 1
    return wrk.format("GET", paths[(i % #paths) + 1])
end
function response(status, headers, body)
    checked = checked + 1
    if status ~= 200 or not string.find(body, "</html>", 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
    local b, c = 0, 0
    for _, t in ipairs(threads) do b = b + t:get("bad"); c = c + t:get("checked") end
    local e = summary.errors
    io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
    io.write(string.format("checked responses: %d, bad (non-200 or partial body): %d\n", c, b))
    io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n", e.connect, e.read, e.write, e.timeout))
end
LUA

wrk -t2 -c16 -d"${DURATION}s" --timeout 5s -s "$WORK/check.lua" "http://127.0.0.1:$PORT" | tee "$WORK/wrk.txt"
kill "$EDITOR_PID" 2>/dev/null || true
EDITOR_PID=""
echo "rebuilds during the run: $(grep -c '^Built' "$WORK/serve.log")"
grep -q "bad (non-200 or partial body): 0$" "$WORK/wrk.txt" && grep -q "connect 0, read 0, write 0, timeout 0" "$WORK/wrk.txt"
