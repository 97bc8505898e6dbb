import { describe, expect, it } from 'vitest';
import { prng } from '$lib/analysis/testing/synthetic';
import { heldKarp, nearestNeighbour, tourLength, twoOpt, type Distances } from './tour';

/** Euclidean distances between the points. */
function distances(points: [number, number][]): Distances {
	return points.map((a) => points.map((b) => Math.hypot(a[0] - b[0], a[1] - b[1])));
}

function randomPoints(count: number, seed: number): [number, number][] {
	const random = prng(seed);
	return Array.from({ length: count }, () => [random() * 1000, random() * 1000]);
}

/** Every order of nodes 1…n-1 after node 0. */
function* permutations(items: number[]): Generator<number[]> {
	if (items.length <= 1) return yield items;
	for (let i = 0; i < items.length; i++) {
		const rest = [...items.slice(0, i), ...items.slice(i + 1)];
		for (const tail of permutations(rest)) yield [items[i]!, ...tail];
	}
}

function bruteForce(d: Distances, closed: boolean): number {
	let best = Infinity;
	const others = [...Array(d.length).keys()].slice(1);
	for (const tail of permutations(others)) best = Math.min(best, tourLength([0, ...tail], d, { closed }));
	return best;
}

const square = distances([
	[0, 0],
	[100, 0],
	[100, 100],
	[0, 100]
]);

describe('tourLength', () => {
	it('adds the way back to the first node only when closed', () => {
		expect(tourLength([0, 1, 2, 3], square, { closed: false })).toBe(300);
		expect(tourLength([0, 1, 2, 3], square, { closed: true })).toBe(400);
	});
});

describe('heldKarp', () => {
	it('goes around a square, not across it', () => {
		expect([[0, 1, 2, 3], [0, 3, 2, 1]]).toContainEqual(heldKarp(square, { closed: true }));
	});

	it('finds the shortest tour on random 8-node sets, open and closed', () => {
		for (let seed = 1; seed <= 10; seed++) {
			const d = distances(randomPoints(8, seed));
			for (const closed of [false, true]) {
				const order = heldKarp(d, { closed });
				expect(order[0]).toBe(0);
				expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
				expect(tourLength(order, d, { closed })).toBeCloseTo(bruteForce(d, closed), 9);
			}
		}
	});

	it('returns one or two nodes as they are', () => {
		expect(heldKarp([[0]], { closed: false })).toEqual([0]);
		expect(heldKarp(distances([[0, 0], [1, 1]]), { closed: true })).toEqual([0, 1]);
	});

	it('refuses more nodes than it can hold in memory', () => {
		expect(() => heldKarp(distances(randomPoints(21, 1)), { closed: false })).toThrow('heldKarp: 21 nodes');
	});
});

describe('nearestNeighbour', () => {
	it('always walks on to the nearest unvisited node', () => {
		const d = distances([[0, 0], [300, 0], [100, 0], [-150, 0]]);
		expect(nearestNeighbour(d)).toEqual([0, 2, 1, 3]);
	});
});

describe('twoOpt', () => {
	it('uncrosses a tour that crosses the square', () => {
		expect(twoOpt([0, 2, 1, 3], square, { closed: true })).toEqual([0, 1, 2, 3]);
	});

	it('keeps node 0 first', () => {
		const d = distances(randomPoints(12, 7));
		expect(twoOpt([5, 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11], d, { closed: false })[0]).toBe(5);
	});

	it('never makes nearest neighbour worse on random 30-node sets', () => {
		for (let seed = 1; seed <= 20; seed++) {
			const d = distances(randomPoints(30, seed));
			for (const closed of [false, true]) {
				const greedy = nearestNeighbour(d);
				const improved = twoOpt(greedy, d, { closed });
				expect([...improved].sort((a, b) => a - b)).toEqual([...greedy].sort((a, b) => a - b));
				expect(tourLength(improved, d, { closed })).toBeLessThanOrEqual(tourLength(greedy, d, { closed }));
			}
		}
	});

	it('leaves no reversal that would shorten the tour', () => {
		const d = distances(randomPoints(25, 3));
		const order = twoOpt(nearestNeighbour(d), d, { closed: false });
		const length = tourLength(order, d, { closed: false });
		for (let i = 1; i < order.length - 1; i++) {
			for (let j = i + 1; j < order.length; j++) {
				const reversed = [...order.slice(0, i), ...order.slice(i, j + 1).reverse(), ...order.slice(j + 1)];
				expect(tourLength(reversed, d, { closed: false })).toBeGreaterThan(length - 1e-6);
			}
		}
	});
});
