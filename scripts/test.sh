#!/usr/bin/env bash
# npm test: every check and test, in the order that is fastest on two cores (docs/testing.md).
# The type check, the import-cycle check, the lint (promises nobody awaits, eslint.config.js) and
# the build do not depend on each other: they run side by side after one `svelte-kit sync` (each
# would otherwise write .svelte-kit while the others read it). Vitest and Playwright each use both cores themselves, so they run alone, one after the other.
# Each step's time is printed; the first step that fails stops the run with its exit code.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

started=$(date +%s)
elapsed() { echo $(($(date +%s) - $1)); }

# step NAME COMMAND…: runs it with its output as it comes.
step() {
	local name="$1" t0
	shift
	t0=$(date +%s)
	echo "── $name"
	"$@"
	local code=$?
	echo "── $name: $(elapsed "$t0") s$([ "$code" = 0 ] || echo ", MISSLYCKADES (kod $code)")"
	[ "$code" = 0 ] || exit "$code"
}

# side_by_side NAME 'COMMAND' NAME 'COMMAND' …: runs them at once; prints each one's output when it
# is done (not interleaved), and fails if any failed.
side_by_side() {
	local dir names=() pids=() t0 failed=0
	dir=$(mktemp -d)
	t0=$(date +%s)
	while [ $# -gt 0 ]; do
		local i=${#names[@]}
		names+=("$1")
		(
			s=$(date +%s)
			bash -c "$2" >"$dir/$i.log" 2>&1
			code=$?
			echo "$code $(elapsed "$s")" >"$dir/$i.result"
			exit "$code"
		) &
		pids+=($!)
		shift 2
	done
	for i in "${!pids[@]}"; do wait "${pids[$i]}" || true; done
	for i in "${!names[@]}"; do
		read -r code seconds <"$dir/$i.result"
		echo "── ${names[$i]}"
		cat "$dir/$i.log"
		echo "── ${names[$i]}: $seconds s$([ "$code" = 0 ] || echo ", MISSLYCKADES (kod $code)")"
		[ "$code" = 0 ] || failed=$code
	done
	echo "── (${names[*]} sida vid sida: $(elapsed "$t0") s)"
	rm -rf "$dir"
	[ "$failed" = 0 ] || exit "$failed"
}

step "Chromium" bash scripts/ensure-chromium.sh
step "poppler-utils" bash scripts/ensure-apt.sh poppler-utils pdftotext pdffonts
step "gdal-bin" bash scripts/ensure-apt.sh gdal-bin ogrinfo ogr2ogr
step "postgresql-15" bash scripts/ensure-apt.sh postgresql-15 /usr/lib/postgresql/15/bin/initdb /usr/lib/postgresql/15/bin/pg_ctl /usr/lib/postgresql/15/bin/pg_dump /usr/lib/postgresql/15/bin/pg_restore
step "postgresql-15-postgis-3" bash scripts/ensure-apt.sh postgresql-15-postgis-3 /usr/share/postgresql/15/extension/postgis.control
step "npm audit" node scripts/audit.mjs
step "geodata:check" tsx scripts/build-geodata.ts --check
step "svelte-kit sync" svelte-kit sync
side_by_side \
	"svelte-check" "svelte-check --tsconfig ./tsconfig.json" \
	"depcruise" "depcruise src --config .dependency-cruiser.cjs --output-type err" \
	"eslint" "eslint src scripts test" \
	"vite build" "vite build"
step "Vitest" vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
step "Playwright" playwright test
echo "── npm test: $(elapsed "$started") s"
