import type { APIRequestContext } from '@playwright/test';
import { expect } from './fixtures';
// These tests write (a 2025 layer, new places): a server of their own keeps the shared one as seeded.
import { testWithOwnServer as test } from './own-server';

const LAYER = 'otrygga-platser';
let counter = 0;
const place = (name: string, lon = 17.93) => ({
	type: 'Feature',
	properties: {
		name,
		source: 'e2e',
		precision: 'approximate',
		precisionMeters: 100,
		example: true,
		category: 'garage',
		district: 'Husby'
	},
	geometry: { type: 'Point', coordinates: [lon, 59.41] }
});
const send = (request: APIRequestContext, method: 'post' | 'put' | 'delete', url: string, data: unknown) =>
	request[method](url, { data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });

async function createPlace(request: APIRequestContext, name = `Plats ${Date.now()}-${counter++}`) {
	const response = await send(request, 'post', `/api/layers/${LAYER}/features`, { feature: place(name) });
	expect(response.status()).toBe(201);
	return (await response.json()).feature as { properties: { id: string; name: string }; version: number };
}

test.describe('editing through the API', () => {
	test('create, update, delete and restore keep a history of who did what', async ({ request, requestAs }) => {
		const created = await createPlace(request, 'Garage vid torget');
		const id = created.properties.id;
		const url = `/api/layers/${LAYER}/features/${id}`;
		const [sdf, polis] = [await requestAs('demo-sdf-redaktor'), await requestAs('demo-polis-redaktor')];
		const updated = await send(sdf, 'put', url, { feature: place('Garage vid torget, nedre plan'), baseVersion: 1 });
		expect(updated.status()).toBe(200);
		expect((await updated.json()).feature.version).toBe(2);
		// The police contribute insecure places: they may not delete the district's.
		const refused = await send(polis, 'delete', url, { baseVersion: 2 });
		expect(refused.status()).toBe(403);
		expect((await refused.json()).message).toMatch(/lades till av en annan organisation.*Lokalpolisområde Järva bara bidra/);
		expect((await send(sdf, 'delete', url, { baseVersion: 2 })).status()).toBe(200);
		const gone = await request.get(url);
		expect(gone.status()).toBe(404);
		expect((await gone.json()).message).toContain('borttaget');

		const restored = await send(request, 'post', `${url}/restore`, { version: 1, baseVersion: 3 });
		expect(restored.status()).toBe(200);
		expect((await restored.json()).feature).toMatchObject({ version: 4, properties: { name: 'Garage vid torget' } });

		const { history } = await (await request.get(`${url}/history`)).json();
		expect(history.map((h: any) => [h.version, h.action, h.by])).toEqual([
			// Signed by the logged-in accounts, not by anything the client wrote in the body.
			[1, 'create', 'Demo administratör, stadsdelsförvaltningen (demo-admin)'],
			[2, 'update', 'Demo redaktör, stadsdelsförvaltningen (demo-sdf-redaktor)'],
			[3, 'delete', 'Demo redaktör, stadsdelsförvaltningen (demo-sdf-redaktor)'],
			[4, 'restore', 'Demo administratör, stadsdelsförvaltningen (demo-admin)']
		]);
		const layer = await (await request.get(`/api/layers/${LAYER}`)).json();
		expect(layer.features.find((f: any) => f.properties.id === id).version).toBe(4);
	});

	test('ten clients racing on the same version: one wins, the others get 409 with the winner', async ({ request }) => {
		const { properties } = await createPlace(request);
		const url = `/api/layers/${LAYER}/features/${properties.id}`;
		const results = await Promise.all(
			Array.from({ length: 10 }, (_, i) => send(request, 'put', url, { feature: place(`Version från klient ${i}`), baseVersion: 1 }))
		);
		const statuses = results.map((r) => r.status()).sort();
		expect(statuses).toEqual([200, ...Array(9).fill(409)]);
		const winner = (await results.find((r) => r.status() === 200)!.json()).feature;
		for (const loser of results.filter((r) => r.status() === 409)) {
			const body = await loser.json();
			expect(body.current).toMatchObject({ version: 2, properties: { name: winner.properties.name } });
			expect(body.yours.properties.name).toMatch(/^Version från klient \d$/);
			expect(body.yours.properties.name).not.toBe(winner.properties.name);
			expect(body.message).toContain('har ändrats av');
		}
		const history = (await (await request.get(`${url}/history`)).json()).history;
		expect(history).toHaveLength(2);
	});

	test('invalid features and requests get a 4xx that says what to change, and nothing is stored', async ({ request }) => {
		const before = (await (await request.get(`/api/layers/${LAYER}`)).json()).features.length;
		const cases: [unknown, number, RegExp][] = [
			[{ feature: { ...place('x'), properties: { ...place('x').properties, category: 'tunnel' } } }, 400, /category/],
			[{ feature: { ...place('x'), geometry: { type: 'Point', coordinates: ['17.9', 59.4] } } }, 400, /inte två tal/],
			[{ feature: { ...place('x'), geometry: { type: 'Point', coordinates: [59.4, 217.9] } } }, 400, /utanför WGS84/],
			[{ feature: { ...place('x'), geometry: { type: 'Polygon', coordinates: [] } } }, 400, /tar Point/],
			[{ feature: 'inte ett objekt' }, 400, /type.*Feature/],
		];
		for (const [body, status, message] of cases) {
			const response = await send(request, 'post', `/api/layers/${LAYER}/features`, body);
			expect(response.status(), JSON.stringify(body)).toBe(status);
			expect((await response.json()).message).toMatch(message);
		}
		expect((await send(request, 'post', '/api/layers/finns-inte/features', { feature: place('x') })).status()).toBe(404);
		const { properties } = await createPlace(request);
		const put = await send(request, 'put', `/api/layers/${LAYER}/features/${properties.id}`, { feature: place('y'), baseVersion: 'ett' });
		expect(put.status()).toBe(400);
		expect((await put.json()).param).toBe('baseVersion');
		const missing = await send(request, 'put', `/api/layers/${LAYER}/features/finns-inte`, { feature: place('y'), baseVersion: 1 });
		expect(missing.status()).toBe(404);
		const after = (await (await request.get(`/api/layers/${LAYER}`)).json()).features.length;
		expect(after).toBe(before + 1);
	});

	test('a new year of drug scenes can be added and compared in the analysis', async ({ request }) => {
		const created = await send(request, 'post', '/api/layers', {
			id: 'drogscener-2025',
			title: 'Öppna drogscener 2025',
			kind: 'drug-scene',
			year: 2025,
			source: 'Test: kartläggning 2025',
			precision: 'Ungefärlig'
		});
		expect(created.status()).toBe(201);
		expect((await send(request, 'post', '/api/layers', { id: 'drogscener-2025', title: 'Igen', kind: 'drug-scene', year: 2025, source: 'x x', precision: 'x x' })).status()).toBe(409);
		expect((await send(request, 'post', '/api/layers', { id: 'Dålig Id', title: 'x x x', kind: 'drug-scene', source: 'x x', precision: 'x x' })).status()).toBe(400);

		const scene = {
			type: 'Feature',
			properties: { name: 'Husby C', source: 'test', precision: 'approximate', precisionMeters: 50, example: true, year: 2025, district: 'Husby', drawing: 'outline' },
			geometry: { type: 'Polygon', coordinates: [[[17.925, 59.409], [17.927, 59.409], [17.927, 59.41], [17.925, 59.41], [17.925, 59.409]]] }
		};
		expect((await send(request, 'post', '/api/layers/drogscener-2025/features', { feature: scene })).status()).toBe(201);
		const scenes2023 = (await (await request.get('/api/layers/drogscener-2023')).json()).features.length;
		const analysis = await (await request.get('/api/analysis/scenes?from=2023&to=2025')).json();
		expect(analysis.summary).toMatchObject({ fromCount: scenes2023, toCount: 1, new: 1 });
		const years = (await (await request.get('/api/analysis/scenes?from=2019&to=2025')).json()).allowed;
		expect(years).toEqual(expect.arrayContaining([2021, 2023, 2025]));
	});

	test('a layer and its history export as GeoJSON and CSV', async ({ request }) => {
		const geojson = await request.get(`/api/layers/drogscener-2023/export?format=geojson`);
		expect(geojson.headers()['content-disposition']).toContain('drogscener-2023.geojson');
		const collection = await geojson.json();
		expect(collection.features.length).toBeGreaterThanOrEqual(6);
		// Scenes drawn along OpenStreetMap ways carry ODbL's credit into the file.
		expect(collection.attribution).toBe('© OpenStreetMap-bidragsgivare, ODbL 1.0');
		const csv = await (await request.get(`/api/layers/drogscener-2023/export?format=csv`)).text();
		const [header] = csv.replace('\uFEFF', '').split('\r\n');
		expect(header).toContain('name');
		expect(header).toContain('licence');
		expect(header).toContain('geometri_geojson');
		expect(csv).toContain('ODbL 1.0 (© OpenStreetMap-bidragsgivare)');
		// The city's CC0 districts need no credit line.
		expect((await (await request.get('/api/layers/stadsdelar/export?format=geojson')).json()).attribution).toBeUndefined();
		const history = await (await request.get(`/api/layers/drogscener-2023/history?format=csv`)).text();
		expect(history).toContain('startdata');
		expect((await request.get(`/api/layers/drogscener-2023/export?format=shp`)).status()).toBe(400);
	});
});
