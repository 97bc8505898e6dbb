import { describe, expect, it } from 'vitest';
import { BadParamError } from '../errors';
import { bboxToCrs84, CRS84, fromCrs84, geometryIn, parseCrs, SWEREF99TM, toCrs84 } from './crs';
import { DEFAULT_LIMIT, parseDatetime, parseItemsQuery } from './query';

const q = (query: string, properties: string[] = ['category']) => parseItemsQuery(new URL(`http://x/ogc/collections/c/items?${query}`), properties);
const refused = (query: string, param: string) => {
	try {
		q(query);
	} catch (err) {
		expect(err).toBeInstanceOf(BadParamError);
		expect((err as BadParamError).param).toBe(param);
		return (err as Error).message;
	}
	throw new Error(`${query} was accepted`);
};

describe('the items query', () => {
	it('defaults: 100 features from the start, CRS84, no filters', () => {
		expect(q('')).toEqual({ limit: DEFAULT_LIMIT, offset: 0, bbox: null, crs: CRS84, bboxCrs: CRS84, datetime: null, filters: new Map() });
		expect(q('limit=5&offset=10&category=way-home&f=json')).toMatchObject({ limit: 5, offset: 10, filters: new Map([['category', 'way-home']]) });
	});

	it('refuses a bad limit, offset, bbox, crs, datetime or an unknown parameter, naming it in Swedish', () => {
		expect(refused('limit=0', 'limit')).toMatch(/heltal mellan 1 och 10000/);
		refused('limit=1e3', 'limit');
		refused('offset=-1', 'offset');
		expect(refused('bbox=1,2,3', 'bbox')).toMatch(/fyra tal/);
		refused('bbox=1,2,3,x', 'bbox');
		refused('bbox=18,59.5,17.9,59.6', 'bbox');
		expect(refused('bbox=670000,6580000,680000,6590000', 'bbox')).toMatch(/bbox-crs/);
		expect(refused('crs=EPSG:4326', 'crs')).toMatch(/SWEREF 99 TM/);
		refused('bbox-crs=x', 'bbox-crs');
		refused('datetime=yesterday', 'datetime');
		expect(refused('name=x', 'name')).toMatch(/Okänd parameter ”name”.*category/);
		refused('f=html', 'f');
	});

	it('reads datetime instants, dates as whole days and open intervals', () => {
		const day = parseDatetime('2023-05-01');
		expect(day).toEqual({ start: Date.UTC(2023, 4, 1), end: Date.UTC(2023, 4, 2) - 1 });
		expect(parseDatetime('2023-05-01T12:00:00Z')).toEqual({ start: Date.UTC(2023, 4, 1, 12), end: Date.UTC(2023, 4, 1, 12) });
		expect(parseDatetime('../2023-01-01')).toEqual({ start: null, end: Date.UTC(2023, 0, 2) - 1 });
		expect(parseDatetime('2023-01-01/..')).toEqual({ start: Date.UTC(2023, 0, 1), end: null });
		for (const bad of ['../..', '2023-02-30', '2023-13-01', '2024-01-01/2023-01-01', '2023', '2023-01-01T12:00', 'a/b/c']) expect(() => parseDatetime(bad), bad).toThrow(BadParamError);
	});

	it('a bbox in SWEREF 99 TM (north, east) becomes one in CRS84 around the same place', () => {
		const [n, e] = fromCrs84([17.9, 59.4], SWEREF99TM) as [number, number];
		expect(e).toBeGreaterThan(660_000);
		expect(n).toBeGreaterThan(6_580_000);
		const back = toCrs84([n, e], SWEREF99TM);
		expect(back[0]).toBeCloseTo(17.9, 7);
		expect(back[1]).toBeCloseTo(59.4, 7);
		const box = bboxToCrs84([n - 100, e - 100, n + 100, e + 100], SWEREF99TM);
		expect(box[0]).toBeLessThan(17.9);
		expect(box[2]).toBeGreaterThan(17.9);
		expect(box[1]).toBeLessThan(59.4);
		expect(box[3]).toBeGreaterThan(59.4);
		expect(q(`bbox=${n - 100},${e - 100},${n + 100},${e + 100}&bbox-crs=${SWEREF99TM}`).bbox).toEqual(box);
	});

	it('reprojects every position of a geometry and leaves the stored one alone', () => {
		const polygon = { type: 'Polygon' as const, coordinates: [[[17.9, 59.4], [17.91, 59.4], [17.91, 59.41], [17.9, 59.4]]] };
		const copy = JSON.stringify(polygon);
		const out = geometryIn(polygon, SWEREF99TM) as typeof polygon;
		expect(JSON.stringify(polygon)).toBe(copy);
		expect(out.coordinates[0]).toHaveLength(4);
		for (const [n, e] of out.coordinates[0]! as [number, number][]) (expect(n).toBeGreaterThan(6_000_000), expect(e).toBeLessThan(1_000_000));
		expect(geometryIn(polygon, CRS84)).toBe(polygon);
		expect(parseCrs('EPSG:3006', 'crs')).toBe(SWEREF99TM);
		expect(parseCrs(`[${CRS84}]`, 'crs')).toBe(CRS84);
	});
});
