/**
 * Unknown category values in an imported file (issue 13, item 8): listed with their counts and the
 * layer's allowed categories, mapped by the user or the rows skipped; never re-categorised silently.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { LayerService } from '../../src/lib/server/layer-service';
import { importForm, importIntoLayer, type ImportForm } from '../../src/lib/server/import-service';
import { RefusedInputError } from '../../src/lib/server/errors';
import { tempService } from '../../src/lib/server/testing/temp-service';

let service: LayerService;
let close: () => void;
beforeEach(async () => {
	({ service, close } = await tempService());
});
afterEach(() => close());

const LAYER = 'otrygga-platser';
const form: ImportForm = { mode: 'append', source: 'Trygghetsvandring Husby 2024', precision: 'exact', precisionMeters: 5, example: false, drawing: 'outline' };
/** Four places in Husby: one known code, one Swedish label, two rows of a value the layer lacks, one empty. */
function file(): { name: string; bytes: Uint8Array } {
	const rows = [
		['Garage vid Husby centrum', 'garage'],
		['Gångtunnel under Husbyleden', 'Gångtunnel'],
		['Trapphus Edvard Griegsgången', 'Trapphus/soprum'],
		['Gångtunnel vid Husbygårds skola', 'Gångtunnel'],
		['Parkering utan kategori', '']
	];
	const features = rows.map(([namn, kategori], i) => ({ type: 'Feature', properties: { namn, kategori }, geometry: { type: 'Point', coordinates: [17.926 + i * 0.001, 59.41] } }));
	return { name: 'platser.geojson', bytes: new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features })) };
}
const count = () => service.features(LAYER).features.length;
function refusal(run: () => unknown): RefusedInputError {
	try {
		run();
	} catch (err) {
		if (err instanceof RefusedInputError) return err;
		throw err;
	}
	throw new Error('the import was not refused');
}

describe('unknown category values', () => {
	it('a preview lists each unknown value with its rows and the allowed categories, and is not ok', () => {
		const preview = importIntoLayer(service, LAYER, file(), { ...form, category: 'parking' }, true, 'Anna');
		expect(preview.ok).toBe(false);
		expect(preview.categories).toEqual({
			column: 'kategori',
			unknown: [{ value: 'Gångtunnel', rows: 2, mappedTo: null }],
			allowed: [
				{ code: 'way-home', label: 'Vägen till och från bostaden' },
				{ code: 'parking', label: 'Parkeringsplats' },
				{ code: 'garage', label: 'Garage' },
				{ code: 'stairwell-refuse-room', label: 'Trapphus/soprum' }
			],
			skipped: 0
		});
		const problem = preview.problems.find((p) => p.code === 'unknown-category');
		expect(problem?.message).toContain('"Gångtunnel" (2 rader)');
		expect(problem?.message).toContain('Vägen till och från bostaden (way-home)');
		// The category for the whole file went only to the row without one, not to the tunnels.
		expect(preview.preview.features.map((f) => [f.properties?.name, f.properties?.category])).toEqual([
			['Garage vid Husby centrum', 'garage'],
			['Trapphus Edvard Griegsgången', 'stairwell-refuse-room'],
			['Parkering utan kategori', 'parking']
		]);
	});

	it('an import with an unmapped value is refused with the values and the allowed categories, and writes nothing', () => {
		const before = count();
		const err = refusal(() => importIntoLayer(service, LAYER, file(), { ...form, category: 'way-home' }, false, 'Anna'));
		expect(err.message).toMatch(/^Importen skrevs inte: kolumnen "kategori" har värden som inte är lagrets kategorier: "Gångtunnel" \(2 rader\)\./);
		expect(err.message).toContain('Tillåtna kategorier: Vägen till och från bostaden (way-home), Parkeringsplats (parking), Garage (garage), Trapphus/soprum (stairwell-refuse-room)');
		expect(err.details.categories).toMatchObject({ unknown: [{ value: 'Gångtunnel', rows: 2, mappedTo: null }] });
		expect(count()).toBe(before);
	});

	it('a value mapped to a category is stored as that category', () => {
		const before = count();
		const result = importIntoLayer(service, LAYER, file(), { ...form, category: 'parking', categoryMap: { Gångtunnel: 'way-home' } }, false, 'Anna');
		expect(result.imported).toEqual({ created: 5, updated: 0, deleted: 0 });
		expect(result.categories?.unknown).toEqual([{ value: 'Gångtunnel', rows: 2, mappedTo: 'way-home' }]);
		const stored = service.features(LAYER).features.slice(before);
		expect(stored.map((f) => [f.properties?.name, f.properties?.category])).toEqual([
			['Garage vid Husby centrum', 'garage'],
			['Gångtunnel under Husbyleden', 'way-home'],
			['Trapphus Edvard Griegsgången', 'stairwell-refuse-room'],
			['Gångtunnel vid Husbygårds skola', 'way-home'],
			['Parkering utan kategori', 'parking']
		]);
	});

	it('a value mapped to "skip" leaves its rows out and says so', () => {
		const before = count();
		const result = importIntoLayer(service, LAYER, file(), { ...form, category: 'parking', categoryMap: { Gångtunnel: 'skip' } }, false, 'Anna');
		expect(result.imported).toEqual({ created: 3, updated: 0, deleted: 0 });
		expect(result.categories?.skipped).toBe(2);
		expect(result.problems).toContainEqual(expect.objectContaining({ severity: 'warning', message: '2 rader med kategorin "Gångtunnel" hoppas över (ditt val).' }));
		expect(service.features(LAYER).features.slice(before).map((f) => f.properties?.name)).not.toContain('Gångtunnel under Husbyleden');
	});

	it('an empty category without a category for the whole file is still an error on that row', () => {
		const preview = importIntoLayer(service, LAYER, file(), { ...form, categoryMap: { Gångtunnel: 'garage' } }, true, 'Anna');
		expect(preview.ok).toBe(false);
		expect(preview.problems).toContainEqual(expect.objectContaining({ feature: 5, severity: 'error' }));
	});

	it('a free area layer keeps each row’s own category; the one for the whole file fills only the rows without', () => {
		service.store.createLayer(
			{ id: 'omraden', title: 'Områden', titleEn: 'Areas', kind: 'area', year: null, geometry: 'Polygon', source: 'test', precision: 'test', approximate: false, editable: true },
			'test',
			'sdf-jarva'
		);
		const square = (x: number) => ({ type: 'Polygon', coordinates: [[[x, 59.4], [x + 0.01, 59.4], [x + 0.01, 59.41], [x, 59.41], [x, 59.4]]] });
		const features = [
			{ type: 'Feature', properties: { namn: 'Torget', kategori: 'Torgyta' }, geometry: square(17.92) },
			{ type: 'Feature', properties: { namn: 'Parken' }, geometry: square(17.94) }
		];
		const bytes = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features }));
		const preview = importIntoLayer(service, 'omraden', { name: 'omraden.geojson', bytes }, { ...form, category: 'Grönyta' }, true, 'Anna');
		expect(preview.preview.features.map((f) => [f.properties?.name, f.properties?.category])).toEqual([
			['Torget', 'Torgyta'],
			['Parken', 'Grönyta']
		]);
		expect(preview.categories).toBeUndefined();
	});

	it('many unknown values are named up to twenty, then counted', () => {
		const features = Array.from({ length: 25 }, (_, i) => ({ type: 'Feature', properties: { namn: `Plats ${i}`, kategori: `Okänd ${i}` }, geometry: { type: 'Point', coordinates: [17.926, 59.41] } }));
		const bytes = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features }));
		const preview = importIntoLayer(service, LAYER, { name: 'm.geojson', bytes }, form, true, 'Anna');
		expect(preview.categories?.unknown).toHaveLength(25);
		const message = preview.problems.find((p) => p.code === 'unknown-category')!.message;
		expect(message).toContain('"Okänd 19" (1 rad) och 5 värden till');
		expect(message).not.toContain('"Okänd 20"');
	});

	it('the form refuses a mapping that is not JSON or names no allowed category', () => {
		const fields = { source: 'Trygghetsvandring Husby 2024' };
		expect(v.safeParse(importForm, { ...fields, categoryMap: '{"Gångtunnel":"way-home"}' }).output).toMatchObject({ categoryMap: { Gångtunnel: 'way-home' } });
		expect(v.safeParse(importForm, { ...fields, categoryMap: '{"Gångtunnel":' }).issues?.[0]?.message).toContain('JSON');
		expect(v.safeParse(importForm, { ...fields, categoryMap: '{"Gångtunnel":"tunnel"}' }).issues?.[0]?.message).toContain('hoppa över');
	});
});
