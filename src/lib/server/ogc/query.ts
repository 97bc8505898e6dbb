/**
 * The query of `collections/{id}/items` (OGC API – Features Part 1 and 2): limit and offset,
 * bbox (with bbox-crs), crs, datetime and property filters. A bad value is a BadParamError in
 * Swedish naming the parameter (answered 400 as an OGC exception); an unknown parameter is
 * refused too, as Part 1 asks (/req/core/query-param-unknown), naming the ones allowed.
 */
import { BadParamError } from '../errors';
import { bboxToCrs84, parseCrs, type OgcCrs } from './crs';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;

/** A closed-or-open time interval in milliseconds since the epoch (null: open end). */
export interface Interval {
	start: number | null;
	end: number | null;
}

export interface ItemsQuery {
	limit: number;
	offset: number;
	/** CRS84 [west, south, east, north]. */
	bbox: [number, number, number, number] | null;
	crs: OgcCrs;
	bboxCrs: OgcCrs;
	datetime: Interval | null;
	/** Property name → the value asked for (compared as text). */
	filters: Map<string, string>;
}

/** Parameters every items request may carry besides the collection's properties. */
export const ITEMS_PARAMS = ['limit', 'offset', 'bbox', 'bbox-crs', 'crs', 'datetime', 'f'] as const;

function integer(url: URL, name: string, min: number, max: number, fallback: number): number {
	const raw = url.searchParams.get(name);
	if (raw === null) return fallback;
	if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
		throw new BadParamError(name, `${name} ska vara ett heltal mellan ${min} och ${max}; ”${raw.slice(0, 40)}” går inte att använda.`);
	}
	return Number(raw);
}

function parseBbox(raw: string, crs: OgcCrs): [number, number, number, number] {
	const parts = raw.split(',').map((p) => p.trim());
	const numbers = parts.map(Number);
	if ((parts.length !== 4 && parts.length !== 6) || parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n))) {
		throw new BadParamError('bbox', `bbox ska vara fyra tal åtskilda med komma (minx,miny,maxx,maxy); ”${raw.slice(0, 80)}” går inte att läsa.`);
	}
	// A 3D box (six numbers) is lower corner x,y,z then upper x,y,z: the heights are ignored.
	const box = (numbers.length === 6 ? [numbers[0], numbers[1], numbers[3], numbers[4]] : numbers) as [number, number, number, number];
	if (box[1] > box[3]) throw new BadParamError('bbox', 'I bbox ska det andra talet (nedre kanten) vara mindre än eller lika med det fjärde (övre kanten).');
	if (crs === 'http://www.opengis.net/def/crs/OGC/1.3/CRS84') {
		if (box.some((n, i) => (i % 2 === 0 ? Math.abs(n) > 180 : Math.abs(n) > 90))) {
			throw new BadParamError('bbox', 'bbox i CRS84 ska vara longitud (−180–180) och latitud (−90–90). Koordinater i SWEREF 99 TM kräver bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3006.');
		}
		if (box[0] > box[2]) throw new BadParamError('bbox', 'bbox över datumlinjen (västra kanten öster om den östra) stöds inte.');
	} else if (box[0] > box[2]) {
		throw new BadParamError('bbox', 'I bbox ska det första talet vara mindre än eller lika med det tredje.');
	}
	return bboxToCrs84(box, crs);
}

/** An RFC 3339 date or date-time as milliseconds; a bare date is the whole day (its start, or with `end` its end). */
function instant(text: string, end: boolean): number {
	const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (date) {
		const ms = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
		if (new Date(ms).toISOString().slice(0, 10) !== text) throw new Error('no such day');
		return end ? ms + 86_400_000 - 1 : ms;
	}
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) throw new Error('not RFC 3339');
	const ms = Date.parse(text);
	if (!Number.isFinite(ms)) throw new Error('not a time');
	return ms;
}

export function parseDatetime(raw: string): Interval {
	const bad = () =>
		new BadParamError(
			'datetime',
			`datetime ska vara en tidpunkt eller ett intervall enligt RFC 3339, t.ex. 2023-05-01, 2023-01-01T00:00:00Z, 2021-01-01/2023-12-31 eller 2023-01-01/.. ; ”${raw.slice(0, 80)}” går inte att läsa.`
		);
	try {
		const parts = raw.trim().split('/');
		if (parts.length === 1) {
			if (parts[0] === '..' || parts[0] === '') throw bad();
			return { start: instant(parts[0]!, false), end: instant(parts[0]!, true) };
		}
		if (parts.length !== 2) throw bad();
		const open = (p: string) => p === '..' || p === '';
		if (open(parts[0]!) && open(parts[1]!)) throw bad();
		const start = open(parts[0]!) ? null : instant(parts[0]!, false);
		const end = open(parts[1]!) ? null : instant(parts[1]!, true);
		if (start !== null && end !== null && start > end) {
			throw new BadParamError('datetime', 'datetime-intervallets början ligger efter dess slut.');
		}
		return { start, end };
	} catch (err) {
		if (err instanceof BadParamError) throw err;
		throw bad();
	}
}

/** The items query; `properties` are the names a filter may use in this collection. */
export function parseItemsQuery(url: URL, properties: readonly string[]): ItemsQuery {
	const params = url.searchParams;
	const unknown = [...new Set(params.keys())].filter((k) => !(ITEMS_PARAMS as readonly string[]).includes(k) && !properties.includes(k));
	if (unknown.length) {
		throw new BadParamError(
			unknown[0]!,
			`Okänd parameter ${unknown.map((k) => `”${k.slice(0, 40)}”`).join(', ')}. Tillåtna: ${[...ITEMS_PARAMS, ...properties].join(', ')}.`,
			[...ITEMS_PARAMS, ...properties]
		);
	}
	const f = params.get('f');
	if (f !== null && !['json', 'geojson', 'application/geo+json', 'application/json'].includes(f)) {
		throw new BadParamError('f', `Formatet ”${f.slice(0, 40)}” finns inte; tjänsten svarar med GeoJSON (f=json).`, ['json']);
	}
	const bboxCrs = parseCrs(params.get('bbox-crs'), 'bbox-crs');
	const bboxRaw = params.get('bbox');
	const datetime = params.get('datetime');
	const filters = new Map<string, string>();
	for (const name of properties) {
		const value = params.get(name);
		if (value !== null) filters.set(name, value);
	}
	return {
		limit: integer(url, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT),
		offset: integer(url, 'offset', 0, 10_000_000, 0),
		bbox: bboxRaw === null ? null : parseBbox(bboxRaw, bboxCrs),
		crs: parseCrs(params.get('crs'), 'crs'),
		bboxCrs,
		datetime: datetime === null ? null : parseDatetime(datetime),
		filters
	};
}

/** Whether [start, end] (ms) meets the interval asked for. */
export const meets = (asked: Interval, start: number, end: number) => (asked.start === null || end >= asked.start) && (asked.end === null || start <= asked.end);
