import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from './errors';
import { benjaminiHochberg } from './fdr';

/**
 * Benjamini & Hochberg (1995), section 4.1: the 15 p-values of Neuhaus et al.'s trial. At
 * q = 0.05 the procedure rejects the four smallest (the paper's result; also the worked example
 * of puolival/multipy's README). The adjusted values are min over j ≥ k of 15·p₍ⱼ₎/j, by hand.
 */
const NEUHAUS = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1];
const ADJUSTED = [
	0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.0638571428571, 0.0638571428571, 0.0645, 0.0765, 0.486, 0.5811818181818, 0.7148750, 0.7532307692308,
	0.8132142857143, 1
];

describe('benjaminiHochberg', () => {
	it('rejects the four smallest of the paper’s fifteen p-values at q = 0.05', () => {
		expect(benjaminiHochberg(NEUHAUS).map((p) => p <= 0.05)).toEqual([...Array(4).fill(true), ...Array(11).fill(false)]);
	});

	it('gives the step-up adjusted values, each the smallest m·p/rank at or above its rank', () => {
		benjaminiHochberg(NEUHAUS).forEach((p, i) => expect(p).toBeCloseTo(ADJUSTED[i]!, 10));
	});

	it('returns the values in the order given, not sorted', () => {
		const shuffled = [5, 0, 14, 9, 3, 7, 1, 12, 2, 10, 4, 13, 6, 11, 8];
		const adjusted = benjaminiHochberg(shuffled.map((i) => NEUHAUS[i]!));
		adjusted.forEach((p, k) => expect(p).toBeCloseTo(ADJUSTED[shuffled[k]!]!, 10));
	});

	it('never lowers a p-value and never passes 1', () => {
		const p = [0.9, 0.95, 0.99, 0.5];
		const adjusted = benjaminiHochberg(p);
		adjusted.forEach((q, i) => {
			expect(q).toBeGreaterThanOrEqual(p[i]!);
			expect(q).toBeLessThanOrEqual(1);
		});
	});

	it('handles no p-values and refuses one outside [0, 1]', () => {
		expect(benjaminiHochberg([])).toEqual([]);
		expect(() => benjaminiHochberg([0.1, 1.2])).toThrow(AnalysisInputError);
		expect(() => benjaminiHochberg([0.1, 1.2])).toThrow('1.2 på plats 1');
	});
});
