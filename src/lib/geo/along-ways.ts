/**
 * Drawing places along the real streets: a polygon buffered around the OpenStreetMap ways of a
 * name, and a point moved onto the nearest way. Used by scripts/redraw-along-osm.ts to redraw the
 * street-named drug scenes and the example places; pure, GeoJSON in and out.
 */
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
import { buffer, featureCollection, nearestPointOnLine, union } from '@turf/turf';
import { round5, roundRing } from './official-sources';

/** The ways whose `name` is one of `names`; throws naming the names none of the ways has. */
export function waysNamed(ways: FeatureCollection, names: readonly string[]): Feature<LineString>[] {
	const found = ways.features.filter(
		(way): way is Feature<LineString> => way.geometry.type === 'LineString' && names.includes(String(way.properties?.name))
	);
	const missing = names.filter((name) => !found.some((way) => way.properties?.name === name));
	if (missing.length > 0) throw new Error(`No OSM way named ${missing.join(', ')}`);
	return found;
}

/**
 * One polygon `meters` around the given ways (their union), rounded to 5 decimals.
 *
 * @example
 * alongWays(waysNamed(osm, ['Nordkapsgatan']), 30); // a 60 m wide band along the street
 */
export function alongWays(ways: readonly Feature<LineString>[], meters: number): Polygon {
	const bands = ways.map((way) => buffer(way, meters, { units: 'meters', steps: 4 })!);
	const merged = bands.length === 1 ? bands[0]! : union(featureCollection(bands));
	if (!merged || merged.geometry.type !== 'Polygon') {
		throw new Error(`The ways ${ways.map((w) => w.properties?.name).join(', ')} do not make one connected area at ${meters} m`);
	}
	return { type: 'Polygon', coordinates: merged.geometry.coordinates.map(roundRing) };
}

/** `point` moved onto the nearest of `ways`, rounded to 5 decimals, with that way and the distance moved. */
export function snapToWays(
	point: Position,
	ways: readonly Feature<LineString>[]
): { position: Position; way: Feature<LineString>; movedMeters: number } {
	let best: { position: Position; way: Feature<LineString>; movedMeters: number } | null = null;
	for (const way of ways) {
		const nearest = nearestPointOnLine(way, point, { units: 'meters' }) as Feature<Point, { dist: number }>;
		if (!best || nearest.properties.dist < best.movedMeters) {
			const [lon = 0, lat = 0] = nearest.geometry.coordinates;
			best = { position: [round5(lon), round5(lat)], way, movedMeters: nearest.properties.dist };
		}
	}
	if (!best) throw new Error('no ways to snap to');
	return best;
}
