/**
 * Walks routed along the paths (OpenStreetMap ways of Järva) as the planner, the field sheet and
 * the field mode show them: legs with street names, "undvik trappor", and the OSM attribution.
 */
import type { APIRequestContext } from '@playwright/test';
import { login } from './accounts';
import { startServer, testWithOwnServer as test } from './own-server';
import { expect, mapHandle } from './fixtures';

/** A walk with the given stops, made through the API. */
async function walkWith(request: APIRequestContext, title: string, stops: { id: string; name: string; position: [number, number] }[]): Promise<string> {
	const created = await request.post('/api/inventories', {
		data: { title, area: { kind: 'district', name: 'Husby' }, startsAt: '2025-05-14T16:30:00.000Z', organisationIds: ['sdf-jarva'], purpose: '' }
	});
	expect(created.status(), await created.text()).toBe(201);
	const { inventory } = await created.json();
	const patched = await request.patch(`/api/inventories/${inventory.id}`, { data: { baseVersion: 1, stops } });
	expect(patched.status(), await patched.text()).toBe(200);
	return inventory.id;
}

test.use({ viewport: { width: 1280, height: 900 } });

test('the planner shows each leg along the paths with its streets in order, and the field sheet prints them', async ({ page, request }) => {
	const id = await walkWith(request, 'Akalla till Husby', [
		// In the walking order the planner gave them (the optimiser would choose the same).
		{ id: 'a', name: 'Akalla centrum', position: [17.9173, 59.41395] },
		{ id: 'c', name: 'Norgegatan', position: [17.92282, 59.41304] },
		{ id: 'b', name: 'Borgågatan', position: [17.92357, 59.41475] }
	]);
	await page.goto(`/inventering/${id}`);
	const legs = page.getByTestId('route-legs');
	await expect(legs.locator(':scope > li')).toHaveCount(2);
	await expect(legs.locator(':scope > li').first()).toContainText(/1 → 2\s*\d+ m, ca \d+ min/);
	// Along Sibeliusgången to Norgegatan first (before the network's gaps were repaired, the way to
	// Norgegatan went round by Helsingforsgatan and Borgågatan came first), then on to Borgågatan.
	await expect(legs.getByTestId('leg-streets').first()).toHaveText(/^Sibeliusgången \d+ m, sedan Norgegatan \d+ m$/);
	await expect(legs.getByTestId('leg-streets').nth(1)).toHaveText(/Borgågatan \d+ m$/);
	await expect(page.getByTestId('route-summary')).toContainText('Längs gångvägarna.');
	await expect(page.getByTestId('route-summary')).toContainText('© OpenStreetMap-bidragsgivare');
	await mapHandle(page).idle();
	// The route is drawn solid along the paths: many vertices, none of it dashed.
	const drawn = await page.evaluate(() => {
		const map = (window as any).__lageskartan.map;
		const solid = map.querySourceFeatures('walk-route', { filter: ['!', ['get', 'approximate']] });
		return { solid: solid.length, approximate: map.querySourceFeatures('walk-route', { filter: ['get', 'approximate'] }).length };
	});
	expect(drawn.approximate).toBe(0);
	expect(drawn.solid).toBeGreaterThan(0);
	await page.screenshot({ path: 'test-results/walk-route-planner.png' });

	await page.getByRole('link', { name: 'Fältblad (skriv ut)' }).click();
	await expect(page.locator('article.sheet')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
	const printed = page.getByRole('region', { name: 'Vägen mellan stoppen' });
	await expect(printed).toContainText('Sibeliusgången');
	await expect(printed).toContainText('Borgågatan');
	await expect(printed).toContainText('Norgegatan');
	await expect(printed).toContainText('© OpenStreetMap-bidragsgivare');
	await page.emulateMedia({ media: 'print' });
	await expect(printed).toBeVisible();
	await page.screenshot({ path: 'test-results/walk-route-field-sheet.png', fullPage: true });
});

test('"Undvik trappor" plans the route around the steps, and says so on the sheet and in the field', async ({ page, request }) => {
	// The two ends of a flight of 9 steps in Husby (OSM way 1096689379).
	const id = await walkWith(request, 'Med barnvagn', [
		{ id: 'top', name: 'Trappans topp', position: [17.92533, 59.4093646] },
		{ id: 'bottom', name: 'Trappans fot', position: [17.9252699, 59.4093913] }
	]);
	await page.goto(`/inventering/${id}`);
	const legs = page.getByTestId('route-legs');
	await expect(legs).toContainText('Trappa, 9 steg');
	await expect(page.getByTestId('route-summary')).toContainText(/Rundan: 10 m/);
	await page.getByLabel('Undvik trappor (rullstol, rullator, barnvagn)').check();
	await expect(legs).not.toContainText('Trappa');
	await expect(page.getByTestId('route-summary')).toContainText('utan trappor');
	await expect(page.getByTestId('route-summary')).not.toContainText(/Rundan: 10 m/);
	await expect.poll(async () => (await (await request.get(`/api/inventories/${id}`)).json()).inventory.avoidSteps).toBe(true);
	await page.screenshot({ path: 'test-results/walk-route-avoid-steps.png' });

	// Reloaded, the choice is still there (stored on the walk).
	await page.reload();
	await expect(page.getByLabel('Undvik trappor (rullstol, rullator, barnvagn)')).toBeChecked();
	await page.goto(`/inventering/${id}/faltblad`);
	await expect(page.locator('figcaption')).toContainText('utan trappor');
	await page.goto(`/inventering/${id}/falt`);
	await expect(page.getByTestId('route-legs')).toBeVisible();
	await expect(page.getByText(/utan trappor · längs gångvägarna/)).toBeVisible();
	await page.screenshot({ path: 'test-results/walk-route-field-mode.png', fullPage: true });
});

test('a leg over a gap in the map data counts its inferred links and says once what they are, without calling the leg approximate', async ({ page, request }) => {
	// Over the Edvard Griegsgången bridge at Husby centrum, which ends 15 m short of the footway west of it in the OSM data.
	const id = await walkWith(request, 'Över bron i Husby centrum', [
		{ id: 'a', name: 'Husby centrum', position: [17.9255338, 59.4098403] },
		{ id: 'b', name: 'Väster om bron', position: [17.9233542, 59.4103116] }
	]);
	await page.goto(`/inventering/${id}`);
	const legs = page.getByTestId('route-legs');
	await expect(legs.getByTestId('leg-streets')).toHaveText(/^Edvard Griegsgången \d+ m, sedan gångväg \d+ m$/);
	await expect(legs.getByTestId('leg-inferred')).toHaveText(/^1 antagen koppling \(\d+ m\)$/);
	await expect(page.getByTestId('inferred-note')).toContainText('aldrig över vatten eller mellan en bro och vägen under den');
	await expect(legs).not.toContainText('ungefärlig');
	// About the straight line (135 m), not round by Trondheimsgatan as before the repair (over 400 m).
	await expect(page.getByTestId('route-summary')).toContainText(/Rundan: 1[3-7]0 m/);
	await page.screenshot({ path: 'test-results/walk-route-inferred.png' });
});

test('a stop far from every path gives a dashed, approximate leg that says why', async ({ page, request }) => {
	const id = await walkWith(request, 'Ut på fältet', [
		{ id: 'a', name: 'Akalla centrum', position: [17.9173, 59.41395] },
		{ id: 'falt', name: 'Mitt på Järvafältet', position: [17.915, 59.4265] }
	]);
	await page.goto(`/inventering/${id}`);
	const legs = page.getByTestId('route-legs');
	await expect(legs).toContainText('ungefärlig');
	await expect(legs).toContainText('mer än 150 m från närmaste gångväg');
	await mapHandle(page).idle();
	const approximate = await page.evaluate(() => (window as any).__lageskartan.map.querySourceFeatures('walk-route', { filter: ['get', 'approximate'] }).length);
	expect(approximate).toBeGreaterThan(0);
});

test('search in the planner flies the map to a street', async ({ page, request }) => {
	const id = await walkWith(request, 'Sök i planeringen', []);
	await page.goto(`/inventering/${id}`);
	await mapHandle(page).idle();
	await page.keyboard.press('/');
	const box = page.getByRole('combobox', { name: 'Sök' });
	await expect(box).toBeFocused();
	await box.fill('borgag');
	await expect(page.getByRole('option', { name: /^Borgågatan Gata/ })).toBeVisible();
	await page.keyboard.press('Enter');
	await expect
		.poll(() => page.evaluate(() => { const c = (window as any).__lageskartan.map.getCenter(); return [c.lng, c.lat]; }), { timeout: 15_000 })
		.toEqual([expect.closeTo(17.9236, 2), expect.closeTo(59.4147, 2)]);
});

test('a deployment imports its own walking network as a line layer, and new walks are routed on it', async ({ playwright }) => {
	// A server of its own: the imported network replaces OSM for every walk on that server.
	const { origin, stop } = await startServer();
	const request = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { origin } });
	try {
		await login(request, origin, 'demo-admin');
		const created = await request.post('/api/layers', {
			data: { id: 'gangnat', title: 'Stadens gångnät', kind: 'walking-network', source: 'Stadens GIS, gångvägar 2025', precision: 'Inmätt', approximate: false, visibleTo: null }
		});
		expect(created.status(), await created.text()).toBe(201);
		const lines = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: { namn: 'Parkstigen', lit: 'no' }, geometry: { type: 'LineString', coordinates: [[17.92, 59.41], [17.921, 59.41]] } },
				{ type: 'Feature', properties: { highway: 'steps', step_count: 12 }, geometry: { type: 'LineString', coordinates: [[17.921, 59.41], [17.922, 59.41]] } }
			]
		};
		const imported = await request.post('/api/layers/gangnat/import', {
			multipart: { file: { name: 'gangnat.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(lines)) }, source: 'Stadens GIS, gångvägar 2025', precision: 'exact', precisionMeters: '2' }
		});
		expect(imported.status(), await imported.text()).toBe(201);
		// A polygon is not a path: refused with the layer's geometry named, and nothing written.
		const polygon = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[17.92, 59.41], [17.921, 59.41], [17.921, 59.411], [17.92, 59.41]]] } }] };
		const refused = await request.post('/api/layers/gangnat/import', {
			multipart: { file: { name: 'yta.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(polygon)) }, source: 'Stadens GIS' }
		});
		expect(refused.status()).toBe(422);
		expect(JSON.stringify(await refused.json())).toContain('LineString');
		expect((await (await request.get('/api/layers/gangnat')).json()).features).toHaveLength(2);

		const walk = await request.post('/api/inventories', {
			data: { title: 'På stadens gångnät', area: { kind: 'district', name: 'Husby' }, startsAt: '2025-05-14T16:30:00.000Z', organisationIds: ['sdf-jarva'], purpose: '' }
		});
		const { inventory } = await walk.json();
		const patched = await request.patch(`/api/inventories/${inventory.id}`, {
			data: { baseVersion: 1, stops: [{ id: 'a', name: 'Väst', position: [17.9201, 59.4101] }, { id: 'b', name: 'Öst', position: [17.9219, 59.4101] }] }
		});
		expect(patched.status(), await patched.text()).toBe(200);
		const { route } = (await patched.json()).inventory;
		expect(route.source).toEqual({ name: 'Stadens gångnät', attribution: 'Stadens GIS, gångvägar 2025' });
		expect(route.legs[0].streets.map((s: { name: string }) => s.name)).toEqual(['Parkstigen', 'trappa']);
		expect(route.legs[0].warnings.map((w: { kind: string }) => w.kind)).toEqual(['unlit', 'steps']);
		// The search finds the network's own street names.
		const { results } = await (await request.get('/api/search?q=parksti')).json();
		expect(results[0]).toMatchObject({ kind: 'street', name: 'Parkstigen', detail: 'Gata eller gångväg (Stadens gångnät)' });
	} finally {
		await request.dispose();
		stop();
	}
});
