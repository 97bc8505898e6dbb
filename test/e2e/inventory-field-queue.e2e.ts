/**
 * The phone's queue of findings in the field mode: its entries belong to the account that made
 * them (never sent under another login), an entry the server refuses is held for a person
 * ("Försök igen", "Släng") without holding up the rest, and a queue that spans two walks sends
 * each entry to its own walk, conflicts included.
 */
import type { Page } from '@playwright/test';
import { login } from './accounts';
import { testWithOwnServer as test } from './own-server';
import { expect } from './fixtures';
import { createWalk, finding, PHONE, pngImage, queuedEntries, record } from './inventory-helpers';

test.use(PHONE);

async function openField(page: Page, walkId: string) {
	await page.goto(`/inventering/${walkId}/falt`);
	await expect(page.getByTestId('offline-ready')).toContainText('Sparad för offline', { timeout: 30_000 });
	await expect(page.getByText(/Din position: ±\d+ m/)).toBeVisible();
}

async function logout(page: Page) {
	await page.goto('/inventering');
	await page.getByRole('button', { name: /^Konto:/ }).click();
	await page.getByRole('button', { name: 'Logga ut' }).click();
}

test("findings one account queued offline are not sent under the next account's login, but when that account logs in again", async ({ page, context, request, baseURL }) => {
	const origin = new URL(baseURL!).origin;
	const walk = await createWalk(request);
	const status = page.getByTestId('sync-status');
	await openField(page, walk.id);

	await context.setOffline(true);
	await page.getByRole('button', { name: 'Nytt fynd här' }).click();
	await record(page, { category: 'Belysning', severity: 'Hög', note: 'Registrerat av administratören', photo: pngImage(640, 480) });
	await expect(status).toHaveText('Offline – 1 fynd väntar på att skickas');
	expect((await queuedEntries(page)).map((e) => [e.kind, e.account])).toEqual([
		['finding-create', 'demo-admin'],
		['photo', 'demo-admin']
	]);

	// Back to the walk list without network (kept for the field), then the network returns there.
	await page.goto('/inventering');
	await context.setOffline(false);
	await page.getByRole('button', { name: /^Konto:/ }).click();
	await page.getByRole('button', { name: 'Logga ut' }).click();
	const warning = page.getByRole('alert').filter({ hasText: 'har inte skickats' });
	await expect(warning).toContainText('1 fynd som du har registrerat har inte skickats än.');
	await expect(warning).toContainText('De ligger kvar i telefonen och skickas när du (demo-admin) loggar in igen');
	await page.screenshot({ path: 'test-results/inventory-field-logout-warning.png' });
	await warning.getByRole('button', { name: 'Logga ut ändå' }).click();
	await expect(page.getByRole('button', { name: 'Logga in' })).toBeVisible();

	// Someone else logs in on the same phone and opens the walk, online.
	await login(context.request, origin, 'demo-polis-redaktor');
	await openField(page, walk.id);
	await expect(page.getByTestId('other-accounts')).toHaveText('1 fynd från ett annat konto väntar – logga in som demo-admin för att skicka dem.');
	await expect(status).toHaveText('Online – alla fynd är skickade');
	await page.getByRole('button', { name: 'Nytt fynd här' }).click();
	await record(page, { category: 'Nedskräpning', severity: 'Låg', note: 'Registrerat av polisen' });
	await expect(status).toHaveText('Online – alla fynd är skickade');
	const asPolice = (await (await request.get(`/api/inventories/${walk.id}`)).json()).inventory.findings;
	expect(asPolice.map((f: { note: string; createdBy: string }) => [f.note, f.createdBy])).toEqual([['Registrerat av polisen', expect.stringContaining('(demo-polis-redaktor)')]]);
	expect((await queuedEntries(page)).map((e) => e.account)).toEqual(['demo-admin', 'demo-admin']);

	// Nothing of the police officer's is waiting: logging out asks nothing.
	await logout(page);
	await expect(page.getByRole('button', { name: 'Logga in' })).toBeVisible();
	await expect(page.getByRole('alert').filter({ hasText: 'har inte skickats' })).toHaveCount(0);

	// The administrator again: the finding goes, as theirs, with its photo.
	await login(context.request, origin, 'demo-admin');
	await openField(page, walk.id);
	await expect(status).toHaveText('Online – alla fynd är skickade');
	await expect(page.getByTestId('other-accounts')).toHaveCount(0);
	await expect
		.poll(async () => (await (await request.get(`/api/inventories/${walk.id}`)).json()).inventory.findings.length)
		.toBe(2);
	const all = (await (await request.get(`/api/inventories/${walk.id}`)).json()).inventory.findings;
	const admins = all.find((f: { note: string }) => f.note === 'Registrerat av administratören');
	expect(admins.createdBy).toContain('(demo-admin)');
	expect(admins.photos).toHaveLength(1);
});

test('a finding the server refuses is held with "Försök igen" and "Släng", its photo waiting with it; one whose id is taken (409) is held too', async ({ page, context, request }) => {
	const walk = await createWalk(request);
	const status = page.getByTestId('sync-status');
	const stored = async () => (await (await request.get(`/api/inventories/${walk.id}`)).json()).inventory.findings;
	await openField(page, walk.id);

	// The server refuses the first send of the new finding.
	await page.route('**/api/inventories/*/findings', (route) => route.fulfill({ status: 400, json: { message: 'Okänd kategori "lampor"' } }), { times: 1 });
	await page.getByRole('button', { name: 'Nytt fynd här' }).click();
	await record(page, { category: 'Belysning', severity: 'Hög', note: 'Trasig lampa vid porten', photo: pngImage(640, 480) });
	const held = page.getByRole('alert').filter({ hasText: 'Servern tog inte emot ett fynd' });
	await expect(held).toContainText('HTTP 400: Okänd kategori "lampor"');
	await expect(held).toContainText('Fyndets foton väntar med det');
	// The photo was not sent ahead of its finding: it waits, not held on its own.
	expect((await queuedEntries(page)).map((e) => [e.kind, e.lastError === undefined])).toEqual([
		['finding-create', false],
		['photo', true]
	]);
	expect(await stored()).toEqual([]);
	await page.screenshot({ path: 'test-results/inventory-field-held.png' });

	await held.getByRole('button', { name: 'Försök igen' }).click();
	await expect(held).toBeHidden();
	await expect(status).toHaveText('Online – alla fynd är skickade');
	await expect.poll(async () => (await stored()).map((f: { note: string; photos: unknown[] }) => [f.note, f.photos.length])).toEqual([['Trasig lampa vid porten', 1]]);

	// A finding whose id another walk already has: 409, held (not dropped), and thrown away with its photo.
	await context.setOffline(true);
	await page.getByRole('button', { name: 'Nytt fynd här' }).click();
	await record(page, { category: 'Nedskräpning', severity: 'Medel', note: 'Glas på gången', photo: pngImage(320, 240) });
	const [queued] = (await queuedEntries(page)).filter((e) => e.kind === 'finding-create');
	const other = await createWalk(request, `Annan vandring ${Date.now()}`);
	expect((await request.post(`/api/inventories/${other.id}/findings`, { data: finding({ clientId: queued!.id }) })).status()).toBe(201);
	await context.setOffline(false);
	const taken = page.getByRole('alert').filter({ hasText: 'HTTP 409' });
	await expect(taken).toContainText(`Servern tog inte emot ett fynd: HTTP 409: Fynd-id ${queued!.id} används redan i en annan inventering`);
	await taken.getByRole('button', { name: 'Släng' }).click();
	await expect(taken).toBeHidden();
	expect(await queuedEntries(page)).toEqual([]);
	await expect(status).toHaveText('Online – alla fynd är skickade');
	expect((await stored()).map((f: { note: string }) => f.note)).toEqual(['Trasig lampa vid porten']);
});

test('a queue spanning two walks: each entry goes to its own walk, and a conflict from the other walk is resolved there', async ({ page, context, request, requestAs }) => {
	const stamp = Date.now();
	const walkA = await createWalk(request, `Vandring A ${stamp}`);
	const walkB = await createWalk(request, `Vandring B ${stamp}`);
	const earlier = finding({ note: 'Släckt lampa vid entrén' });
	await request.post(`/api/inventories/${walkA.id}/findings`, { data: earlier });
	const findingsOf = async (id: string) => (await (await request.get(`/api/inventories/${id}`)).json()).inventory.findings as { id: string; note: string; severity: number; version: number }[];

	await openField(page, walkA.id);
	await context.setOffline(true);
	// Two edits of the same finding without network: the second starts from the first.
	const dialog = page.getByRole('dialog', { name: 'Ändra fynd' });
	await page.getByTestId('findings').getByRole('button', { name: /Belysning/ }).click();
	await dialog.getByLabel('Anteckning').fill('Tre lampor släckta');
	await dialog.getByRole('button', { name: 'Spara fynd' }).click();
	await expect(dialog).toBeHidden();
	await page.getByTestId('findings').getByRole('button', { name: /Belysning/ }).click();
	await expect(dialog.getByLabel('Anteckning')).toHaveValue('Tre lampor släckta');
	await dialog.getByText('Hög', { exact: true }).click();
	await dialog.getByRole('button', { name: 'Spara fynd' }).click();
	await expect(dialog).toBeHidden();
	// one edit waits, holding both changes
	expect((await queuedEntries(page)).filter((e) => e.kind === 'finding-update')).toHaveLength(1);
	await page.getByRole('button', { name: 'Nytt fynd här' }).click();
	await record(page, { category: 'Skymmande vegetation', severity: 'Medel', note: 'Nytt fynd på A' });
	await expect(page.getByTestId('sync-status')).toHaveText('Offline – 1 fynd väntar på att skickas');

	// Meanwhile a colleague changes the finding.
	// A colleague of the same organisation (a finding is changed by the organisation that recorded it and the walk's owner).
	const colleague = await requestAs('demo-sdf-redaktor');
	expect((await colleague.put(`/api/inventories/${walkA.id}/findings/${earlier.clientId}`, { data: { baseVersion: 1, note: 'Kollegans text' } })).status()).toBe(200);

	// On to walk B (through the list, kept offline); the network returns there.
	await page.goto('/inventering');
	await context.setOffline(false);
	await openField(page, walkB.id);
	const conflict = page.getByRole('alert').filter({ hasText: 'Konflikt' });
	await expect(conflict).toContainText('Fyndet hör till en annan inventering; ditt val skickas dit.');
	await expect(conflict).toContainText('Deras: Belysning, medel: Kollegans text');
	await expect(conflict).toContainText('Din: Belysning, hög: Tre lampor släckta');
	await expect(page.getByTestId('queued-elsewhere')).toHaveCount(0);
	await expect.poll(async () => (await findingsOf(walkA.id)).map((f) => f.note).sort()).toEqual(['Kollegans text', 'Nytt fynd på A']);
	await page.screenshot({ path: 'test-results/inventory-field-conflict-other-walk.png' });

	await conflict.getByRole('button', { name: 'Behåll min' }).click();
	await expect(conflict).toBeHidden();
	await expect.poll(async () => (await findingsOf(walkA.id)).find((f) => f.id === earlier.clientId)).toMatchObject({ note: 'Tre lampor släckta', severity: 3, version: 3 });
	expect(await findingsOf(walkB.id)).toEqual([]);
	await expect(page.getByText('Servern tog inte emot')).toHaveCount(0);
	expect(await queuedEntries(page)).toEqual([]);
});
