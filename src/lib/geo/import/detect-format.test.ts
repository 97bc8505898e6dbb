import { describe, expect, it } from 'vitest';
import { decodeText, detectFormat } from './detect-format';
import { ImportError } from './errors';
import { refusal } from '$lib/geo/import/testing/refusal';

const text = (s: string) => new TextEncoder().encode(s);

describe('detectFormat', () => {
	it('reads .geojson and .json as GeoJSON, .zip as Shapefile, .csv as CSV', () => {
		expect(detectFormat('a.geojson', text('{"type":"Point"}'))).toBe('geojson');
		expect(detectFormat('A.JSON', text('\n [1]'))).toBe('geojson');
		expect(detectFormat('a.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('shapefile');
		expect(detectFormat('a.csv', text('lon,lat\n17.9,59.4'))).toBe('csv');
	});

	it('goes by content when the name has no extension', () => {
		expect(detectFormat('uppladdning', text('{"type":"Point"}'))).toBe('geojson');
		expect(detectFormat('uppladdning', text('lon;lat'))).toBe('csv');
	});

	it('sees JSON behind a UTF-8 byte order mark', () => {
		expect(detectFormat('a.geojson', new Uint8Array([0xef, 0xbb, 0xbf, ...text('{}')]))).toBe('geojson');
	});

	it('refuses GeoJSON named .csv, saying what it is', () => {
		const error = refusal(() => detectFormat('punkter.csv', text('{"type":"FeatureCollection"}')));
		expect([error.status, error.message]).toEqual([
			415,
			'Filen heter "punkter.csv" men innehållet är JSON. Byt filändelse till .geojson eller välj rätt fil.'
		]);
	});

	it('refuses a loose .shp with advice to zip it', () => {
		const error = refusal(() => detectFormat('lager.shp', new Uint8Array([0, 0, 0x27, 0x0a, 0, 0])));
		expect(error.message).toMatch(
			/^Filändelsen \.shp stöds inte \(en lös \.shp-fil räcker inte: packa \.shp, \.dbf och \.prj/
		);
	});

	it('refuses KML by its XML content, named as such', () => {
		const error = refusal(() => detectFormat('lager.geojson', text('<?xml version="1.0"?><kml/>')));
		expect(error.message).toMatch(/^Filen "lager\.geojson" är XML eller HTML \(t\.ex\. KML eller GPX\)/);
	});

	it('refuses binary content in a .csv', () => {
		const error = refusal(() => detectFormat('a.csv', new Uint8Array([0x61, 0x00, 0x62])));
		expect(error.message).toMatch(/^Filen "a\.csv" är binärdata \(inte text\)/);
	});
});

describe('decodeText', () => {
	it('drops a UTF-8 byte order mark', () => {
		expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({
			text: 'a',
			encoding: 'UTF-8',
			fallback: false
		});
	});

	it('reads UTF-16 with a byte order mark (Excel\'s "Unicode text")', () => {
		expect(decodeText(new Uint8Array([0xff, 0xfe, 0xe5, 0x00, 0x3b, 0x00])).text).toBe('å;');
	});

	it('falls back to Windows-1252 for bytes that are not UTF-8', () => {
		expect(decodeText(new Uint8Array([0x53, 0xf6, 0x64, 0x65, 0x72]))).toEqual({
			text: 'Söder',
			encoding: 'Windows-1252',
			fallback: true
		});
	});
});
