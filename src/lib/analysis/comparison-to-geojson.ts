/**
 * A scene comparison as one FeatureCollection the map can draw: the scenes with their status,
 * a line per relation from the from-side centroid to the to-side centroid, and a point per scene
 * centroid. Every feature says what it is in `kind` ('scene' | 'relation' | 'centroid').
 */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { RELATION_LABELS, STATUS_LABELS, type SceneComparison, type SceneRelation } from './compare-scenes';
import { AnalysisInputError } from './errors';

/**
 * Turn the result of `compareScenes(from, to)` into map features. Pass the same collections.
 *
 * @example
 * const fc = comparisonToGeoJSON(compareScenes(s2021, s2023), s2021, s2023);
 * fc.features.filter((f) => f.properties?.kind === 'relation')[0]?.properties?.label;
 * // "Husby C → Nordkapsgatan, Husby, 420 m norr"
 */
export function comparisonToGeoJSON(
	comparison: SceneComparison,
	from: FeatureCollection<Polygon | MultiPolygon>,
	to: FeatureCollection<Polygon | MultiPolygon>
): FeatureCollection {
	const byId = new Map<string, Feature<Polygon | MultiPolygon>>();
	for (const feature of [...from.features, ...to.features]) {
		byId.set(String(feature.properties?.['id'] ?? feature.id), feature);
	}
	const names = new Map(comparison.scenes.map((s) => [s.id, s.name]));

	const scenes: Feature[] = comparison.scenes.map((scene) => {
		const feature = byId.get(scene.id);
		if (!feature) {
			throw new AnalysisInputError(
				`Scene ${JSON.stringify(scene.id)} of the comparison is in neither from nor to: pass the collections that were compared`
			);
		}
		return {
			type: 'Feature',
			properties: {
				...feature.properties,
				kind: 'scene',
				status: scene.status,
				statusLabel: STATUS_LABELS[scene.status],
				area: scene.area,
				matches: scene.matches
			},
			geometry: feature.geometry
		};
	});

	const relations: Feature[] = comparison.relations.map((r) => ({
		type: 'Feature',
		properties: {
			kind: 'relation',
			type: r.type,
			typeLabel: RELATION_LABELS[r.type],
			from: r.from,
			to: r.to,
			distance: r.distance,
			bearing: r.bearing,
			compass: r.compass,
			gap: r.gap,
			overlapArea: r.overlapArea,
			iou: r.iou,
			areaChange: r.areaChange,
			areaChangeRatio: r.areaChangeRatio,
			drawingChanged: r.drawingChanged,
			label: relationLabel(r, names)
		},
		geometry: { type: 'LineString', coordinates: [r.fromCentroid, r.toCentroid] }
	}));

	const centroids: Feature[] = comparison.scenes.map((scene) => ({
		type: 'Feature',
		properties: {
			kind: 'centroid',
			id: scene.id,
			name: scene.name,
			year: scene.year,
			status: scene.status,
			statusLabel: STATUS_LABELS[scene.status]
		},
		geometry: { type: 'Point', coordinates: scene.centroid } satisfies Geometry
	}));

	return { type: 'FeatureCollection', features: [...scenes, ...relations, ...centroids] };
}

/** "Husby C → Nordkapsgatan, 640 m nordväst"; several scenes on a side are joined with " + ". */
function relationLabel(r: SceneRelation, names: Map<string, string>): string {
	const side = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join(' + ');
	return `${side(r.from)} → ${side(r.to)}, ${formatDistance(r.distance)} ${r.compass}`;
}

/** Metres as people say them: 8 m, 640 m (nearest 10 from 100 m), 1,2 km. */
function formatDistance(metres: number): string {
	const rounded = metres >= 100 ? Math.round(metres / 10) * 10 : Math.round(metres);
	if (rounded >= 1000) return `${(metres / 1000).toFixed(1).replace('.', ',')} km`;
	return `${rounded} m`;
}
