/**
 * Count incident points per area and period, as input for `weightedDisplacementQuotient`.
 *
 * The buffer is counted as a ring: a point inside both target and buffer counts for the target
 * only, so a buffer may be drawn either as a ring or as a larger area that includes the target.
 * The control area must not overlap either (it stands for "no measure here"); overlapping areas
 * are refused. Each point is tested against three areas, so there is nothing to index: the work
 * grows with the number of points only.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { AnalysisInputError } from './errors';
import { assertCollection, describeFeature } from './input';
import { localMetricFor } from './local-metric';
import { intersectionArea, pointInShape, projectShape } from './planar';
import type { IncidentCounts, PeriodCounts } from './wdq';

export interface IncidentAreas {
	target: Feature<Polygon | MultiPolygon>;
	buffer: Feature<Polygon | MultiPolygon>;
	control: Feature<Polygon | MultiPolygon>;
}

/** Overlap (m²) below which two areas count as merely touching. */
const TOUCHING = 0.01;

/**
 * Count points (property `period`: 'before' | 'after') in the target, the buffer ring and the
 * control area. Points in none of them are counted in `outside`.
 *
 * @example
 * const counts = countIncidents(incidents, { target, buffer, control });
 * // { target: { before: 100, after: 60 }, buffer: { … }, control: { … }, outside: { … } }
 * weightedDisplacementQuotient(counts);
 */
export function countIncidents(
	points: FeatureCollection<Point>,
	areas: IncidentAreas
): IncidentCounts & { outside: PeriodCounts } {
	assertCollection(points, 'incidents');
	for (const name of ['target', 'buffer', 'control'] as const) {
		const type = areas?.[name]?.geometry?.type;
		if (type !== 'Polygon' && type !== 'MultiPolygon') {
			throw new AnalysisInputError(
				`areas.${name}: expected a Polygon or MultiPolygon feature, got ${type ?? JSON.stringify(areas?.[name])}`
			);
		}
	}
	const metric = localMetricFor(points, areas.target, areas.buffer, areas.control);
	const target = projectShape(areas.target.geometry, metric);
	const ring = projectShape(areas.buffer.geometry, metric);
	const control = projectShape(areas.control.geometry, metric);
	for (const [name, shape] of [
		['målområdet', target],
		['buffertområdet', ring]
	] as const) {
		const overlap = intersectionArea(control, shape);
		if (overlap > TOUCHING) {
			throw new AnalysisInputError(
				`Kontrollområdet överlappar ${name} (${Math.round(overlap)} m²): ` +
					'kontrollområdet ska ligga helt utanför mål- och buffertområdet.',
				'overlapping-areas'
			);
		}
	}

	const zero = (): PeriodCounts => ({ before: 0, after: 0 });
	const counts = { target: zero(), buffer: zero(), control: zero(), outside: zero() };
	points.features.forEach((feature, index) => {
		if (feature.geometry?.type !== 'Point') {
			throw new AnalysisInputError(
				`incidents: ${describeFeature(feature, index)} has geometry ${feature.geometry?.type ?? 'null'}; expected Point`
			);
		}
		const period: unknown = feature.properties?.['period'];
		if (period !== 'before' && period !== 'after') {
			throw new AnalysisInputError(
				`incidents: ${describeFeature(feature, index)} has period ${JSON.stringify(period)}; expected 'before' or 'after'`
			);
		}
		const xy = metric.project(feature.geometry.coordinates);
		const area: keyof typeof counts = pointInShape(xy, target)
			? 'target'
			: pointInShape(xy, ring)
				? 'buffer'
				: pointInShape(xy, control)
					? 'control'
					: 'outside';
		counts[area][period] += 1;
	});
	return counts;
}
