import { describe, expect, it } from 'vitest';
import { centreShift, centrography } from './centrography';
import { AnalysisInputError } from './errors';
import { localMetric } from './local-metric';
import { collection, offset, scene, square, JARVA } from './testing/shapes';

const at = (id: string, east: number, north: number, side = 50) => square(scene(id, 2023), side, east, north);
const metres = (lonLat: [number, number]) => localMetric(JARVA).project(lonLat);

describe('centrography', () => {
	it('gives mean centre, standard distance and an east–west ellipse for scenes spread east–west', () => {
		const result = centrography(collection(at('w', -300, 0), at('e', 300, 0), at('s', 0, -100), at('n', 0, 100)));
		const [x, y] = metres(result.meanCenter);
		expect(result.count).toBe(4);
		expect(x).toBeCloseTo(0, 6);
		expect(y).toBeCloseTo(0, 6);
		// √((300² + 300² + 100² + 100²) / 4)
		expect(result.standardDistance).toBeCloseTo(Math.sqrt(50000), 6);
		expect(result.ellipse.properties).toMatchObject({ degenerate: false });
		expect(result.ellipse.properties.semiMajor).toBeCloseTo(Math.sqrt(45000), 6);
		expect(result.ellipse.properties.semiMinor).toBeCloseTo(Math.sqrt(5000), 6);
		expect(result.ellipse.properties.rotation).toBeCloseTo(90, 6);
	});

	it('turns the ellipse to the direction of spread: scenes along a south-west–north-east line, 45°', () => {
		const d = 200 * Math.SQRT1_2;
		const result = centrography(collection(at('a', -d, -d), at('b', d, d), at('c', -20, 20), at('d', 20, -20)));
		expect(result.ellipse.properties.rotation).toBeCloseTo(45, 3);
	});

	it('weights by area when asked: a scene four times larger pulls the centre four times harder', () => {
		const scenes = collection(at('small', -300, 0, 100), at('big', 300, 0, 200));
		const [plain] = metres(centrography(scenes).meanCenter);
		const [weighted] = metres(centrography(scenes, { weight: 'area' }).meanCenter);
		expect(plain).toBeCloseTo(0, 1);
		expect(weighted).toBeCloseTo((-300 * 1 + 300 * 4) / 5, 1);
	});

	it('handles one scene: distance 0 and an ellipse collapsed to its centroid, flagged and explained', () => {
		const result = centrography(collection(at('only', 100, 100)));
		expect(result.standardDistance).toBe(0);
		expect(result.ellipse.properties).toMatchObject({ semiMajor: 0, semiMinor: 0, degenerate: true, note: expect.stringMatching(/^En enda scen/) });
		const ring = result.ellipse.geometry.coordinates[0]!;
		expect(new Set(ring.map((p) => p.join(','))).size).toBe(1);
	});

	it('flags scenes on a line: the ellipse is a stroke along it', () => {
		const result = centrography(collection(at('a', 0, -200), at('b', 0, 200)));
		expect(result.ellipse.properties.degenerate).toBe(true);
		expect(result.ellipse.properties.note).toMatch(/linje/);
		expect(result.ellipse.properties.semiMajor).toBeCloseTo(200, 1);
		expect(result.ellipse.properties.rotation).toBeCloseTo(0, 6);
	});

	it('refuses no scenes', () => {
		expect(() => centrography(collection())).toThrow(AnalysisInputError);
		expect(() => centrography(collection())).toThrow('centrography needs at least one scene; the collection is empty');
	});

	it('refuses an unknown weight', () => {
		expect(() => centrography(collection(at('a', 0, 0)), { weight: 'count' as 'area' })).toThrow(
			`Invalid weight "count": expected 'none' or 'area'`
		);
	});
});

describe('centreShift', () => {
	it('gives a centre moved 500 m due east as 500 m, 90°, öst', () => {
		const shift = centreShift(JARVA, offset(JARVA, 500, 0));
		expect(shift.distance).toBeCloseTo(500, 1);
		expect(shift.bearing).toBeCloseTo(90, 2);
		expect(shift.compass).toBe('öst');
	});

	it('takes two centrography results', () => {
		const a = centrography(collection(at('a', 0, 0)));
		const b = centrography(collection(at('b', 0, -800)));
		expect(centreShift(a, b)).toMatchObject({ compass: 'söder', distance: expect.closeTo(800, 0) });
	});
});
