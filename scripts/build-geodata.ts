/**
 * Builds the geodata the app ships, from the real open data beside the checkout and the team's own
 * drawing:
 *
 *   ../shared/data (when present)   → geodata/osm/ways.geojson        OSM ways touching Järva (ODbL)
 *                                   → geodata/layers/stadsdelar.geojson the city's 11 districts (CC0)
 *                                   → geodata/stockholm/water.geojson  the city's water, cut to the map (CC0)
 *   those + geodata/basemap/*.geojson → static/basemap/jarva.pmtiles  Protomaps-schema basemap
 *
 * Without ../shared/data the committed copies are used as they are.
 *
 *   npm run geodata          write them all
 *   npm run geodata:check    build in memory; exit 1 if a committed file differs
 *
 * Options: --input DIR (the drawn layers) and --output FILE, relative to the working directory, to
 * build other data (the test fixtures); then only the archive is built, from --osm/--water if given.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FeatureCollection } from 'geojson';
import { bytesToHeader } from 'pmtiles';
import { buildBasemap, type Bounds } from '../src/lib/geo/basemap-build';
import { readBasemapLayers } from '../src/lib/geo/basemap-input';
import { officialDistrictsFile, osmWaysFile, streetCoverage, waterFile } from '../src/lib/geo/official-sources';
import { protomapsLayers } from '../src/lib/geo/protomaps-layers';

/** The basemap's area: Järva stadsdelsområde with a margin (the `earth` polygon and the water cut). */
const JARVA_BOUNDS: Bounds = [17.82, 59.35, 18.01, 59.45];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
	options: {
		check: { type: 'boolean', default: false },
		input: { type: 'string' },
		output: { type: 'string', default: join(root, 'static/basemap/jarva.pmtiles') },
		osm: { type: 'string' },
		water: { type: 'string' }
	}
});
const ownData = values.input === undefined;
const input = resolve(values.input ?? join(root, 'geodata/basemap'));
const output = resolve(values.output);
// Paths inside the repository as the user would type them from its root, others in full.
const shown = (path: string) => {
	const inside = relative(root, path).replaceAll('\\', '/');
	return inside.startsWith('..') || isAbsolute(inside) ? path : inside || '.';
};
const fix = 'run npm run geodata and commit it';
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection;
let stale = false;

/** Write `bytes` to `path`, or in --check mode say whether the committed copy is the same. */
function emit(path: string, bytes: Uint8Array | string, summary: string): void {
	const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
	if (values.check) {
		if (!existsSync(path)) {
			console.error(`${shown(path)} is missing: ${fix}`);
			stale = true;
		} else if (!data.equals(readFileSync(path))) {
			console.error(`${shown(path)} is stale: ${fix}`);
			stale = true;
		} else console.log(`${shown(path)} is up to date (${summary})`);
		return;
	}
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, data);
	console.log(`Wrote ${shown(path)} (${summary})`);
}

const waysPath = join(root, 'geodata/osm/ways.geojson');
const districtsPath = join(root, 'geodata/layers/stadsdelar.geojson');
const waterPath = join(root, 'geodata/stockholm/water.geojson');

// 1. The files taken from the real open data, when it is beside the checkout.
const shared = resolve(root, '../shared/data');
if (ownData && existsSync(join(shared, 'osm-jarva-ways.geojson'))) {
	const cc0Districts = readJson(join(shared, 'stockholm-stadsdelar-cc0.geojson'));
	const ways = osmWaysFile(readJson(join(shared, 'osm-jarva-ways.geojson')), cc0Districts);
	emit(waysPath, ways, `${JSON.parse(ways).features.length} ways`);
	emit(districtsPath, officialDistrictsFile(cc0Districts), '11 districts');
	const water = waterFile(readJson(join(shared, 'stockholm-vatten-cc0.geojson')), JARVA_BOUNDS);
	emit(waterPath, water, `${JSON.parse(water).features.length} polygons`);
} else if (ownData) {
	console.log(`${shown(shared)} is not there: the committed OSM ways, districts and water are used as they are.`);
}

// 2. The basemap archive.
const names = existsSync(input)
	? readdirSync(input)
			.filter((name) => name.endsWith('.geojson'))
			.sort()
	: [];
const { layers: drawn, errors } = readBasemapLayers(
	names.map((name) => ({ path: shown(join(input, name)), text: readFileSync(join(input, name), 'utf8') }))
);
if (errors.length > 0) {
	console.error(`Basemap data has ${errors.length} problem(s):\n${errors.map((line) => `  ${line}`).join('\n')}`);
	process.exit(1);
}
const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
const optional = (path: string | undefined) => (path ? readJson(resolve(path)) : empty);
const layers = protomapsLayers({
	ways: ownData ? readJson(waysPath) : optional(values.osm),
	water: ownData ? readJson(waterPath) : optional(values.water),
	drawn,
	coverage: ownData ? streetCoverage(readJson(districtsPath)) : null,
	box: JARVA_BOUNDS
});
if (!ownData && names.length === 0 && !values.osm && !values.water) {
	console.warn(`No *.geojson in ${shown(input)}: the archive has only the earth polygon.`);
}
const archive = buildBasemap(layers, { fallbackBounds: JARVA_BOUNDS });
const header = bytesToHeader(archive.slice(0, 127).buffer);
emit(output, archive, `${archive.length} bytes, ${header.numAddressedTiles} tiles, layers: ${Object.keys(layers).sort().join(', ')}`);
if (stale) process.exit(1);
