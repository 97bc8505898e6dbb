/**
 * Inputs for the importer's tests: .prj texts as GIS tools write them, reprojected copies of a
 * collection, zip files that lie about their sizes. Not part of the API.
 */
import { zipSync } from 'fflate';
import type { Feature, FeatureCollection, GeoJsonProperties, Geometry } from 'geojson';
import { fromWgs84, type CrsCode } from '../crs';

/** ESRI-style WKT, as QGIS and ArcGIS write .prj files. */
export const PRJ = {
	'EPSG:3006':
		'PROJCS["SWEREF99_TM",GEOGCS["GCS_SWEREF99",DATUM["D_SWEREF99",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",15.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
	'EPSG:3011':
		'PROJCS["SWEREF99_18_00",GEOGCS["GCS_SWEREF99",DATUM["D_SWEREF99",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",150000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",18.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
	'EPSG:4326':
		'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
} as const satisfies Record<CrsCode, string>;

/** OGC WKT 1 as GDAL writes it, with EPSG authority codes. */
export const PRJ_OGC_3006 =
	'PROJCS["SWEREF99 TM",GEOGCS["SWEREF99",DATUM["SWEREF99",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6619"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4619"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",15],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","3006"]]';

/** RT 90 2.5 gon V, the national system before SWEREF 99: common in old files, not supported. */
export const PRJ_RT90 =
	'PROJCS["RT90_25_gon_V",GEOGCS["GCS_RT_1990",DATUM["D_RT_1990",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",1500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",15.80827777777778],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** A deep copy of `collection` with every position converted from WGS84 to `crs`. */
export function reproject<G extends Geometry, P extends GeoJsonProperties>(
	collection: FeatureCollection<G, P>,
	crs: CrsCode
): FeatureCollection<G, P> {
	const convert = (value: unknown): unknown =>
		Array.isArray(value) && typeof value[0] === 'number'
			? fromWgs84(value as number[], crs)
			: Array.isArray(value)
				? value.map(convert)
				: value;
	return {
		type: 'FeatureCollection',
		features: collection.features.map((f): Feature<G, P> => ({
			...f,
			geometry: { ...f.geometry, coordinates: convert((f.geometry as { coordinates: unknown }).coordinates) } as G
		}))
	};
}

/** GeoJSON text with the pre-RFC 7946 `crs` member naming `crs`. */
export function geojsonWithCrs(collection: FeatureCollection, crs: string): Uint8Array {
	return new TextEncoder().encode(
		JSON.stringify({
			type: 'FeatureCollection',
			crs: { type: 'name', properties: { name: crs } },
			features: collection.features
		})
	);
}

/**
 * A zip of `files` in which the entries named in `declared` claim another unpacked size (in the
 * central directory and the local header): what a hand-made zip bomb does to slip past checks of
 * the declared size.
 */
export function zipDeclaring(files: Record<string, Uint8Array>, declared: Record<string, number>): Uint8Array {
	const zip = zipSync(files);
	const view = new DataView(zip.buffer);
	const nameAt = (at: number, length: number) => new TextDecoder().decode(zip.subarray(at, at + length));
	const end = zip.length - 22; // no archive comment: the end record is the last 22 bytes
	let offset = view.getUint32(end + 16, true);
	for (let k = 0; k < view.getUint16(end + 10, true); k++) {
		const nameLength = view.getUint16(offset + 28, true);
		const size = declared[nameAt(offset + 46, nameLength)];
		if (size !== undefined) {
			view.setUint32(offset + 24, size, true);
			view.setUint32(view.getUint32(offset + 42, true) + 22, size, true);
		}
		offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
	}
	return zip;
}

export function utf8(text: string): Uint8Array {
	return new TextEncoder().encode(text);
}
