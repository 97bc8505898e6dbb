/**
 * A local metric projection: longitude/latitude in degrees ↔ x (east) / y (north) in metres
 * around a reference point, scaled by the WGS84 ellipsoid's radii of curvature there.
 *
 * Why this and not Turf's geodesic functions: the analyses need distances, areas, a spatial
 * index and exact point/segment geometry to agree with each other. In one plane they do: a
 * flatbush box distance is then a true lower bound of the exact distance, a polygon distance is
 * plain vector geometry, and because the projection is affine in lon/lat, clipping polygons in
 * lon/lat (turf.intersect/union) yields exactly the shape clipped in metres.
 *
 * Accuracy: within a city it differs from the ellipsoidal geodesic by well under 0.1 % (Järva
 * spans ~0.06° of latitude; the east–west scale drifts by tan(lat)·Δlat, 0.1 % per 0.03° at
 * 59° N). Turf's own distance (sphere, R = 6 371 008.8 m) reads 0.2 % (north–south) to 0.4 %
 * (east–west) shorter here, the sphere's error against the ellipsoid at this latitude.
 * `localMetricFor` refuses inputs spanning more than {@link MAX_LAT_SPAN}° of latitude or
 * {@link MAX_LON_SPAN}° of longitude, where the error would pass ~0.7 %.
 */
import type { GeoJSON, Position } from 'geojson';
import { AnalysisInputError } from './errors';

const A = 6378137; // WGS84 semi-major axis, m
const E2 = 0.00669437999014; // WGS84 first eccentricity squared
const RAD = Math.PI / 180;

/** Largest latitude span (degrees) the projection accepts: ±0.25° keeps the scale error < 0.75 %. */
export const MAX_LAT_SPAN = 0.5;
/** Largest longitude span (degrees). */
export const MAX_LON_SPAN = 1;

export type XY = [x: number, y: number];

export interface LocalMetric {
	/** [lon, lat] the plane is centred on. */
	readonly origin: readonly [number, number];
	/** [lon, lat] → [x, y] metres east/north of the origin. */
	project(position: Position): XY;
	/** [x, y] metres → [lon, lat]. */
	unproject(xy: readonly number[]): [number, number];
}

/**
 * A local metric plane centred on `origin` ([lon, lat]).
 *
 * @example
 * const m = localMetric([17.9, 59.4]);
 * m.project([17.9, 59.4027]); // ≈ [0, 300]: 300 m north
 */
export function localMetric(origin: Position): LocalMetric {
	const lon0 = origin[0];
	const lat0 = origin[1];
	if (lon0 === undefined || lat0 === undefined || !Number.isFinite(lon0) || !Number.isFinite(lat0)) {
		throw new AnalysisInputError(`Invalid origin ${JSON.stringify(origin)}: expected [lon, lat] numbers`);
	}
	const sin = Math.sin(lat0 * RAD);
	const w = 1 - E2 * sin * sin;
	const meridional = (A * (1 - E2)) / (w * Math.sqrt(w)); // radius of curvature north–south
	const primeVertical = A / Math.sqrt(w); // radius of curvature east–west
	const kx = primeVertical * Math.cos(lat0 * RAD) * RAD; // metres per degree of longitude
	const ky = meridional * RAD; // metres per degree of latitude
	return {
		origin: [lon0, lat0],
		project: (p) => [((p[0] ?? NaN) - lon0) * kx, ((p[1] ?? NaN) - lat0) * ky],
		unproject: (xy) => [lon0 + (xy[0] ?? NaN) / kx, lat0 + (xy[1] ?? NaN) / ky]
	};
}

/**
 * A local metric plane centred on the bounding box of all the given GeoJSON objects.
 * Throws if they span too much of the globe for a local plane, or hold no coordinates.
 *
 * @example
 * const m = localMetricFor(scenes2021, scenes2023);
 */
export function localMetricFor(...objects: GeoJSON[]): LocalMetric {
	let minLon = Infinity;
	let minLat = Infinity;
	let maxLon = -Infinity;
	let maxLat = -Infinity;
	const visit = (position: Position) => {
		const [lon, lat] = position;
		if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) {
			throw new AnalysisInputError(`Invalid position ${JSON.stringify(position)}: expected [lon, lat] numbers`);
		}
		if (lon < minLon) minLon = lon;
		if (lon > maxLon) maxLon = lon;
		if (lat < minLat) minLat = lat;
		if (lat > maxLat) maxLat = lat;
	};
	for (const object of objects) eachPosition(object, visit);
	if (minLon === Infinity) {
		throw new AnalysisInputError('No coordinates: the inputs hold no geometry to measure');
	}
	if (maxLat - minLat > MAX_LAT_SPAN || maxLon - minLon > MAX_LON_SPAN) {
		throw new AnalysisInputError(
			`Inputs span ${(maxLat - minLat).toFixed(3)}° of latitude and ${(maxLon - minLon).toFixed(3)}° of longitude ` +
				`(lat ${minLat}…${maxLat}, lon ${minLon}…${maxLon}); the local metric projection is accurate only up to ` +
				`${MAX_LAT_SPAN}° and ${MAX_LON_SPAN}° (a city). Is a feature in the wrong place or in SWEREF 99 coordinates?`
		);
	}
	return localMetric([(minLon + maxLon) / 2, (minLat + maxLat) / 2]);
}

function eachPosition(object: GeoJSON, visit: (p: Position) => void): void {
	switch (object.type) {
		case 'FeatureCollection':
			for (const feature of object.features) eachPosition(feature, visit);
			return;
		case 'Feature':
			if (object.geometry) eachPosition(object.geometry, visit);
			return;
		case 'GeometryCollection':
			for (const geometry of object.geometries) eachPosition(geometry, visit);
			return;
		case 'Point':
			visit(object.coordinates);
			return;
		case 'MultiPoint':
		case 'LineString':
			object.coordinates.forEach(visit);
			return;
		case 'MultiLineString':
		case 'Polygon':
			for (const line of object.coordinates) line.forEach(visit);
			return;
		case 'MultiPolygon':
			for (const polygon of object.coordinates) for (const ring of polygon) ring.forEach(visit);
			return;
	}
}
