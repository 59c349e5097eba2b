#!/usr/bin/env bash
# Makes sure the Chromium that the browser tests (pytest -m browser) drive through Playwright is installed.
# Installs Debian's `chromium` package when the binary is absent; never downloads Playwright's own browsers.
# Idempotent: when the binary is there it only prints the version.
#
# Environment: SALON_CHROMIUM (default /usr/bin/chromium), the binary the tests launch. The install step
# only knows Debian's package, so a non-default SALON_CHROMIUM must already exist.
set -euo pipefail
chromium=${SALON_CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ]; then
  if [ "$chromium" != /usr/bin/chromium ]; then
    echo "SALON_CHROMIUM=$chromium does not exist; unset it to install Debian's chromium at /usr/bin/chromium." >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null; then
    echo "No apt-get here: install Chromium yourself and set SALON_CHROMIUM to its binary." >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing Chromium from Debian's packages"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
"$chromium" --version
