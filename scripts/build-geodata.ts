/**
 * Builds the offline basemap archive from geodata/basemap/*.geojson.
 *
 *   npm run geodata          write static/basemap/jarva.pmtiles
 *   npm run geodata:check    build in memory; exit 1 if the committed archive differs
 *
 * Options: --input DIR and --output FILE (relative to the working directory) to build other
 * data, e.g. the test fixtures.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bytesToHeader } from 'pmtiles';
import { buildBasemap, type Bounds } from '../src/lib/geo/basemap-build';
import { readBasemapLayers } from '../src/lib/geo/basemap-input';

/** Järva stadsdelsområde, roughly: only used while there is no basemap data at all. */
const JARVA_BOUNDS: Bounds = [17.82, 59.36, 18.0, 59.44];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
	options: {
		check: { type: 'boolean', default: false },
		input: { type: 'string', default: join(root, 'geodata/basemap') },
		output: { type: 'string', default: join(root, 'static/basemap/jarva.pmtiles') }
	}
});
const input = resolve(values.input);
const output = resolve(values.output);
// Paths inside the repository as the user would type them from its root, others in full.
const shown = (path: string) => {
	const inside = relative(root, path).replaceAll('\\', '/');
	return inside.startsWith('..') || isAbsolute(inside) ? path : inside || '.';
};

const names = existsSync(input)
	? readdirSync(input)
			.filter((name) => name.endsWith('.geojson'))
			.sort()
	: [];
const { layers, errors } = readBasemapLayers(
	names.map((name) => ({ path: shown(join(input, name)), text: readFileSync(join(input, name), 'utf8') }))
);
if (errors.length > 0) {
	console.error(`Basemap data has ${errors.length} problem(s):\n${errors.map((line) => `  ${line}`).join('\n')}`);
	process.exit(1);
}
if (names.length === 0) console.warn(`No *.geojson in ${shown(input)}: the archive will have no tiles.`);

const archive = buildBasemap(layers, { fallbackBounds: JARVA_BOUNDS });
const header = bytesToHeader(archive.slice(0, 127).buffer);
const summary = `${archive.length} bytes, ${header.numAddressedTiles} tiles, layers: ${Object.keys(layers).sort().join(', ') || 'none'}`;

if (values.check) {
	const fix = 'run npm run geodata and commit it';
	if (!existsSync(output)) {
		console.error(`${shown(output)} is missing: ${fix}`);
		process.exit(1);
	}
	if (!Buffer.from(archive).equals(readFileSync(output))) {
		console.error(`${shown(output)} is stale: ${fix}`);
		process.exit(1);
	}
	console.log(`${shown(output)} is up to date (${summary})`);
} else {
	mkdirSync(dirname(output), { recursive: true });
	writeFileSync(output, archive);
	console.log(`Wrote ${shown(output)} (${summary})`);
}
