import { describe, expect, it } from 'vitest';
import { featureIdMaker } from './feature-id';

const number = (id: string) => Number.parseInt(id.slice(-10, -2), 16);

describe('newFeatureId', () => {
	it('is the layer id and ten hex digits: eight that count milliseconds, two of this process', () => {
		const id = featureIdMaker()('otrygga-platser', 2_000_000_000_000);
		expect(id).toMatch(/^otrygga-platser-[0-9a-f]{10}$/);
		expect(number(id)).toBe(2_000_000_000_000 % 2 ** 32);
		expect(featureIdMaker('7e')('a', 1)).toBe('a-000000017e');
	});

	it('counts up: within one millisecond by one, never twice the same, and never back when the clock is', () => {
		const newFeatureId = featureIdMaker();
		const now = 3_000_000_000_000;
		const ids = Array.from({ length: 10_000 }, () => newFeatureId('a', now));
		expect(new Set(ids).size).toBe(10_000);
		const numbers = ids.map(number);
		expect(numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1)).toBe(true);
		const suffixes = new Set(ids.map((id) => id.slice(-2)));
		expect(suffixes.size).toBe(1);
		// A clock set back: still after the last.
		expect(number(newFeatureId('a', now - 60_000))).toBe(numbers.at(-1)! + 1);
		// Sorted as text, the ids are in the order they were made (what keeps them on one page of the index).
		expect([...ids].sort()).toEqual(ids);
	});

	it('starts again from zero after 2³² milliseconds (49.7 days), the store replacing any id taken then', () => {
		const newFeatureId = featureIdMaker();
		expect(number(newFeatureId('a', 2 ** 32 - 1))).toBe(2 ** 32 - 1);
		expect(number(newFeatureId('a', 2 ** 32 + 5))).toBe(5);
	});
});
