#!/usr/bin/env python3
"""Tiny static file server for a built site, on 127.0.0.1 only.

The site may be generated for a base URL with a path (site.yml's base_url,
e.g. https://example.org/venezuela/): requests under that path prefix are
served from the folder root, and so are plain root requests, so relative and
root-relative links both resolve.

As a module: `start(root, prefix) -> (server, base_url)` (daemon thread).
As a script: serve_static.py ROOT [--prefix /p/] [--port-file F]; prints the
base URL on stdout, serves until killed.
"""
import argparse
import functools
import http.server
import os
import re
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path):
        p = self.prefix
        if p != "/" and (path == p.rstrip("/") or path.startswith(p)):
            path = "/" + path[len(p):]
        return super().translate_path(path)

    def log_message(self, fmt, *args):  # quiet
        if os.environ.get("SERVE_VERBOSE"):
            super().log_message(fmt, *args)


def site_prefix(config: str = "Content/site.yml") -> str:
    """Path part of base_url in the site config ('/' if none)."""
    try:
        text = Path(config).read_text(encoding="utf-8")
    except OSError:
        return "/"
    m = re.search(r"""^base_url:\s*["']?([^"'\s#]+)""", text, re.M)
    if not m:
        return "/"
    path = urlparse(m.group(1)).path or "/"
    return path if path.endswith("/") else path + "/"


def start(root, prefix="/"):
    prefix = prefix if prefix.startswith("/") else "/" + prefix
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    handler = functools.partial(handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--prefix", default=None,
                    help="URL path prefix (default: from Content/site.yml base_url)")
    ap.add_argument("--port-file", help="write the base URL here once listening")
    args = ap.parse_args()
    prefix = args.prefix if args.prefix is not None else site_prefix()
    server, url = start(Path(args.root).resolve(), prefix)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        Path(tmp).write_text(url + "\n")
        os.replace(tmp, args.port_file)
    print(url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
