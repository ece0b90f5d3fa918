#!/bin/sh
# Install Tesseract with the Danish model (Debian: tesseract-ocr, tesseract-ocr-dan) so ingest can
# read scanned PDF pages with OCR (ingest/ocr.py). Idempotent and never fatal: without root or
# password-less sudo, or when apt fails, it prints a warning and exits 0 (ingest then reports
# text-less pages as warnings instead of reading them).
set -u
PACKAGES="tesseract-ocr tesseract-ocr-dan"
has_danish() {
    command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx dan
}
warn() {
    echo "install_ocr.sh: ADVARSEL: $1" >&2
    echo "install_ocr.sh: skannede PDF-sider læses ikke med OCR; installér selv: sudo apt-get install -y $PACKAGES" >&2
    exit 0
}
if has_danish; then
    echo "tesseract: $(tesseract --version 2>/dev/null | head -n 1) (dansk model: ja)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    warn "apt-get findes ikke på denne maskine"
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
        warn "kør som root (eller med sudo uden adgangskode) for at installere $PACKAGES"
    fi
fi
export DEBIAN_FRONTEND=noninteractive
# Try with the package lists we have first; refresh them only when that fails.
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y -q --no-install-recommends $PACKAGES >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null 2>&1 || warn "apt-get update mislykkedes"
    $SUDO apt-get install -y -q --no-install-recommends $PACKAGES >/dev/null 2>&1 ||
        warn "apt-get install $PACKAGES mislykkedes"
fi
if has_danish; then
    echo "tesseract: $(tesseract --version 2>/dev/null | head -n 1) (dansk model: ja)"
else
    warn "tesseract blev installeret, men den danske model findes ikke"
fi
exit 0
