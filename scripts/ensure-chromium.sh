#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own download does not work offline):
# chromium-headless-shell for the e2e tests (test/chromium.ts: the same Chromium in its old
# headless mode, a fifth less CPU per test) and chromium for the benchmarks and screenshots.
# Installs what is missing when we are root (CI, a fresh machine); otherwise says what to do.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
shell=/usr/bin/chromium-headless-shell
missing=""
if [ ! -x "$browser" ]; then missing="chromium"; fi
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x "$shell" ]; then missing="$missing chromium-headless-shell"; fi
if [ -z "$missing" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "Saknas:$missing – installerar Debians paket …"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq $missing >/dev/null
	exit 0
fi
if [ ! -x "$browser" ]; then
	echo "Chromium saknas ($browser). Installera det (sudo apt-get install chromium chromium-headless-shell) eller sätt CHROMIUM_PATH." >&2
	exit 1
fi
# Without the headless shell the tests run in chromium itself, only slower.
echo "chromium-headless-shell saknas: testerna körs i chromium (långsammare). Installera det med sudo apt-get install chromium-headless-shell."
