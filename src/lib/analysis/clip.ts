/**
 * Polygon union through Turf (polyclip), for the few places that need the merged outline.
 * Clipping in lon/lat is exact here because the local metric projection is affine in lon/lat.
 * Intersection areas do not need the outline and come from planar.ts instead (50× faster).
 * Internal to the analysis modules.
 */
import { featureCollection, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

type Area = Feature<Polygon | MultiPolygon>;

/** The union of one or more polygon features (the feature itself when there is one). */
export function unionOf(features: readonly Area[]): Area {
	if (features.length === 1) return features[0]!;
	const merged = union(featureCollection([...features]));
	if (!merged) throw new Error(`union of ${features.length} polygons came out empty`);
	return merged;
}
