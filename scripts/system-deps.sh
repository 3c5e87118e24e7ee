#!/usr/bin/env bash
# Install the Debian packages migdev needs, only those that are missing.
#   scripts/system-deps.sh run   gettext (message catalogs), Pango (WeasyPrint's PDF badges)
#   scripts/system-deps.sh test  + chromium (browser tests), Noto fonts (CJK, Arabic), poppler-utils
#   scripts/system-deps.sh bench + wrk and nginx (benchmarks/api_read.py; not needed by the tests)
set -euo pipefail
want=(gettext libpango-1.0-0 libpangoft2-1.0-0)
if [ "${1:-run}" = "test" ]; then
  want+=(chromium fonts-noto-core fonts-noto-cjk poppler-utils)
fi
if [ "${1:-run}" = "bench" ]; then
  want+=(wrk nginx-light)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "migdev: please install these packages with your system's package manager: ${missing[*]}" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "migdev: not root and no sudo; install these Debian packages: ${missing[*]}" >&2
    exit 0
  fi
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
