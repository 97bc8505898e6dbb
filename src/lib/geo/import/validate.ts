/**
 * Turns one object as a reader found it into a WGS84 feature, or says why it can't: geometry type,
 * structure, numbers, ring closure and size, the CRS's area, lon/lat ranges, lat/lon given in the
 * wrong order, self-intersections. Ring orientation is repaired (RFC 7946: outer rings
 * counter-clockwise, holes clockwise), not refused.
 *
 * Unclosed rings are errors, not closed for the user: a ring whose last position is missing may
 * as well have lost more than one, and the issue lists them among input that must be refused.
 */
import type { Feature, Geometry } from 'geojson';
import { classifyPosition, CRS_LABELS, inSweden, toWgs84, type CrsCode } from './crs';
import { formatCount, formatPosition, formatValue, objectLabel, type Problems } from './errors';
import { sanitizeProperties } from './safe-json';
import { findRingFault, type XY } from './self-intersections';
import type { SourceFeature } from './types';

export interface ValidateContext {
	crs: CrsCode;
	/** True when the file writes projected positions as [north, east]. */
	swapAxes: boolean;
	maxVerticesPerFeature: number;
	problems: Problems;
}

export interface ValidatedFeature {
	feature: Feature<Geometry, Record<string, unknown>> | null;
	rewound: boolean;
}

const TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'] as const;
type GeometryType = (typeof TYPES)[number];

/** How deep each type nests positions: 0 = the coordinates are one position. */
const NESTING: Record<GeometryType, number> = {
	Point: 0,
	MultiPoint: 1,
	LineString: 1,
	MultiLineString: 2,
	Polygon: 2,
	MultiPolygon: 3
};

const NESTING_WORDS = ['en koordinat', 'en lista av koordinater', 'en lista av ringar/linjer', 'en lista av polygoner'];

/** Thrown inside one object's check to stop at its first error (already reported). */
class Rejected extends Error {}

/**
 * Checks and converts object number `n` (1-based). Problems go to `context.problems`; the result's
 * feature is null when any of them is an error.
 *
 * @example
 * validateFeature({ geometry: { type: 'Point', coordinates: [674032, 6580822] }, properties: {} }, 1, context);
 */
export function validateFeature(source: SourceFeature, n: number, context: ValidateContext): ValidatedFeature {
	const { problems } = context;
	const label = objectLabel(n);
	const reject = (message: string): never => {
		problems.error(n, `${label}: ${message}`);
		throw new Rejected();
	};
	const properties = sanitizeProperties(source.properties, (key) =>
		problems.warning(
			n,
			`${label}: egenskapen "${key}" togs bort (namnet är inte tillåtet eftersom det kan ändra hur programmet beter sig).`
		)
	);
	if (source.rejected) return { feature: null, rewound: false };

	try {
		const geometry = source.geometry;
		if (geometry === null || geometry === undefined) reject('saknar geometri (geometry är null).');
		if (typeof geometry !== 'object' || Array.isArray(geometry))
			reject(`geometrin ${formatValue(geometry)} är inget GeoJSON-objekt.`);
		const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
		if (type === 'GeometryCollection') {
			reject('GeometryCollection stöds inte; dela upp den i ett objekt per geometri.');
		}
		if (!TYPES.includes(type as GeometryType)) {
			reject(`geometritypen ${formatValue(type)} stöds inte (tillåtna: ${TYPES.join(', ')}).`);
		}
		const geometryType = type as GeometryType;

		const vertices = countPositions(coordinates);
		if (vertices > context.maxVerticesPerFeature) {
			reject(
				`har ${formatCount(vertices)} hörn; högst ${formatCount(context.maxVerticesPerFeature)} per objekt tas emot. Förenkla geometrin.`
			);
		}

		const source2d = readCoordinates(coordinates, NESTING[geometryType], geometryType, reject);
		checkShape(geometryType, source2d, reject);
		const wgs84 = mapPositions(source2d, NESTING[geometryType], (p) => project(p, context, reject));

		let rewound = false;
		const polygons = (geometryType === 'Polygon'
			? [wgs84]
			: geometryType === 'MultiPolygon'
				? wgs84
				: []) as unknown as XY[][][];
		for (const [k, rings] of polygons.entries()) {
			const fault = findRingFault(rings);
			if (fault) {
				const where = formatPosition(fault.at);
				const part = geometryType === 'MultiPolygon' ? `polygon ${k + 1}: ` : '';
				if (fault.kind === 'rings-cross') {
					reject(
						`${part}ring ${(fault.rings[0] ?? 0) + 1} och ring ${(fault.rings[1] ?? 0) + 1} korsar varandra vid ${where}.`
					);
				}
				reject(
					fault.kind === 'spike'
						? `${part}ring ${(fault.rings[0] ?? 0) + 1} går fram och tillbaka längs samma linje vid ${where} (en spik eller en ring utan yta).`
						: `${part}ring ${(fault.rings[0] ?? 0) + 1} korsar sig själv vid ${where} (ogiltig, självkorsande polygon).`
				);
			}
			rewound = rewind(rings) || rewound;
		}

		return {
			feature: {
				type: 'Feature',
				...(source.id !== undefined ? { id: source.id } : {}),
				geometry: { type: geometryType, coordinates: wgs84 } as Geometry,
				properties
			},
			rewound
		};
	} catch (e) {
		if (e instanceof Rejected) return { feature: null, rewound: false };
		throw e;
	}
}

/** Positions in untrusted coordinates (arrays whose first element is no array), for the limits. */
export function countPositions(value: unknown, depth = 0): number {
	if (!Array.isArray(value) || value.length === 0 || depth > 3) return 0;
	if (!Array.isArray(value[0])) return 1;
	let n = 0;
	for (const item of value) n += countPositions(item, depth + 1);
	return n;
}

type Nested = number[] | Nested[];

/** The coordinates as 2D number positions, or the first thing wrong with them. */
function readCoordinates(value: unknown, nesting: number, type: GeometryType, reject: (m: string) => never): Nested {
	if (nesting === 0) return readPosition(value, reject);
	if (!Array.isArray(value)) {
		reject(`${type} ska ha ${NESTING_WORDS[nesting]} men har ${formatValue(value)}.`);
	}
	const list = value as unknown[];
	if (list.length === 0) reject(`${type} är tom (inga koordinater).`);
	return list.map((item) => readCoordinates(item, nesting - 1, type, reject)) as Nested;
}

function readPosition(value: unknown, reject: (m: string) => never): number[] {
	if (!Array.isArray(value)) reject(`väntade en koordinat [lon, lat] men fann ${formatValue(value)}.`);
	const position = value as unknown[];
	if (position.length < 2)
		reject(`koordinaten ${formatValue(position)} har ${position.length} värde(n); en koordinat behöver två.`);
	for (const v of position.slice(0, 2)) {
		if (typeof v === 'number' && Number.isFinite(v)) continue;
		const what =
			typeof v === 'string'
				? `texten ${formatValue(v)}`
				: typeof v === 'number'
					? String(v)
					: v === null
						? 'null'
						: formatValue(v);
		reject(`koordinaten ${formatValue(position)} är inte ett tal (${what} i stället för ett tal).`);
	}
	return [position[0] as number, position[1] as number];
}

/** Ring closure and size, line length: checked in the file's own coordinates. */
function checkShape(type: GeometryType, coordinates: Nested, reject: (m: string) => never): void {
	const rings = (type === 'Polygon' ? [coordinates] : type === 'MultiPolygon' ? coordinates : []) as number[][][][];
	for (const [k, polygon] of rings.entries()) {
		for (const [r, ring] of polygon.entries()) {
			const where = `${type === 'MultiPolygon' ? `polygon ${k + 1}, ` : ''}ring ${r + 1}`;
			const first = ring[0] as number[];
			const last = ring[ring.length - 1] as number[];
			if (first[0] !== last[0] || first[1] !== last[1]) {
				reject(
					`${where} är inte sluten: första koordinaten ${formatPosition(first)} och sista ${formatPosition(last)} skiljer sig (en ring ska sluta där den börjar).`
				);
			}
			if (ring.length < 4) {
				reject(`${where} har ${ring.length} koordinater; en ring behöver minst 4 (tre hörn och den första igen).`);
			}
			const distinct = distinctUpTo3(ring);
			if (distinct < 3) reject(`${where} har bara ${distinct} olika hörn och ingen yta.`);
		}
	}
	const lines = (type === 'LineString' ? [coordinates] : type === 'MultiLineString' ? coordinates : []) as number[][][];
	for (const [k, line] of lines.entries()) {
		const where = type === 'MultiLineString' ? `linje ${k + 1}` : 'linjen';
		if (line.length < 2) reject(`${where} har ${line.length} koordinat; en linje behöver minst 2.`);
	}
}

/** How many different positions the ring has, counting no further than 3. */
function distinctUpTo3(ring: readonly number[][]): number {
	const seen: number[][] = [];
	for (const p of ring) {
		if (!seen.some((q) => q[0] === p[0] && q[1] === p[1])) seen.push(p);
		if (seen.length === 3) break;
	}
	return seen.length;
}

function mapPositions(value: Nested, nesting: number, f: (p: number[]) => [number, number]): Nested {
	if (nesting === 0) return f(value as number[]);
	return (value as Nested[]).map((item) => mapPositions(item, nesting - 1, f)) as Nested;
}

/** One position to WGS84 [lon, lat], refusing what can't be right in the file's CRS. */
function project(p: number[], context: ValidateContext, reject: (m: string) => never): [number, number] {
	const x = p[0] as number;
	const y = p[1] as number;
	if (context.crs === 'EPSG:4326') {
		if (Math.abs(x) > 180 || Math.abs(y) > 90) {
			const kind = classifyPosition(x, y).kind;
			const hint =
				kind === 'tm' || kind === 'local' ? ' Talen ser ut som SWEREF 99-koordinater: välj koordinatsystem.' : '';
			reject(`koordinaten ${formatPosition(p)} ligger utanför lon −180…180 / lat −90…90.${hint}`);
		}
		if (!inSweden(x, y) && inSweden(y, x)) {
			reject(
				`koordinaten ${formatPosition(p)} ser ut som lat/lon i omvänd ordning: GeoJSON skriver [lon, lat], och ${formatPosition([y, x])} ligger i Sverige.`
			);
		}
		return [x, y];
	}
	const [east, north] = context.swapAxes ? [y, x] : [x, y];
	const [lon, lat] = toWgs84([east, north], context.crs);
	if (!Number.isFinite(lon) || !Number.isFinite(lat) || !inSweden(lon, lat)) {
		const lonlat = classifyPosition(x, y).kind === 'lonlat' ? ' Talen ser ut som lon/lat (WGS 84).' : '';
		const landed = Number.isFinite(lon) && Number.isFinite(lat) ? ` (blir ${formatPosition([lon, lat])})` : '';
		reject(
			`koordinaten ${formatPosition(p)} ligger utanför Sverige i ${CRS_LABELS[context.crs]}${landed}; är koordinatsystemet rätt?${lonlat}`
		);
	}
	return [lon, lat];
}

/** Orients rings as RFC 7946 wants them; true when any was reversed. */
function rewind(rings: XY[][]): boolean {
	let changed = false;
	rings.forEach((ring, r) => {
		const area = signedArea(ring);
		if ((r === 0 && area < 0) || (r > 0 && area > 0)) {
			ring.reverse();
			changed = true;
		}
	});
	return changed;
}

/** Twice the signed area (shoelace), positive counter-clockwise; relative to the first vertex for precision. */
function signedArea(ring: readonly (readonly number[])[]): number {
	const [x0, y0] = ring[0] as [number, number];
	let sum = 0;
	for (let i = 1; i < ring.length - 1; i++) {
		const a = ring[i] as [number, number];
		const b = ring[i + 1] as [number, number];
		sum += (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0);
	}
	return sum;
}
