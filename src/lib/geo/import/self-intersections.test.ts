import { describe, expect, it } from 'vitest';
import { findRingFault, type XY } from './self-intersections';

const square: XY[] = [
	[0, 0],
	[4, 0],
	[4, 4],
	[0, 4],
	[0, 0]
];

describe('findRingFault', () => {
	it('finds nothing in a square with a hole inside it', () => {
		expect(
			findRingFault([
				square,
				[
					[1, 1],
					[1, 2],
					[2, 2],
					[2, 1],
					[1, 1]
				]
			])
		).toBeNull();
	});

	it('finds a bow tie crossing at its middle', () => {
		expect(
			findRingFault([
				[
					[0, 0],
					[2, 2],
					[2, 0],
					[0, 2],
					[0, 0]
				]
			])
		).toEqual({ kind: 'self-intersection', at: [1, 1], rings: [0] });
	});

	it('finds a ring touching itself at a vertex (figure of eight through one point)', () => {
		const eight: XY[] = [
			[0, 0],
			[2, 0],
			[1, 1],
			[2, 2],
			[0, 2],
			[1, 1],
			[0, 0]
		];
		expect(findRingFault([eight])).toEqual({ kind: 'self-intersection', at: [1, 1], rings: [0] });
	});

	it('finds a ring without area that runs out and back along one line', () => {
		expect(
			findRingFault([
				[
					[0, 0],
					[4, 0],
					[2, 0],
					[0, 0]
				]
			])
		).toEqual({ kind: 'spike', at: [4, 0], rings: [0] });
	});

	it('finds a spike sticking out of a square', () => {
		const spike: XY[] = [
			[0, 0],
			[4, 0],
			[4, 4],
			[2, 4],
			[2, 6],
			[2, 5],
			[0, 4],
			[0, 0]
		];
		expect(findRingFault([spike])).toEqual({ kind: 'spike', at: [2, 6], rings: [0] });
	});

	it('allows repeated consecutive positions', () => {
		expect(
			findRingFault([
				[
					[0, 0],
					[4, 0],
					[4, 0],
					[4, 4],
					[0, 4],
					[0, 0]
				]
			])
		).toBeNull();
	});

	it('allows a hole touching the outer ring at one point', () => {
		expect(
			findRingFault([
				square,
				[
					[0, 2],
					[2, 1],
					[2, 3],
					[0, 2]
				]
			])
		).toBeNull();
	});

	it('finds a hole crossing the outer ring', () => {
		expect(
			findRingFault([
				square,
				[
					[3, 1],
					[5, 1],
					[5, 2],
					[3, 2],
					[3, 1]
				]
			])
		).toEqual({ kind: 'rings-cross', at: [4, 1], rings: [0, 1] });
	});

	it('checks a 100 000-vertex ring in seconds, not hours (turf kinks compares all pairs: 5·10⁹)', () => {
		const n = 100_000;
		const ring: XY[] = Array.from({ length: n }, (_, i) => {
			const t = (2 * Math.PI * i) / n;
			const r = 1 + 0.1 * Math.sin(40 * t);
			return [r * Math.cos(t), r * Math.sin(t)] as XY;
		});
		ring.push(ring[0] as XY);
		const start = performance.now();
		expect(findRingFault([ring])).toBeNull();
		expect(performance.now() - start).toBeLessThan(5000);
	});
});
