/**
 * One label point per polygon feature, inside it (the pole of inaccessibility of its largest part).
 * Polygon labels drawn straight from a GeoJSON source repeat in every tile the polygon crosses;
 * a point per feature is labelled once.
 */
import type { Feature, FeatureCollection, Point, Position } from 'geojson';
import polylabel from 'polylabel';
import { area } from '@turf/turf';

/** ~1 m at Järva's latitude, in degrees: finer than anyone sees a label move. */
const PRECISION = 1e-5;

export function labelPoints(collection: FeatureCollection): FeatureCollection<Point> {
	const features: Feature<Point>[] = [];
	for (const feature of collection.features) {
		const geometry = feature.geometry;
		let rings: Position[][] | undefined;
		if (geometry?.type === 'Polygon') rings = geometry.coordinates;
		if (geometry?.type === 'MultiPolygon') {
			rings = [...geometry.coordinates].sort(
				(a, b) => area({ type: 'Polygon', coordinates: b }) - area({ type: 'Polygon', coordinates: a })
			)[0];
		}
		if (!rings?.length) continue;
		const [lon, lat] = polylabel(rings as [number, number][][], PRECISION);
		features.push({ type: 'Feature', properties: feature.properties, geometry: { type: 'Point', coordinates: [lon!, lat!] } });
	}
	return { type: 'FeatureCollection', features };
}
