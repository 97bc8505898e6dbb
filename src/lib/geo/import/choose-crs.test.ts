import { describe, expect, it } from 'vitest';
import { fromWgs84 } from './crs';
import { ImportError } from './errors';
import { parseImport, type ImportOptions, type ImportResult } from './index';

function point(position: number[], crs?: unknown, options?: ImportOptions): ImportResult {
	const value = {
		type: 'FeatureCollection',
		...(crs ? { crs } : {}),
		features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: position } }]
	};
	return parseImport({ name: 'p.geojson', bytes: new TextEncoder().encode(JSON.stringify(value)) }, options);
}

const named = (name: string) => ({ type: 'name', properties: { name } });
const HUSBY = [17.9262, 59.4098];

describe('choosing the CRS', () => {
	it('reads the pre-2008 form {"type": "EPSG", "properties": {"code": 3006}}', () => {
		const result = point(fromWgs84(HUSBY, 'EPSG:3006'), { type: 'EPSG', properties: { code: 3006 } });
		expect(result.crs).toEqual({ code: 'EPSG:3006', detectedFrom: 'file', note: 'enligt crs-medlemmen EPSG:3006' });
	});

	it('defaults to WGS 84 for GeoJSON without a crs member', () => {
		expect(point(HUSBY).crs).toEqual({
			code: 'EPSG:4326',
			detectedFrom: 'default',
			note: 'Filen anger inget koordinatsystem; GeoJSON är då WGS 84 lon/lat.'
		});
	});

	it("lets the user's choice win over the file, with a warning naming both", () => {
		const result = point(fromWgs84(HUSBY, 'EPSG:3011'), named('EPSG:3006'), { crs: 'EPSG:3011' });
		expect(result.crs.detectedFrom).toBe('user');
		expect(result.problems).toEqual([
			{
				feature: null,
				severity: 'warning',
				message: 'Filen anger SWEREF 99 TM (crs-medlemmen "EPSG:3006") men du valde SWEREF 99 18 00; ditt val används.'
			}
		]);
		expect(result.ok).toBe(true);
	});

	it('refuses a file naming an unsupported CRS until the user chooses (422, crs-required)', () => {
		let error: unknown;
		try {
			point([1628000, 6580000], named('urn:ogc:def:crs:EPSG::3021'));
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ImportError);
		expect((error as ImportError).code).toBe('crs-required');
		expect((error as ImportError).message).toMatch(/^Filen anger koordinatsystemet EPSG:3021, som inte stöds\./);
	});

	it("reads [north, east] as [east, north] with a warning (EPSG's axis order for SWEREF 99)", () => {
		const [e, n] = fromWgs84(HUSBY, 'EPSG:3006');
		const result = point([n, e], named('urn:ogc:def:crs:EPSG::3006'));
		expect(result.problems[0]?.message).toMatch(/^Koordinaterna står som \[norr, öst\]/);
		const [lon, lat] = (result.features[0]?.geometry as { coordinates: number[] }).coordinates;
		expect(lon).toBeCloseTo(17.9262, 9);
		expect(lat).toBeCloseTo(59.4098, 9);
	});

	it('makes TM numbers read as 18 00 a whole-file error', () => {
		const result = point(fromWgs84(HUSBY, 'EPSG:3006'), undefined, { crs: 'EPSG:3011' });
		expect(result.problems[0]).toEqual({
			feature: null,
			severity: 'error',
			message: expect.stringMatching(
				/^Koordinatsystemet är SWEREF 99 18 00 men de flesta koordinaterna .* ser ut som SWEREF 99 TM/
			)
		});
	});

	it('makes lon/lat read as SWEREF 99 a whole-file error and an error on the object', () => {
		const result = point(HUSBY, named('EPSG:3006'));
		expect(result.problems).toEqual([
			{
				feature: null,
				severity: 'error',
				message: expect.stringMatching(
					/^Koordinatsystemet är SWEREF 99 TM men de flesta koordinaterna \(t\.ex\. \[17\.9262, 59\.4098\]\) ser ut som lon\/lat/
				)
			},
			{
				feature: 1,
				severity: 'error',
				message: expect.stringMatching(
					/^Objekt 1: koordinaten \[17\.9262, 59\.4098\] ligger utanför Sverige i SWEREF 99 TM .*Talen ser ut som lon\/lat/
				)
			}
		]);
	});
});
