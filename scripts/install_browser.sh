#!/bin/sh
# Install Debian's Chromium for the Playwright browser tests (tests/browser). Idempotent.
# Playwright's own `playwright install` cannot download browsers here; the tests launch
# /usr/bin/chromium through executable_path instead.
set -eu
if [ -x /usr/bin/chromium ]; then
    echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "install_browser.sh: run as root (or install sudo) to apt-get install chromium" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium chromium-driver
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
