/**
 * Editing on the map page: drawing with terra-draw, the attribute form, versions, conflicts,
 * undo, history and new layers.
 *
 * These tests write, and a new scene year changes what the map page shows (three year buttons,
 * not two). So they run against their own server with its own fresh data directory, started
 * once for this file: the shared server the other files read stays as seeded.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from './fixtures';
import { testWithOwnServer as test } from './own-server';

// The page and `request` are a district editor; "another client" is a police editor.
test.use({ account: 'demo-sdf-redaktor' });
const OTHER = 'demo-polis-redaktor';

const LAYER = 'drogscener-2023';
/** Southern Tensta, zoomed in: an open spot between the seeded scenes. */
const CAMERA = 'karta=15.50/59.38900/17.91500';
let counter = 0;

const scene = (name: string, lon = 17.915, lat = 59.389) => ({
	type: 'Feature',
	properties: {
		name,
		source: 'e2e-test',
		precision: 'approximate',
		precisionMeters: 75,
		example: false,
		year: 2023,
		district: 'Tensta',
		drawing: 'outline'
	},
	geometry: {
		type: 'Polygon',
		coordinates: [[[lon - 0.0008, lat - 0.0004], [lon + 0.0008, lat - 0.0004], [lon + 0.0008, lat + 0.0004], [lon - 0.0008, lat + 0.0004], [lon - 0.0008, lat - 0.0004]]]
	}
});

const send = (request: APIRequestContext, method: 'post' | 'put', url: string, data: unknown) =>
	request[method](url, { data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });

/** Another client writes first. */
async function createScene(request: APIRequestContext, name = `Scen ${Date.now()}-${counter++}`, [lon, lat] = [17.915, 59.389]) {
	const response = await send(request, 'post', `/api/layers/${LAYER}/features`, { feature: scene(name, lon, lat) });
	expect(response.status()).toBe(201);
	return (await response.json()).feature as { properties: { id: string; name: string }; version: number };
}

async function served(request: APIRequestContext, id: string) {
	const layer = await (await request.get(`/api/layers/${LAYER}`)).json();
	return layer.features.find((f: any) => f.properties.id === id) as { version: number; properties: Record<string, unknown> } | undefined;
}

/** Opens the page in edit mode with a name given and the 2023 scenes chosen. */
async function startEditing(page: Page, map: { idle(): Promise<void> }, camera = CAMERA) {
	await page.goto(`/?lager=stadsdelar,drogscener&ar=2023&${camera}`);
	await map.idle();
	await page.keyboard.press('e');
	await expect(page.getByRole('heading', { name: 'Redigera' })).toBeVisible();
	await page.getByLabel('Lager att redigera').selectOption(LAYER);
}

async function openFromList(page: Page, name: string) {
	await page.getByLabel('Objekt i Öppna drogscener 2023').selectOption({ label: name });
	await page.getByRole('button', { name: 'Öppna' }).click();
	await expect(page.locator('[data-feature-form]')).toBeVisible();
}

test.describe('editing on the map', () => {
	test('a drug scene drawn with the mouse is saved in its layer', async ({ page, map, request }) => {
		// The layer is fetched once for the map's source, its labels and the editor's list, and
		// once more after the save (issue 14: not three times, and three again after an edit).
		const layerReads: string[] = [];
		page.on('request', (r) => {
			if (new URL(r.url()).pathname === `/api/layers/${LAYER}`) layerReads.push(r.method());
		});
		await startEditing(page, map);
		await map.idle();
		expect(layerReads).toEqual(['GET']);
		await page.getByRole('button', { name: 'Ny yta' }).click();
		const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
		const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
		const corners = [
			[cx - 70, cy - 50],
			[cx + 70, cy - 50],
			[cx + 80, cy + 50],
			[cx - 60, cy + 60]
		];
		for (const [x, y] of corners) await page.mouse.click(x!, y!);
		// Terra-draw's polygon mode closes on a click on the first corner.
		await page.mouse.click(corners[0]![0]!, corners[0]![1]!);

		const form = page.locator('[data-feature-form]');
		await expect(form).toBeVisible();
		// The district is filled in from where the drawing lies.
		await expect(form.getByLabel('Stadsdel')).toHaveValue('Tensta');
		await expect(form.getByLabel('Namn')).toBeFocused();
		await form.getByLabel('Namn').fill('Ritad scen vid torget');
		await form.getByLabel('Anteckning').fill('Ritad i e2e-testet');
		await map.idle();
		await page.screenshot({ path: 'test-results/screenshots/edit-draw.png' });
		await form.getByRole('button', { name: 'Spara' }).click();
		await expect(page.getByRole('status')).toContainText('”Ritad scen vid torget” sparad som version 1');

		const layer = await (await request.get(`/api/layers/${LAYER}`)).json();
		const saved = layer.features.find((f: any) => f.properties.name === 'Ritad scen vid torget');
		expect(saved).toBeTruthy();
		expect(saved.version).toBe(1);
		expect(saved.properties).toMatchObject({ year: 2023, district: 'Tensta', drawing: 'outline', note: 'Ritad i e2e-testet', precisionMeters: 75 });
		expect(saved.geometry.coordinates[0]).toHaveLength(5);
		// The map shows it without a reload, from one new read of the layer.
		await map.idle();
		expect(await map.renderedIds([`${LAYER}-fill`])).toContain(saved.properties.id);
		expect(layerReads).toEqual(['GET', 'GET']);
	});

	test('a form that is not filled in says what to fix and sends nothing', async ({ page, map, request }) => {
		await startEditing(page, map);
		await page.getByRole('button', { name: 'Ny yta' }).click();
		// Escape gives up a drawing; focus goes back to where a new one starts.
		await page.keyboard.press('Escape');
		await expect(page.getByRole('button', { name: 'Ny yta' })).toBeFocused();
		await page.keyboard.press('Enter');
		// The keyboard way: corners at the map's centre, moved with the arrow keys.
		await page.getByRole('button', { name: 'Sätt hörn i mitten' }).click();
		for (const [dx, dy] of [[200, 0], [0, 150]]) {
			await page.evaluate(([x, y]) => (window as any).__lageskartan.map.panBy([x, y], { animate: false }), [dx, dy]);
			await page.getByRole('button', { name: 'Sätt hörn i mitten' }).click();
		}
		await page.getByRole('button', { name: /Klar \(3 hörn\)/ }).click();
		const form = page.locator('[data-feature-form]');
		await form.getByLabel('Osäkerhet').fill('-3');
		const before = (await (await request.get(`/api/layers/${LAYER}`)).json()).features.length;
		await form.getByRole('button', { name: 'Spara' }).click();
		await expect(form.locator('[data-field="name"]')).toContainText('Ange ett namn.');
		await expect(form.locator('[data-field="precisionMeters"]')).toContainText('Ange osäkerheten i meter, 0 eller mer.');
		await expect(form.getByLabel('Namn')).toBeFocused();
		await expect(form.getByLabel('Namn')).toHaveAttribute('aria-invalid', 'true');
		expect((await (await request.get(`/api/layers/${LAYER}`)).json()).features.length).toBe(before);
		await form.getByRole('button', { name: 'Avbryt' }).click();
		await expect(form).toBeHidden();
	});

	test('changing an attribute saves a new version', async ({ page, map, request }) => {
		// Its own spot, so the click in the middle of the map can only hit this scene.
		const created = await createScene(request, 'Scen att döpa om', [17.905, 59.385]);
		await startEditing(page, map, 'karta=15.50/59.38500/17.90500');
		// Picked on the map: a click on the scene opens it in the form.
		await map.idle();
		const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
		await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
		const form = page.locator('[data-feature-form]');
		await expect(form.getByLabel('Namn')).toHaveValue('Scen att döpa om');
		await expect(form).toContainText('version 1');
		await form.getByLabel('Namn').fill('Scen med nytt namn');
		await form.getByLabel('Kartläggning').selectOption({ label: 'ritad som cirkel/oval (2021 års metod)' });
		await form.getByRole('button', { name: 'Spara' }).click();
		await expect(page.getByRole('status')).toContainText('sparad som version 2');
		const saved = await served(request, created.properties.id);
		expect(saved).toMatchObject({ version: 2, properties: { name: 'Scen med nytt namn', drawing: 'oval' } });
		const { history } = await (await request.get(`/api/layers/${LAYER}/features/${created.properties.id}/history`)).json();
		expect(history.at(-1)).toMatchObject({ version: 2, action: 'update', by: 'Demo redaktör, stadsdelsförvaltningen (demo-sdf-redaktor)' });
	});

	test('a corner dragged on the map reshapes the scene, and a drag of the whole moves it', async ({ page, map, request }) => {
		const created = await createScene(request, 'Scen att forma om', [17.935, 59.381]);
		const original = (await served(request, created.properties.id)) as any;
		await startEditing(page, map, 'karta=16.00/59.38100/17.93500');
		await openFromList(page, 'Scen att forma om');
		await map.idle();
		const canvas = (await page.locator('.maplibregl-canvas').boundingBox())!;
		const pixel = (lonLat: number[]) =>
			page.evaluate((p) => (window as any).__lageskartan.map.project(p), lonLat).then(({ x, y }) => [canvas.x + x, canvas.y + y] as const);
		const drag = async ([x, y]: readonly [number, number], dx: number, dy: number) => {
			await page.mouse.move(x, y);
			await page.mouse.down();
			for (let i = 1; i <= 5; i++) await page.mouse.move(x + (dx * i) / 5, y + (dy * i) / 5);
			await page.mouse.up();
		};
		// The first corner, 40 px out to the south-west.
		await drag(await pixel(original.geometry.coordinates[0][0]), -40, 40);
		const form = page.locator('[data-feature-form]');
		await form.getByRole('button', { name: 'Spara' }).click();
		await expect(page.getByRole('status')).toContainText('sparad som version 2');
		const reshaped = (await served(request, created.properties.id)) as any;
		const ring: number[][] = reshaped.geometry.coordinates[0];
		expect(ring).toHaveLength(5);
		const [west, south] = [Math.min(...ring.map((p) => p[0]!)), Math.min(...ring.map((p) => p[1]!))];
		expect(west).toBeLessThan(17.935 - 0.0008 - 0.0002);
		expect(south).toBeLessThan(59.381 - 0.0004 - 0.0001);

		// Opened again and dragged by its middle: every corner moves east.
		await openFromList(page, 'Scen att forma om');
		await map.idle();
		await drag(await pixel([17.935, 59.381]), 60, 0);
		await form.getByRole('button', { name: 'Spara' }).click();
		await expect(page.getByRole('status')).toContainText('sparad som version 3');
		const moved = (await served(request, created.properties.id)) as any;
		const shift = moved.geometry.coordinates[0].map((p: number[], i: number) => p[0]! - ring[i]![0]!);
		for (const dx of shift) expect(dx).toBeGreaterThan(0.0003);
	});

	test('when someone else saved first, both versions are shown and "Behåll min" wins with a new version', async ({ page, map, request, requestAs }) => {
		const created = await createScene(request, 'Scen i konflikt');
		const url = `/api/layers/${LAYER}/features/${created.properties.id}`;
		await startEditing(page, map);
		await openFromList(page, 'Scen i konflikt');
		const form = page.locator('[data-feature-form]');
		await form.getByLabel('Anteckning').fill('Min anteckning');

		// Meanwhile another client renames it.
		const theirs = await send(await requestAs(OTHER), 'put', url, { feature: { ...scene('Deras namn'), properties: { ...scene('Deras namn').properties, id: created.properties.id } }, baseVersion: 1 });
		expect(theirs.status()).toBe(200);

		await form.getByRole('button', { name: 'Spara' }).click();
		const conflict = page.locator('[data-conflict]');
		await expect(conflict).toBeVisible();
		await expect(conflict).toContainText('Demo redaktör, polisen (demo-polis-redaktor) ändrade objektet');
		await expect(conflict).toContainText('nu version 2');
		const nameRow = conflict.getByRole('row', { name: /Namn/ });
		await expect(nameRow.locator('[data-mine]')).toHaveText('Scen i konflikt');
		await expect(nameRow.locator('[data-theirs]')).toHaveText('Deras namn');
		await page.screenshot({ path: 'test-results/screenshots/edit-conflict.png' });
		// Nothing was overwritten yet.
		expect((await served(request, created.properties.id))?.properties.name).toBe('Deras namn');

		await conflict.getByRole('button', { name: 'Behåll min' }).click();
		await expect(page.getByRole('status')).toContainText('sparad som version 3');
		expect(await served(request, created.properties.id)).toMatchObject({
			version: 3,
			properties: { name: 'Scen i konflikt', note: 'Min anteckning' }
		});
	});

	test('"Använd deras" drops my change and shows theirs', async ({ page, map, request }) => {
		const created = await createScene(request, 'Scen de ändrar');
		const url = `/api/layers/${LAYER}/features/${created.properties.id}`;
		await startEditing(page, map);
		await openFromList(page, 'Scen de ändrar');
		const form = page.locator('[data-feature-form]');
		await form.getByLabel('Namn').fill('Mitt namn');
		await send(request, 'put', url, { feature: { ...scene('Deras nya namn'), properties: { ...scene('Deras nya namn').properties, id: created.properties.id } }, baseVersion: 1 });
		await form.getByRole('button', { name: 'Spara' }).click();
		await page.locator('[data-conflict]').getByRole('button', { name: 'Använd deras' }).click();
		await expect(form.getByLabel('Namn')).toHaveValue('Deras nya namn');
		await expect(form).toContainText('version 2');
		expect((await served(request, created.properties.id))?.version).toBe(2);
	});

	test('undo of a save puts the previous name back', async ({ page, map, request }) => {
		const created = await createScene(request, 'Namnet före');
		await startEditing(page, map);
		await openFromList(page, 'Namnet före');
		const form = page.locator('[data-feature-form]');
		await form.getByLabel('Namn').fill('Namnet efter');
		await form.getByRole('button', { name: 'Spara' }).click();
		await expect(page.getByRole('status')).toContainText('sparad som version 2');
		await expect(page.getByText('Byt tillbaka ”Namnet efter” till ”Namnet före”')).toBeVisible();

		await page.keyboard.press('Control+z');
		await expect(page.getByRole('status')).toContainText('Ångrat');
		expect(await served(request, created.properties.id)).toMatchObject({ version: 3, properties: { name: 'Namnet före' } });
		await expect(page.getByRole('button', { name: /Ångra/ })).toBeDisabled();
	});

	test('undo of a delete brings the feature back', async ({ page, map, request }) => {
		const created = await createScene(request, 'Scen att ta bort');
		await startEditing(page, map);
		await openFromList(page, 'Scen att ta bort');
		await page.locator('[data-feature-form]').getByRole('button', { name: 'Ta bort' }).click();
		await expect(page.getByRole('status')).toContainText('borttagen');
		expect(await served(request, created.properties.id)).toBeUndefined();
		await page.getByRole('button', { name: /Ångra/ }).click();
		await expect(page.getByRole('status')).toContainText('Ångrat');
		expect(await served(request, created.properties.id)).toMatchObject({ version: 3, properties: { name: 'Scen att ta bort' } });
	});

	test('a point placed with one click in a point layer is saved, and undo of the create removes it', async ({ page, map, request }) => {
		await startEditing(page, map);
		await page.getByLabel('Lager att redigera').selectOption('otrygga-platser');
		await page.getByRole('button', { name: 'Ny punkt' }).click();
		const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
		await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 - 30);
		const form = page.locator('[data-feature-form]');
		await form.getByLabel('Namn').fill('Garage vid e2e-gatan');
		await form.getByLabel('Kategori').selectOption({ label: 'Garage' });
		await form.getByRole('button', { name: 'Spara' }).click();
		await expect(page.getByRole('status')).toContainText('sparad som version 1');
		const places = async () => (await (await request.get('/api/layers/otrygga-platser')).json()).features as any[];
		const saved = (await places()).find((f) => f.properties.name === 'Garage vid e2e-gatan');
		expect(saved).toMatchObject({ geometry: { type: 'Point' }, properties: { category: 'garage', district: 'Tensta' } });

		await page.getByRole('button', { name: /Ångra/ }).click();
		await expect(page.getByRole('status')).toContainText('Ångrat: ta bort nyss skapade ”Garage vid e2e-gatan”');
		expect((await places()).find((f) => f.properties.name === 'Garage vid e2e-gatan')).toBeUndefined();
	});

	test('history lists the versions and an earlier one can be restored', async ({ page, map, request, requestAs }) => {
		const created = await createScene(request, 'Första namnet');
		const url = `/api/layers/${LAYER}/features/${created.properties.id}`;
		const withId = (name: string) => ({ ...scene(name), properties: { ...scene(name).properties, id: created.properties.id } });
		expect((await send(await requestAs(OTHER), 'put', url, { feature: withId('Andra namnet'), baseVersion: 1 })).status()).toBe(200);
		await startEditing(page, map);
		await openFromList(page, 'Andra namnet');
		await page.getByRole('button', { name: 'Historik' }).click();
		const history = page.locator('[data-history]');
		await expect(history.locator('li')).toHaveCount(2);
		await expect(history.locator('li[data-version="2"]')).toContainText('ändrad');
		await expect(history.locator('li[data-version="2"]')).toContainText('demo-polis-redaktor');
		await expect(history.locator('li[data-version="2"]')).toContainText('gäller nu');
		await expect(history.locator('li[data-version="1"]')).toContainText('skapad');
		await expect(history.locator('li[data-version="1"]')).toContainText('demo-sdf-redaktor');

		await history.getByRole('button', { name: 'Återställ version 1' }).click();
		await expect(page.getByRole('status')).toContainText('Version 1 återställd som version 3');
		await expect(history.locator('li')).toHaveCount(3);
		await expect(history.locator('li[data-version="3"]')).toContainText('återställd');
		await expect(history.locator('li[data-version="3"]')).toContainText('demo-sdf-redaktor');
		await expect(page.locator('[data-feature-form]').getByLabel('Namn')).toHaveValue('Första namnet');
		await history.scrollIntoViewIfNeeded();
		await page.screenshot({ path: 'test-results/screenshots/edit-history.png' });
		expect(await served(request, created.properties.id)).toMatchObject({ version: 3, properties: { name: 'Första namnet' } });
	});

	test('a new drug-scene layer for 2024 appears in the layer list, the year control and the analysis', async ({ page, map, request }) => {
		await startEditing(page, map);
		await page.getByText('Nytt lager').click();
		const form = page.locator('[data-new-layer]');
		await form.getByLabel('Typ av lager').selectOption('drug-scene');
		await form.getByLabel('År').fill('2024');
		await expect(form.getByLabel('Rubrik')).toHaveValue('Öppna drogscener 2024');
		await expect(form.getByLabel('Id (i adresser)')).toHaveValue('drogscener-2024');
		await form.getByLabel('Källa').fill('Lägesbild Järva 2024 (e2e)');
		await form.getByRole('button', { name: 'Skapa lager' }).click();
		await expect(page.getByRole('status')).toContainText('Lagret ”Öppna drogscener 2024” är skapat');
		await expect(page.getByLabel('Lager att redigera')).toHaveValue('drogscener-2024');
		const { layers } = await (await request.get('/api/layers')).json();
		expect(layers.find((l: any) => l.id === 'drogscener-2024')).toMatchObject({ kind: 'drug-scene', year: 2024, featureCount: 0 });

		await page.getByRole('button', { name: 'Sluta redigera' }).click();
		const years = page.locator('fieldset.years');
		await expect(years.getByRole('button', { name: '2024' })).toBeVisible();
		await expect(years.getByRole('button', { name: 'Alla' })).toBeVisible();
		await years.getByRole('button', { name: 'Alla' }).click();
		await expect(page).toHaveURL(/ar=2021,2023,2024/);
		await page.keyboard.press('a');
		// A year with no scenes yet is offered but the comparison opens on years that have some.
		await expect(page.locator('select').filter({ has: page.locator('option[value="2024"]') }).first()).toBeVisible();
		await expect(page).toHaveURL(/analys=2021-2023/);
	});

	test('on a phone the edit form is usable below the map', async ({ page, map, request }) => {
		await createScene(request, 'Scen på telefon');
		await page.setViewportSize({ width: 390, height: 844 });
		await startEditing(page, map);
		await openFromList(page, 'Scen på telefon');
		const form = page.locator('[data-feature-form]');
		await form.getByLabel('Namn').focus();
		const mapBox = (await page.locator('.maplibregl-canvas').boundingBox())!;
		expect(mapBox.height).toBeGreaterThan(300);
		const field = (await form.getByLabel('Namn').boundingBox())!;
		expect(field.x).toBeGreaterThanOrEqual(0);
		expect(field.x + field.width).toBeLessThanOrEqual(390);
		await page.screenshot({ path: 'test-results/screenshots/edit-phone.png' });
	});
});
