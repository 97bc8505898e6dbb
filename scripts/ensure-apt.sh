#!/usr/bin/env bash
# Usage: ensure-apt.sh PACKAGE COMMAND…  — the tools a test needs from Debian's packages:
# poppler-utils (pdftotext, pdffonts: the report tests read the PDF as text) and gdal-bin
# (ogrinfo, ogr2ogr: the OGC API tests open the service with a real GIS client). Installs the
# package when a command is missing and we are root (CI, a fresh machine); otherwise says what to do.
set -euo pipefail
package="$1"
shift
missing=""
for command in "$@"; do command -v "$command" >/dev/null || missing="$command"; done
if [ -z "$missing" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "$missing saknas: installerar Debians paket $package …"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "$package" >/dev/null
	exit 0
fi
echo "$missing saknas. Installera det (sudo apt-get install $package)." >&2
exit 1
