/**
 * The coordinate reference systems the importer reads, how to recognise them in a file (GeoJSON's
 * old `crs` member, a Shapefile's .prj WKT, or the coordinates themselves), and reprojection.
 *
 * Stockholm's data comes in SWEREF 99 TM (national) or SWEREF 99 18 00 (the city's local zone).
 * Both sit on SWEREF 99, which is ETRS89 as realised in Sweden: against WGS84 it differs by well
 * under a metre, so the datum shift is the identity (`+towgs84=0,0,0,0,0,0,0`) as in EPSG's own
 * definitions. ETRS89 / UTM 33N and WGS 84 / UTM 33N therefore read as SWEREF 99 TM.
 */
import proj4 from 'proj4';

export const CRS_CODES = ['EPSG:4326', 'EPSG:3006', 'EPSG:3011'] as const;
export type CrsCode = (typeof CRS_CODES)[number];

/** What users call them. */
export const CRS_LABELS: Readonly<Record<CrsCode, string>> = {
	'EPSG:4326': 'WGS 84 (lon/lat)',
	'EPSG:3006': 'SWEREF 99 TM',
	'EPSG:3011': 'SWEREF 99 18 00'
};

/** proj4 definitions, as EPSG publishes them (UTM zone 33 = central meridian 15°, k 0.9996, E 500 000). */
export const PROJ4_DEFS: Readonly<Record<Exclude<CrsCode, 'EPSG:4326'>, string>> = {
	'EPSG:3006': '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
	'EPSG:3011':
		'+proj=tmerc +lat_0=0 +lon_0=18 +k=1 +x_0=150000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs'
};

const converters = {
	'EPSG:3006': proj4('WGS84', PROJ4_DEFS['EPSG:3006']),
	'EPSG:3011': proj4('WGS84', PROJ4_DEFS['EPSG:3011'])
};

/** [west, south, east, north] around Sweden with a margin: where SWEREF 99 coordinates can lie. */
export const SWEDEN_BOUNDS = [9.5, 54.5, 25, 70] as const;

export function isCrsCode(value: unknown): value is CrsCode {
	return typeof value === 'string' && (CRS_CODES as readonly string[]).includes(value);
}

/**
 * A position in `crs` as WGS84 [lon, lat]. Projected positions are [east, north] in metres.
 *
 * @example
 * toWgs84([674032, 6580822], 'EPSG:3006'); // ≈ [18.0592, 59.3302]
 */
export function toWgs84(position: readonly number[], crs: CrsCode): [number, number] {
	const x = position[0] ?? NaN;
	const y = position[1] ?? NaN;
	if (crs === 'EPSG:4326') return [x, y];
	const [lon, lat] = converters[crs].inverse([x, y]);
	return [lon ?? NaN, lat ?? NaN];
}

/**
 * A WGS84 [lon, lat] position in `crs` ([east, north] in metres for SWEREF 99).
 *
 * @example
 * fromWgs84([18.0686, 59.3293], 'EPSG:3011'); // ≈ [153905, 6579354]
 */
export function fromWgs84(position: readonly number[], crs: CrsCode): [number, number] {
	const lon = position[0] ?? NaN;
	const lat = position[1] ?? NaN;
	if (crs === 'EPSG:4326') return [lon, lat];
	const [x, y] = converters[crs].forward([lon, lat]);
	return [x ?? NaN, y ?? NaN];
}

/** A CRS the file names: one we read (with how we read it), or its name when we don't. */
export type NamedCrs = { code: CrsCode; note?: string } | { unsupported: string };

const EQUIVALENT_CODES: Readonly<Record<string, { code: CrsCode; note?: string }>> = {
	'4326': { code: 'EPSG:4326' },
	'4258': { code: 'EPSG:4326', note: 'ETRS89 (EPSG:4258) läses som WGS 84; skillnaden är under en meter' },
	'4619': { code: 'EPSG:4326', note: 'SWEREF 99 (EPSG:4619) läses som WGS 84; skillnaden är under en meter' },
	'3006': { code: 'EPSG:3006' },
	'25833': { code: 'EPSG:3006', note: 'ETRS89 / UTM 33N (EPSG:25833) är samma som SWEREF 99 TM' },
	'32633': {
		code: 'EPSG:3006',
		note: 'WGS 84 / UTM 33N (EPSG:32633) läses som SWEREF 99 TM; skillnaden är under en meter'
	},
	'3011': { code: 'EPSG:3011' }
};

/**
 * The CRS a name denotes: `EPSG:3006`, `urn:ogc:def:crs:EPSG::3011`, `urn:ogc:def:crs:OGC:1.3:CRS84`,
 * `http://www.opengis.net/def/crs/EPSG/0/4326`. Null when the text is no CRS name at all.
 *
 * @example
 * crsFromName('urn:ogc:def:crs:EPSG::3006'); // { code: 'EPSG:3006' }
 * crsFromName('EPSG:3021'); // { unsupported: 'EPSG:3021' }
 */
export function crsFromName(name: string): NamedCrs | null {
	const text = name.trim();
	if (/(^|[:/])CRS:?84$/i.test(text)) return { code: 'EPSG:4326' };
	const epsg = /EPSG(?::[\d.]*)?:+(\d+)$/i.exec(text) ?? /\/EPSG\/\d+\/(\d+)$/i.exec(text);
	if (!epsg?.[1]) return null;
	return EQUIVALENT_CODES[epsg[1]] ?? { unsupported: `EPSG:${epsg[1]}` };
}

/**
 * The CRS a Shapefile .prj (WKT 1 in OGC or ESRI dialect, or WKT 2) describes. Projection
 * parameters decide when present (names vary between tools); then the EPSG code, then the name.
 *
 * @example
 * crsFromWkt('PROJCS["SWEREF99_18_00",GEOGCS["GCS_SWEREF99",…],PARAMETER["Central_Meridian",18.0],…]');
 * // { code: 'EPSG:3011' }
 */
export function crsFromWkt(wkt: string): NamedCrs {
	const text = wkt.trim();
	const named = crsFromName(text);
	if (named) return named;
	const head = /^([A-Z]+)\s*\[\s*"([^"]*)"/i.exec(text);
	const keyword = head?.[1]?.toUpperCase() ?? '';
	const name = head?.[2] ?? (text.slice(0, 60) || '(tom .prj-fil)');
	const projected = keyword === 'PROJCS' || keyword === 'PROJCRS' || keyword === 'PROJECTEDCRS';
	const geographic =
		keyword === 'GEOGCS' || keyword === 'GEOGCRS' || keyword === 'GEODCRS' || keyword === 'GEOGRAPHICCRS';

	const topCode = /(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text)?.[1];
	const grs80OrWgs84 = /(SPHEROID|ELLIPSOID)\[\s*"[^"]*"\s*,\s*6378137(\.0*)?\s*,\s*298\.2572(22101|23563)/i.test(text);

	if (projected) {
		const p = wktParameters(text);
		const tm = /Transverse[_ ]Mercator/i.test(text) || /\bUTM\b/i.test(text);
		if (tm && grs80OrWgs84 && p.lon0 !== undefined) {
			// Tools leave out zero-valued origins; the scale and false easting must be there.
			const near = (value: number | undefined, expected: number) =>
				value !== undefined && Math.abs(value - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
			const origin = near(p.lat0 ?? 0, 0) && near(p.y0 ?? 0, 0);
			if (origin && near(p.lon0, 15) && near(p.k, 0.9996) && near(p.x0, 500_000)) {
				return /SWEREF/i.test(name)
					? { code: 'EPSG:3006' }
					: { code: 'EPSG:3006', note: `"${name}" har samma parametrar som SWEREF 99 TM` };
			}
			if (origin && near(p.lon0, 18) && near(p.k, 1) && near(p.x0, 150_000)) return { code: 'EPSG:3011' };
			return { unsupported: name };
		}
		if (topCode && EQUIVALENT_CODES[topCode]) return EQUIVALENT_CODES[topCode];
		if (/SWEREF[\s_]*99[\s_]*TM/i.test(name)) return { code: 'EPSG:3006' };
		if (/SWEREF[\s_]*99[\s_]*18[\s_]*00/i.test(name)) return { code: 'EPSG:3011' };
		return { unsupported: name };
	}
	if (geographic) {
		if (topCode && EQUIVALENT_CODES[topCode]?.code === 'EPSG:4326') return EQUIVALENT_CODES[topCode];
		const datum = /DATUM\[\s*"([^"]*)"/i.exec(text)?.[1] ?? name;
		if (/WGS[\s_]*(19)?84/i.test(datum) || /WGS[\s_]*(19)?84/i.test(name)) return { code: 'EPSG:4326' };
		if (/SWEREF|ETRS|European_Terrestrial/i.test(datum) && grs80OrWgs84) {
			return { code: 'EPSG:4326', note: `${name} läses som WGS 84; skillnaden är under en meter` };
		}
		return { unsupported: name };
	}
	return { unsupported: name };
}

/** Transverse Mercator parameters from WKT, whatever each tool calls them. */
function wktParameters(text: string): { lon0?: number; k?: number; x0?: number; y0?: number; lat0?: number } {
	const out: { lon0?: number; k?: number; x0?: number; y0?: number; lat0?: number } = {};
	for (const match of text.matchAll(/PARAMETER\[\s*"([^"]+)"\s*,\s*(-?[\d.]+(?:E[-+]?\d+)?)/gi)) {
		const key = (match[1] ?? '').toLowerCase().replace(/[^a-z]/g, '');
		const value = Number(match[2]);
		if (key === 'centralmeridian' || key === 'longitudeofnaturalorigin' || key === 'longitudeoforigin')
			out.lon0 = value;
		else if (key === 'scalefactor' || key === 'scalefactoratnaturalorigin') out.k = value;
		else if (key === 'falseeasting') out.x0 = value;
		else if (key === 'falsenorthing') out.y0 = value;
		else if (key === 'latitudeoforigin' || key === 'latitudeofnaturalorigin') out.lat0 = value;
	}
	return out;
}

/** How one position looks: lon/lat, SWEREF 99 TM, a SWEREF 99 local zone (E ≈ 150 000), or neither. */
export type PositionKind = 'lonlat' | 'tm' | 'local' | 'other';

// SWEREF 99 northings in Sweden run 6.13–7.66 million; TM eastings 260 000–925 000; the twelve
// local zones all have false easting 150 000 and stay within ±100 km of it.
const NORTH_MIN = 6_000_000;
const NORTH_MAX = 7_800_000;
const TM_EAST_MIN = 250_000;
const TM_EAST_MAX = 1_000_000;
const LOCAL_EAST_MIN = 0;

/**
 * Classifies one position by its numbers alone (`swapped` when it is [north, east]).
 *
 * @example
 * classifyPosition(674032, 6580822); // { kind: 'tm', swapped: false }
 */
export function classifyPosition(x: number, y: number): { kind: PositionKind; swapped: boolean } {
	if (Math.abs(x) <= 180 && Math.abs(y) <= 90) return { kind: 'lonlat', swapped: false };
	const east = (v: number) =>
		v >= TM_EAST_MIN && v < TM_EAST_MAX ? 'tm' : v >= LOCAL_EAST_MIN && v < TM_EAST_MIN ? 'local' : null;
	const north = (v: number) => v >= NORTH_MIN && v <= NORTH_MAX;
	if (north(y)) {
		const kind = east(x);
		if (kind) return { kind, swapped: false };
	}
	if (north(x)) {
		const kind = east(y);
		if (kind) return { kind, swapped: true };
	}
	return { kind: 'other', swapped: false };
}

/** Whether [lon, lat] lies in and around Sweden. */
export function inSweden(lon: number, lat: number): boolean {
	const [w, s, e, n] = SWEDEN_BOUNDS;
	return lon >= w && lon <= e && lat >= s && lat <= n;
}
