/**
 * Seeded synthetic weekly reports for the hot spot tests and bench: points spread evenly over a
 * square around Järva, plus clusters where a test wants a hot spot. Not part of the analysis API.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { localMetric } from '../local-metric';
import { JARVA } from './shapes';
import { prng } from './synthetic';

const metric = localMetric(JARVA);

export interface Cluster {
	/** Metres east and north of JARVA. */
	east: number;
	north: number;
	/** Reports in the cluster. */
	count: number;
	/** Reports fall uniformly within this many metres of the centre (a square). Default 50. */
	spread?: number;
}

/**
 * `background` reports spread evenly over a `side`-metre square centred on JARVA, plus the
 * clusters, as GeoJSON points with id, week and category.
 */
export function syntheticReports(
	seed: number,
	background: number,
	side: number,
	clusters: Cluster[] = [],
	week = '2024-W10'
): FeatureCollection<Point> {
	const random = prng(seed);
	const features: Feature<Point>[] = [];
	const add = (x: number, y: number) =>
		features.push({
			type: 'Feature',
			properties: { id: `r${features.length}`, week, category: random() < 0.5 ? 'skadegörelse' : 'narkotika' },
			geometry: { type: 'Point', coordinates: metric.unproject([x, y]) }
		});
	for (let i = 0; i < background; i++) add((random() - 0.5) * side, (random() - 0.5) * side);
	for (const c of clusters) {
		const spread = c.spread ?? 50;
		for (let i = 0; i < c.count; i++) add(c.east + (random() - 0.5) * 2 * spread, c.north + (random() - 0.5) * 2 * spread);
	}
	return { type: 'FeatureCollection', features };
}

/** The study area of those reports: the same square as a [west, south, east, north] box. */
export function syntheticStudyBox(side: number): [number, number, number, number] {
	const [w, s] = metric.unproject([-side / 2, -side / 2]);
	const [e, n] = metric.unproject([side / 2, side / 2]);
	return [w, s, e, n];
}
