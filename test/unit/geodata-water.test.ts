/**
 * geodata/water/vatten-jarva.geojson is the part of the city's CC0 water map
 * (../shared/data/stockholm-vatten-cc0.geojson) that the walking network needs: the polygons whose
 * bounding box meets the box of the OSM ways. The network repair never joins two paths across it.
 * `REGEN=1 npx vitest run test/unit/geodata-water.test.ts` writes the file again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, LineString, MultiPolygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const WATER_FILE = join(root, 'geodata/water/vatten-jarva.geojson');
const source = JSON.parse(readFileSync(join(root, '../shared/data/stockholm-vatten-cc0.geojson'), 'utf8')) as FeatureCollection<MultiPolygon>;
const ways = JSON.parse(readFileSync(join(root, 'geodata/osm/ways.geojson'), 'utf8')) as FeatureCollection<LineString>;

type Box = [number, number, number, number];
const boxOf = (points: Position[]): Box => [
	Math.min(...points.map((p) => p[0]!)),
	Math.min(...points.map((p) => p[1]!)),
	Math.max(...points.map((p) => p[0]!)),
	Math.max(...points.map((p) => p[1]!))
];
const meets = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
/** 7 decimals: a centimetre, finer than the city's simplified outline. */
const round = (p: Position) => [Number(p[0]!.toFixed(7)), Number(p[1]!.toFixed(7))];

function expected(): FeatureCollection<MultiPolygon> {
	const waysBox = boxOf(ways.features.flatMap((f) => f.geometry.coordinates));
	const polygons = source.features.flatMap((f) => f.geometry.coordinates).filter((polygon) => meets(boxOf(polygon[0]!), waysBox));
	return {
		type: 'FeatureCollection',
		features: [
			{
				type: 'Feature',
				properties: {
					name: 'Vatten (Stockholms stad, CC0)',
					source: 'Stockholms stad, öppna data "Stadskarta" (2021-04-13), vatten, förenklad; delen vid gångnätet',
					licence: 'CC0 1.0'
				},
				geometry: { type: 'MultiPolygon', coordinates: polygons.map((polygon) => polygon.map((ring) => ring.map(round))) }
			}
		]
	};
}

describe('the water the walking network is repaired around', () => {
	it('is the city water that meets the OSM ways, as committed', () => {
		const want = expected();
		if (process.env['REGEN']) writeFileSync(WATER_FILE, `${JSON.stringify(want)}\n`);
		const committed = JSON.parse(readFileSync(WATER_FILE, 'utf8')) as FeatureCollection<MultiPolygon>;
		expect(committed).toEqual(want);
		// Igelbäcken runs through it, between Husby, Kista and Rinkeby.
		expect(committed.features[0]!.geometry.coordinates.length).toBeGreaterThanOrEqual(10);
	});
});
