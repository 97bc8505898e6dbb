/**
 * Tables as Excel files (issue 13, item 9), downloaded the way a person does – the link on the
 * page – and opened in the test with read-excel-file (the reader of the library that writes them):
 * Swedish headers, numbers as numbers, dates as dates, text as text, Swedish category labels.
 * The CSV beside each stays for machines but opens in Swedish Excel: `;`, BOM, decimal comma.
 * Writes (a measure, a meeting, a walk), so it runs on a server of its own.
 */
import type { Download, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import readXlsxFile from 'read-excel-file/node';
import { expect } from './fixtures';
import { createWalk, finding } from './inventory-helpers';
import { testWithOwnServer as test } from './own-server';

type Sheet = { sheet: string; data: unknown[][] };

async function download(page: Page, click: () => Promise<void>): Promise<Download> {
	const [file] = await Promise.all([page.waitForEvent('download'), click()]);
	return file;
}

async function sheets(file: Download): Promise<Sheet[]> {
	return (await readXlsxFile(readFileSync((await file.path())!))) as unknown as Sheet[];
}

/** The row whose first matching column holds `text`, as header → value. */
function rowWith(sheet: Sheet, column: string, text: string): Record<string, unknown> {
	const header = sheet.data[0] as string[];
	const row = sheet.data.slice(1).find((r) => r[header.indexOf(column)] === text);
	expect(row, `a row with ${column} = ${text}`).toBeDefined();
	return Object.fromEntries(header.map((h, i) => [h, row![i]]));
}

test('the measures list downloads as .xlsx with typed cells, and as a Swedish CSV', async ({ page, request }) => {
	const created = await request.post('/api/measures', {
		data: { title: 'Belysning i gångtunneln', description: 'Byt armaturer', ownerOrganisationId: 'sdf-jarva', dueDate: '2030-03-31', status: 'beslutad', position: [17.9302, 59.4118] }
	});
	expect(created.status(), await created.text()).toBe(201);

	await page.goto('/atgarder?status=all');
	const file = await download(page, () => page.getByRole('link', { name: 'Excel (.xlsx)' }).click());
	expect(file.suggestedFilename()).toBe('atgarder.xlsx');
	const [sheet] = await sheets(file);
	expect(sheet!.sheet).toBe('Åtgärder');
	expect(sheet!.data[0]).toEqual(['Id', 'Rubrik', 'Beskrivning', 'Ansvarig organisation', 'Klart senast', 'Status', 'Status (kod)', 'Försenad', 'Plats', 'Longitud', 'Latitud', 'Ursprung', 'Ursprung (id)', 'Version', 'Ändrad (svensk tid)', 'Ändrad av']);
	const row = rowWith(sheet!, 'Rubrik', 'Belysning i gångtunneln');
	expect(row['Klart senast']).toBeInstanceOf(Date);
	expect((row['Klart senast'] as Date).toISOString()).toBe('2030-03-31T00:00:00.000Z');
	expect(row['Ändrad (svensk tid)']).toBeInstanceOf(Date);
	expect(row['Longitud']).toBe(17.9302);
	expect(row['Latitud']).toBe(59.4118);
	expect(row['Version']).toBe(1);
	expect(row['Status']).toBe('Beslutad');
	expect(row['Ansvarig organisation']).toEqual(expect.any(String));

	const csvFile = await download(page, () => page.getByRole('link', { name: 'CSV', exact: true }).click());
	const csv = readFileSync((await csvFile.path())!, 'utf8');
	expect(csv.startsWith('\uFEFFid;rubrik;beskrivning;ansvarig;klart_senast;status;status_kod;')).toBe(true);
	expect(csv).toMatch(/;Belysning i gångtunneln;Byt armaturer;[^;]+;2030-03-31;Beslutad;beslutad;nej;;17,9302;59,4118;/);

	for (const [width, height] of [[1920, 1080], [390, 844]] as const) {
		await page.setViewportSize({ width, height });
		await page.screenshot({ path: `test-results/screenshots/measures-downloads-${width}.png` });
	}
});

test('a meeting protocol’s agenda and decisions download as one workbook from the protocol page', async ({ page, request }) => {
	const { meeting } = await (await request.post('/api/meetings', { data: { title: 'Platssamverkan Husby', date: '2026-03-19', participants: [], organisationIds: [] } })).json();
	const { item } = await (await request.post(`/api/meetings/${meeting.id}/items`, { data: { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' } })).json();
	expect((await request.patch(`/api/meetings/${meeting.id}/items/${item.id}`, { data: { baseVersion: 1, notes: '=Mörkt vid entrén; 2,5 m till närmaste lampa' } })).status()).toBe(200);
	const decided = await request.post(`/api/meetings/${meeting.id}/items/${item.id}/decisions`, {
		data: { text: 'Ny belysning', measure: { title: 'Belysning vid parkeringen', ownerOrganisationId: 'sdf-jarva', dueDate: '2030-06-30' } }
	});
	expect(decided.status(), await decided.text()).toBe(201);

	await page.goto(`/mote/${meeting.id}/protokoll`);
	await expect(page.getByRole('link', { name: 'Dagordning och beslut som Excel' })).toBeVisible();
	for (const [width, height] of [[1920, 1080], [390, 844]] as const) {
		await page.setViewportSize({ width, height });
		await page.screenshot({ path: `test-results/screenshots/protocol-downloads-${width}.png` });
	}
	const file = await download(page, () => page.getByRole('link', { name: 'Dagordning och beslut som Excel' }).click());
	expect(file.suggestedFilename()).toBe('protokoll-2026-03-19.xlsx');
	const [agenda, decisions] = await sheets(file);
	expect(agenda!.sheet).toBe('Dagordning');
	expect(agenda!.data[0]).toEqual(['Mötesdatum', 'Punkt', 'Plats', 'Lager', 'Anteckningar', 'Antal beslut', 'Tillagd av']);
	const first = Object.fromEntries((agenda!.data[0] as string[]).map((h, i) => [h, agenda!.data[1]![i]]));
	expect((first['Mötesdatum'] as Date).toISOString()).toBe('2026-03-19T00:00:00.000Z');
	expect(first['Punkt']).toBe(1);
	expect(first['Antal beslut']).toBe(1);
	// Text as it was written: in .xlsx a text cell is never a formula, so nothing is prefixed.
	expect(first['Anteckningar']).toBe('=Mörkt vid entrén; 2,5 m till närmaste lampa');
	expect(decisions!.sheet).toBe('Beslut');
	const decision = rowWith(decisions!, 'Beslut', 'Ny belysning');
	expect(decision).toMatchObject({ Punkt: 1, Åtgärd: 'Belysning vid parkeringen', Status: 'Beslutad', 'Status (kod)': 'beslutad', Försenad: 'nej' });
	expect((decision['Klart senast'] as Date).toISOString()).toBe('2030-06-30T00:00:00.000Z');
	expect(decision['Beslutat (svensk tid)']).toBeInstanceOf(Date);

	// The agenda CSV keeps the neutraliser: the note cannot start a formula in a spreadsheet.
	const csv = await (await request.get(`/api/meetings/${meeting.id}/protocol?format=csv`)).text();
	expect(csv).toContain(`"'=Mörkt vid entrén; 2,5 m till närmaste lampa"`);
	expect((await request.get(`/api/meetings/${meeting.id}/protocol?format=pdf`)).status()).toBe(400);
});

test('a walk’s findings, a layer, its history and the analysis tables download as .xlsx', async ({ page, request }) => {
	const walk = await createWalk(request, 'Kvällsvandring Husby');
	const recorded = await request.post(`/api/inventories/${walk.id}/findings`, { data: finding({ category: 'belysning', severity: 3, note: 'Släckt lampa vid entrén', stopId: 's2' }) });
	expect(recorded.status(), await recorded.text()).toBe(201);
	await page.goto(`/inventering/${walk.id}/rapport`);
	await expect(page.getByRole('link', { name: 'Excel (.xlsx)' })).toBeVisible();
	for (const [width, height] of [[1920, 1080], [390, 844]] as const) {
		await page.setViewportSize({ width, height });
		await page.screenshot({ path: `test-results/screenshots/report-downloads-${width}.png` });
	}
	const file = await download(page, () => page.getByRole('link', { name: 'Excel (.xlsx)' }).click());
	const [findings] = await sheets(file);
	expect(findings!.data[0]!.slice(0, 8)).toEqual(['Nr', 'Kategori', 'Kategori (kod)', 'Allvarlighet', 'Allvarlighet (1–3)', 'Stopp (nr)', 'Stopp', 'Anteckning']);
	expect(rowWith(findings!, 'Anteckning', 'Släckt lampa vid entrén')).toMatchObject({ Nr: 1, Kategori: 'Belysning', 'Kategori (kod)': 'belysning', Allvarlighet: 'Hög', 'Allvarlighet (1–3)': 3, 'Stopp (nr)': 2, Stopp: 'Gångtunneln', Foton: 0 });
	expect(rowWith(findings!, 'Anteckning', 'Släckt lampa vid entrén')['Registrerat (svensk tid)']).toBeInstanceOf(Date);

	// The insecure places from the layer panel's link: codes beside their Swedish labels.
	const layer = await request.get('/api/layers/otrygga-platser/export?format=xlsx');
	expect(layer.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
	expect(layer.headers()['content-disposition']).toContain('otrygga-platser.xlsx');
	const [places] = (await readXlsxFile(await layer.body())) as unknown as Sheet[];
	const header = places!.data[0] as string[];
	expect(header).toEqual(expect.arrayContaining(['Namn', 'Kategori (kod)', 'Kategori', 'Stadsdel', 'Precision', 'Osäkerhet (m)', 'Exempel', 'Version', 'Longitud (mittpunkt)', 'Latitud (mittpunkt)', 'Geometri (GeoJSON)']));
	expect(header.indexOf('Kategori')).toBe(header.indexOf('Kategori (kod)') + 1);
	const place = Object.fromEntries(header.map((h, i) => [h, places!.data[1]![i]]));
	expect(['Vägen till och från bostaden', 'Parkeringsplats', 'Garage', 'Trapphus/soprum']).toContain(place['Kategori']);
	expect(typeof place['Longitud (mittpunkt)']).toBe('number');
	expect(typeof place['Osäkerhet (m)']).toBe('number');
	expect(place['Exempel']).toBe('ja');
	// The layer's CSV is for machines: our own importer reads it back (`;`, decimal points, codes).
	const csv = await (await request.get('/api/layers/otrygga-platser/export?format=csv')).body();
	expect(csv.toString('utf8').split('\r\n')[0]).toMatch(/^\uFEFF.*;category;category_sv;.*;lon;lat;geometri_geojson$/);
	const reread = await request.post('/api/layers/otrygga-platser/import?dryRun=1', {
		headers: { origin: new URL(page.url()).origin },
		multipart: { file: { name: 'otrygga-platser.csv', mimeType: 'text/csv', buffer: csv }, source: 'Lägeskartans egen export' }
	});
	expect(reread.status(), await reread.text()).toBe(200);
	expect(await reread.json()).toMatchObject({ ok: true, count: places!.data.length - 1, valid: places!.data.length - 1, categories: { unknown: [] } });
	const history = (await readXlsxFile(await (await request.get('/api/layers/otrygga-platser/history?format=xlsx')).body())) as unknown as Sheet[];
	expect(history[0]!.data[0]).toEqual(['Löpnummer', 'Objekt', 'Version', 'Händelse', 'Tid (svensk tid)', 'Av', 'Namn före', 'Namn efter', 'Geometri före (GeoJSON)', 'Geometri efter (GeoJSON)']);
	expect(history[0]!.data[1]![4]).toBeInstanceOf(Date);

	// The analysis: scenes and relations as two sheets; shares as numbers (shown as percent).
	const analysis = (await readXlsxFile(await (await request.get('/api/analysis/scenes?from=2021&to=2023&format=xlsx')).body())) as unknown as Sheet[];
	expect(analysis.map((s) => s.sheet)).toEqual(['Scener 2021–2023', 'Samband 2021–2023']);
	expect(analysis[0]!.data.slice(1).filter((r) => r[4] === 'upphört')).toHaveLength(3);
	const districts = (await readXlsxFile(await (await request.get('/api/analysis/districts?year=2023&format=xlsx')).body())) as unknown as Sheet[];
	expect(districts[0]!.data[0]).toEqual(['Stadsdel', 'År', 'Drogscener', 'Scenyta (m²)', 'Andel inom 500 m från en scen', 'Otrygga platser', 'Stadsdelens yta (m²)']);
	expect(districts[0]!.data.slice(1).every((r) => typeof r[2] === 'number' && typeof r[4] === 'number' && (r[4] as number) <= 1)).toBe(true);
	const districtsCsv = await (await request.get('/api/analysis/districts?year=2023&format=csv')).text();
	expect(districtsCsv.split('\r\n')[0]).toBe('\uFEFFstadsdel;år;drogscener;scenyta_m2;andel_inom_500_m;otrygga_platser;area_m2');
	expect(districtsCsv).toMatch(/;0,\d+;/);

	// Exports are logged as before, with the format.
	const log = await (await request.get('/api/admin/audit?action=analysis-export')).json();
	expect(log.entries.map((e: { target: string; detail: { format: string } }) => `${e.target} ${e.detail.format}`)).toEqual(
		expect.arrayContaining([`inventory ${walk.id} findings xlsx`, 'scenes 2021-2023 xlsx', 'districts 2023 xlsx', 'districts 2023 csv'])
	);
	const exports = await (await request.get('/api/admin/audit?action=layer-export')).json();
	expect(exports.entries.slice(0, 2).map((e: { target: string; detail: { format: string } }) => `${e.target} ${e.detail.format}`)).toEqual(['otrygga-platser csv', 'otrygga-platser xlsx']);
});
