/**
 * Malformed input from issue 4, one behaviour per test: every case ends in a clear message, either
 * a refusal of the whole file (`ImportError` with an HTTP status) or an error problem on the object
 * that `ok: false` keeps from being written.
 */
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ImportError, parseImport, type ImportOptions, type ImportResult } from '$lib/geo/import';
import { utf8, zipDeclaring } from '$lib/geo/import/testing/files';
import { writeShapefile, zipShapefile } from '$lib/geo/import/testing/shapefile-writer';
import { zipSync } from 'fflate';
import { refusal } from '$lib/geo/import/testing/refusal';

/** A small square in Husby, counter-clockwise, closed. */
const SQUARE: Position[] = [
	[17.92, 59.4],
	[17.93, 59.4],
	[17.93, 59.41],
	[17.92, 59.41],
	[17.92, 59.4]
];

function geojson(value: unknown, name = 'lager.geojson', options?: ImportOptions): ImportResult {
	return parseImport({ name, bytes: utf8(typeof value === 'string' ? value : JSON.stringify(value)) }, options);
}

function collection(...geometries: unknown[]): unknown {
	return {
		type: 'FeatureCollection',
		features: geometries.map((geometry, i) => ({ type: 'Feature', properties: { name: `objekt ${i + 1}` }, geometry }))
	};
}

function polygon(...rings: unknown[]): unknown {
	return { type: 'Polygon', coordinates: rings };
}

function errorsOf(result: ImportResult): { feature: number | null; message: string }[] {
	return result.problems.filter((p) => p.severity === 'error').map(({ feature, message }) => ({ feature, message }));
}

describe('rings', () => {
	it('an unclosed ring is an error on its object, naming the first and last positions', () => {
		const result = geojson(collection(polygon(SQUARE), polygon(SQUARE.slice(0, 4))));
		expect(result.ok).toBe(false);
		expect(errorsOf(result)).toEqual([
			{
				feature: 2,
				message: expect.stringMatching(
					/^Objekt 2: ring 1 är inte sluten: första koordinaten \[17\.92, 59\.4\] och sista \[17\.92, 59\.41\]/
				)
			}
		]);
		expect(result.features).toHaveLength(1);
	});

	it('a ring of three positions is an error: a ring needs at least four', () => {
		const result = geojson(
			collection(
				polygon([
					[17.92, 59.4],
					[17.93, 59.4],
					[17.92, 59.4]
				])
			)
		);
		expect(errorsOf(result)).toEqual([
			{ feature: 1, message: expect.stringContaining('ring 1 har 3 koordinater; en ring behöver minst 4') }
		]);
	});

	it('a self-intersecting ring (a bow tie) is an error naming the object and the crossing', () => {
		const bowTie = [
			[17.92, 59.4],
			[17.94, 59.42],
			[17.94, 59.4],
			[17.92, 59.42],
			[17.92, 59.4]
		];
		const result = geojson(collection(polygon(SQUARE), polygon(bowTie)));
		expect(errorsOf(result)).toEqual([
			{ feature: 2, message: 'Objekt 2: ring 1 korsar sig själv vid [17.93, 59.41] (ogiltig, självkorsande polygon).' }
		]);
	});

	it('a hole crossing its outer ring is an error naming both rings', () => {
		const hole = [
			[17.925, 59.405],
			[17.935, 59.405],
			[17.935, 59.408],
			[17.925, 59.408],
			[17.925, 59.405]
		];
		const result = geojson(collection(polygon(SQUARE, hole)));
		expect(errorsOf(result)[0]?.message).toMatch(
			/^Objekt 1: ring 1 och ring 2 korsar varandra vid \[17\.93, 59\.40\d*\]/
		);
	});

	it('clockwise outer rings and counter-clockwise holes are turned around and counted, not refused', () => {
		const hole = [
			[17.924, 59.404],
			[17.926, 59.404],
			[17.926, 59.406],
			[17.924, 59.406],
			[17.924, 59.404]
		];
		const result = geojson(collection(polygon([...SQUARE].reverse(), hole), polygon(SQUARE)));
		expect(result.ok).toBe(true);
		expect(result.fixed.rewound).toBe(1);
		const rings = (result.features[0]?.geometry as { coordinates: Position[][] }).coordinates;
		expect(rings[0]).toEqual(SQUARE);
		expect(rings[1]).toEqual([...hole].reverse());
	});
});

describe('coordinates', () => {
	it('NaN in JSON is refused with 400 saying NaN is no number, and where it stands', () => {
		const error = refusal(() => geojson('{"type": "Point",\n "coordinates": [NaN, 59.4]}'));
		expect(error.status).toBe(400);
		expect(error.message).toBe(
			'Ogiltig JSON på rad 2, kolumn 18 (tecken 36): NaN är inte ett tal i JSON (varje koordinat måste vara ett ändligt tal).'
		);
	});

	it('a coordinate written as text is an error quoting the text', () => {
		const result = geojson(collection({ type: 'Point', coordinates: ['17.9', 59.4] }));
		expect(errorsOf(result)).toEqual([
			{
				feature: 1,
				message: 'Objekt 1: koordinaten ["17.9", 59.4] är inte ett tal (texten "17.9" i stället för ett tal).'
			}
		]);
	});

	it('a null coordinate is an error saying null', () => {
		const result = geojson(
			collection({
				type: 'LineString',
				coordinates: [
					[17.9, 59.4],
					[null, 59.4]
				]
			})
		);
		expect(errorsOf(result)[0]?.message).toBe(
			'Objekt 1: koordinaten [null, 59.4] är inte ett tal (null i stället för ett tal).'
		);
	});

	it('lat/lon in the wrong order is an error that says so and shows the position swapped', () => {
		const result = geojson(collection({ type: 'Point', coordinates: [59.4, 17.9] }));
		expect(errorsOf(result)[0]?.message).toBe(
			'Objekt 1: koordinaten [59.4, 17.9] ser ut som lat/lon i omvänd ordning: GeoJSON skriver [lon, lat], och [17.9, 59.4] ligger i Sverige.'
		);
	});

	it('a longitude beyond 180 is an error naming the value and the valid ranges', () => {
		const result = geojson(
			collection({ type: 'Point', coordinates: [17.9, 59.4] }, { type: 'Point', coordinates: [217.9, 59.4] })
		);
		expect(errorsOf(result)).toEqual([
			{ feature: 2, message: 'Objekt 2: koordinaten [217.9, 59.4] ligger utanför lon −180…180 / lat −90…90.' }
		]);
	});

	it('a position with one number is an error', () => {
		const result = geojson(collection({ type: 'Point', coordinates: [17.9] }));
		expect(errorsOf(result)[0]?.message).toBe('Objekt 1: koordinaten [17.9] har 1 värde(n); en koordinat behöver två.');
	});

	it('SWEREF 99 numbers in a file that says WGS 84 are a whole-file error suggesting to choose the CRS', () => {
		const result = geojson({
			...(collection({ type: 'Point', coordinates: [674032, 6580822] }) as object),
			crs: { type: 'name', properties: { name: 'EPSG:4326' } }
		});
		expect(errorsOf(result)[0]).toEqual({
			feature: null,
			message: expect.stringMatching(/^Koordinatsystemet är WGS 84 .* ser ut som SWEREF 99\. Välj koordinatsystem/)
		});
		expect(errorsOf(result)[1]?.message).toMatch(
			/^Objekt 1: koordinaten \[674032, 6580822\] ligger utanför lon −180…180 \/ lat −90…90\. Talen ser ut som SWEREF 99-koordinater/
		);
	});
});

describe('size limits', () => {
	/** One LineString of a million positions, as compact JSON (about 13 MB). */
	function millionVertices(): Uint8Array {
		const positions = new Array<string>(1_000_000);
		for (let i = 0; i < positions.length; i++) positions[i] = `[17.${i % 1000},59.4]`;
		return utf8(`{"type":"LineString","coordinates":[${positions.join(',')}]}`);
	}

	it('a million vertices in one object is an error on that object (200 000 per object)', () => {
		const result = parseImport({ name: 'stor.geojson', bytes: millionVertices() });
		expect(errorsOf(result)).toEqual([
			{
				feature: 1,
				message: expect.stringMatching(/^Objekt 1: har 1\s000\s000 hörn; högst 200\s000 per objekt tas emot/)
			}
		]);
	});

	it('more vertices in the file than the total limit refuse it with 413', () => {
		const error = refusal(() =>
			parseImport({ name: 'stor.geojson', bytes: millionVertices() }, { limits: { maxVertices: 500_000 } })
		);
		expect(error.status).toBe(413);
		expect(error.message).toMatch(/^Filen har 1\s000\s000 hörn; högst 500\s000 tas emot i en import/);
	});

	it('a file over the byte limit is refused with 413 before it is read', () => {
		const error = refusal(() => geojson(collection(polygon(SQUARE)), 'lager.geojson', { limits: { maxBytes: 100 } }));
		expect(error.status).toBe(413);
		expect(error.message).toMatch(/^Filen är \d+ byte; högst 100 byte tas emot\.$/);
	});

	it('more objects than the limit refuse the file with 413', () => {
		const points = Array.from({ length: 11 }, () => ({ type: 'Point', coordinates: [17.9, 59.4] }));
		const error = refusal(() => geojson(collection(...points), 'lager.geojson', { limits: { maxFeatures: 10 } }));
		expect(error.status).toBe(413);
		expect(error.message).toBe('Filen har 11 objekt; högst 10 tas emot i en import.');
	});

	it('nesting deeper than the limit is refused with 413 before JSON.parse recurses', () => {
		const error = refusal(() => geojson(`{"type":"Point","coordinates":${'['.repeat(100_000)}`));
		expect(error.status).toBe(413);
		expect(error.message).toMatch(
			/^JSON-texten är nästlad djupare än 64 nivåer på rad 1, kolumn 94 \(tecken 94\); så djup nästling förekommer inte i GeoJSON\.$/
		);
	});

	it('a thousand broken objects list the first problems and then how many more there were', () => {
		const broken = Array.from({ length: 30 }, () => ({ type: 'Point', coordinates: ['x', 59] }));
		const result = geojson(collection(...broken), 'lager.geojson', { limits: { maxProblems: 10 } });
		expect(result.problems).toHaveLength(11);
		expect(result.problems.at(-1)).toEqual({
			feature: null,
			severity: 'error',
			message: '… och 20 problem till (20 fel) som inte visas; de första 10 visas.'
		});
	});
});

describe('JSON text', () => {
	it('a UTF-8 byte order mark is skipped', () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(JSON.stringify(collection(polygon(SQUARE))))]);
		const result = parseImport({ name: 'bom.geojson', bytes });
		expect(result.ok).toBe(true);
		expect(result.count).toBe(1);
	});

	it('truncated JSON is refused with 400 saying where it ends and what is missing', () => {
		const text = JSON.stringify(collection(polygon(SQUARE)));
		const cut = text.indexOf('[17.93,59.41]') + '[17.93,59.41'.length;
		const error = refusal(() => geojson(text.slice(0, cut)));
		expect(error.status).toBe(400);
		expect(error.message).toBe(
			`JSON-texten tar slut för tidigt på rad 1, kolumn ${cut + 1} (tecken ${cut + 1}): 7 objekt och listor är inte avslutade (]]]}}]} saknas). Filen är troligen avkortad (trunkerad).`
		);
	});

	it('JSON cut off inside a text is refused with 400 saying where that text begins', () => {
		const error = refusal(() => geojson('{"type": "Feature", "properties": {"name": "Hus'));
		expect([error.status, error.message]).toEqual([
			400,
			'JSON-texten tar slut för tidigt på rad 1, kolumn 48 (tecken 48): texten som börjar på rad 1, kolumn 44 (tecken 44) avslutas aldrig med ". Filen är troligen avkortad (trunkerad).'
		]);
	});

	it('a trailing comma is refused with 400 naming it', () => {
		const error = refusal(() => geojson('{"type": "Point", "coordinates": [17.9, 59.4,]}'));
		expect(error.message).toBe(
			'Ogiltig JSON på rad 1, kolumn 46 (tecken 46): kommatecken före ] (ett avslutande kommatecken är inte tillåtet i JSON).'
		);
	});

	it('__proto__, constructor and prototype keys are dropped with a warning and pollute nothing', () => {
		const text =
			'{"type":"Feature","geometry":{"type":"Point","coordinates":[17.9,59.4]},"properties":{"name":"Husby","__proto__":{"isAdmin":true},"nested":{"constructor":{"prototype":{"x":1}}}}}';
		const result = geojson(text);
		const properties = result.features[0]?.properties ?? {};
		expect(properties).toEqual({ name: 'Husby', nested: {} });
		expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
		expect({ ...properties }).not.toHaveProperty('isAdmin');
		expect(result.problems.map((p) => p.message)).toEqual([
			'Objekt 1: egenskapen "__proto__" togs bort (namnet är inte tillåtet eftersom det kan ändra hur programmet beter sig).',
			'Objekt 1: egenskapen "constructor" togs bort (namnet är inte tillåtet eftersom det kan ändra hur programmet beter sig).'
		]);
		expect(result.ok).toBe(true);
	});

	it('an empty file is refused with 400', () => {
		const error = refusal(() => parseImport({ name: 'tom.geojson', bytes: new Uint8Array(0) }));
		expect([error.status, error.message]).toEqual([400, 'Filen "tom.geojson" är tom.']);
	});

	it('JSON that is not GeoJSON is refused with 422 naming its type', () => {
		const error = refusal(() => geojson({ type: 'Topology', objects: {} }));
		expect([error.status, error.message]).toEqual([
			422,
			'JSON-filen är inte GeoJSON: "type" är "Topology" (TopoJSON stöds inte; spara som GeoJSON); väntade FeatureCollection, Feature eller en geometri.'
		]);
	});

	it('a FeatureCollection without objects is an error: nothing to import', () => {
		const result = geojson({ type: 'FeatureCollection', features: [] });
		expect(errorsOf(result)).toEqual([{ feature: null, message: 'Filen innehåller inga objekt.' }]);
	});
});

describe('geometry types', () => {
	it('a GeometryCollection is an error asking to split it', () => {
		const result = geojson(collection({ type: 'GeometryCollection', geometries: [] }));
		expect(errorsOf(result)).toEqual([
			{ feature: 1, message: 'Objekt 1: GeometryCollection stöds inte; dela upp den i ett objekt per geometri.' }
		]);
	});

	it('a feature without geometry is an error', () => {
		const result = geojson(collection(null));
		expect(errorsOf(result)).toEqual([{ feature: 1, message: 'Objekt 1: saknar geometri (geometry är null).' }]);
	});

	it('an unknown geometry type is an error listing the allowed ones', () => {
		const result = geojson(collection({ type: 'Circle', coordinates: [17.9, 59.4] }));
		expect(errorsOf(result)[0]?.message).toBe(
			'Objekt 1: geometritypen "Circle" stöds inte (tillåtna: Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon).'
		);
	});

	it('a bare geometry is one object', () => {
		const result = geojson(polygon(SQUARE));
		expect([result.ok, result.count, result.crs.detectedFrom]).toEqual([true, 1, 'default']);
	});
});

describe('zip files', () => {
	const square = writeShapefile(
		[{ type: 'Feature', properties: { name: 'Husby' }, geometry: { type: 'Polygon', coordinates: [SQUARE] } }],
		[{ name: 'name', type: 'C', length: 20 }]
	);

	it('a zip bomb (an entry that would unpack a thousand times larger) is refused with 413 before unpacking', () => {
		const bytes = zipSync({ 'bomb.shp': new Uint8Array(20 * 1024 * 1024), 'bomb.dbf': square.dbf });
		const error = refusal(() => parseImport({ name: 'bomb.zip', bytes }));
		expect(error.status).toBe(413);
		expect(error.message).toMatch(
			/^bomb\.shp i zip-filen packas upp 1\s0\d\d gånger \(från \d+ kB till 20 MB\); högst 500 gånger tas emot\. Filen ser ut som en zip-bomb\.$/
		);
	});

	it('a zip entry unpacking to more than it declares is refused with 413 as soon as it passes that size', () => {
		const bytes = zipDeclaring(
			{ 'bomb.shp': new Uint8Array(5 * 1024 * 1024), 'bomb.dbf': square.dbf },
			{ 'bomb.shp': 1000 }
		);
		const error = refusal(() => parseImport({ name: 'bomb.zip', bytes }));
		expect(error.status).toBe(413);
		expect(error.message).toMatch(
			/^bomb\.shp i zip-filen packas upp till mer än de 1\s000 byte den anger: filen är skadad eller en zip-bomb\.$/
		);
	});

	it('more unpacked bytes than the limit are refused with 413', () => {
		const bytes = zipShapefile('lager', square);
		const error = refusal(() => parseImport({ name: 'lager.zip', bytes }, { limits: { maxUncompressedBytes: 200 } }));
		expect(error.status).toBe(413);
		expect(error.message).toMatch(/^Shapefilens delar är \d+ byte uppackade; högst 200 byte tas emot\.$/);
	});
});

describe('wrong format', () => {
	it('a zip named .geojson is refused with 415 saying it is a zip file', () => {
		const error = refusal(() =>
			parseImport({ name: 'lager.geojson', bytes: zipShapefile('lager', writeShapefile([], [])) })
		);
		expect([error.status, error.message]).toEqual([
			415,
			'Filen heter "lager.geojson" men innehållet är en zip-fil. Byt filändelse till .zip eller välj rätt fil.'
		]);
	});

	it('an .exe is refused with 415 naming the extension and what the content is', () => {
		const error = refusal(() => parseImport({ name: 'setup.exe', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0]) }));
		expect([error.status, error.message]).toEqual([
			415,
			'Filändelsen .exe stöds inte. Innehållet ser ut som ett Windows-program (MZ). Välj en .geojson- eller .json-fil, en zip-fil med en Shapefile eller en .csv-fil.'
		]);
	});

	it('a program renamed to .geojson is refused with 415', () => {
		const error = refusal(() =>
			parseImport({ name: 'lager.geojson', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0]) })
		);
		expect([error.status, error.message]).toEqual([
			415,
			'Filen "lager.geojson" är ett Windows-program (MZ), inte GeoJSON, Shapefile (zip) eller CSV. Välj en .geojson- eller .json-fil, en zip-fil med en Shapefile eller en .csv-fil.'
		]);
	});
});
