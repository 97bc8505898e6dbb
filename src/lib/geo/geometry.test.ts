import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { geometrySchema, validateGeometry } from './geometry';

const circle = (n: number, r = 0.01) => {
	const ring = Array.from({ length: n }, (_, i) => [17.9 + r * Math.cos((2 * Math.PI * i) / n), 59.4 + r * Math.sin((2 * Math.PI * i) / n)]);
	return [...ring, ring[0]!];
};

describe('validating one geometry', () => {
	it('accepts a large valid ring (the check is indexed, not all pairs of segments)', () => {
		expect(validateGeometry({ type: 'Polygon', coordinates: [circle(100_000)] })).toBeNull();
	});

	it('names a ring that crosses itself, and rings that cross each other', () => {
		const bowtie = [[17.92, 59.41], [17.921, 59.411], [17.921, 59.41], [17.92, 59.411], [17.92, 59.41]];
		expect(validateGeometry({ type: 'Polygon', coordinates: [bowtie] })).toMatch(/korsar sig själv vid/);
		expect(validateGeometry({ type: 'Polygon', coordinates: [circle(40), circle(40, 0.02).map(([x, y]) => [x! + 0.015, y!])] })).toMatch(/ringar korsar varandra/);
	});

	it('names coordinates that are not numbers or out of range', () => {
		expect(validateGeometry({ type: 'Point', coordinates: [Number.NaN, 59.4] })).toMatch(/inte två tal/);
		expect(validateGeometry({ type: 'Point', coordinates: [17.9, 95] })).toMatch(/utanför WGS84/);
	});
});

/** Malformed geometries a client can send; each must come back as a Swedish sentence, never a throw. */
const MALFORMED: Record<string, unknown> = {
	'coordinates null': { type: 'Point', coordinates: null },
	'coordinates a number': { type: 'Polygon', coordinates: 42 },
	'coordinates a string': { type: 'LineString', coordinates: '17.9,59.4' },
	'MultiPoint with null': { type: 'MultiPoint', coordinates: null },
	'MultiPolygon with numbers for polygons': { type: 'MultiPolygon', coordinates: [1, 2] },
	'an unknown type': { type: 'Circle', coordinates: [17.9, 59.4], radius: 100 },
	'no type': { coordinates: [17.9, 59.4] },
	'geometry null': null,
	'geometry an array': [17.9, 59.4],
	'an empty ring': { type: 'Polygon', coordinates: [[]] },
	'no rings': { type: 'Polygon', coordinates: [] },
	'a ring of nulls': { type: 'Polygon', coordinates: [[null, null, null, null]] },
	'NaN': { type: 'Point', coordinates: [Number.NaN, 59.4] },
	'Infinity (1e999 in JSON)': { type: 'Point', coordinates: [Number.POSITIVE_INFINITY, 59.4] },
	'out of range': { type: 'Point', coordinates: [200, 100] },
	'numbers as strings': { type: 'Point', coordinates: ['17.9', '59.4'] },
	'nested deeper than a position': { type: 'Point', coordinates: [[[[17.9, 59.4]]]] },
	'an unclosed ring': { type: 'Polygon', coordinates: [[[17.9, 59.4], [17.91, 59.4], [17.91, 59.41], [17.9, 59.41]]] }
};

describe('malformed geometry', () => {
	for (const [name, geometry] of Object.entries(MALFORMED)) {
		it(`${name} is a Swedish sentence, not an exception`, () => {
			expect(validateGeometry(geometry)).toMatch(/^Geometrin: .*(ska|stöds inte|saknar|har|inte|utanför).*\.$/);
		});
	}

	it('a valid geometry of a type that is not allowed here is named', () => {
		expect(validateGeometry({ type: 'Point', coordinates: [17.9, 59.4] }, ['Polygon', 'MultiPolygon'])).toBe('Geometrin: typen ska vara Polygon eller MultiPolygon, inte Point.');
	});

	it('the valibot schema refuses with the same sentence, without the full stop', () => {
		const result = v.safeParse(geometrySchema(['Point']), { type: 'Point', coordinates: null });
		expect(result.success).toBe(false);
		expect(result.issues?.[0].message).toBe('Geometrin: koordinaten null ska vara [lon, lat]');
		expect(v.is(geometrySchema(['Point']), { type: 'Point', coordinates: [17.9, 59.4] })).toBe(true);
	});
});
