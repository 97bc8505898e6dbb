/**
 * The agenda on the map: every place the viewer may see, numbered in agenda order, the current
 * one marked. Pure: features in, features out.
 */
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { bbox, pointOnFeature } from '@turf/turf';
import type { AgendaItem } from '$lib/meetings/types';

/** The agenda's style layers that answer a click themselves (numbers, gathered numbers, drawn areas). */
export const AGENDA_CLICKABLE: readonly string[] = ['agenda-badge', 'agenda-cluster', 'agenda-area-fill'];

export interface AgendaFeatures {
	/** The places' geometries: properties { id, n, kind, current, point }. */
	shapes: FeatureCollection;
	/** One point per place for its number badge. */
	badges: FeatureCollection<Point>;
}

/** Where a place's number goes: the point itself, or a point inside the area. */
export function badgePoint(geometry: Geometry): [number, number] {
	if (geometry.type === 'Point') return [geometry.coordinates[0]!, geometry.coordinates[1]!];
	const point = pointOnFeature({ type: 'Feature', properties: {}, geometry }).geometry.coordinates;
	return [point[0]!, point[1]!];
}

export function agendaFeatures(items: readonly AgendaItem[], currentId: string | null): AgendaFeatures {
	const shown = items.filter((item): item is AgendaItem & { geometry: Geometry } => !item.hidden && item.geometry !== null);
	const properties = (item: AgendaItem) => ({ id: item.id, n: String(item.position), kind: item.kind, current: item.id === currentId, point: item.geometry?.type === 'Point' });
	return {
		shapes: {
			type: 'FeatureCollection',
			features: shown.map((item): Feature => ({ type: 'Feature', properties: properties(item), geometry: item.geometry }))
		},
		badges: {
			type: 'FeatureCollection',
			features: shown.map((item) => ({ type: 'Feature', properties: properties(item), geometry: { type: 'Point', coordinates: badgePoint(item.geometry) } }))
		}
	};
}

/** [[west, south], [east, north]] of a place and what is framed with it (its context). */
export function placeBounds(geometry: Geometry, context: readonly Geometry[] = []): [[number, number], [number, number]] {
	const boxes = [geometry, ...context].map((g) => bbox({ type: 'Feature', properties: {}, geometry: g }));
	return [
		[Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1]))],
		[Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]
	];
}
