#!/usr/bin/env bash
# The report tests read the generated PDF as text with pdftotext and list its fonts with pdffonts
# (Debian's poppler-utils). Installs it when missing and we are root (CI, a fresh machine);
# otherwise says what to do.
set -euo pipefail
if command -v pdftotext >/dev/null && command -v pdffonts >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
	echo "pdftotext saknas: installerar Debians paket poppler-utils …"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq poppler-utils >/dev/null
	exit 0
fi
echo "pdftotext saknas. Installera det (sudo apt-get install poppler-utils)." >&2
exit 1
