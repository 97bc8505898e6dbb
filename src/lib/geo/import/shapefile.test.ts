import type { Feature, Point, Polygon, Position } from 'geojson';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fromWgs84 } from './crs';
import { ImportError } from './errors';
import { parseImport } from './index';
import { PRJ, PRJ_RT90 } from './testing/files';
import { writeShapefile, zipShapefile, type DbfField } from './testing/shapefile-writer';
import { refusal } from '$lib/geo/import/testing/refusal';

const SQUARE: Position[] = [
	[17.92, 59.4],
	[17.92, 59.41],
	[17.93, 59.41],
	[17.93, 59.4],
	[17.92, 59.4]
];
const FIELDS: DbfField[] = [
	{ name: 'name', type: 'C', length: 20 },
	{ name: 'year', type: 'N', length: 4 }
];

function squareIn3011(name: string): Feature<Polygon, Record<string, string | number>> {
	return {
		type: 'Feature',
		properties: { name, year: 2023 },
		geometry: { type: 'Polygon', coordinates: [SQUARE.map((p) => fromWgs84(p, 'EPSG:3011'))] }
	};
}

describe('Shapefile', () => {
	it('reads polygons and attributes, numbers as numbers, CRS from the .prj', () => {
		const bytes = zipShapefile('omraden', writeShapefile([squareIn3011('Husby')], FIELDS), {
			'omraden.prj': PRJ['EPSG:3011']
		});
		const result = parseImport({ name: 'omraden.zip', bytes });
		expect(result.ok).toBe(true);
		expect(result.crs).toEqual({ code: 'EPSG:3011', detectedFrom: 'file', note: 'enligt omraden.prj' });
		expect(result.features[0]?.properties).toEqual({ name: 'Husby', year: 2023 });
		const ring = (result.features[0]?.geometry as Polygon).coordinates[0] ?? [];
		expect(ring).toHaveLength(5);
		// Written clockwise (Shapefile), read counter-clockwise (RFC 7946).
		expect(ring[1]?.[0]).toBeCloseTo(17.93, 9);
	});

	it('reads points', () => {
		const points: Feature<Point, Record<string, string>>[] = [
			{ type: 'Feature', properties: { name: 'A' }, geometry: { type: 'Point', coordinates: [17.9, 59.4] } }
		];
		const bytes = zipShapefile('p', writeShapefile(points, [{ name: 'name', type: 'C', length: 5 }]), {
			'p.prj': PRJ['EPSG:4326']
		});
		expect(parseImport({ name: 'p.zip', bytes }).features[0]?.geometry).toEqual({
			type: 'Point',
			coordinates: [17.9, 59.4]
		});
	});

	it('reads Windows-1252 attributes when there is no .cpg and warns about it', () => {
		const bytes = zipShapefile('o', writeShapefile([squareIn3011('Södra Ängby')], FIELDS, { encoding: 'latin1' }), {
			'o.prj': PRJ['EPSG:3011']
		});
		const result = parseImport({ name: 'o.zip', bytes });
		expect(result.features[0]?.properties.name).toBe('Södra Ängby');
		expect(result.problems.map((p) => p.message)).toContain(
			'o.dbf är inte UTF-8 och zip-filen har ingen .cpg-fil; texten lästes som Windows-1252. Kontrollera å, ä och ö.'
		);
	});

	it('follows a .cpg that names code page 1252', () => {
		const bytes = zipShapefile('o', writeShapefile([squareIn3011('Årsta')], FIELDS, { encoding: 'latin1' }), {
			'o.prj': PRJ['EPSG:3011'],
			'o.cpg': '1252'
		});
		const result = parseImport({ name: 'o.zip', bytes });
		expect([result.features[0]?.properties.name, result.problems]).toEqual(['Årsta', []]);
	});

	it("without a .prj warns, and takes the user's CRS", () => {
		const bytes = zipShapefile('o', writeShapefile([squareIn3011('Husby')], FIELDS));
		const result = parseImport({ name: 'o.zip', bytes }, { crs: 'EPSG:3011' });
		expect(result.ok).toBe(true);
		expect(result.problems).toEqual([
			{
				feature: null,
				severity: 'warning',
				message: 'Zip-filen saknar o.prj, så filen säger inte vilket koordinatsystem den har.'
			}
		]);
	});

	it('with an unsupported .prj (RT 90) asks the user to choose a CRS (422, crs-required)', () => {
		const bytes = zipShapefile('o', writeShapefile([squareIn3011('Husby')], FIELDS), { 'o.prj': PRJ_RT90 });
		const error = refusal(() => parseImport({ name: 'o.zip', bytes }));
		expect([error.status, error.code]).toEqual([422, 'crs-required']);
		expect(error.message).toMatch(
			/^Filen anger koordinatsystemet "RT90_25_gon_V" \(i o\.prj\), som inte stöds\. .*Välj koordinatsystem/
		);
	});

	it('refuses a zip without a .shp, listing what it holds', () => {
		const error = refusal(() => parseImport({ name: 'o.zip', bytes: zipSync({ 'readme.txt': new Uint8Array(3) }) }));
		expect([error.status, error.message]).toEqual([
			422,
			'Zip-filen innehåller ingen .shp-fil (den innehåller: readme.txt).'
		]);
	});

	it('refuses a zip with two Shapefiles', () => {
		const parts = writeShapefile([squareIn3011('Husby')], FIELDS);
		const bytes = zipSync({ 'a.shp': parts.shp, 'a.dbf': parts.dbf, 'b.shp': parts.shp, 'b.dbf': parts.dbf });
		const error = refusal(() => parseImport({ name: 'o.zip', bytes }));
		expect(error.message).toBe('Zip-filen innehåller 2 Shapefiler (a.shp, b.shp); ladda upp ett lager i taget.');
	});

	it('refuses a .shp without its .dbf', () => {
		const error = refusal(() =>
			parseImport({ name: 'o.zip', bytes: zipSync({ 'a.shp': writeShapefile([squareIn3011('Husby')], FIELDS).shp }) })
		);
		expect(error.message).toBe('Zip-filen saknar a.dbf, som hör till a.shp (den innehåller: a.shp).');
	});

	it('refuses a truncated .shp with 400 naming the record', () => {
		const parts = writeShapefile([squareIn3011('Husby'), squareIn3011('Kista')], FIELDS);
		const bytes = zipSync({ 'a.shp': parts.shp.subarray(0, parts.shp.length - 10), 'a.dbf': parts.dbf });
		const error = refusal(() => parseImport({ name: 'o.zip', bytes }));
		expect([error.status, error.message]).toEqual([
			400,
			'a.shp är skadad: post 2 anger 128 byte men filen tar slut före dess.'
		]);
	});

	it('refuses a .dbf that declares more rows than it holds', () => {
		const parts = writeShapefile([squareIn3011('Husby')], FIELDS);
		const dbf = parts.dbf.slice();
		new DataView(dbf.buffer).setUint32(4, 40_000, true);
		const error = refusal(() => parseImport({ name: 'o.zip', bytes: zipSync({ 'a.shp': parts.shp, 'a.dbf': dbf }) }));
		expect(error.message).toMatch(/^a\.dbf är skadad: den anger 40\s000 rader à 25 byte men är bara 123 byte\.$/);
	});

	it('makes a null shape an error on its object', () => {
		const parts = writeShapefile(
			[squareIn3011('Husby'), { type: 'Feature', properties: { name: 'tom', year: 2023 }, geometry: null }],
			FIELDS
		);
		const result = parseImport({ name: 'o.zip', bytes: zipShapefile('o', parts, { 'o.prj': PRJ['EPSG:3011'] }) });
		expect(result.problems).toEqual([
			{ feature: 2, severity: 'error', message: 'Objekt 2: saknar geometri (geometry är null).' }
		]);
	});

	it('reports a self-intersecting polygon from a Shapefile by its record number', () => {
		const bowTie = [
			[17.92, 59.4],
			[17.94, 59.42],
			[17.94, 59.4],
			[17.92, 59.42],
			[17.92, 59.4]
		].map((p) => fromWgs84(p, 'EPSG:3011'));
		const parts = writeShapefile(
			[
				squareIn3011('Husby'),
				{
					type: 'Feature',
					properties: { name: 'fel', year: 2023 },
					geometry: { type: 'Polygon', coordinates: [bowTie] }
				}
			],
			FIELDS
		);
		const result = parseImport({ name: 'o.zip', bytes: zipShapefile('o', parts, { 'o.prj': PRJ['EPSG:3011'] }) });
		expect(result.problems).toEqual([
			{
				feature: 2,
				severity: 'error',
				message: expect.stringMatching(/^Objekt 2: ring 1 korsar sig själv vid \[17\.93, 59\.41\]/)
			}
		]);
	});
});
