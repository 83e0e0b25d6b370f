#!/usr/bin/env bash
# Install Debian's Chromium (and CJK fonts for the Chinese banner) for the browser tests.
# Idempotent: does nothing when /usr/bin/chromium is there. Needs root (CI) or sudo; the
# tests skip with a message when Chromium is missing outside CI and fail inside CI.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "install-browser: not root and no sudo: install Debian's 'chromium' to run the browser tests" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk
/usr/bin/chromium --version
