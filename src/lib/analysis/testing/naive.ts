/**
 * The obvious N×M versions with Turf, as a baseline for the bench (and a sanity check of the
 * indexed functions' answers). Not part of the analysis API: nobody should call these.
 */
import { booleanIntersects, booleanPointInPolygon, buffer, centerOfMass, distance, pointToPolygonDistance } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';

type Area = Feature<Polygon | MultiPolygon>;

/** For every place × every scene: inside, else Turf's geodesic point-to-polygon distance. */
export function naivePlacesNearScenes(
	places: FeatureCollection<Point>,
	scenes: FeatureCollection<Polygon | MultiPolygon>
): { id: string; nearest: string | null; distance: number | null }[] {
	return places.features.map((place) => {
		let best: { id: string; distance: number } | null = null;
		for (const scene of scenes.features) {
			const d = booleanPointInPolygon(place, scene) ? 0 : pointToPolygonDistance(place, scene, { units: 'meters' });
			if (!best || d < best.distance) best = { id: String(scene.properties?.['id']), distance: d };
		}
		return { id: String(place.properties?.['id']), nearest: best?.id ?? null, distance: best?.distance ?? null };
	});
}

/**
 * Scene statuses and relation pairs the naive way: buffer every scene by its precision with Turf,
 * then test every from × to pair (A grown meets B, or B grown meets A), then every ceased × new
 * pair's centroid distance.
 */
export function naiveCompareScenes(
	from: FeatureCollection<Polygon | MultiPolygon>,
	to: FeatureCollection<Polygon | MultiPolygon>,
	radius = 1000
): { status: Map<string, string>; same: string[]; displacement: string[] } {
	const grow = (f: Area) => buffer(f, Number(f.properties?.['precisionMeters']), { units: 'meters', steps: 16 }) as Area;
	const id = (f: Area) => String(f.properties?.['id']);
	const grownFrom = from.features.map(grow);
	const grownTo = to.features.map(grow);
	const same: string[] = [];
	const matchedFrom = new Set<number>();
	const matchedTo = new Set<number>();
	from.features.forEach((a, i) => {
		to.features.forEach((b, j) => {
			if (booleanIntersects(grownFrom[i]!, b) || booleanIntersects(a, grownTo[j]!)) {
				same.push(`${id(a)}>${id(b)}`);
				matchedFrom.add(i);
				matchedTo.add(j);
			}
		});
	});
	const status = new Map<string, string>();
	from.features.forEach((a, i) => status.set(id(a), matchedFrom.has(i) ? 'persisted' : 'ceased'));
	to.features.forEach((b, j) => status.set(id(b), matchedTo.has(j) ? 'persisted' : 'new'));
	const displacement: string[] = [];
	const ceased = from.features.filter((_, i) => !matchedFrom.has(i));
	const fresh = to.features.filter((_, j) => !matchedTo.has(j));
	const centre = new Map([...ceased, ...fresh].map((f) => [f, centerOfMass(f)]));
	for (const a of ceased) {
		for (const b of fresh) {
			if (distance(centre.get(a)!, centre.get(b)!, { units: 'meters' }) <= radius) displacement.push(`${id(a)}>${id(b)}`);
		}
	}
	return { status, same, displacement };
}
