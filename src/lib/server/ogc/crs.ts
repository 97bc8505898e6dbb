/**
 * The coordinate reference systems the OGC API – Features service answers in (Part 2, CRS by
 * reference): CRS84 (longitude, latitude: what the store holds) and SWEREF 99 TM (EPSG:3006),
 * which Swedish GIS works in. The projection is the importer's (src/lib/geo/import/crs.ts, proj4).
 *
 * Axis order follows the CRS's definition, as Part 2 requires: CRS84 is (lon, lat); EPSG:3006 is
 * (northing, easting) – so a feature in EPSG:3006 reads [N, E] and a `bbox` with
 * `bbox-crs=…/3006` is minN,minE,maxN,maxE. GIS clients (GDAL, QGIS, ArcGIS) know this from the
 * CRS and swap back themselves.
 */
import type { Geometry, Position } from 'geojson';
import { fromWgs84, toWgs84 } from '$lib/geo/import';
import { BadParamError } from '../errors';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const SWEREF99TM = 'http://www.opengis.net/def/crs/EPSG/0/3006';
export const SUPPORTED_CRS = [CRS84, SWEREF99TM] as const;
export type OgcCrs = (typeof SUPPORTED_CRS)[number];

/** The parameter's value as one of ours; @throws BadParamError (400) naming the two we serve. */
export function parseCrs(value: string | null, param: 'crs' | 'bbox-crs'): OgcCrs {
	if (value === null) return CRS84;
	const v = value.trim().replace(/^\[(.*)\]$/, '$1');
	if ((SUPPORTED_CRS as readonly string[]).includes(v)) return v as OgcCrs;
	if (v === 'EPSG:3006') return SWEREF99TM;
	if (v === 'OGC:CRS84') return CRS84;
	throw new BadParamError(
		param,
		`Referenssystemet ”${value.slice(0, 80)}” stöds inte i ${param}. Använd ${CRS84} (WGS 84, longitud/latitud) eller ${SWEREF99TM} (SWEREF 99 TM).`,
		[...SUPPORTED_CRS]
	);
}

/** A CRS84 position in `crs`, in that CRS's axis order (EPSG:3006: [N, E], metres, rounded to mm). */
export function fromCrs84(position: Position, crs: OgcCrs): Position {
	if (crs === CRS84) return position;
	const [e, n] = fromWgs84(position, 'EPSG:3006');
	return [Math.round(n * 1000) / 1000, Math.round(e * 1000) / 1000];
}

/** A position in `crs` (its axis order) as CRS84 [lon, lat]. */
export function toCrs84(position: readonly number[], crs: OgcCrs): [number, number] {
	if (crs === CRS84) return [position[0]!, position[1]!];
	return toWgs84([position[1]!, position[0]!], 'EPSG:3006');
}

const mapPositions = (coords: unknown, f: (p: Position) => Position): unknown =>
	typeof (coords as unknown[])[0] === 'number' ? f(coords as Position) : (coords as unknown[]).map((c) => mapPositions(c, f));

/** The geometry in `crs` (a new object; the stored one is never changed). */
export function geometryIn(geometry: Geometry | null, crs: OgcCrs): Geometry | null {
	if (!geometry || crs === CRS84) return geometry;
	if (geometry.type === 'GeometryCollection') return { type: 'GeometryCollection', geometries: geometry.geometries.map((g) => geometryIn(g, crs)!) };
	return { type: geometry.type, coordinates: mapPositions(geometry.coordinates, (p) => fromCrs84(p, crs)) } as Geometry;
}

/**
 * A bbox given in `crs` (its axis order) as a CRS84 [west, south, east, north]: the corners and
 * edge midpoints projected, their extremes taken (a projected rectangle is not one in lon/lat).
 */
export function bboxToCrs84(box: [number, number, number, number], crs: OgcCrs): [number, number, number, number] {
	if (crs === CRS84) return box;
	const [a1, b1, a2, b2] = box;
	const points: [number, number][] = [];
	for (const a of [a1, (a1 + a2) / 2, a2]) for (const b of [b1, (b1 + b2) / 2, b2]) points.push(toCrs84([a, b], crs));
	const lons = points.map((p) => p[0]);
	const lats = points.map((p) => p[1]);
	return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}
