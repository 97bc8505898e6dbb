import { featureCollection, intersect } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { localMetric, type XY } from './local-metric';
import { intersectionArea, pointInShape, pointToShapeDistance, projectShape, shapeArea, shapeCentroid, shapeDistance, type Shape } from './planar';
import { evolveScenes, syntheticScenes } from './testing/synthetic';

const square = (x0: number, y0: number, side: number, clockwise = false): XY[] => {
	const ring: XY[] = [
		[x0, y0],
		[x0 + side, y0],
		[x0 + side, y0 + side],
		[x0, y0 + side],
		[x0, y0]
	];
	return clockwise ? ring.reverse() : ring;
};
/** A 100 m square with a 20 m hole in its middle, drawn with either winding. */
const holed = (clockwise: boolean): Shape => [[square(0, 0, 100, clockwise), square(40, 40, 20, !clockwise)]];

describe('planar geometry', () => {
	it('measures area and centroid with holes, whatever the winding', () => {
		for (const cw of [false, true]) {
			expect(shapeArea(holed(cw))).toBeCloseTo(10000 - 400, 9);
			expect(shapeCentroid(holed(cw))).toEqual([50, 50]);
		}
	});

	it('weights the centroid by area, not by vertex count', () => {
		// a 100 × 10 bar with many vertices along its left end still has its centroid in the middle
		const left = Array.from({ length: 20 }, (_, k): XY => [0, 10 - k / 2]);
		const shape: Shape = [[[...left, [0, 0], [100, 0], [100, 10], [0, 10]]]];
		const [x, y] = shapeCentroid(shape);
		expect(x).toBeCloseTo(50, 9);
		expect(y).toBeCloseTo(5, 9);
	});

	it('puts a point in a hole outside the shape, 10 m from the hole edge', () => {
		expect(pointInShape([50, 50], holed(false))).toBe(false);
		expect(pointToShapeDistance([50, 50], holed(false)).distance).toBeCloseTo(10, 9);
		expect(pointToShapeDistance([20, 20], holed(false)).distance).toBe(0);
	});

	it('measures the gap between shapes, and 0 for touching, crossing or nested ones', () => {
		const a: Shape = [[square(0, 0, 100)]];
		expect(shapeDistance(a, [[square(130, 0, 10)]])).toBeCloseTo(30, 9);
		expect(shapeDistance(a, [[square(100, 100, 10)]])).toBe(0);
		expect(shapeDistance(a, [[square(90, 50, 30)]])).toBe(0);
		expect(shapeDistance(a, [[square(10, 10, 10)]])).toBe(0);
		expect(shapeDistance([[square(10, 10, 10)]], a)).toBe(0);
	});

	it('computes intersection areas of hand-made cases, shared edges included', () => {
		const a: Shape = [[square(0, 0, 100)]];
		expect(intersectionArea(a, [[square(50, 0, 100)]])).toBeCloseTo(5000, 6);
		expect(intersectionArea(a, [[square(100, 0, 100)]])).toBeCloseTo(0, 6);
		expect(intersectionArea(a, [[square(0, 0, 100, true)]])).toBeCloseTo(10000, 6);
		expect(intersectionArea(a, holed(true))).toBeCloseTo(9600, 6);
		expect(intersectionArea([[square(45, 45, 10)]], holed(false))).toBeCloseTo(0, 6);
	});

	it('agrees with Turf intersect on random scene pairs', () => {
		const a = syntheticScenes(60, 5);
		const b = evolveScenes(a, 6, 2023, 1);
		const m = localMetric([17.93, 59.41]);
		const differences = a.features.map((fa, i) => {
			const fb = b.features[i]!;
			const common = intersect(featureCollection([fa, fb]));
			const expected = common ? shapeArea(projectShape(common.geometry, m)) : 0;
			return Math.abs(intersectionArea(projectShape(fa.geometry, m), projectShape(fb.geometry, m)) - expected);
		});
		expect(Math.max(...differences)).toBeLessThan(1e-4);
	});
});
