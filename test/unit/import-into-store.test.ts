import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { area } from '@turf/turf';
import type { FeatureCollection } from 'geojson';
import { geojsonWithCrs, reproject } from '../../src/lib/geo/import/testing/files';
import type { LayerService } from '../../src/lib/server/layer-service';
import { importIntoLayer, type ImportForm } from '../../src/lib/server/import-service';
import { tempService } from '../../src/lib/server/testing/temp-service';
import { REFERENCE_DISTRICTS } from './helpers/geodata';
import { RefusedInputError } from '../../src/lib/server/errors';

let service: LayerService;
let close: () => void;
beforeEach(async () => {
	({ service, close } = await tempService());
	service.store.createLayer(
		{ id: 'stadens-stadsdelar', title: 'Stadens stadsdelar', titleEn: 'City districts', kind: 'area', year: null, geometry: 'Polygon', source: 'test', precision: 'test', approximate: false, editable: true },
		'test',
		'sdf-jarva'
	);
});
afterEach(() => close());

const form: ImportForm = { mode: 'append', source: 'Stockholms stad, Stadskarta (CC0)', precision: 'exact', precisionMeters: 5, example: false, drawing: 'outline' };
const reference = () => JSON.parse(readFileSync(REFERENCE_DISTRICTS, 'utf8')) as FeatureCollection;
const totalArea = (fc: FeatureCollection) => fc.features.reduce((sum, f) => sum + area(f), 0);
const bytes = (text: string) => new TextEncoder().encode(text);

describe('importing into the store', () => {
	it('imports the real districts in WGS84, SWEREF 99 18 00 and SWEREF 99 TM with the same count and area', () => {
		const original = reference();
		const files = [
			{ name: 'stadsdelar.geojson', bytes: bytes(JSON.stringify(original)) },
			{ name: 'stadsdelar-3011.geojson', bytes: geojsonWithCrs(reproject(original, 'EPSG:3011'), 'urn:ogc:def:crs:EPSG::3011') },
			{ name: 'stadsdelar-3006.geojson', bytes: geojsonWithCrs(reproject(original, 'EPSG:3006'), 'EPSG:3006') }
		];
		for (const file of files) {
			const result = importIntoLayer(service, 'stadens-stadsdelar', file, { ...form, mode: 'replace' }, false, 'Anna');
			expect(result.imported, file.name).toMatchObject({ created: expect.any(Number) });
			const stored = service.features('stadens-stadsdelar');
			expect(stored.features, file.name).toHaveLength(117);
			expect(totalArea(stored) / totalArea(original), file.name).toBeCloseTo(1, 3);
			expect(stored.features.map((f) => f.properties?.name).sort(), file.name).toEqual(original.features.map((f) => f.properties?.name).sort());
		}
	});

	it('a dry run previews and writes nothing', () => {
		const before = service.store.layer('stadens-stadsdelar')!.revision;
		const preview = importIntoLayer(service, 'stadens-stadsdelar', { name: 's.geojson', bytes: bytes(JSON.stringify(reference())) }, form, true, 'Anna');
		expect(preview).toMatchObject({ dryRun: true, count: 117, valid: 117, ok: true, crs: { code: 'EPSG:4326' } });
		expect(preview.preview.features).toHaveLength(117);
		expect(service.features('stadens-stadsdelar').features).toHaveLength(0);
		expect(service.store.layer('stadens-stadsdelar')!.revision).toBe(before);
	});

	it('a file with one bad object writes nothing and names the object', () => {
		const collection = reference();
		const bad = { ...collection, features: [...collection.features.slice(0, 5), { type: 'Feature', properties: { name: 'Trasig' }, geometry: { type: 'Polygon', coordinates: [[[17.9, 59.4], [17.91, 59.4], [17.9, 59.4]]] } }] };
		let refused: unknown;
		try {
			importIntoLayer(service, 'stadens-stadsdelar', { name: 'bad.geojson', bytes: bytes(JSON.stringify(bad)) }, form, false, 'Anna');
		} catch (err) {
			refused = err;
		}
		expect(refused).toBeInstanceOf(RefusedInputError);
		const problems = ((refused as RefusedInputError).details.problems as { severity: string }[]).filter((p) => p.severity === 'error');
		expect(problems[0]).toMatchObject({ feature: 6 });
		expect(service.features('stadens-stadsdelar').features).toHaveLength(0);
	});

	it('insecure places get their district from where they lie, and a place outside Järva is an error', () => {
		const places = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: { namn: 'Garage i Husby', kategori: 'Garage' }, geometry: { type: 'Point', coordinates: [17.926, 59.41] } },
				{ type: 'Feature', properties: { namn: 'Slussen', kategori: 'garage' }, geometry: { type: 'Point', coordinates: [18.072, 59.32] } }
			]
		};
		const file = { name: 'platser.geojson', bytes: bytes(JSON.stringify(places)) };
		const preview = importIntoLayer(service, 'otrygga-platser', file, form, true, 'Anna');
		expect(preview.preview.features[0]!.properties).toMatchObject({ name: 'Garage i Husby', district: 'Husby', category: 'garage' });
		expect(preview.problems).toContainEqual(expect.objectContaining({ feature: 2, severity: 'error', message: expect.stringContaining('utanför Järvas stadsdelar') }));
		expect(preview.ok).toBe(false);
	});
});

describe('malformed files never change the store', () => {
	const square = [[17.92, 59.4], [17.93, 59.4], [17.93, 59.41], [17.92, 59.41], [17.92, 59.4]];
	const fc = (...geometries: unknown[]) =>
		JSON.stringify({ type: 'FeatureCollection', features: geometries.map((geometry, i) => ({ type: 'Feature', properties: { name: `o${i}` }, geometry })) });
	const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
	const million = fc({ type: 'LineString', coordinates: Array.from({ length: 1_000_001 }, (_, i) => [17.9 + i * 1e-9, 59.4]) });
	const cases: [string, string | Uint8Array][] = [
		['unclosed.geojson', fc({ type: 'Polygon', coordinates: [square.slice(0, 4)] })],
		['three-points.geojson', fc({ type: 'Polygon', coordinates: [[square[0], square[1], square[0]]] })],
		['nan.geojson', fc({ type: 'Point', coordinates: ['NaN', 59.4] })],
		['string.geojson', fc({ type: 'Point', coordinates: ['17.9', '59.4'] })],
		['swapped.geojson', fc({ type: 'Point', coordinates: [59.4, 17.9] })],
		['range.geojson', fc({ type: 'Point', coordinates: [17.9, 123] })],
		['bowtie.geojson', fc({ type: 'Polygon', coordinates: [[[17.92, 59.4], [17.93, 59.41], [17.93, 59.4], [17.92, 59.41], [17.92, 59.4]]] })],
		['million.geojson', million],
		['deep.geojson', deep],
		['truncated.geojson', fc({ type: 'Point', coordinates: [17.9, 59.4] }).slice(0, 40)],
		['proto.geojson', `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"__proto__":{"x":1}},"geometry":{"type":"Polygon","coordinates":[[[17.92,59.4],[17.93,59.4],[17.92,59.4]]]}}]}`],
		['program.geojson', new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])]
	];

	it.each(cases)('%s gets a clear refusal and nothing is written', (name, content) => {
		const before = service.store.layer('stadens-stadsdelar')!.revision;
		const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
		let message = '';
		try {
			importIntoLayer(service, 'stadens-stadsdelar', { name, bytes }, form, false, 'Anna');
		} catch (err) {
			message = (err as Error).message;
			const status = (err as { status?: number }).status ?? 422;
			expect(status).toBeGreaterThanOrEqual(400);
			expect(status).toBeLessThan(500);
		}
		expect(message.length).toBeGreaterThan(10);
		expect(service.store.layer('stadens-stadsdelar')!.revision).toBe(before);
		expect(service.features('stadens-stadsdelar').features).toHaveLength(0);
	});
});
