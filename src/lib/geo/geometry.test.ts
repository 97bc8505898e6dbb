import { describe, expect, it } from 'vitest';
import { validateGeometry } from './geometry';

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
