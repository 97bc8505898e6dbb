/**
 * The obvious all-pairs distance band, as the baseline for the hot spot bench and a check of the
 * flatbush search: every point against every point, O(n²). Not part of the analysis API.
 */
import { BAND_SLACK, type Neighbours, type PlanarPoint } from '../distance-band';

export function naiveDistanceBandNeighbours(points: readonly PlanarPoint[], distanceBand: number): Neighbours {
	const n = points.length;
	const reach2 = (distanceBand * (1 + BAND_SLACK)) ** 2;
	const offsets = new Uint32Array(n + 1);
	const indices: number[] = [];
	for (let i = 0; i < n; i++) {
		for (let j = 0; j < n; j++) {
			const dx = points[j]![0]! - points[i]![0]!;
			const dy = points[j]![1]! - points[i]![1]!;
			if (dx * dx + dy * dy <= reach2) indices.push(j);
		}
		offsets[i + 1] = indices.length;
	}
	return { offsets, indices: Uint32Array.from(indices) };
}
