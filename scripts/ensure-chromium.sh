#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own download does not work offline).
# Installs it when missing and we are root (CI, a fresh machine); otherwise says what to do.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "Chromium saknas: installerar Debians paket chromium …"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq chromium >/dev/null
	exit 0
fi
echo "Chromium saknas ($browser). Installera det (sudo apt-get install chromium) eller sätt CHROMIUM_PATH." >&2
exit 1
