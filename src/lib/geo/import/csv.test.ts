import type { Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseNumber } from './csv';
import { ImportError } from './errors';
import { parseImport, type ImportOptions, type ImportResult } from './index';

function csv(text: string, options?: ImportOptions): ImportResult {
	return parseImport({ name: 'punkter.csv', bytes: new TextEncoder().encode(text) }, options);
}

const coordinates = (result: ImportResult) => result.features.map((f) => (f.geometry as Point).coordinates);

describe('CSV', () => {
	it('reads lon/lat columns with a comma delimiter; other columns become text properties', () => {
		const result = csv('namn,lon,lat,antal\nHusby,17.9262,59.4098,3\n"Kista, centrum",17.9436,59.4032,1\n');
		expect(result.ok).toBe(true);
		expect(result.crs).toEqual({
			code: 'EPSG:4326',
			detectedFrom: 'coordinates',
			note: 'WGS 84 lon/lat (kolumnerna "lon" och "lat")'
		});
		expect(coordinates(result)).toEqual([
			[17.9262, 59.4098],
			[17.9436, 59.4032]
		]);
		expect(result.features.map((f) => f.properties)).toEqual([
			{ namn: 'Husby', antal: '3' },
			{ namn: 'Kista, centrum', antal: '1' }
		]);
	});

	it('reads Swedish Excel: semicolons, decimal commas, Latitud/Longitud in either order', () => {
		const result = csv('Plats;Latitud;Longitud\r\nRinkeby;59,3880;17,9289\r\n');
		expect(coordinates(result)).toEqual([[17.9289, 59.388]]);
	});

	it('reads Windows-1252 text (as Excel saves CSV) and says so', () => {
		const bytes = Uint8Array.from('namn;lon;lat\nSödra Ängby;17,90;59,33\n', (c) => c.charCodeAt(0));
		const result = parseImport({ name: 'punkter.csv', bytes });
		expect(result.features[0]?.properties.namn).toBe('Södra Ängby');
		expect(result.problems[0]?.message).toMatch(/^Filen är inte UTF-8; den lästes som Windows-1252/);
	});

	it('reads E/N in SWEREF 99 18 00 when the user says so, with spaces as thousands separators', () => {
		const result = csv('id;E;N\n1;153 905,09;6 579 354,45\n', { crs: 'EPSG:3011' });
		const [lon, lat] = coordinates(result)[0] ?? [];
		expect(lon).toBeCloseTo(18.0686, 6);
		expect(lat).toBeCloseTo(59.3293, 6);
	});

	it('takes the column named x as the northing when its values are northings (Swedish x points north)', () => {
		const result = csv('x,y\n6580743.01,674571.87\n');
		expect(result.crs).toMatchObject({ code: 'EPSG:3006', detectedFrom: 'coordinates' });
		expect(result.crs.note).toContain('kolumnerna "y" (öst) och "x" (norr): x är norr, som i svensk praxis');
		const [lon, lat] = coordinates(result)[0] ?? [];
		expect(lon).toBeCloseTo(18.0686, 5);
		expect(lat).toBeCloseTo(59.3293, 5);
	});

	it('warns and goes by the values when columns named E and N hold the other axis', () => {
		const result = csv('E,N\n6580743.01,674571.87\n');
		expect(result.problems).toContainEqual({
			feature: null,
			severity: 'warning',
			message: 'Kolumnen "E" innehåller nordkoordinater och "N" östkoordinater; de lästes så.'
		});
		expect(coordinates(result)[0]?.[1]).toBeCloseTo(59.3293, 5);
	});

	it('makes a bad number an error naming the row, the column and the value, and keeps checking the rest', () => {
		const result = csv('namn;lon;lat\nA;17,9;59,4x\nB;;59,4\nC;17,9;59,4\n');
		expect(result.ok).toBe(false);
		expect(result.problems).toEqual([
			{
				feature: 1,
				severity: 'error',
				message: 'Objekt 1 (rad 2): kolumnen "lat" har värdet "59,4x", som inte är ett tal.'
			},
			{ feature: 2, severity: 'error', message: 'Objekt 2 (rad 3): kolumnen "lon" saknar värde.' }
		]);
		expect(result.count).toBe(3);
		expect(result.features).toHaveLength(1);
	});

	it('refuses a file without coordinate columns with 422 listing its columns', () => {
		let error: unknown;
		try {
			csv('namn;adress\nHusby;Husby torg 1\n');
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ImportError);
		expect((error as ImportError).status).toBe(422);
		expect((error as ImportError).message).toBe(
			'CSV-filen saknar koordinatkolumner: väntade lon och lat, E och N (SWEREF 99) eller x och y. Kolumnerna är: "namn", "adress".'
		);
	});

	it('keeps a column named __proto__ from setting a prototype and drops it with a warning', () => {
		const result = csv('__proto__,lon,lat\n{"x":1},17.9,59.4\n');
		expect(result.features[0]?.properties).toEqual({});
		expect(Object.getPrototypeOf(result.features[0]?.properties)).toBe(Object.prototype);
		expect(result.problems.map((p) => p.message)).toEqual([
			expect.stringContaining('egenskapen "__proto__" togs bort')
		]);
	});

	it('makes a quote that never closes an error on its row', () => {
		const result = csv('namn,lon,lat\n"Husby,17.9,59.4\nKista,17.9,59.4\n');
		expect(result.ok).toBe(false);
		expect(result.problems[0]).toEqual({
			feature: 1,
			severity: 'error',
			message: 'Objekt 1 (rad 2): ett citattecken stängs aldrig.'
		});
	});

	it('warns about a row with fewer fields than the header', () => {
		const result = csv('namn,lon,lat,typ\nA,17.9,59.4\n');
		expect(result.problems).toEqual([
			{ feature: 1, severity: 'warning', message: 'Objekt 1 (rad 2) har 3 fält men rubrikraden har 4.' }
		]);
	});
});

describe('parseNumber', () => {
	it('reads decimal points always and decimal commas only when the delimiter is not a comma', () => {
		expect(parseNumber('59.4', false)).toBe(59.4);
		expect(parseNumber(' 59,4 ', true)).toBe(59.4);
		expect(parseNumber('59,4', false)).toBeNull();
		expect(parseNumber('−17,5', true)).toBe(-17.5);
	});

	it('refuses NaN, Infinity, empty text and words', () => {
		for (const raw of ['NaN', 'Infinity', '', 'norr', '1e999']) expect(parseNumber(raw, true)).toBeNull();
	});
});
