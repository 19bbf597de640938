#!/bin/sh
# Install Chromium for the page test (tests/publish/test_site.py) if it is missing.
# Idempotent and quiet: does nothing when /usr/bin/chromium exists. Needs root (or sudo) and apt;
# elsewhere it says what to do and exits 0, and the page test skips with that reason.
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: apt-get not found; install Chromium at /usr/bin/chromium to run the page test" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "ensure-chromium: not root and no passwordless sudo; run 'apt-get install chromium' as root" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq chromium >/dev/null
test -x /usr/bin/chromium
