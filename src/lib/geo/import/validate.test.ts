import { describe, expect, it } from 'vitest';
import { fromWgs84 } from './crs';
import { Problems } from './errors';
import { validateFeature, type ValidateContext } from './validate';

function context(crs: ValidateContext['crs'] = 'EPSG:4326'): ValidateContext {
	return { crs, swapAxes: false, maxVerticesPerFeature: 1000, problems: new Problems(100) };
}

const square = (x: number, y: number, d = 0.01) => [
	[x, y],
	[x + d, y],
	[x + d, y + d],
	[x, y + d],
	[x, y]
];

describe('validateFeature', () => {
	it('names the part of a MultiPolygon whose ring is broken', () => {
		const ctx = context();
		const geometry = { type: 'MultiPolygon', coordinates: [[square(17.9, 59.4)], [square(17.95, 59.4).slice(0, 4)]] };
		expect(validateFeature({ geometry, properties: {} }, 7, ctx).feature).toBeNull();
		expect(ctx.problems.list()).toEqual([
			{ feature: 7, severity: 'error', message: expect.stringMatching(/^Objekt 7: polygon 2, ring 1 är inte sluten/) }
		]);
	});

	it('drops altitude and keeps the feature id', () => {
		const result = validateFeature(
			{ geometry: { type: 'Point', coordinates: [17.9, 59.4, 12.5] }, properties: { a: 1 }, id: 'p1' },
			1,
			context()
		);
		expect(result.feature).toEqual({
			type: 'Feature',
			id: 'p1',
			geometry: { type: 'Point', coordinates: [17.9, 59.4] },
			properties: { a: 1 }
		});
	});

	it('refuses SWEREF 99 positions that land outside Sweden, showing where they land', () => {
		const ctx = context('EPSG:3011');
		validateFeature({ geometry: { type: 'Point', coordinates: [900_000, 6_580_000] }, properties: {} }, 1, ctx);
		expect(ctx.problems.list()[0]?.message).toMatch(
			/^Objekt 1: koordinaten \[900000, 6580000\] ligger utanför Sverige i SWEREF 99 18 00 \(blir \[30\.98\d*, 58\.679\d*\]\); är koordinatsystemet rätt\?$/
		);
	});

	it('reprojects SWEREF 99 18 00 to lon/lat', () => {
		const position = fromWgs84([17.9262, 59.4098], 'EPSG:3011');
		const result = validateFeature(
			{ geometry: { type: 'Point', coordinates: position }, properties: {} },
			1,
			context('EPSG:3011')
		);
		const [lon, lat] = (result.feature?.geometry as { coordinates: number[] }).coordinates;
		expect(lon).toBeCloseTo(17.9262, 9);
		expect(lat).toBeCloseTo(59.4098, 9);
	});

	it('refuses a LineString of one position and an empty MultiPoint', () => {
		const ctx = context();
		validateFeature({ geometry: { type: 'LineString', coordinates: [[17.9, 59.4]] }, properties: {} }, 1, ctx);
		validateFeature({ geometry: { type: 'MultiPoint', coordinates: [] }, properties: {} }, 2, ctx);
		expect(ctx.problems.list().map((p) => p.message)).toEqual([
			'Objekt 1: linjen har 1 koordinat; en linje behöver minst 2.',
			'Objekt 2: MultiPoint är tom (inga koordinater).'
		]);
	});

	it('refuses a ring with four positions but only two different ones', () => {
		const ctx = context();
		const ring = [
			[17.9, 59.4],
			[17.91, 59.4],
			[17.9, 59.4],
			[17.9, 59.4]
		];
		validateFeature({ geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} }, 1, ctx);
		expect(ctx.problems.list()[0]?.message).toBe('Objekt 1: ring 1 har bara 2 olika hörn och ingen yta.');
	});

	it('refuses coordinates nested one level too shallow for the type', () => {
		const ctx = context();
		validateFeature({ geometry: { type: 'Polygon', coordinates: square(17.9, 59.4) }, properties: {} }, 1, ctx);
		expect(ctx.problems.list()[0]?.message).toBe('Objekt 1: väntade en koordinat [lon, lat] men fann 17.9.');
	});
});
