#!/usr/bin/env bash
# Install the given PyPI distributions if they are missing.
# Usage: scripts/ensure-pip.sh DIST[SPEC]:IMPORT_NAME ...
# A distribution is skipped when it is installed and IMPORT_NAME is importable.
set -euo pipefail
PYTHON=${PYTHON:-python3}

# One interpreter start for all checks (importing selenium etc. is slow).
mapfile -t missing < <("$PYTHON" - "$@" <<'PY'
import importlib.metadata as md, importlib.util as iu, re, sys
for spec in sys.argv[1:]:
    dist, _, mod = spec.rpartition(":")
    name = re.split(r"[<>=!~ ]", dist, 1)[0]
    try:
        md.version(name)
        ok = iu.find_spec(mod) is not None
    except Exception:
        ok = False
    if not ok:
        print(dist)
PY
)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
    echo "error: '$PYTHON -m pip' does not work; missing PyPI packages: ${missing[*]}" >&2
    echo "       (Debian's python3: apt-get install python3-pip)" >&2
    exit 1
fi
extra=()
# Debian's own python3 refuses pip installs (PEP 668) unless told otherwise.
if "$PYTHON" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
    extra+=(--break-system-packages)
fi
echo "pip: installing ${missing[*]}" >&2
"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    ${extra[@]+"${extra[@]}"} "${missing[@]}"
# pyenv: make new console scripts visible on PATH (harmless elsewhere).
if command -v pyenv >/dev/null 2>&1; then pyenv rehash 2>/dev/null || true; fi
