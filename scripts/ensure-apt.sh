#!/usr/bin/env bash
# Install the given Debian packages if (and only if) they are missing.
# Usage: scripts/ensure-apt.sh PKG...
# Quiet no-op when everything is installed; runs `apt-get update` only when
# something has to be installed.
set -euo pipefail

missing=()
for pkg in "$@"; do
    if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
        missing+=("$pkg")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing Debian packages: ${missing[*]}" >&2
    echo "       install them as root: sudo apt-get install ${missing[*]}" >&2
    echo "       (or run this make target again as root)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "apt: installing ${missing[*]}" >&2
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
