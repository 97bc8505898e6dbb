import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { districtSummary } from './district-summary';
import { collection, offset, point, polygon, scene, square, JARVA } from './testing/shapes';

const rect = (name: string, x0: number, y0: number, x1: number, y1: number) =>
	polygon({ id: name.toLowerCase(), name }, [
		[
			[x0, y0],
			[x1, y0],
			[x1, y1],
			[x0, y1],
			[x0, y0]
		].map(([x, y]) => offset(JARVA, x!, y!))
	]);

/** Two 1 km squares side by side; a scene inside the west one, one straddling the border. */
const districts = collection(rect('Väst', -1000, -500, 0, 500), rect('Öst', 0, -500, 1000, 500));
const scenes = collection(square(scene('inne', 2023), 100, -500, 0), square(scene('gräns', 2023), 100, 20, 300));
const places = collection(
	point({ id: 'p1', name: 'p1' }, -800, 0),
	point({ id: 'p2', name: 'p2' }, -10, -400),
	point({ id: 'p3', name: 'p3' }, 600, 100),
	point({ id: 'ute', name: 'ute' }, 3000, 0)
);

describe('districtSummary', () => {
	it('counts a scene where its centroid lies and splits its area at the border', () => {
		const rows = districtSummary(districts, scenes, places, { bufferDistance: 0 });
		expect(rows.map((r) => [r.district, r.scenes, r.sceneIds, r.insecurePlaces])).toEqual([
			['Väst', 1, ['inne'], 2],
			['Öst', 1, ['gräns'], 1]
		]);
		expect(rows[0]?.sceneArea).toBeCloseTo(10000 + 3000, -1);
		expect(rows[1]?.sceneArea).toBeCloseTo(7000, -1);
		expect(rows[0]?.area).toBeCloseTo(1e6, -3);
	});

	it('with buffer 0 the share near a scene is the share covered by scenes', () => {
		const [west] = districtSummary(districts, scenes, places, { bufferDistance: 0 });
		expect(west?.shareWithinBuffer).toBeCloseTo(0.013, 4);
	});

	it('measures the share within the buffer: a 100 m square grown by 100 m covers 100² + 4·100² + π·100² m²', () => {
		const lone = collection(square(scene('inne', 2023), 100, -500, 0));
		const [west, east] = districtSummary(districts, lone, places, { bufferDistance: 100 });
		const expected = (10000 + 40000 + Math.PI * 10000) / 1e6;
		expect(Math.abs(west!.shareWithinBuffer / expected - 1)).toBeLessThan(0.005);
		expect(east?.shareWithinBuffer).toBe(0);
	});

	it('gives every district a row of zeros when there are no scenes and no places', () => {
		const rows = districtSummary(districts, collection(), collection());
		expect(rows.map((r) => [r.scenes, r.sceneArea, r.shareWithinBuffer, r.insecurePlaces])).toEqual([
			[0, 0, 0, 0],
			[0, 0, 0, 0]
		]);
	});

	it('gives no rows for no districts', () => {
		expect(districtSummary(collection(), scenes, places)).toEqual([]);
	});

	it('refuses a negative buffer distance', () => {
		expect(() => districtSummary(districts, scenes, places, { bufferDistance: -1 })).toThrow(
			'Invalid bufferDistance -1: expected a number of metres ≥ 0'
		);
	});
});

const demo = <T>(name: string) => JSON.parse(readFileSync(new URL(`../../../geodata/layers/${name}.geojson`, import.meta.url), 'utf8')) as T;

describe('districtSummary on the demo data', () => {
	it('puts each 2023 scene in the district its properties name, and every example place in its district', () => {
		type Areas = FeatureCollection<Polygon | MultiPolygon>;
		const scenes2023 = demo<Areas>('drogscener-2023');
		const rows = districtSummary(demo<Areas>('stadsdelar'), scenes2023, demo('otrygga-platser'));
		const byScene = Object.fromEntries(rows.flatMap((r) => r.sceneIds.map((id) => [id, r.district])));
		expect(byScene).toEqual(Object.fromEntries(scenes2023.features.map((f) => [f.properties?.['id'], f.properties?.['district']])));
		expect(rows.reduce((sum, r) => sum + r.insecurePlaces, 0)).toBe(demo<FeatureCollection>('otrygga-platser').features.length);
	});
});
