/**
 * Every endpoint that takes geometry, sent the malformed kinds a review found answering 500 with
 * an HTML page (the WDQ endpoint is open to every läsare): each must be a 400/422 JSON answer with
 * a Swedish message, never a 500 and never a stack overflow. Runs on a server of its own (it makes
 * a meeting and a walk to send to).
 */
import type { APIRequestContext } from '@playwright/test';
import { expect } from './fixtures';
import { createWalk, finding } from './inventory-helpers';
import { testWithOwnServer as test } from './own-server';

const DEEP = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
const ring = (positions: string) => `{"type":"Polygon","coordinates":[[${positions}]]}`;

/**
 * Each kind as raw JSON text (NaN and 1e999 cannot be written by JSON.stringify): `polygon` where a
 * Polygon belongs, `position` where a [lon, lat] belongs, `point` where a Point geometry belongs.
 */
const KINDS: { name: string; polygon: string; position: string; point?: string }[] = [
	{ name: 'coordinates null', polygon: '{"type":"Polygon","coordinates":null}', position: 'null' },
	{ name: 'coordinates a number', polygon: '{"type":"Polygon","coordinates":42}', position: '42' },
	{ name: 'coordinates a string', polygon: '{"type":"Polygon","coordinates":"17.92,59.41"}', position: '"17.92,59.41"' },
	{ name: 'an array nested 200 000 levels deep', polygon: `{"type":"Polygon","coordinates":${DEEP}}`, position: DEEP },
	{ name: 'a type that does not exist', polygon: '{"type":"Circle","coordinates":[17.92,59.41],"radius":100}', position: '{"lon":17.92,"lat":59.41}', point: '{"type":"Circle","coordinates":[17.92,59.41]}' },
	{ name: 'geometry null', polygon: 'null', position: '[]', point: 'null' },
	{ name: 'an empty ring', polygon: '{"type":"Polygon","coordinates":[[]]}', position: '[[]]' },
	{ name: 'NaN', polygon: ring('[NaN,59.41],[17.93,59.41],[17.93,59.42],[NaN,59.41]'), position: '[NaN,59.41]' },
	{ name: '1e999 (Infinity once parsed)', polygon: ring('[1e999,59.41],[17.93,59.41],[17.93,59.42],[1e999,59.41]'), position: '[1e999,59.41]' },
	{ name: 'out of range', polygon: ring('[200,100],[17.93,59.41],[17.93,59.42],[200,100]'), position: '[200,100]' },
	{ name: 'numbers as strings', polygon: ring('["17.92","59.41"],["17.93","59.41"],["17.93","59.42"],["17.92","59.41"]'), position: '["17.92","59.41"]' },
	{ name: 'a ring that is not closed', polygon: ring('[17.92,59.41],[17.93,59.41],[17.93,59.42],[17.92,59.42]'), position: '[17.92]' }
];

const pointOf = (kind: (typeof KINDS)[number]) => kind.point ?? `{"type":"Point","coordinates":${kind.position}}`;

const VALID_AREA = '{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[17.92,59.41],[17.93,59.41],[17.93,59.42],[17.92,59.41]]]}}';
const FAR_AREA = '{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[17.95,59.43],[17.96,59.43],[17.96,59.44],[17.95,59.43]]]}}';

interface Target {
	name: string;
	/** The request with the malformed kind in it. */
	send: (kind: (typeof KINDS)[number]) => Promise<import('@playwright/test').APIResponse>;
}

const json = (request: APIRequestContext, method: 'post' | 'put' | 'patch', url: string, body: string) =>
	request[method](url, { data: Buffer.from(body), headers: { 'content-type': 'application/json' } });

test.describe('malformed geometry', () => {
	test.use({ account: 'demo-sdf-redaktor' });

	test('every endpoint that takes geometry answers each malformed kind with 400/422 JSON in Swedish', async ({ request, requestAs }) => {
		test.setTimeout(180_000);
		const reader = await requestAs('demo-fastighet-lasare');
		const meeting = await (await json(request, 'post', '/api/meetings', JSON.stringify({ title: 'Geometriprov', date: '2025-03-12', organisationIds: ['sdf-jarva'] }))).json();
		const walk = await createWalk(request, 'Geometriprov');
		const recorded = finding();
		expect((await json(request, 'post', `/api/inventories/${walk.id}/findings`, JSON.stringify(recorded))).status()).toBe(201);
		const place = (await (await request.get('/api/layers/otrygga-platser')).json()).features[0];
		const before = (await (await request.get(`/api/inventories/${walk.id}`)).json()).inventory;
		const scenesBefore = (await (await request.get('/api/layers/drogscener-2023')).json()).features.length;
		const measuresBefore = (await (await request.get('/api/measures?status=all')).json()).measures.length;
		const measure = '"title":"Belysning","ownerOrganisationId":"sdf-jarva","dueDate":"2025-06-30","status":"föreslagen"';

		const targets: Target[] = [
			{ name: 'POST a feature (polygon layer)', send: (k) => json(request, 'post', '/api/layers/drogscener-2023/features', `{"feature":{"type":"Feature","properties":{},"geometry":${k.polygon}}}`) },
			{ name: 'POST a feature (point layer)', send: (k) => json(request, 'post', '/api/layers/otrygga-platser/features', `{"feature":{"type":"Feature","properties":{},"geometry":${pointOf(k)}}}`) },
			{
				name: 'PUT a feature',
				send: (k) =>
					json(request, 'put', `/api/layers/otrygga-platser/features/${place.properties.id}`, `{"baseVersion":${place.properties.version ?? 1},"feature":{"type":"Feature","properties":{},"geometry":${pointOf(k)}}}`)
			},
			{ name: 'POST a measure', send: (k) => json(request, 'post', '/api/measures', `{${measure},"position":${k.position}}`) },
			{ name: 'POST a meeting area', send: (k) => json(request, 'post', `/api/meetings/${meeting.meeting.id}/items`, `{"kind":"area","title":"Ytan","geometry":${k.polygon}}`) },
			{
				name: 'POST a walk with a drawn area',
				send: (k) => json(request, 'post', '/api/inventories', `{"title":"Vandring","area":{"kind":"polygon","geometry":${k.polygon}},"startsAt":"2025-05-14T16:30:00.000Z","organisationIds":["sdf-jarva"]}`)
			},
			{ name: 'PATCH a walk’s stops', send: (k) => json(request, 'patch', `/api/inventories/${walk.id}`, `{"baseVersion":${before.version},"stops":[{"id":"s1","name":"Stopp","position":${k.position}}]}`) },
			{ name: 'POST a finding', send: (k) => json(request, 'post', `/api/inventories/${walk.id}/findings`, JSON.stringify(finding({ position: 0 })).replace('"position":0', `"position":${k.position}`)) },
			{ name: 'PUT a finding', send: (k) => json(request, 'put', `/api/inventories/${walk.id}/findings/${recorded.clientId}`, `{"baseVersion":1,"position":${k.position}}`) },
			{
				name: 'WDQ incidents (a läsare)',
				send: (k) =>
					json(reader, 'post', '/api/analysis/wdq', `{"incidents":{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"period":"before"},"geometry":${pointOf(k)}}]},"areas":{"target":${VALID_AREA},"buffer":${VALID_AREA},"control":${FAR_AREA}}}`)
			},
			{
				name: 'WDQ areas (a läsare)',
				send: (k) =>
					json(reader, 'post', '/api/analysis/wdq', `{"incidents":{"type":"FeatureCollection","features":[]},"areas":{"target":{"type":"Feature","properties":{},"geometry":${k.polygon}},"buffer":${VALID_AREA},"control":${FAR_AREA}}}`)
			},
			{
				// A dry run lists such objects among its problems (200); the import itself is refused whole.
				name: 'import a GeoJSON file',
				send: (k) =>
					request.post('/api/layers/drogscener-2023/import', {
						multipart: {
							source: 'Prov av trasig geometri',
							file: { name: 'trasig.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Trasig"},"geometry":${k.polygon}}]}`) }
						}
					})
			}
		];

		const wrong: string[] = [];
		for (const target of targets) {
			for (const kind of KINDS) {
				const response = await target.send(kind);
				const status = response.status();
				const type = response.headers()['content-type'] ?? '';
				const body = type.includes('json') ? await response.json() : { message: (await response.text()).slice(0, 80) };
				// 200 000 levels take 400 kB: over the size limit of most endpoints (413), too deep for the rest (400).
				const allowed = kind.name.includes('nested') ? [400, 413] : [400, 422];
				const swedish = typeof body.message === 'string' && /[åäöÅÄÖ]|\b(ska|inte|saknar|har|är)\b/.test(body.message);
				if (!allowed.includes(status) || !type.includes('json') || !swedish) wrong.push(`${target.name} × ${kind.name}: ${status} ${type} ${JSON.stringify(body.message)}`);
			}
		}
		expect(wrong).toEqual([]);

		// Nothing half-written: the walk, the finding and the layers are as they were.
		expect((await (await request.get('/api/layers/drogscener-2023')).json()).features).toHaveLength(scenesBefore);
		expect((await (await request.get('/api/measures?status=all')).json()).measures).toHaveLength(measuresBefore);
		expect((await (await request.get(`/api/meetings/${meeting.meeting.id}`)).json()).meeting.items).toEqual(meeting.meeting.items);
		const after = await (await request.get(`/api/inventories/${walk.id}`)).json();
		expect(after.inventory.version).toBe(before.version);
		expect(after.inventory.stops).toEqual(before.stops);
		expect(after.inventory.findings).toEqual(before.findings);
	});
});

test.describe('a NUL character in a text', () => {
	test.use({ account: 'demo-sdf-redaktor' });

	// PostgreSQL cannot store U+0000 in a text (SQLite can): every JSON body with one is refused, on
	// both databases alike, with where it is – the layer write's fast path as well as the endpoints.
	test('is a 400 in Swedish saying where and to remove it, and nothing is stored', async ({ request }) => {
		const walk = await createWalk(request, 'Nolltecken');
		const measuresBefore = (await (await request.get('/api/measures?status=all')).json()).measures.length;
		const placesBefore = (await (await request.get('/api/layers/otrygga-platser')).json()).features.length;
		const sends = [
			json(request, 'post', '/api/measures', JSON.stringify({ title: 'Belysning\u0000', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-06-30', status: 'föreslagen' })),
			json(request, 'post', '/api/layers/otrygga-platser/features', JSON.stringify({ feature: { type: 'Feature', properties: { name: 'Plats\u0000' }, geometry: { type: 'Point', coordinates: [17.93, 59.41] } } })),
			json(request, 'post', `/api/inventories/${walk.id}/findings`, JSON.stringify(finding({ note: 'Släckt\u0000lampa' })))
		];
		for (const response of await Promise.all(sends)) {
			expect(response.status()).toBe(400);
			expect((await response.json()).message).toMatch(/nolltecken \(\\u0000\).*ta bort det/);
		}
		expect((await (await request.get('/api/measures?status=all')).json()).measures).toHaveLength(measuresBefore);
		expect((await (await request.get('/api/layers/otrygga-platser')).json()).features).toHaveLength(placesBefore);
		expect((await (await request.get(`/api/inventories/${walk.id}`)).json()).inventory.findings).toHaveLength(0);
	});
});
