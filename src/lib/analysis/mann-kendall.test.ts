import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from './errors';
import { mannKendall } from './mann-kendall';

/**
 * pyMannKendall's published original_test result on the Bogra column of its monthly rainfall
 * data (mmhs013/pyMannKendall, tests/test_pymannkendall.py::test_original_test and
 * tests/data/Monthly Rainfall.csv; MIT). Copied with its source into
 * fixtures/reference/pymannkendall-rainfall.json. 353 values with many ties (dry months of 0 mm).
 */
const rainfall = JSON.parse(readFileSync(new URL('./fixtures/reference/pymannkendall-rainfall.json', import.meta.url), 'utf8')) as {
	series: (number | null)[];
	expected: { s: number; varS: number; z: number; p: number; tau: number };
};

describe('mannKendall', () => {
	it("reproduces pyMannKendall's original_test on a real series with ties (S, Var(S), z, p, τ)", () => {
		// pyMannKendall drops missing values before the test, as here
		const r = mannKendall(rainfall.series.filter((v): v is number => v !== null));
		expect(r.n).toBe(353);
		expect(r.s).toBe(rainfall.expected.s);
		expect(r.varS).toBeCloseTo(rainfall.expected.varS, 6);
		expect(r.z).toBeCloseTo(rainfall.expected.z, 12);
		expect(r.p).toBeCloseTo(rainfall.expected.p, 12);
		expect(r.tau).toBeCloseTo(rainfall.expected.tau, 12);
		expect(r.trend).toBe('none');
	});

	it("reproduces MannKendall.jl's test of 1…100: S 4950, Var(S) 112 750, z 14.73869998208331", () => {
		// mmhs013/MannKendall.jl test/runtests.jl; it reads p as 0.0 (1 − Φ underflows), here it keeps its size
		const r = mannKendall(Array.from({ length: 100 }, (_, i) => i + 1));
		expect(r.s).toBe(4950);
		expect(r.varS).toBe(112_750);
		expect(r.z).toBeCloseTo(14.73869998208331, 12);
		expect(r.p).toBeLessThan(1e-40);
		expect(r.tau).toBe(1);
		expect(r.trend).toBe('increasing');
	});

	it('finds a falling trend over eight weeks of steadily lower z-scores', () => {
		// S = −28, Var(S) = 8·7·21/18 = 65.33, z = −27/√65.33 = −3.3404
		const r = mannKendall([3.1, 2.8, 2.2, 2.0, 1.4, 0.9, 0.3, -0.2]);
		expect(r.s).toBe(-28);
		expect(r.z).toBeCloseTo(-27 / Math.sqrt(8 * 7 * 21 / 18), 12);
		expect(r.trend).toBe('decreasing');
	});

	it('finds no trend in a series that goes up and down, nor in a constant one', () => {
		expect(mannKendall([1, 3, 1, 3, 1, 3, 1, 3]).trend).toBe('none');
		expect(mannKendall([2, 2, 2, 2, 2, 2, 2, 2])).toMatchObject({ s: 0, varS: 0, z: 0, p: 1, trend: 'none' });
	});

	it('corrects the variance for ties: three groups of tied values', () => {
		// t = 2, 3, 2: Σ t(t−1)(2t+5) = 18 + 66 + 18 = 102; Var = (8·7·21 − 102)/18
		expect(mannKendall([1, 1, 2, 2, 2, 3, 3, 4]).varS).toBeCloseTo((8 * 7 * 21 - 102) / 18, 12);
	});

	it('refuses fewer than 3 values, a non-finite one and a bad alpha', () => {
		expect(() => mannKendall([1, 2])).toThrow(AnalysisInputError);
		expect(() => mannKendall([1, 2, NaN])).toThrow('plats 2');
		expect(() => mannKendall([1, 2, 3], { alpha: 0 })).toThrow('signifikansnivå');
	});
});
