/**
 * The shortest order to visit points in, given the distances between them: the combinatorics
 * behind `planWalk`, with no geography. Node 0 is where the walk starts and stays first. An
 * open tour ends wherever is shortest; a closed one returns to node 0.
 *
 * Distances are assumed symmetric (d[i][j] = d[j][i]), which 2-opt relies on: reversing a
 * stretch of the tour leaves the stretch's own length unchanged.
 */

/** Square matrix of distances between nodes, any unit. */
export type Distances = readonly (readonly number[])[];

export interface TourOptions {
	/** Return to node 0 at the end. */
	closed: boolean;
}

/** Beyond this Held–Karp needs hundreds of MB and seconds. */
const MAX_EXACT_NODES = 20;

/** Improvements smaller than this are rounding noise; stopping there keeps 2-opt from cycling. */
const EPSILON = 1e-9;

function at(d: Distances, i: number, j: number): number {
	return d[i]![j]!;
}

/** Length of visiting the nodes in `order`, plus the way back to the first when closed. */
export function tourLength(order: readonly number[], d: Distances, { closed }: TourOptions): number {
	let length = 0;
	for (let k = 1; k < order.length; k++) length += at(d, order[k - 1]!, order[k]!);
	if (closed && order.length > 1) length += at(d, order.at(-1)!, order[0]!);
	return length;
}

/**
 * The shortest tour, exactly (Held–Karp dynamic programming over subsets: O(2ⁿ·n²) time and
 * O(2ⁿ·n) memory, so about 20 nodes is the practical limit; planWalk stops at 11).
 *
 * @example
 * heldKarp([[0, 1, 9], [1, 0, 1], [9, 1, 0]], { closed: false }); // [0, 1, 2]
 */
export function heldKarp(d: Distances, { closed }: TourOptions): number[] {
	const n = d.length;
	if (n > MAX_EXACT_NODES) {
		throw new RangeError(`heldKarp: ${n} nodes would need 2^${n - 1} subsets; use nearestNeighbour and twoOpt`);
	}
	if (n <= 2) return [...Array(n).keys()];
	// Subsets of nodes 1…n-1 as bit masks (bit j = node j+1); cost[mask*m + j] is the shortest
	// path from node 0 through exactly the nodes in mask, ending at node j+1.
	const m = n - 1;
	const full = (1 << m) - 1;
	const cost = new Float64Array((full + 1) * m).fill(Infinity);
	const previous = new Int8Array((full + 1) * m).fill(-1);
	for (let j = 0; j < m; j++) cost[(1 << j) * m + j] = at(d, 0, j + 1);
	for (let mask = 1; mask <= full; mask++) {
		for (let j = 0; j < m; j++) {
			const here = cost[mask * m + j]!;
			if (here === Infinity) continue;
			for (let k = 0; k < m; k++) {
				if (mask & (1 << k)) continue;
				const next = mask | (1 << k);
				const through = here + at(d, j + 1, k + 1);
				if (through < cost[next * m + k]!) {
					cost[next * m + k] = through;
					previous[next * m + k] = j;
				}
			}
		}
	}
	let end = 0;
	let best = Infinity;
	for (let j = 0; j < m; j++) {
		const total = cost[full * m + j]! + (closed ? at(d, j + 1, 0) : 0);
		if (total < best) [best, end] = [total, j];
	}
	const order: number[] = [];
	for (let mask = full, j = end; j >= 0; ) {
		order.push(j + 1);
		const before = previous[mask * m + j]!;
		mask &= ~(1 << j);
		j = before;
	}
	return [0, ...order.reverse()];
}

/**
 * Greedy tour: from node 0, always on to the nearest node not yet visited (ties to the lower
 * index). Quick and usually within 25 % of the shortest; the start for `twoOpt`.
 */
export function nearestNeighbour(d: Distances): number[] {
	const n = d.length;
	const visited = new Uint8Array(n);
	const order = n > 0 ? [0] : [];
	visited[0] = 1;
	for (let step = 1; step < n; step++) {
		const from = order.at(-1)!;
		let next = -1;
		for (let k = 0; k < n; k++) {
			if (!visited[k] && (next < 0 || at(d, from, k) < at(d, from, next))) next = k;
		}
		visited[next] = 1;
		order.push(next);
	}
	return order;
}

/**
 * Improve a tour by 2-opt: reverse any stretch whose reversal shortens the tour (which removes
 * every place where the tour crosses itself), until no reversal helps. Node `order[0]` stays
 * first. Returns a new array; the result is never longer than the input.
 */
export function twoOpt(initial: readonly number[], d: Distances, { closed }: TourOptions): number[] {
	const order = [...initial];
	const n = order.length;
	let improved = true;
	while (improved) {
		improved = false;
		for (let i = 1; i < n - 1; i++) {
			for (let j = i + 1; j < n; j++) {
				// Reversing order[i..j] swaps edges (a,b) and (c,e) for (a,c) and (b,e). An open tour
				// has no edge after its last node, so reversing up to the end only swaps (a,b) for (a,c).
				const a = order[i - 1]!;
				const b = order[i]!;
				const c = order[j]!;
				const e = j + 1 < n ? order[j + 1]! : closed ? order[0]! : -1;
				const before = at(d, a, b) + (e < 0 ? 0 : at(d, c, e));
				const after = at(d, a, c) + (e < 0 ? 0 : at(d, b, e));
				if (after < before - EPSILON) {
					reverse(order, i, j);
					improved = true;
				}
			}
		}
	}
	return order;
}

function reverse(order: number[], i: number, j: number): void {
	for (; i < j; i++, j--) [order[i], order[j]] = [order[j]!, order[i]!];
}
