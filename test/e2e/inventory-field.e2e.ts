/**
 * The field mode on a phone with GPS: findings recorded without network are kept on the device,
 * survive a reload (the service worker serves the app), and reach the server exactly once when
 * the network returns; a finding two people changed is shown as a conflict to resolve.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { testWithOwnServer as test } from './own-server';
import { expect, mapHandle } from './fixtures';
import { createWalk, PHONE, pngImage, record } from './inventory-helpers';

test.use(PHONE);

async function tapMapAt(page: Page, position: [number, number]) {
	const point = await page.evaluate(([lon, lat]) => {
		const map = (window as any).__lageskartan.map;
		const p = map.project([lon, lat]);
		const box = map.getCanvas().getBoundingClientRect();
		return { x: box.left + p.x, y: box.top + p.y };
	}, position);
	await page.mouse.click(point.x, point.y);
}

test('three findings recorded offline survive a reload and reach the server exactly once when online again', async ({ page, context, request }) => {
	const walk = await createWalk(request);
	await page.goto(`/inventering/${walk.id}/falt`);
	const status = page.getByTestId('sync-status');
	await expect(status).toHaveText('Online – alla fynd är skickade');
	await expect(page.getByTestId('offline-ready')).toContainText('Sparad för offline', { timeout: 30_000 });
	await mapHandle(page).idle();
	await expect(page.getByText(/Din position: ±\d+ m/)).toBeVisible();
	// The page asked the browser to keep the queue (persist()); what it got is said when refused.
	if (await page.evaluate(() => navigator.storage.persisted())) await expect(page.getByTestId('storage-persist')).toHaveCount(0);
	else await expect(page.getByTestId('storage-persist')).toContainText('Webbläsaren har inte lovat att behålla fynd som väntar');

	await context.setOffline(true);
	await expect(status).toHaveText('Offline – 0 fynd väntar på att skickas');

	// 1 and 2 at the GPS position, 3 at a point tapped on the map; each with a photo from the "camera".
	await page.getByRole('button', { name: 'Nytt fynd här' }).click();
	await record(page, { category: 'Belysning', severity: 'Hög', note: 'Tre lampor släckta i gångtunneln', photo: pngImage(2400, 1800) });
	await expect(status).toHaveText('Offline – 1 fynd väntar på att skickas');
	await page.getByRole('button', { name: 'Nytt fynd här' }).click();
	await record(page, { category: 'Skymmande vegetation', severity: 'Medel', note: 'Buskarna skymmer lamporna', photo: pngImage(800, 600) });
	await context.setGeolocation({ latitude: 59.4112, longitude: 17.9262 });
	await page.getByRole('button', { name: 'Peka på kartan' }).click();
	await tapMapAt(page, [17.9281, 59.4101]);
	await record(page, { category: 'Entréer och trapphus', severity: 'Låg', note: 'Porten går inte i lås', photo: pngImage(640, 480) });
	await expect(status).toHaveText('Offline – 3 fynd väntar på att skickas');
	await page.screenshot({ path: 'test-results/inventory-field-offline.png' });

	// Reload with no network: the service worker serves the app, the phone still has the queue.
	const reloaded = await page.reload();
	expect(reloaded?.fromServiceWorker(), 'the page came from the service worker').toBe(true);
	await expect(status).toHaveText('Offline – 3 fynd väntar på att skickas');
	await expect(page.getByTestId('findings').getByText('väntar')).toHaveCount(3);
	await mapHandle(page).idle();
	// Really offline, service worker included: what was not kept for the field cannot be fetched.
	expect(await page.evaluate(() => fetch('/api/inventories/finns-inte').then((r) => r.status, () => 'ingen förbindelse'))).toBe('ingen förbindelse');
	// The basemap comes from the phone: the ranges kept around the walk, and the map draws its streets.
	const range = await page.evaluate(() => fetch('/basemap/jarva.pmtiles', { headers: { range: 'bytes=0-126' } }).then((r) => [r.status, r.headers.get('content-range')]));
	expect(range).toEqual([206, 'bytes 0-126/*']);
	expect(await page.evaluate(() => (window as any).__lageskartan.map.queryRenderedFeatures({ layers: ['roads_minor', 'roads_other'] }).length)).toBeGreaterThan(0);
	// Only the tiles around the walk, not the archive: far away, nothing was kept.
	const kept = await page.evaluate(async () => (await (await caches.open('lageskartan-baskarta')).match('/__lageskartan/baskarta'))!.json());
	const archiveSize = Number((await request.get('/basemap/jarva.pmtiles', { headers: { range: 'bytes=0-0' } })).headers()['content-range']!.split('/')[1]);
	console.log(`Field mode keeps ${kept.bytes} bytes of the ${archiveSize}-byte basemap (${kept.tiles} tiles, ${kept.ranges.length} ranges) for the walk.`);
	// Järva's small archive is mostly its overview tiles, which every walk needs; a city-wide
	// deployment archive would be kept at the same few dozen tiles.
	expect(kept.tiles).toBeLessThan(80);
	expect(kept.bytes).toBeLessThan(archiveSize);
	await expect(page.getByTestId('offline-ready')).toContainText(/Kartan sparas bara kring rundan \(\d+ kB\)/);
	const nothingYet = await (await request.get(`/api/inventories/${walk.id}`)).json();
	expect(nothingYet.inventory.findings).toEqual([]);

	await context.setOffline(false);
	await expect(status).toHaveText('Online – alla fynd är skickade', { timeout: 30_000 });
	await expect(page.getByTestId('findings').getByText('väntar')).toHaveCount(0);

	const { inventory } = await (await request.get(`/api/inventories/${walk.id}`)).json();
	expect(inventory.findings).toHaveLength(3);
	expect(new Set(inventory.findings.map((f: { id: string }) => f.id)).size).toBe(3);
	expect(inventory.findings.map((f: { note: string }) => f.note).sort()).toEqual(['Buskarna skymmer lamporna', 'Porten går inte i lås', 'Tre lampor släckta i gångtunneln']);
	for (const finding of inventory.findings) expect(finding.photos).toHaveLength(1);
	const big = inventory.findings.find((f: { note: string }) => f.note.startsWith('Tre lampor'));
	// Resized on the phone: the 2400×1800 photo arrives as a 1600×1200 JPEG.
	expect(big.photos[0]).toMatchObject({ mime: 'image/jpeg', width: 1600, height: 1200 });
	expect(big).toMatchObject({ category: 'belysning', severity: 3, position: [17.9275, 59.4105] });
	const tapped = inventory.findings.find((f: { note: string }) => f.note.startsWith('Porten'));
	expect(tapped.position[0]).toBeCloseTo(17.9281, 3);
	expect(tapped.position[1]).toBeCloseTo(59.4101, 3);

	// Online again, a reload changes nothing on the server.
	await page.reload();
	await expect(status).toHaveText('Online – alla fynd är skickade');
	const after = await (await request.get(`/api/inventories/${walk.id}`)).json();
	expect(after.inventory.findings).toHaveLength(3);
});

test('a finding someone else changed meanwhile is shown as a conflict, and "keep mine" saves mine on top of theirs', async ({ page, request, requestAs }) => {
	const walk = await createWalk(request);
	await page.goto(`/inventering/${walk.id}/falt`);
	const status = page.getByTestId('sync-status');
	await expect(page.getByText(/Din position: ±\d+ m/)).toBeVisible();
	await page.getByRole('button', { name: 'Nytt fynd här' }).click();
	await record(page, { category: 'Nedskräpning', severity: 'Medel', note: 'Fulla papperskorgar' });
	await expect(status).toHaveText('Online – alla fynd är skickade');
	const { inventory } = await (await request.get(`/api/inventories/${walk.id}`)).json();
	const [stored] = inventory.findings;

	// A colleague of the same organisation (a finding is changed by the organisation that recorded it and the walk's owner).
	const colleague = await requestAs('demo-sdf-redaktor');
	expect((await colleague.put(`/api/inventories/${walk.id}/findings/${stored.id}`, { data: { baseVersion: 1, severity: 3 } })).status()).toBe(200);

	await page.getByTestId('findings').getByRole('button', { name: /Nedskräpning/ }).click();
	const dialog = page.getByRole('dialog', { name: 'Ändra fynd' });
	await dialog.getByLabel('Anteckning').fill('Fulla papperskorgar och glas på marken');
	await dialog.getByRole('button', { name: 'Spara fynd' }).click();

	const conflict = page.getByRole('alert').filter({ hasText: 'Konflikt' });
	await expect(conflict).toBeVisible();
	await expect(conflict).toContainText('Deras: Nedskräpning, hög: Fulla papperskorgar');
	await expect(conflict).toContainText('Din: Nedskräpning, medel: Fulla papperskorgar och glas på marken');
	await page.screenshot({ path: 'test-results/inventory-field-conflict.png' });
	await conflict.getByRole('button', { name: 'Behåll min' }).click();
	await expect(conflict).toBeHidden();
	await expect
		.poll(async () => (await (await request.get(`/api/inventories/${walk.id}`)).json()).inventory.findings[0])
		.toMatchObject({ note: 'Fulla papperskorgar och glas på marken', version: 3 });
});

test('logging out deletes the staff data kept on the phone, also on a page whose requests go past the service worker', async ({ page, context, request }) => {
	const walk = await createWalk(request);
	await page.goto(`/inventering/${walk.id}/falt`);
	await expect(page.getByTestId('offline-ready')).toContainText('Sparad för offline', { timeout: 30_000 });
	const kept = () =>
		page.evaluate(async () => {
			if (!(await caches.has('lageskartan-falt-data'))) return [];
			return (await (await caches.open('lageskartan-falt-data')).keys()).map((r) => new URL(r.url).pathname);
		});
	expect((await kept()).sort()).toEqual(['/api/admin/organisations', '/api/inventories', '/api/inventories/' + walk.id, `/api/inventories/${walk.id}/context`, '/api/session'].sort());

	// As on a first visit or a forced reload: the worker never sees this page's requests, the logout included.
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.setBypassServiceWorker', { bypass: true });
	await page.goto('/inventering');
	await page.getByRole('button', { name: /^Konto:/ }).click();
	await page.getByRole('button', { name: 'Logga ut' }).click();
	await expect(page.getByRole('button', { name: 'Logga in' })).toBeVisible();
	await expect.poll(kept).toEqual([]);
});

test('the installed app opens offline on its start page, the walk list, and the walk kept for the field opens from it', async ({ page, context, request }) => {
	const walk = await createWalk(request);
	await createWalk(request, `Inte sparad ${Date.now()}`);
	await page.goto(`/inventering/${walk.id}/falt`);
	await expect(page.getByTestId('offline-ready')).toContainText('Sparad för offline', { timeout: 30_000 });
	const manifest = JSON.parse(readFileSync('static/manifest.webmanifest', 'utf8')) as { start_url: string };

	await context.setOffline(true);
	const start = await page.goto(manifest.start_url);
	expect(start?.fromServiceWorker(), 'the start page came from the service worker').toBe(true);
	await expect(page.getByRole('heading', { name: 'Trygghetsinventeringar' })).toBeVisible();
	await expect(page.getByText('Utan nät fungerar bara fältläget för inventeringen som är sparad för offline.')).toBeVisible();
	const item = page.getByRole('listitem').filter({ hasText: walk.title });
	await expect(item.getByText('Sparad för offline')).toBeVisible();
	await expect(page.getByText('Sparad för offline', { exact: true })).toHaveCount(1);
	await item.getByRole('link', { name: 'Fältläge' }).click();
	await expect(page.getByRole('heading', { name: walk.title })).toBeVisible();
	await expect(page.getByTestId('sync-status')).toHaveText('Offline – 0 fynd väntar på att skickas');
	await expect(page.getByTestId('offline-ready')).toContainText('Sparad för offline');
});

test('"Sparad för offline" is said only when it is so: opened offline with the basemap missing, the page says what is missing', async ({ page, context, request }) => {
	const walk = await createWalk(request);
	await page.goto(`/inventering/${walk.id}/falt`);
	await expect(page.getByTestId('offline-ready')).toContainText('Sparad för offline', { timeout: 30_000 });
	// The phone lost part of what was kept (storage cleared by the browser, say).
	await page.evaluate(() => caches.delete('lageskartan-baskarta'));
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('offline-ready')).toContainText('Kunde inte spara för offline: Baskartan är inte sparad.');
	await expect(page.getByTestId('offline-ready')).toContainText('ladda om sidan när du har nät');
});

test('saving for offline that does not finish is given up after a minute, saying so and what to do', async ({ page, context, request }) => {
	const walk = await createWalk(request);
	// A network that stalls: the basemap around the walk, which the page keeps, never arrives.
	await context.route('**/basemap/jarva.pmtiles', () => undefined);
	await page.clock.install();
	await page.goto(`/inventering/${walk.id}/falt`);
	const ready = page.getByTestId('offline-ready');
	await expect(ready).toHaveText('Sparar för offline…');
	// Let the worker get the message before time jumps.
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.clock.fastForward('01:01');
	await expect(ready).toContainText('Kunde inte spara för offline: Det tog mer än 60 sekunder utan att bli klart');
	await expect(ready).toContainText('Fynd du registrerar sparas i telefonen ändå.');
});
