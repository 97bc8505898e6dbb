/**
 * Reading and checking the GeoJSON the analysis functions take, once, with errors that name the
 * collection, the feature and the bad value. Internal to the analysis modules.
 */
import type { Feature, FeatureCollection, GeoJsonProperties, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { AnalysisInputError } from './errors';
import type { LocalMetric, XY } from './local-metric';
import { projectShape, shapeArea, shapeBBox, shapeCentroid, type BBox, type Shape } from './planar';

interface Prepared<G extends Geometry> {
	/** Position in the input collection. */
	index: number;
	id: string;
	name: string;
	properties: NonNullable<GeoJsonProperties>;
	feature: Feature<G>;
}

export interface PreparedArea extends Prepared<Polygon | MultiPolygon> {
	shape: Shape;
	bbox: BBox;
	/** m² */
	area: number;
	/** Area-weighted centroid in the plane. */
	centroid: XY;
}

export interface PreparedPoint extends Prepared<Point> {
	xy: XY;
}

export function assertCollection(value: unknown, what: string): asserts value is FeatureCollection {
	const type = (value as { type?: unknown } | null)?.type;
	if (type !== 'FeatureCollection' || !Array.isArray((value as { features?: unknown }).features)) {
		throw new AnalysisInputError(
			`${what}: expected a GeoJSON FeatureCollection, got ${type === undefined ? typeof value : JSON.stringify(type)}`
		);
	}
}

/** "feature 3 (id "ds2021-x")" — how errors point at a feature. */
export function describeFeature(feature: Feature, index: number): string {
	const id = feature.properties?.['id'] ?? feature.id;
	return id === undefined ? `feature ${index}` : `feature ${index} (id ${JSON.stringify(id)})`;
}

function identify<G extends Geometry>(
	feature: Feature,
	index: number,
	what: string,
	seen: Map<string, number>
): Prepared<G> {
	const properties = feature.properties ?? {};
	const rawId = properties['id'] ?? feature.id;
	if (typeof rawId !== 'string' && typeof rawId !== 'number') {
		throw new AnalysisInputError(`${what}: feature ${index} has no id (properties.id is ${JSON.stringify(rawId)})`);
	}
	const id = String(rawId);
	const previous = seen.get(id);
	if (previous !== undefined) {
		throw new AnalysisInputError(`${what}: feature ${index} reuses id ${JSON.stringify(id)} of feature ${previous}`);
	}
	seen.set(id, index);
	const name = typeof properties['name'] === 'string' ? properties['name'] : id;
	return { index, id, name, properties, feature: feature as Feature<G> };
}

/** Polygon features of a collection, projected, with area, centroid and box. */
export function readAreas(collection: unknown, what: string, metric: LocalMetric): PreparedArea[] {
	assertCollection(collection, what);
	const seen = new Map<string, number>();
	return collection.features.map((feature, index) => {
		const geometry = feature.geometry;
		if (geometry?.type !== 'Polygon' && geometry?.type !== 'MultiPolygon') {
			throw new AnalysisInputError(
				`${what}: ${describeFeature(feature, index)} has geometry ${geometry?.type ?? 'null'}; expected Polygon or MultiPolygon`
			);
		}
		const shape = projectShape(geometry, metric);
		return {
			...identify<Polygon | MultiPolygon>(feature, index, what, seen),
			shape,
			bbox: shapeBBox(shape),
			area: shapeArea(shape),
			centroid: shapeCentroid(shape)
		};
	});
}

/** Point features of a collection, projected. */
export function readPoints(collection: unknown, what: string, metric: LocalMetric): PreparedPoint[] {
	assertCollection(collection, what);
	const seen = new Map<string, number>();
	return collection.features.map((feature, index) => {
		if (feature.geometry?.type !== 'Point') {
			throw new AnalysisInputError(
				`${what}: ${describeFeature(feature, index)} has geometry ${feature.geometry?.type ?? 'null'}; expected Point`
			);
		}
		return {
			...identify<Point>(feature, index, what, seen),
			xy: metric.project(feature.geometry.coordinates)
		};
	});
}

/** A string property, or null when absent: for grouping keys such as district and category. */
export function stringProperty(properties: NonNullable<GeoJsonProperties>, key: string): string | null {
	const value = properties[key];
	return typeof value === 'string' ? value : null;
}

/** Throws unless `value` is a finite number ≥ `min` (or > `min` when `exclusive`). */
export function checkNumberOption(name: string, value: unknown, min: number, exclusive = false): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || (exclusive ? value <= min : value < min)) {
		throw new AnalysisInputError(
			`Invalid ${name} ${JSON.stringify(value)}: expected a number of metres ${exclusive ? '>' : '≥'} ${min}`,
			'invalid-option'
		);
	}
	return value;
}
