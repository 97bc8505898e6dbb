import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

/** Every file the server hands out without asking anyone: the client build and static/. */
function publicFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? publicFiles(join(dir, entry.name)) : [join(dir, entry.name)]
	);
}

test.describe('the layer API', () => {
	test('lists every layer with kind, year, count, source and precision', async ({ request }) => {
		const response = await request.get('/api/layers');
		expect(response.status()).toBe(200);
		const { layers } = await response.json();
		const byId = Object.fromEntries(layers.map((l: any) => [l.id, l]));
		expect(Object.keys(byId).sort()).toEqual(
			['drogscener-2021', 'drogscener-2023', 'omradesklassning', 'otrygga-platser', 'stadsdelar'].sort()
		);
		expect(byId['drogscener-2021']).toMatchObject({ kind: 'drug-scene', year: 2021, featureCount: 7 });
		expect(byId['drogscener-2023']).toMatchObject({ kind: 'drug-scene', year: 2023, featureCount: 6 });
		expect(byId['stadsdelar']).toMatchObject({ kind: 'district', year: null, featureCount: 11 });
		for (const layer of layers) {
			expect(layer.source.length).toBeGreaterThan(10);
			expect(layer.precision.length).toBeGreaterThan(10);
		}
	});

	test('serves a layer as compressed GeoJSON with an ETag and answers 304', async ({ request }) => {
		const first = await request.get('/api/layers/drogscener-2023', {
			headers: { 'accept-encoding': 'gzip' }
		});
		expect(first.status()).toBe(200);
		expect(first.headers()['content-type']).toContain('application/geo+json');
		expect(first.headers()['content-encoding']).toBe('gzip');
		const etag = first.headers()['etag'] ?? '';
		expect(etag).toMatch(/^"[\w-]+"$/);
		const body = await first.json();
		expect(body.type).toBe('FeatureCollection');
		expect(body.features).toHaveLength(6);

		const again = await request.get('/api/layers/drogscener-2023', { headers: { 'if-none-match': etag } });
		expect(again.status()).toBe(304);
		expect(await again.body()).toHaveLength(0);
	});

	test('an unknown layer is a 404 with a JSON message naming the layers that exist', async ({ request }) => {
		const response = await request.get('/api/layers/drogscener-1999');
		expect(response.status()).toBe(404);
		const body = await response.json();
		expect(body.message).toContain('drogscener-1999');
		expect(body.message).toContain('drogscener-2023');
	});

	test('an unknown API path is a JSON 404, not an HTML page', async ({ request }) => {
		const response = await request.get('/api/lager');
		expect(response.status()).toBe(404);
		expect((await response.json()).message).toContain('/api/lager');
	});

	test('no layer data is in the client bundle or the public folder', () => {
		// Feature ids and a scene name from geodata/layers: staff-only data that must come through the API.
		const leaks = publicFiles(`${process.env.BUILD_DIR ?? 'build'}/client`).filter((file) => {
			const text = readFileSync(file).toString('latin1');
			return text.includes('ds2021-husby-c') || text.includes('sd-akalla') || text.includes('Sibeliusg');
		});
		expect(leaks).toEqual([]);
	});

	test('layers are not published as static files', async ({ request }) => {
		for (const path of ['/geodata/layers/drogscener-2023.geojson', '/drogscener-2023.geojson', '/layers/drogscener-2023.geojson']) {
			expect((await request.get(path)).status(), path).toBe(404);
		}
		// The public basemap is a static file, with range requests for PMTiles.
		const basemap = await request.get('/basemap/jarva.pmtiles', { headers: { range: 'bytes=0-126' } });
		expect(basemap.status()).toBe(206);
		expect((await basemap.body()).subarray(0, 7).toString()).toBe('PMTiles');
	});
});
