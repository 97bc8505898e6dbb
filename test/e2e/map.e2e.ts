import { expect, test } from './fixtures';

const SCENES_2021 = ['drogscener-2021-fill'];
const SCENES_2023 = ['drogscener-2023-fill'];

test.describe('the map page', () => {
	// One page for the checks of the map as it opens at '/' (each was a test with its own page and
	// map load, ~3 CPU-s): they only read or leave the map as the next expects (the layer toggle
	// turns the layer back on; the years come last). Every check is kept, as a step.
	test('the map as it opens: basemap, districts and scenes; layer files; the help; layers and years by mouse and keyboard', async ({ page, map }) => {
		await page.goto('/');
		await map.idle();
		await test.step('shows the basemap, the eleven districts and the 2023 scenes offline', async () => {
			expect(await map.renderedIds(['stadsdelar-line'])).toHaveLength(11);
			expect(await map.renderedIds(SCENES_2023)).toHaveLength(6);
			expect(await map.renderedIds(SCENES_2021)).toHaveLength(0);
			const basemap = await page.evaluate(() => {
				const m = (window as any).__lageskartan.map;
				return m.queryRenderedFeatures({ layers: ['metro', 'station', 'landuse_park', 'water'] }).length;
			});
			expect(basemap).toBeGreaterThan(0);
			await expect(page.getByRole('note').filter({ hasText: 'Ungefärlig geometri' })).toBeVisible();
			await page.screenshot({ path: 'test-results/screenshots/map-desktop.png' });
		});
		await test.step('every layer offers its data and its history as files', async () => {
			const links = page.getByRole('link', { name: 'CSV' });
			expect(await links.count()).toBeGreaterThanOrEqual(5);
			const csv = await page.request.get((await links.first().getAttribute('href'))!);
			expect(csv.headers()['content-disposition']).toContain('attachment');
			expect((await csv.text()).split('\r\n')[0]).toContain('name');
			const history = await page.request.get((await page.getByRole('link', { name: 'historik', exact: true }).first().getAttribute('href'))!);
			expect(await history.text()).toContain('startdata');
			const excel = page.getByRole('link', { name: 'Excel', exact: true });
			expect(await excel.count()).toBe(await links.count());
			const xlsx = await page.request.get((await excel.first().getAttribute('href'))!);
			expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
			const historyXlsx = await page.request.get((await page.getByRole('link', { name: 'historik i Excel' }).first().getAttribute('href'))!);
			expect(historyXlsx.headers()['content-disposition']).toMatch(/historik\.xlsx/);
		});
		await test.step('the help lists the keyboard shortcuts', async () => {
			await page.keyboard.press('?');
			const dialog = page.getByRole('dialog', { name: 'Kortkommandon' });
			await expect(dialog).toBeVisible();
			await expect(dialog).toContainText('Byt år för drogscener');
			await page.keyboard.press('Escape');
			await expect(dialog).toBeHidden();
		});
		await test.step('a layer toggles with its checkbox and with its number key', async () => {
			const places = ['otrygga-platser-circle'];
			expect((await map.renderedIds(places)).length).toBeGreaterThan(10);

			await page.getByRole('checkbox', { name: 'Otrygga platser (exempel)' }).uncheck();
			await map.idle();
			expect(await map.renderedIds(places)).toHaveLength(0);
			await expect(page).toHaveURL(/lager=stadsdelar,drogscener(&|$)/);

			await page.keyboard.press('4');
			await map.idle();
			expect((await map.renderedIds(places)).length).toBeGreaterThan(10);
			await expect(page.getByRole('checkbox', { name: 'Otrygga platser (exempel)' })).toBeChecked();
		});
		await test.step('the year control shows 2021, 2023 or both, also from the keyboard', async () => {
			await page.getByRole('button', { name: '2021' }).click();
			await map.idle();
			expect(await map.renderedIds(SCENES_2021)).toHaveLength(7);
			expect(await map.renderedIds(SCENES_2023)).toHaveLength(0);
			await expect(page).toHaveURL(/ar=2021(&|$)/);

			await page.getByRole('button', { name: 'Båda' }).click();
			await map.idle();
			expect(await map.renderedIds(SCENES_2021)).toHaveLength(7);
			expect(await map.renderedIds(SCENES_2023)).toHaveLength(6);
			// Both years are told apart without colour: the earlier year is hatched and dashed.
			const hatch = await page.evaluate(() => {
				const m = (window as any).__lageskartan.map;
				return [m.getLayer('drogscener-2021-hatch')?.type, m.getPaintProperty('drogscener-2021-line', 'line-dasharray')];
			});
			expect(hatch).toEqual(['fill', [2, 1.5]]);
			await expect(page.locator('[data-legend-layer="drogscener-2021"]')).toContainText('Öppna drogscener 2021');
			await expect(page.locator('[data-legend-layer="drogscener-2023"]')).toContainText('Öppna drogscener 2023');
			await page.screenshot({ path: 'test-results/screenshots/map-both-years.png' });

			// Playwright's keyboard has no 'å' key (US layout): send the event a Swedish keyboard sends.
			await page.evaluate(() => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'å', bubbles: true })));
			// both → 2021
			await map.idle();
			expect(await map.renderedIds(SCENES_2023)).toHaveLength(0);
			await page.keyboard.press('y'); // 2021 → 2023
			await map.idle();
			expect(await map.renderedIds(SCENES_2021)).toHaveLength(0);
			expect(await map.renderedIds(SCENES_2023)).toHaveLength(6);
			await expect(page.getByRole('button', { name: '2023' })).toHaveAttribute('aria-pressed', 'true');
			// A key event aimed at the window itself (no element target) must not throw.
			await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'y' })));
			await expect(page.getByRole('button', { name: 'Båda' })).toHaveAttribute('aria-pressed', 'true');
		});
	});

	test('a URL restores its layers, years and camera', async ({ page, map }) => {
		await page.goto('/?lager=drogscener,otrygga-platser&ar=2021&karta=14.00/59.40900/17.92700');
		await map.idle();
		const camera = await page.evaluate(() => {
			const m = (window as any).__lageskartan.map;
			const c = m.getCenter();
			return { zoom: m.getZoom(), lat: c.lat, lon: c.lng };
		});
		expect(camera.zoom).toBeCloseTo(14, 5);
		expect(camera.lat).toBeCloseTo(59.409, 4);
		expect(camera.lon).toBeCloseTo(17.927, 4);
		await expect(page.getByRole('checkbox', { name: 'Stadsdelar' })).not.toBeChecked();
		await expect(page.getByRole('button', { name: '2021' })).toHaveAttribute('aria-pressed', 'true');
		expect(await map.renderedIds(['stadsdelar-line'])).toHaveLength(0);
		expect(await map.renderedIds(SCENES_2023)).toHaveLength(0);
		expect((await map.renderedIds(SCENES_2021)).length).toBeGreaterThan(0);

		// Moving the map writes the camera back into the URL, so the link can be sent on.
		await page.evaluate(() => (window as any).__lageskartan.map.jumpTo({ zoom: 13, center: [17.9, 59.395] }));
		await expect(page).toHaveURL(/karta=13\.00\/59\.39500\/17\.90000/);
	});

	test('a click on a scene opens a popup with its provenance and precision', async ({ page, map }) => {
		await page.goto('/?lager=drogscener&ar=2023');
		await map.idle();
		const point = await page.evaluate(() => {
			const m = (window as any).__lageskartan.map;
			// A compact outline: the vertices' average lies inside it (a band along a bent street may not).
			const feature = m.queryRenderedFeatures({ layers: ['drogscener-2023-fill'] }).find((f: any) => f.properties.id === 'ds2023-tenstagangen');
			const ring = feature.geometry.coordinates[0];
			const lon = ring.reduce((s: number, c: number[]) => s + c[0]!, 0) / ring.length;
			const lat = ring.reduce((s: number, c: number[]) => s + c[1]!, 0) / ring.length;
			m.jumpTo({ center: [lon, lat], zoom: 15.5 });
			return { name: feature.properties.name };
		});
		await map.idle();
		const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
		await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
		const popup = page.locator('.feature-popup');
		await expect(popup).toBeVisible();
		await expect(popup.getByRole('heading')).toHaveText(point.name);
		await expect(popup).toContainText('Källa');
		await expect(popup).toContainText('Lägesbild Järva 2023');
		await expect(popup).toContainText('Ungefärlig geometri');
		await expect(popup).toContainText('2023');
		await expect(popup).toContainText('Licens');
	});

	test('an insecure place says it is an example', async ({ page, map }) => {
		await page.goto('/?lager=otrygga-platser&ar=2023');
		await map.idle();
		await page.evaluate(() => {
			const m = (window as any).__lageskartan.map;
			const [feature] = m.queryRenderedFeatures({ layers: ['otrygga-platser-circle'] });
			m.jumpTo({ center: feature.geometry.coordinates, zoom: 16 });
		});
		await map.idle();
		const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
		await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
		await expect(page.locator('.feature-popup')).toContainText('Exempel – platsen finns inte i lägesbilden');
		await expect(page.locator('.feature-popup')).toContainText('Kategori');
	});

	test('on a phone the map stays usable with the panel below it', async ({ page, map }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto('/');
		await map.idle();
		const mapBox = (await page.locator('.maplibregl-canvas').boundingBox())!;
		expect(mapBox.width).toBe(390);
		expect(mapBox.height).toBeGreaterThan(300);
		expect((await map.renderedIds(SCENES_2023)).length).toBeGreaterThan(0);
		// Every header control, the account menu last, is on the screen.
		const header = await page.locator('header > *').evaluateAll((els) => Math.max(...els.map((el) => el.getBoundingClientRect().right)));
		expect(header).toBeLessThanOrEqual(390);
		await page.screenshot({ path: 'test-results/screenshots/map-phone.png' });
		// The credits are shown when the map opens, then fold behind ⓘ once it is moved, and open again from it.
		const credits = page.locator('.maplibregl-ctrl-attrib');
		await expect(credits).toContainText('© OpenStreetMap-bidragsgivare');
		await expect(credits).toHaveClass(/maplibregl-compact-show/);
		await page.mouse.move(200, 300);
		await page.mouse.down();
		await page.mouse.move(230, 330, { steps: 5 });
		await page.mouse.up();
		await expect(credits).not.toHaveClass(/maplibregl-compact-show/);
		await page.locator('.maplibregl-ctrl-attrib-button').click();
		await expect(credits).toHaveClass(/maplibregl-compact-show/);
		await expect(credits.getByText(/Stockholms stad \(CC0\)/).first()).toBeVisible();
		await page.keyboard.press('l');
		await expect(page.locator('#panel')).toBeHidden();
	});
});

test.describe('the map page without its service worker', () => {
	// page.route does not see what the service worker answers: without it, the test decides what loads.
	test.use({ serviceWorkers: 'block' });

	test('the editor loads when Redigera is pressed; if it cannot be fetched the map says so and a second press loads it', async ({ page, map }) => {
		await page.goto('/');
		await map.idle();
		const edit = page.getByRole('button', { name: /Redigera/ });
		// The page's own chunks are loaded; what is asked for now is the editor's (offline after an update, say).
		await page.route('**/_app/immutable/**', (route) => route.abort());
		await edit.click();
		await expect(page.getByRole('alert')).toContainText('Redigeringen kunde inte laddas');
		await expect(edit).toHaveAttribute('aria-pressed', 'false');
		expect((await map.renderedIds(SCENES_2023)).length).toBeGreaterThan(0);
		await page.unroute('**/_app/immutable/**');
		await edit.click();
		await expect(edit).toHaveAttribute('aria-pressed', 'true');
		await expect(page.getByRole('alert')).toHaveCount(0);
		await expect(page.locator('#panel')).toHaveAccessibleName('Redigering');
	});
});
