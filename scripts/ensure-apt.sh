#!/usr/bin/env bash
# Usage: ensure-apt.sh PACKAGE COMMAND…  — the tools a test needs from Debian's packages:
# poppler-utils (pdftotext, pdffonts: the report tests read the PDF as text), gdal-bin
# (ogrinfo, ogr2ogr: the OGC API tests open the service with a real GIS client), postgresql-15
# and postgresql-15-postgis-3 (the PostgreSQL tests start a throwaway cluster: test/pg/cluster.ts).
# A COMMAND with a slash is a file that must exist (PostgreSQL's programs are not on PATH:
# /usr/lib/postgresql/15/bin/initdb; PostGIS is /usr/share/postgresql/15/extension/postgis.control).
# Installs the package when one is missing and we are root (CI, a fresh machine); otherwise says
# what to do.
set -euo pipefail
package="$1"
shift
missing=""
for command in "$@"; do
	case "$command" in
	*/*) [ -e "$command" ] || missing="$command" ;;
	*) command -v "$command" >/dev/null || missing="$command" ;;
	esac
done
if [ -z "$missing" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "$missing saknas: installerar Debians paket $package …"
	export DEBIAN_FRONTEND=noninteractive
	case "$package" in
	postgresql*)
		# The tests run their own clusters: Debian's would make a "main" cluster and, where
		# services may start, leave a server running on port 5432.
		mkdir -p /etc/postgresql-common/createcluster.d
		echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/lageskarta-no-main.conf
		;;
	esac
	apt-get update -qq
	apt-get install -y -qq "$package" >/dev/null
	exit 0
fi
echo "$missing saknas. Installera det (sudo apt-get install $package)." >&2
exit 1
