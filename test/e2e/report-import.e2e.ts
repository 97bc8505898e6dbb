/**
 * Reports imported from CSV (issue 16, items 2 and 8), in the browser: an (invented) Tyck till
 * export imports through a mapping and its reports appear on the week page; the same file again
 * imports nothing new; a bad file shows every row's problem and stores nothing; an oversized file
 * gets the 413's message. And the new partner kinds: a security company's redaktör reports.
 * Writes, so it uses a server of its own.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from './fixtures';
import { PHONE } from './inventory-helpers';
import { testWithOwnServer as test } from './own-server';

const SAMPLE = { name: 'tyck-till-exempel.csv', mimeType: 'text/csv', buffer: readFileSync('test/fixtures/reports/tyck-till-exempel.csv') };
const BAD = { name: 'tyck-till-fel.csv', mimeType: 'text/csv', buffer: readFileSync('test/fixtures/reports/tyck-till-fel.csv') };
const WEEK = '2026-W47';

const reportsOfWeek = async (request: APIRequestContext) =>
	((await (await request.get(`/api/reports?week=${WEEK}`)).json()) as { reports: { text: string; source: string | null; sourceId: string | null; organisationName: string }[] }).reports;

async function readFile(page: Page, source: string, file: { name: string; mimeType: string; buffer: Buffer }) {
	await page.goto('/rapportera/import');
	await page.getByLabel('Källa').fill(source);
	await page.getByLabel(/CSV-fil/).setInputFiles(file);
	await page.getByRole('button', { name: 'Läs filen' }).click();
}

test.describe('importing reports from a CSV file', () => {
	test.use({ account: 'demo-sdf-redaktor', viewport: { width: 1920, height: 1080 } });

	test('a Tyck till export imports through a mapping, shows on the week page, and the same file again imports nothing new', async ({ page, requestAs }) => {
		const police = await requestAs('demo-polis-lasare');
		const before = await reportsOfWeek(police);

		await readFile(page, 'Tyck till', SAMPLE);
		await expect(page.locator('#file-facts')).toContainText('8 rader, teckenkodning Windows-1252 (Excel, västeuropeisk), avgränsare semikolon (;)');
		await expect(page.locator('#file-facts')).toContainText('gissad från kolumnnamnen');
		// The guessed mapping: SWEREF 99 TM from the columns Nord and Öst.
		await expect(page.getByLabel('Plats anges som')).toHaveValue('sweref99tm');
		await expect(page.getByLabel('Nord (N)')).toHaveValue('Nord');
		// Two of Tyck till's case types are not the app's categories: the file cannot be imported yet.
		await expect(page.locator('#import-summary')).toContainText('3 rader har problem');
		await expect(page.getByRole('list', { name: 'Problem per rad' })).toContainText('Rad 4: Okänd kategori ”Belysning”');
		await expect(page.getByRole('button', { name: /^Importera/ })).toBeDisabled();

		await page.getByLabel('Kategori för ”Belysning”').selectOption({ label: 'Trasig belysning' });
		await expect(page.locator('#import-summary')).toContainText('1 rad har problem');
		await page.getByLabel('Kategori för ”Park - skräp”').selectOption({ label: 'Nedskräpning' });
		await expect(page.locator('#import-summary')).toContainText(`8 nya rapporter (vecka ${WEEK})`);
		await expect(page.getByRole('region', { name: 'Så blir rapporterna' })).toContainText('Tre lyktstolpar släckta');
		await page.screenshot({ path: 'test-results/report-import-desktop.png', fullPage: true });

		const results = await new AxeBuilder({ page }).analyze();
		expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

		// Keyboard: from the last category's choice to the import button with Tab, then Enter.
		await page.getByLabel('Kategori för ”Park - skräp”').focus();
		for (let i = 0; i < 10; i++) {
			await page.keyboard.press('Tab');
			if (await page.getByRole('button', { name: 'Importera 8 rapporter' }).evaluate((el) => el === document.activeElement)) break;
		}
		await expect(page.getByRole('button', { name: 'Importera 8 rapporter' })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('status')).toContainText('8 rapporter importerade från Tyck till. Kopplingen är sparad för källan.');

		// The police sees them, from the district administration, with their source.
		const after = await reportsOfWeek(police);
		expect(after.length - before.length).toBe(8);
		const imported = after.filter((r) => r.source === 'Tyck till');
		expect(imported.map((r) => r.sourceId).sort()).toEqual(['TT-2026-104511', 'TT-2026-104522', 'TT-2026-104530', 'TT-2026-104541', 'TT-2026-104555', 'TT-2026-104560', 'TT-2026-104571', 'TT-2026-104583']);
		expect(new Set(imported.map((r) => r.organisationName))).toEqual(new Set(['Järva stadsdelsförvaltning']));

		// On the week page.
		await page.getByRole('link', { name: `Se vecka ${WEEK}` }).click();
		await expect(page).toHaveURL(new RegExp(`/vecka\\?week=${WEEK}`));
		const list = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Rapporterad av' }) });
		await expect(list.getByRole('row').filter({ hasText: 'Tre lyktstolpar släckta längs gångstråket' })).toContainText('Trasig belysning');
		await expect(page.getByRole('link', { name: 'Importera rapporter (CSV)' })).toHaveAttribute('href', '/rapportera/import');
		// The export names where each imported report came from.
		const csv = await (await police.get(`/api/reports?week=${WEEK}&format=csv`)).text();
		expect(csv.split('\r\n')[0]).toContain(';kalla;kalla_id;');
		expect(csv).toContain(';Tyck till;TT-2026-104530;');

		// The same file again: the saved mapping is used, and nothing is new.
		await readFile(page, 'Tyck till', SAMPLE);
		await expect(page.locator('#file-facts')).toContainText('den sparade kopplingen för källan');
		await expect(page.locator('#import-summary')).toContainText('8 redan importerade – inget nytt att importera');
		await expect(page.getByRole('button', { name: /^Importera/ })).toBeDisabled();
		const again = await page.request.post('/api/reports/import', { headers: { origin: new URL(page.url()).origin }, data: { file: SAMPLE.buffer.toString('base64'), fileName: SAMPLE.name, source: 'Tyck till' } });
		expect(again.status()).toBe(200);
		expect(await again.json()).toMatchObject({ newCount: 0, alreadyImported: 8, imported: true });
		expect((await reportsOfWeek(police)).length).toBe(after.length);
	});

	test('a bad file shows every row’s problem and stores nothing', async ({ page, requestAs }) => {
		const police = await requestAs('demo-polis-lasare');
		const before = (await reportsOfWeek(police)).length;
		await readFile(page, 'Tyck till (felaktig export)', BAD);
		await expect(page.locator('#file-facts')).toContainText('UTF-8 med BOM');
		await expect(page.locator('#import-summary')).toContainText('5 rader har problem');
		const problems = page.getByRole('list', { name: 'Problem per rad' });
		await expect(problems).toContainText('Rad 3: Datumet ”31/2/2026” går inte att förstå');
		await expect(problems).toContainText('Rad 4: Okänd kategori ”Vattenläcka”');
		await expect(problems).toContainText('Rad 5: Platsen N 6580743,0, E 674571,9 (SWEREF 99 TM) ligger utanför Järva');
		await expect(problems).toContainText('Rad 6: Texten innehåller något som ser ut som ett personnummer (850709-XXXX)');
		await expect(problems).toContainText('Rad 7: Nord och öst ser ut att vara omkastade');
		await expect(problems).not.toContainText('1234');
		await expect(page.getByRole('region', { name: 'Filens första rader' })).toContainText('Anmälare 850709-XXXX');
		await expect(page.getByRole('button', { name: 'Importera (rätta problemen först)' })).toBeDisabled();
		await expect(page.getByRole('button', { name: /^Importera/ })).toBeDisabled();
		await page.screenshot({ path: 'test-results/report-import-problems.png', fullPage: true });

		// Sent anyway (not from the page): 422 with the rows, and nothing stored – not even the good first row.
		const refused = await page.request.post('/api/reports/import', { headers: { origin: new URL(page.url()).origin }, data: { file: BAD.buffer.toString('base64'), fileName: BAD.name, source: 'Tyck till (felaktig export)' } });
		expect(refused.status()).toBe(422);
		const body = (await refused.json()) as { message: string; problems: { row: number }[] };
		expect(body.message).toContain('inget är importerat');
		expect(body.problems.map((p) => p.row)).toEqual([3, 4, 5, 6, 7]);
		expect((await reportsOfWeek(police)).length).toBe(before);
	});

	test('a file over 2 MB gets the 413 and a message that says what to do', async ({ page }) => {
		const big = { name: 'for-stor.csv', mimeType: 'text/csv', buffer: Buffer.concat([SAMPLE.buffer, Buffer.alloc(2_100_000, 0x20)]) };
		await readFile(page, 'Tyck till', big);
		await expect(page.getByRole('alert')).toHaveText(/Filen är för stor: högst 2 MB går att importera på en gång\. Dela upp den/);
		const response = await page.request.post('/api/reports/import', { headers: { origin: new URL(page.url()).origin }, data: { file: big.buffer.toString('base64'), source: 'Tyck till' } });
		expect(response.status()).toBe(413);
	});
});

test.describe('the import on a phone', () => {
	test.use({ ...PHONE, account: 'demo-transport-redaktor' });

	test('a transport company imports its own system’s file, with coordinates in WGS84', async ({ page, requestAs }) => {
		const id = randomUUID().slice(0, 8);
		const csv = Buffer.from(`Id,Datum,Tid,Typ,Beskrivning,Lat,Lon\n${id}-1,2026-11-18,22.40,Skadegörelse,Sönderslagen ruta i buss vid hållplatsen,59.4101,17.9280\n${id}-2,18 nov 2026,06.15,Nedskräpning,Skräp på perrongen,59.3886,17.9268\n`);
		await readFile(page, 'Bussbolagets system', { name: 'buss.csv', mimeType: 'text/csv', buffer: csv });
		await expect(page.locator('#file-facts')).toContainText('teckenkodning UTF-8, avgränsare komma (,)');
		await expect(page.locator('#import-summary')).toContainText('2 nya rapporter');
		await page.screenshot({ path: 'test-results/report-import-phone.png', fullPage: true });
		await page.getByRole('button', { name: 'Importera 2 rapporter' }).click();
		await expect(page.getByRole('status')).toContainText('2 rapporter importerade');
		const own = ((await (await page.request.get(`/api/reports?week=${WEEK}`)).json()) as { reports: { organisationId: string; sourceId: string | null; time: string | null }[] }).reports;
		// The transport company sees its own reports only.
		expect(new Set(own.map((r) => r.organisationId))).toEqual(new Set(['exempel-transportforetag']));
		expect(own.map((r) => [r.sourceId, r.time])).toEqual([
			[`${id}-2`, '06:15'],
			[`${id}-1`, '22:40']
		]);
		expect((await (await requestAs('demo-polis-lasare')).get(`/api/reports?week=${WEEK}&organisation=exempel-transportforetag`)).ok()).toBe(true);
	});
});

test.describe('a security company reports', () => {
	test.use({ ...PHONE, account: 'demo-sakerhet-redaktor' });

	test('its redaktör reports from the form on a phone; the police sees it as the security company’s', async ({ page, requestAs }) => {
		const suffix = randomUUID().slice(0, 8);
		await page.goto('/rapportera');
		await expect(page.getByText('Rapporteras av Säkerhetsföretaget (exempel, påhittat)')).toBeVisible();
		await page.getByLabel('Kategori').selectOption({ label: 'Ungdomsgrupperingar' });
		await page.getByRole('button', { name: 'Använd min position' }).click();
		await expect(page.locator('#report-position')).toContainText('Din position');
		await page.getByLabel(/Vad hände/).fill(`Grupp vid entrén till köpcentrumet, väktare på plats ${suffix}`);
		await page.getByRole('button', { name: 'Skicka rapport' }).click();
		await expect(page.getByRole('status')).toHaveText('Rapporten är skickad. Tack!');
		const { reports } = (await (await (await requestAs('demo-polis-lasare')).get('/api/reports')).json()) as { reports: { text: string; organisationName: string; organisationId: string }[] };
		expect(reports.filter((r) => r.text.endsWith(suffix)).map((r) => [r.organisationId, r.organisationName])).toEqual([['exempel-sakerhetsforetag', 'Säkerhetsföretaget (exempel, påhittat)']]);
	});
});

test.describe('the new kinds of partner in the administration', () => {
	test.use({ account: 'demo-admin', viewport: { width: 1920, height: 1080 } });

	test('the system administrator adds a transport company; the list names the kinds in Swedish', async ({ page }) => {
		await page.goto('/admin#organisationer');
		await page.getByRole('tab', { name: 'Organisationer' }).click();
		const kind = page.getByLabel('Typ', { exact: true });
		await expect(kind.locator('option')).toHaveText(['Stadsdelsförvaltning', 'Polis', 'Fastighetsägare', 'Säkerhetsföretag', 'Transportföretag', 'Annan']);
		const name = `Pendeltågsbolaget ${randomUUID().slice(0, 6)} (exempel)`;
		await page.getByLabel('Namn', { exact: true }).fill(name);
		await kind.selectOption({ label: 'Transportföretag' });
		await page.getByRole('button', { name: 'Skapa organisation' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'är skapad' })).toContainText(name);
		const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Typ' }) });
		await expect(table.getByRole('row').filter({ hasText: name })).toContainText('Transportföretag');
		await expect(table.getByRole('row').filter({ hasText: 'Säkerhetsföretaget (exempel, påhittat)' })).toContainText('Säkerhetsföretag');
	});
});
