/**
 * Binary distance-band neighbours of points in a plane, through a flatbush index: for each point,
 * every point at most `distanceBand` away, itself included (the "star" of Gi*).
 *
 * "At most" has a relative slack of 1e-9: a neighbour exactly on the band (the diagonal cell of a
 * grid at side·√2, two points exactly 15 m apart for a 15 m band) is in, whichever way rounding
 * fell when its distance was computed. That is 1 µm on a kilometre: no real point pair is that
 * close to a band by chance.
 *
 * The result is compressed (CSR): point i's neighbours are `indices[offsets[i] … offsets[i+1])`,
 * in ascending order. Build it once and reuse it for every week on the same grid.
 */
import Flatbush from 'flatbush';
import { AnalysisInputError } from './errors';

/** Relative slack on the band (see the module comment). */
export const BAND_SLACK = 1e-9;

export interface Neighbours {
	/** offsets[i] … offsets[i + 1] delimit point i's neighbours in `indices`; length n + 1. */
	offsets: Uint32Array;
	/** Neighbour indices, each point's in ascending order, the point itself among them. */
	indices: Uint32Array;
}

export type PlanarPoint = readonly [number, number] | readonly number[];

/**
 * Every point's neighbours within `distanceBand` (planar units, e.g. metres), itself included.
 *
 * @example
 * const n = distanceBandNeighbours([[0, 0], [10, 0], [30, 0]], 15);
 * // point 0: [0, 1], point 1: [0, 1], point 2: [2]
 */
export function distanceBandNeighbours(points: readonly PlanarPoint[], distanceBand: number): Neighbours {
	checkPoints(points);
	checkBand(distanceBand);
	const n = points.length;
	if (n === 0) return { offsets: new Uint32Array(1), indices: new Uint32Array(0) };
	const index = new Flatbush(n);
	for (const p of points) index.add(p[0]!, p[1]!, p[0]!, p[1]!);
	index.finish();

	const reach = distanceBand * (1 + BAND_SLACK);
	const reach2 = reach * reach;
	const offsets = new Uint32Array(n + 1);
	let indices = new Uint32Array(Math.max(16, n * 9));
	let used = 0;
	for (let i = 0; i < n; i++) {
		const x = points[i]![0]!;
		const y = points[i]![1]!;
		// the box query returns candidates; the circle is cut out here
		const found = index.search(x - reach, y - reach, x + reach, y + reach);
		found.sort((a, b) => a - b);
		if (used + found.length > indices.length) {
			const grown = new Uint32Array(Math.max(indices.length * 2, used + found.length));
			grown.set(indices);
			indices = grown;
		}
		for (const j of found) {
			const dx = points[j]![0]! - x;
			const dy = points[j]![1]! - y;
			if (dx * dx + dy * dy <= reach2) indices[used++] = j;
		}
		offsets[i + 1] = used;
	}
	return { offsets, indices: indices.slice(0, used) };
}

export function checkPoints(points: readonly PlanarPoint[]): void {
	if (!Array.isArray(points)) {
		throw new AnalysisInputError(`Ogiltiga punkter ${JSON.stringify(points)}: ange en lista av [x, y] i meter.`);
	}
	points.forEach((p, i) => {
		if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
			throw new AnalysisInputError(`Ogiltig punkt ${i}: ${JSON.stringify(p)}; ange [x, y] i meter med ändliga tal.`);
		}
	});
}

export function checkBand(distanceBand: unknown): asserts distanceBand is number {
	if (typeof distanceBand !== 'number' || !Number.isFinite(distanceBand) || distanceBand <= 0) {
		throw new AnalysisInputError(
			`Ogiltigt avståndsband ${JSON.stringify(distanceBand)}: ange ett avstånd i meter > 0, t.ex. 283.`,
			'invalid-option'
		);
	}
}
