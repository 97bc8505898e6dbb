/**
 * The yearly lägesbild through the real server: each reader's PDF (read with pdftotext), its
 * drug-scene paragraph against the analysis API, a property owner's edition without scenes, the
 * same bytes from two servers seeded alike, and the page that edits the summary. Writes the
 * summary, so it runs on a server of its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { startServer, testWithOwnServer as test } from './own-server';
import { expect } from './fixtures';
import { login } from './accounts';

const PDF = '/api/lagesbild/2023.pdf';
const NUMBER_WORDS = ['noll', 'en', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio', 'tio'];

function pdfText(pdf: Buffer): string {
	const dir = mkdtempSync(join(tmpdir(), 'lagesbild-e2e-'));
	try {
		writeFileSync(join(dir, 'a.pdf'), pdf);
		return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' })
			.replace(/[\s\u00ad]+/g, ' ')
			.replace(/([-/]) /g, '$1');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function seriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function pdfOf(request: APIRequestContext): Promise<Buffer> {
	const response = await request.get(PDF);
	expect(response.status(), await response.text().catch(() => '')).toBe(200);
	expect(response.headers()['content-type']).toBe('application/pdf');
	expect(response.headers()['content-disposition']).toContain('filename="lagesbild-jarva-2023.pdf"');
	return response.body();
}

/**
 * The shared server (playwright.config.ts): the read-only files leave it as seeded. This file's own
 * server is shared with the other writing files, which draw scenes and add a 2024 layer on it, so
 * what depends on the seeded scenes is read from the shared one.
 */
const SHARED = `http://127.0.0.1:${process.env.E2E_PORT ?? 4317}`;

test.describe('the lägesbild as a PDF', () => {
	test('the police’s edition: the drug-scene paragraph agrees with the analysis API', async ({ playwright }) => {
		const police = await playwright.request.newContext({ baseURL: SHARED, extraHTTPHeaders: { origin: SHARED } });
		await login(police, SHARED, 'demo-polis-lasare');
		const text = pdfText(await pdfOf(police));
		const analysis = await (await police.get('/api/analysis/scenes?from=2021&to=2023')).json();
		const start = text.indexOf('Öppna drogscener År 2023');
		const section = text.slice(start, text.indexOf('Otrygga platser', start));
		expect(section.length).toBeGreaterThan(200);
		type Scene = { name: string; status: string; year: number };
		const scenes = analysis.scenes as Scene[];
		const count = (predicate: (s: Scene) => boolean) => NUMBER_WORDS[scenes.filter(predicate).length];
		expect(section).toContain(`År 2023 finns ${count((s) => s.year === 2023)} öppna drogscener`);
		for (const scene of scenes) expect(section).toContain(scene.name);
		const ceased = scenes.filter((s) => s.status === 'ceased').map((s) => s.name);
		expect(section).toMatch(new RegExp(`${count((s) => s.status === 'ceased')!.replace(/^./, (c) => c.toUpperCase())} har upphört`));
		for (const name of ceased) expect(section).toContain(name);
		expect(section).toContain('kandidater, inte bevisade');
		expect(text).toContain('utgåva för Lokalpolisområde Järva');
		await police.dispose();
	});

	test('a property owner’s edition has no drug scenes at all', async ({ requestAs }) => {
		const text = pdfText(await pdfOf(await requestAs('demo-fastighet-lasare')));
		expect(text).toContain('Lägesbild Järva 2023');
		expect(text).toContain('Prioriterade samverkansområden');
		expect(text).not.toMatch(/drogscen/i);
		expect(text).not.toContain('Husby C');
	});

	test('the same data gives the same bytes: twice, and from another server seeded alike', async ({ playwright }) => {
		// Two servers holding the same data: the shared one and one started now.
		const shared = SHARED;
		const fresh = await startServer();
		const contexts: APIRequestContext[] = [];
		const loggedIn = async (origin: string) => {
			const request = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { origin } });
			contexts.push(request);
			await login(request, origin, 'demo-polis-redaktor');
			return request;
		};
		try {
			const first = await pdfOf(await loggedIn(shared));
			const again = await (await loggedIn(shared)).get(PDF);
			expect(again.headers()['server-timing']).toContain('hit');
			expect(Buffer.compare(first, await again.body())).toBe(0);
			expect(Buffer.compare(first, await pdfOf(await loggedIn(fresh.origin)))).toBe(0);
		} finally {
			for (const request of contexts) await request.dispose();
			fresh.stop();
		}
	});

	test('bad requests get a Swedish message, and nothing is written', async ({ requestAs }) => {
		const sdf = await requestAs('demo-sdf-redaktor');
		expect((await sdf.get('/api/lagesbild/20x3.pdf')).status()).toBe(400);
		const badYear = await sdf.get('/api/lagesbild/1999/summary');
		expect(badYear.status()).toBe(400);
		expect((await badYear.json()).message).toContain('inget årtal för en lägesbild');
		const before = (await (await sdf.get('/api/lagesbild/2030/summary')).json()).summary;
		expect(before.version).toBe(0);
		const blank = await sdf.put('/api/lagesbild/2030/summary', { data: { baseVersion: 0, sections: [{ title: '  ', body: 'x' }] } });
		expect(blank.status()).toBe(400);
		expect((await blank.json()).message).toContain('varje avsnitt behöver en rubrik');
		const tooMany = await sdf.put('/api/lagesbild/2030/summary', { data: { baseVersion: 0, sections: Array.from({ length: 21 }, () => ({ title: 'A', body: '' })) } });
		expect(tooMany.status()).toBe(400);
		expect((await tooMany.json()).message).toContain('högst 20 avsnitt');
		const owner = await (await requestAs('demo-fastighet-redaktor')).put('/api/lagesbild/2030/summary', { data: { baseVersion: 0, sections: [] } });
		expect(owner.status()).toBe(403);
		expect((await owner.json()).message).toContain('stadsdelsförvaltningen och polisen');
		const saved = await sdf.put('/api/lagesbild/2030/summary', { data: { baseVersion: 0, sections: [{ title: 'Läget', body: 'Ett stycke.' }] } });
		expect(saved.status()).toBe(200);
		const stale = await sdf.put('/api/lagesbild/2030/summary', { data: { baseVersion: 0, sections: [] } });
		expect(stale.status()).toBe(409);
		expect((await stale.json()).message).toContain('har ändrats sedan version 0');
		const after = (await (await sdf.get('/api/lagesbild/2030/summary')).json()).summary;
		expect(after).toMatchObject({ version: 1, sections: [{ title: 'Läget', body: 'Ett stycke.' }] });
		expect((await (await sdf.get('/api/lagesbild/2030/summary/history')).json()).history).toHaveLength(1);
	});
});

test.describe('the lägesbild page, as a police redaktör', () => {
	test.use({ account: 'demo-polis-redaktor' });
	test('edits the summary, and the PDF says what was saved', async ({ page }) => {
		await page.setViewportSize({ width: 1920, height: 1080 });
		await page.goto('/lagesbild?ar=2023');
		await expect(page.getByRole('heading', { name: 'Lägesbild Järva 2023' })).toBeVisible();
		await page.getByRole('button', { name: 'Lägg till avsnitt' }).click();
		const added = page.getByRole('group', { name: /Avsnitt 3/ });
		await added.getByLabel('Rubrik').fill('Polisens bedömning');
		await added.getByLabel(/Text/).fill('Första stycket.\n\nAndra stycket om läget i Husby.');
		await expect(page.getByText('Osparade ändringar')).toBeVisible();
		await page.getByRole('button', { name: 'Spara sammanfattningen' }).click();
		await expect(page.getByRole('status')).toContainText('Sparat som version');
		await page.screenshot({ path: 'test-results/screenshots/lagesbild-1920.png', fullPage: true });
		expect(await seriousViolations(page)).toEqual([]);

		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Hämta PDF – Lägesbild Järva 2023' }).click();
		const file = await download;
		expect(file.suggestedFilename()).toBe('Lägesbild Järva 2023.pdf');
		const text = pdfText(readFileSync((await file.path())!));
		expect(text).toContain('Polisens bedömning');
		expect(text).toContain('Andra stycket om läget i Husby.');

		// the history shows the version and restores the one before (as a new version)
		await page.getByText('Sammanfattningens historik').click();
		await expect(page.locator('[data-history="report-summary"] li').first()).toContainText('Polisens bedömning');
	});
});

test.describe('the lägesbild page, as a property owner', () => {
	test.use({ account: 'demo-fastighet-lasare' });
	test('reads the summary without a form; the page fits a phone', async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto('/lagesbild');
		await expect(page.getByRole('heading', { name: 'Sammanfattning' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Spara sammanfattningen' })).toHaveCount(0);
		await expect(page.getByText('skrivs av stadsdelsförvaltningens och polisens redaktörer')).toBeVisible();
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.screenshot({ path: 'test-results/screenshots/lagesbild-390.png', fullPage: true });
		// the year is in the address
		await page.getByLabel('År').selectOption('2024');
		await expect(page).toHaveURL(/ar=2024/);
		await expect(page.getByText('Ingen sammanfattning för 2024.')).toBeVisible();
	});
});

const TABLE = [
	'indikator;område;år;värde;enhet;källa;anmärkning',
	'Anmälda brott (e2e);Husby;2021;612;antal;Testkälla e2e;',
	'Anmälda brott (e2e);Husby;2022;588,5;antal;Testkälla e2e;',
	'Anmälda brott (e2e);Kista;2022;1 204;antal;Testkälla e2e;',
	'Anmälda brott (e2e);Järva;2022;4 100;antal;Testkälla e2e;hela området'
].join('\n');

test.describe('indicators', () => {
	test('computed from the app: the walks’ findings and the weekly reports per district; the demo’s invented reports are marked so', async ({ requestAs }) => {
		const response = await (await requestAs('demo-polis-lasare')).get('/api/indicators');
		expect(response.status()).toBe(200);
		const { indicators } = (await response.json()) as { indicators: { id: string; example: boolean; origin?: string; values: unknown[] }[] };
		const reports = indicators.find((i) => i.id === 'rapporter-per-stadsdel');
		expect(reports).toMatchObject({ origin: 'computed', example: true });
		expect(reports!.values.length).toBeGreaterThan(0);
		expect(indicators.map((i) => i.id)).toEqual(expect.arrayContaining(['drogscener-per-stadsdel', 'rapporter-per-stadsdel']));
	});

	test('a bad table is refused row by row and nothing is written; a good one is previewed, then imported', async ({ requestAs }) => {
		const sdf = await requestAs('demo-sdf-redaktor');
		const bad = await sdf.post('/api/indicators/import', {
			data: { csv: 'indikator,område,år,värde,enhet,källa\nX,Husby,2022,"1,5",antal,K\nX,Husby,2022,2,antal,K\nX,Gotham,2022,1,antal,K\nX,Kista,2022,tolv,antal,K', file: 'fel.csv' }
		});
		expect(bad.status()).toBe(422);
		const refused = await bad.json();
		expect(refused.message).toContain('3 problem; inget är importerat');
		expect(refused.problems.map((p: { row: number }) => p.row)).toEqual([3, 4, 5]);
		expect(refused.problems[1].message).toContain('okänt område ”Gotham”');
		const listed = async () => ((await (await sdf.get('/api/indicators')).json()).indicators as { origin: string; id: string }[]).filter((i) => i.origin === 'imported');
		expect(await listed()).toEqual([]);
		const preview = await sdf.post('/api/indicators/import', { data: { csv: TABLE, file: 'brott.csv', dryRun: true } });
		expect(await preview.json()).toMatchObject({ rows: 4, preview: [{ id: 'anmalda-brott-e2e', isNew: true, added: 4 }] });
		expect(await listed()).toEqual([]);
		const owner = await (await requestAs('demo-fastighet-redaktor')).post('/api/indicators/import', { data: { csv: TABLE } });
		expect(owner.status()).toBe(403);
	});

	test.describe('on the page', () => {
		test.use({ account: 'demo-sdf-redaktor' });
		test('imported through the page: the chart’s, the table’s and the document’s numbers are the table’s', async ({ page, request }) => {
			await page.setViewportSize({ width: 1920, height: 1080 });
			await page.goto('/indikatorer');
			await page.getByLabel('eller klistra in tabellen').fill(TABLE);
			await page.getByRole('button', { name: 'Förhandsgranska' }).click();
			await expect(page.getByTestId('import-preview')).toContainText('Anmälda brott (e2e): ny indikator – 4 nya');
			await page.getByRole('button', { name: 'Importera', exact: true }).click();
			await expect(page.getByText('Importerat: Anmälda brott (e2e)')).toBeVisible();
			await page.getByRole('combobox', { name: /^Indikator/ }).selectOption('anmalda-brott-e2e');
			await expect(page).toHaveURL(/indikator=anmalda-brott-e2e/);
			await expect(page.getByTestId('indicator-source')).toContainText('Källa: Testkälla e2e');
			const chart = page.getByTestId('indicator-chart').locator('svg');
			await expect(chart).toBeVisible();
			const labels = (await chart.locator('text').allTextContents()).map((t) => t.replace(/\u00a0/g, ' ').trim());
			for (const value of ['612', '588,5', '1 204', '4 100']) expect(labels).toContain(value);
			const rows = await page.getByTestId('indicator-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.replace(/\u00a0/g, ' ').trim())));
			expect(rows).toEqual([
				['Husby', '612', '588,5'],
				['Järva', '–', '4 100'],
				['Kista', '–', '1 204']
			]);
			// the choropleth of 2022 names each district's value
			const map = (await page.getByTestId('indicator-map').locator('svg text').allTextContents()).join(' ').replace(/\u00a0/g, ' ');
			expect(map).toContain('Kista');
			expect(map).toContain('1 204');
			await page.screenshot({ path: 'test-results/screenshots/indikatorer-1920.png', fullPage: true });
			expect(await seriousViolations(page)).toEqual([]);
			await page.setViewportSize({ width: 390, height: 844 });
			await page.reload();
			await expect(page.getByTestId('indicator-chart').locator('svg')).toBeVisible();
			expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
			await page.screenshot({ path: 'test-results/screenshots/indikatorer-390.png', fullPage: true });

			const text = pdfText(await pdfOf(request));
			expect(text).toContain('Anmälda brott (e2e)');
			expect(text.replace(/\u00a0/g, ' ')).toMatch(/Husby 612 588,5/);
			expect(text).toContain('Källa: Testkälla e2e');
		});
	});
});

test.describe('the action plan', () => {
	test.use({ account: 'demo-sdf-redaktor' });
	test('an area is edited on the page, a priority linked to a place; each reader’s edition shows the link only if they see the place', async ({ page, request, requestAs }) => {
		await page.setViewportSize({ width: 1920, height: 1080 });
		await page.goto('/handlingsplan?ar=2023');
		await expect(page.getByRole('heading', { name: 'Otrygga och brottsutsatta platser' })).toBeVisible();
		await expect(page.locator('[data-area="otrygga-platser"]')).toContainText('Ur: Lägesbild Järva 2023, Prioriterade samverkansområden: Otrygga och brottsutsatta platser');
		await page.getByRole('button', { name: 'Ändra ”Otrygga och brottsutsatta platser”' }).click();
		const form = page.getByRole('form', { name: 'Ändra Otrygga och brottsutsatta platser' });
		await form.getByRole('checkbox', { name: /ingår i åtgärdsplanen/ }).check();
		await form.getByRole('button', { name: 'Lägg till prioritering' }).click();
		const added = form.getByRole('group', { name: 'Prioritering 5' });
		await added.getByLabel('Prioritering 5').fill('Extra belysning och städning vid platsen.');
		await added.getByLabel('Platser').selectOption({ label: 'Nordkapsgatan, Husby (Öppna drogscener 2023)' });
		await form.getByRole('button', { name: 'Spara' }).click();
		const area = page.locator('[data-area="otrygga-platser"]');
		await expect(area.getByRole('status')).toContainText('Sparat som version 1');
		await expect(area).toContainText('Plats: Nordkapsgatan, Husby');
		await page.screenshot({ path: 'test-results/screenshots/handlingsplan-1920.png', fullPage: false });
		expect(await seriousViolations(page)).toEqual([]);
		// the form too, with its lists of measures and places
		await page.getByRole('button', { name: 'Ändra ”Unga i riskzon för destruktivt beteende”' }).click();
		expect(await seriousViolations(page)).toEqual([]);
		await page.getByRole('button', { name: 'Avbryt' }).click();

		const police = pdfText(await pdfOf(await requestAs('demo-polis-lasare')));
		expect(police).toContain('Extra belysning och städning vid platsen.');
		expect(police).toContain('Nordkapsgatan, Husby');
		const owner = await requestAs('demo-fastighet-lasare');
		const plan = await (await owner.get('/api/plan/2023')).json();
		const item = plan.areas.find((a: { id: string }) => a.id === 'otrygga-platser').priorities.at(-1);
		expect(item).toEqual({ text: 'Extra belysning och städning vid platsen.', measures: [], places: [] });
		const ownerText = pdfText(await pdfOf(owner));
		expect(ownerText).toContain('Extra belysning och städning vid platsen.');
		expect(ownerText).not.toMatch(/drogscen|Nordkapsgatan, Husby/i);

		// a link to a place that is not there is a Swedish 400, and nothing is saved
		const now = (await (await request.get('/api/plan/2023')).json()).areas.find((a: { id: string }) => a.id === 'otrygga-platser');
		const bad = await request.put('/api/plan/2023/areas/otrygga-platser', {
			data: { baseVersion: now.version, description: 'x', collaborators: 'x', goals: [], workForms: [], comment: '', results: [], priorities: [{ text: 'X', measureIds: [], places: [{ layerId: 'otrygga-platser', featureId: 'finns-inte' }] }] }
		});
		expect(bad.status()).toBe(400);
		expect((await bad.json()).message).toContain('Prioritering 1: platsen finns-inte');
		expect((await (await request.get('/api/plan/2023')).json()).areas.find((a: { id: string }) => a.id === 'otrygga-platser').version).toBe(now.version);

		await page.setViewportSize({ width: 390, height: 844 });
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Unga i riskzon för destruktivt beteende' })).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
		await page.screenshot({ path: 'test-results/screenshots/handlingsplan-390.png' });
	});
});
