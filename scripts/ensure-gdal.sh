#!/usr/bin/env bash
# The OGC API – Features tests (test/e2e/ogc.e2e.ts) open the service with a real GIS client:
# GDAL's OAPIF driver through ogrinfo/ogr2ogr (Debian's gdal-bin). Installs it when missing and we
# are root (CI, a fresh machine); otherwise says what to do.
set -euo pipefail
if command -v ogrinfo >/dev/null && command -v ogr2ogr >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "ogrinfo saknas: installerar Debians paket gdal-bin …"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq gdal-bin >/dev/null
	exit 0
fi
echo "ogrinfo saknas. Installera det (sudo apt-get install gdal-bin)." >&2
exit 1
