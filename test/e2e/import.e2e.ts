/**
 * Importing files: preview on the map first, then all or nothing. Writes, so it uses a server of its own.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { fromWgs84 } from '../../src/lib/geo/import/crs';
import { expect, type MapHandle } from './fixtures';
import { testWithOwnServer as test } from './own-server';

const LAYER = 'otrygga-platser';
let ORIGIN = '';
test.beforeEach(({ baseURL }) => {
	ORIGIN = baseURL!;
});
const count = async (request: APIRequestContext) => (await (await request.get(`/api/layers/${LAYER}`)).json()).features.length;

/** Two places in Husby as a Swedish spreadsheet exports them: semicolons, decimal commas, SWEREF 99 TM. */
function swerefCsv(): Buffer {
	const rows = [
		['Garage vid Husby centrum', 'garage', [17.9262, 59.4105]],
		['Trapphus Edvard Griegsgången', 'Trapphus/soprum', [17.9301, 59.4092]]
	] as const;
	const lines = rows.map(([name, category, lonLat]) => {
		const [e, n] = fromWgs84([...lonLat], 'EPSG:3006');
		return [name, category, n!.toFixed(2).replace('.', ','), e!.toFixed(2).replace('.', ',')].join(';');
	});
	return Buffer.from(['namn;kategori;N;E', ...lines].join('\r\n'));
}

/** Like a browser's upload: with its Origin, or SvelteKit refuses a cross-site form post (403). */
async function upload(request: APIRequestContext, file: { name: string; buffer: Buffer }, fields: Record<string, string> = {}, query = '') {
	return request.post(`/api/layers/${LAYER}/import${query}`, {
		headers: { origin: ORIGIN },
		multipart: { file: { name: file.name, mimeType: 'application/octet-stream', buffer: file.buffer }, source: 'Test, trygghetsvandring 2024', ...fields }
	});
}

/** Opens the import form in edit mode, picks the file and asks for a preview; returns the form. */
async function previewInUi(page: Page, map: MapHandle, query: string, file: { name: string; mimeType: string; buffer: Buffer }, source: string) {
	await page.goto(`/${query}`);
	await map.idle();
	await page.keyboard.press('e');
	await page.getByText('Importera fil').click();
	const panel = page.locator('section.import');
	await panel.getByLabel('Lager').selectOption(LAYER);
	await panel.getByLabel('Fil', { exact: true }).setInputFiles(file);
	await panel.getByLabel('Källa').fill(source);
	await panel.getByRole('button', { name: 'Förhandsgranska' }).click();
	return panel;
}

test.describe('importing a file', () => {
	test('a SWEREF CSV is previewed on the map, then imported in one go', async ({ page, map, request }) => {
		const before = await count(request);
		const file = { name: 'platser.csv', mimeType: 'text/csv', buffer: swerefCsv() };
		const panel = await previewInUi(page, map, '?lager=stadsdelar,otrygga-platser', file, 'Trygghetsvandring Husby 2024');

		const preview = page.getByTestId('import-preview');
		await expect(preview).toContainText('2 objekt i filen (csv), 2 går att importera');
		await expect(preview).toContainText('EPSG:3006');
		await map.idle();
		const shown = await page.evaluate(() => (window as any).__lageskartan.map.queryRenderedFeatures({ layers: ['import-preview-point'] }).length);
		expect(shown).toBe(2);
		expect(await count(request)).toBe(before);
		await page.screenshot({ path: 'test-results/screenshots/import-preview.png' });

		await preview.getByRole('button', { name: 'Importera 2 objekt' }).click();
		await expect(panel.getByRole('alert')).toContainText('Klart: 2 nya');
		expect(await count(request)).toBe(before + 2);
		const stored = (await (await request.get(`/api/layers/${LAYER}`)).json()).features.slice(-2);
		expect(stored.map((f: any) => [f.properties.district, f.properties.category])).toEqual([
			['Husby', 'garage'],
			['Husby', 'stairwell-refuse-room']
		]);
		const history = (await (await request.get(`/api/layers/${LAYER}/history`)).json()).history.slice(-2);
		expect(history.map((h: any) => [h.action, h.by])).toEqual([
			['import', 'Demo administratör, stadsdelsförvaltningen (demo-admin)'],
			['import', 'Demo administratör, stadsdelsförvaltningen (demo-admin)']
		]);
	});

	test('a category the layer does not have is listed with the allowed ones and must be mapped before import', async ({ page, map, request }) => {
		const start = await count(request);
		const csv = ['namn;kategori;N;E', ...[
			['Garage vid Husby centrum', 'garage', [17.9262, 59.4105]],
			['Gångtunnel under Husbyleden', 'Gångtunnel', [17.9235, 59.4118]],
			['Gångtunnel vid Edvard Griegsgången', 'Gångtunnel', [17.9301, 59.4092]]
		].map(([name, category, lonLat]) => {
			const [e, n] = fromWgs84([...(lonLat as number[])], 'EPSG:3006');
			return [name, category, n!.toFixed(2).replace('.', ','), e!.toFixed(2).replace('.', ',')].join(';');
		})].join('\r\n');
		const file = { name: 'tunnlar.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
		await page.goto('/?lager=stadsdelar,otrygga-platser');
		await map.idle();
		await page.keyboard.press('e');
		await page.getByText('Importera fil').click();
		const panel = page.locator('section.import');
		await panel.getByLabel('Lager').selectOption(LAYER);
		await panel.getByLabel('Fil', { exact: true }).setInputFiles(file);
		await panel.getByLabel('Källa').fill('Trygghetsvandring Husby 2024');
		// A category for the whole file, as in the issue: it must not swallow "Gångtunnel".
		await panel.getByLabel('Kategori för rader utan kategori').selectOption({ label: 'Vägen till och från bostaden' });
		await panel.getByRole('button', { name: 'Förhandsgranska' }).click();

		const mapping = page.getByTestId('category-mapping');
		await expect(mapping).toContainText('Okända kategorier i kolumnen ”kategori”');
		await expect(mapping).toContainText('Vägen till och från bostaden, Parkeringsplats, Garage, Trapphus/soprum');
		await expect(mapping).toContainText('”Gångtunnel” – 2 rader');
		await expect(mapping.getByRole('status')).toContainText('1 värde saknar val: ”Gångtunnel”');
		const importButton = page.getByTestId('import-preview').getByRole('button', { name: /^Importera/ });
		await expect(importButton).toBeDisabled();
		for (const [width, height] of [[1920, 1080], [390, 844]] as const) {
			await page.setViewportSize({ width, height });
			await mapping.scrollIntoViewIfNeeded();
			await page.screenshot({ path: `test-results/screenshots/import-category-mapping-${width}.png` });
		}

		const choice = mapping.getByLabel(/Gångtunnel/);
		await expect(choice.locator('option')).toHaveText(['Välj …', 'Vägen till och från bostaden', 'Parkeringsplats', 'Garage', 'Trapphus/soprum', 'Hoppa över raderna']);
		// By keyboard: the choice keeps the focus while the preview is asked for again.
		await choice.focus();
		await page.keyboard.press('ArrowDown');
		await expect(choice).toHaveValue('way-home');
		await expect(page.getByTestId('import-preview')).toContainText('3 objekt i filen (csv), 3 går att importera');
		await expect(choice).toBeFocused();
		await choice.selectOption({ label: 'Hoppa över raderna' });
		await expect(page.getByTestId('import-preview')).toContainText('3 objekt i filen (csv), 1 går att importera');
		await expect(page.getByTestId('import-preview')).toContainText('2 rader med kategorin "Gångtunnel" hoppas över (ditt val).');
		await choice.selectOption({ label: 'Trapphus/soprum' });
		await expect(page.getByTestId('import-preview')).toContainText('3 objekt i filen (csv), 3 går att importera');
		await expect(mapping.getByRole('status')).toHaveCount(0);
		await importButton.click();
		await expect(panel.getByRole('alert')).toContainText('Klart: 3 nya');
		const stored = (await (await request.get(`/api/layers/${LAYER}`)).json()).features.slice(start);
		expect(stored.map((f: any) => [f.properties.name, f.properties.category])).toEqual([
			['Garage vid Husby centrum', 'garage'],
			['Gångtunnel under Husbyleden', 'stairwell-refuse-room'],
			['Gångtunnel vid Edvard Griegsgången', 'stairwell-refuse-room']
		]);
	});

	test('a broken file is explained and nothing can be imported', async ({ page, map }) => {
		const broken = { name: 'trasig.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feature"') };
		const panel = await previewInUi(page, map, '', broken, 'Test');
		await expect(panel.getByRole('alert')).toContainText(/JSON/);
		await expect(page.getByTestId('import-preview')).toHaveCount(0);
	});
});

test.describe('the import API', () => {
	test('a dry run writes nothing; a real import writes all', async ({ request }) => {
		const before = await count(request);
		const dry = await upload(request, { name: 'p.csv', buffer: swerefCsv() }, {}, '?dryRun=1');
		expect(dry.status()).toBe(200);
		expect(await dry.json()).toMatchObject({ dryRun: true, count: 2, valid: 2, ok: true, crs: { code: 'EPSG:3006' } });
		expect(await count(request)).toBe(before);
		const real = await upload(request, { name: 'p.csv', buffer: swerefCsv() });
		expect(real.status()).toBe(201);
		expect((await real.json()).imported).toEqual({ created: 2, updated: 0, deleted: 0 });
		expect(await count(request)).toBe(before + 2);
	});

	test('one bad object refuses the whole file with every problem numbered', async ({ request }) => {
		const before = await count(request);
		const file = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: { namn: 'Bra', kategori: 'garage' }, geometry: { type: 'Point', coordinates: [17.926, 59.41] } },
				{ type: 'Feature', properties: { namn: 'Omvänd', kategori: 'garage' }, geometry: { type: 'Point', coordinates: [59.41, 17.926] } },
				{ type: 'Feature', properties: { namn: 'Utanför', kategori: 'garage' }, geometry: { type: 'Point', coordinates: [18.07, 59.32] } }
			]
		};
		const response = await upload(request, { name: 'p.geojson', buffer: Buffer.from(JSON.stringify(file)) });
		expect(response.status()).toBe(422);
		const body = await response.json();
		expect(body.message).toContain('skrevs inte');
		expect(body.problems.map((p: any) => p.feature)).toEqual(expect.arrayContaining([2, 3]));
		expect(await count(request)).toBe(before);
	});

	test('an import with an unmapped category is refused with the values and the allowed ones', async ({ request }) => {
		const before = await count(request);
		const file = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: { namn: 'Garage', kategori: 'garage' }, geometry: { type: 'Point', coordinates: [17.926, 59.41] } },
				{ type: 'Feature', properties: { namn: 'Tunneln', kategori: 'Gångtunnel' }, geometry: { type: 'Point', coordinates: [17.924, 59.411] } }
			]
		};
		const buffer = Buffer.from(JSON.stringify(file));
		const refused = await upload(request, { name: 'p.geojson', buffer }, { category: 'way-home' });
		expect(refused.status()).toBe(422);
		const body = await refused.json();
		expect(body.message).toContain('"Gångtunnel" (1 rad)');
		expect(body.message).toContain('Tillåtna kategorier: Vägen till och från bostaden (way-home), Parkeringsplats (parking), Garage (garage), Trapphus/soprum (stairwell-refuse-room)');
		expect(body.categories.unknown).toEqual([{ value: 'Gångtunnel', rows: 1, mappedTo: null }]);
		expect(await count(request)).toBe(before);
		const badMap = await upload(request, { name: 'p.geojson', buffer }, { categoryMap: '{"Gångtunnel":"tunnel"}' });
		expect(badMap.status()).toBe(400);
		expect((await badMap.json()).message).toContain('categoryMap');
		const mapped = await upload(request, { name: 'p.geojson', buffer }, { categoryMap: JSON.stringify({ Gångtunnel: 'way-home' }) });
		expect(mapped.status()).toBe(201);
		expect(await count(request)).toBe(before + 2);
	});

	test('files that cannot be read get a 4xx that says why', async ({ request }) => {
		const before = await count(request);
		const cases: [string, Buffer, Record<string, string>, number, RegExp][] = [
			['program.exe', Buffer.from('MZ\x90\x00binary'), {}, 415, /./],
			['zip-som-geojson.geojson', Buffer.from(zipSync({ 'a.txt': new Uint8Array(10) })), {}, 415, /zip/i],
			['bom.geojson', Buffer.from('\uFEFF{"type":"FeatureCollection","features":[]}'), {}, 422, /./],
			['lokal.csv', Buffer.from('namn;kategori;N;E\nA;garage;6585000;150000'), {}, 422, /EPSG:3011|koordinatsystem/i],
			['p.csv', swerefCsv(), { source: '' }, 400, /källa|source/i],
			['p.csv', swerefCsv(), { crs: 'EPSG:9999' }, 400, /crs/]
		];
		for (const [name, buffer, fields, status, message] of cases) {
			const response = await upload(request, { name, buffer }, fields);
			expect(response.status(), name).toBe(status);
			expect((await response.json()).message, name).toMatch(message);
		}
		const cross = await request.post(`/api/layers/${LAYER}/import`, { headers: { origin: 'http://evil.example' }, multipart: { file: { name: 'p.csv', mimeType: 'text/csv', buffer: swerefCsv() } } });
		expect(cross.status(), 'a form post from another origin').toBe(403);
		expect((await request.post('/api/layers/finns-inte/import', { headers: { origin: ORIGIN }, multipart: { file: { name: 'p.csv', mimeType: 'text/csv', buffer: swerefCsv() } } })).status()).toBe(404);
		expect(await count(request)).toBe(before);
	});
});
