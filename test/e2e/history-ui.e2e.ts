/**
 * History and ownership where people work: notes overwritten in a meeting are restored from the
 * place's history, the meeting's own history restores who took part, a walk's emptied stops come
 * back from the planning page's history, and the map says who owns each layer and what the
 * account's organisation may do there. Screenshots go to test-results/screenshots/. These tests
 * write: they run on a server of their own.
 */
import type { APIRequestContext } from '@playwright/test';
import { expect, FLOW } from './fixtures';
import { testWithOwnServer as test } from './own-server';

test.use({ account: 'demo-sdf-redaktor' });

const SHOTS = 'test-results/screenshots';
const send = (request: APIRequestContext, method: 'post' | 'patch', url: string, data: unknown) =>
	request[method](url, { data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });

async function made<T>(response: Awaited<ReturnType<APIRequestContext['post']>>, key: string): Promise<T> {
	expect(response.status(), await response.text()).toBeLessThan(300);
	return ((await response.json()) as Record<string, unknown>)[key] as T;
}

test.describe('history in the meeting view', () => {
	test.use({ viewport: FLOW });

	test('notes another participant overwrote are restored from the place’s history', async ({ page, request, requestAs }) => {
		const meeting = await made<{ id: string }>(await send(request, 'post', '/api/meetings', { title: 'Platssamverkan Husby', date: '2026-03-12', participants: [], organisationIds: ['polis-jarva'] }), 'meeting');
		const item = await made<{ id: string }>(await send(request, 'post', `/api/meetings/${meeting.id}/items`, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }), 'item');
		await made(await send(request, 'patch', `/api/meetings/${meeting.id}/items/${item.id}`, { baseVersion: 1, notes: 'Belysningen trasig sedan mars; fastighetsägaren kontaktad.' }), 'item');
		await made(await send(await requestAs('demo-polis-redaktor'), 'patch', `/api/meetings/${meeting.id}/items/${item.id}`, { baseVersion: 2, notes: '' }), 'item');

		await page.goto(`/mote/${meeting.id}?plats=${item.id}`);
		const notes = page.getByRole('textbox', { name: /Anteckningar för/ });
		await expect(notes).toHaveValue('');
		const history = page.locator('[data-history="item"]');
		await history.getByText('Anteckningarnas historik').click();
		await expect(history.locator('li[data-version="3"]')).toContainText('ändrad: anteckningar');
		await expect(history.locator('li[data-version="3"]')).toContainText('demo-polis-redaktor');
		await expect(history.locator('li[data-version="3"]')).toContainText('gäller nu');
		await expect(history.locator('li[data-version="2"]')).toContainText('Belysningen trasig sedan mars');
		await history.screenshot({ path: `${SHOTS}/history-notes.png` });
		await history.getByRole('button', { name: 'Återställ version 2' }).click();
		await expect(notes).toHaveValue('Belysningen trasig sedan mars; fastighetsägaren kontaktad.');
		await expect(history.locator('li[data-version="4"]')).toContainText('återställd: anteckningar');
		await expect(history.locator('li[data-version="4"]')).toContainText('demo-sdf-redaktor');
		const stored = (await (await request.get(`/api/meetings/${meeting.id}`)).json()).meeting.items[0];
		expect(stored).toMatchObject({ version: 4, notes: 'Belysningen trasig sedan mars; fastighetsägaren kontaktad.' });
	});

	test('the meeting’s history names what each version changed; the owner restores who took part, a participant may not', async ({ page, request, requestAs }) => {
		const meeting = await made<{ id: string }>(await send(request, 'post', '/api/meetings', { title: 'Platssamverkan Tensta', date: '2026-03-19', participants: [], organisationIds: ['polis-jarva', 'fastighetsagare'] }), 'meeting');
		await made(await send(request, 'patch', `/api/meetings/${meeting.id}`, { baseVersion: 1, organisationIds: ['sdf-jarva', 'polis-jarva'] }), 'meeting');

		await page.goto(`/mote/${meeting.id}`);
		await expect(page.locator('[data-meeting-owner]')).toHaveText('Järva stadsdelsförvaltning');
		const history = page.locator('[data-history="meeting"]');
		await history.getByText('Mötets historik').click();
		await expect(history.locator('li[data-version="2"]')).toContainText('ändrad: organisationer');
		await expect(history.locator('li[data-version="1"]')).toContainText('Fastighetsägare i Järva');
		await history.getByRole('button', { name: 'Återställ version 1' }).click();
		await expect(history.locator('li[data-version="3"]')).toContainText('återställd: organisationer');
		await expect(page.locator('.facts')).toContainText('Fastighetsägare i Järva');
		expect((await (await (await requestAs('demo-fastighet-lasare')).get(`/api/meetings/${meeting.id}`)).json()).meeting.version).toBe(3);

		// A participant may not: who takes part is the owner's.
		const participant = await requestAs('demo-polis-redaktor');
		const refused = await send(participant, 'post', `/api/meetings/${meeting.id}/restore`, { version: 2, baseVersion: 3 });
		expect(refused.status()).toBe(403);
	});
});

test.describe('history of a walk', () => {
	test('stops another participant removed come back from the planning page’s history, with a new route', async ({ page, request, requestAs }) => {
		const walk = await made<{ id: string }>(
			await send(request, 'post', '/api/inventories', { title: 'Kvällsvandring Husby', area: { kind: 'district', name: 'Husby' }, startsAt: '2026-05-14T16:30:00.000Z', organisationIds: ['polis-jarva'], purpose: '' }),
			'inventory'
		);
		const stops = [
			{ id: 's1', name: 'Husby centrum', position: [17.9255, 59.4098] },
			{ id: 's2', name: 'Gångtunneln', position: [17.9302, 59.4118] },
			{ id: 's3', name: 'Parkeringen', position: [17.9221, 59.4081] }
		];
		await made(await send(request, 'patch', `/api/inventories/${walk.id}`, { baseVersion: 1, stops }), 'inventory');
		await made(await send(await requestAs('demo-polis-redaktor'), 'patch', `/api/inventories/${walk.id}`, { baseVersion: 2, stops: [] }), 'inventory');

		await page.goto(`/inventering/${walk.id}`);
		await expect(page.getByTestId('walk-owner')).toHaveText('(ägare: Järva stadsdelsförvaltning)');
		await expect(page.getByText('Inga stopp än.')).toBeVisible();
		const history = page.locator('[data-history="inventory"]');
		await history.getByText('Planeringens historik').click();
		await expect(history.locator('li[data-version="3"]')).toContainText('ändrad: stopp');
		await expect(history.locator('li[data-version="2"]')).toContainText('Stopp: Husby centrum, Gångtunneln, Parkeringen');
		await history.getByRole('button', { name: 'Återställ version 2' }).click();
		await expect(page.getByLabel('Namn på stopp 3')).toBeVisible();
		await expect(page.getByTestId('route-summary')).toContainText('Rundan:');
		await history.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `${SHOTS}/history-walk.png` });
		const { inventory } = await (await request.get(`/api/inventories/${walk.id}`)).json();
		expect(inventory).toMatchObject({ version: 4, stops: stops });
	});

	test('an organisation not taking part reads the walk and is told why it cannot plan it', async ({ request, requestAs, browser, baseURL }) => {
		const walk = await made<{ id: string }>(
			await send(request, 'post', '/api/inventories', { title: 'Stadens vandring', area: { kind: 'district', name: 'Kista' }, startsAt: '2026-06-01T16:30:00.000Z', organisationIds: ['sdf-jarva'], purpose: '' }),
			'inventory'
		);
		const context = await browser.newContext({ baseURL });
		try {
			await (await import('./accounts')).login(context.request, new URL(baseURL!).origin, 'demo-fastighet-redaktor');
			const page = await context.newPage();
			await page.goto(`/inventering/${walk.id}`);
			await expect(page.getByTestId('not-participating')).toContainText('Din organisation deltar inte i inventeringen');
			await expect(page.getByRole('button', { name: 'Lägg till stopp i kartans mitt' })).toHaveCount(0);
			const history = page.locator('[data-history="inventory"]');
			await history.getByText('Planeringens historik').click();
			await expect(history.locator('li[data-version="1"]')).toContainText('skapad');
			await expect(history.getByRole('button', { name: /Återställ/ })).toHaveCount(0);
		} finally {
			await context.close();
		}
		expect((await (await requestAs('demo-fastighet-redaktor')).get(`/api/inventories/${walk.id}`)).status()).toBe(200);
	});
});

test.describe('ownership on the map', () => {
	test.use({ account: 'demo-fastighet-redaktor' });

	test('the layer panel names each layer’s owner; editing offers only layers the organisation may write in, and import cannot replace what it only contributes to', async ({ page, map }) => {
		await page.goto('/?lager=stadsdelar,omradesklassning,otrygga-platser');
		await map.idle();
		await expect(page.locator('[data-layer-owner="omradesklassning"]')).toHaveText('Ägare: Lokalpolisområde Järva.');
		await expect(page.locator('[data-layer-owner="otrygga-platser"]')).toHaveText('Ägare: Järva stadsdelsförvaltning. Bidrar: Fastighetsägare i Järva, Lokalpolisområde Järva.');
		await page.screenshot({ path: `${SHOTS}/layer-owners.png` });

		await page.keyboard.press('e');
		await expect(page.getByRole('heading', { name: 'Redigera' })).toBeVisible();
		// Of the seeded layers only the insecure places (other writing tests on this server may have made layers it contributes to).
		const offered = page.getByLabel('Lager att redigera').locator('option:not([value=""])');
		await expect(offered.filter({ hasText: 'Otrygga platser (exempel)' })).toHaveCount(1);
		await expect(offered.filter({ hasText: /Stadsdelar|områdesklassning|drogscener/ })).toHaveCount(0);
		await page.getByLabel('Lager att redigera').selectOption('otrygga-platser');
		await expect(page.locator('[data-layer-right]')).toContainText('Din organisation får bidra: lägga till objekt och ändra eller ta bort sina egna.');
		await page.getByText('Importera fil').click();
		await page.locator('section.import').getByRole('combobox', { name: 'Lager' }).selectOption('otrygga-platser');
		await expect(page.getByLabel('Ersätt alla med filens')).toBeDisabled();
		await expect(page.getByText('Att ersätta alla kräver rätt att redigera hela lagret')).toBeVisible();
		await page.screenshot({ path: `${SHOTS}/edit-contribute.png` });
	});
});
