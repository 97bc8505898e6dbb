/**
 * One label point per polygon feature, inside it (the pole of inaccessibility of its largest part).
 * Polygon labels drawn straight from a GeoJSON source repeat in every tile the polygon crosses;
 * a point per feature is labelled once.
 */
import type { Feature, FeatureCollection, Point, Position } from 'geojson';
import polylabel from 'polylabel';

/**
 * A polygon part's size, to pick the largest: its outer ring's area in square degrees with the
 * longitude scaled to the latitude (shoelace), holes ignored. Only parts of one feature, a few km
 * apart, are compared, so this ranks them as the geodesic area would; Turf's area would cost the
 * map page 1.7 kB of JavaScript for the same order (issue 14).
 */
export function partSize(rings: Position[][]): number {
	const ring = rings[0] ?? [];
	const scale = Math.cos((((ring[0]?.[1] ?? 0) as number) * Math.PI) / 180);
	let twice = 0;
	for (let i = 0; i + 1 < ring.length; i++) twice += ring[i]![0]! * scale * ring[i + 1]![1]! - ring[i + 1]![0]! * scale * ring[i]![1]!;
	return Math.abs(twice) / 2;
}

/** ~1 m at Järva's latitude, in degrees: finer than anyone sees a label move. */
const PRECISION = 1e-5;

export function labelPoints(collection: FeatureCollection): FeatureCollection<Point> {
	const features: Feature<Point>[] = [];
	for (const feature of collection.features) {
		const geometry = feature.geometry;
		let rings: Position[][] | undefined;
		if (geometry?.type === 'Polygon') rings = geometry.coordinates;
		if (geometry?.type === 'MultiPolygon') {
			rings = [...geometry.coordinates].sort((a, b) => partSize(b) - partSize(a))[0];
		}
		if (!rings?.length) continue;
		const [lon, lat] = polylabel(rings as [number, number][][], PRECISION);
		features.push({ type: 'Feature', properties: feature.properties, geometry: { type: 'Point', coordinates: [lon!, lat!] } });
	}
	return { type: 'FeatureCollection', features };
}
