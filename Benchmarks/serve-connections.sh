#!/usr/bin/env bash
# Many and hostile connections against `briefing serve`: does a normal client still get pages?
#
#   Benchmarks/serve-connections.sh            (python3 standard library only; no other tools)
#
# Serves a copy of the sample site on 127.0.0.1 (a free port) and, from an asyncio client:
#   1. holds SLOW (default 500) slow clients for HOLD seconds (default 45):
#        half send a request header one byte a second and never finish it (slowloris),
#        a quarter ask for the largest page and read the answer one byte a second (small receive buffer),
#        a quarter send 20 pipelined requests and never read anything;
#   2. meanwhile opens CONNECTIONS (default 1000) connections at once, each sending one complete GET and
#      reading the whole answer (status 200, Content-Length bytes, body ending in </html>);
#   3. meanwhile a normal client (its own process, one new connection per request) fetches NORMAL
#      (default 50) pages during that burst and NORMAL more after it, with the slow clients still held,
#      and times each request.
# The server's VmRSS and open descriptors (/proc/PID) are sampled before, during and after; VmHWM at
# the end. Exits 1 if any normal request or burst connection fails, or the peak RSS exceeds
# RSS_CAP_MIB (default 512).
# The client raises its descriptor limit (ulimit -n 8192, at least 4096); the server is started with
# the usual shell default soft limit, SERVER_NOFILE (default 1024), as a user's `briefing serve` would be.
# BIN=<path to briefing> uses that executable; otherwise CONFIG=debug|release (default release) and
# SCRATCH=<folder> (default .build) select the build, as in serve-load.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CONFIG="${CONFIG:-release}"
SCRATCH="${SCRATCH:-.build}"
export CONNECTIONS="${CONNECTIONS:-1000}" SLOW="${SLOW:-500}" NORMAL="${NORMAL:-50}" HOLD="${HOLD:-45}"
export RSS_CAP_MIB="${RSS_CAP_MIB:-512}"
SERVER_NOFILE="${SERVER_NOFILE:-1024}"
command -v python3 >/dev/null || { echo "python3 not found" >&2; exit 2; }

# Both ends hold ~1,500 sockets: raise the descriptor limit (the server inherits the hard limit; its
# soft limit is set to SERVER_NOFILE below).
ulimit -n 8192 2>/dev/null || ulimit -n 4096 2>/dev/null || true
if (( $(ulimit -n) < 4096 )); then
    echo "ulimit -n is $(ulimit -n) and cannot be raised to 4096 (hard limit $(ulimit -Hn))" >&2
    exit 2
fi

cd "$ROOT"
if [[ -z "${BIN:-}" ]]; then
    swift build -c "$CONFIG" --scratch-path "$SCRATCH" --product briefing >/dev/null
    BIN="$(swift build -c "$CONFIG" --scratch-path "$SCRATCH" --show-bin-path)/briefing"
fi

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/site"
cp -R Content Templates "$WORK/site/"

# exec: the server keeps this subshell's pid, so /proc/$SERVER_PID is the server.
(ulimit -Sn "$SERVER_NOFILE" && exec "$BIN" serve --site "$WORK/site" --port 0) >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    grep -q "Serving" "$WORK/serve.log" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
PORT="$(sed -n 's|.*Serving .* at http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.log" | head -n 1)"
[[ -n "$PORT" ]] || { cat "$WORK/serve.log" >&2; exit 1; }
echo "briefing serve (pid $SERVER_PID) on 127.0.0.1:$PORT, started with a soft descriptor limit of $SERVER_NOFILE;" \
    "its limit now: $(awk '/Max open files/ {print $4}' "/proc/$SERVER_PID/limits"); client ulimit -n $(ulimit -n); $(nproc) cores"

cat >"$WORK/siege.py" <<'PY'
import asyncio, os, random, socket, statistics, sys, time

PATHS = ["/", "/briefings/delegation-lands/", "/timeline/", "/profiles/john-t-mcnamara/", "/briefings/",
         "/tags/diplomacy/"]
LARGEST = "/timeline/"


def request(path, port, close=True):
    return (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: serve-connections\r\n"
            + ("Connection: close\r\n" if close else "") + "\r\n").encode()


def parse_head(head):
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


async def fetch(port, path, timeout):
    """One complete GET on a new connection; returns an error text or None."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        writer.write(request(path, port))
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status, headers = parse_head(head[:-4])
        length = int(headers.get("content-length", "-1"))
        body = await asyncio.wait_for(reader.readexactly(length) if length >= 0 else reader.read(), timeout)
        if status != 200:
            return f"status {status}"
        if not body.rstrip().endswith(b"</html>"):
            return "body does not end with </html>"
        return None
    finally:
        writer.close()


# --- the normal client: its own process, plain blocking sockets, so its timings are not the siege's ---

def normal(port, count, pause):
    import http.client
    latencies, failures = [], []
    for i in range(count):
        path = PATHS[i % len(PATHS)]
        start = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
            response = conn.getresponse()
            body = response.read()
            conn.close()
            if response.status != 200 or not body.rstrip().endswith(b"</html>"):
                failures.append(f"{path}: status {response.status}, {len(body)} bytes")
        except Exception as error:  # noqa: BLE001 - every failure counts
            failures.append(f"{path}: {type(error).__name__}: {error}")
        latencies.append(time.monotonic() - start)
        time.sleep(pause)
    print(" ".join(f"{x:.6f}" for x in latencies))
    print("\n".join(failures))


# --- the siege: slow clients, the burst, memory samples ---

class Stats:
    def __init__(self):
        self.slow_open = 0
        self.slow_connect_errors = 0
        self.slow_closed_by_server = {"slowloris": [], "slow reader": []}


def proc_status(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024  # MiB
    values["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    return values


async def sampler(pid, samples, stop):
    while not stop.is_set():
        try:
            samples.append(dict(proc_status(pid), t=time.monotonic()))
        except FileNotFoundError:
            samples.append({"VmRSS": float("nan"), "VmHWM": float("nan"), "fds": -1})
            return
        await asyncio.sleep(0.2)


async def slow_client(kind, port, stats, stop, opened):
    """Raw non-blocking socket: asyncio's streams would drain the socket into their own buffer."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if kind != "slowloris":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # keep the server's writes blocked
    sock.setblocking(False)
    try:
        await asyncio.wait_for(loop.sock_connect(sock, ("127.0.0.1", port)), 30)
    except Exception:
        stats.slow_connect_errors += 1
        sock.close()
        opened.release()
        return
    stats.slow_open += 1
    opened.release()
    start = time.monotonic()

    async def until_closed():
        # Returns True when the server closes the connection (EOF or reset).
        try:
            if kind == "slowloris":
                while await loop.sock_recv(sock, 4096):
                    pass
            else:  # slow reader: one byte a second
                while await loop.sock_recv(sock, 1):
                    await asyncio.sleep(1)
        except (ConnectionError, OSError):
            pass
        return True

    stopped = asyncio.create_task(stop.wait())
    watcher = None
    try:
        if kind == "slowloris":
            watcher = asyncio.create_task(until_closed())
            await loop.sock_sendall(sock, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
            for byte in b"X-Slow: " + b"a" * 100_000:
                await asyncio.wait([watcher, stopped], timeout=1 + random.random() * 0.2,
                                   return_when=asyncio.FIRST_COMPLETED)
                if stopped.done() or watcher.done():
                    break
                await loop.sock_sendall(sock, bytes([byte]))
        elif kind == "slow reader":
            await loop.sock_sendall(sock, request(LARGEST, port, close=False))
            watcher = asyncio.create_task(until_closed())
        else:  # non-reader: 20 pipelined requests, nothing read; a close by the server goes unseen
            await loop.sock_sendall(sock, request(LARGEST, port, close=False) * 20)
        await asyncio.wait([stopped] + ([watcher] if watcher else []), return_when=asyncio.FIRST_COMPLETED)
        if watcher and watcher.done():
            stats.slow_closed_by_server[kind].append(time.monotonic() - start)
    except (ConnectionError, OSError):
        stats.slow_closed_by_server[kind].append(time.monotonic() - start)
    finally:
        for task in (watcher, stopped):
            if task:
                task.cancel()
        sock.close()


async def burst(port, count):
    start = time.monotonic()
    results = await asyncio.gather(*(fetch(port, PATHS[i % len(PATHS)], 60) for i in range(count)),
                                   return_exceptions=True)
    seconds = time.monotonic() - start
    errors = {}
    for result in results:
        if result is not None:
            text = result if isinstance(result, str) else type(result).__name__
            errors[text] = errors.get(text, 0) + 1
    return count - sum(errors.values()), errors, seconds


async def run_normal(port, count):
    process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "normal", str(port), str(count), "0.1",
        stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate()
    lines = out.decode().split("\n")
    latencies = [float(x) for x in lines[0].split()]
    failures = [line for line in lines[1:] if line]
    return latencies, failures


def describe(latencies):
    ms = sorted(x * 1000 for x in latencies)
    return f"median {statistics.median(ms):.1f} ms, max {ms[-1]:.1f} ms ({len(ms)} requests)"


async def siege(pid, port):
    connections, slow, count = int(os.environ["CONNECTIONS"]), int(os.environ["SLOW"]), int(os.environ["NORMAL"])
    hold, cap = float(os.environ["HOLD"]), float(os.environ["RSS_CAP_MIB"])
    for path in PATHS:
        error = await fetch(port, path, 30)
        if error:
            print(f"warm-up {path}: {error}")
            return 1
    await asyncio.sleep(1)
    before = proc_status(pid)
    samples, stop_sampling = [], asyncio.Event()
    sampling = asyncio.create_task(sampler(pid, samples, stop_sampling))

    stats, stop, opened = Stats(), asyncio.Event(), asyncio.Semaphore(0)
    kinds = ["slowloris"] * (slow // 2) + ["slow reader"] * (slow // 4)
    kinds += ["non-reader"] * (slow - len(kinds))
    siege_start = time.monotonic()
    slow_tasks = [asyncio.create_task(slow_client(kind, port, stats, stop, opened)) for kind in kinds]
    for _ in kinds:
        await opened.acquire()
    await asyncio.sleep(3)  # headers half sent, pipelined answers stuck
    held = proc_status(pid)
    print(f"slow clients connected: {stats.slow_open} of {slow} (connect errors {stats.slow_connect_errors}); "
          f"server fds {held['fds']}")

    (completed, errors, burst_seconds), (during, failures_a) = await asyncio.gather(
        burst(port, connections), run_normal(port, count))
    print(f"burst: {completed} of {connections} concurrent connections completed in {burst_seconds:.1f} s; "
          f"errors: {sum(errors.values())} {errors if errors else ''}")
    after_burst, failures_b = await run_normal(port, count)
    print(f"normal client during the burst + slow clients:  {describe(during)}; failures {len(failures_a)}")
    print(f"normal client with only the slow clients held: {describe(after_burst)}; failures {len(failures_b)}")
    for failure in failures_a + failures_b:
        print(f"  normal request failed: {failure}")

    remaining = hold - (time.monotonic() - siege_start)
    if remaining > 0:
        await asyncio.sleep(remaining)
    closed = stats.slow_closed_by_server
    still = proc_status(pid)
    print(f"after {hold:.0f} s: slow clients that saw the server close: "
          + ", ".join(f"{kind} {len(times)}" + (f" (median after {statistics.median(times):.0f} s)" if times else "")
                      for kind, times in closed.items())
          + f"; server fds {still['fds']} (before the siege {before['fds']})")
    # Non-readers cannot see a close without reading; the server's descriptor count shows it.
    back = [s["t"] - siege_start for s in samples if s["t"] > siege_start + 3 and s["fds"] <= before["fds"] + 5]
    print("server back to its idle descriptor count " + (f"{back[0]:.0f} s after the slow clients connected"
                                                           if back else "only after the slow clients hung up"))
    stop.set()
    await asyncio.gather(*slow_tasks, return_exceptions=True)
    await asyncio.sleep(5)
    stop_sampling.set()
    await sampling
    after = proc_status(pid)
    peak = max(s["VmRSS"] for s in samples)
    peak_fds = max(s["fds"] for s in samples)
    print(f"server RSS: before {before['VmRSS']:.1f} MiB, peak {peak:.1f} MiB, after {after['VmRSS']:.1f} MiB "
          f"(VmHWM {after['VmHWM']:.1f} MiB); open fds before {before['fds']}, peak {peak_fds}, after {after['fds']}")

    ok = True
    if failures_a or failures_b:
        print("FAIL: normal requests failed"); ok = False
    if completed != connections:
        print("FAIL: burst connections failed"); ok = False
    if not peak <= cap:
        print(f"FAIL: peak RSS {peak:.1f} MiB above the cap of {cap:.0f} MiB"); ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "normal":
        normal(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
    else:
        sys.exit(asyncio.run(siege(int(sys.argv[2]), int(sys.argv[3]))))
PY

status=0
python3 "$WORK/siege.py" siege "$SERVER_PID" "$PORT" || status=$?
kill -0 "$SERVER_PID" 2>/dev/null || { echo "FAIL: the server exited"; cat "$WORK/serve.log" >&2; status=1; }
exit "$status"
