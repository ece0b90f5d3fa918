#!/usr/bin/env bash
# Installs Debian's Chromium for the real-browser tests when it is missing (never `playwright install`).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium mangler: kør 'sudo apt-get install -y chromium chromium-driver' (browser-tests springes ellers over)." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium chromium-driver >/dev/null
