/**
 * The basemap: the embedded Protomaps-schema archive names the real streets (OpenStreetMap) and
 * credits them; a deployment's own archive (built here) and a raster tile service (a server on
 * 127.0.0.1) replace it without a code change, with the CSP opened for exactly that host; bad
 * settings stop the server naming the setting.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as plain } from '@playwright/test';
import type { Page } from '@playwright/test';
import { buildBasemap } from '../../src/lib/geo/basemap-build';
import { expect, test } from './fixtures';
import { refusedStart, startServer } from './own-server';
import { deploymentArchive, startTileServer, type TileServer } from './tile-server';

/** Names of the rendered basemap roads and paths (streets, footways, steps) in view. */
function renderedStreetNames(page: Page): Promise<{ names: string[]; paths: number; pathKinds: string[] }> {
	return page.evaluate(() => {
		const map = (window as any).__lageskartan.map;
		const layers = ['roads_minor', 'roads_major', 'roads_other', 'roads_labels_minor', 'roads_labels_paths'].filter((id) => map.getLayer(id));
		const features = map.queryRenderedFeatures({ layers });
		const paths = features.filter((f: any) => f.layer.id === 'roads_other');
		return {
			names: [...new Set(features.map((f: any) => f.properties.name).filter(Boolean))].sort() as string[],
			paths: paths.length,
			pathKinds: [...new Set(paths.map((f: any) => String(f.properties.kind_detail)))].sort() as string[]
		};
	});
}

const attributionText = (page: Page) => page.locator('.maplibregl-ctrl-attrib').innerText();

test.describe('the embedded basemap', () => {
	test('at z16 over Husby C the map names the real streets and paths, and credits OpenStreetMap', async ({ page, map }) => {
		await page.goto('/?karta=16/59.4093/17.9262');
		await map.idle();
		const { names, paths, pathKinds } = await renderedStreetNames(page);
		expect(names).toEqual(expect.arrayContaining(['Edvard Griegsgången', 'Oslogatan', 'Trondheimsgatan', 'Norgegatan']));
		expect(paths).toBeGreaterThan(10);
		expect(pathKinds).toEqual(expect.arrayContaining(['footway', 'steps']));
		const labels = await page.evaluate(() => (window as any).__lageskartan.map.queryRenderedFeatures({ layers: ['roads_labels_paths'] }).length);
		expect(labels).toBeGreaterThan(0);
		expect(await attributionText(page)).toContain('© OpenStreetMap-bidragsgivare');
		expect(await attributionText(page)).toContain('Stockholms stad (CC0)');
		await expect(page.locator('[data-basemap-note]')).toContainText('Gatudata (OpenStreetMap) finns bara inom den streckade linjen; Tensta och Spånga visas schematiskt');
		await page.screenshot({ path: 'test-results/screenshots/basemap-husby-z16.png' });
	});

	test('without a deployment archive its address answers 404 with a message, and the embedded one answers ranges', async ({ request }) => {
		const none = await request.get('/basemap/omrade.pmtiles', { headers: { range: 'bytes=0-6' } });
		expect(none.status()).toBe(404);
		expect((await none.json()).message).toContain('LAGESKARTA_BASEMAP');
		const embedded = await request.get('/basemap/jarva.pmtiles', { headers: { range: 'bytes=0-6' } });
		expect(embedded.status()).toBe(206);
		expect(await embedded.text()).toBe('PMTiles');
	});

	test('streets are named from z14, Tensta shows the coverage outline, and the page allows no other host', async ({ page, map }) => {
		const response = await page.goto('/?karta=14/59.4093/17.9262');
		const csp = response!.headers()['content-security-policy'] ?? '';
		for (const directive of ['img-src', 'connect-src']) {
			const sources = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(directive))!.split(/\s+/).slice(1);
			expect(sources.filter((s) => /^https?:/.test(s)), directive).toEqual([]);
		}
		await map.idle();
		const streets = await page.evaluate(() => (window as any).__lageskartan.map.queryRenderedFeatures({ layers: ['roads_labels_minor'] }).length);
		expect(streets).toBeGreaterThan(0);
		await page.screenshot({ path: 'test-results/screenshots/basemap-husby-z14.png' });

		await page.goto('/?karta=14/59.3965/17.8985');
		await map.idle();
		const coverage = await page.evaluate(() => (window as any).__lageskartan.map.queryRenderedFeatures({ layers: ['coverage'] }).length);
		expect(coverage).toBeGreaterThan(0);
		await page.screenshot({ path: 'test-results/screenshots/basemap-tensta-z14.png' });

		await page.goto('/?karta=16/59.4143/17.9245');
		await map.idle();
		expect((await renderedStreetNames(page)).names).toEqual(expect.arrayContaining(['Sibeliusgången', 'Borgågatan']));
		await page.screenshot({ path: 'test-results/screenshots/basemap-akalla-z16.png' });
	});
});

const withDeployment = test.extend<object, { deploymentServer: string }>({
	deploymentServer: [
		async ({}, use) => {
			const server = await startServer({ LAGESKARTA_BASEMAP: deploymentArchive() });
			try {
				await use(server.origin);
			} finally {
				server.stop();
			}
		},
		{ scope: 'worker' }
	],
	baseURL: async ({ deploymentServer }, use) => use(deploymentServer)
});

withDeployment('a deployment’s own Protomaps-schema archive is served with Range requests and drawn instead', async ({ page, map, request }) => {
	const ranges: number[] = [];
	page.on('response', (response) => {
		if (new URL(response.url()).pathname === '/basemap/omrade.pmtiles') ranges.push(response.status());
	});
	await page.goto('/?karta=16/59.4093/17.9262');
	await map.idle();
	expect((await renderedStreetNames(page)).names).toEqual(['Provgatan', 'Provstigen']);
	expect(ranges.length).toBeGreaterThan(1);
	expect(new Set(ranges)).toEqual(new Set([206]));
	expect(await attributionText(page)).toContain('Provkarta © OpenStreetMap-bidragsgivare');
	// The outline of the embedded street data means nothing over a deployment's own map.
	expect(await page.evaluate(() => Boolean((window as any).__lageskartan.map.getLayer('coverage')))).toBe(false);
	await expect(page.locator('[data-basemap-note]')).toHaveCount(0);

	const head = await request.get('/basemap/omrade.pmtiles', { headers: { range: 'bytes=0-6' } });
	expect(head.status()).toBe(206);
	expect(head.headers()['content-range']).toMatch(/^bytes 0-6\/\d+$/);
	expect(await head.text()).toBe('PMTiles');
	expect((await request.get('/basemap/omrade.pmtiles', { headers: { range: 'bytes=99999999-' } })).status()).toBe(416);
});

const withRaster = test.extend<object, { tiles: TileServer; rasterServer: string }>({
	tiles: [
		async ({}, use) => {
			const tiles = await startTileServer();
			await use(tiles);
			await tiles.close();
		},
		{ scope: 'worker' }
	],
	rasterServer: [
		async ({ tiles }, use) => {
			const server = await startServer({
				LAGESKARTA_BASEMAP_RASTER: `${tiles.origin}/{z}/{x}/{y}.png`,
				LAGESKARTA_BASEMAP_ATTRIBUTION: '© Provkommunen, stadsbyggnadskontoret'
			});
			try {
				await use(server.origin);
			} finally {
				server.stop();
			}
		},
		{ scope: 'worker' }
	],
	baseURL: async ({ rasterServer }, use) => use(rasterServer),
	allowedHosts: async ({ tiles }, use) => use([new URL(tiles.origin).host])
});

withRaster('a raster basemap is drawn from its host, which the CSP allows for tiles and nothing else', async ({ page, map, tiles }) => {
	const response = await page.goto('/?karta=15/59.4093/17.9262');
	const csp = response!.headers()['content-security-policy'] ?? '';
	const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
	expect(directive('img-src')).toContain(tiles.origin);
	expect(directive('connect-src')).toContain(tiles.origin);
	for (const other of ['default-src', 'script-src', 'style-src', 'font-src', 'worker-src', 'frame-ancestors']) {
		expect(directive(other), other).not.toContain(tiles.origin);
	}
	await map.idle();
	// 256-pixel tiles: a map at z15 asks for z16 tiles.
	expect(tiles.requests.filter((path) => path.startsWith('/16/')).length, tiles.requests.join(' ')).toBeGreaterThan(0);
	expect(await page.evaluate(() => (window as any).__lageskartan.map.isSourceLoaded('basemap'))).toBe(true);
	expect(await attributionText(page)).toContain('© Provkommunen, stadsbyggnadskontoret');
	expect(await attributionText(page)).toContain('© OpenStreetMap-bidragsgivare');
	await page.screenshot({ path: 'test-results/screenshots/basemap-raster.png' });
});

plain.describe('bad basemap settings stop the server, naming the setting', () => {
	const folder = mkdtempSync(join(tmpdir(), 'lageskarta-bad-basemap-'));
	const notPmtiles = join(folder, 'karta.pmtiles');
	writeFileSync(notPmtiles, 'det här är ingen karta');
	const wrongSchema = join(folder, 'fel-schema.pmtiles');
	writeFileSync(
		wrongSchema,
		buildBasemap({ byggnader: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [17.92, 59.41] } }] } })
	);

	const cases: [string, Record<string, string>, RegExp][] = [
		['a missing file', { LAGESKARTA_BASEMAP: join(folder, 'finns-inte.pmtiles') }, /LAGESKARTA_BASEMAP: filen .*finns-inte\.pmtiles finns inte/],
		['a file that is not PMTiles', { LAGESKARTA_BASEMAP: notPmtiles }, /LAGESKARTA_BASEMAP: .*ingen PMTiles-fil/],
		['an archive in another schema', { LAGESKARTA_BASEMAP: wrongSchema }, /LAGESKARTA_BASEMAP: .*följer inte Protomaps-schemat: lagren earth, roads, water saknas \(filen har byggnader\)/],
		['a raster URL that is no URL', { LAGESKARTA_BASEMAP_RASTER: 'kartan/{z}/{x}/{y}.png', LAGESKARTA_BASEMAP_ATTRIBUTION: '© x' }, /LAGESKARTA_BASEMAP_RASTER: .*ingen webbadress/],
		['a raster URL without {z}/{x}/{y}', { LAGESKARTA_BASEMAP_RASTER: 'https://karta.example/wms', LAGESKARTA_BASEMAP_ATTRIBUTION: '© x' }, /LAGESKARTA_BASEMAP_RASTER: .*saknar \{z\}, \{x\}, \{y\}/],
		['a raster without attribution', { LAGESKARTA_BASEMAP_RASTER: 'https://karta.example/{z}/{x}/{y}.png' }, /LAGESKARTA_BASEMAP_ATTRIBUTION: måste anges/]
	];
	for (const [what, env, message] of cases) {
		plain(`${what}`, async () => {
			const { code, stderr } = await refusedStart(env);
			expect(code).toBe(1);
			expect(stderr).toMatch(/Lägeskartan startar inte\./);
			expect(stderr).toMatch(message);
		});
	}
});
