import { expect, test } from './fixtures';

const names = async (page: import('@playwright/test').Page, status: string) =>
	(await page.locator(`[data-status="${status}"] li button`).allTextContents()).map((t) => t.trim()).sort();

test.describe('the analysis panel', () => {
	test('shows which scenes persisted, ceased and are new, with displacement from Husby C', async ({ page, map }) => {
		await page.goto('/?ar=2021,2023');
		await map.idle();
		await page.keyboard.press('a');
		await expect(page.getByTestId('analysis-summary')).toContainText('4 kvarstår · 3 upphört · 2 nya');
		await expect(page).toHaveURL(/analys=2021-2023/);

		expect(await names(page, 'persisted')).toEqual([
			'Dragongränd, Ärvinge',
			'Kista C/Busstorg och tunnelbanestation',
			'Skolområde/Hällbybacken, Rinkeby',
			'Tenstagången/Tensta C'
		]);
		expect(await names(page, 'ceased')).toEqual(['Husby C', 'Hjulsta C', 'Risingeplan'].sort());
		expect(await names(page, 'new')).toEqual(['Nordkapsgatan, Husby', 'Sibeliusgången/Borgågatan']);
		await expect(page.getByRole('button', { name: 'Husby C → Nordkapsgatan, Husby' })).toBeVisible();

		await map.idle();
		const arrows = await page.evaluate(() => {
			const m = (window as any).__lageskartan.map;
			return m
				.queryRenderedFeatures({ layers: ['analysis-displacement'] })
				.map((f: any) => `${f.properties.from} → ${f.properties.to}`);
		});
		expect(arrows).toContain('ds2021-husby-c → ds2023-nordkapsgatan');
		await page.screenshot({ path: 'test-results/screenshots/analysis.png' });
	});

	test('a scene in the list flies the map to it and opens its popup with its status', async ({ page, map }) => {
		await page.goto('/?ar=2023&analys=2021-2023');
		await map.idle();
		await page.getByRole('button', { name: 'Husby C', exact: true }).click();
		const popup = page.locator('.feature-popup');
		await expect(popup).toBeVisible();
		await expect(popup.getByRole('heading')).toHaveText('Husby C');
		await expect(popup).toContainText('upphört (2021→2023)');
		const zoom = await page.evaluate(() => (window as any).__lageskartan.map.getZoom());
		expect(zoom).toBeGreaterThanOrEqual(15);
		// The 2021 scene had to be shown for it to be seen.
		await expect(page).toHaveURL(/ar=2021,2023/);
	});

	// One page for the checks that open the analysis of 2021–2023 and only read it (each was a test
	// with its own page and map load, ~3 CPU-s); the swap, which changes it, comes last. Every check
	// is kept, as a step.
	test('the analysis of 2021–2023 on one page: tables and exports, the WDQ form, swapping the years', async ({ page, map }) => {
		await page.goto('/?analys=2021-2023');
		await map.idle();
		await test.step('tables and exports give the same picture as the panel', async () => {
			await expect(page.getByTestId('districts-table').locator('tbody tr')).toHaveCount(11);
			await expect(page.getByTestId('places-table')).toContainText('Totalt');
			const href = await page.getByRole('link', { name: 'Scener (CSV)' }).getAttribute('href');
			const csv = await page.request.get(href!);
			expect(csv.headers()['content-type']).toContain('text/csv');
			const lines = (await csv.text()).trim().split(/\r\n/);
			expect(lines).toHaveLength(1 + 13);
			expect(lines.filter((l) => l.includes(';upphört;'))).toHaveLength(3);
			const geojson = await page.request.get(
				(await page.getByRole('link', { name: 'Jämförelse (GeoJSON)' }).getAttribute('href'))!
			);
			const kinds = new Set((await geojson.json()).features.map((f: any) => f.properties.kind));
			expect([...kinds].sort()).toEqual(['centroid', 'ellipse', 'mean-centre', 'relation', 'scene']);
		});
		await test.step('the WDQ form reads a result and explains a refusal', async () => {
			await page.getByText('Förflyttning eller spridning av effekter (WDQ)').click();
			const fill = async (values: number[]) => {
				const inputs = page.locator('.wdq input[type=number]');
				for (const [i, v] of values.entries()) await inputs.nth(i).fill(String(v));
				await page.getByRole('button', { name: 'Beräkna' }).click();
			};
			await fill([100, 60, 50, 45, 500, 480]);
			await expect(page.getByTestId('wdq-result')).toContainText('Viss spridning av positiva effekter');
			await fill([100, 60, 50, 45, 0, 480]);
			await expect(page.locator('.wdq [role=alert]')).toContainText('Kontrollområdet har 0 händelser');
		});
		await test.step('swapping the years mirrors the result', async () => {
			await page.getByLabel('Från').selectOption('2023');
			await expect(page).toHaveURL(/analys=2023-2021/);
			await expect(page.getByTestId('analysis-summary')).toContainText('4 kvarstår · 2 upphört · 3 nya');
		});
	});

	test('overlays switch off and on, and the URL keeps them', async ({ page, map }) => {
		await page.goto('/?analys=2021-2023');
		await map.idle();
		const rings = () =>
			page.evaluate(() => (window as any).__lageskartan.map.queryRenderedFeatures({ layers: ['analysis-ring'] }).length);
		expect(await rings()).toBeGreaterThan(0);
		await page.getByRole('checkbox', { name: 'Avståndsringar kring drogscenerna' }).uncheck();
		await map.idle();
		expect(await rings()).toBe(0);
		await expect(page).toHaveURL(/visa=pilar,ellipser(&|$)/);
		await page.reload();
		await map.idle();
		await expect(page.getByRole('checkbox', { name: 'Avståndsringar kring drogscenerna' })).not.toBeChecked();
		expect(await rings()).toBe(0);
	});
});

test.describe('the analysis API', () => {
	test('a bad year names the parameter and the years that exist', async ({ request }) => {
		const response = await request.get('/api/analysis/scenes?from=2019&to=2023');
		expect(response.status()).toBe(400);
		expect(await response.json()).toMatchObject({ param: 'from', allowed: [2021, 2023] });
		const same = await request.get('/api/analysis/scenes?from=2023&to=2023');
		expect(same.status()).toBe(400);
		expect((await same.json()).message).toContain('två olika år');
		for (const query of ['places?year=abc', 'places?year=2023&distance=-5', 'districts?year=2023&format=xml', 'scenes?from=2021&to=2023&radius=0']) {
			const bad = await request.get(`/api/analysis/${query}`);
			expect(bad.status(), query).toBe(400);
			expect((await bad.json()).param, query).toBeTruthy();
		}
	});

	test('places within distances and district rows for a year', async ({ request }) => {
		const places = await (await request.get('/api/analysis/places?year=2023&distance=200,500')).json();
		expect(places.within.map((w: any) => w.distance)).toEqual([200, 500]);
		expect(places.places).toHaveLength(places.totals.total);
		const districts = await (await request.get('/api/analysis/districts?year=2023')).json();
		const scenes = districts.rows.reduce((sum: number, r: any) => sum + r.scenes, 0);
		expect(scenes).toBe(6);
	});

	test('WDQ refuses what it cannot read, with the reason', async ({ request }) => {
		const post = (data: unknown) =>
			request.post('/api/analysis/wdq', { data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });
		const counts = (control: number) => ({ counts: { target: { before: 100, after: 60 }, buffer: { before: 50, after: 45 }, control: { before: control, after: 480 } } });
		expect((await post(counts(500))).status()).toBe(200);
		const zero = await post(counts(0));
		expect(zero.status()).toBe(422);
		expect((await zero.json()).code).toBe('control-zero');
		const negative = await post({ counts: { target: { before: -1, after: 1 }, buffer: { before: 1, after: 1 }, control: { before: 1, after: 1 } } });
		expect(negative.status()).toBe(400);
		expect((await negative.json()).param).toBe('counts.target.before');
		const notJson = await request.post('/api/analysis/wdq', { data: Buffer.from('{"counts":'), headers: { 'content-type': 'application/json' } });
		expect(notJson.status()).toBe(400);
		expect((await notJson.json()).message).toContain('Ogiltig JSON');
		const form = await request.post('/api/analysis/wdq', { data: Buffer.from('{}'), headers: { 'content-type': 'application/xml' } });
		expect(form.status()).toBe(415);
		// Last: a refused large body is not read, so the server closes that connection.
		{
			// Just over our 500 kB limit, under adapter-node's own (BODY_SIZE_LIMIT, 512 kB), which answers
			// larger bodies with its own 413 and closes the connection.
			const size = 510_000;
			const huge = await request.post('/api/analysis/wdq', {
				data: Buffer.from(JSON.stringify({ counts: {}, pad: 'x'.repeat(size) })),
				headers: { 'content-type': 'application/json' }
			});
			expect(huge.status(), String(size)).toBe(413);
			expect((await huge.json()).message, String(size)).toBeTruthy();
		}
	});
});
