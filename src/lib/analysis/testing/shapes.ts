/**
 * Test and bench helpers: shapes laid out in metres around a point, as GeoJSON in lon/lat.
 * Not part of the analysis API (index.ts does not export them).
 */
import type { Feature, FeatureCollection, GeoJsonProperties, Geometry, Point, Polygon } from 'geojson';
import { localMetric } from '../local-metric';

/** Near Husby, Järva. */
export const JARVA: [number, number] = [17.93, 59.41];

/** The position `east` and `north` metres from `origin`. */
export function offset(origin: [number, number], east: number, north: number): [number, number] {
	return localMetric(origin).unproject([east, north]);
}

/** An axis-aligned square of side `side` m centred `east`/`north` m from the origin. */
export function square(
	properties: GeoJsonProperties,
	side: number,
	east = 0,
	north = 0,
	origin = JARVA
): Feature<Polygon> {
	const h = side / 2;
	const corners: [number, number][] = [
		[-h, -h],
		[h, -h],
		[h, h],
		[-h, h],
		[-h, -h]
	];
	return polygon(properties, [corners.map(([x, y]) => offset(origin, east + x, north + y))]);
}

/** An ellipse (semi-axes rx east–west, ry north–south, m) drawn with `vertices` points. */
export function oval(
	properties: GeoJsonProperties,
	rx: number,
	ry: number,
	east = 0,
	north = 0,
	origin = JARVA,
	vertices = 32
): Feature<Polygon> {
	const ring = Array.from({ length: vertices + 1 }, (_, k) => {
		const t = (2 * Math.PI * (k % vertices)) / vertices;
		return offset(origin, east + rx * Math.cos(t), north + ry * Math.sin(t));
	});
	return polygon(properties, [ring]);
}

export function polygon(properties: GeoJsonProperties, coordinates: [number, number][][]): Feature<Polygon> {
	return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates } };
}

export function point(properties: GeoJsonProperties, east: number, north: number, origin = JARVA): Feature<Point> {
	return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: offset(origin, east, north) } };
}

export function collection<G extends Geometry>(...features: Feature<G>[]): FeatureCollection<G> {
	return { type: 'FeatureCollection', features };
}

/** Scene properties as the schema has them; oval 2021 scenes are coarse, 2023 outlines finer. */
export function scene(id: string, year: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
	const oval = year <= 2021;
	return {
		id,
		name: id,
		source: 'Testfall',
		precision: 'approximate',
		precisionMeters: oval ? 150 : 75,
		example: true,
		year,
		district: 'Husby',
		drawing: oval ? 'oval' : 'outline',
		...extra
	};
}
