import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distanceBandNeighbours } from './distance-band';
import { refusal } from './testing/refusal';
import { getisOrdGiStar, giStarWithNeighbours } from './hotspots';
import { twoSidedP, upperTail } from './normal';
import { naiveDistanceBandNeighbours } from './testing/naive-hotspots';
import { prng } from './testing/synthetic';

/**
 * PySAL esda's published Gi* values: G_Local(y, DistanceBand(points, threshold=15),
 * transform='B', star=True).Zs, from the docstring of esda/getisord.py and
 * esda/tests/test_getisord.py (TestGLocal.test_star_binary) in pysal/esda at commit
 * 01704e94d0ad9208179af14dc6d605c40167394f (BSD-3-Clause). Copied with its source into
 * fixtures/reference/esda-getisord.json.
 */
const esda = JSON.parse(readFileSync(new URL('./fixtures/reference/esda-getisord.json', import.meta.url), 'utf8')) as {
	points: [number, number][];
	values: number[];
	distanceBand: number;
	expected: { z: number[] };
};

const randomPoints = (seed: number, n: number, side: number): [number, number][] => {
	const random = prng(seed);
	return Array.from({ length: n }, () => [random() * side, random() * side]);
};

describe('getisOrdGiStar', () => {
	it("reproduces PySAL esda's G_Local star=True binary z-scores to 1e-6 (pysal/esda, esda/getisord.py)", () => {
		const { z } = getisOrdGiStar(esda.points, esda.values, esda.distanceBand);
		expect(z).toHaveLength(6);
		z.forEach((value, i) => expect(Math.abs(value - esda.expected.z[i]!)).toBeLessThan(1e-6));
	});

	it("gives two-sided p-values: exactly twice esda's one-sided p_norm = norm.sf(|z|)", () => {
		const { z, p } = getisOrdGiStar(esda.points, esda.values, esda.distanceBand);
		p.forEach((value, i) => expect(value).toBeCloseTo(2 * upperTail(Math.abs(z[i]!)), 15));
		// point 5 (z ≈ 2.024) is the only one below 0.05
		expect(p.map((v) => v < 0.05)).toEqual([false, false, false, false, false, true]);
	});

	it('counts a pair exactly on the band as neighbours, as libpysal DistanceBand does', () => {
		// (15, 20) and (30, 20) are exactly 15 apart; without each other points 3 and 4 would read differently
		const within = getisOrdGiStar(esda.points, esda.values, 15).z;
		const short = getisOrdGiStar(esda.points, esda.values, 14.99).z;
		expect(Math.abs(within[3]! - esda.expected.z[3]!)).toBeLessThan(1e-6);
		expect(Math.abs(short[3]! - esda.expected.z[3]!)).toBeGreaterThan(0.1);
	});

	it('gives z = 0 and p = 1 everywhere when every value is the same', () => {
		const result = getisOrdGiStar(esda.points, [4, 4, 4, 4, 4, 4], 15);
		expect(result.z).toEqual([0, 0, 0, 0, 0, 0]);
		expect(result.p).toEqual([1, 1, 1, 1, 1, 1]);
	});

	it('gives z = 0 for a point whose band holds every point', () => {
		expect(getisOrdGiStar(esda.points, esda.values, 1000).z).toEqual([0, 0, 0, 0, 0, 0]);
	});

	it('is unchanged by moving all points and by scaling all values', () => {
		const base = getisOrdGiStar(esda.points, esda.values, 15).z;
		const moved = getisOrdGiStar(
			esda.points.map(([x, y]) => [x + 674_000, y + 6_580_000]),
			esda.values.map((v) => v * 7),
			15
		).z;
		moved.forEach((z, i) => expect(z).toBeCloseTo(base[i]!, 9));
	});

	it('refuses fewer than 3 points, a value count that does not match, a bad value and a bad band', () => {
		expect(refusal(() => getisOrdGiStar([[0, 0], [1, 1]], [1, 2], 5)).code).toBe('too-few-points');
		expect(refusal(() => getisOrdGiStar(esda.points, [1, 2, 3], 15)).message).toContain('3 värden för 6 punkter');
		expect(refusal(() => getisOrdGiStar(esda.points, [1, 2, 3, 4, 5, NaN], 15)).message).toContain('punkt 5');
		expect(refusal(() => getisOrdGiStar(esda.points, esda.values, 0)).code).toBe('invalid-option');
		expect(refusal(() => getisOrdGiStar([[0, 0], [1, Infinity], [2, 2]], [1, 2, 3], 5)).message).toContain('punkt 1');
	});
});

describe('distanceBandNeighbours', () => {
	it('finds exactly the all-pairs neighbours, each point among its own', () => {
		const points = randomPoints(7, 2_000, 5_000);
		const indexed = distanceBandNeighbours(points, 283);
		const naive = naiveDistanceBandNeighbours(points, 283);
		expect(indexed.offsets).toEqual(naive.offsets);
		expect(indexed.indices).toEqual(naive.indices);
		for (let i = 0; i < 50; i++) expect([...indexed.indices.slice(indexed.offsets[i], indexed.offsets[i + 1])]).toContain(i);
	});

	it('gives the same Gi* through the index as through all pairs', () => {
		const points = randomPoints(8, 500, 3_000);
		const random = prng(9);
		const values = points.map(() => Math.floor(random() * 5));
		const a = giStarWithNeighbours(distanceBandNeighbours(points, 400), values);
		const b = giStarWithNeighbours(naiveDistanceBandNeighbours(points, 400), values);
		expect(a).toEqual(b);
	});

	it('keeps the diagonal neighbour of a grid at side × √2 despite rounding', () => {
		const grid: [number, number][] = [];
		for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) grid.push([674_100 + c * 200, 6_580_100 + r * 200]);
		const n = distanceBandNeighbours(grid, 200 * Math.SQRT2);
		expect(n.offsets[5]! - n.offsets[4]!).toBe(9); // the centre sees all nine
		expect(n.offsets[1]! - n.offsets[0]!).toBe(4); // a corner sees itself and three
	});
});

describe('normal tail', () => {
	it("matches pyMannKendall's published p for z = −0.8854562842589916 (scipy's norm.cdf)", () => {
		expect(twoSidedP(-0.8854562842589916)).toBeCloseTo(0.37591058740506833, 15);
	});

	it('keeps its relative precision far in the tail, where 1 − Φ(z) would round to 0', () => {
		// P(Z ≥ 10) = 7.619853024160527e-24 (Abramowitz & Stegun 26.2; erfc(10/√2)/2)
		expect(upperTail(10) / 7.619853024160527e-24).toBeCloseTo(1, 12);
		expect(upperTail(1.959963984540054)).toBeCloseTo(0.025, 15);
	});
});
