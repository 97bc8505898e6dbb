/**
 * How close each insecure place lies to an open drug scene, and how many places lie within
 * given distances, per district and per category.
 *
 * Distances are metres in a local metric plane (see local-metric.ts), exact point-to-polygon
 * (0 inside a scene). The nearest scene is found through a flatbush index of the scenes' boxes:
 * box distance is only a lower bound of the exact distance, so the box-nearest scene is not
 * always the nearest scene. The search therefore takes the box-nearest scene's exact distance d
 * and then measures every scene whose box lies within d — none further away can be closer.
 */
import Flatbush from 'flatbush';
import type { FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { AnalysisInputError } from './errors';
import { assertCollection, readAreas, readPoints, stringProperty, type PreparedArea } from './input';
import { localMetricFor, type XY } from './local-metric';
import { pointToShapeDistance } from './planar';

export interface PlacesNearScenesOptions {
	/** Distances (m) to count places within. Default [200, 500]. */
	distances?: number[];
}

export interface PlaceNearScene {
	id: string;
	name: string;
	district: string | null;
	category: string | null;
	/** The nearest scene, or null when there are no scenes. */
	nearest: { id: string; name: string } | null;
	/** Metres to the nearest scene, 0 inside one; null when there are no scenes. */
	distance: number | null;
	/** The point of the nearest scene closest to the place, [lon, lat] (the place itself when inside). */
	nearestPoint: [number, number] | null;
}

export interface Tally {
	total: number;
	/** Keyed by the places' `district`; places without one count under 'unknown'. */
	byDistrict: Record<string, number>;
	/** Keyed by the places' `category`; 'unknown' likewise. */
	byCategory: Record<string, number>;
}

export interface PlacesNearScenes {
	places: PlaceNearScene[];
	/** All places, for shares: within[k].byDistrict[d] / totals.byDistrict[d]. */
	totals: Tally;
	/** One tally per distance, in the order given: places at most that far from a scene. */
	within: (Tally & { distance: number })[];
}

const UNKNOWN = 'unknown';

/**
 * The nearest scene and its distance for every place, plus counts within distances.
 *
 * @example
 * const near = placesNearScenes(insecurePlaces, scenes2023, { distances: [200, 500] });
 * near.places[4]; // { id: 'op-husby-02', nearest: { id: 'ds2023-nordkapsgatan', … }, distance: 143.5, … }
 * near.within[0]; // { distance: 200, total: 6, byDistrict: { Akalla: 2, Husby: 1, … }, byCategory: { 'way-home': 3, … } }
 */
export function placesNearScenes(
	places: FeatureCollection<Point>,
	scenes: FeatureCollection<Polygon | MultiPolygon>,
	options: PlacesNearScenesOptions = {}
): PlacesNearScenes {
	const distances = checkDistances(options.distances ?? [200, 500]);
	assertCollection(places, 'places');
	assertCollection(scenes, 'scenes');
	if (places.features.length === 0) {
		return { places: [], totals: tally([]), within: distances.map((distance) => ({ distance, ...tally([]) })) };
	}
	const metric = localMetricFor(places, scenes);
	const points = readPoints(places, 'places', metric);
	const areas = readAreas(scenes, 'scenes', metric);
	const nearest = nearestFinder(areas);

	const results = points.map((place): PlaceNearScene => {
		const found = nearest(place.xy);
		return {
			id: place.id,
			name: place.name,
			district: stringProperty(place.properties, 'district'),
			category: stringProperty(place.properties, 'category'),
			nearest: found ? { id: found.scene.id, name: found.scene.name } : null,
			distance: found ? found.distance : null,
			nearestPoint: !found
				? null
				: found.distance === 0
					? lonLat(place.feature.geometry.coordinates)
					: metric.unproject(found.point)
		};
	});

	return {
		places: results,
		totals: tally(results),
		within: distances.map((distance) => ({
			distance,
			...tally(results.filter((p) => p.distance !== null && p.distance <= distance))
		}))
	};
}

const lonLat = (p: Position): [number, number] => [p[0]!, p[1]!];

function checkDistances(distances: unknown): number[] {
	const ok =
		Array.isArray(distances) &&
		distances.length > 0 &&
		distances.every((d) => typeof d === 'number' && Number.isFinite(d) && d >= 0);
	if (!ok) {
		throw new AnalysisInputError(
			`Invalid distances ${JSON.stringify(distances)}: expected a non-empty list of metres ≥ 0, e.g. [200, 500]`,
			'invalid-option'
		);
	}
	return distances as number[];
}

function tally(places: PlaceNearScene[]): Tally {
	const byDistrict: Record<string, number> = {};
	const byCategory: Record<string, number> = {};
	for (const place of places) {
		const district = place.district ?? UNKNOWN;
		const category = place.category ?? UNKNOWN;
		byDistrict[district] = (byDistrict[district] ?? 0) + 1;
		byCategory[category] = (byCategory[category] ?? 0) + 1;
	}
	return { total: places.length, byDistrict, byCategory };
}

interface Nearest {
	scene: PreparedArea;
	distance: number;
	point: XY;
}

/** A function giving the nearest scene to a point (ties: the scene first in the input). */
function nearestFinder(scenes: PreparedArea[]): (xy: XY) => Nearest | null {
	if (scenes.length === 0) return () => null;
	const index = new Flatbush(scenes.length);
	for (const s of scenes) index.add(s.bbox[0], s.bbox[1], s.bbox[2], s.bbox[3]);
	index.finish();

	return (xy) => {
		const first = index.neighbors(xy[0], xy[1], 1)[0]!;
		const bound = pointToShapeDistance(xy, scenes[first]!.shape).distance;
		let best: Nearest | null = null;
		// every scene whose box is within the first exact distance may be nearer; the slack keeps
		// the first scene itself in when rounding makes its exact distance a hair below its box's
		for (const k of index.neighbors(xy[0], xy[1], Infinity, bound * (1 + 1e-12) + 1e-9)) {
			const scene = scenes[k]!;
			const { distance, nearest } = pointToShapeDistance(xy, scene.shape);
			if (!best || distance < best.distance || (distance === best.distance && scene.index < best.scene.index)) {
				best = { scene, distance, point: nearest };
			}
		}
		return best;
	};
}
