/**
 * The weekly lägesbild's reports (issue 16): a property owner reports on a phone, online and
 * offline (queued in the phone, sent when the network is back), and the police sees the reports
 * on the week's map and list; a report with a personnummer is refused, says why, and nothing is
 * stored. These tests write: they run on a server of their own.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { login } from './accounts';
import { expect, mapHandle } from './fixtures';
import { testWithOwnServer as test } from './own-server';
import { PHONE, queuedEntries } from './inventory-helpers';

test.describe('a property owner reports on a phone', () => {
	test.use({ ...PHONE, account: 'demo-fastighet-redaktor' });

	test('one report online (a street found by search), one offline that waits in the phone and is sent when the network is back; the police sees both on the week', async ({ page, context, browser, baseURL, requestAs }) => {
		const suffix = randomUUID().slice(0, 8);
		await page.goto('/rapportera');
		// The reminder is there before anything is typed.
		await expect(page.getByRole('note').filter({ hasText: 'Inga personuppgifter' })).toContainText('personnummer');
		await expect(page.getByText('Rapporteras av Fastighetsägare i Järva')).toBeVisible();

		await page.getByLabel('Kategori').selectOption({ label: 'Klotter' });
		const search = page.getByRole('combobox', { name: /Sök/ });
		await search.fill('Nordkapsgatan');
		await expect(page.getByRole('option', { name: /Nordkapsgatan/ }).first()).toBeVisible();
		await search.press('Enter');
		await expect(page.locator('#report-position')).toContainText('Nordkapsgatan');
		await page.getByLabel(/Vad hände/).fill(`Nytt klotter på gaveln ${suffix}`);
		await page.screenshot({ path: 'test-results/report-form-phone.png', fullPage: true });
		await page.getByRole('button', { name: 'Skicka rapport' }).click();
		await expect(page.getByRole('status')).toHaveText('Rapporten är skickad. Tack!');
		await expect(page.getByText('Inga rapporter väntar.')).toBeVisible();

		// Without network: the report is kept in the phone.
		await context.setOffline(true);
		await page.getByLabel('Kategori').selectOption({ label: 'Trasig belysning' });
		await page.getByRole('button', { name: 'Använd min position' }).click();
		await expect(page.locator('#report-position')).toContainText('Din position');
		await page.getByLabel(/Vad hände/).fill(`Lampan vid porten är släckt ${suffix}`);
		await page.getByRole('button', { name: 'Skicka rapport' }).click();
		await expect(page.getByRole('status')).toContainText('Du är utan nät: rapporten är sparad i telefonen');
		await expect(page.getByText('väntar på att skickas')).toBeVisible();
		expect((await queuedEntries(page)).map((e) => [e.kind, e.account, e.url])).toEqual([['report-create', 'demo-fastighet-redaktor', '/api/reports']]);
		await page.screenshot({ path: 'test-results/report-form-offline.png', fullPage: true });

		await context.setOffline(false);
		await expect(page.getByText('Inga rapporter väntar.')).toBeVisible({ timeout: 30_000 });
		expect(await queuedEntries(page)).toEqual([]);

		// Each was stored once, by the property owner's organisation, in its district.
		const police = await requestAs('demo-polis-lasare');
		const { reports } = (await (await police.get('/api/reports')).json()) as { reports: { text: string; organisationName: string; district: string | null; placeName: string | null; week: string }[] };
		const mine = reports.filter((r) => r.text.endsWith(suffix));
		expect(mine.map((r) => [r.text.split(' ')[0], r.organisationName])).toEqual([
			['Nytt', 'Fastighetsägare i Järva'],
			['Lampan', 'Fastighetsägare i Järva']
		]);
		expect(mine[0]!.placeName).toBe('Nordkapsgatan');
		expect(mine[1]!.district).toBe('Husby');

		// The police sees them on the week's list and map.
		const policeContext = await browser.newContext({ baseURL, viewport: { width: 1920, height: 1080 }, locale: 'sv-SE' });
		await login(policeContext.request, new URL(baseURL!).origin, 'demo-polis-lasare');
		const policePage = await policeContext.newPage();
		await policePage.goto(`/vecka?week=${mine[0]!.week}&organisation=fastighetsagare`);
		const list = policePage.getByRole('table').filter({ has: policePage.getByRole('columnheader', { name: 'Rapporterad av' }) });
		await expect(list.getByRole('row').filter({ hasText: `Nytt klotter på gaveln ${suffix}` })).toContainText('Fastighetsägare i Järva');
		await expect(list.getByRole('row').filter({ hasText: `Lampan vid porten är släckt ${suffix}` })).toContainText('Husby');
		await mapHandle(policePage).idle();
		const onMap = await reportIdsOnMap(policePage);
		expect(onMap.length).toBeGreaterThanOrEqual(2);
		await policeContext.close();
	});

	test('the form opened once online opens again without network (a cold start), queues a report and sends it when the network is back', async ({ page, context, requestAs }) => {
		const suffix = randomUUID().slice(0, 8);
		await page.goto('/rapportera');
		// Kept in the phone as it opens online: the page, the session, the organisations, the categories.
		await expect(page.getByTestId('report-offline-ready')).toContainText('öppnas även utan nät');

		await context.setOffline(true);
		const reloaded = await page.reload();
		expect(reloaded?.fromServiceWorker(), 'the page came from the service worker').toBe(true);
		await expect(page.getByText('Rapporteras av Fastighetsägare i Järva')).toBeVisible();
		await page.getByLabel('Kategori').selectOption({ label: 'Nedskräpning' });
		await page.getByRole('button', { name: 'Använd min position' }).click();
		await expect(page.locator('#report-position')).toContainText('Din position');
		await page.getByLabel(/Vad hände/).fill(`Soppåsar vid entrén ${suffix}`);
		await page.getByRole('button', { name: 'Skicka rapport' }).click();
		await expect(page.getByRole('status')).toContainText('Du är utan nät: rapporten är sparad i telefonen');

		await context.setOffline(false);
		await expect(page.getByText('Inga rapporter väntar.')).toBeVisible({ timeout: 30_000 });
		const police = await requestAs('demo-polis-lasare');
		const { reports } = (await (await police.get('/api/reports')).json()) as { reports: { text: string; organisationName: string }[] };
		expect(reports.filter((r) => r.text.endsWith(suffix)).map((r) => r.organisationName)).toEqual(['Fastighetsägare i Järva']);
	});

	test('a personnummer in the text is pointed out as it is typed, and the report cannot be sent', async ({ page }) => {
		await page.goto('/rapportera');
		await page.getByLabel(/Vad hände/).fill('Killen 19850709-1234 sprejade');
		await expect(page.locator('#text-problem')).toContainText('ser ut som ett personnummer (19850709-XXXX)');
		await expect(page.getByRole('button', { name: 'Skicka rapport' })).toBeDisabled();
		await page.getByLabel(/Vad hände/).fill('En person sprejade på väggen');
		await expect(page.locator('#text-problem')).toHaveText('');
		await expect(page.getByRole('button', { name: 'Skicka rapport' })).toBeEnabled();
	});
});

test('a report with a personnummer is refused by the server with a message that says why, and nothing is stored', async ({ requestAs }) => {
	const owner = await requestAs('demo-fastighet-redaktor');
	const police = await requestAs('demo-polis-lasare');
	const before = ((await (await police.get('/api/reports')).json()) as { reports: unknown[] }).reports.length;
	for (const text of ['Pojken 850709-1234 klottrade', 'Se 198507091234', 'nummer 8507091234 i texten']) {
		const clientId = randomUUID();
		const response = await owner.post('/api/reports', { data: { clientId, category: 'klotter', date: '2026-11-30', time: '21:00', position: [17.9275, 59.4105], text } });
		expect(response.status(), text).toBe(400);
		const body = (await response.json()) as { message: string; param: string };
		expect(body.param).toBe('text');
		expect(body.message).toContain('personnummer');
		expect(body.message).toContain('personuppgifter');
		expect((await owner.get(`/api/reports/${clientId}`)).status()).toBe(404);
	}
	expect(((await (await police.get('/api/reports')).json()) as { reports: unknown[] }).reports.length).toBe(before);
});

async function reportIdsOnMap(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		const map = (window as any).__lageskartan.map;
		return map.querySourceFeatures('week-reports').map((f: { properties: { id: string } }) => f.properties.id);
	});
}

test('bad reports and parameters get a 400 that names the field; a change is a new version in the history, a stale one a 409; a resend is answered with the stored report', async ({ requestAs }) => {
	const owner = await requestAs('demo-fastighet-redaktor');
	const good = { category: 'klotter', date: '2026-11-30', time: '21:00', position: [17.9275, 59.4105], text: 'Klotter på elskåpet' };
	const refused: [Record<string, unknown>, string, RegExp][] = [
		[{ position: [59.4105, 17.9275] }, 'position', /bytt plats/],
		[{ category: 'finns-inte' }, 'category', /Välj en av: Skadegörelse, Klotter/],
		[{ endDate: '2026-12-02' }, 'time', /antingen en tid eller en period/],
		[{ time: null, endDate: '2026-11-01' }, 'endDate', /period/],
		[{ date: '2026-02-30' }, 'date', /inget datum/],
		[{ text: 'x' }, 'text', /minst 3 tecken/]
	];
	for (const [change, param, message] of refused) {
		const response = await owner.post('/api/reports', { data: { clientId: randomUUID(), ...good, ...change } });
		expect(response.status(), JSON.stringify(change)).toBe(400);
		const body = (await response.json()) as { param: string; message: string };
		expect(body.param).toBe(param);
		expect(body.message).toMatch(message);
	}
	const police = await requestAs('demo-polis-lasare');
	for (const query of ['week=2026-W60', 'cellSize=5', 'fdr=2', 'emergingWeeks=7', 'timeOfDay=middag']) {
		const response = await police.get(`/api/reports/week?${query}`);
		expect(response.status(), query).toBe(400);
		expect(((await response.json()) as { message: string }).message.length).toBeGreaterThan(10);
	}

	const clientId = randomUUID();
	const created = await owner.post('/api/reports', { data: { clientId, ...good } });
	expect(created.status()).toBe(201);
	const resent = await owner.post('/api/reports', { data: { clientId, ...good, text: 'Något annat' } });
	expect(resent.status()).toBe(200);
	expect(((await resent.json()) as { report: { text: string } }).report.text).toBe('Klotter på elskåpet');

	const changed = await owner.patch(`/api/reports/${clientId}`, { data: { baseVersion: 1, category: 'skadegorelse' } });
	expect(changed.status()).toBe(200);
	const stale = await owner.patch(`/api/reports/${clientId}`, { data: { baseVersion: 1, text: 'Sent ändrad' } });
	expect(stale.status()).toBe(409);
	expect(((await stale.json()) as { current: { version: number } }).current.version).toBe(2);
	const { history } = (await (await police.get(`/api/reports/${clientId}`)).json()) as { history: { version: number; action: string; changed: string[]; by: string }[] };
	expect(history.map((h) => [h.version, h.action, h.changed.includes('category')])).toEqual([
		[1, 'create', true],
		[2, 'update', true]
	]);
	expect(history[1]!.by).toContain('demo-fastighet-redaktor');
	// The police sees it but may not change it.
	const policeEditor = await requestAs('demo-polis-redaktor');
	const foreign = await policeEditor.patch(`/api/reports/${clientId}`, { data: { baseVersion: 2, text: 'Polisens text' } });
	expect(foreign.status()).toBe(403);
	expect(((await foreign.json()) as { message: string }).message).toContain('den organisation som rapporterade den, Fastighetsägare i Järva');
	expect((await owner.delete(`/api/reports/${clientId}`, { data: { baseVersion: 2 } })).status()).toBe(204);
	expect((await police.get(`/api/reports/${clientId}`)).status()).toBe(404);
});
