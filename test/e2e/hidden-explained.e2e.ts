/**
 * Issue 13 item 5: what is hidden is said precisely, where the person looks. A property owner in a
 * meeting whose agenda has a drug scene (a layer property owners may not see) reads that a
 * decision exists there and whom to ask, and reaches the measure assigned to them, which shows
 * where to act without the scene's shape or name. A police reader in field mode sees why the
 * record buttons are missing where they would be, without scrolling. These tests write.
 */
import type { APIRequestContext } from '@playwright/test';
import { expect } from './fixtures';
import { createWalk, PHONE } from './inventory-helpers';
import { testWithOwnServer as test } from './own-server';

const SHOTS = 'test-results/screenshots';
const send = (request: APIRequestContext, url: string, data: unknown) => request.post(url, { data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });

test.describe('a property owner and a place they may not see', () => {
	test.use({ account: 'demo-fastighet-lasare', viewport: { width: 1920, height: 1080 } });

	test('the meeting says a decision exists on a hidden place and whom to ask; the measure assigned to them shows where to act', async ({ page, requestAs }) => {
		const sdf = await requestAs('demo-sdf-redaktor');
		const created = await send(sdf, '/api/meetings', { title: 'Platssamverkan med fastighetsägare', date: '2026-03-12', participants: [], organisationIds: ['fastighetsagare', 'polis-jarva'] });
		const { meeting } = await created.json();
		const added = await send(sdf, `/api/meetings/${meeting.id}/items`, { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-kista-c' });
		const { item } = await added.json();
		const decided = await send(sdf, `/api/meetings/${meeting.id}/items/${item.id}/decisions`, {
			text: 'Fastighetsägaren lagar belysningen vid busstorget',
			measure: { title: 'Laga belysningen', ownerOrganisationId: 'fastighetsagare', dueDate: '2026-06-30', status: 'beslutad' }
		});
		expect(decided.status()).toBe(201);

		await page.goto(`/mote/${meeting.id}?plats=${item.id}`);
		await expect(page.locator('#place-title')).toHaveText('Dold plats');
		await expect(page.locator('.hidden-why')).toHaveText('1 beslut finns på en plats i ett lager du inte ser – fråga samordnaren (Järva stadsdelsförvaltning).');
		await expect(page.getByText('Inga beslut ännu')).toHaveCount(0);
		await expect(page.locator('.place')).not.toContainText('busstorget');
		await page.screenshot({ path: `${SHOTS}/hidden-meeting-item.png` });

		await page.getByRole('link', { name: 'Laga belysningen' }).click();
		await expect(page.getByRole('heading', { name: 'Laga belysningen' })).toBeVisible();
		await expect(page.locator('dl')).toContainText('En plats i ett lager din organisation inte får se. Kartan visar var ni ska agera, avrundat till ungefär 100 m');
		await expect(page.getByRole('region', { name: 'Åtgärdens plats' })).toBeVisible();
		await expect(page.locator('main')).not.toContainText('Kista C');
		await page.screenshot({ path: `${SHOTS}/hidden-measure.png` });
	});
});

test.describe('a police reader in field mode', () => {
	test.use({ account: 'demo-polis-lasare', ...PHONE });

	test('sees why there are no record buttons where they would be, without scrolling', async ({ page, requestAs }) => {
		const walk = await createWalk(await requestAs('demo-sdf-redaktor'));
		await page.goto(`/inventering/${walk.id}/falt`);
		const why = page.getByTestId('why-no-record');
		await expect(why).toContainText('kräver rollen redaktör');
		await expect(page.getByRole('button', { name: 'Nytt fynd här' })).toHaveCount(0);
		const box = (await why.boundingBox())!;
		expect(box.y + box.height).toBeLessThanOrEqual(844);
		expect(await page.evaluate(() => window.scrollY)).toBe(0);
		await page.screenshot({ path: `${SHOTS}/field-reader-why.png` });
	});
});
